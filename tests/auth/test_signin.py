"""Sign-in by user name or agent number, lock-out after repeated failures, audit of each try."""

from datetime import timedelta

import pytest

from branchdesk.audit.log import Action
from branchdesk.auth import passwords, signin
from branchdesk.auth.roles import Role
from branchdesk.auth.signin import sign_in
from branchdesk.auth.users import set_active
from branchdesk.branch.service import update_settings
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import SignInFailed
from tests.conftest import PASSWORD, T0, make_user

REFUSED = (
    "Sign-in failed. Check your user name and password. After 5 failed attempts an account "
    "is locked for 15 minutes."
)


def _actions() -> list[tuple[str, str]]:
    return [(e.action, e.target) for e in AuditEntry.select().order_by(AuditEntry.id)]


def _fail(login: str, times: int, at) -> None:
    for _ in range(times):
        with pytest.raises(SignInFailed):
            sign_in(login, "wrong-password", now=at)


def test_sign_in_by_user_name(any_db, staff):
    actor = sign_in("wang.fang", PASSWORD, now=T0)
    assert (actor.id, actor.display_name, actor.role) == (staff["manager"].id, "王芳", "manager")
    assert _actions() == [(Action.SIGN_IN, "wang.fang")]


def test_sign_in_by_agent_number_with_surrounding_spaces(any_db, staff):
    actor = sign_in("  A001 ", PASSWORD, now=T0)
    assert actor.id == staff["agent"].id
    assert actor.agent_no == "A001"


def test_wrong_password_and_unknown_user_give_the_same_message_and_are_audited(any_db, staff):
    with pytest.raises(SignInFailed) as wrong:
        sign_in("li.na", "not-her-password", now=T0)
    with pytest.raises(SignInFailed) as unknown:
        sign_in("nobody", PASSWORD, now=T0)
    # The same words for both, so the message does not reveal which user names exist.
    assert str(wrong.value) == str(unknown.value) == REFUSED
    # An unknown login is not written down: people sometimes type their password there.
    assert _actions() == [
        (Action.SIGN_IN_FAILED, "li.na"),
        (Action.SIGN_IN_FAILED, "(unknown user)"),
    ]


def test_five_failures_lock_the_account_for_fifteen_minutes(any_db, staff):
    _fail("li.na", 5, T0)
    assert User.get(User.username == "li.na").locked_until == T0 + timedelta(minutes=15)
    with pytest.raises(SignInFailed, match="Sign-in failed"):
        sign_in("li.na", PASSWORD, now=T0 + timedelta(minutes=14))
    actor = sign_in("li.na", PASSWORD, now=T0 + timedelta(minutes=16))
    assert actor.id == staff["front_desk"].id
    user = User.get_by_id(actor.id)
    assert (user.failed_attempts, user.locked_until) == (0, None)


def test_agent_number_failures_count_towards_the_same_lock(any_db, staff):
    _fail("F001", 3, T0)
    _fail("li.na", 2, T0)
    with pytest.raises(SignInFailed):
        sign_in("F001", PASSWORD, now=T0 + timedelta(minutes=1))
    assert User.get(User.username == "li.na").locked_until == T0 + timedelta(minutes=15)


def test_four_failures_do_not_lock_and_success_resets_the_count(any_db, staff):
    _fail("li.na", 4, T0)
    sign_in("li.na", PASSWORD, now=T0)
    _fail("li.na", 4, T0)
    assert sign_in("li.na", PASSWORD, now=T0).username == "li.na"


def test_lock_out_thresholds_follow_the_settings(any_db, staff):
    update_settings(staff["manager"], {"signin_max_failures": 3, "signin_lockout_minutes": 60})
    _fail("zhao.lei", 3, T0)
    with pytest.raises(SignInFailed, match="After 3 failed attempts .* for 60 minutes"):
        sign_in("zhao.lei", PASSWORD, now=T0 + timedelta(minutes=59))
    assert sign_in("zhao.lei", PASSWORD, now=T0 + timedelta(minutes=61)).username == "zhao.lei"


def test_deactivated_user_is_refused_even_with_the_right_password(any_db, staff):
    set_active(staff["manager"], staff["agent"].id, False, now=T0)
    with pytest.raises(SignInFailed) as caught:
        sign_in("zhao.lei", PASSWORD, now=T0)
    assert str(caught.value) == REFUSED  # the right password learns nothing either
    assert _actions()[-1] == (Action.SIGN_IN_FAILED, "zhao.lei")


def test_every_attempt_is_audited_with_its_time(any_db, staff):
    _fail("admin", 1, T0)
    sign_in("admin", PASSWORD, now=T0 + timedelta(seconds=5))
    entries = list(AuditEntry.select().order_by(AuditEntry.id))
    assert [(e.action, e.at, e.actor_name) for e in entries] == [
        (Action.SIGN_IN_FAILED, T0, ""),
        (Action.SIGN_IN, T0 + timedelta(seconds=5), "系统管理员"),
    ]


def test_a_locked_account_answers_like_an_unknown_login_even_to_the_right_password(any_db, staff):
    _fail("li.na", 5, T0)
    messages = set()
    for login, password in [("li.na", PASSWORD), ("li.na", "wrong"), ("nobody", "wrong")]:
        with pytest.raises(SignInFailed) as caught:
            sign_in(login, password, now=T0 + timedelta(minutes=1))
        messages.add(str(caught.value))
    assert messages == {REFUSED}
    # Guesses during the lock neither count nor extend it.
    assert User.get(User.username == "li.na").locked_until == T0 + timedelta(minutes=15)


def test_an_unknown_login_costs_the_same_argon2_check_as_a_known_one(any_db, staff, monkeypatch):
    checked: list[str] = []
    real_verify = passwords.verify_password

    def counting_verify(password_hash, password):
        checked.append(password_hash)
        return real_verify(password_hash, password)

    monkeypatch.setattr(signin, "verify_password", counting_verify)
    for login in ("li.na", "nobody", "li.na"):  # a wrong password, an unknown login, a lock
        with pytest.raises(SignInFailed):
            sign_in(login, "wrong-password", now=T0)
    _fail("li.na", 3, T0)
    with pytest.raises(SignInFailed):
        sign_in("li.na", PASSWORD, now=T0)
    assert len(checked) == 7
    # The dummy hash has the same argon2 parameters as a real one, so the same cost.
    params = {h.rsplit("$", 2)[0] for h in checked}
    assert len(params) == 1 and params.pop().startswith("$argon2id$")
    assert checked[1] not in (User.get(User.username == "li.na").password_hash,)


def test_failures_older_than_the_lockout_window_expire(any_db, staff):
    _fail("li.na", 4, T0)
    _fail("li.na", 1, T0 + timedelta(minutes=16))  # the four before it no longer count
    assert User.get(User.username == "li.na").locked_until is None
    _fail("li.na", 3, T0 + timedelta(minutes=17))
    assert sign_in("li.na", PASSWORD, now=T0 + timedelta(minutes=18)).username == "li.na"


def test_a_login_naming_two_accounts_signs_in_as_neither(any_db, staff):
    """Rows older than the rule: a user called "A001" beside agent A001."""
    make_user("A001", Role.MANAGER, "冒名者")
    with pytest.raises(SignInFailed):
        sign_in("A001", PASSWORD, now=T0)
    assert sign_in("zhao.lei", PASSWORD, now=T0).id == staff["agent"].id
