"""The visit registration form 《客户来访登记》 (R-V3), filled in or blank for handwriting."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Spacer, Table

from branchdesk import clock
from branchdesk.printing.layout_grid import LayoutGridRenderer
from branchdesk.printing.renderer import pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
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


class VisitFormRenderer(LayoutGridRenderer):
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

    def row_height_mm(self) -> float:
        # Rows of the blank form are taller, so there is room to write by hand.
        return 8.5 if self.visit is None else 7.5

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
        return self.reference_row(cells)

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

    def signature_block(self) -> Table:
        """One column per signature: label, a line to sign on, a date line."""
        return self.signature_lines(
            [signature.label.get(self.lang) for signature in self.definition.signatures],
            self.label("signature_date"),
        )


render_visit_form = pdf_function(VisitFormRenderer)
