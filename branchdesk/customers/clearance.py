"""Each user's clearance (the highest secrecy level they may see) and scope (whose files), as
stored on the account or, where the account says nothing, as the role gives by default."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.auth.roles import Role
from branchdesk.customers.permissions import Scope
from branchdesk.db.models import User
from branchdesk.secrecy import Level

# Stored for "no customer content at all" (the administrator's default, or a withdrawn one).
NO_CLEARANCE = -1

# Issue defaults: the front desk sees internal fields only; an agent secret fields of the files
# they own or are assigned; a manager everything; the administrator runs accounts and the
# system and sees no customer content unless given a clearance (separation of duties, R-S5).
ROLE_CLEARANCE: dict[Role, Level | None] = {
    Role.FRONT_DESK: Level.INTERNAL,
    Role.AGENT: Level.SECRET,
    Role.MANAGER: Level.TOP_SECRET,
    Role.ADMIN: None,
}
ROLE_SCOPE: dict[Role, Scope] = {
    Role.FRONT_DESK: Scope.ALL,
    Role.AGENT: Scope.ASSIGNED,
    Role.MANAGER: Scope.ALL,
    Role.ADMIN: Scope.ALL,
}


@dataclass(frozen=True)
class Clearance:
    user_id: int
    role: Role
    level: Level | None  # None: no customer content
    scope: Scope


def stored_level(value: int | None, role: Role) -> Level | None:
    if value is None:
        return ROLE_CLEARANCE[role]
    return None if value == NO_CLEARANCE else Level(value)


def clearance_of_user(user: User) -> Clearance:
    role = Role(user.role)
    scope = Scope(user.scope) if user.scope else ROLE_SCOPE[role]
    return Clearance(user.id, role, stored_level(user.clearance, role), scope)


def clearance_of(user_id: int) -> Clearance:
    """Read from the account every time: a clearance withdrawn at another desk counts at once."""
    user = User.select(User.id, User.role, User.clearance, User.scope).where(User.id == user_id)
    return clearance_of_user(user.get())
