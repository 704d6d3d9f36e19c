"""Managing staff accounts: who may, what is checked, and that every change is audited."""

import json
from datetime import timedelta

import pytest

from branchdesk.audit.log import Action
from branchdesk.auth.audit_access import audit_entries
from branchdesk.auth.roles import Role
from branchdesk.auth.signin import sign_in
from branchdesk.auth.users import UserForm, create_user, list_users, set_active, update_user
from branchdesk.branch.service import update_settings
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import PermissionDenied, SignInFailed, ValidationError
from branchdesk.settings.store import all_settings
from tests.conftest import PASSWORD, T0, make_user

NEW_AGENT = UserForm("chen.jing", "陈静", Role.AGENT, "A002", "first-pass-1")


def _audit() -> list[tuple[str, str, dict]]:
    """(action, login at the time, JSON details) of each entry, oldest first."""
    return [
        (e.action, e.target, json.loads(e.details))
        for e in AuditEntry.select().order_by(AuditEntry.id)
    ]


def test_manager_creates_a_user_who_can_then_sign_in(any_db, staff):
    info = create_user(staff["manager"], NEW_AGENT, now=T0)
    assert (info.username, info.display_name, info.agent_no, info.role) == (
        "chen.jing",
        "陈静",
        "A002",
        Role.AGENT,
    )
    assert "chen.jing" in [u.username for u in list_users(staff["manager"])]
    assert sign_in("A002", "first-pass-1", now=T0).id == info.id
    new = {"username": "chen.jing", "display_name": "陈静", "agent_no": "A002", "role": "agent",
           "active": True}  # fmt: skip
    assert _audit()[0] == (Action.USER_CREATED, "chen.jing", {"new": new})
    entry = AuditEntry.get()
    assert (entry.target_kind, entry.target_id) == ("user", str(info.id))
    assert "password" not in entry.details and "hash" not in entry.details


def test_admin_may_manage_users_too(any_db, staff):
    assert create_user(staff["admin"], NEW_AGENT, now=T0).role == Role.AGENT


def test_edit_with_empty_password_keeps_the_old_one(any_db, staff):
    form = UserForm("zhao.lei", "赵磊（组长）", Role.AGENT, "A001", "")
    update_user(staff["manager"], staff["agent"].id, form, now=T0)
    assert User.get_by_id(staff["agent"].id).display_name == "赵磊（组长）"
    assert sign_in("zhao.lei", PASSWORD, now=T0).id == staff["agent"].id
    changed = {"old": {"display_name": "赵磊"}, "new": {"display_name": "赵磊（组长）"}}
    assert (Action.USER_UPDATED, "zhao.lei", changed) in _audit()
    assert Action.PASSWORD_RESET not in [a for a, _t, _d in _audit()]


def test_new_password_replaces_the_old_one_and_lifts_a_lock(any_db, staff):
    for _ in range(5):
        with pytest.raises(SignInFailed):
            sign_in("li.na", "guess", now=T0)
    form = UserForm("li.na", "李娜", Role.FRONT_DESK, "F001", "new-secret-9")
    update_user(staff["manager"], staff["front_desk"].id, form, now=T0 + timedelta(minutes=1))
    with pytest.raises(SignInFailed):
        sign_in("li.na", PASSWORD, now=T0 + timedelta(minutes=2))
    assert sign_in("li.na", "new-secret-9", now=T0 + timedelta(minutes=2)).username == "li.na"
    assert (Action.PASSWORD_RESET, "li.na", {}) in _audit()


def test_deactivate_and_activate_are_audited(any_db, staff):
    set_active(staff["manager"], staff["agent"].id, False, now=T0)
    assert User.get_by_id(staff["agent"].id).active is False
    set_active(staff["manager"], staff["agent"].id, True, now=T0)
    assert User.get_by_id(staff["agent"].id).active is True
    assert [(a, d) for a, _t, d in _audit()] == [
        (Action.USER_DEACTIVATED, {"old": {"active": True}, "new": {"active": False}}),
        (Action.USER_ACTIVATED, {"old": {"active": False}, "new": {"active": True}}),
    ]


def test_manager_cannot_deactivate_themselves(any_db, staff):
    manager = staff["manager"]
    with pytest.raises(ValidationError) as caught:
        set_active(manager, manager.id, False, now=T0)
    assert "deactivate yourself" in caught.value.errors["role"]
    assert User.get_by_id(manager.id).active is True
    assert _audit() == []


def test_manager_cannot_demote_themselves(any_db, staff):
    manager = staff["manager"]
    form = UserForm("wang.fang", "王芳", Role.AGENT, "M001", "")
    with pytest.raises(ValidationError):
        update_user(manager, manager.id, form, now=T0)
    assert User.get_by_id(manager.id).role == Role.MANAGER


def test_duplicate_user_name_and_agent_number_are_reported_per_field(any_db, staff):
    form = UserForm("li.na", "另一个李娜", Role.AGENT, "A001", "long-enough-1")
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], form, now=T0)
    assert caught.value.errors == {
        "username": "This user name is taken.",
        "agent_no": "This agent number belongs to someone else.",
    }
    assert User.select().count() == 4


def test_bad_input_is_reported_per_field(any_db, staff):
    form = UserForm("x", "😀", "boss", "A 1", "short")
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], form, now=T0)
    assert set(caught.value.errors) == {"username", "display_name", "agent_no", "role", "password"}


def test_front_desk_is_refused_manager_services_without_any_widget(any_db, staff):
    front_desk = staff["front_desk"]
    settings_before = all_settings()
    with pytest.raises(PermissionDenied):
        create_user(front_desk, NEW_AGENT, now=T0)
    with pytest.raises(PermissionDenied):
        update_user(
            front_desk, front_desk.id, UserForm("li.na", "李娜", Role.MANAGER, "F001", ""), now=T0
        )
    with pytest.raises(PermissionDenied):
        set_active(front_desk, staff["manager"].id, False, now=T0)
    with pytest.raises(PermissionDenied):
        list_users(front_desk)
    with pytest.raises(PermissionDenied):
        update_settings(front_desk, {"signin_max_failures": 100}, now=T0)
    with pytest.raises(PermissionDenied):
        audit_entries(front_desk)
    assert User.select().count() == 4
    assert User.get_by_id(front_desk.id).role == Role.FRONT_DESK
    assert User.get_by_id(staff["manager"].id).active is True
    assert all_settings() == settings_before
    assert _audit() == []


def test_a_deactivated_manager_loses_their_rights_at_once(any_db, staff):
    # The Actor object survives in memory; the service re-reads the account each time.
    deputy = make_user("deputy", Role.MANAGER, "副经理")
    set_active(deputy, staff["manager"].id, False, now=T0)
    with pytest.raises(PermissionDenied):
        create_user(staff["manager"], NEW_AGENT, now=T0)


def test_agent_cannot_edit_settings(any_db, staff):
    with pytest.raises(PermissionDenied):
        update_settings(staff["agent"], {"company_name": "x"}, now=T0)
    assert all_settings()["company_name"] == ""
