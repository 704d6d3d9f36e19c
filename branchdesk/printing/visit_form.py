"""The visit registration form 《客户来访登记》 (R-V3), filled in or blank for handwriting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from branchdesk import clock
from branchdesk.printing.check_boxes import CheckBoxes
from branchdesk.printing.form_definition import LayoutRow
from branchdesk.printing.renderer import DefinitionRenderer, pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.printing.styles import LABEL_BACKGROUND, RULE, SECTION_BACKGROUND
from branchdesk.secrecy import Level

DEFINITION_NAME = "visit_registration"
# The keys this module looks up, so a definition edited without them fails on load, not mid-print.
REQUIRED_FIELDS = (
    "arrived_at", "left_at", "visitor_name", "organisation", "phone", "address", "purpose",
    "people_count", "host", "question", "pending", "answer", "answerer", "reply_deadline",
    "escalated_to", "note", "consent_notice", "consent_given",
)  # fmt: skip
REQUIRED_LABELS = ("form_no", "visit_no", "printed_at", "footer_note", "signature_date")
BLANK_LINE = "_" * 14


@dataclass(frozen=True)
class VisitFormData:
    visit_no: str
    arrived_at: datetime
    left_at: datetime | None
    visitor_name: str
    organisation: str
    phone: str
    purpose: str  # already translated into the form's language
    people_count: int
    host: str
    question: str
    answer: str
    pending: bool
    answerer: str
    reply_deadline: datetime | None
    escalated_to: str
    note: str
    consent_notice: str
    consent_given: bool | None
    address: str = ""  # the visitor's, as the registration dialog collects it (R-V5)


class VisitFormRenderer(DefinitionRenderer):
    """The form as PDF; ``visit=None`` prints the blank form to fill in by hand.

    ``notice`` is the branch's privacy notice for a blank form; a filled form prints the
    notice the visitor was shown; without either the definition's own text is printed.
    ``printed_at`` (default: now) is the time a filled form says it was printed."""

    definition_name = DEFINITION_NAME
    required_keys = ("layout",)
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS

    def __init__(
        self,
        visit: VisitFormData | None,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        notice: str = "",
        printed_at: datetime | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.visit = visit
        self.notice = notice
        self.printed_at = printed_at or clock.now()
        super().__init__(
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def story(self) -> list[Flowable]:
        story = [
            self.title_flowable(),
            Spacer(0, 3 * mm),
            self.reference_line(),
            Spacer(0, 2 * mm),
            *self.grid(),
        ]
        if self.definition.signatures:
            story.append(KeepTogether([Spacer(0, 7 * mm), self.signature_block()]))
        return story

    def continuation_title(self) -> str:
        return f"{self.title} · {self.visit.visit_no}" if self.visit else self.title

    # -- pieces ------------------------------------------------------------------------------

    def reference_line(self) -> Table:
        """Form number, registration number and print time, above the grid."""
        label = self.definition.label
        if self.visit is None:
            cells = [
                f"{label('form_no', self.lang)}{self.colon}{self.definition.form_no}",
                f"{label('visit_no', self.lang)}{self.colon}{BLANK_LINE}",
                "",
            ]
        else:
            printed = self.datetime_text(self.printed_at)
            cells = [
                f"{label('form_no', self.lang)}{self.colon}{self.definition.form_no}",
                f"{label('visit_no', self.lang)}{self.colon}{self.visit.visit_no}",
                f"{label('printed_at', self.lang)}{self.colon}{printed}",
            ]
        styles = ("small", "small_center", "small_right")
        row = [
            Paragraph(self.text(text), self.styles[style])
            for text, style in zip(cells, styles, strict=True)
        ]
        table = Table([row], colWidths=[self.frame_width() / 3] * 3)
        table.setStyle(
            self.table_style(
                [("LEFTPADDING", (0, 0), (-1, -1), 0), ("RIGHTPADDING", (0, 0), (-1, -1), 0)]
            )
        )
        return table

    def grid(self) -> list[Flowable]:
        """The bordered grid, one table per layout row.

        Separate tables instead of one with SPANs: reportlab splits a row across pages
        (splitInRow, for a very long question) correctly only when no cell spans columns.
        """
        layout = self.definition.layout
        total = sum(layout.column_widths)
        widths = [self.frame_width() * width / total for width in layout.column_widths]
        # Rows of the blank form are taller, so there is room to write by hand.
        base_height = (8.5 if self.visit is None else 7.5) * mm
        tables: list[Flowable] = []
        for row_no, row in enumerate(layout.rows):
            commands: list[tuple] = [
                ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                ("LINEBEFORE", (0, 0), (0, -1), 1.2, RULE),  # the grid's outer frame
                ("LINEAFTER", (-1, 0), (-1, -1), 1.2, RULE),
                ("VALIGN", (0, 0), (-1, -1), "TOP" if row.min_height_mm else "MIDDLE"),
                ("TOPPADDING", (0, 0), (-1, -1), 4),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
                ("LEFTPADDING", (0, 0), (-1, -1), 5),
                ("RIGHTPADDING", (0, 0), (-1, -1), 5),
            ]
            if row_no == 0:
                commands.append(("LINEABOVE", (0, 0), (-1, 0), 1.2, RULE))
            if row_no == len(layout.rows) - 1:
                commands.append(("LINEBELOW", (0, -1), (-1, -1), 1.2, RULE))
            if row.section is not None:
                heading = self.label(row.section)
                cells: list[object] = [Paragraph(self.text(heading), self.styles["heading"])]
                cell_widths = [sum(widths)]
                commands.append(("BACKGROUND", (0, 0), (-1, -1), SECTION_BACKGROUND))
                min_height = 0.0
            else:
                cells, cell_widths = self.grid_cells(row, widths, commands)
                min_height = max(row.min_height_mm * mm, base_height)
            table = Table([cells], colWidths=cell_widths, minRowHeights=[min_height], splitInRow=1)
            table.setStyle(self.table_style(commands))
            table.keepWithNext = row.section is not None  # no heading alone at a page foot
            tables.append(table)
        return tables

    def grid_cells(
        self, row: LayoutRow, widths: list[float], commands: list[tuple]
    ) -> tuple[list[object], list[float]]:
        cells: list[object] = []
        cell_widths: list[float] = []
        column = 0
        for cell in row.cells:
            cell_widths.append(sum(widths[column : column + cell.span]))
            column += cell.span
            if cell.kind == "label":
                text = self.definition.field_label(cell.key, self.lang)
                commands.append(("BACKGROUND", (len(cells), 0), (len(cells), 0), LABEL_BACKGROUND))
                cells.append(Paragraph(self.text(text), self.styles["label"]))
            elif cell.kind == "text":
                cells.append(self.paragraph(self.label(cell.key)))
            else:
                cells.append(self.value(cell.key))
        return cells, cell_widths

    def value(self, key: str) -> Flowable | str:
        """One field's value: a paragraph, or check boxes for a field with options."""
        visit = self.visit
        if key == "consent_notice":
            # Printed on the blank form too: the visitor consents to what the notice says.
            default = self.definition.consent_notice
            notice = (visit.consent_notice if visit else self.notice) or (
                default.get(self.lang) if default else ""
            )
            return self.paragraph(notice)
        if visit is None:
            return self.choices(key, None) if self.definition.fields[key].options else ""
        if key == "pending":
            return self.choices(key, "pending" if visit.pending else "answered")
        if key == "consent_given":
            return self.choices(key, {True: "yes", False: "no", None: None}[visit.consent_given])
        # A field the branch added to the layout has no data: it prints as a box to fill by hand.
        value = getattr(visit, key, "")
        if isinstance(value, datetime):
            return self.paragraph(self.datetime_text(value))
        return self.paragraph("" if value is None else str(value))

    def paragraph(self, text: str) -> Paragraph:
        return Paragraph(self.text(text), self.styles["cell"])

    def choices(self, key: str, selected: str | None) -> CheckBoxes:
        options = self.definition.fields[key].options
        choices = [(text.get(self.lang), name == selected) for name, text in options.items()]
        return CheckBoxes(choices, self.font_name)

    def signature_block(self) -> Table:
        """One column per signature: label, a line to sign on, a date line."""
        return self.signature_lines(
            [signature.label.get(self.lang) for signature in self.definition.signatures],
            self.label("signature_date"),
        )


render_visit_form = pdf_function(VisitFormRenderer)
