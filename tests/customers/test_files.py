"""Creating and changing customer files: one number one file, levels raised only, R-C14
grades, the link from a visit's number, who looked."""

from __future__ import annotations

import pytest

from branchdesk.customers.masking import mask_name, mask_phone
from branchdesk.customers.records import CustomerChanges, CustomerForm
from branchdesk.customers.service import (
    DuplicateCustomer,
    add_phone,
    create_customer,
    customer_id_for_phone,
    get_customer,
    grade_customer,
    raise_level,
    update_customer,
    who_looked,
)
from branchdesk.db.models import AuditEntry, Customer, CustomerPhone
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.secrecy import Level
from tests.conftest import T0
from tests.customers.conftest import PHONES


def test_masks_show_the_first_three_and_last_four_digits_and_the_family_name():
    assert mask_phone("13912345678") == "139****5678"
    assert mask_phone("01062345678") == "010****5678"
    assert mask_phone("12345") == "*****"
    assert mask_name("赵磊") == "赵*"
    assert mask_name("欧阳娜娜") == "欧***"


def test_a_new_file_is_top_secret_owned_by_its_creator(any_db, staff):
    detail = create_customer(staff["agent"], CustomerForm("张伟", phones=("139 1234 5678",)))
    customer = Customer.get_by_id(detail.row.id)
    assert customer.level == Level.TOP_SECRET
    assert customer.owner_id == staff["agent"].id
    assert [p.phone for p in CustomerPhone.select()] == ["13912345678"]


def test_only_a_manager_files_below_top_secret(any_db, staff):
    form = CustomerForm("张伟", phones=("13912345678",), level=Level.INTERNAL)
    with pytest.raises(ValidationError) as refused:
        create_customer(staff["agent"], form)
    assert "level" in refused.value.errors
    assert Customer.select().count() == 0
    create_customer(staff["manager"], form)
    assert Customer.get().level == Level.INTERNAL


@pytest.mark.parametrize(
    ("role", "owner_shown"), [("front_desk", "赵*"), ("manager", "赵磊")], ids=["front", "mgr"]
)
def test_a_number_already_filed_names_the_file_and_its_owner_masked(
    any_db, staff, role, owner_shown
):
    create_customer(staff["agent"], CustomerForm("张伟", phones=("13912345678",)))
    form = CustomerForm("张卫", phones=("+86 139-1234-5678",), owner_id=staff["agent"].id)
    with pytest.raises(DuplicateCustomer) as duplicate:
        create_customer(staff[role], form)
    message = duplicate.value.errors["phones"]
    assert owner_shown in message and "张伟" in message
    if owner_shown == "赵*":
        assert "赵磊" not in message
    assert duplicate.value.existing.id == 1
    assert Customer.select().count() == 1


def test_adding_a_number_of_another_file_is_refused(any_db, staff):
    first = create_customer(staff["agent"], CustomerForm("张伟", phones=("13912345678",)))
    second = create_customer(staff["agent"], CustomerForm("李娜", phones=("13812345678",)))
    with pytest.raises(DuplicateCustomer):
        add_phone(staff["agent"], second.row.id, "13912345678")
    added = add_phone(staff["agent"], first.row.id, "13712345678")
    assert set(added.row.phones) == {"13912345678", "13712345678"}


def test_bad_input_is_reported_by_field_and_nothing_is_stored(any_db, staff):
    form = CustomerForm("", phones=("12",), source="billboard", kind="robot")
    with pytest.raises(ValidationError) as refused:
        create_customer(staff["agent"], form)
    assert set(refused.value.errors) >= {"name", "phones", "source", "kind"}
    assert Customer.select().count() == 0


