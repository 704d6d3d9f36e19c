"""Customer files leaving the desk as a CSV or XLSX file (R-S4, R-S6): only roles allowed to
export, always with a reason, each row masked for the exporter's level as on screen, and the
export audited with its reason, format and size."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.listing import CustomerFilter, audited_query, masked_rows
from branchdesk.customers.permissions import (
    KINDS,
    SOURCES,
    CustomerAction,
    Policy,
    TargetKind,
)
from branchdesk.customers.policy import require_can
from branchdesk.customers.records import CustomerCursor, CustomerRow
from branchdesk.errors import ValidationError
from branchdesk.i18n import N_, _
from branchdesk.secrecy import level_name
from branchdesk.validation import clean_text

CSV, XLSX = "csv", "xlsx"
# Spreadsheets run text starting with these as a formula (CSV injection): written behind an
# apostrophe in CSV, as a text cell in XLSX (as the visit log's export does).
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
BATCH = 1000
COLUMNS = (
    ("id", N_("File no.")),
    ("kind", N_("Kind")),
    ("name", N_("Name")),
    ("organisation", N_("Organisation")),
    ("phones", N_("Phones")),
    ("owner", N_("Owner")),
    ("source", N_("Source")),
    ("grade", N_("Grade")),
    ("tags", N_("Tags")),
    ("level", N_("Level")),
)


@dataclass(frozen=True)
class ExportedCustomers:
    content: bytes
    files: int


def format_of(file_name: str) -> str | None:
    lowered = file_name.lower()
    if lowered.endswith(".csv"):
        return CSV
    if lowered.endswith(".xlsx"):
        return XLSX
    return None


def _cells(row: CustomerRow) -> list[object]:
    return [
        row.id,
        _(KINDS[row.kind]) if row.kind in KINDS else row.kind,
        row.name,
        row.organisation,
        " ".join(row.phones),
        row.owner_name,
        _(SOURCES[row.source]) if row.source in SOURCES else "",
        row.grade,
        ", ".join(row.tags),
        level_name(row.level),
    ]


def _csv_safe(value: object) -> object:
    text = str(value) if isinstance(value, str) else value
    return "'" + text if isinstance(text, str) and text.startswith(FORMULA_START) else text


def _csv(header: list[str], rows: list[list[object]]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(header)
    writer.writerows([_csv_safe(value) for value in row] for row in rows)
    return buffer.getvalue().encode("utf-8-sig")  # Excel opens UTF-8 with its mark


def _xlsx(header: list[str], rows: list[list[object]]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)
    sheet = book.create_sheet(_("Customer files")[:31])

    def cell(value: object) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # typed text is never a formula
        return written

    sheet.append([cell(title) for title in header])
    for row in rows:
        sheet.append([cell(value) for value in row])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_customers(
    actor: Actor,
    file_format: str,
    reason: str,
    customer_filter: CustomerFilter = CustomerFilter(),  # noqa: B008 - frozen
) -> ExportedCustomers:
    require_can(actor, Policy.EXPORT)
    errors: dict[str, str] = {}
    reason = clean_text(errors, "reason", reason, required=True, max_length=300)
    if file_format not in (CSV, XLSX):
        errors["format"] = _("Export as .csv or .xlsx.")
    if errors:
        raise ValidationError(errors)
    clearance = clearance_of(actor.id)
    rows: list[CustomerRow] = []
    after = None
    while True:
        page = masked_rows(clearance, customer_filter, after, BATCH)
        rows.extend(page)
        if len(page) < BATCH:
            break
        after = CustomerCursor(page[-1].id)
    header = [_(title) for _key, title in COLUMNS]
    cells = [_cells(row) for row in rows]
    content = _csv(header, cells) if file_format == CSV else _xlsx(header, cells)
    data = {"reason": reason, "format": file_format, "count": len(rows),
            "query": audited_query(customer_filter)}  # fmt: skip
    record(actor, CustomerAction.CUSTOMERS_EXPORTED, data=data,
           target_kind=TargetKind.CUSTOMER_LIST, target_id="")  # fmt: skip
    return ExportedCustomers(content, len(rows))


def export_customers_to_file(
    actor: Actor,
    target,
    reason: str,
    customer_filter: CustomerFilter = CustomerFilter(),  # noqa: B008 - frozen
) -> ExportedCustomers:
    """Written readable by this account only (R-S5); the format from the file's name."""
    from branchdesk.private_files import create_private_file

    file_format = format_of(target.name)
    if file_format is None:
        raise ValidationError({"format": _("Export as .csv or .xlsx.")})
    exported = export_customers(actor, file_format, reason, customer_filter)
    create_private_file(target)
    target.write_bytes(exported.content)
    return exported
