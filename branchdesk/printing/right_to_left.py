"""A paragraph of right-to-left text (Arabic) that wraps in reading order.

reportlab lays glyphs out left to right, so right-to-left text is put in visual order before it
is drawn. Reordering a whole paragraph and letting reportlab wrap it would put its last words on
the first line; this paragraph wraps the text as typed at the column's width first, then puts
each line in visual order.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Paragraph

if TYPE_CHECKING:
    from reportlab.lib.styles import ParagraphStyle

    from branchdesk.printing.printable_text import PrintableText

# A word with the spaces after it, or a run of spaces: where a line may break.
BREAKS = re.compile(r"\S+\s*|\s+")


class RightToLeftParagraph(Paragraph):
    def __init__(self, text: str, style: ParagraphStyle, printable: PrintableText) -> None:
        self.logical_text = text.replace("\r\n", "\n")
        self.printable = printable
        self._laid_out_for: float | None = None
        super().__init__(printable.markup(self.logical_text), style)

    def wrap(self, availWidth: float, availHeight: float) -> tuple[float, float]:  # noqa: N803
        width = availWidth - self.style.leftIndent - self.style.rightIndent
        if width != self._laid_out_for:
            lines = [
                line
                for paragraph in self.logical_text.split("\n")
                for line in self.lines(paragraph, width)
            ]
            markup = "<br/>".join(map(self.printable.line_markup, lines))
            Paragraph.__init__(self, markup, self.style)
            self._laid_out_for = width
        return super().wrap(availWidth, availHeight)

    def lines(self, text: str, width: float) -> list[str]:
        """``text`` broken, in reading order, into lines no wider than ``width``."""
        lines: list[str] = []
        line = ""
        for piece in BREAKS.findall(text) or [""]:
            if line and self.width_of(line + piece.rstrip()) > width:
                lines.append(line.rstrip())
                line = ""
            while line == "" and self.width_of(piece.rstrip()) > width and len(piece) > 1:
                cut = self.longest_fitting(piece, width)
                lines.append(piece[:cut])
                piece = piece[cut:]
            line += piece
        lines.append(line.rstrip())
        return lines

    def longest_fitting(self, piece: str, width: float) -> int:
        cut = 1
        while cut < len(piece) and self.width_of(piece[: cut + 1]) <= width:
            cut += 1
        return cut

    def width_of(self, text: str) -> float:
        size = self.style.fontSize
        primary = self.printable.primary_font
        return sum(
            stringWidth(run, font or primary, size) for font, run in self.printable.runs(text)
        )
