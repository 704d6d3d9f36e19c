"""Expected visitors (预约): entering, changing, cancelling, the arrival, no-shows."""

from dataclasses import replace
from datetime import timedelta

import pytest

from branchdesk.auth.roles import Role
from branchdesk.db.models import AuditEntry, ExpectedVisit, Visit
from branchdesk.errors import NotFound, PermissionDenied, ValidationError
from branchdesk.visitors.expected import (
    ExpectedForm,
    ExpectedStatus,
    cancel_expected_visit,
    change_expected_visit,
    expect_visitor,
    expected_visits,
    no_shows,
    register_arrival,
)
from branchdesk.visitors.registration import VisitForm
from tests.conftest import T0, make_user

AT_TWO = T0.replace(hour=14, minute=0)


def _form(name="张伟", at=AT_TWO, **fields) -> ExpectedForm:
    fields.setdefault("purpose", "business")
    return ExpectedForm(name=name, expected_at=at, **fields)


def _arrival(row, consent=True) -> VisitForm:
    form = row.visit_form()
    return replace(form, phone=form.phone or "13812345678", consent_given=consent)


def test_each_desk_role_enters_a_visitor_it_expects_and_the_admin_cannot(any_db, staff):
    for role in ("front_desk", "agent", "manager"):
        expect_visitor(staff[role], _form(f"客人{len(role)}"), now=T0)
    with pytest.raises(PermissionDenied):
        expect_visitor(staff["admin"], _form(), now=T0)
    rows = expected_visits(staff["front_desk"], T0.date(), now=T0)
    assert [r.entered_by for r in rows] == ["李娜", "赵磊", "王芳"]
    assert {a.action for a in AuditEntry.select()} == {"expected_visit_added"}
    entry = AuditEntry.select().order_by(AuditEntry.id).first()
    assert entry.target == f"expected_visit:{rows[0].id}"
    assert "张伟" not in entry.detail and "2026-11-23 14:00" in entry.detail


def test_the_form_is_checked_field_by_field(any_db, staff):
    with pytest.raises(ValidationError) as caught:
        expect_visitor(
            staff["agent"],
            ExpectedForm(name="", expected_at=T0 - timedelta(days=1), purpose="", phone="12"),
            now=T0,
        )
    assert set(caught.value.errors) == {"name", "expected_at", "purpose", "phone"}
    with pytest.raises(ValidationError) as caught:
        expect_visitor(staff["agent"], _form(at=None), now=T0)
    assert set(caught.value.errors) == {"expected_at"}
    with pytest.raises(ValidationError):
        expect_visitor(staff["agent"], _form(at=T0 + timedelta(days=400)), now=T0)
    assert ExpectedVisit.select().count() == 0


def test_a_phone_is_optional_and_stored_normalised(any_db, staff):
    first = expect_visitor(staff["agent"], _form(phone="138 1234 5678"), now=T0)
    second = expect_visitor(staff["agent"], _form("李秀英"), now=T0)
    # Earlier today is allowed: the visitor may be late already when the desk hears of them.
    expect_visitor(staff["agent"], _form("王强", at=T0 - timedelta(minutes=30)), now=T0)
    assert ExpectedVisit.get_by_id(first).phone == "13812345678"
    assert ExpectedVisit.get_by_id(second).phone == ""


def test_the_list_shows_a_day_soonest_first_with_each_visitors_state(any_db, staff):
    front = staff["front_desk"]
    late = expect_visitor(front, _form("王强", at=T0.replace(hour=10)), now=T0)
    later = expect_visitor(front, _form("张伟", at=AT_TWO), now=T0)
    tomorrow = expect_visitor(front, _form("刘洋", at=AT_TWO + timedelta(days=1)), now=T0)
    cancelled = expect_visitor(front, _form("孙丽", at=AT_TWO), now=T0)
    cancel_expected_visit(front, cancelled, now=T0)
    now = T0.replace(hour=11)

    today = expected_visits(front, T0.date(), now=now)

    assert [(r.id, r.status) for r in today] == [
        (late, ExpectedStatus.LATE),
        (later, ExpectedStatus.EXPECTED),
    ]
    week = expected_visits(staff["agent"], T0.date(), days=7, now=now)
    assert [r.id for r in week] == [late, later, tomorrow]
    next_day = expected_visits(front, T0.date(), days=7, now=now + timedelta(days=1))
    assert next_day[0].status == ExpectedStatus.NO_SHOW


def test_an_agent_changes_and_cancels_only_their_own_the_front_desk_any(any_db, staff):
    agent, front = staff["agent"], staff["front_desk"]
    colleague = make_user("liu.yang", Role.AGENT, "刘洋", "A002")
    mine = expect_visitor(agent, _form(), now=T0)
    with pytest.raises(PermissionDenied):
        change_expected_visit(colleague, mine, _form(host="刘洋"), now=T0)
    with pytest.raises(PermissionDenied):
        cancel_expected_visit(colleague, mine, now=T0)

    change_expected_visit(agent, mine, _form(host="赵磊", at=AT_TWO + timedelta(hours=1)), now=T0)
    change_expected_visit(front, mine, _form(host="赵磊", at=AT_TWO + timedelta(hours=1),
                                             organisation="华信"), now=T0)  # fmt: skip

    stored = ExpectedVisit.get_by_id(mine)
    assert (stored.host, stored.organisation) == ("赵磊", "华信")
    assert stored.expected_at == AT_TWO + timedelta(hours=1)
    changes = AuditEntry.select().where(AuditEntry.action == "expected_visit_changed")
    assert [e.detail for e in changes.order_by(AuditEntry.id)] == [
        "changed=host,expected_at; expected=2026-11-23 15:00",
        "changed=organisation",
    ]
    change_expected_visit(front, mine, _form(host="赵磊", at=AT_TWO + timedelta(hours=1),
                                             organisation="华信"), now=T0)  # fmt: skip
    assert changes.count() == 2  # nothing changed, nothing recorded

    cancel_expected_visit(front, mine, now=T0)
    assert ExpectedVisit.get_by_id(mine).cancelled_by_id == front.id
    with pytest.raises(ValidationError):
        cancel_expected_visit(front, mine, now=T0)
    with pytest.raises(NotFound):
        cancel_expected_visit(front, 999, now=T0)


