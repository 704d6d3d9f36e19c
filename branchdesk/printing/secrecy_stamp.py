"""The marks on every page of a printout that holds secret or top-secret data (R-S2, R-S4):
a light diagonal watermark across the page with the level and the printing user's name and
agent number, and a footer line with the level, that user, the desk and the time. A leaked
copy, or a photograph of it, names who printed it.

The caller (a service) says which level the printout is and who prints it; nothing here
guesses a level from the content. The marks are drawn before the page's content, so the
content is printed over them and stays readable.
"""

from __future__ import annotations

import gettext
import math
from dataclasses import dataclass
from datetime import datetime
from functools import cache
from typing import Protocol

from reportlab.lib.colors import Color
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas

from branchdesk.i18n import DOMAIN, N_, format_datetime, locale_dir
from branchdesk.printing.printable_text import PrintableText
from branchdesk.secrecy import LEVEL_NAMES, Level

# Room the footer line takes under the page's usual footer (PdfRenderer widens its bottom
# margin by this much for a marked printout).
FOOTER_BAND = 6 * mm
FOOTER_Y = 8 * mm  # baseline of the secrecy line, from the page's bottom edge
WATERMARK_COLOUR = Color(0.45, 0.45, 0.45, alpha=0.14)
FOOTER_COLOUR = Color(0.35, 0.35, 0.35)
WATERMARK_SIZE = 17.0
WATERMARK_ANGLE = 35  # degrees: diagonal, so that cropping a photo cannot cut every line away

AGENT_NO = N_("Agent no. {number}")
WATERMARK = N_("{level} · {person}")
FOOTER = N_("{level} · Printed by {person} · Desk {desk} · {time}")


class Printer(Protocol):
    display_name: str
    agent_no: str | None


@dataclass(frozen=True)
class PrintedBy:
    """Who printed a copy, where and when: as the footer and the watermark name them."""

    name: str
    agent_no: str | None
    desk: str
    at: datetime

    @classmethod
    def of(cls, user: Printer, desk: str, at: datetime) -> PrintedBy:
        return cls(user.display_name, user.agent_no, desk, at)


@cache
def _catalog(lang: str) -> gettext.NullTranslations:
    # The printout's language, which need not be the window's (an archived log keeps its own).
    return gettext.translation(DOMAIN, str(locale_dir()), [lang], fallback=True)


def translated(message: str, lang: str) -> str:
    return _catalog(lang).gettext(message)


class SecrecyStamp:
    """The marks of one printout, drawn with the printout's fonts (``printable``) so that any
    name prints."""

    def __init__(
        self, level: Level, printed_by: PrintedBy, lang: str, printable: PrintableText
    ) -> None:
        self.level = Level(level)
        self.printed_by = printed_by
        self.lang = lang
        self.printable = printable

    def level_text(self) -> str:
        return translated(LEVEL_NAMES[self.level], self.lang)

    def person_text(self) -> str:
        person = self.printed_by.name
        if self.printed_by.agent_no:
            agent_no = translated(AGENT_NO, self.lang).format(number=self.printed_by.agent_no)
            person = f"{person} {agent_no}"
        return person

    def watermark_text(self) -> str:
        return translated(WATERMARK, self.lang).format(
            level=self.level_text(), person=self.person_text()
        )

    def footer_text(self) -> str:
        return translated(FOOTER, self.lang).format(
            level=self.level_text(),
            person=self.person_text(),
            desk=self.printed_by.desk,
            time=format_datetime(self.printed_by.at, self.lang),
        )

    def draw(self, canvas: Canvas, pagesize: tuple[float, float], left: float) -> None:
        """Both marks on the current page; ``left`` is where the footer line starts."""
        canvas.saveState()
        self.draw_watermark(canvas, pagesize)
        canvas.restoreState()
        canvas.saveState()
        canvas.setFillColor(FOOTER_COLOUR)
        self.printable.draw_line(canvas, left, FOOTER_Y, self.footer_text(), 7.5)
        canvas.restoreState()

    def draw_watermark(self, canvas: Canvas, pagesize: tuple[float, float]) -> None:
        width, height = pagesize
        text = self.watermark_text()
        canvas.setFillColor(WATERMARK_COLOUR)
        canvas.translate(width / 2, height / 2)
        canvas.rotate(WATERMARK_ANGLE)
        # Rows of the text across the whole rotated page, each row shifted by half a step, so
        # that no strip of the page is without a copy.
        diagonal = math.hypot(width, height)
        step_x = stringWidth(text, self.printable.primary_font, WATERMARK_SIZE) + 30 * mm
        step_y = 42 * mm
        rows = int(diagonal / 2 / step_y) + 1
        columns = int(diagonal / 2 / step_x) + 1
        for row in range(-rows, rows + 1):
            shift = step_x / 2 if row % 2 else 0
            for column in range(-columns, columns + 1):
                x = column * step_x + shift
                self.printable.draw_line(canvas, x, row * step_y, text, WATERMARK_SIZE, "centre")
