"""The one policy: may this actor do this to this file? Every customer service asks here, so
the window, the command line, exports and prints decide alike (R-S5).

What an actor sees of a file is their clearance when the file is in their scope (own, assigned
or all files), else internal fields only; a file's fields are tiered (``masking.FIELD_TIERS``)
and a field needs the lower of its tier and the file's level.
"""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor, check_session
from branchdesk.customers.clearance import Clearance, clearance_of
from branchdesk.customers.permissions import (
    CustomerAction,
    CustomerPermission,
    Policy,
    Scope,
    TargetKind,
)
from branchdesk.errors import PermissionDenied
from branchdesk.i18n import _
from branchdesk.secrecy import Level


@dataclass(frozen=True)
class FileAccess:
    """What the policy needs of a file, relative to the actor who asks."""

    id: int | None  # None: no particular file (an export, a clearance)
    level: Level
    owner_id: int | None = None
    assigned: bool = False  # the actor is among the file's assignees


NO_FILE = FileAccess(None, Level.INTERNAL)

_PERMISSION_OF = {
    Policy.CREATE: CustomerPermission.EDIT_CUSTOMERS,
    Policy.VIEW: CustomerPermission.VIEW_CUSTOMERS,
    Policy.LIST: CustomerPermission.VIEW_CUSTOMERS,
    Policy.EDIT: CustomerPermission.EDIT_CUSTOMERS,
    Policy.EDIT_TOP_SECRET: CustomerPermission.EDIT_CUSTOMERS,
    Policy.OPEN_ATTACHMENT: CustomerPermission.VIEW_CUSTOMERS,
    Policy.EXPORT: CustomerPermission.EXPORT_CUSTOMERS,
    Policy.RAISE_LEVEL: CustomerPermission.MANAGE_CUSTOMER_SECRECY,
    Policy.WHO_LOOKED: CustomerPermission.MANAGE_CUSTOMER_SECRECY,
    Policy.HAND_OVER: CustomerPermission.MANAGE_CUSTOMER_SECRECY,
    Policy.MANAGE_CLEARANCE: CustomerPermission.MANAGE_CUSTOMER_SECRECY,
}


def in_scope(clearance: Clearance, file: FileAccess) -> bool:
    if clearance.scope == Scope.ALL:
        return True
    if file.owner_id == clearance.user_id:
        return True
    return clearance.scope == Scope.ASSIGNED and file.assigned


def seen_level(clearance: Clearance, file: FileAccess) -> Level | None:
    """The highest level of this file's content the actor sees; None: nothing at all."""
    if clearance.level is None:
        return None
    if in_scope(clearance, file):
        return clearance.level
    return Level.INTERNAL


def decide(clearance: Clearance, actor: Actor, action: str, file: FileAccess, level=None) -> bool:
    """``level``: the level of the thing acted on when it is not the file's (an attachment)."""
    if not actor.can(_PERMISSION_OF[action]):
        return False
    seen = seen_level(clearance, file)
    if seen is None:
        return False
    if action == Policy.LIST:
        return True
    if action == Policy.VIEW:
        # Opening shows more than the row: secret fields at least, or an internal file whole.
        return seen >= min(Level.SECRET, file.level)
    if action == Policy.EDIT:
        return in_scope(clearance, file) and seen >= min(Level.SECRET, file.level)
    if action in (Policy.EDIT_TOP_SECRET, Policy.RAISE_LEVEL, Policy.WHO_LOOKED):
        return in_scope(clearance, file) and seen >= file.level
    if action == Policy.OPEN_ATTACHMENT:
        # As the file's detail lists them: what the actor's level for this file reaches.
        return seen >= Level(level)
    # Create, export, hand-over, clearances: the permission and some clearance decide.
    return True


def can(actor: Actor, action: str, file: FileAccess = NO_FILE, level=None) -> bool:
    return decide(clearance_of(actor.id), actor, action, file, level)


def require_can(actor: Actor | None, action: str, file: FileAccess = NO_FILE, level=None) -> None:
    """Raise PermissionDenied unless ``can``; the refusal is audited (R-S4: every attempt is
    attributable). Call it outside a write transaction, or the refusal's entry would be rolled
    back with it."""
    if actor is None:
        raise PermissionDenied(_("You do not have permission to do this."))
    check_session(actor)
    if can(actor, action, file, level):
        return
    target: dict[str, object] = {}
    data: dict[str, object] = {"attempted": action}
    if file.id is not None:
        target = {"target_kind": TargetKind.CUSTOMER, "target_id": file.id}
        data["level"] = int(file.level if level is None else level)
    record(actor, CustomerAction.CUSTOMER_REFUSED, data=data, **target)
    raise PermissionDenied(_("You do not have permission to do this."))
