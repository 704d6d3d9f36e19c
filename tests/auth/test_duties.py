"""Separation of duties (R-S5): who may grant which role, the last manager and admin stay,
passwords others chose are replaced, and a changed account ends its open session."""

from __future__ import annotations

import threading
from datetime import datetime, timedelta

import pytest

from branchdesk import i18n
from branchdesk.audit.log import Action
from branchdesk.auth import users
from branchdesk.auth.roles import GRANTABLE_ROLES, Permission, Role
from branchdesk.auth.session import SessionEnded, require
from branchdesk.auth.signin import sign_in
from branchdesk.auth.users import (
    UserForm,
    change_own_password,
    create_user,
    grantable_roles_for,
    list_users,
    set_active,
    update_user,
)
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import PermissionDenied, SignInFailed, ValidationError
from tests.conftest import PASSWORD, T0, make_user

STRONG = "harbour-lantern-77"


def _form(username, role, password=STRONG, agent_no="", display_name="新同事"):
    return UserForm(username, display_name, role, agent_no, password)


def _edit(user_id: int, **changes) -> UserForm:
    user = User.get_by_id(user_id)
    fields = dict(
        username=user.username,
        display_name=user.display_name,
        role=user.role,
        agent_no=user.agent_no or "",
        password="",
        active=None,
    )
    fields.update(changes)
    return UserForm(**fields)


def test_the_grant_table():
    assert {
        Role.ADMIN: {Role.FRONT_DESK, Role.AGENT, Role.ADMIN},
        Role.MANAGER: {Role.FRONT_DESK, Role.AGENT, Role.MANAGER},
    } == GRANTABLE_ROLES


def test_a_manager_cannot_create_an_admin_nor_an_admin_a_manager(any_db, staff):
    with pytest.raises(PermissionDenied):
        create_user(staff["manager"], _form("backup.man", Role.ADMIN), now=T0)
    with pytest.raises(PermissionDenied):
        create_user(staff["admin"], _form("settings.man", Role.MANAGER), now=T0)
    assert User.select().count() == 4
    assert grantable_roles_for(staff["manager"]) == [Role.FRONT_DESK, Role.AGENT, Role.MANAGER]
    assert grantable_roles_for(staff["admin"]) == [Role.FRONT_DESK, Role.AGENT, Role.ADMIN]


def test_each_grants_its_own_role(any_db, staff):
    assert create_user(staff["manager"], _form("deputy", Role.MANAGER), now=T0).role == "manager"
    assert create_user(staff["admin"], _form("it.two", Role.ADMIN), now=T0).role == "admin"


def test_a_manager_cannot_touch_the_admin_account_nor_the_admin_a_manager(any_db, staff):
    manager, admin = staff["manager"], staff["admin"]
    admin_hash = User.get_by_id(admin.id).password_hash
    with pytest.raises(PermissionDenied):  # reset the admin's password and sign in as them
        update_user(manager, admin.id, _edit(admin.id, password="taken-over-2026"), now=T0)
    with pytest.raises(PermissionDenied):
        set_active(manager, admin.id, False, now=T0)
    with pytest.raises(PermissionDenied):
        update_user(manager, admin.id, _edit(admin.id, display_name="x"), now=T0)
    with pytest.raises(PermissionDenied):
        update_user(admin, manager.id, _edit(manager.id, password="taken-over-2026"), now=T0)
    with pytest.raises(PermissionDenied):
        set_active(admin, manager.id, False, now=T0)
    with pytest.raises(PermissionDenied):  # nor promote a desk account to a role it may not grant
        update_user(admin, staff["agent"].id, _edit(staff["agent"].id, role="manager"), now=T0)
    assert User.get_by_id(admin.id).password_hash == admin_hash
    assert all(u.active for u in User.select())
    assert User.get_by_id(staff["agent"].id).role == Role.AGENT
    assert AuditEntry.select().count() == 0


