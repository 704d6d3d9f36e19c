"""Daily counters per agent against the quota (R-C12): effective calls and leads, with the
smaller quota in the first two weeks after the agent's start date (all settings)."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_agent_visible, require_calls
from branchdesk.calls.records import DayCounts
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Call, Lead, User
from branchdesk.errors import NotFound
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting


def start_date_of(user: User) -> date:
    """The day the user started at the branch; the account's creation when none was set."""
    return user.start_date or user.created_at.date()


def is_new_staff(start: date, day: date) -> bool:
    """``day`` falls within the first ``new_staff_days`` days from ``start`` (inclusive)."""
    return start <= day < start + timedelta(days=get_setting("new_staff_days"))


def quota_for(start: date, day: date) -> tuple[int, int, bool]:
    """(calls, leads, new staff) for an agent who started on ``start``, on ``day``."""
    if is_new_staff(start, day):
        return get_setting("new_staff_call_quota"), get_setting("new_staff_lead_quota"), True
    return get_setting("daily_call_quota"), get_setting("daily_lead_quota"), False


def day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time.min)
    return start, start + timedelta(days=1)


def counts_for(user: User, day: date) -> DayCounts:
    """Without checks: for the services here, which check first."""
    start, end = day_bounds(day)
    calls = Call.select().where(
        (Call.agent == user.id) & (Call.started_at >= start) & (Call.started_at < end)
    )
    total = calls.count()
    effective = calls.where(Call.effective == True).count()  # noqa: E712
    leads = (
        Lead.select()
        .where((Lead.owner == user.id) & (Lead.created_at >= start) & (Lead.created_at < end))
        .count()
    )
    call_quota, lead_quota, new = quota_for(start_date_of(user), day)
    return DayCounts(user.id, day, total, effective, leads, call_quota, lead_quota, new)


def day_counts(actor: Actor, agent_id: int | None = None, day: date | None = None) -> DayCounts:
    """The agent's (default: the actor's) counters for the day (default: today)."""
    require_calls(actor)
    agent_id = require_agent_visible(actor, agent_id or actor.id)
    user = User.get_or_none(User.id == agent_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    return counts_for(user, day or clock_now().date())
