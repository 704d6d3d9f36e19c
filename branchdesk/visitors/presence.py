"""Who is in the building now; signing out, one at a time or all at closing time."""

from __future__ import annotations

from datetime import date, datetime
from typing import NamedTuple

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import DailyVisitLog, Visit
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _, format_datetime, format_number, format_time
from branchdesk.phones import display_phone
from branchdesk.settings.store import get_setting
from branchdesk.visitors.permissions import VisitAction, VisitPermission, visit_target
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow, visit_row
from branchdesk.visitors.refusal import erase_refused


class PresenceLine(NamedTuple):
    """A visit as the list shows it: its cells already formatted, in the list's column order
    (arrived, name, organisation, phone, people, host, purpose). Formatting loads babel and
    phonenumbers, so it is done where the rows are read, off the GUI thread."""

    visit: VisitRow
    cells: tuple[str, ...]


def _closing_on(day: datetime, closing_time: str) -> datetime:
    hours, minutes = (int(part) for part in closing_time.split(":"))
    return day.replace(hour=hours, minute=minutes, second=0, microsecond=0)


def closing_time_on(day: datetime) -> datetime:
    return _closing_on(day, get_setting("closing_time"))


def in_building(actor: Actor, now: datetime | None = None) -> list[VisitRow]:
    """Visitors signed in and not out, oldest first; those past closing time are flagged."""
    require(actor, VisitPermission.VIEW_VISITS)
    now = now or clock_now()
    closing_time = get_setting("closing_time")  # read once, not once a visitor
    query = Visit.select().where(Visit.left_at.is_null()).order_by(Visit.arrived_at, Visit.id)
    return [visit_row(v, past_closing=now > _closing_on(v.arrived_at, closing_time)) for v in query]


def arrival_text(at: datetime, today: date) -> str:
    # Someone left signed in since an earlier day shows the day too, not just a time.
    return format_time(at) if at.date() == today else format_datetime(at)


def presence_line(row: VisitRow, today: date) -> PresenceLine:
    cells = (
        arrival_text(row.arrived_at, today),
        row.name,
        row.organisation,
        display_phone(row.phone),
        format_number(row.people_count),
        row.host,
        purpose_label(row.purpose),
    )
    return PresenceLine(row, cells)


def sign_out(actor: Actor, visit_id: int, now: datetime | None = None) -> str:
    """Sign one visitor out; returns their name, for the desk to say who left."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    with write_transaction():
        visit = Visit.get_or_none(Visit.id == visit_id)
        if visit is None:
            raise NotFound(_("This visit no longer exists."))
        if visit.left_at is not None:
            raise ValidationError({"visit": _("This visitor has already signed out.")})
        visit.left_at = max(now, visit.arrived_at)
        visit.signed_out_by = actor.id
        visit.save()
        erase_refused(Visit.id == visit.id)
        # The audit log is append-only and kept for years: it holds what changed in a visit,
        # never a visitor's personal data, which must stay erasable (PIPL).
        record(
            actor,
            VisitAction.VISIT_SIGNED_OUT,
            visit_target(visit.id),
            at=now,
            old={"left_at": None},
            new={"left_at": visit.left_at},
        )
    return visit.name


def sign_out_all(
    actor: Actor, now: datetime | None = None, visit_ids: list[int] | None = None
) -> int:
    """Closing time: sign out everyone still in, or of ``visit_ids`` (those the desk was shown
    and confirmed) the ones still in; returns how many were signed out. A visitor registered
    at another desk after the list was read is not among the confirmed and stays in."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    with write_transaction():
        still_in = Visit.select(Visit.id).where(Visit.left_at.is_null())
        if visit_ids is not None:
            still_in = still_in.where(Visit.id.in_(list(visit_ids)))
        ids = [v.id for v in still_in]
        if ids:
            Visit.update(left_at=now, signed_out_by=actor.id).where(Visit.id.in_(ids)).execute()
            erase_refused(Visit.id.in_(ids))
            record(
                actor, VisitAction.VISIT_SIGNED_OUT, "", details(count=len(ids), all="yes"), at=now
            )
    return len(ids)


def undo_sign_out(actor: Actor, visit_id: int, now: datetime | None = None) -> str:
    """A visitor signed out by mistake is in the building again: on the day they were signed
    out, before that day's log is closed (R-V6: the archived log is final). Returns the name.
    What a visitor who refused consent gave was erased at sign-out and stays erased (PIPL)."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    with write_transaction():
        visit = Visit.get_or_none(Visit.id == visit_id)
        if visit is None:
            raise NotFound(_("This visit no longer exists."))
        if visit.left_at is None:
            raise ValidationError({"visit": _("This visitor has not signed out.")})
        if visit.left_at.date() != now.date():
            raise ValidationError(
                {"visit": _("A sign-out can be undone only on the day it was made.")}
            )
        if DailyVisitLog.get_or_none(DailyVisitLog.day == visit.arrived_at.date()) is not None:
            raise ValidationError(
                {"visit": _("The day's visit log is closed: its sign-outs are final.")}
            )
        signed_out_at = visit.left_at
        visit.left_at = None
        visit.signed_out_by = None
        visit.save()
        record(
            actor,
            VisitAction.SIGN_OUT_UNDONE,
            visit_target(visit.id),
            at=now,
            old={"left_at": signed_out_at},
            new={"left_at": None},
        )
    return visit.name
