"""How long visitors' personal details are kept (PIPL Art. 19, 56), and the manager's purge of
what is older: first a preview of what would go, then the erasure, audited with its counts."""

from __future__ import annotations

import calendar
from dataclasses import dataclass
from datetime import date, datetime, time

from peewee import SQL, fn

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db import db
from branchdesk.db.models import DailyVisitLog, Visit, Visitor
from branchdesk.db.transactions import write_transaction
from branchdesk.i18n import ngettext
from branchdesk.settings.store import get_setting
from branchdesk.visitors.erasure import erase_visits, still_personal
from branchdesk.visitors.expected import forget_expected_before
from branchdesk.visitors.permissions import VisitAction, VisitPermission


@dataclass(frozen=True)
class PurgePreview:
    cutoff: date  # visits before this day go
    months: list[tuple[str, int]]  # ("2022-03", visits), oldest first
    oldest: datetime | None
    visit_count: int
    visitor_count: int
    archived_logs: int


@dataclass(frozen=True)
class PurgeResult:
    cutoff: date
    visits: int
    visitors: int
    archived_logs: int


def months_of(period: dict) -> int:
    return period["amount"] * (12 if period["unit"] == "years" else 1)


def retention_months() -> int:
    return months_of(get_setting("visitor_data_retention"))


def period_text(months: int) -> str:
    """A period as the privacy notice says it ("3 years", "42 months")."""
    if months % 12 == 0:
        return ngettext("{n} year", "{n} years", months // 12).format(n=months // 12)
    return ngettext("{n} month", "{n} months", months).format(n=months)


def retention_text() -> str:
    return period_text(retention_months())


def retention_cutoff(today: date) -> date:
    """The first day still kept: the same day of the month, ``retention_months`` earlier (the
    last day of a shorter month)."""
    year, month = divmod(today.year * 12 + today.month - 1 - retention_months(), 12)
    month += 1
    return date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _expired(cutoff: date):
    return Visit.arrived_at < datetime.combine(cutoff, time.min)


def _month_of_arrival():
    # The format inlined, so that PostgreSQL sees the same expression in GROUP BY.
    if db.obj.__class__.__name__.startswith("Postgres"):
        return fn.to_char(Visit.arrived_at, SQL("'YYYY-MM'"))
    return fn.strftime(SQL("'%Y-%m'"), Visit.arrived_at)


def purge_preview(actor: Actor, now: datetime | None = None) -> PurgePreview:
    """What a purge now would erase: visits per month, the oldest, visitors and archived logs."""
    require(actor, VisitPermission.MANAGE_PERSONAL_DATA)
    cutoff = retention_cutoff((now or clock_now()).date())
    month = _month_of_arrival()
    rows = (
        Visit.select(month.alias("month"), fn.COUNT(Visit.id).alias("visits"))
        .where(_expired(cutoff), still_personal())
        .group_by(month)
        .order_by(month)
        .tuples()
    )
    months = [(str(m), n) for m, n in rows]
    first = (
        Visit.select(Visit.arrived_at)
        .where(_expired(cutoff), still_personal())
        .order_by(Visit.arrived_at)
        .first()
    )
    # A visitor whose latest visit is older than the cutoff keeps no visit after the purge.
    visitors = (
        Visitor.select().where(Visitor.last_visit_at < datetime.combine(cutoff, time.min)).count()
    )
    logs = DailyVisitLog.select().where(DailyVisitLog.day < cutoff).count()
    oldest = first.arrived_at if first else None
    return PurgePreview(cutoff, months, oldest, sum(n for _m, n in months), visitors, logs)


def purge_expired(actor: Actor, now: datetime | None = None) -> PurgeResult:
    """Erase personal fields of visits older than the retention period (date, purpose and
    people count stay), visitors left without visits, and archived daily logs as old."""
    require(actor, VisitPermission.MANAGE_PERSONAL_DATA)
    now = now or clock_now()
    cutoff = retention_cutoff(now.date())
    with write_transaction():
        erased = erase_visits(_expired(cutoff))
        forget_expected_before(cutoff)
        logs = DailyVisitLog.delete().where(DailyVisitLog.day < cutoff).execute()
        record(
            actor,
            VisitAction.EXPIRED_DATA_PURGED,
            "",
            details(
                before=cutoff.isoformat(),
                visits=erased.visits,
                visitors=erased.visitors,
                logs=logs,
            ),
            at=now,
        )
    return PurgeResult(cutoff, erased.visits, erased.visitors, logs)