def test_the_arrival_registers_the_visit_and_links_it_once(any_db, staff):
    front = staff["front_desk"]
    expected_id = expect_visitor(staff["agent"], _form(organisation="华信", host="赵磊"), now=T0)
    row = expected_visits(front, T0.date(), now=T0)[0]
    arrived = AT_TWO - timedelta(minutes=5)

    with pytest.raises(PermissionDenied):
        register_arrival(staff["agent"], expected_id, _arrival(row), now=arrived)
    visit_id = register_arrival(front, expected_id, _arrival(row), now=arrived)

    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.organisation, visit.host, visit.purpose) == (
        "张伟", "华信", "赵磊", "business"
    )  # fmt: skip
    assert ExpectedVisit.get_by_id(expected_id).visit_id == visit_id
    shown = expected_visits(front, T0.date(), now=arrived)[0]
    assert (shown.status, shown.visit_id, shown.arrived_at) == (
        ExpectedStatus.ARRIVED, visit_id, arrived
    )  # fmt: skip
    assert AuditEntry.select().where(
        AuditEntry.action == "expected_visitor_arrived"
    ).get().detail == (f"visit={visit_id}")
    with pytest.raises(ValidationError) as caught:
        register_arrival(front, expected_id, _arrival(row), now=arrived)
    assert "arrived already" in caught.value.errors["expected"]
    with pytest.raises(ValidationError):
        change_expected_visit(front, expected_id, _form(), now=arrived)
    assert Visit.select().count() == 1


def test_a_refused_registration_leaves_the_visitor_expected(any_db, staff):
    front = staff["front_desk"]
    expected_id = expect_visitor(front, _form(), now=T0)
    row = expected_visits(front, T0.date(), now=T0)[0]
    with pytest.raises(ValidationError) as caught:
        register_arrival(front, expected_id, row.visit_form(), now=T0)  # consent not asked
    assert "consent_given" in caught.value.errors
    assert ExpectedVisit.get_by_id(expected_id).visit_id is None
    cancel_expected_visit(front, expected_id, now=T0)
    with pytest.raises(ValidationError):
        register_arrival(front, expected_id, _arrival(row), now=T0)
    assert Visit.select().count() == 0


def test_no_shows_are_those_expected_that_day_who_never_came(any_db, staff):
    front = staff["front_desk"]
    came = expect_visitor(front, _form("张伟", at=T0.replace(hour=10)), now=T0)
    missed = expect_visitor(front, _form("王强", at=T0.replace(hour=11)), now=T0)
    cancelled = expect_visitor(front, _form("孙丽", at=T0.replace(hour=12)), now=T0)
    expect_visitor(front, _form("刘洋", at=T0 + timedelta(days=1)), now=T0)
    cancel_expected_visit(front, cancelled, now=T0)
    row = next(r for r in expected_visits(front, T0.date(), now=T0) if r.id == came)
    register_arrival(front, came, _arrival(row), now=T0.replace(hour=10))

    closing = T0.replace(hour=18, minute=30)
    assert [r.id for r in no_shows(staff["agent"], T0.date(), now=closing)] == [missed]
    with pytest.raises(PermissionDenied):
        no_shows(staff["admin"], T0.date(), now=closing)


def test_a_purge_forgets_expectations_older_than_the_retention_period(any_db, staff):  # PIPL
    from branchdesk.visitors.retention import purge_expired

    old = expect_visitor(staff["agent"], _form("王强", at=T0.replace(hour=15)), now=T0)
    later = T0 + timedelta(days=3 * 366 + 30)
    kept = expect_visitor(staff["agent"], _form("张伟", at=later), now=later)
    purge_expired(staff["manager"], now=later)
    assert [e.id for e in ExpectedVisit.select()] == [kept]
    assert old != kept


def test_erasing_a_person_forgets_their_expectations_too(any_db, staff):  # PIPL
    from branchdesk.visitors.personal_data import erase_person

    front = staff["front_desk"]
    by_phone = expect_visitor(front, _form(phone="13812345678"), now=T0)
    no_phone = expect_visitor(front, _form(at=AT_TWO + timedelta(days=1)), now=T0)
    someone_else = expect_visitor(front, _form("王强", phone="13998765432"), now=T0)
    row = next(r for r in expected_visits(front, T0.date(), days=2, now=T0) if r.id == no_phone)
    register_arrival(front, no_phone, _arrival(row), now=T0)  # registered with 13812345678

    erase_person(staff["manager"], "13812345678", now=T0)

    assert [e.id for e in ExpectedVisit.select()] == [someone_else]
    assert by_phone
