"""The customer file sheet 《客户档案》: one file as the printing user may see it, laid out by
``forms/customer_sheet.json``. The values come masked and translated from the customer
service; a field the user may not see prints as the definition's "hidden" text, so a reader
can tell a withheld field from an empty one."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime

from reportlab.lib.units import mm
from reportlab.platypus import Flowable, KeepTogether, Paragraph, Spacer, Table

from branchdesk.printing.layout_grid import LayoutGridRenderer
from branchdesk.printing.renderer import pdf_function
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.printing.styles import LABEL_BACKGROUND, MUTED, RULE
from branchdesk.secrecy import Level

DEFINITION_NAME = "customer_sheet"
REQUIRED_FIELDS = (
    "contact_name", "contact_title", "contact_department", "contact_address",
)  # fmt: skip
REQUIRED_LABELS = (
    "form_no", "customer_no", "printed_at", "footer_note", "section_contacts", "hidden", "none",
)  # fmt: skip


@dataclass(frozen=True)
class SheetContact:
    name: str
    title: str
    department: str
    address: str


@dataclass(frozen=True)
class CustomerSheetData:
    customer_no: str
    values: Mapping[str, str]  # field key → the text to print, in the sheet's language
    hidden: frozenset[str] = frozenset()  # field keys the printing user may not see
    contacts: tuple[SheetContact, ...] = ()
    contacts_hidden: bool = False


class CustomerSheetRenderer(LayoutGridRenderer):
    definition_name = DEFINITION_NAME
    required_keys = ("layout", "columns")
    required_fields = REQUIRED_FIELDS
    required_labels = REQUIRED_LABELS

    def __init__(
        self,
        sheet: CustomerSheetData,
        lang: str,
        *,
        printed_at: datetime,
        company: str = "",
        branch: str = "",
        font_path: str | None = None,
        secrecy: Level | None = None,
        printed_by: PrintedBy | None = None,
    ) -> None:
        self.sheet = sheet
        self.printed_at = printed_at
        super().__init__(
            lang,
            company=company,
            branch=branch,
            font_path=font_path,
            secrecy=secrecy,
            printed_by=printed_by,
        )

    def story(self) -> list[Flowable]:
        return [
            self.title_flowable(),
            Spacer(0, 3 * mm),
            self.reference_line(),
            Spacer(0, 2 * mm),
            *self.grid(),
            KeepTogether([Spacer(0, 5 * mm), *self.contacts()]),
        ]

    def continuation_title(self) -> str:
        return f"{self.title} · {self.sheet.customer_no}"

    def reference_line(self) -> Table:
        cells = [
            f"{self.label('form_no')}{self.colon}{self.definition.form_no}",
            f"{self.label('customer_no')}{self.colon}{self.sheet.customer_no}",
            f"{self.label('printed_at')}{self.colon}{self.datetime_text(self.printed_at)}",
        ]
        return self.reference_row(cells)

    def value(self, key: str) -> Flowable | str:
        if key in self.sheet.hidden:
            return self.withheld()
        return self.paragraph(self.sheet.values.get(key, ""))

    def withheld(self) -> Paragraph:
        return Paragraph(
            self.text(self.label("hidden")), self.styles["cell"].clone("hidden", textColor=MUTED)
        )

    def contacts(self) -> list[Flowable]:
        heading = self.paragraph(self.label("section_contacts"), self.styles["heading"])
        if self.sheet.contacts_hidden:
            return [heading, self.withheld()]
        if not self.sheet.contacts:
            return [heading, self.paragraph(self.label("none"), self.styles["small"])]
        columns = self.definition.columns
        total = sum(column.width for column in columns)
        widths = [self.frame_width() * column.width / total for column in columns]
        header = [
            Paragraph(
                self.text(self.definition.field_label(column.field, self.lang)),
                self.styles["label"],
            )
            for column in columns
        ]
        rows = [
            [
                self.paragraph(getattr(contact, column.field.removeprefix("contact_"), ""))
                for column in columns
            ]
            for contact in self.sheet.contacts
        ]
        table = Table([header, *rows], colWidths=widths, repeatRows=1)
        table.setStyle(
            self.table_style(
                [
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), LABEL_BACKGROUND),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                ]
            )
        )
        return [heading, Spacer(0, 2 * mm), table]


render_customer_sheet = pdf_function(CustomerSheetRenderer)
