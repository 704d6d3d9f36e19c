"""Only roles with VIEW_AUDIT may read the audit log or check its chain."""

from datetime import timedelta

import pytest

from branchdesk.audit.log import Action, record
from branchdesk.auth.audit_access import audit_chain_status, audit_entries
from branchdesk.errors import PermissionDenied
from branchdesk.visitors.permissions import VisitAction
from tests.audit.tampering import tamper
from tests.conftest import T0


@pytest.fixture
def entries(any_db, staff):
    record(staff["front_desk"], VisitAction.VISIT_REGISTERED, "visit 1", at=T0)
    record(None, Action.SIGN_IN_FAILED, "nobody", at=T0)
    record(staff["manager"], Action.SETTINGS_CHANGED, "hotline", at=T0)
    return staff


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_manager_and_admin_read_the_log_newest_first(entries, role):
    records = audit_entries(entries[role])
    assert [(r.action, r.actor_name) for r in records] == [
        (Action.SETTINGS_CHANGED, "王芳"),
        (Action.SIGN_IN_FAILED, ""),
        (VisitAction.VISIT_REGISTERED, "李娜"),
    ]
    assert audit_chain_status(entries[role]).intact


@pytest.mark.parametrize("role", ["front_desk", "agent"])
def test_desk_roles_are_refused(entries, role):
    with pytest.raises(PermissionDenied):
        audit_entries(entries[role])
    with pytest.raises(PermissionDenied):
        audit_entries(entries[role], Action.SIGN_IN_FAILED, before_id=3, since=T0, until=T0)
    with pytest.raises(PermissionDenied):
        audit_chain_status(entries[role])


def test_filter_by_action(entries):
    manager = entries["manager"]
    assert [r.target for r in audit_entries(manager, action=Action.SIGN_IN_FAILED)] == ["nobody"]


def test_pages_continue_before_the_smallest_id_shown(entries):
    manager = entries["manager"]
    first = audit_entries(manager, limit=2)
    assert [r.target for r in first] == ["hotline", "nobody"]
    older = audit_entries(manager, before_id=first[-1].id, limit=2)
    assert [r.target for r in older] == ["visit 1"]


def test_time_range_is_since_inclusive_until_exclusive(entries):
    manager = entries["manager"]
    record(manager, Action.SIGN_OUT, "later", at=T0 + timedelta(hours=1))
    assert len(audit_entries(manager, since=T0, until=T0 + timedelta(hours=1))) == 3
    later = audit_entries(manager, since=T0 + timedelta(minutes=1))
    assert [r.target for r in later] == ["later"]
    assert audit_entries(manager, until=T0) == []


def test_chain_status_names_the_altered_entry(entries, any_db):
    target = audit_entries(entries["manager"])[1]
    tamper(any_db, "UPDATE audit_entry SET target = ? WHERE id = ?", "somebody", target.id)
    assert audit_chain_status(entries["manager"]).broken_entry == target.id
