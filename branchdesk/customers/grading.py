"""Grading a customer A, B or C (R-C14): an A or B grade needs a salesperson's visit, a
complete customer file and the salesperson's signed confirmation, checked before it is set."""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.customers.loading import access_of, assigned_to
from branchdesk.customers.permissions import GRADES, CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.db.models import Customer, CustomerContact, CustomerPhone
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _

LEAD_GRADES = ("A", "B")


def missing_for_complete_file(customer: Customer) -> list[str]:
    """What a file lacks to count as complete (R-C14): translated phrases, empty if none."""
    missing = []
    if not CustomerPhone.select().where(CustomerPhone.customer == customer).exists():
        missing.append(_("a phone number"))
    if not CustomerContact.select().where(CustomerContact.customer == customer).exists():
        missing.append(_("a contact"))
    if customer.consent_at is None or customer.consent_withdrawn_at is not None:
        missing.append(_("the customer's consent"))
    return missing


def grade_customer(
    actor: Actor,
    customer_id: int,
    grade: str,
    *,
    visited_at: datetime | None = None,
    signed: bool = False,
    now: datetime | None = None,
) -> None:
    """Set the grade. For A or B: ``visited_at`` (or a visit recorded before) is when a
    salesperson visited, and ``signed`` is the acting salesperson confirming with their
    signature (recorded as theirs)."""
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("This customer file does not exist."))
    access = access_of(customer, customer.id in assigned_to(actor.id, [customer.id]))
    require_can(actor, Policy.EDIT, access)
    errors: dict[str, str] = {}
    if grade not in GRADES:
        errors["grade"] = _("Choose A, B, C or no grade.")
    visited = visited_at or customer.visited_at
    if grade in LEAD_GRADES:
        if visited is None:
            errors["visited_at"] = _("An A or B grade needs a salesperson's visit (R-C14).")
        missing = missing_for_complete_file(customer)
        if missing:
            errors["grade"] = _("The customer file is not complete: it lacks {what}.").format(
                what=_(", ").join(missing)
            )
        if not signed:
            errors["signed"] = _("The salesperson confirms an A or B grade with their signature.")
    if errors:
        raise ValidationError(errors)
    at = now or clock_now()
    with write_transaction():
        old = {"grade": customer.grade}
        Customer.update(
            grade=grade,
            visited_at=visited,
            grade_signed_by=actor.id if grade in LEAD_GRADES else None,
            updated_at=at,
        ).where(Customer.id == customer_id).execute()
        record(actor, CustomerAction.CUSTOMER_GRADED, at=at, old=old, new={"grade": grade},
               target_kind=TargetKind.CUSTOMER, target_id=customer_id)  # fmt: skip
