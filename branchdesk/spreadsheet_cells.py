"""Cells of the CSV and Excel files the desk writes and reads back.

A cell starting with one of ``FORMULA_START`` is run as a formula by spreadsheet programs; text
typed at the desk ("=HYPERLINK(...)" as a visitor's note) must not be (OWASP's CSV injection
advice). Such text is written after an apostrophe, and an import takes the apostrophe off."""

from __future__ import annotations

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def as_text_cell(value: object) -> object:
    """``value``, with an apostrophe before text a spreadsheet would run."""
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def from_text_cell(text: str) -> str:
    """A cell as it was typed: the apostrophe ``as_text_cell`` added, taken off."""
    if text[:1] == "'" and text[1:2] and text[1] in FORMULA_START:
        return text[1:]
    return text