def test_the_manager_creates_the_first_admin_only(any_db):
    manager = make_user("wang.fang", Role.MANAGER, "王芳")
    assert Role.ADMIN in grantable_roles_for(manager)
    create_user(manager, _form("it.one", Role.ADMIN), now=T0)
    assert Role.ADMIN not in grantable_roles_for(manager)
    with pytest.raises(PermissionDenied):
        create_user(manager, _form("it.two", Role.ADMIN), now=T0)


def test_an_account_made_or_reset_by_someone_else_must_choose_a_new_password(any_db, staff):
    create_user(staff["manager"], _form("chen.jing", Role.FRONT_DESK), now=T0)
    assert sign_in("chen.jing", STRONG, now=T0).must_change_password is True
    update_user(
        staff["manager"], staff["agent"].id, _edit(staff["agent"].id, password=STRONG), now=T0
    )
    agent = sign_in("zhao.lei", STRONG, now=T0)
    assert agent.must_change_password is True

    changed = change_own_password(agent, STRONG, "my-own-secret-42", now=T0)
    assert changed.must_change_password is False
    assert sign_in("zhao.lei", "my-own-secret-42", now=T0).must_change_password is False
    with pytest.raises(SignInFailed):
        sign_in("zhao.lei", STRONG, now=T0)
    assert (Action.PASSWORD_RESET, "zhao.lei", "王芳") in [
        (e.action, e.target, e.actor_name) for e in AuditEntry.select()
    ]
    assert (Action.PASSWORD_RESET, "zhao.lei", "赵磊") in [
        (e.action, e.target, e.actor_name) for e in AuditEntry.select()
    ]


def test_changing_ones_own_password_needs_the_current_one_which_counts_towards_the_lock(
    any_db, staff
):
    front_desk = staff["front_desk"]
    for _attempt in range(4):
        with pytest.raises(ValidationError) as caught:
            change_own_password(front_desk, "a-guess", "my-own-secret-42", now=T0)
        assert caught.value.errors == {"current_password": "The current password is wrong."}
    assert User.get_by_id(front_desk.id).failed_attempts == 4
    with pytest.raises(ValidationError) as caught:
        change_own_password(front_desk, PASSWORD, "li.na", now=T0)
    assert set(caught.value.errors) == {"new_password"}
    assert sign_in("li.na", PASSWORD, now=T0).id == front_desk.id


def test_own_password_is_not_reset_through_user_management(any_db, staff):
    manager = staff["manager"]
    with pytest.raises(ValidationError) as caught:
        update_user(manager, manager.id, _edit(manager.id, password=STRONG), now=T0)
    assert set(caught.value.errors) == {"password"}


@pytest.mark.parametrize(
    ("password", "reason"),
    [
        ("short-1", "at least 10 characters"),
        ("chen.jing2", "easy to guess"),  # the login with a digit: scored weak
        ("password123", "commonly used"),
        ("asdfghjkl;", "Keyboard patterns"),
        ("1990-05-06a", "Dates"),
        ("abcdefghij", "Sequences"),
        ("aaaaaaaaaaaa", "Repeated"),
    ],
)
def test_weak_passwords_are_refused_with_the_reason(any_db, staff, password, reason):
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], _form("chen.jing", Role.AGENT, password), now=T0)
    assert reason in caught.value.errors["password"]


def test_the_password_may_not_be_the_login_or_the_name(any_db, staff):
    for password, name in [
        ("chen.jing.qq", "chen.jing.qq"),
        ("Chen Jing Beijing", "chen jing beijing"),
    ]:
        form = UserForm("chen.jing.qq", name, Role.AGENT, "", password)
        with pytest.raises(ValidationError) as caught:
            create_user(staff["manager"], form, now=T0)
        assert caught.value.errors["password"] == (
            "The password may not be your user name or your name."
        )


def test_the_reason_is_translated(any_db, staff):
    i18n.set_language("zh_CN")
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], _form("chen.jing", Role.AGENT, "password123"), now=T0)
    message = caught.value.errors["password"]
    assert "common" not in message and any("\u4e00" <= ch <= "\u9fff" for ch in message)


