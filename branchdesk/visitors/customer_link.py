"""Visits linked to the customer file holding their phone number (issue: customer files, §1).

A visit is linked when it is registered or its number corrected (``customer_id_for_phone``),
and when a file gets or loses a number (the area's ``link_phones``). The file's visits are read
back only through the file: whoever may open it sees them, shaped for that file's level
(R-S2: visits are secret records; the front desk sees today's in full until the day's log is
closed, R-V6).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.customers.service import (
    TargetKind,
    customer_id_for_phone,
    file_level_seen,
    mask_name,
    mask_phone,
)
from branchdesk.db.models import DailyVisitLog, Visit
from branchdesk.secrecy import Level
from branchdesk.visitors.permissions import VisitAction, VisitPermission
from branchdesk.visitors.records import VisitRow, visit_row

LIMIT = 50


def file_of_phone(actor: Actor, phone: str) -> int | None:
    """The file to link a visit with this (normalised) number to; None for an erased one."""
    return customer_id_for_phone(actor, phone) if phone else None


def link_phones(customer_id: int | None, phones: Sequence[str]) -> None:
    """The area's hook: visits with these numbers link to ``customer_id`` (or to none)."""
    for start in range(0, len(phones), 500):  # SQLite limits a statement's parameters
        chunk = list(phones[start : start + 500])
        Visit.update(customer=customer_id).where(Visit.phone.in_(chunk)).execute()


def _masked(row: VisitRow) -> VisitRow:
    """A visit as a secret record reads below secret: who came is masked, the note withheld."""
    return VisitRow(
        row.id, row.arrived_at, row.left_at, mask_name(row.name), mask_phone(row.phone),
        row.organisation, row.purpose, row.people_count, row.host, "", row.past_closing,
    )  # fmt: skip


def _in_full_for_the_desk(actor: Actor, rows: list[VisitRow], today: date) -> set[int]:
    """The visits the front desk's own work needs in full: today's, until the day's log is
    closed and handed in (R-V6)."""
    if not actor.can(VisitPermission.REGISTER_VISITS):
        return set()
    todays = [row.id for row in rows if row.arrived_at.date() == today]
    if not todays or DailyVisitLog.select().where(DailyVisitLog.day == today).exists():
        return set()
    return set(todays)


def visits_of_customer(
    actor: Actor, customer_id: int, limit: int = LIMIT, now: datetime | None = None
) -> list[VisitRow]:
    """The file's visits, newest first. Seeing the file's visits is opening the file: the
    customers' policy decides (and audits a refusal); a visit shows in full to whom sees the
    file's secret fields, else masked (R-S2) but for today's at the desk that registers them."""
    require(actor, VisitPermission.VIEW_VISITS)
    seen = file_level_seen(actor, customer_id)
    query = (
        Visit.select()
        .where(Visit.customer == customer_id)
        .order_by(Visit.arrived_at.desc(), Visit.id.desc())
        .limit(limit)
    )
    rows = [visit_row(visit) for visit in query]
    if rows:
        # A look at secret records (R-S2, R-S4): the list once, on the file, not each visit.
        record(actor, VisitAction.CUSTOMER_VISITS_LISTED, data={"rows": len(rows)},
               target_kind=TargetKind.CUSTOMER, target_id=customer_id)  # fmt: skip
    if seen >= Level.SECRET:
        return rows
    in_full = _in_full_for_the_desk(actor, rows, (now or clock_now()).date())
    return [row if row.id in in_full else _masked(row) for row in rows]
