"""The evacuation list: every visitor in the building now, to check off at the assembly point."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, Paragraph, Table

from branchdesk.printing.listing import ListingRenderer
from branchdesk.printing.renderer import pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.printing.styles import RULE
from branchdesk.secrecy import Level

DEFINITION_NAME = "evacuation_list"
REQUIRED_FIELDS = (
    "index", "visitor_name", "organisation", "phone", "people_count", "host", "arrived_at",
    "present",
)  # fmt: skip
REQUIRED_LABELS = (
    "generated_at", "instructions", "totals", "nobody", "checked_by", "checked_at", "footer_note",
)  # fmt: skip


@dataclass(frozen=True)
class EvacuationRow:
    visitor_name: str
    organisation: str
    phone: str
    people_count: int
    host: str
    arrived_at: datetime


class EvacuationListRenderer(ListingRenderer[EvacuationRow]):
    """The list as PDF, rows in the order given, with totals and a "checked by" line."""

    definition_name = DEFINITION_NAME
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS
    centred_columns = ("index", "people_count", "present")
    row_height = 8 * mm  # tall enough to tick by hand at the assembly point

    def __init__(
        self,
        rows: list[EvacuationRow],
        generated_at: datetime,
        lang: str,
        *,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.generated_at = generated_at
        super().__init__(
            rows,
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def subtitle(self) -> list[Flowable]:
        generated = self.datetime_text(self.generated_at)
        return [
            Paragraph(
                self.text(f"{self.label('generated_at')}{self.colon}{generated}"),
                self.styles["small_center"],
            )
        ]

    def totals(self) -> str:
        people = sum(row.people_count for row in self.rows)
        return self.label("totals").format(visits=len(self.rows), people=people)

    def cell_text(self, field: str, row: EvacuationRow) -> str:
        if field == "present":
            return ""  # ticked by hand at the assembly point
        if field == "arrived_at":
            return self.arrival(row.arrived_at)
        return super().cell_text(field, row)

    def arrival(self, arrived_at: datetime) -> str:
        # Visitors from the same day show the time only; one staying overnight shows the date too.
        if arrived_at.date() == self.generated_at.date():
            return self.time_text(arrived_at)
        return self.datetime_text(arrived_at)

    def closing(self) -> list[Flowable]:
        """Two signing lines: who checked everyone off, and when."""
        gap = 10 * mm
        width = (self.frame_width() - gap) / 2
        label_style = self.styles["label"]
        data = [
            [
                self.paragraph(self.label("checked_by") + self.colon, label_style),
                "",
                self.paragraph(self.label("checked_at") + self.colon, label_style),
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
        return [table]


render_evacuation_list = pdf_function(EvacuationListRenderer)