def test_a_login_may_not_be_another_users_agent_number_nor_the_reverse(any_db, staff):
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], _form("A001", Role.AGENT), now=T0)
    assert caught.value.errors == {"username": "This is another user's agent number."}
    with pytest.raises(ValidationError) as caught:
        create_user(staff["manager"], _form("chen.jing", Role.AGENT, agent_no="admin"), now=T0)
    assert caught.value.errors == {"agent_no": "This is another user's user name."}
    # One's own agent number as one's login is no conflict.
    update_user(staff["manager"], staff["agent"].id, _edit(staff["agent"].id, username="A001"))
    assert sign_in("A001", PASSWORD, now=T0).id == staff["agent"].id


@pytest.mark.parametrize("change", ["deactivated", "demoted", "locked"])
def test_a_changed_account_ends_its_open_session_at_the_next_action(any_db, staff, change):
    manager = staff["manager"]  # signed in before the change, the Actor still in memory
    deputy = make_user("deputy", Role.MANAGER, "副经理")
    if change == "deactivated":
        set_active(deputy, manager.id, False, now=T0)
    elif change == "demoted":
        update_user(deputy, manager.id, _edit(manager.id, role="agent"), now=T0)
    else:
        User.update(locked_until=datetime.now() + timedelta(minutes=15)).where(
            User.id == manager.id
        ).execute()
    with pytest.raises(SessionEnded, match=change if change != "demoted" else "role"):
        list_users(manager)
    with pytest.raises(SessionEnded):
        require(manager, Permission.VIEW_AUDIT)
    assert require(deputy, Permission.MANAGE_USERS) == deputy


def _at_once(monkeypatch, *calls):
    """Run each call in its own thread (its own connection); every one passes the checks made
    before the write transaction before any of them begins it."""
    barrier = threading.Barrier(len(calls), timeout=30)
    real_validate = users.validate_user_form

    def validate_then_wait(*args, **kwargs):
        result = real_validate(*args, **kwargs)
        barrier.wait()
        return result

    monkeypatch.setattr(users, "validate_user_form", validate_then_wait)
    outcomes: list[object] = [None] * len(calls)

    def run(index, call):
        try:
            outcomes[index] = call()
        except Exception as exc:  # noqa: BLE001 - the test looks at each outcome
            outcomes[index] = exc
        finally:
            users.db.close()

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    return outcomes


@pytest.mark.parametrize("role", [Role.MANAGER, Role.ADMIN])
def test_two_of_the_last_two_deactivating_each_other_at_once_leave_one(
    any_db, staff, monkeypatch, role
):
    first = staff["manager" if role == Role.MANAGER else "admin"]
    second = make_user("second", role, "第二位")
    outcomes = _at_once(
        monkeypatch,
        lambda: set_active(first, second.id, False, now=T0),
        lambda: set_active(second, first.id, False, now=T0),
    )
    # Refused either as the last one or because the refused actor's own account changed
    # first: both checks run under the write lock.
    refused = [o for o in outcomes if isinstance(o, (ValidationError, SessionEnded))]
    assert len(refused) == 1, outcomes
    assert User.select().where((User.role == role) & User.active).count() == 1


def test_the_last_active_manager_cannot_be_demoted_at_the_same_moment(any_db, staff, monkeypatch):
    second = make_user("second", Role.MANAGER, "第二位")
    first = staff["manager"]
    outcomes = _at_once(
        monkeypatch,
        lambda: update_user(first, second.id, _edit(second.id, role="agent"), now=T0),
        lambda: update_user(second, first.id, _edit(first.id, role="front_desk"), now=T0),
    )
    assert sum(isinstance(o, (ValidationError, SessionEnded)) for o in outcomes) == 1, outcomes
    assert User.select().where((User.role == Role.MANAGER) & User.active).count() == 1
