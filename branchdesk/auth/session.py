"""Who is acting, and the permission gate every service passes through."""

from __future__ import annotations

from typing import NamedTuple

from branchdesk.auth.roles import Permission, Role, has_permission
from branchdesk.clock import now as clock_now
from branchdesk.db.models import User
from branchdesk.errors import PermissionDenied
from branchdesk.i18n import _


class Actor(NamedTuple):
    id: int
    username: str
    display_name: str
    role: Role
    agent_no: str | None = None
    # Someone else set the password: the window asks for a new one before it opens.
    must_change_password: bool = False

    @classmethod
    def from_user(cls, user: User) -> Actor:
        return cls(
            user.id,
            user.username,
            user.display_name,
            Role(user.role),
            user.agent_no,
            user.must_change_password,
        )

    def can(self, permission: Permission) -> bool:
        return has_permission(self.role, permission)


class SessionEnded(PermissionDenied):
    """The signed-in user was deactivated, given another role or locked since signing in: the
    window signs them out with this message at their next action. ``actor`` is whose session
    ended: a tab may have several reads on their way, and each fails the same way."""

    def __init__(self, message: str, actor: Actor | None = None) -> None:
        super().__init__(message)
        self.actor = actor


def check_session(actor: Actor) -> None:
    """Raise ``SessionEnded`` unless the actor's account is still as it was at sign-in: active,
    with the same role and not locked. One primary-key read of three columns."""
    row = (
        User.select(User.active, User.role, User.locked_until)
        .where(User.id == actor.id)
        .tuples()
        .first()
    )
    if row is None or not row[0]:
        raise SessionEnded(_("Your account has been deactivated. You have been signed out."), actor)
    active, role, locked_until = row
    if role != actor.role:
        raise SessionEnded(_("Your role has been changed. Please sign in again."), actor)
    if locked_until is not None and locked_until > clock_now():
        raise SessionEnded(_("Your account has been locked. You have been signed out."), actor)


def require(actor: Actor | None, permission: Permission) -> Actor:
    """Refuse unless ``actor`` is an active user whose role grants ``permission``; the row is
    re-read, since a manager may have deactivated, demoted or locked the account meanwhile."""
    if actor is None:
        raise PermissionDenied(_("You do not have permission to do this."))
    check_session(actor)
    if not actor.can(permission):
        raise PermissionDenied(_("You do not have permission to do this."))
    return actor
