"""Customer files: create, change, open, link by phone, raise a level (R-S1 … R-S5).

Every function takes the acting user first; access is decided by ``policy`` (refusals are
audited there) and every returned value is masked by ``masking`` for that actor. Lists and
search are in ``listing``, attachments in ``attachments``, R-C14 grading in ``grading``,
leavers' files in ``handover`` and clearances in ``clearance_requests``; this module re-exports
them so other areas import one module.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import IntegrityError

from branchdesk.area_registry import link_phones_to_file
from branchdesk.audit.log import record
from branchdesk.auth.session import Actor, check_session
from branchdesk.clock import now as clock_now
from branchdesk.customers.attachments import add_attachment, open_attachment
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.clearance_requests import (
    approve_clearance,
    pending_clearances,
    set_clearance,
)
from branchdesk.customers.detail import detail_for
from branchdesk.customers.editing import (
    DuplicateCustomer,
    audited_change,
    change_phone,
    one_phone,
    refuse_duplicates,
    remove_contact,
    remove_phone,
    update_contact,
    write_grams,
)
from branchdesk.customers.forms import check_owner, clean_contact, clean_tags
from branchdesk.customers.forms import clean_customer_form as _clean_form
from branchdesk.customers.grading import grade_customer
from branchdesk.customers.handover import (
    assign,
    hand_over,
    hand_over_each,
    owned_file_ids,
    owned_files,
)
from branchdesk.customers.listing import (
    CustomerFilter,
    cursor_after,
    find_customers,
    search_customers,
)
from branchdesk.customers.loading import access_of, assigned_to
from branchdesk.customers.masking import mask_name, mask_phone
from branchdesk.customers.oversight import who_looked
from branchdesk.customers.permissions import KINDS, SOURCES, CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import can, require_can, seen_level
from branchdesk.customers.records import (
    ContactForm,
    CustomerChanges,
    CustomerDetail,
    CustomerForm,
)
from branchdesk.db.models import Customer, CustomerContact, CustomerPhone
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.secrecy import Level, level_name
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_name, clean_text

# R-S1: a customer file is top secret unless the manager decides otherwise.
DEFAULT_FILE_LEVEL = Level.TOP_SECRET


def _customer(customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("This customer file does not exist."))
    return customer


def _access(actor: Actor, customer: Customer):
    return access_of(customer, customer.id in assigned_to(actor.id, [customer.id]))


def _add_contact_rows(customer: Customer, contact: dict) -> CustomerContact:
    row = CustomerContact.create(
        customer=customer,
        name=contact["name"],
        title=contact["title"],
        department=contact["department"],
        address=contact["address"],
    )
    for phone in contact["phones"]:
        CustomerPhone.create(customer=customer, contact=row, phone=phone)
    return row


def create_customer(
    actor: Actor, form: CustomerForm, now: datetime | None = None
) -> CustomerDetail:
    """A new file, owned by ``form.owner_id`` or the actor. A number already on a file raises
    DuplicateCustomer; a level below the default needs the manager's secrecy permission."""
    require_can(actor, Policy.CREATE)
    at = now or clock_now()
    owner_id = form.owner_id or actor.id
    values = _clean_form(form, owner_id)
    level = DEFAULT_FILE_LEVEL if form.level is None else Level(form.level)
    if level < DEFAULT_FILE_LEVEL and not can(actor, Policy.RAISE_LEVEL):
        raise ValidationError({"level": _("Only a manager may file a customer below top secret.")})
    all_phones = values["phones"] + [p for c in values["contacts"] for p in c["phones"]]
    if len(set(all_phones)) != len(all_phones):
        raise ValidationError({"phones": _("The same number is entered twice.")})
    try:
        with write_transaction():
            refuse_duplicates(actor, all_phones)
            customer = Customer.create(
                kind=values["kind"],
                name=values["name"],
                organisation=values["organisation"],
                source=values["source"],
                owner=owner_id,
                tags=values["tags"],
                notes=values["notes"],
                level=int(level),
                consent_told=values["consent_told"],
                consent_at=values["consent_at"],
                created_at=at,
                created_by=actor.id,
                updated_at=at,
            )
            for phone in values["phones"]:
                CustomerPhone.create(customer=customer, phone=phone)
            for contact in values["contacts"]:
                _add_contact_rows(customer, contact)
            write_grams(customer)
            link_phones_to_file(customer.id, all_phones)
            new = {"level": int(level), "owner": owner_id, "source": values["source"]}
            record(actor, CustomerAction.CUSTOMER_CREATED, at=at, new=new,
                   target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    except IntegrityError:
        # Another desk filed the same number between the check and the write.
        refuse_duplicates(actor, all_phones)
        raise
    return detail_for(actor, customer)


def get_customer(actor: Actor, customer_id: int) -> CustomerDetail:
    """Open one file. Opening a secret or top-secret file is audited with the level the actor
    saw (R-S4); a refusal is audited by the policy."""
    customer = _customer(customer_id)
    require_can(actor, Policy.VIEW, _access(actor, customer))
    detail = detail_for(actor, customer)
    if customer.level >= Level.SECRET:
        record(actor, CustomerAction.CUSTOMER_VIEWED, data={"seen": int(detail.row.seen_at)},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail


def update_customer(
    actor: Actor, customer_id: int, changes: CustomerChanges, now: datetime | None = None
) -> CustomerDetail:
    customer = _customer(customer_id)
    access = _access(actor, customer)
    require_can(actor, Policy.EDIT, access)
    if changes.notes is not None and changes.notes != customer.notes:
        require_can(actor, Policy.EDIT_TOP_SECRET, access)
    errors: dict[str, str] = {}
    values: dict[str, object] = {}
    if changes.name is not None:
        values["name"] = clean_name(errors, "name", changes.name, max_length=100)
    if changes.organisation is not None:
        values["organisation"] = clean_text(errors, "organisation", changes.organisation,
                                            max_length=100)  # fmt: skip
    if changes.kind is not None:
        values["kind"] = changes.kind
        if changes.kind not in KINDS:
            errors["kind"] = _("Choose a person or an organisation.")
    if changes.source is not None:
        values["source"] = changes.source
        if changes.source not in SOURCES:
            errors["source"] = _("Choose where the customer came from.")
    if changes.tags is not None:
        values["tags"] = ",".join(clean_tags(errors, changes.tags))
    if changes.notes is not None:
        values["notes"] = clean_text(errors, "notes", changes.notes, max_length=4000,
                                     multiline=True)  # fmt: skip
    if changes.consent_told is not None:
        values["consent_told"] = clean_text(errors, "consent_told", changes.consent_told,
                                            max_length=1000, multiline=True)  # fmt: skip
    if changes.consent_at is not None:
        values["consent_at"] = changes.consent_at
    at = now or clock_now()
    if changes.consent_withdrawn is not None:
        values["consent_withdrawn_at"] = at if changes.consent_withdrawn else None
    if errors:
        raise ValidationError(errors)
    changed = sorted(k for k, v in values.items() if getattr(customer, k) != v)
    if changed:
        # Old and new as the log may keep them: categories in full, names masked, the file's
        # secret text (notes, tags, consent) only named (R-S1).
        old, new = audited_change(
            {k: getattr(customer, k) for k in changed}, {k: values[k] for k in changed}
        )
        with write_transaction():
            Customer.update(updated_at=at, **values).where(Customer.id == customer.id).execute()
            customer = _customer(customer_id)
            write_grams(customer)
            record(actor, CustomerAction.CUSTOMER_UPDATED, at=at, data={"fields": changed},
                   old=old, new=new, target_kind=TargetKind.CUSTOMER,
                   target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def add_phone(
    actor: Actor, customer_id: int, phone: str, contact_id: int | None = None
) -> CustomerDetail:
    customer = _customer(customer_id)
    require_can(actor, Policy.EDIT, _access(actor, customer))
    phones = [one_phone(phone)]
    if (
        contact_id is not None
        and not CustomerContact.select()
        .where((CustomerContact.id == contact_id) & (CustomerContact.customer == customer))
        .exists()
    ):
        raise ValidationError({"contact": _("This contact is not on this file.")})
    with write_transaction():
        refuse_duplicates(actor, phones, "phone")
        CustomerPhone.create(customer=customer, contact=contact_id, phone=phones[0])
        write_grams(customer)
        link_phones_to_file(customer.id, phones)
        record(actor, CustomerAction.PHONE_ADDED, new={"phone": mask_phone(phones[0])},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def add_contact(actor: Actor, customer_id: int, form: ContactForm) -> CustomerDetail:
    customer = _customer(customer_id)
    require_can(actor, Policy.EDIT, _access(actor, customer))
    errors: dict[str, str] = {}
    contact = clean_contact(errors, "", form)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        refuse_duplicates(actor, contact["phones"])
        _add_contact_rows(customer, contact)
        write_grams(customer)
        link_phones_to_file(customer.id, contact["phones"])
        record(actor, CustomerAction.CONTACT_ADDED, target_kind=TargetKind.CUSTOMER,
               target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def raise_level(actor: Actor, customer_id: int, level: Level, reason: str) -> CustomerDetail:
    """The manager raises one file's level (R-S1); never lowers it. Audited with the reason."""
    customer = _customer(customer_id)
    require_can(actor, Policy.RAISE_LEVEL, _access(actor, customer))
    errors: dict[str, str] = {}
    reason = clean_text(errors, "reason", reason, required=True, max_length=300)
    if Level(level) <= customer.level:
        errors["level"] = _("The file is already {level}; a level can only be raised.").format(
            level=level_name(Level(customer.level))
        )
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        old = int(customer.level)
        Customer.update(level=int(level)).where(Customer.id == customer.id).execute()
        record(actor, CustomerAction.CUSTOMER_LEVEL_RAISED, old={"level": old},
               new={"level": int(level)}, data={"reason": reason},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, _customer(customer_id))


def customer_id_for_phone(actor: Actor, phone: str) -> int | None:
    """The file a number belongs to, for a visit or a call carrying it to be linked to; None
    when it is on no file. Linking does not depend on who records the visit (the front desk
    links a top-secret file's visits too), so the answer is for storing, never for showing:
    a record's link is read back only through the file (``file_level_seen``)."""
    check_session(actor)
    try:
        normalized = normalize_phone(phone, get_setting("phone_region"))
    except InvalidPhone:
        return None
    found = CustomerPhone.select(CustomerPhone.customer).where(CustomerPhone.phone == normalized)
    row = found.first()
    return None if row is None else row.customer_id


def file_level_seen(actor: Actor, customer_id: int) -> Level:
    """What the actor sees of this file, for an area showing records linked to it (a file's
    visits): refused, and the refusal audited, as opening the file would be."""
    customer = _customer(customer_id)
    access = _access(actor, customer)
    require_can(actor, Policy.VIEW, access)
    seen = seen_level(clearance_of(actor.id), access)
    return Level.INTERNAL if seen is None else seen


def clearance_level(actor: Actor) -> Level | None:
    """The highest secrecy level the actor may see (None: no customer content), read from the
    account every time: another area's secret records (calls) ask here."""
    return clearance_of(actor.id).level


@dataclass(frozen=True)
class OwnerChoice:
    id: int
    name: str


def owner_choices(actor: Actor) -> list[OwnerChoice]:
    """Who a file can be given to (active agents and managers), for the owner picker."""
    require_can(actor, Policy.CREATE)
    from branchdesk.customers.forms import OWNER_ROLES
    from branchdesk.db.models import User
    from branchdesk.i18n.collation import sorted_by_name

    users = User.select().where(User.active == True, User.role.in_(OWNER_ROLES))  # noqa: E712
    choices = [OwnerChoice(u.id, u.display_name) for u in users]
    return sorted_by_name(choices, lambda c: c.name)


__all__ = [
    "CustomerFilter", "add_attachment", "approve_clearance", "assign", "cursor_after",
    "find_customers", "grade_customer", "hand_over", "open_attachment", "owned_file_ids",
    "pending_clearances", "search_customers", "set_clearance", "who_looked",
    "DuplicateCustomer", "add_contact", "add_phone", "check_owner", "create_customer",
    "customer_id_for_phone", "file_level_seen", "mask_name", "mask_phone", "get_customer",
    "owner_choices", "raise_level", "update_customer", "change_phone", "remove_phone",
    "update_contact", "remove_contact", "hand_over_each", "owned_files", "TargetKind",
    "clearance_level",
]  # fmt: skip
