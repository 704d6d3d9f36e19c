"""Changing a file's numbers and contacts: add, change, remove, each through the policy and
audited with the old and the new value as the audit log may keep them (``audited_value``:
numbers and names masked, the file's secret text never, R-S4 and R-S5). A number given to or
taken from a file moves the links of the records carrying it (visits, calls)."""

from __future__ import annotations

from branchdesk.area_registry import link_phones_to_file
from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.detail import detail_for
from branchdesk.customers.forms import clean_contact, clean_phones
from branchdesk.customers.loading import access_of, assigned_to, load_file
from branchdesk.customers.masking import mask_name, mask_phone
from branchdesk.customers.permissions import CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.customers.records import ContactForm, CustomerDetail, CustomerRow
from branchdesk.customers.search_grams import customer_grams
from branchdesk.db.models import Customer, CustomerContact, CustomerPhone, CustomerSearchGram
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _
from branchdesk.secrecy import Level

# What an audit entry keeps of a changed field: categories in full, a name or number masked,
# free text (notes, tags, consent, addresses) not at all — only that it changed.
_IN_FULL = ("kind", "source", "grade", "level", "owner", "title")
_MASKED = {"name": mask_name, "phone": mask_phone, "phones": mask_phone}


class DuplicateCustomer(ValidationError):
    """One person, one file: the number belongs to an existing file, shown masked for the
    actor (``existing``), so the desk can ask its owner instead of making a second file."""

    def __init__(self, existing: CustomerRow, field: str = "phones") -> None:
        message = _("This number already belongs to customer file {id} ({name}), owned by {owner}.")
        super().__init__(
            {field: message.format(id=existing.id, name=existing.name, owner=existing.owner_name)}
        )
        self.existing = existing


def audited_value(field: str, value: object) -> object:
    if value is None or value == "" or field in _IN_FULL:
        return value
    if field in _MASKED:
        if isinstance(value, list | tuple):
            return [_MASKED[field](str(v)) for v in value]
        return _MASKED[field](str(value))
    return "…"


def audited_change(old: dict, new: dict) -> tuple[dict, dict]:
    return (
        {key: audited_value(key, value) for key, value in old.items()},
        {key: audited_value(key, value) for key, value in new.items()},
    )


def file_for_edit(actor: Actor, customer_id: int) -> Customer:
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("This customer file does not exist."))
    access = access_of(customer, customer.id in assigned_to(actor.id, [customer.id]))
    require_can(actor, Policy.EDIT, access)
    return customer


def nothing_row(customer: Customer) -> CustomerRow:
    """For an actor with no clearance: the file's number only (its existence is what the
    unique number reveals anyway)."""
    return CustomerRow(customer.id, "", "", "", (), "", "", "", (), Level(customer.level),
                       Level.INTERNAL, frozenset())  # fmt: skip


def refuse_duplicates(actor: Actor, phones: list[str], field: str = "phones") -> None:
    taken = (
        CustomerPhone.select().where(CustomerPhone.phone.in_(phones)).first() if phones else None
    )
    if taken is not None:
        holder = Customer.get_by_id(taken.customer_id)
        loaded = load_file(holder, clearance_of(actor.id))
        raise DuplicateCustomer(loaded.row or nothing_row(holder), field)


def write_grams(customer: Customer) -> None:
    phones = [p.phone for p in CustomerPhone.select().where(CustomerPhone.customer == customer)]
    CustomerSearchGram.delete().where(CustomerSearchGram.customer == customer).execute()
    grams = customer_grams(customer.name, customer.organisation, phones)
    CustomerSearchGram.insert_many(
        [(g, customer.id) for g in sorted(grams)],
        fields=[CustomerSearchGram.gram, CustomerSearchGram.customer],
    ).execute()


def _phone_on_file(customer: Customer, phone: str) -> CustomerPhone:
    errors: dict[str, str] = {}
    cleaned = clean_phones(errors, "phone", [phone])
    found = (
        CustomerPhone.get_or_none(
            (CustomerPhone.customer == customer) & (CustomerPhone.phone == cleaned[0])
        )
        if cleaned
        else None
    )
    if found is None:
        raise ValidationError({"phone": _("This number is not on this file.")})
    return found


def one_phone(typed: str) -> str:
    """One number typed into a file, normalised; refused by field when it is none."""
    errors: dict[str, str] = {}
    phones = clean_phones(errors, "phone", [typed])
    if not phones and not errors:
        errors["phone"] = _("Enter a phone number.")
    if errors:
        raise ValidationError(errors)
    return phones[0]


