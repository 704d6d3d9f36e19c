"""Sign-in with lock-out after repeated failures (counts and minutes are settings)."""

from __future__ import annotations

from datetime import datetime, timedelta

from branchdesk.audit.log import Action, record
from branchdesk.auth.passwords import hash_password, needs_rehash, verify_password
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import SignInFailed
from branchdesk.i18n import _, format_time
from branchdesk.settings.store import get_setting


def _find_user(login: str) -> User | None:
    login = login.strip()
    return User.get_or_none((User.username == login) | (User.agent_no == login))


def _check(user: User | None, password: str, now: datetime) -> str | None:
    """The failure message, or None on success. Updates the failure counter."""
    if user is None:
        return _("Unknown user name or wrong password.")
    if user.locked_until and user.locked_until > now:
        return _("This account is locked until {time} after too many failed sign-ins.").format(
            time=format_time(user.locked_until)
        )
    if not verify_password(user.password_hash, password):
        user.failed_attempts += 1
        if user.failed_attempts >= int(get_setting("signin_max_failures")):
            user.locked_until = now + timedelta(minutes=int(get_setting("signin_lockout_minutes")))
            user.failed_attempts = 0
        user.save()
        return _("Unknown user name or wrong password.")
    if not user.active:
        return _("This account has been deactivated.")
    return None


def sign_in(login: str, password: str, now: datetime | None = None) -> Actor:
    """``login`` is a user name or an agent number (工号)."""
    now = now or clock_now()
    # The transaction commits failures too: the counter and the audit entry must survive.
    with write_transaction():
        user = _find_user(login)
        failure = _check(user, password, now)
        if failure is not None:
            # Never the typed text of an unknown login: it is sometimes a password.
            target = user.username if user else "(unknown user)"
            record(None, Action.SIGN_IN_FAILED, target, at=now)
        else:
            user.failed_attempts = 0
            user.locked_until = None
            if needs_rehash(user.password_hash):
                user.password_hash = hash_password(password)
            user.save()
            actor = Actor.from_user(user)
            record(actor, Action.SIGN_IN, user.username, at=now)
    if failure is not None:
        raise SignInFailed(failure)
    return actor
