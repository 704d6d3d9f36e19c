"""A visit links to the customer file holding its number: when it is registered (whoever
registers it), when its number is corrected, when a file gets or loses the number, and for
the visits recorded before schema step 15. The file's visits are read back only through the
file, masked below its secret fields."""

from datetime import timedelta

import pytest

from branchdesk.auth.roles import Role
from branchdesk.customers.records import CustomerForm
from branchdesk.customers.service import add_phone, create_customer
from branchdesk.db import migrations
from branchdesk.db.models import AuditEntry, Customer, CustomerPhone, Visit
from branchdesk.errors import PermissionDenied
from branchdesk.secrecy import Level
from branchdesk.visitors.correction import correct_visit
from branchdesk.visitors.customer_link import visits_of_customer
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0, make_user
from tests.db.test_migrations import _drop_everything

FILED = "13912345678"
OTHER = "13712345678"


def _visit(actor, phone=FILED, at=T0, name="张伟"):
    form = VisitForm(name, phone, "consultation", "华信", 1, "王芳", "问价格", consent_given=True)
    return register_visit(actor, form, now=at)


def _file(actor, phones=(FILED,), level=None, owner=None) -> int:
    form = CustomerForm("张伟", phones=phones, level=level, owner_id=owner)
    return create_customer(actor, form, now=T0).row.id


def _linked(visit_id: int) -> int | None:
    return Visit.get_by_id(visit_id).customer_id


def test_the_front_desk_links_a_visit_to_a_top_secret_file_it_cannot_open(any_db, staff):
    customer_id = _file(staff["agent"])  # top secret by default
    filed = _visit(staff["front_desk"], "+86 139-1234-5678")
    unfiled = _visit(staff["front_desk"], OTHER)
    assert _linked(filed) == customer_id
    assert _linked(unfiled) is None
    with pytest.raises(PermissionDenied):
        visits_of_customer(staff["front_desk"], customer_id, now=T0)
    refused = AuditEntry.select().where(AuditEntry.action == "customer_access_refused")
    assert [e.target_id for e in refused] == [str(customer_id)]
    assert [row.id for row in visits_of_customer(staff["agent"], customer_id)] == [filed]


def test_a_corrected_number_moves_the_link(any_db, staff):
    customer_id = _file(staff["agent"])
    visit_id = _visit(staff["front_desk"], OTHER)
    assert _linked(visit_id) is None
    correct_visit(staff["front_desk"], visit_id, {"phone": FILED}, now=T0)
    assert _linked(visit_id) == customer_id
    correct_visit(staff["front_desk"], visit_id, {"phone": "13612345678"}, now=T0)
    assert _linked(visit_id) is None


def test_a_new_file_or_a_number_added_links_the_visits_already_recorded(any_db, staff):
    first = _visit(staff["front_desk"], FILED)
    second = _visit(staff["front_desk"], OTHER, at=T0 + timedelta(hours=1))
    customer_id = _file(staff["agent"])
    assert (_linked(first), _linked(second)) == (customer_id, None)
    add_phone(staff["agent"], customer_id, OTHER)
    assert _linked(second) == customer_id
    rows = visits_of_customer(staff["manager"], customer_id)
    assert [row.id for row in rows] == [second, first]  # newest first
    assert rows[0].phone == OTHER and rows[0].name == "张伟"
    # The list is a look at secret records: recorded once, on the file.
    listed = AuditEntry.select().where(AuditEntry.action == "customer_visits_listed")
    assert [(e.actor_id, e.target_kind, e.target_id) for e in listed] == [
        (staff["manager"].id, "customer", str(customer_id))
    ]


def test_below_secret_a_files_visits_are_masked_but_todays_at_the_front_desk(any_db, staff):
    other_agent = make_user("liu.yang", Role.AGENT, "刘洋", "A002")
    customer_id = _file(staff["manager"], level=Level.INTERNAL, owner=staff["agent"].id)
    yesterday = _visit(staff["front_desk"], FILED, at=T0 - timedelta(days=1), name="张伟")
    close_day(staff["front_desk"], (T0 - timedelta(days=1)).date(), now=T0 - timedelta(hours=12))
    today = _visit(staff["front_desk"], FILED, at=T0, name="张伟")

    front = {row.id: row for row in visits_of_customer(staff["front_desk"], customer_id, now=T0)}
    assert (front[today].name, front[today].phone, front[today].note) == ("张伟", FILED, "问价格")
    assert (front[yesterday].name, front[yesterday].phone) == ("张*", "139****5678")
    assert front[yesterday].note == ""
    # An agent not working the file registers no visits: every visit is a secret record to them.
    seen = visits_of_customer(other_agent, customer_id, now=T0)
    assert {row.phone for row in seen} == {"139****5678"}
    assert FILED not in repr(seen) and "问价格" not in repr(seen)
    # The owner sees the file's secret fields, and so its visits in full.
    assert {row.phone for row in visits_of_customer(staff["agent"], customer_id)} == {FILED}


def test_the_upgrade_links_the_visits_recorded_before_it(any_db, staff):
    _drop_everything(any_db)
    with pytest.MonkeyPatch.context() as older:
        older.setattr(migrations, "MIGRATIONS", [s for s in migrations.MIGRATIONS if s[0] <= 12])
        older.setattr(migrations, "LATEST_VERSION", 12)
        assert migrations.upgrade()[-1] == 12
    agent = make_user("zhao.lei", Role.AGENT, "赵磊", "A001")
    customer = Customer.create(kind="person", name="张伟", source="walk_in", owner=agent.id,
                               created_at=T0, created_by=agent.id, updated_at=T0)  # fmt: skip
    CustomerPhone.create(customer=customer, phone=FILED)
    fields = {"purpose": "consultation", "arrived_at": T0, "registered_by": agent.id}
    ids = [
        Visit.insert(name="张伟", phone=phone, **fields).execute()
        for phone in (FILED, OTHER, "")  # the last one erased
    ]
    assert migrations.upgrade() == [v for v, *_ in migrations.MIGRATIONS if v > 12]
    assert [_linked(i) for i in ids] == [customer.id, None, None]
