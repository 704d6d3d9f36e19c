"""The day at a glance for the visitors tab: visitors today, in the building, pending
replies (R-V3), overdue replies, and expected visitors still to come."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, time, timedelta

from peewee import fn

from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import PendingReply, Visit
from branchdesk.visitors.expected import waiting_today_count
from branchdesk.visitors.permissions import VisitPermission


@dataclass(frozen=True)
class DayFigures:
    visitors_today: int  # people, a group counting as its size, as the daily log counts them
    visits_today: int
    in_building: int  # people, as the evacuation list counts them
    pending_replies: int
    overdue_replies: int
    expected_waiting: int


def _people(condition) -> tuple[int, int]:
    visits, people = (
        Visit.select(fn.COUNT(Visit.id), fn.COALESCE(fn.SUM(Visit.people_count), 0))
        .where(condition)
        .tuples()
        .get()
    )
    return int(visits), int(people)


def day_figures(actor: Actor, now: datetime | None = None) -> DayFigures:
    """One call, a few indexed counts: read through the worker whenever the tab refreshes."""
    require(actor, VisitPermission.VIEW_VISITS)
    now = now or clock_now()
    start = datetime.combine(now.date(), time.min)
    visits_today, people_today = _people(
        (Visit.arrived_at >= start) & (Visit.arrived_at < start + timedelta(days=1))
    )
    _inside_visits, inside_people = _people(Visit.left_at.is_null())
    open_replies = PendingReply.select().where(PendingReply.answered_at.is_null())
    return DayFigures(
        visitors_today=people_today,
        visits_today=visits_today,
        in_building=inside_people,
        pending_replies=open_replies.count(),
        overdue_replies=open_replies.where(PendingReply.deadline < now).count(),
        expected_waiting=waiting_today_count(now),
    )
