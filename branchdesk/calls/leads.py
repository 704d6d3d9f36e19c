"""Leads (R-C12, R-C14): a customer worth following up, recorded from a call and graded A, B
or C. An A or B grade is the customer file's grade and needs the R-C14 conditions, which the
customer files check when the grade is set (``grade_customer``). A lead is owned by the agent
who recorded it (R-F5): a leaver's leads are handed over with their files."""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.log import TargetKind as CoreTarget
from branchdesk.audit.log import record
from branchdesk.auth.session import Actor, require
from branchdesk.calls.access import require_calls, sees_all
from branchdesk.calls.permissions import LEAD_GRADES, CallAction, CallPermission
from branchdesk.clock import now as clock_now
from branchdesk.customers.service import check_owner, grade_customer
from branchdesk.db.models import Call, Lead
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _


def record_lead(
    actor: Actor,
    customer_id: int,
    grade: str,
    *,
    call_id: int | None = None,
    visited_at: datetime | None = None,
    signed: bool = False,
    now: datetime | None = None,
) -> int:
    """Record a lead graded ``grade`` for the customer file; returns the lead's id."""
    require_calls(actor)
    if grade not in LEAD_GRADES:
        raise ValidationError({"grade": _("Choose A, B or C.")})
    if call_id is not None:
        call = Call.get_or_none(Call.id == call_id)
        if call is None or (call.agent_id != actor.id and not sees_all(actor)):
            raise ValidationError({"call": _("This call is not yours.")})
    at = now or clock_now()
    with write_transaction():
        # R-C14 is checked (and the grade set, audited) by the customer files.
        grade_customer(actor, customer_id, grade, visited_at=visited_at, signed=signed, now=at)
        lead = Lead.create(call=call_id, customer=customer_id, owner=actor.id, grade=grade,
                           created_at=at)  # fmt: skip
        record(actor, CallAction.LEAD_RECORDED, at=at, data={"grade": grade, "call": call_id},
               target_kind="customer", target_id=customer_id)  # fmt: skip
    return lead.id


def owned_leads(user_id: int) -> int:
    return Lead.select().where(Lead.owner == user_id).count()


def hand_over_leads(actor: Actor, from_user: int, to_user: int, now: datetime | None = None) -> int:
    """A leaver's leads to another owner (R-F5), by the manager; returns how many."""
    require(actor, CallPermission.VIEW_ALL_CALLS)
    errors: dict[str, str] = {}
    check_owner(errors, to_user)
    if errors:
        raise ValidationError(errors)
    at = now or clock_now()
    with write_transaction():
        count = Lead.update(owner=to_user).where(Lead.owner == from_user).execute()
        if count:
            record(actor, CallAction.LEADS_HANDED_OVER, at=at,
                   data={"to_user": to_user, "count": count},
                   target_kind=CoreTarget.USER, target_id=from_user)  # fmt: skip
    return count
