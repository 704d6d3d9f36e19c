"""Changing a file's numbers, contacts and fields: one person one file on every new number,
the policy first, and an audit entry with old and new values as the log may keep them."""

from __future__ import annotations

import json

import pytest

from branchdesk.customers.records import ContactForm, CustomerChanges, CustomerForm
from branchdesk.customers.service import (
    DuplicateCustomer,
    change_phone,
    create_customer,
    get_customer,
    remove_contact,
    remove_phone,
    update_contact,
    update_customer,
)
from branchdesk.db.models import AuditEntry, CustomerPhone
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.secrecy import Level
from tests.customers.conftest import PHONES


def _last(action: str) -> dict:
    entry = AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id.desc())
    return json.loads(entry.get().details)


def _refusals() -> int:
    return AuditEntry.select().where(AuditEntry.action == "customer_access_refused").count()


def test_a_number_is_changed_and_removed_with_masked_old_and_new_values(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    change_phone(agent, customer_id, PHONES[Level.SECRET], "139 1234 5678")
    assert set(get_customer(agent, customer_id).row.phones) == {"13912345678"}
    details = _last("customer_phone_changed")
    assert details["old"] == {"phone": "138****0002"}
    assert details["new"] == {"phone": "139****5678"}
    assert "13912345678" not in json.dumps(details)
    remove_phone(agent, customer_id, "13912345678")
    assert get_customer(agent, customer_id).row.phones == ()
    assert _last("customer_phone_removed")["old"] == {"phone": "139****5678"}


@pytest.mark.parametrize(("role", "owner"), [("front_desk", "赵*"), ("manager", "赵磊")])
def test_a_number_of_another_file_is_refused_naming_its_owner_masked(files, role, owner):
    actor = files.staff[role]
    form = CustomerForm("孙强", phones=("13700000009",), level=Level.INTERNAL,
                        owner_id=files.staff["agent"].id)  # fmt: skip
    mine = create_customer(files.staff["manager"], form)  # the front desk edits an internal file
    with pytest.raises(DuplicateCustomer) as duplicate:
        change_phone(actor, mine.row.id, "13700000009", PHONES[Level.TOP_SECRET])
    message = duplicate.value.errors["phone"]
    assert owner in message and str(files.ids[Level.TOP_SECRET]) in message
    if owner == "赵*":
        assert "赵磊" not in message
    assert CustomerPhone.get(CustomerPhone.customer == mine.row.id).phone == "13700000009"


def test_a_contact_is_changed_with_its_numbers_and_removed(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    (contact,) = get_customer(agent, customer_id).contacts
    form = ContactForm("钱多多", "mr", "财务部", "上海市浦东新区", ("13611112222",))
    update_contact(agent, customer_id, contact.id, form)
    (changed,) = get_customer(agent, customer_id).contacts
    assert (changed.name, changed.title, changed.department) == ("钱多多", "mr", "财务部")
    assert changed.phones == ("13611112222",)
    details = _last("customer_contact_changed")
    assert details["old"]["name"] == "联***" and details["new"]["name"] == "钱**"
    assert details["new"]["phones"] == ["136****2222"] and details["new"]["address"] == "…"
    with pytest.raises(DuplicateCustomer):
        update_contact(agent, customer_id, contact.id,
                       ContactForm("钱多多", phones=(PHONES[Level.INTERNAL],)))  # fmt: skip
    remove_contact(agent, customer_id, contact.id)
    assert get_customer(agent, customer_id).contacts == ()
    assert not CustomerPhone.select().where(CustomerPhone.phone == "13611112222").exists()


def test_bad_input_is_refused_by_field(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    with pytest.raises(ValidationError) as bad:
        change_phone(agent, customer_id, PHONES[Level.SECRET], "12")
    assert "phone" in bad.value.errors
    with pytest.raises(ValidationError) as missing:
        remove_phone(agent, customer_id, "13999999999")
    assert "phone" in missing.value.errors


def test_the_fields_changed_are_audited_masked_and_the_secret_text_only_named(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    update_customer(agent, customer_id, CustomerChanges(name="钱小姐", source="event",
                                                         tags=("重点",)))  # fmt: skip
    details = _last("customer_updated")
    assert details["fields"] == ["name", "source", "tags"]
    assert details["old"] == {"name": "客**", "source": "referral", "tags": ""}
    assert details["new"] == {"name": "钱**", "source": "event", "tags": "…"}


@pytest.mark.parametrize("role", ["other_agent", "admin"])
def test_who_may_not_edit_the_file_is_refused_and_the_refusal_audited(files, role):
    actor = files.staff[role]
    customer_id = files.ids[Level.SECRET]
    (contact,) = get_customer(files.staff["manager"], customer_id).contacts
    calls = [
        lambda: change_phone(actor, customer_id, PHONES[Level.SECRET], "13912345678"),
        lambda: remove_phone(actor, customer_id, PHONES[Level.SECRET]),
        lambda: update_contact(actor, customer_id, contact.id, ContactForm("钱多多")),
        lambda: remove_contact(actor, customer_id, contact.id),
        lambda: update_customer(actor, customer_id, CustomerChanges(name="钱小姐")),
    ]
    before = _refusals()
    for call in calls:
        with pytest.raises(PermissionDenied):
            call()
    assert _refusals() == before + len(calls)
    assert CustomerPhone.get(CustomerPhone.phone == PHONES[Level.SECRET]).customer_id == customer_id
