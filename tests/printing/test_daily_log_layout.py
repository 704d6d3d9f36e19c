"""The daily log's layout: the signatures keep company with the last rows, columns are sized by
what they hold, and a closed log tells readers of the other languages it is the archived copy."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk.printing.column_sizes import content_widths
from branchdesk.printing.daily_visit_log import (
    DailyLogRow,
    DailyVisitLogRenderer,
    render_daily_visit_log,
)

DAY = date(2026, 11, 23)
CLOSED_AT = datetime(2026, 11, 23, 18, 0)
SEAL = (123, "ab" * 32)


def rows(count: int) -> list[DailyLogRow]:
    return [
        DailyLogRow(
            datetime(2026, 11, 23, 9, 5) + timedelta(minutes=7 * i),
            None if i % 3 == 0 else datetime(2026, 11, 23, 17, 40),
            f"访客{i + 1:02d}",
            "北京华信科技有限公司上海分公司" if i % 2 else "",
            "138 1234 5678",
            "业务咨询",
            1,
            "李娜",
            i % 2,
        )
        for i in range(count)
    ]


def pages(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in PdfReader(BytesIO(pdf)).pages]


def closed_log(count: int, lang: str = "zh_CN") -> bytes:
    return render_daily_visit_log(
        rows(count), DAY, lang, closed_by="王芳", closed_at=CLOSED_AT, audit_seal=SEAL
    )


def test_signatures_never_stand_alone_on_the_last_page():
    # Every length from one page to two: at some of them the table ends at the foot of a page
    # with no room left for the seal and signatures.
    for count in range(15, 45):
        text = pages(closed_log(count))
        last = text[-1]
        assert "记录人签字" in last
        assert f"访客{count:02d}" in last, f"{count} rows: signatures alone on the last page"
        if len(text) > 1:
            assert "序号" in last  # the moved rows come under the column headings


def test_columns_are_sized_by_content():
    renderer = DailyVisitLogRenderer(rows(5), DAY, "zh_CN")
    table = renderer.table()
    widths = dict(
        zip([c.field for c in renderer.definition.columns], table._colWidths, strict=True)
    )
    assert widths["organisation"] > 2 * widths["visitor_name"]
    assert widths["arrived_at"] < widths["phone"]
    # 序号 and the times on one line each.
    header, first_row = table._cellvalues[0], table._cellvalues[1]
    for column in (0, 1, 2):
        for cell in (header[column], first_row[column]):
            cell.wrap(table._colWidths[column] - 6, 1000)
            assert len(cell.blPara.lines) == 1, cell.text


def test_narrow_columns_leave_room_to_the_ones_that_wrap():
    # Two fixed columns of natural width, a short column that needs less than its share and a
    # long one that takes the rest.
    widths = content_widths([20, 30, 40, 900], [1, 1, 1, 1], [True, True, False, False], 500, 60)
    assert widths[:3] == [20, 30, 40]
    assert sum(widths) == pytest.approx(500)
    # Everything fits: the spare room goes to the wrapping columns by weight.
    widths = content_widths([20, 30, 40, 50], [1, 1, 1, 3], [True, True, False, False], 500, 60)
    assert widths[:2] == [20, 30] and widths[3] - 50 == pytest.approx(3 * (widths[2] - 40))


@pytest.mark.parametrize(
    ("lang", "notes"),
    [
        (
            "zh_CN",
            ["歸檔副本，保留關閉時的語言（简体中文）", "Archived copy, kept in the language"],
        ),
        ("en", ["存档副本，保留关闭时的语言（English）", "歸檔副本，保留關閉時的語言（English）"]),
    ],
)
def test_closed_log_says_it_is_the_archived_copy_to_other_readers(lang, notes):
    text = "".join(pages(closed_log(3, lang))[0].split())
    for note in notes:
        assert "".join(note.split()) in text


def test_draft_has_no_archived_copy_note():
    text = pages(render_daily_visit_log(rows(3), DAY, "zh_CN"))[0]
    assert "副本" not in text and "Archived" not in text