def test_the_manager_raises_a_level_with_a_reason_and_never_lowers_it(files):
    manager, agent = files.staff["manager"], files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    with pytest.raises(PermissionDenied):
        raise_level(agent, customer_id, Level.TOP_SECRET, "合同已签")
    with pytest.raises(ValidationError) as no_reason:
        raise_level(manager, customer_id, Level.TOP_SECRET, "")
    assert "reason" in no_reason.value.errors
    with pytest.raises(ValidationError):
        raise_level(manager, customer_id, Level.INTERNAL, "误操作")
    detail = raise_level(manager, customer_id, Level.TOP_SECRET, "合同已签")
    assert detail.row.level == Level.TOP_SECRET
    entry = AuditEntry.select().where(AuditEntry.action == "customer_level_raised").get()
    assert '"old":{"level":1}' in entry.details and '"new":{"level":2}' in entry.details
    assert "合同已签" in entry.details
    # The owner now sees the notes of the file no more: they are top secret.
    assert "notes" in get_customer(agent, customer_id).hidden


def test_the_agent_may_not_change_notes_of_a_top_secret_file(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.TOP_SECRET]
    with pytest.raises(PermissionDenied):
        update_customer(agent, customer_id, CustomerChanges(notes="改了"))
    changed = update_customer(agent, customer_id, CustomerChanges(tags=("重点",)))
    assert changed.row.tags == ("重点",)
    entry = AuditEntry.select().where(AuditEntry.action == "customer_updated").get()
    assert '"fields":["tags"]' in entry.details


def test_an_a_grade_needs_a_visit_a_complete_file_and_a_signature(files):
    agent = files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    with pytest.raises(ValidationError) as refused:
        grade_customer(agent, customer_id, "A")
    assert set(refused.value.errors) == {"visited_at", "grade", "signed"}
    assert "consent" in refused.value.errors["grade"]  # the file lacks the customer's consent
    update_customer(agent, customer_id, CustomerChanges(consent_told="仅用于服务", consent_at=T0))
    grade_customer(agent, customer_id, "A", visited_at=T0, signed=True)
    customer = Customer.get_by_id(customer_id)
    assert (customer.grade, customer.grade_signed_by_id) == ("A", agent.id)
    grade_customer(agent, customer_id, "C")  # C needs none of it
    assert Customer.get_by_id(customer_id).grade == "C"


def test_a_number_finds_the_file_to_link_a_record_to_whoever_records_it(files):
    """The link is stored, never shown: the front desk links a visit to a file it may not open
    (its visits are read back through the file, ``tests/visitors/test_customer_link.py``)."""
    phone = "+86 " + PHONES[Level.SECRET]
    customer_id = files.ids[Level.SECRET]
    for role in ("agent", "manager", "front_desk", "other_agent"):
        assert customer_id_for_phone(files.staff[role], phone) == customer_id
    assert customer_id_for_phone(files.staff["agent"], "13999999999") is None
    assert customer_id_for_phone(files.staff["agent"], "not a number") is None


def test_the_manager_sees_who_looked_and_nobody_else_does(files):
    customer_id = files.ids[Level.TOP_SECRET]
    get_customer(files.staff["agent"], customer_id)
    with pytest.raises(PermissionDenied):
        get_customer(files.staff["front_desk"], customer_id)
    with pytest.raises(PermissionDenied):
        who_looked(files.staff["agent"], customer_id)
    looks = who_looked(files.staff["manager"], customer_id)
    actions = [(look.actor_name, look.action) for look in looks]
    assert ("赵磊", "customer_viewed") in actions
    assert ("李娜", "customer_access_refused") in actions
    assert ("赵磊", "customer_access_refused") in actions  # asking who looked is refused too


def test_search_pages_follow_each_other_without_gaps_or_repeats(any_db, staff):
    from branchdesk.customers.listing import CustomerFilter, cursor_after, search_customers

    manager = staff["manager"]
    for n in range(23):
        create_customer(manager, CustomerForm(f"王{chr(0x4E00 + n)}", phones=(f"1390000{n:04d}",)))
    create_customer(manager, CustomerForm("李四", phones=("13712340000",)))
    for text in ("王", "1390000", "0000"):
        seen, after = [], None
        while True:
            page = search_customers(manager, CustomerFilter(text), after, limit=10)
            seen += [row.id for row in page]
            if len(page) < 10:
                break
            after = cursor_after(page[-1])
        expected = 24 if text == "0000" else 23
        assert seen == sorted(seen, reverse=True) and len(set(seen)) == expected, text
