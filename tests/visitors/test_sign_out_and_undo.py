"""Signing out names the visitor, can be undone the same day, and "sign out all" signs out only
the visits the desk confirmed."""

import json
from datetime import timedelta

import pytest

from branchdesk.db.models import AuditEntry, Visit
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.permissions import VisitAction
from branchdesk.visitors.presence import in_building, sign_out, sign_out_all, undo_sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0


def _visit(actor, name="张伟", phone="13812345678", at=T0, consent=True):
    form = VisitForm(name, phone, "consultation", host="王芳", consent_given=consent)
    return register_visit(actor, form, now=at)


def test_sign_out_returns_the_name_and_undo_brings_the_visitor_back(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    assert sign_out(front, visit_id, now=T0 + timedelta(hours=1)) == "张伟"
    assert in_building(front, T0 + timedelta(hours=1)) == []

    assert undo_sign_out(front, visit_id, now=T0 + timedelta(hours=1, minutes=2)) == "张伟"
    assert [row.id for row in in_building(front, T0 + timedelta(hours=2))] == [visit_id]
    visit = Visit.get_by_id(visit_id)
    assert visit.left_at is None and visit.signed_out_by is None
    entry = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (entry.action, entry.target) == (VisitAction.SIGN_OUT_UNDONE, f"visit:{visit_id}")
    assert entry.actor_name == front.display_name
    assert json.loads(entry.details) == {
        "old": {"left_at": (T0 + timedelta(hours=1)).isoformat()},
        "new": {"left_at": None},
    }
    # Signed out again later, as when the visitor really leaves.
    sign_out(front, visit_id, now=T0 + timedelta(hours=3))
    assert Visit.get_by_id(visit_id).left_at == T0 + timedelta(hours=3)


def test_undo_only_the_same_day_and_before_the_log_is_closed(any_db, staff):
    front = staff["front_desk"]
    first, second = _visit(front), _visit(front, "王芳", "13912345678")
    sign_out(front, first, now=T0 + timedelta(hours=1))
    with pytest.raises(ValidationError) as refused:
        undo_sign_out(front, first, now=T0 + timedelta(days=1))
    assert "only on the day" in refused.value.errors["visit"]

    sign_out(front, second, now=T0 + timedelta(hours=1))
    close_day(front, T0.date(), now=T0.replace(hour=19))
    with pytest.raises(ValidationError) as refused:
        undo_sign_out(front, second, now=T0.replace(hour=19, minute=5))
    assert "closed" in refused.value.errors["visit"]
    assert Visit.get_by_id(second).left_at is not None


def test_undo_of_a_visitor_still_in_is_refused_and_agents_may_not(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    with pytest.raises(ValidationError):
        undo_sign_out(front, visit_id, now=T0)
    sign_out(front, visit_id, now=T0 + timedelta(hours=1))
    with pytest.raises(PermissionDenied):
        undo_sign_out(staff["agent"], visit_id, now=T0 + timedelta(hours=1))


def test_undo_for_a_refused_visitor_keeps_the_erased_details_erased(any_db, staff):  # PIPL
    front = staff["front_desk"]
    visit_id = _visit(front, consent=False)
    sign_out(front, visit_id, now=T0 + timedelta(hours=1))
    undo_sign_out(front, visit_id, now=T0 + timedelta(hours=1))
    visit = Visit.get_by_id(visit_id)
    assert visit.left_at is None and (visit.name, visit.phone, visit.host) == ("张伟", "", "")


def test_sign_out_all_signs_out_only_the_confirmed_visits(any_db, staff):
    front = staff["front_desk"]
    shown = [_visit(front, "张伟"), _visit(front, "王芳", "13912345678")]
    # The list was read and shown; meanwhile another desk registers a visitor.
    later = _visit(front, "李娜", "13700001111", at=T0 + timedelta(minutes=5))
    assert sign_out_all(front, now=T0.replace(hour=18), visit_ids=shown) == 2
    assert [row.id for row in in_building(front, T0.replace(hour=18))] == [later]
    # A confirmed visit someone else signed out meanwhile is simply not counted again.
    assert sign_out_all(front, now=T0.replace(hour=18, minute=5), visit_ids=shown) == 0
