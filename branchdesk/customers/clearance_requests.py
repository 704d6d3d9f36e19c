"""Changing a user's clearance and scope. Lowering, or raising below top secret, takes effect
at once; raising anyone to top secret waits until a second manager, neither the one who asked
nor the user concerned, approves (four eyes, R-S5). Every step is audited."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from branchdesk.audit.log import TargetKind as CoreTarget
from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.customers.clearance import NO_CLEARANCE, clearance_of
from branchdesk.customers.permissions import CustomerAction, Policy, Scope, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.db.models import ClearanceRequest, User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _
from branchdesk.secrecy import Level
from branchdesk.validation import clean_text


@dataclass(frozen=True)
class PendingClearance:
    id: int
    user_id: int
    user_name: str
    level: Level
    reason: str
    requested_by: str
    requested_by_id: int
    requested_at: datetime


def _stored(level: Level | None) -> int:
    return NO_CLEARANCE if level is None else int(level)


def _user(user_id: int) -> User:
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    return user


def set_clearance(
    actor: Actor,
    user_id: int,
    level: Level | None,
    reason: str,
    scope: Scope | None = None,
    now: datetime | None = None,
) -> PendingClearance | None:
    """Change at once and return None, or, for a raise to top secret, return the request that
    waits for a second manager. ``level`` None: no customer content at all."""
    require_can(actor, Policy.MANAGE_CLEARANCE)
    user = _user(user_id)
    errors: dict[str, str] = {}
    reason = clean_text(errors, "reason", reason, required=True, max_length=300)
    if scope is not None and scope not in set(Scope):
        errors["scope"] = _("Choose whose files the user sees.")
    if errors:
        raise ValidationError(errors)
    current = clearance_of(user_id)
    at = now or clock_now()
    target = {"target_kind": CoreTarget.USER, "target_id": user_id}
    raising_to_top = level == Level.TOP_SECRET and current.level != Level.TOP_SECRET
    with write_transaction():
        if scope is not None and Scope(scope) != current.scope:
            User.update(scope=str(scope)).where(User.id == user_id).execute()
            record(actor, CustomerAction.CLEARANCE_CHANGED, at=at, old={"scope": current.scope},
                   new={"scope": str(scope)}, data={"reason": reason}, **target)  # fmt: skip
        if raising_to_top:
            request = ClearanceRequest.create(
                user=user_id, level=int(level), reason=reason, requested_by=actor.id,
                requested_at=at,
            )  # fmt: skip
            record(actor, CustomerAction.CLEARANCE_REQUESTED, at=at,
                   data={"user": user_id, "clearance": int(level), "reason": reason},
                   target_kind=TargetKind.CLEARANCE_REQUEST, target_id=request.id)  # fmt: skip
            return _pending(request, user, actor.display_name)
        if level != current.level:
            User.update(clearance=_stored(level)).where(User.id == user_id).execute()
            record(actor, CustomerAction.CLEARANCE_CHANGED, at=at,
                   old={"clearance": _stored(current.level)}, new={"clearance": _stored(level)},
                   data={"reason": reason}, **target)  # fmt: skip
    return None


def _pending(request: ClearanceRequest, user: User, requested_by: str) -> PendingClearance:
    return PendingClearance(request.id, user.id, user.display_name, Level(request.level),
                            request.reason, requested_by, request.requested_by_id,
                            request.requested_at)  # fmt: skip


def pending_clearances(actor: Actor) -> list[PendingClearance]:
    require_can(actor, Policy.MANAGE_CLEARANCE)
    query = (
        ClearanceRequest.select()
        .where(ClearanceRequest.approved_at.is_null())
        .order_by(ClearanceRequest.id)
    )
    found = []
    for request in query:
        found.append(_pending(request, _user(request.user_id),
                              _user(request.requested_by_id).display_name))  # fmt: skip
    return found


def approve_clearance(actor: Actor, request_id: int, now: datetime | None = None) -> None:
    """The second manager's approval: never the one who asked, nor the user raised."""
    require_can(actor, Policy.MANAGE_CLEARANCE)
    request = ClearanceRequest.get_or_none(ClearanceRequest.id == request_id)
    if request is None or request.approved_at is not None:
        raise NotFound(_("This request is no longer waiting for approval."))
    if actor.id in (request.requested_by_id, request.user_id):
        raise ValidationError(
            {
                "approved_by": _(
                    "A second manager must approve: not the one who asked, nor the user concerned."
                )
            }  # fmt: skip
        )
    at = now or clock_now()
    old = _stored(clearance_of(request.user_id).level)
    with write_transaction():
        updated = (
            ClearanceRequest.update(approved_by=actor.id, approved_at=at)
            .where((ClearanceRequest.id == request_id) & ClearanceRequest.approved_at.is_null())
            .execute()
        )
        if not updated:
            raise NotFound(_("This request is no longer waiting for approval."))
        User.update(clearance=request.level).where(User.id == request.user_id).execute()
        record(actor, CustomerAction.CLEARANCE_CHANGED, at=at, old={"clearance": old},
               new={"clearance": request.level},
               data={"request": request_id, "approved_by": actor.id, "reason": request.reason},
               target_kind=CoreTarget.USER, target_id=request.user_id)  # fmt: skip
