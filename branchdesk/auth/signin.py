"""Sign-in with lock-out after repeated failures (counts and minutes are settings).

A refusal reveals nothing: an unknown login, a wrong password, a locked or a deactivated
account all get the same message after the same argon2 work (an unknown login is checked
against a dummy hash), so neither the text nor the time tells whether a login exists. The lock
is not revealed even to someone typing the right password: that answer would tell a guesser
during the lock which guess was right, and the lock would protect nothing. The audit entry and
the users tab tell a manager what happened."""

from __future__ import annotations

import functools
import secrets
from datetime import datetime, timedelta

from branchdesk.audit.log import Action, TargetKind, record
from branchdesk.auth.passwords import hash_password, needs_rehash, verify_password
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import SignInFailed
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting
from branchdesk.validation import unstorable_reason


@functools.cache
def _dummy_hash() -> str:
    """A hash no password matches, made with the same parameters as the real ones."""
    return hash_password(secrets.token_hex(16))


def _find_user(login: str) -> User | None:
    login = login.strip()
    # A login no database can search for (a broken paste) names nobody: an ordinary failure.
    if not login or unstorable_reason(login) is not None:
        return None
    matches = list(
        User.select().where((User.username == login) | (User.agent_no == login)).limit(2)
    )
    # A login naming two accounts (one's user name, the other's agent number: only in data
    # older than the rule that forbids it) signs in as neither.
    return matches[0] if len(matches) == 1 else None


def failure_message() -> str:
    return _(
        "Sign-in failed. Check your user name and password. After {count} failed attempts "
        "an account is locked for {minutes} minutes."
    ).format(
        count=int(get_setting("signin_max_failures")),
        minutes=int(get_setting("signin_lockout_minutes")),
    )


def count_failure(user: User, now: datetime) -> None:
    window = timedelta(minutes=int(get_setting("signin_lockout_minutes")))
    if user.last_failed_at is not None and now - user.last_failed_at >= window:
        user.failed_attempts = 0  # older failures have expired
    user.failed_attempts += 1
    user.last_failed_at = now
    if user.failed_attempts >= int(get_setting("signin_max_failures")):
        user.locked_until = now + window
        user.failed_attempts = 0
    user.save()


def sign_in(login: str, password: str, now: datetime | None = None) -> Actor:
    """``login`` is a user name or an agent number (工号)."""
    now = now or clock_now()
    dummy = _dummy_hash()  # made once per process, whoever signs in first
    found = _find_user(login)
    checked_hash = found.password_hash if found else dummy
    # The slow check runs before the write lock is taken, and for an unknown login too.
    password_ok = verify_password(checked_hash, password) and found is not None
    # The transaction commits failures too: the counter and the audit entry must survive.
    with write_transaction():
        user = User.get_or_none(User.id == found.id) if found else None
        signed_in = (
            user is not None
            and password_ok
            and user.password_hash == checked_hash  # not reset in the meantime
            and user.active
            and not (user.locked_until and user.locked_until > now)
        )
        if not signed_in:
            locked = user is not None and user.locked_until and user.locked_until > now
            if user is not None and not password_ok and not locked:
                count_failure(user, now)
            # Never the typed text of an unknown login: it is sometimes a password.
            target = user.username if user else "(unknown user)"
            user_id = user.id if user else None
            record(
                None,
                Action.SIGN_IN_FAILED,
                target,
                at=now,
                target_kind=TargetKind.USER,
                target_id=user_id,
            )
        else:
            user.failed_attempts = 0
            user.locked_until = None
            user.last_failed_at = None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.save()
            actor = Actor.from_user(user)
            record(
                actor,
                Action.SIGN_IN,
                user.username,
                at=now,
                target_kind=TargetKind.USER,
                target_id=user.id,
            )
    if not signed_in:
        raise SignInFailed(failure_message())
    return actor
