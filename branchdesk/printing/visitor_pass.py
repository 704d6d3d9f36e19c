"""The visitor pass: a small card to wear, with a QR code of the visit number that a scanner
at the front desk types back (number and Enter) to find the visit."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.graphics.barcode.qr import QrCodeWidget
from reportlab.graphics.shapes import Drawing
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.pagesizes import A6
from reportlab.lib.units import mm
from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import BaseDocTemplate, Flowable, KeepInFrame, Paragraph, Spacer, Table

from branchdesk.i18n import format_date
from branchdesk.printing.renderer import DefinitionRenderer, pdf_function
from branchdesk.printing.styles import MUTED, RULE

DEFINITION_NAME = "visitor_pass"
REQUIRED_FIELDS = ("visitor_name", "organisation", "host", "date")
REQUIRED_LABELS = ("visit_no", "valid_on", "footer_note")
# The sizes the visitors area's "visitor_pass_size" setting offers: page size and margin.
PASS_SIZES = {
    "a6": (A6, 7 * mm),
    "label_90x54": ((90 * mm, 54 * mm), 3.5 * mm),
}


@dataclass(frozen=True)
class VisitorPassData:
    visit_no: str
    visitor_name: str
    organisation: str
    host: str
    arrived_at: datetime


def qr_code(text: str, size: float) -> Drawing:
    # Level M: a pass worn for a day gets creased; 15 % of the code may be unreadable.
    widget = QrCodeWidget(text, barLevel="M")
    x0, y0, x1, y1 = widget.getBounds()
    drawing = Drawing(size, size, transform=[size / (x1 - x0), 0, 0, size / (y1 - y0), 0, 0])
    drawing.add(widget)
    return drawing


class VisitorPassRenderer(DefinitionRenderer):
    """The pass on one page of ``size`` ("a6" or "label_90x54"): the whole content shrinks
    to fit rather than run onto a second card."""

    definition_name = DEFINITION_NAME
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS

    def __init__(
        self,
        visit: VisitorPassData,
        lang: str,
        *,
        size: str = "a6",
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
    ) -> None:
        if size not in PASS_SIZES:
            raise ValueError(f"unknown pass size {size!r}; choose one of {tuple(PASS_SIZES)}")
        self.visit = visit
        self.size = size
        self.pagesize, margin = PASS_SIZES[size]
        self.left_margin = self.right_margin = self.top_margin = self.bottom_margin = margin
        super().__init__(lang, company=company, branch=branch, font_path=font_path)

    # A pass has no running header or page number: it is one card.
    def on_page(self, canvas: Canvas, doc: BaseDocTemplate) -> None:
        if self.size != "a6":
            return  # a label comes off the roll cut
        canvas.saveState()
        canvas.setStrokeColor(RULE)
        canvas.setLineWidth(0.5)
        canvas.setDash(2, 2)  # where to cut an A6 pass out of a bigger sheet
        canvas.rect(1, 1, self.pagesize[0] - 2, self.pagesize[1] - 2)
        canvas.restoreState()

    def draw_page_number(self, canvas: Canvas, page: int, total: int) -> None:
        pass

    def frame_height(self) -> float:
        return self.pagesize[1] - self.top_margin - self.bottom_margin

    def story(self) -> list[Flowable]:
        content = self.label_content() if self.size == "label_90x54" else self.a6_content()
        return [KeepInFrame(self.frame_width(), self.frame_height(), content, mode="shrink")]

    # -- pieces ------------------------------------------------------------------------------

    def style(self, name: str, size: float, centred: bool = False, muted: bool = False):
        base = self.styles["base"]
        return base.clone(
            name,
            fontSize=size,
            leading=size * 1.3,
            alignment=TA_CENTER if centred else base.alignment,
            textColor=MUTED if muted else base.textColor,
            # CJK wrapping would break a Latin name inside a word ("Hohenzollern-Sig|maringen").
            wordWrap=base.wordWrap if self.lang.startswith("zh") else None,
        )

    def name(self, size: float, width: float, centred: bool) -> Paragraph:
        """The visitor's name, smaller where its longest word would not fit on one line."""
        words = self.visit.visitor_name.split() or [""]
        longest = max(stringWidth(word, self.font_name, size) for word in words)
        if longest > width:
            size *= 0.97 * width / longest  # a little slack: the table measures again
        return self.paragraph(self.visit.visitor_name, self.style("name", size, centred))

    def date_text(self) -> str:
        return format_date(self.visit.arrived_at.date(), self.lang)

    def field_line(self, key: str, value: str) -> str:
        return f"{self.definition.field_label(key, self.lang)}{self.colon}{value}"

    def details(self, size: float, centred: bool) -> list[Flowable]:
        visit = self.visit
        lines = [
            self.field_line("host", visit.host or "—"),
            self.field_line("date", self.date_text()),
        ]
        style = self.style("detail", size, centred)
        return [self.paragraph(line, style) for line in lines]

    def visit_no(self, size: float) -> Paragraph:
        text = f"{self.label('visit_no')}{self.colon}{self.visit.visit_no}"
        return self.paragraph(text, self.style("visit_no", size, centred=True, muted=True))

    def a6_content(self) -> list[Flowable]:
        visit = self.visit
        return [
            self.paragraph(self.company, self.style("company", 9, centred=True, muted=True)),
            Spacer(0, 2 * mm),
            self.title_flowable(),
            Spacer(0, 4 * mm),
            self.name(22, self.frame_width(), centred=True),
            Spacer(0, 1 * mm),
            self.paragraph(visit.organisation, self.style("organisation", 11, centred=True)),
            Spacer(0, 4 * mm),
            *self.details(10, centred=True),
            Spacer(0, 4 * mm),
            Table(
                [[qr_code(visit.visit_no, 38 * mm)]],
                colWidths=[self.frame_width()],
                style=[("ALIGN", (0, 0), (-1, -1), "CENTER")],
            ),
            self.visit_no(8),
            Spacer(0, 3 * mm),
            self.paragraph(self.label("valid_on"), self.style("valid", 9, centred=True)),
            self.paragraph(self.label("footer_note"), self.style("note", 7, True, True)),
        ]

    def label_content(self) -> list[Flowable]:
        visit = self.visit
        qr_size = 27 * mm
        text_width = self.frame_width() - qr_size - 2 * mm
        left = [
            self.paragraph(self.company, self.style("company", 7, muted=True)),
            self.paragraph(self.title, self.style("title", 10)),
            Spacer(0, 1 * mm),
            self.name(15, text_width, centred=False),
            self.paragraph(visit.organisation, self.style("organisation", 8)),
            Spacer(0, 1 * mm),
            *self.details(7.5, centred=False),
        ]
        right = [qr_code(visit.visit_no, qr_size), self.visit_no(6)]
        table = Table([[left, right]], colWidths=[text_width, qr_size + 2 * mm])
        table.setStyle(
            self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                    ("TOPPADDING", (0, 0), (-1, -1), 0),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
                ]
            )
        )
        note = self.style("note", 6, muted=True)
        return [table, self.paragraph(self.label("valid_on"), note)]


render_visitor_pass = pdf_function(VisitorPassRenderer)
