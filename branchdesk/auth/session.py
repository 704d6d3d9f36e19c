"""Who is acting, and the permission gate every service passes through."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.auth.roles import Permission, Role, has_permission
from branchdesk.db.models import User
from branchdesk.errors import PermissionDenied
from branchdesk.i18n import _


@dataclass(frozen=True)
class Actor:
    id: int
    username: str
    display_name: str
    role: Role
    agent_no: str | None = None

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(user.id, user.username, user.display_name, Role(user.role), user.agent_no)

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)


def require(actor: Actor | None, permission: Permission) -> Actor:
    """Refuse unless ``actor`` is an active user whose role grants ``permission``."""
    if actor is None or not actor.can(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    user = User.get_or_none(User.id == actor.id)
    # The role is re-read: a manager may have changed it or deactivated the account meanwhile.
    if user is None or not user.active or not has_permission(user.role, permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    return actor
