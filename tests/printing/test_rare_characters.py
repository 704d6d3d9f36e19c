"""Names and notes with characters the CJK font lacks print every character, or say so.

王䶮 (CJK extension A), 李𬌗 (extension E, beyond U+FFFF), an Arabic name (right to left, joined
letters) and an emoji in a note, on the visit form, the daily log and the evacuation list: each
character is found in the text a viewer extracts, and a character no font has is printed as a
marker and named in the printout's warnings.
"""

from __future__ import annotations

import unicodedata
from dataclasses import replace
from datetime import date, datetime
from io import BytesIO
from pathlib import Path

import pytest
from pypdf import PdfReader

from branchdesk.printing import fonts
from branchdesk.printing.daily_visit_log import DailyLogRow, render_daily_visit_log
from branchdesk.printing.evacuation_list import EvacuationRow, render_evacuation_list
from branchdesk.printing.printable_text import visual_order
from branchdesk.printing.visit_form import render_visit_form
from tests.printing.test_visit_form import sample_visit

EXTENSION_A = "王䶮"
BEYOND_BMP = "李𬌗"  # U+2C317
ARABIC = "محمد علي"
EMOJI_NOTE = "客户很满意😀"
NAMES = (EXTENSION_A, BEYOND_BMP, ARABIC)
UNPRINTABLE = "\U00013000"  # an Egyptian hieroglyph: in none of the desk's fonts
FALLBACK_FILES = [Path(path) for path in fonts.FALLBACK_FONT_FILES[:3]]
AT = datetime(2026, 11, 23, 9, 5)

pytestmark = pytest.mark.skipif(
    not all(path.is_file() for path in FALLBACK_FILES),
    reason="needs fonts-hanazono and fonts-dejavu-core (installer/debian-packages.sh)",
)


def extracted(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join(page.extract_text() for page in reader.pages)


def assert_every_character_printed(pdf: bytes, *texts: str) -> None:
    text = extracted(pdf)
    for expected in texts:
        for char in expected.replace(" ", ""):
            assert char in text, f"{char!r} (U+{ord(char):04X}) of {expected!r} is missing"
    assert not pdf.warnings


def log_row(name: str) -> DailyLogRow:
    return DailyLogRow(AT, None, name, "华信", "138 1234 5678", "咨询", 1, "李娜", 0)


def test_visit_form_prints_every_character():
    pdfs = [
        render_visit_form(sample_visit(visitor_name=name, note=EMOJI_NOTE), "zh_CN")
        for name in NAMES
    ]
    for name, pdf in zip(NAMES, pdfs, strict=True):
        assert_every_character_printed(pdf, name, EMOJI_NOTE)


def test_daily_log_prints_every_character():
    pdf = render_daily_visit_log([log_row(name) for name in NAMES], date(2026, 11, 23), "zh_CN")
    assert_every_character_printed(pdf, *NAMES)


def test_evacuation_list_prints_every_character():
    rows = [EvacuationRow(name, "华信", "138 1234 5678", 1, "李娜", AT) for name in NAMES]
    pdf = render_evacuation_list(rows, AT, "en")
    assert_every_character_printed(pdf, *NAMES)


def test_character_beyond_the_bmp_extracts_as_itself():
    # reportlab 5.1 wrote its ToUnicode entry as "<2C317>"; viewers then extract nothing.
    pdf = render_visit_form(sample_visit(visitor_name=BEYOND_BMP), "zh_CN")
    assert BEYOND_BMP in "".join(extracted(pdf).split())


def test_arabic_is_joined_and_right_to_left():
    # Drawn left to right: the last letter of the last word first, each in its joined form.
    drawn = visual_order(ARABIC)
    assert drawn != ARABIC[::-1]  # not the bare letters reversed: their contextual forms
    assert unicodedata.normalize("NFKC", drawn) == ARABIC[::-1]
    pdf = render_visit_form(sample_visit(visitor_name=ARABIC), "en")
    # The copied text is the letters typed, not presentation forms: pypdf gives each word in
    # reading order (the words themselves as drawn; poppler's pdftotext gives "محمد علي").
    text = extracted(pdf)
    assert not any(0xFE70 <= ord(char) <= 0xFEFF for char in text)
    assert all(word in text for word in ARABIC.split())


def test_character_no_font_has_is_marked_and_warned():
    name = "张" + UNPRINTABLE
    pdf = render_evacuation_list([EvacuationRow(name, "", "138 1234 5678", 1, "", AT)], AT, "zh_CN")
    text = "".join(extracted(pdf).split())
    assert "张[U+13000]" in text
    assert len(pdf.warnings) == 1
    assert "U+13000" in pdf.warnings[0] and name in pdf.warnings[0]


def test_invisible_characters_are_neither_printed_nor_warned():
    note = "谢谢❤\ufe0f\u200d"  # the emoji style selector and a joiner draw nothing
    pdf = render_visit_form(replace(sample_visit(), note=note), "zh_CN")
    assert not pdf.warnings
    assert "谢谢❤" in "".join(extracted(pdf).split())


def test_company_name_in_the_header_uses_the_fallback_fonts():
    pdf = render_visit_form(None, "zh_CN", company="䶮记贸易", branch="𬌗分公司")
    text = "".join(extracted(pdf).split())
    assert "䶮记贸易" in text and "𬌗分公司" in text
    assert not pdf.warnings


def test_without_the_fallback_fonts_rare_characters_are_marked_not_lost(monkeypatch):
    # A desk where fonts-hanazono is not installed: 䶮 is not silently dropped.
    monkeypatch.setattr(fonts, "FALLBACK_FONT_FILES", ("/no/such/font.ttf",))
    pdf = render_daily_visit_log([log_row(EXTENSION_A)], date(2026, 11, 23), "zh_CN")
    assert "王[U+4DAE]" in "".join(extracted(pdf).split())
    assert len(pdf.warnings) == 1 and "U+4DAE" in pdf.warnings[0]


def test_a_long_arabic_note_prints_its_lines_in_reading_order():
    # Distinct words, so each line's place on the page shows which part of the note it holds.
    roots = ["كتاب", "قلم", "بيت", "شمس", "قمر", "بحر"]
    words = [first + second for first in roots for second in roots[:5]]
    note = " ".join(words)
    pdf = render_visit_form(sample_visit(visitor_name="王芳", note=note), "zh_CN")
    lines = [line for line in extracted(pdf).splitlines() if any(w in line for w in words)]
    assert len(lines) > 1  # the note wraps
    line_of = {word: next(i for i, line in enumerate(lines) if word in line) for word in words}
    # The first words typed are on the first line, the last ones on the last line, and no
    # word comes on an earlier line than a word typed before it.
    assert line_of[words[0]] == 0 and line_of[words[-1]] == len(lines) - 1
    assert [line_of[word] for word in words] == sorted(line_of[word] for word in words)
    assert not pdf.warnings
