"""The visit registration form 《客户来访登记》 (R-V3) as a PDF: text, fonts, wrapping."""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from branchdesk.i18n import format_datetime
from branchdesk.printing import fonts
from branchdesk.printing.form_definition import load_form_definition
from branchdesk.printing.visit_form import DEFINITION_NAME, VisitFormData, render_visit_form

WQY_FONT = Path("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc")
COMPANY = "华信贸易有限公司"
BRANCH = "上海分公司"
QUESTION = (
    "询问“年度服务合同”第三条的付款方式，以及《客户服务协议》中关于延期交付的违约金如何计算？"
)


def sample_visit(**changes) -> VisitFormData:
    visit = VisitFormData(
        visit_no="V20260601-003",
        arrived_at=datetime(2026, 6, 1, 10, 5),
        left_at=datetime(2026, 6, 1, 11, 20),
        visitor_name="张伟",
        organisation="北京华信科技有限公司",
        phone="138 0013 8000",
        purpose="咨询",
        people_count=2,
        host="李娜",
        question=QUESTION,
        answer="",
        pending=True,
        answerer="王经理",
        reply_deadline=datetime(2026, 6, 1, 11, 35),
        escalated_to="客服部 赵主管",
        note="客户希望书面答复。",
        consent_notice="",
        consent_given=True,
    )
    return replace(visit, **changes)


def pdf_text(pdf: bytes) -> str:
    """All pages' text with whitespace removed: line breaks fall anywhere in wrapped CJK text."""
    reader = PdfReader(BytesIO(pdf))
    return squash("".join(page.extract_text() for page in reader.pages))


def squash(text: str) -> str:
    return "".join(text.split())


def all_labels(lang: str) -> list[str]:
    definition = load_form_definition(DEFINITION_NAME)
    texts = [definition.title.get(lang)]
    for row in definition.layout.rows:
        if row.section:
            texts.append(definition.label(row.section, lang))
        texts += [
            definition.field_label(cell.key, lang) for cell in row.cells if cell.kind == "label"
        ]
    texts += [signature.label.get(lang) for signature in definition.signatures]
    return texts


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_filled_form_prints_every_value_and_label_exactly(lang):
    visit = sample_visit()
    text = pdf_text(render_visit_form(visit, lang, company=COMPANY, branch=BRANCH))

    values = [
        COMPANY,
        BRANCH,
        visit.visit_no,
        "张伟",
        "北京华信科技有限公司",
        QUESTION,
        visit.phone,
        visit.host,
        visit.answerer,
        visit.escalated_to,
        visit.note,
        format_datetime(visit.arrived_at, lang),
        format_datetime(visit.reply_deadline, lang),
    ]
    for expected in values + all_labels(lang):
        assert squash(expected) in text, expected


@pytest.mark.parametrize(
    ("lang", "printed", "arrived"),
    [
        ("zh_CN", "打印时间：2026-06-0115:42", "2026-06-0110:05"),
        ("zh_TW", "列印時間：2026/06/0115:42", "2026/06/0110:05"),
        ("en", "Printed:2026-06-0115:42", "2026-06-0110:05"),
    ],
)
def test_filled_form_gives_times_to_the_minute_as_each_language_writes_them(lang, printed, arrived):
    visit = sample_visit(arrived_at=datetime(2026, 6, 1, 10, 5, 37))

    text = pdf_text(render_visit_form(visit, lang, printed_at=datetime(2026, 6, 1, 15, 42, 9)))

    assert printed in text
    assert arrived in text
    assert ":09" not in text and ":37" not in text  # no seconds on a form


def test_title_is_the_form_name_in_each_language():
    titles = {"zh_CN": "客户来访登记", "zh_TW": "客戶來訪登記", "en": "Visitor Registration"}
    for lang, title in titles.items():
        pdf = render_visit_form(sample_visit(), lang, company=COMPANY)
        reader = PdfReader(BytesIO(pdf))
        assert squash(title) in pdf_text(pdf)
        assert reader.metadata.title == title
        assert reader.metadata.author == COMPANY


@pytest.mark.parametrize("lang", ["zh_CN", "zh_TW", "en"])
def test_blank_form_has_title_and_labels_but_no_values(lang):
    text = pdf_text(render_visit_form(None, lang, company=COMPANY, branch=BRANCH))

    for label in all_labels(lang):
        assert squash(label) in text, label
    definition = load_form_definition(DEFINITION_NAME)
    assert squash(definition.consent_notice.get(lang)) in text  # the visitor consents to it
    for value in ["张伟", "北京华信", "V2026", "2026", "王经理", "√"]:
        assert value not in text


