"""Choices printed with boxes to tick, as Chinese paper forms have them."""

from __future__ import annotations

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import Flowable


class CheckBoxes(Flowable):
    """Choices with drawn boxes, wrapped onto as many lines as needed; a chosen one is ticked.

    Drawn rather than typed: the box glyphs of CJK fonts are too small to tick by hand.
    """

    TICK = "√"  # in every CJK font (GB2312 too), the tick used on Chinese paper forms

    def __init__(self, choices: list[tuple[str, bool]], font_name: str, size: float = 10) -> None:
        super().__init__()
        self.choices, self.font_name, self.size = choices, font_name, size
        self.box = size * 1.15
        self.leading = size * 1.9
        self.lines: list[list[tuple[float, str, bool]]] = []

    def wrap(self, avail_width: float, avail_height: float) -> tuple[float, float]:
        self.lines, line, x = [], [], 0.0
        for label, checked in self.choices:
            width = self.box + self.size * 0.4 + stringWidth(label, self.font_name, self.size)
            if line and x + width > avail_width:
                self.lines.append(line)
                line, x = [], 0.0
            line.append((x, label, checked))
            x += width + self.size * 1.6
        self.lines.append(line)
        self.width = avail_width
        return avail_width, self.leading * len(self.lines) - (self.leading - self.box) / 2

    def draw(self) -> None:
        canvas = self.canv
        canvas.setFont(self.font_name, self.size)
        canvas.setLineWidth(0.7)
        top = self.leading * len(self.lines) - (self.leading - self.box) / 2
        for row, line in enumerate(self.lines):
            box_y = top - row * self.leading - self.box
            baseline = box_y + (self.box - self.size * 0.72) / 2
            for x, label, checked in line:
                canvas.rect(x, box_y, self.box, self.box, stroke=1, fill=0)
                if checked:
                    canvas.drawCentredString(x + self.box / 2, baseline, self.TICK)
                canvas.drawString(x + self.box + self.size * 0.4, baseline, label)
