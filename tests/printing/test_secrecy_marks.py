"""The secrecy marks of the base renderer (R-S4): a watermark and a footer line naming the
level and who printed the copy, on every page, in the PDF's language; nothing without them."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk.printing.daily_visit_log import DailyLogRow, render_daily_visit_log
from branchdesk.printing.evacuation_list import EvacuationRow, render_evacuation_list
from branchdesk.printing.renderer import PdfRenderer
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.printing.stamped_copy import stamped_copy
from branchdesk.secrecy import Level

AT = datetime(2026, 6, 1, 14, 30)
LI_NA = PrintedBy("李娜", "1001", "desk-7", AT)
ROWS = [
    EvacuationRow(f"张伟{i}", "北京华信科技有限公司", "139****5678", 1, "王芳", AT)
    for i in range(60)
]


def page_texts(pdf: bytes) -> list[str]:
    """Each page's text, whitespace removed (wrapped lines break anywhere)."""
    return ["".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


# What each language prints, whitespace removed as in ``page_texts``.
EXPECTED = {
    "zh_CN": ("机密·李娜工号1001", "机密·打印人：李娜工号1001·工作站：desk-7·2026-06-0114:30"),
    "zh_TW": (
        "機密·李娜員工編號1001",
        "機密·列印人：李娜員工編號1001·櫃檯電腦：desk-7·2026/06/0114:30",
    ),
    "en": (
        "Secret·李娜Agentno.1001",
        "Secret·Printedby李娜Agentno.1001·Deskdesk-7·2026-06-0114:30",
    ),
}


@pytest.mark.parametrize("lang", EXPECTED)
def test_every_page_of_a_secret_list_names_who_printed_it(lang):
    pdf = render_evacuation_list(ROWS, AT, lang, secrecy=Level.SECRET, printed_by=LI_NA)

    pages = page_texts(pdf)
    assert len(pages) >= 2
    watermark, footer = EXPECTED[lang]
    for text in pages:
        assert watermark in text
        assert footer in text
        assert "张伟" in text  # the content is still there, not replaced


def test_top_secret_and_a_user_without_agent_number():
    chen = PrintedBy("陈静", None, "desk-2", AT)
    pdf = render_evacuation_list(ROWS[:3], AT, "zh_CN", secrecy=Level.TOP_SECRET, printed_by=chen)

    (text,) = page_texts(pdf)
    assert "绝密·陈静" in text and "绝密·打印人：陈静·工作站：desk-2" in text
    assert "工号" not in text


def test_a_printout_without_a_level_has_no_marks():
    pdf = render_evacuation_list(ROWS, AT, "zh_CN")

    for text in page_texts(pdf):
        assert "李娜" not in text and "工号" not in text and "工作站：" not in text


def test_a_level_without_a_printer_keeps_the_footer_room_free_and_unmarked():
    plain = render_evacuation_list(ROWS[:3], AT, "zh_CN", secrecy=Level.SECRET)

    (text,) = page_texts(plain)
    assert "工作站：" not in text and "打印人：" not in text


def test_the_marks_widen_only_the_bottom_margin_of_a_marked_printout():
    from branchdesk.printing.evacuation_list import EvacuationListRenderer

    marked = EvacuationListRenderer(ROWS, AT, "zh_CN", secrecy=Level.SECRET, printed_by=LI_NA)
    unmarked = EvacuationListRenderer(ROWS, AT, "zh_CN")

    assert unmarked.bottom_margin == PdfRenderer.bottom_margin
    assert marked.bottom_margin > unmarked.bottom_margin
    # Fewer rows fit on a marked page, so the list runs at least as long.
    assert len(page_texts(marked.render())) >= len(page_texts(unmarked.render()))


def test_a_stored_pdf_copied_for_a_second_user_carries_that_user_and_keeps_its_content():
    rows = [
        DailyLogRow(AT, None, f"张伟{i}", "单位", "139****5678", "咨询", 1, "王芳", 0)
        for i in range(40)
    ]
    stored = render_daily_visit_log(
        rows, AT.date(), "zh_TW", closed_by="王芳", closed_at=AT, secrecy=Level.SECRET
    )
    sun_li = PrintedBy("孙丽", "1003", "desk-9", datetime(2026, 6, 3, 8, 5))

    copy = stamped_copy(stored, "zh_TW", secrecy=Level.SECRET, printed_by=sun_li)

    stored_pages, copy_pages = page_texts(stored), page_texts(copy)
    assert len(copy_pages) == len(stored_pages) >= 2
    for before, after in zip(stored_pages, copy_pages, strict=True):
        assert "孙丽" not in before
        assert before in after  # the stored content, as it was
        assert "機密·孙丽" in after  # the name as typed, never converted
        assert "列印人：孙丽員工編號1003·櫃檯電腦：desk-9·2026/06/0308:05" in after
    reader = PdfReader(BytesIO(copy))
    assert reader.metadata.title == PdfReader(BytesIO(stored)).metadata.title
