"""Callbacks (R-C5, R-C7, R-C11): the open ones of an owner (every owner's for a manager),
overdue ones counted, those whose deadline comes within the notice setting, and what a
follow-up call fills into the outbound script from the original call."""

from __future__ import annotations

from datetime import datetime, timedelta

from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_agent_visible, require_calls, sees_all
from branchdesk.calls.records import CallbackRow
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Call, Callback, User
from branchdesk.errors import NotFound, PermissionDenied
from branchdesk.i18n import _, format_date
from branchdesk.settings.store import get_setting


def _rows(callbacks: list[Callback]) -> list[CallbackRow]:
    owners = {u.id: u for u in User.select().where(User.id.in_({c.owner_id for c in callbacks}))}
    calls = {c.id: c for c in Call.select().where(Call.id.in_({c.call_id for c in callbacks}))}
    rows = []
    for cb in callbacks:
        call = calls[cb.call_id]
        contact = " · ".join(p for p in (call.organisation, call.contact_surname) if p)
        rows.append(
            CallbackRow(
                cb.id,
                cb.call_id,
                cb.customer_id,
                cb.owner_id,
                owners[cb.owner_id].display_name,
                cb.kind,
                cb.issue,
                cb.deadline,
                cb.created_at,
                cb.closed_at,
                cb.closed_by_call_id,
                contact,
                call.phone,
            )  # fmt: skip
        )
    return rows


def _open(owner_id: int | None):
    query = Callback.select().where(Callback.closed_at.is_null())
    return query.where(Callback.owner == owner_id) if owner_id is not None else query


def open_callbacks(actor: Actor, owner_id: int | None = None) -> list[CallbackRow]:
    """Open callbacks, the earliest deadline first: the actor's own; a manager's default is
    every owner's (R-C7: visible to the agent and the manager)."""
    require_calls(actor)
    owner_id = require_agent_visible(actor, owner_id)
    return _rows(list(_open(owner_id).order_by(Callback.deadline, Callback.id)))


def overdue_count(actor: Actor, now: datetime | None = None) -> int:
    """Open callbacks past their deadline: the actor's own, every owner's for a manager."""
    require_calls(actor)
    owner_id = None if sees_all(actor) else actor.id
    return _open(owner_id).where(Callback.deadline < (now or clock_now())).count()


def due_soon(actor: Actor, now: datetime | None = None) -> list[CallbackRow]:
    """The actor's own open callbacks whose deadline comes within the notice setting (and is
    not past): the desktop notification names them."""
    require_calls(actor)
    now = now or clock_now()
    soon = now + timedelta(minutes=get_setting("callback_notice_minutes"))
    query = _open(actor.id).where((Callback.deadline >= now) & (Callback.deadline <= soon))
    return _rows(list(query.order_by(Callback.deadline)))


def follow_up_values(actor: Actor, callback_id: int) -> dict[str, str]:
    """What the outbound follow-up script fills in from the original call (R-C10):
    ``{last_contact_date}`` and ``{issue}``."""
    require_calls(actor)
    callback = Callback.get_or_none(Callback.id == callback_id)
    if callback is None:
        raise NotFound(_("This callback does not exist."))
    if callback.owner_id != actor.id and not sees_all(actor):
        raise PermissionDenied(_("This callback is not yours to close."))
    call = Call.get_by_id(callback.call_id)
    issue = callback.issue or call.notes
    return {"last_contact_date": format_date(call.started_at.date()), "issue": issue}
