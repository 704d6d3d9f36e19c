"""The evacuation list: every visitor in the building now, to check off at the assembly point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from branchdesk.printing.form_definition import FormDefinition, load_form_definition
from branchdesk.printing.renderer import (
    DefinitionRenderer,
    format_form_datetime,
    format_form_time,
    markup,
)
from branchdesk.printing.styles import RULE

DEFINITION_NAME = "evacuation_list"
REQUIRED_FIELDS = (
    "index", "visitor_name", "organisation", "phone", "people_count", "host", "arrived_at",
    "present",
)  # fmt: skip
REQUIRED_LABELS = (
    "generated_at", "instructions", "totals", "nobody", "checked_by", "checked_at", "footer_note",
)  # fmt: skip
CENTRED_COLUMNS = ("index", "people_count", "present")


@dataclass(frozen=True)
class EvacuationRow:
    visitor_name: str
    organisation: str
    phone: str
    people_count: int
    host: str
    arrived_at: datetime


def render_evacuation_list(
    rows: list[EvacuationRow],
    generated_at: datetime,
    lang: str,
    *,
    company: str = "",
    branch: str = "",
    font_path: str | None = None,
) -> bytes:
    """The list as PDF bytes, rows in the order given, with totals and a "checked by" line."""
    definition = load_form_definition(
        DEFINITION_NAME, required_fields=REQUIRED_FIELDS, required_labels=REQUIRED_LABELS
    )
    if not definition.columns:
        raise ValueError(f"{DEFINITION_NAME}.json: the list needs 'columns'")
    renderer = EvacuationListRenderer(
        definition, rows, generated_at, lang, company=company, branch=branch, font_path=font_path
    )
    return renderer.render()


class EvacuationListRenderer(DefinitionRenderer):
    def __init__(
        self,
        definition: FormDefinition,
        rows: list[EvacuationRow],
        generated_at: datetime,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
    ) -> None:
        self.rows = rows
        self.generated_at = generated_at
        super().__init__(definition, lang, company=company, branch=branch, font_path=font_path)

    def story(self) -> list[Flowable]:
        generated = format_form_datetime(self.generated_at, self.lang)
        return [
            self.title_flowable(),
            Spacer(0, 2 * mm),
            Paragraph(
                markup(f"{self.label('generated_at')}{self.colon}{generated}"),
                self.styles["small_center"],
            ),
            Spacer(0, 4 * mm),
            Paragraph(markup(self.label("instructions")), self.styles["body"]),
            Spacer(0, 3 * mm),
            self.table(),
            KeepTogether([Spacer(0, 10 * mm), self.checked_by()]),
        ]

    def table(self) -> Table:
        columns = self.definition.columns
        body = [
            [self.cell(column.field, number, row) for column in columns]
            for number, row in enumerate(self.rows, start=1)
        ]
        if self.rows:
            people = sum(row.people_count for row in self.rows)
            summary = self.label("totals").format(visits=len(self.rows), people=people)
        else:
            summary = self.label("nobody")
        # Rows are tall enough to tick by hand at the assembly point.
        return self.listing_table(
            [column.width for column in columns],
            [self.definition.field_label(column.field, self.lang) for column in columns],
            body,
            summary,
            row_height=8 * mm,
        )

    def cell(self, field: str, number: int, row: EvacuationRow) -> Paragraph | str:
        if field == "index":
            text = str(number)
        elif field == "present":
            return ""  # ticked by hand at the assembly point
        elif field == "arrived_at":
            text = self.arrival(row.arrived_at)
        else:
            text = str(getattr(row, field))
        style = "cell_center" if field in CENTRED_COLUMNS else "cell"
        return Paragraph(markup(text), self.styles[style])

    def arrival(self, arrived_at: datetime) -> str:
        # Visitors from the same day show the time only; one staying overnight shows the date too.
        if arrived_at.date() == self.generated_at.date():
            return format_form_time(arrived_at, self.lang)
        return format_form_datetime(arrived_at, self.lang, "short")

    def checked_by(self) -> Table:
        """Two signing lines: who checked everyone off, and when."""
        gap = 10 * mm
        width = (self.frame_width() - gap) / 2
        label_style = self.styles["label"]
        data = [
            [
                Paragraph(markup(self.label("checked_by") + self.colon), label_style),
                "",
                Paragraph(markup(self.label("checked_at") + self.colon), label_style),
            ]
        ]
        table = Table(data, colWidths=[width, gap, width], rowHeights=[12 * mm])
        table.setStyle(
            self.table_style(
                [
                    ("VALIGN", (0, 0), (-1, -1), "BOTTOM"),
                    ("LEFTPADDING", (0, 0), (-1, -1), 0),
                    ("LINEBELOW", (0, 0), (0, 0), 0.8, RULE),
                    ("LINEBELOW", (2, 0), (2, 0), 0.8, RULE),
                ]
            )
        )
        return table
