"""The visit log of a date range as a CSV or XLSX file, for the responsible person (R-S2, R-S4:
every export is audited with its range, size and format). ``visit_import`` reads such a file
back."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from pathlib import Path

from peewee import JOIN

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Visit, Visitor
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.private_files import create_private_file
from branchdesk.visitors.permissions import VisitAction, VisitPermission
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.visit_sheet import CSV, XLSX, format_of, write_csv, write_xlsx


@dataclass(frozen=True)
class ExportedLog:
    content: bytes
    visits: int


def consent_text(consent: bool | None) -> str:
    if consent is None:
        return ""  # a visit from before consent was recorded
    return _("agreed") if consent else _("refused")


def _sheet_row(visit: Visit, address: str) -> dict:
    return {
        "number": visit.id,
        "arrived_at": visit.arrived_at,
        "left_at": visit.left_at,
        "name": visit.name,
        "phone": visit.phone,
        "organisation": visit.organisation,
        "address": address,
        "purpose": purpose_label(visit.purpose),
        "people_count": visit.people_count,
        "host": visit.host,
        "note": visit.note,
        "consent": consent_text(visit.consent_given),
    }


def _rows(date_from: date, date_to: date) -> list[dict]:
    start = datetime.combine(date_from, time())
    end = datetime.combine(date_to + timedelta(days=1), time())
    query = (
        Visit.select(Visit, Visitor.address)
        .join(Visitor, join_type=JOIN.LEFT_OUTER, on=(Visit.visitor == Visitor.id))
        .where((Visit.arrived_at >= start) & (Visit.arrived_at < end))
        .order_by(Visit.arrived_at, Visit.id)
        .objects()
    )
    return [_sheet_row(visit, visit.address or "") for visit in query]


def export_visits(
    actor: Actor, date_from: date, date_to: date, kind: str, now: datetime | None = None
) -> ExportedLog:
    """Every visit that arrived from ``date_from`` to ``date_to`` (both included), oldest
    first, as ``kind`` ("csv" or "xlsx") in the desk's language."""
    require(actor, VisitPermission.EXPORT_VISITS)
    if kind not in (CSV, XLSX):
        raise ValidationError({"file": _("Choose a .csv or .xlsx file.")})
    if date_from > date_to:
        raise ValidationError({"date_to": _("The end date is before the start date.")})
    with write_transaction():  # the rows and the audit entry saying who took them, together
        rows = _rows(date_from, date_to)
        record(
            actor,
            VisitAction.VISITS_EXPORTED,
            "",
            details(
                **{"from": date_from.isoformat()},
                until=date_to.isoformat(),
                visits=len(rows),
                format=kind,
            ),
            at=now or clock_now(),
        )
    title = _("Visits {start} to {end}").format(start=date_from, end=date_to)
    content = write_csv(rows) if kind == CSV else write_xlsx(rows, title)
    return ExportedLog(content, len(rows))


def export_visits_to_file(
    actor: Actor, date_from: date, date_to: date, target: Path, now: datetime | None = None
) -> ExportedLog:
    """The export written to ``target`` (its suffix chooses the format), readable only by
    this account (R-S5)."""
    require(actor, VisitPermission.EXPORT_VISITS)  # before anything is read of the request
    exported = export_visits(actor, date_from, date_to, format_of(target.name), now)
    create_private_file(target)
    target.write_bytes(exported.content)
    return exported
