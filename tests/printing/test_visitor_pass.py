"""The visitor pass: one card (A6 or a 90 × 54 mm label) with the visit's QR code."""

from __future__ import annotations

from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.graphics.shapes import Drawing
from reportlab.lib.units import mm

from branchdesk.printing.visitor_pass import (
    VisitorPassData,
    VisitorPassRenderer,
    qr_code,
    render_visitor_pass,
)

VISIT = VisitorPassData(
    "1234", "张伟", "北京华信科技有限公司", "李娜", datetime(2026, 12, 2, 9, 30)
)
LONG = VisitorPassData(
    "98765",
    "Maximilian Alexander von Hohenzollern-Sigmaringen",
    "Deutsche Industrie- und Handelskammer Shanghai Representative Office " * 3,
    "Chen Jing",
    datetime(2026, 12, 2, 9, 30),
)


def pages(pdf: bytes) -> list:
    return PdfReader(BytesIO(pdf)).pages


def squashed(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in pages(pdf))


@pytest.mark.parametrize(
    ("size", "width_mm", "height_mm"), [("a6", 105, 148), ("label_90x54", 90, 54)]
)
def test_pass_is_one_card_of_the_size_chosen(size, width_mm, height_mm):
    for visit in (VISIT, LONG):  # a long name and organisation shrink rather than run over
        pdf = render_visitor_pass(visit, "en", size=size, company="Huaxin Trading")
        assert len(pages(pdf)) == 1
        box = pages(pdf)[0].mediabox
        assert float(box.width) == pytest.approx(width_mm * mm, abs=0.5)
        assert float(box.height) == pytest.approx(height_mm * mm, abs=0.5)


@pytest.mark.parametrize(
    ("lang", "expected"),
    [
        ("zh_CN", ["访客证", "张伟", "北京华信科技有限公司", "接待人员：李娜",
                   "日期：2026-12-02", "登记编号：1234"]),
        ("zh_TW", ["訪客證", "张伟", "接待人員：李娜", "日期：2026/12/02", "登記編號：1234"]),
        ("en", ["Visitor", "Host:李娜", "Date:2026-12-02", "RegistrationNo.:1234"]),
    ],
)  # fmt: skip
@pytest.mark.parametrize("size", ["a6", "label_90x54"])
def test_pass_names_visitor_organisation_host_and_date(lang, expected, size):
    text = squashed(render_visitor_pass(VISIT, lang, size=size, company="华信贸易"))
    for part in expected:
        assert part.replace(" ", "") in text
    assert "华信贸易" in text


def walk(items):
    """Every flowable, inside frames and table cells too."""
    for item in items:
        yield item
        if isinstance(item, list | tuple):
            yield from walk(item)
        yield from walk(getattr(item, "_content", []))
        yield from walk(getattr(item, "_cellvalues", []))


def test_qr_code_holds_the_visit_number_alone():
    # A scanner types what the code holds, then Enter: the number the sign-out field looks up.
    renderer = VisitorPassRenderer(VISIT, "zh_CN", size="label_90x54")
    drawings = [item for item in walk(renderer.story()) if isinstance(item, Drawing)]
    assert [drawing.contents[0].value for drawing in drawings] == ["1234"]
    assert qr_code("1234", 20 * mm).width == pytest.approx(20 * mm)


def test_unknown_size_is_refused():
    with pytest.raises(ValueError, match="unknown pass size"):
        render_visitor_pass(VISIT, "zh_CN", size="a4")


def test_rare_characters_print_on_the_pass():
    pdf = render_visitor_pass(
        VisitorPassData("7", "李𬌗", "王䶮工作室", "محمد", datetime(2026, 12, 2, 9, 30)), "zh_CN"
    )
    text = "".join(page.extract_text() for page in pages(pdf))
    assert "李𬌗" in text and "王䶮工作室" in text and "محمد" in text
    assert not pdf.warnings
