"""A leaver's files handed to another owner (R-F5): only the manager decides, per file or all
at once, and the handover is audited. Until then the leaver cannot be deactivated (the area
declares what a user owns; ``auth.users`` asks before deactivating)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import datetime

from branchdesk.audit.log import TargetKind as CoreTarget
from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.forms import check_owner
from branchdesk.customers.loading import load_files
from branchdesk.customers.permissions import CustomerAction, Policy
from branchdesk.customers.policy import require_can
from branchdesk.customers.records import CustomerRow
from branchdesk.db.models import Customer, CustomerAssignee, User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _

ALL_FILES = None


def owned_files(actor: Actor, user_id: int) -> list[CustomerRow]:
    """The files ``user_id`` owns, as the manager sees them, to pick who takes each."""
    require_can(actor, Policy.HAND_OVER)
    query = Customer.select().where(Customer.owner == user_id).order_by(Customer.id)
    rows = [loaded.row for loaded in load_files(list(query), clearance_of(actor.id))]
    return [row for row in rows if row is not None]


def hand_over_each(
    actor: Actor, from_user: int, new_owners: Mapping[int, int], now: datetime | None = None
) -> int:
    """Per file: ``new_owners`` maps each file to who takes it. One handover (and one audit
    entry) per new owner; returns how many files changed hands."""
    by_owner: dict[int, list[int]] = {}
    for file_id, to_user in new_owners.items():
        by_owner.setdefault(to_user, []).append(file_id)
    return sum(
        hand_over(actor, from_user, to_user, sorted(ids), now=now)
        for to_user, ids in sorted(by_owner.items())
    )


def owned_file_ids(actor: Actor, user_id: int) -> list[int]:
    """The files ``user_id`` owns, for the manager picking which to hand to whom."""
    require_can(actor, Policy.HAND_OVER)
    query = Customer.select(Customer.id).where(Customer.owner == user_id).order_by(Customer.id)
    return [row.id for row in query]


def hand_over(
    actor: Actor,
    from_user: int,
    to_user: int,
    file_ids: Sequence[int] | None = ALL_FILES,
    now: datetime | None = None,
) -> int:
    """Give ``from_user``'s files (these, or all of them) to ``to_user``; returns how many.
    The leaver's assignments to those files end with it."""
    require_can(actor, Policy.HAND_OVER)
    if User.get_or_none(User.id == from_user) is None:
        raise NotFound(_("This user no longer exists."))
    errors: dict[str, str] = {}
    check_owner(errors, to_user)
    if to_user == from_user:
        errors["owner"] = _("Choose someone else to take the files over.")
    if errors:
        raise ValidationError(errors)
    at = now or clock_now()
    with write_transaction():
        query = Customer.select(Customer.id).where(Customer.owner == from_user)
        if file_ids is not None:
            query = query.where(Customer.id.in_(list(file_ids)))
        ids = [row.id for row in query]
        if file_ids is not None and len(ids) != len(set(file_ids)):
            raise ValidationError({"files": _("Some of these files are not the user's.")})
        if not ids:
            return 0
        Customer.update(owner=to_user, updated_at=at).where(Customer.id.in_(ids)).execute()
        CustomerAssignee.delete().where(
            (CustomerAssignee.user == from_user) & CustomerAssignee.customer.in_(ids)
        ).execute()
        data = {"to_user": to_user, "count": len(ids), "files": ids[:200]}
        record(actor, CustomerAction.CUSTOMERS_HANDED_OVER, at=at, data=data,
               target_kind=CoreTarget.USER, target_id=from_user)  # fmt: skip
    return len(ids)


def assign(actor: Actor, customer_id: int, user_id: int) -> None:
    """Add ``user_id`` to a file's assignees (an agent whose scope is "assigned" then works it)."""
    require_can(actor, Policy.HAND_OVER)
    errors: dict[str, str] = {}
    check_owner(errors, user_id)
    if errors:
        raise ValidationError(errors)
    if Customer.get_or_none(Customer.id == customer_id) is None:
        raise NotFound(_("This customer file does not exist."))
    with write_transaction():
        CustomerAssignee.insert(customer=customer_id, user=user_id).on_conflict_ignore().execute()
        record(actor, CustomerAction.CUSTOMERS_HANDED_OVER, data={"user": user_id},
               target_kind="customer", target_id=customer_id)  # fmt: skip