def change_phone(actor: Actor, customer_id: int, old_phone: str, new_phone: str) -> CustomerDetail:
    """Replace one of the file's numbers; a number on another file is refused (one person,
    one file). The records carrying the old number are no longer linked, the new one's are."""
    customer = file_for_edit(actor, customer_id)
    row = _phone_on_file(customer, old_phone)
    phone = one_phone(new_phone)
    if phone == row.phone:
        return detail_for(actor, customer)
    with write_transaction():
        refuse_duplicates(actor, [phone], "phone")
        old = row.phone
        CustomerPhone.update(phone=phone).where(CustomerPhone.id == row.id).execute()
        write_grams(customer)
        link_phones_to_file(None, [old])
        link_phones_to_file(customer.id, [phone])
        before, after = audited_change({"phone": old}, {"phone": phone})
        record(actor, CustomerAction.PHONE_CHANGED, old=before, new=after,
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def remove_phone(actor: Actor, customer_id: int, phone: str) -> CustomerDetail:
    customer = file_for_edit(actor, customer_id)
    row = _phone_on_file(customer, phone)
    with write_transaction():
        CustomerPhone.delete().where(CustomerPhone.id == row.id).execute()
        write_grams(customer)
        link_phones_to_file(None, [row.phone])
        record(actor, CustomerAction.PHONE_REMOVED, old={"phone": mask_phone(row.phone)},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def _contact_of(customer: Customer, contact_id: int) -> CustomerContact:
    contact = CustomerContact.get_or_none(
        (CustomerContact.id == contact_id) & (CustomerContact.customer == customer)
    )
    if contact is None:
        raise NotFound(_("This contact is not on this file."))
    return contact


def update_contact(
    actor: Actor, customer_id: int, contact_id: int, form: ContactForm
) -> CustomerDetail:
    """A contact's name, title, department, address and numbers as typed now: numbers left
    out are taken from the file, new ones checked as any number given to a file."""
    customer = file_for_edit(actor, customer_id)
    contact = _contact_of(customer, contact_id)
    errors: dict[str, str] = {}
    values = clean_contact(errors, "", form)
    if errors:
        raise ValidationError(errors)
    held = [p.phone for p in CustomerPhone.select().where(CustomerPhone.contact == contact)]
    added = [p for p in values["phones"] if p not in held]
    dropped = [p for p in held if p not in values["phones"]]
    fields = ("name", "title", "department", "address")
    old = {key: getattr(contact, key) for key in fields if getattr(contact, key) != values[key]}
    new = {key: values[key] for key in old}
    if added or dropped:
        old["phones"], new["phones"] = held, values["phones"]
    if not old:
        return detail_for(actor, customer)
    with write_transaction():
        refuse_duplicates(actor, added)
        CustomerContact.update({key: values[key] for key in fields}).where(
            CustomerContact.id == contact.id
        ).execute()
        if dropped:
            CustomerPhone.delete().where(
                (CustomerPhone.contact == contact) & CustomerPhone.phone.in_(dropped)
            ).execute()
        for phone in added:
            CustomerPhone.create(customer=customer, contact=contact, phone=phone)
        write_grams(customer)
        link_phones_to_file(None, dropped)
        link_phones_to_file(customer.id, added)
        before, after = audited_change(old, new)
        record(actor, CustomerAction.CONTACT_CHANGED, old=before, new=after,
               data={"contact": contact.id},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)


def remove_contact(actor: Actor, customer_id: int, contact_id: int) -> CustomerDetail:
    """The contact goes with their numbers (the file keeps the numbers it holds itself)."""
    customer = file_for_edit(actor, customer_id)
    contact = _contact_of(customer, contact_id)
    phones = [p.phone for p in CustomerPhone.select().where(CustomerPhone.contact == contact)]
    with write_transaction():
        CustomerPhone.delete().where(CustomerPhone.contact == contact).execute()
        CustomerContact.delete().where(CustomerContact.id == contact.id).execute()
        write_grams(customer)
        link_phones_to_file(None, phones)
        before, _after = audited_change({"name": contact.name, "phones": phones}, {})
        record(actor, CustomerAction.CONTACT_REMOVED, old=before, data={"contact": contact.id},
               target_kind=TargetKind.CUSTOMER, target_id=customer.id)  # fmt: skip
    return detail_for(actor, customer)
