"""The audit log's entries written to a file for the responsible person: CSV (opens in any
spreadsheet) or Excel (XLSX). The rows read as in the audit view and carry the stored values
too (target pair, JSON details), so the file serves a reader and a script alike."""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from branchdesk.audit.entry_text import encode_details
from branchdesk.audit.log import AuditFilter, AuditRecord, filtered_page
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.private_files import create_private_file
from branchdesk.spreadsheet_cells import as_text_cell

BATCH = 2_000
FORMATS = ("csv", "xlsx")


@dataclass(frozen=True)
class EntryLabels:
    """How an entry reads in the reader's language (the window's audit text supplies them)."""

    action: Callable[[str], str]
    target: Callable[[AuditRecord], str]
    details: Callable[[AuditRecord], str]


def export_format(path: Path) -> str:
    kind = path.suffix.lower().lstrip(".")
    if kind not in FORMATS:
        raise ValidationError({"file": _("Export to a file ending in .csv or .xlsx.")})
    return kind


def matching_entries(filters: AuditFilter) -> Iterator[AuditRecord]:
    """Every entry ``filters`` matches, newest first, a keyset batch at a time."""
    before_id = None
    while True:
        page = filtered_page(filters, before_id, BATCH)
        yield from page
        if len(page) < BATCH:
            return
        before_id = page[-1].id


def _header() -> list[str]:
    return [
        _("No."), _("Time"), _("Who"), _("Name today"), _("Desk"), _("Action"), _("Target"),
        _("Detail"), _("Target kind"), _("Target ID"), _("Details (JSON)"),
    ]  # fmt: skip


def _row(entry: AuditRecord, labels: EntryLabels) -> list[object]:
    return [
        entry.id,
        entry.at.isoformat(sep=" ", timespec="seconds"),
        entry.actor_name,
        entry.actor_name_now or entry.actor_name,
        entry.desk,
        labels.action(entry.action),
        labels.target(entry),
        labels.details(entry),
        entry.target_kind,
        entry.target_id,
        encode_details(entry.details),
    ]


def write_entries(entries: Iterable[AuditRecord], path: Path, labels: EntryLabels) -> int:
    """Write ``entries`` to ``path`` (a private file) in the format its name ends with;
    returns how many were written."""
    kind = export_format(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    create_private_file(path)
    rows = (_row(entry, labels) for entry in entries)
    if kind == "xlsx":
        return _write_xlsx(path, rows)
    # UTF-8 with a byte-order mark: spreadsheet programs then read Chinese names correctly.
    with path.open("w", encoding="utf-8-sig", newline="") as file:
        writer = csv.writer(file)
        writer.writerow(_header())
        count = 0
        for row in rows:
            writer.writerow([as_text_cell(value) for value in row])
            count += 1
    return count


def _write_xlsx(path: Path, rows: Iterable[list[object]]) -> int:
    from openpyxl import Workbook  # only an export to Excel needs it
    from openpyxl.cell import WriteOnlyCell

    book = Workbook(write_only=True)  # rows streamed out: a year of entries fits in memory
    sheet = book.create_sheet(_("Audit log"))
    sheet.append(_header())

    def cell(value: object) -> WriteOnlyCell:
        written = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            written.data_type = "s"  # text stays text, even when it starts with "="
        return written

    count = 0
    for row in rows:
        sheet.append([cell(value) for value in row])
        count += 1
    book.save(path)
    return count
