"""User text made printable: every character in a font that has it, or a visible marker.

A name such as 王䶮 or 李𬌗 needs a CJK-extension font, an Arabic name a font with Arabic and, as
reportlab lays out one glyph after another, its letters joined and its words put in visual
order first. A character no font has is printed as ``[U+XXXX]`` and named in the printout's
warnings, so the desk is told before the paper goes out with a name missing a character.
"""

from __future__ import annotations

import unicodedata
from typing import TYPE_CHECKING
from xml.sax.saxutils import escape, quoteattr

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Paragraph

from branchdesk.i18n import _
from branchdesk.printing.fonts import fallback_font_for, font_covers

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

MARKER_COLOUR = "#c00000"
# Printed by no font and needed by none: joiners, variation selectors (the emoji style after ❤).
INVISIBLE_CATEGORIES = ("Cf", "Cc")
VARIATION_SELECTORS = (range(0xFE00, 0xFE10), range(0xE0100, 0xE01F0))
RIGHT_TO_LEFT = ("R", "AL")


def is_invisible(char: str) -> bool:
    code = ord(char)
    return unicodedata.category(char) in INVISIBLE_CATEGORIES or any(
        code in selectors for selectors in VARIATION_SELECTORS
    )


def has_right_to_left(text: str) -> bool:
    return any(unicodedata.bidirectional(char) in RIGHT_TO_LEFT for char in text)


def visual_order(line: str) -> str:
    """One line as it is drawn from left to right: Arabic letters in their joined forms
    (arabic-reshaper), right-to-left runs reversed by the Unicode bidi algorithm
    (python-bidi), in a left-to-right line as on a Chinese form."""
    if not has_right_to_left(line):
        return line
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(line), base_dir="L")


def marker(char: str) -> str:
    return f"[U+{ord(char):04X}]"


class PrintableText:
    """Splits text into runs by font for one printout and remembers what it could not print."""

    def __init__(self, primary_font: str) -> None:
        self.primary_font = primary_font
        self._font_of: dict[str, str | None] = {}
        self._missing: dict[str, str] = {}  # character → the first text it was in

    def font_for(self, char: str) -> str | None:
        font = self._font_of.get(char, "")
        if font == "":
            if font_covers(self.primary_font, char):
                font = self.primary_font
            else:
                font = fallback_font_for(char)
            self._font_of[char] = font
        return font

    def runs(self, text: str) -> list[tuple[str | None, str]]:
        """(font, text) runs of one line in drawing order; font None: a missing character,
        its text already the marker."""
        runs: list[tuple[str | None, str]] = []
        for char in visual_order(text):
            if is_invisible(char):
                continue
            font = self.font_for(char)
            if font is None:
                self._missing.setdefault(char, text)
                runs.append((None, marker(char)))
            elif runs and runs[-1][0] == font:
                runs[-1] = (font, runs[-1][1] + char)
            else:
                runs.append((font, char))
        return runs

    def draw_line(
        self, canvas: Canvas, x: float, y: float, text: str, size: float, align: str = "left"
    ) -> None:
        """One line drawn on the canvas run by run in the fonts that have its characters;
        ``align`` "left", "centre" or "right" of ``x``."""
        runs = [(font or self.primary_font, run) for font, run in self.runs(text)]
        width = sum(stringWidth(run, font, size) for font, run in runs)
        x -= {"left": 0, "centre": width / 2, "right": width}[align]
        for font, run in runs:
            canvas.setFont(font, size)
            canvas.drawString(x, y, run)
            x += stringWidth(run, font, size)

    def markup(self, text: str) -> str:
        """Paragraph markup: escaped, line breaks kept, each run in its font."""
        lines = text.replace("\r\n", "\n").split("\n")
        return "<br/>".join(self.line_markup(line) for line in lines)

    def paragraph(self, text: str, style: ParagraphStyle) -> Paragraph:
        """A paragraph of ``text``; right-to-left text is wrapped in reading order first."""
        if has_right_to_left(text):
            from branchdesk.printing.right_to_left import RightToLeftParagraph

            return RightToLeftParagraph(text, style, self)
        return Paragraph(self.markup(text), style)

    def line_markup(self, line: str) -> str:
        parts = []
        for font, run in self.runs(line):
            if font == self.primary_font:
                parts.append(escape(run))
            elif font is None:
                parts.append(f'<font color="{MARKER_COLOUR}">{escape(run)}</font>')
            else:
                parts.append(f"<font face={quoteattr(font)}>{escape(run)}</font>")
        return "".join(parts)

    def warnings(self) -> list[str]:
        """One sentence per character that no font could print, in the desk's language."""
        return [
            _(
                "“{text}”: the character {char} ({code}) is in no installed font and is printed "
                "as {marker}."
            ).format(text=text, char=char, code=f"U+{ord(char):04X}", marker=marker(char))
            for char, text in self._missing.items()
        ]
