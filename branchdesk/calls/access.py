"""Who may see which calls: calls are secret records (R-S2). The front desk sees none; an
agent sees their own; the responsible person (manager) sees every agent's. A clearance below
secret (withdrawn by a manager) shows no call at all."""

from __future__ import annotations

from branchdesk.auth.session import Actor, require
from branchdesk.calls.permissions import CallPermission
from branchdesk.customers.service import clearance_level
from branchdesk.errors import PermissionDenied
from branchdesk.i18n import _
from branchdesk.secrecy import Level


def require_calls(actor: Actor | None) -> Actor:
    """The actor may take calls and see secret records."""
    actor = require(actor, CallPermission.TAKE_CALLS)
    level = clearance_level(actor)
    if level is None or level < Level.SECRET:
        raise PermissionDenied(_("Calls are secret records: your clearance does not reach them."))
    return actor


def sees_all(actor: Actor) -> bool:
    return actor.can(CallPermission.VIEW_ALL_CALLS)


def require_agent_visible(actor: Actor, agent_id: int | None) -> int | None:
    """The agent whose records the actor asks for: their own, or anyone's for a manager;
    None (everyone) only for a manager, else the actor."""
    if sees_all(actor):
        return agent_id
    if agent_id is not None and agent_id != actor.id:
        raise PermissionDenied(_("You may see only your own calls."))
    return actor.id
