"""The one paragraph stylesheet every printed form uses."""

from __future__ import annotations

from reportlab.lib import colors
from reportlab.lib.enums import TA_CENTER, TA_LEFT, TA_RIGHT
from reportlab.lib.styles import ParagraphStyle, StyleSheet1

# Shared with the renderers' table styles so grids and headings match.
INK = colors.HexColor("#1a1a1a")
MUTED = colors.HexColor("#555555")
RULE = colors.HexColor("#404040")
LABEL_BACKGROUND = colors.HexColor("#eef1f5")
SECTION_BACKGROUND = colors.HexColor("#d9dfe7")


def build_stylesheet(font_name: str) -> StyleSheet1:
    """Styles ``title``, ``heading``, ``body``, ``small`` (+ ``_center``/``_right``), ``label``,
    ``cell``, ``cell_center`` and ``cell_header``.

    All wrap with ``wordWrap='CJK'``: Chinese has no spaces to break at, and reportlab's CJK
    wrapping still keeps Latin words whole.
    """
    sheet = StyleSheet1()
    sheet.add(
        ParagraphStyle(
            "base",
            fontName=font_name,
            fontSize=10,
            leading=14,
            textColor=INK,
            wordWrap="CJK",
            splitLongWords=True,
        )
    )
    base = sheet["base"]
    sheet.add(
        ParagraphStyle(
            "title",
            parent=base,
            fontSize=18,
            leading=24,
            alignment=TA_CENTER,
            spaceAfter=2,
        )
    )
    sheet.add(ParagraphStyle("heading", parent=base, fontSize=11, leading=15))
    sheet.add(ParagraphStyle("body", parent=base))
    sheet.add(ParagraphStyle("small", parent=base, fontSize=8, leading=11, textColor=MUTED))
    sheet.add(ParagraphStyle("small_center", parent=sheet["small"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("small_right", parent=sheet["small"], alignment=TA_RIGHT))
    sheet.add(ParagraphStyle("label", parent=base, fontSize=9, leading=12, alignment=TA_LEFT))
    sheet.add(ParagraphStyle("cell", parent=base, fontSize=10, leading=13.5))
    sheet.add(ParagraphStyle("cell_center", parent=sheet["cell"], alignment=TA_CENTER))
    sheet.add(ParagraphStyle("cell_header", parent=sheet["label"], alignment=TA_CENTER))
    return sheet
