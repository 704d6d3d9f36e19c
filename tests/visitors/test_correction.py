"""A saved registration is corrected until its day's log is closed; the audit entry keeps the
old and the new values."""

import json
from datetime import timedelta

import pytest

from branchdesk.db.models import AuditEntry, Visit
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.correction import correct_visit
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.permissions import VisitAction
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import T0


def _visit(actor, consent=True, name="张伟", phone="13812345678"):
    form = VisitForm(
        name, phone, "consultation", "华信", 1, "王芳", "问价格", consent_given=consent
    )
    return register_visit(actor, form, now=T0)


def _last_entry() -> AuditEntry:
    return AuditEntry.select().order_by(AuditEntry.id.desc()).first()


def test_host_purpose_and_name_corrected_with_old_and_new_in_the_audit(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    row = correct_visit(
        front,
        visit_id,
        {"host": "李娜", "purpose": "complaint", "name": "张玮", "people_count": "2"},
        now=T0 + timedelta(minutes=10),
    )
    assert (row.host, row.purpose, row.name, row.people_count) == ("李娜", "complaint", "张玮", 2)
    visit = Visit.get_by_id(visit_id)
    assert (visit.host, visit.purpose, visit.name, visit.people_count) == (
        "李娜",
        "complaint",
        "张玮",
        2,
    )
    entry = _last_entry()
    assert (entry.action, entry.target) == (VisitAction.VISIT_CORRECTED, f"visit:{visit_id}")
    # Personal data stays erasable (PIPL): the name is kept masked in the append-only log.
    assert json.loads(entry.details) == {
        "old": {"name": "张*", "purpose": "consultation", "people_count": 1, "host": "王芳"},
        "new": {"name": "张*", "purpose": "complaint", "people_count": 2, "host": "李娜"},
    }
    # The corrected name is what the visit log finds.
    found = search_visits(front, VisitFilter(text="张玮"))
    assert [r.id for r in found] == [visit_id]


def test_a_corrected_phone_is_normalised_and_the_visit_found_by_it(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    correct_visit(front, visit_id, {"phone": "139 1234 5678"}, now=T0)
    visit = Visit.get_by_id(visit_id)
    assert visit.phone == "13912345678" and visit.visitor.phone == "13912345678"
    assert [r.id for r in search_visits(front, VisitFilter(text="13912345678"))] == [visit_id]


def test_bad_values_are_refused_per_field_and_nothing_changes(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    before = AuditEntry.select().count()
    with pytest.raises(ValidationError) as refused:
        correct_visit(front, visit_id, {"name": "", "purpose": "tea", "phone": "12"}, now=T0)
    assert set(refused.value.errors) == {"name", "purpose", "phone"}
    with pytest.raises(ValidationError) as refused:
        correct_visit(front, visit_id, {"arrived_at": T0}, now=T0)
    assert set(refused.value.errors) == {"arrived_at"}
    assert Visit.get_by_id(visit_id).name == "张伟"
    assert AuditEntry.select().count() == before
    # Nothing different: nothing recorded.
    correct_visit(front, visit_id, {"host": " 王芳 "}, now=T0)
    assert AuditEntry.select().count() == before


def test_no_correction_once_the_day_is_closed_nor_by_an_agent(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    with pytest.raises(PermissionDenied):
        correct_visit(staff["agent"], visit_id, {"host": "李娜"}, now=T0)
    close_day(front, T0.date(), now=T0.replace(hour=19))
    with pytest.raises(ValidationError) as refused:
        correct_visit(front, visit_id, {"host": "李娜"}, now=T0.replace(hour=19, minute=1))
    assert "closed" in refused.value.errors["visit"]
    assert Visit.get_by_id(visit_id).host == "王芳"


def test_details_erased_after_a_refusal_are_not_written_back(any_db, staff):  # PIPL
    front = staff["front_desk"]
    visit_id = _visit(front, consent=False)
    sign_out(front, visit_id, now=T0 + timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        correct_visit(front, visit_id, {"phone": "13812345678"}, now=T0 + timedelta(hours=1))
    assert set(refused.value.errors) == {"phone"}
    correct_visit(front, visit_id, {"name": "张玮"}, now=T0 + timedelta(hours=1))
    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.phone, visit.visitor) == ("张玮", "", None)


def test_the_address_is_corrected_on_the_visitor_and_audited_masked(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    correct_visit(front, visit_id, {"address": "上海市浦东新区世纪大道1号"}, now=T0)
    assert Visit.get_by_id(visit_id).visitor.address == "上海市浦东新区世纪大道1号"
    entry = _last_entry()
    assert json.loads(entry.details) == {"old": {"address": ""}, "new": {"address": "********"}}


def test_without_consent_no_address_is_kept(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front, consent=False)
    with pytest.raises(ValidationError) as refused:
        correct_visit(front, visit_id, {"address": "上海市浦东新区世纪大道1号"}, now=T0)
    assert "address" in refused.value.errors
