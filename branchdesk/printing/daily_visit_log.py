"""The daily visit log 《来访日志》: one day's visits, closed after the daily meeting and handed
to the responsible person's office (R-V6)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from babel import dates
from reportlab.lib.enums import TA_CENTER
from reportlab.lib.styles import StyleSheet1
from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from branchdesk.printing.form_definition import FormDefinition, load_form_definition
from branchdesk.printing.renderer import (
    DefinitionRenderer,
    format_form_datetime,
    format_form_time,
    markup,
)

DEFINITION_NAME = "daily_visit_log"
REQUIRED_FIELDS = (
    "index", "arrived_at", "left_at", "visitor_name", "organisation", "phone", "purpose", "host",
    "open_question",
)  # fmt: skip
REQUIRED_LABELS = (
    "day", "closed", "draft", "instructions", "totals", "nobody", "not_signed_out", "open_yes",
    "open_no", "signature_date", "footer_note",
)  # fmt: skip
CENTRED_COLUMNS = ("index", "arrived_at", "left_at", "open_question")


@dataclass(frozen=True)
class DailyLogRow:
    arrived_at: datetime
    left_at: datetime | None
    visitor_name: str
    organisation: str
    phone: str
    purpose: str
    people_count: int
    host: str
    open_questions: int  # still unanswered (R-V3)


def render_daily_visit_log(
    rows: list[DailyLogRow],
    day: date,
    lang: str,
    *,
    company: str = "",
    branch: str = "",
    closed_by: str = "",
    closed_at: datetime | None = None,
    font_path: str | None = None,
) -> bytes:
    """The log as PDF bytes; without ``closed_at`` it is marked as a draft."""
    definition = load_form_definition(
        DEFINITION_NAME, required_fields=REQUIRED_FIELDS, required_labels=REQUIRED_LABELS
    )
    if not definition.columns:
        raise ValueError(f"{DEFINITION_NAME}.json: the log needs 'columns'")
    renderer = DailyVisitLogRenderer(
        definition,
        rows,
        day,
        lang,
        company=company,
        branch=branch,
        closed_by=closed_by,
        closed_at=closed_at,
        font_path=font_path,
    )
    return renderer.render()


class DailyVisitLogRenderer(DefinitionRenderer):
    def __init__(
        self,
        definition: FormDefinition,
        rows: list[DailyLogRow],
        day: date,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        closed_by: str = "",
        closed_at: datetime | None = None,
        font_path: str | None = None,
    ) -> None:
        self.rows = rows
        self.day = day
        self.closed_by = closed_by
        self.closed_at = closed_at
        super().__init__(definition, lang, company=company, branch=branch, font_path=font_path)

    def stylesheet(self) -> StyleSheet1:
        sheet = super().stylesheet()
        if not self.lang.startswith("zh"):
            # reportlab's CJK wrapping splits English words in these narrow columns
            # ("Open que|stion"); long Chinese names still split, by ``splitLongWords``.
            for style in sheet.byName.values():
                style.wordWrap = None
        return sheet

    def day_text(self) -> str:
        # With the weekday: the log is read against the week's meeting notes.
        return dates.format_date(self.day, "full", locale=self.locale)

    def continuation_title(self) -> str:
        return f"{self.title} · {self.day_text()}"

    def story(self) -> list[Flowable]:
        if self.closed_at is not None:
            at = format_form_datetime(self.closed_at, self.lang)
            status = self.label("closed").format(name=self.closed_by, at=at)
        else:
            status = self.label("draft")
        signatures = self.signature_lines(
            [signature.label.get(self.lang) for signature in self.definition.signatures],
            self.label("signature_date"),
        )
        return [
            self.title_flowable(),
            Spacer(0, 2 * mm),
            Paragraph(
                markup(f"{self.label('day')}{self.colon}{self.day_text()}"),
                self.styles["heading"].clone("day", alignment=TA_CENTER),
            ),
            Paragraph(markup(status), self.styles["small_center"]),
            Spacer(0, 4 * mm),
            Paragraph(markup(self.label("instructions")), self.styles["body"]),
            Spacer(0, 3 * mm),
            self.table(),
            KeepTogether([Spacer(0, 10 * mm), signatures]),
        ]

    def table(self) -> Table:
        columns = self.definition.columns
        body = [
            [self.cell(column.field, number, row) for column in columns]
            for number, row in enumerate(self.rows, start=1)
        ]
        if self.rows:
            summary = self.label("totals").format(
                visits=len(self.rows),
                people=sum(row.people_count for row in self.rows),
                open=sum(row.open_questions for row in self.rows),
            )
        else:
            summary = self.label("nobody")
        return self.listing_table(
            [column.width for column in columns],
            [self.definition.field_label(column.field, self.lang) for column in columns],
            body,
            summary,
        )

    def cell(self, field: str, number: int, row: DailyLogRow) -> Paragraph:
        if field == "index":
            text = str(number)
        elif field == "arrived_at":
            text = format_form_time(row.arrived_at, self.lang)
        elif field == "left_at":
            text = self.departure(row.left_at)
        elif field == "open_question":
            text = self.label("open_yes" if row.open_questions else "open_no")
        else:
            text = str(getattr(row, field))
        style = "cell_center" if field in CENTRED_COLUMNS else "cell"
        return Paragraph(markup(text), self.styles[style])

    def departure(self, left_at: datetime | None) -> str:
        if left_at is None:
            return self.label("not_signed_out")
        # A visitor who stayed past midnight shows the date of leaving too.
        if left_at.date() == self.day:
            return format_form_time(left_at, self.lang)
        return format_form_datetime(left_at, self.lang, "short")
