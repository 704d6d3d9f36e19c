"""Importing the visits of a paper or Excel register a branch kept before, or of an exported
visit log (``visit_export``), from a CSV or XLSX file.

Every row is checked as registration checks a visit, and all are imported in one transaction
or none: a file with one bad row imports nothing, and the preview (a dry run) lists every bad
row with its reason. Each imported visit gets a new number and its own audit entry naming the
file and the row (R-S4).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import DailyVisitLog
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting
from branchdesk.visitors.permissions import VisitAction, VisitPermission, visit_target
from branchdesk.visitors.purposes import PURPOSE_LABELS
from branchdesk.visitors.registration import VisitForm, store_visit, validate_visit_form
from branchdesk.visitors.visit_sheet import (
    COLUMNS,
    header_key,
    in_every_language,
    parse_datetime,
    read_sheet,
)

_YES = {"yes", "y", "true", "1", "是", "同意", "agreed"}
_NO = {"no", "n", "false", "0", "否", "拒绝", "拒絕", "refused"}


@dataclass(frozen=True)
class ImportRow:
    """One row that can be imported, as it will be stored."""

    row: int  # as the spreadsheet numbers it
    cleaned: dict
    arrived_at: datetime
    left_at: datetime | None
    consent: bool | None


@dataclass(frozen=True)
class RowError:
    row: int
    field: str  # a column label in the desk's language, or "" for the whole row
    message: str

    def __str__(self) -> str:
        where = _("Row {row}").format(row=self.row)
        return (
            f"{where}, {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True)
class ImportPreview:
    rows: list[ImportRow]
    errors: list[RowError]


@dataclass(frozen=True)
class ImportedVisit:
    row: int
    visit_id: int
    name: str
    arrived_at: datetime


class ImportRefused(BranchDeskError):
    """The file has bad rows: nothing was imported."""

    def __init__(self, errors: list[RowError]):
        self.errors = errors
        super().__init__(
            _("Nothing was imported: {count} row(s) need correcting.").format(
                count=len({e.row for e in errors})
            )
        )


def _label(key: str) -> str:
    return _(next(c.label for c in COLUMNS if c.key == key))


def _purpose_keys() -> dict[str, str]:
    """Every way a purpose the branch uses may be written → its key."""
    keys = {}
    for key in get_setting("visit_purposes"):
        names = {key} | (in_every_language(PURPOSE_LABELS[key]) if key in PURPOSE_LABELS else set())
        keys.update({header_key(name): key for name in names})
    return keys


def _consent(text: str) -> bool | None:
    """Blank: not recorded (an old register); else what the visitor answered."""
    word = header_key(text)
    if not word:
        return None
    if word in _YES or word in {header_key(t) for t in in_every_language("agreed")}:
        return True
    if word in _NO or word in {header_key(t) for t in in_every_language("refused")}:
        return False
    raise ValueError(word)


def _text(values: dict, key: str) -> str:
    value = values.get(key, "")
    return value.strftime("%Y-%m-%d %H:%M") if isinstance(value, datetime) else value


def _times(values: dict, now: datetime, errors: dict) -> tuple[datetime | None, datetime | None]:
    parsed = {}
    for key in ("arrived_at", "left_at"):
        try:
            parsed[key] = parse_datetime(values.get(key, ""))
        except ValueError:
            errors[key] = _("Write the date and time as 2026-11-23 09:30.")
    arrived, left = parsed.get("arrived_at"), parsed.get("left_at")
    if "arrived_at" not in errors:
        if arrived is None:
            errors["arrived_at"] = _("This field is required.")
        elif arrived > now:
            errors["arrived_at"] = _("A visit to import has already happened.")
        elif left is None and "left_at" not in errors and arrived.date() < now.date():
            errors["left_at"] = _("A visit of an earlier day needs the time the visitor left.")
    if arrived and left and left < arrived:
        errors["left_at"] = _("The visitor left before arriving.")
    return arrived, left


def _check_row(number: int, values: dict, purposes: dict, closed: set, now: datetime):
    errors: dict[str, str] = {}
    arrived, left = _times(values, now, errors)
    if arrived is not None and arrived.date() in closed:
        errors["arrived_at"] = _(
            "The log of {day} is closed and archived; visits cannot be added to it."
        ).format(day=arrived.date().isoformat())
    try:
        consent = _consent(_text(values, "consent"))
    except ValueError:
        errors["consent"] = _("Write yes, no, or leave it blank if it was not recorded.")
        consent = None
    purpose = purposes.get(header_key(_text(values, "purpose")), _text(values, "purpose"))
    phone = _text(values, "phone")
    refused = consent is False
    form = VisitForm(
        name=_text(values, "name"),
        # A refused visitor's phone is not kept (refusal.py), so an exported refused visit
        # has none; any valid number stands in for the check, and is dropped below.
        phone=phone if phone or not refused else "13800000000",
        purpose=purpose,
        organisation=_text(values, "organisation"),
        people_count=_text(values, "people_count") or 1,
        host=_text(values, "host"),
        note=_text(values, "note"),
        address=_text(values, "address"),
        consent_given=True,  # the answer, if any, was read above; a register may have none
    )
    try:
        cleaned = validate_visit_form(form)
    except ValidationError as exc:
        errors.update(exc.errors)
        cleaned = {}
    if errors:
        return [RowError(number, _label(key), message) for key, message in errors.items()]
    if refused:  # what a refused visit keeps once it is over (refusal.ERASED_WHEN_REFUSED)
        cleaned = {
            **cleaned,
            "phone": "",
            "organisation": "",
            "host": "",
            "note": "",
            "address": "",
        }
    return ImportRow(number, cleaned, arrived, left, consent)


def preview_import(
    actor: Actor, data: bytes, file_name: str, now: datetime | None = None
) -> ImportPreview:
    """The rows that would be imported and every bad row with its reason; changes nothing.
    ValidationError (field ``file``) for a file that is no register at all."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    sheet = read_sheet(data, file_name)
    if not sheet:
        raise ValidationError({"file": _("The file has no visits below its header row.")})
    purposes = _purpose_keys()
    closed = {log.day for log in DailyVisitLog.select(DailyVisitLog.day)}
    rows: list[ImportRow] = []
    errors: list[RowError] = []
    for number, values in sheet:
        checked = _check_row(number, values, purposes, closed, now)
        if isinstance(checked, ImportRow):
            rows.append(checked)
        else:
            errors.extend(checked)
    return ImportPreview(rows, errors)


def _store(actor: Actor, row: ImportRow, file_name: str, now: datetime) -> int:
    # The register's own privacy wording is not known: no notice is linked.
    visit = store_visit(actor, row.cleaned, row.arrived_at, row.consent, None, row.left_at)
    record(
        actor,
        VisitAction.VISIT_IMPORTED,
        visit_target(visit.id),
        details(file=file_name, row=row.row),
        at=now,
    )
    return visit.id


def import_visits(
    actor: Actor, data: bytes, file_name: str, now: datetime | None = None
) -> list[ImportedVisit]:
    """Import every row, or none: ImportRefused lists the bad rows."""
    now = now or clock_now()
    preview = preview_import(actor, data, file_name, now)
    if preview.errors:
        raise ImportRefused(preview.errors)
    imported = []
    with write_transaction():
        for row in preview.rows:
            visit_id = _store(actor, row, file_name, now)
            imported.append(ImportedVisit(row.row, visit_id, row.cleaned["name"], row.arrived_at))
    return imported
