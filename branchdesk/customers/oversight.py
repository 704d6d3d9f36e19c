""" "Who looked at this": the manager reads a file's audit entries (views, prints, exports,
attachment openings, refusals), one indexed query on the log's (kind, id) target."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from branchdesk.audit.log import entries_for_target, record
from branchdesk.auth.session import Actor
from branchdesk.customers.loading import access_of, assigned_to
from branchdesk.customers.permissions import CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.db.models import Customer, CustomerAttachment
from branchdesk.errors import NotFound
from branchdesk.i18n import _


@dataclass(frozen=True)
class Look:
    at: datetime
    actor_id: int | None
    actor_name: str
    action: str
    desk: str
    target_kind: str
    target_id: str


def who_looked(actor: Actor, customer_id: int) -> list[Look]:
    """Every entry about the file and its attachments, oldest first."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("This customer file does not exist."))
    access = access_of(customer, customer.id in assigned_to(actor.id, [customer.id]))
    require_can(actor, Policy.WHO_LOOKED, access)
    entries = list(entries_for_target(TargetKind.CUSTOMER, customer_id))
    attachment_ids = CustomerAttachment.select(CustomerAttachment.id).where(
        CustomerAttachment.customer == customer_id
    )
    for attachment in attachment_ids:
        entries.extend(entries_for_target(TargetKind.ATTACHMENT, attachment.id))
    entries.sort(key=lambda e: e.id)
    record(actor, CustomerAction.WHO_LOOKED_VIEWED,
           target_kind=TargetKind.CUSTOMER, target_id=customer_id)  # fmt: skip
    return [
        Look(
            e.at,
            e.actor_id,
            e.actor_name_now or e.actor_name,
            e.action,
            e.desk,
            e.target_kind,
            e.target_id,
        )  # fmt: skip
        for e in entries
    ]
