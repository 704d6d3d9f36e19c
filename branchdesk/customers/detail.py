"""One file's detail as an actor may see it: the row, contacts with their numbers and the
attachments the actor may open, shaped by ``masking``."""

from __future__ import annotations

from dataclasses import replace

from branchdesk.auth.session import Actor
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.loading import load_file
from branchdesk.customers.masking import attachment_info, shape_detail, user_names
from branchdesk.customers.permissions import Policy
from branchdesk.customers.policy import decide
from branchdesk.customers.records import CustomerDetail
from branchdesk.db.models import Customer, CustomerAttachment, CustomerContact, CustomerPhone
from branchdesk.errors import NotFound
from branchdesk.i18n import _


def detail_for(actor: Actor, customer: Customer) -> CustomerDetail:
    """The file as this actor may see it, read without auditing: the callers audit."""
    clearance = clearance_of(actor.id)
    loaded = load_file(customer, clearance)
    contacts = list(CustomerContact.select().where(CustomerContact.customer == customer))
    attachments = list(
        CustomerAttachment.select(
            CustomerAttachment.id, CustomerAttachment.file_name, CustomerAttachment.mime,
            CustomerAttachment.size, CustomerAttachment.sha256, CustomerAttachment.level,
            CustomerAttachment.added_at, CustomerAttachment.added_by,
        ).where(CustomerAttachment.customer == customer).order_by(CustomerAttachment.id)
    )  # fmt: skip
    users = user_names([customer.grade_signed_by_id] + [a.added_by_id for a in attachments])
    infos = [attachment_info(a, users.get(a.added_by_id, "")) for a in attachments]
    if loaded.row is None:
        raise NotFound(_("This customer file does not exist."))
    contact_phones: dict[int, list[str]] = {}
    query = CustomerPhone.select(CustomerPhone.contact, CustomerPhone.phone).where(
        (CustomerPhone.customer == customer) & CustomerPhone.contact.is_null(False)
    )
    for phone in query.order_by(CustomerPhone.id):
        contact_phones.setdefault(phone.contact_id, []).append(phone.phone)
    detail = shape_detail(customer, loaded.row, contacts, infos, users, contact_phones)
    return replace(detail, editable=decide(clearance, actor, Policy.EDIT, loaded.access))