def test_form_follows_the_visit_answer_and_consent_choices():
    answered = pdf_text(render_visit_form(sample_visit(pending=False), "zh_CN"))
    pending = pdf_text(render_visit_form(sample_visit(pending=True), "zh_CN"))
    assert "√已当场答复" in answered and "√待答复" not in answered
    assert "√待答复" in pending and "√已当场答复" not in pending

    undecided = pdf_text(render_visit_form(sample_visit(consent_given=None), "zh_CN"))
    assert "√同意" not in undecided and "√不同意" not in undecided


def test_the_visits_own_consent_notice_replaces_the_default():
    notice = "本次来访信息仅用于售后回访。"
    assert squash(notice) in pdf_text(render_visit_form(sample_visit(consent_notice=notice), "en"))


def test_user_text_is_printed_literally_not_as_markup():
    question = 'Price <b>list</b> & "terms" for A<B\nsecond line'
    text = pdf_text(render_visit_form(sample_visit(question=question), "en"))
    assert squash(question) in text


def test_long_question_wraps_and_is_not_truncated():
    sentence = "客户询问“延保服务”的具体范围，并希望了解《售后服务条款》第五条如何执行。"
    question = (sentence * 20)[:499] + "尾"
    assert len(question) == 500

    pdf = render_visit_form(sample_visit(question=question), "zh_CN")

    assert squash(question) in pdf_text(pdf)


def test_very_long_question_continues_on_the_next_page():
    question = "".join(f"第{i}条意见：请尽快书面答复。" for i in range(400)) + "完"

    pdf = render_visit_form(sample_visit(question=question), "zh_CN")

    reader = PdfReader(BytesIO(pdf))
    pages = len(reader.pages)
    assert pages > 1
    # Take out what every page repeats: the footer note and "BD-F01 · n / m", and the
    # continuation header "客户来访登记 · V20260601-003" on pages 2 and later.
    definition = load_form_definition(DEFINITION_NAME)
    text = pdf_text(pdf).replace(squash(definition.label("footer_note", "zh_CN")), "")
    text = re.sub(r"BD-F01·\d+/\d+", "", text).replace("客户来访登记·V20260601-003", "")
    assert squash(question) in text
    assert f"BD-F01·1/{pages}" in squash(reader.pages[0].extract_text())


@pytest.mark.skipif(
    not WQY_FONT.exists(), reason=f"{WQY_FONT} is missing (apt-get install fonts-wqy-microhei)"
)
@pytest.mark.parametrize("lang", ["zh_CN", "en"])
def test_text_uses_an_embedded_truetype_subset(lang):
    reader = PdfReader(BytesIO(render_visit_form(sample_visit(), lang)))
    resources = reader.pages[0]["/Resources"]["/Font"]
    assert resources
    for font in resources.values():
        font = font.get_object()
        if font["/Subtype"] == "/Type0":  # a composite font carries the TrueType one inside
            font = font["/DescendantFonts"][0].get_object()
        assert re.fullmatch(r"/[A-Z]{6}\+\S+", font["/BaseFont"]), font["/BaseFont"]
        assert "/FontFile2" in font["/FontDescriptor"].get_object()


@pytest.mark.parametrize(
    ("lang", "cid_font", "cmap"),
    [("zh_CN", "STSong-Light", "/UniGB-UCS2-H"), ("zh_TW", "MSung-Light", "/UniCNS-UCS2-H")],
)
def test_without_a_truetype_font_a_cid_font_is_used(monkeypatch, lang, cid_font, cmap):
    monkeypatch.setattr(fonts, "_resolved", {})
    monkeypatch.setattr(fonts, "_system_font_files", lambda: iter(()))

    assert fonts.register_cjk_font("/no/such/font.ttf", lang) == cid_font
    pdf = render_visit_form(sample_visit(), lang, font_path="/no/such/font.ttf")

    resources = PdfReader(BytesIO(pdf)).pages[0]["/Resources"]["/Font"].values()
    names = {str(ref.get_object()["/BaseFont"]): ref.get_object() for ref in resources}
    cid = names.pop(f"/{cid_font}")
    assert str(cid["/Encoding"]) == cmap  # the CMap must match the font's character collection
    # Characters outside the CID font's character set (simplified ones in MSung) come from an
    # embedded fallback font instead of printing as nothing.
    assert all(re.fullmatch(r"/[A-Z]{6}\+\S+", name) for name in names), names
    assert bool(names) == (lang == "zh_TW")


def test_unknown_language_is_refused():
    with pytest.raises(ValueError, match="unsupported language"):
        render_visit_form(None, "fr")


@pytest.mark.parametrize(
    ("lang", "label"), [("zh_CN", "地址"), ("zh_TW", "地址"), ("en", "Address")]
)
def test_form_has_the_address_row_the_dialog_collects(lang, label):
    # R-V5: the address is recorded before an upset visitor is rescheduled.
    text = pdf_text(render_visit_form(sample_visit(address="上海市浦东新区世纪大道100号"), lang))
    assert f"{label}上海市浦东新区世纪大道100号" in text
    assert label in pdf_text(render_visit_form(None, lang))
