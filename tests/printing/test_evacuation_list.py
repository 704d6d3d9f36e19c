"""The evacuation list: who is in the building now, with totals and a "checked by" line."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk.printing.evacuation_list import EvacuationRow, render_evacuation_list

GENERATED_AT = datetime(2026, 6, 1, 14, 30)
NAMES = ["张伟", "王芳", "李娜", "刘洋", "陈静", "杨帆", "赵磊", "黄婷", "周杰", "吴敏", "徐强"]


def visitors(count: int) -> list[EvacuationRow]:
    return [
        EvacuationRow(
            visitor_name=f"{NAMES[i % len(NAMES)]}{i}",
            organisation="北京华信科技有限公司" if i % 2 else "上海东方物流股份有限公司",
            phone=f"139 {1000 + i:04d} {2000 + i:04d}",
            people_count=1 + i % 3,
            host="李娜",
            arrived_at=datetime(2026, 6, 1, 9 + i % 5, (7 * i) % 60),
        )
        for i in range(count)
    ]


def pdf_text(pdf: bytes) -> str:
    """All pages' text with whitespace removed: line breaks fall anywhere in wrapped CJK text."""
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_list_names_every_visitor_and_gives_totals():
    rows = visitors(11)
    people = sum(row.people_count for row in rows)

    text = pdf_text(render_evacuation_list(rows, GENERATED_AT, "zh_CN", company="华信贸易有限公司"))

    for row in rows:
        assert row.visitor_name in text
        assert "".join(row.phone.split()) in text
    assert f"合计：{len(rows)}批来访，共{people}人" in text
    assert "在场人员疏散名单" in text
    assert "清点人签字：" in text and "清点时间：" in text
    assert "名单生成时间：2026-06-0114:30" in text


@pytest.mark.parametrize(
    ("lang", "title", "totals"),
    [
        ("zh_TW", "在場人員疏散名單", "合計：3批來訪，共6人"),
        ("en", "EvacuationList:VisitorsonthePremises", "Total:3visits,6people"),
    ],
)
def test_list_in_other_languages(lang, title, totals):
    text = pdf_text(render_evacuation_list(visitors(3), GENERATED_AT, lang))
    assert title in text
    assert totals in text


def test_long_list_repeats_the_header_on_every_page():
    rows = visitors(70)

    pdf = render_evacuation_list(rows, GENERATED_AT, "zh_CN")

    pages = PdfReader(BytesIO(pdf)).pages
    assert len(pages) > 1
    for page in pages:
        assert "姓名" in page.extract_text()
    text = pdf_text(pdf)
    for row in rows:
        assert row.visitor_name in text
    assert f"合计：70批来访，共{sum(row.people_count for row in rows)}人" in text


def test_visitor_from_an_earlier_day_shows_the_date():
    overnight = [visitors(1)[0]]
    overnight[0] = EvacuationRow(
        **{**overnight[0].__dict__, "arrived_at": datetime(2026, 5, 31, 16, 40)}
    )
    assert "2026-05-3116:40" in pdf_text(render_evacuation_list(overnight, GENERATED_AT, "zh_CN"))


def test_empty_building_says_so():
    text = pdf_text(render_evacuation_list([], GENERATED_AT, "en"))
    assert "Novisitorsareonthepremises." in text
