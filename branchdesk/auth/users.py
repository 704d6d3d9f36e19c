"""Managing staff accounts: only roles with MANAGE_USERS may add, edit or deactivate."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime

from branchdesk.audit.log import Action, details, record
from branchdesk.auth.passwords import hash_password
from branchdesk.auth.roles import Permission, Role
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, PermissionDenied, ValidationError
from branchdesk.i18n import _
from branchdesk.validation import clean_name, clean_text

MIN_PASSWORD_LENGTH = 8
_USERNAME = re.compile(r"^[A-Za-z0-9_.@-]{2,40}$")
_AGENT_NO = re.compile(r"^[A-Za-z0-9-]{1,20}$")


@dataclass(frozen=True)
class UserForm:
    username: str
    display_name: str
    role: str
    agent_no: str = ""
    password: str = ""  # empty on edit: keep the current password
    active: bool | None = True  # None on edit: keep as it is (another desk may have changed it)


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    agent_no: str
    role: Role
    active: bool
    locked_until: datetime | None


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.display_name,
        user.agent_no or "",
        Role(user.role),
        user.active,
        user.locked_until,
    )


def validate_user_form(form: UserForm, *, existing_id: int | None) -> dict:
    errors: dict[str, str] = {}
    username = clean_text(errors, "username", form.username, required=True, max_length=40)
    if "username" not in errors and not _USERNAME.match(username):
        errors["username"] = _("Use 2–40 letters, digits or . _ @ - for the user name.")
    display_name = clean_name(errors, "display_name", form.display_name)
    agent_no = clean_text(errors, "agent_no", form.agent_no, max_length=20)
    if agent_no and "agent_no" not in errors and not _AGENT_NO.match(agent_no):
        errors["agent_no"] = _("Use letters, digits and - for the agent number.")
    if form.role not in {r.value for r in Role}:
        errors["role"] = _("Choose a role.")
    if (existing_id is None or form.password) and len(form.password) < MIN_PASSWORD_LENGTH:
        errors["password"] = _("The password needs at least {n} characters.").format(
            n=MIN_PASSWORD_LENGTH
        )
    others = User.select().where(User.id != (existing_id or 0))
    if "username" not in errors and others.where(User.username == username).exists():
        errors["username"] = _("This user name is taken.")
    if agent_no and "agent_no" not in errors and others.where(User.agent_no == agent_no).exists():
        errors["agent_no"] = _("This agent number belongs to someone else.")
    if errors:
        raise ValidationError(errors)
    return {"username": username, "display_name": display_name, "agent_no": agent_no or None}


def create_first_manager(form: UserForm, now: datetime | None = None) -> Actor:
    """The branch's first account, created by the set-up wizard on an empty database."""
    if User.select().exists():
        raise PermissionDenied(_("This branch is already set up; sign in instead."))
    cleaned = validate_user_form(form, existing_id=None)
    user = User.create(
        **cleaned,
        role=Role.MANAGER,
        password_hash=hash_password(form.password),
        created_at=now or clock_now(),
    )
    return Actor.from_user(user)


def list_users(actor: Actor, *, include_inactive: bool = True) -> list[UserInfo]:
    require(actor, Permission.MANAGE_USERS)
    query = User.select().order_by(User.role, User.display_name)
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712 (peewee expression)
    return [_info(u) for u in query]


def staff_names() -> list[UserInfo]:
    """Active staff, for choosing a host or the person who answers; no secret data."""
    query = User.select().where(User.active == True).order_by(User.display_name)  # noqa: E712
    return [_info(u) for u in query]


def create_user(actor: Actor, form: UserForm, now: datetime | None = None) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    cleaned = validate_user_form(form, existing_id=None)
    password_hash = hash_password(form.password)  # slow on purpose: not while holding the lock
    with write_transaction():
        user = User.create(
            **cleaned,
            role=form.role,
            active=form.active is not False,
            password_hash=password_hash,
            created_at=now or clock_now(),
        )
        record(actor, Action.USER_CREATED, user.username, details(role=form.role), at=now)
    return _info(user)


def update_user(
    actor: Actor, user_id: int, form: UserForm, now: datetime | None = None
) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    cleaned = validate_user_form(form, existing_id=user_id)
    active = user.active if form.active is None else form.active
    if user_id == actor.id and (form.role != user.role or not active):
        # Nobody locks themselves out of user management by accident.
        raise ValidationError(
            {"role": _("You cannot change your own role or deactivate yourself.")}
        )
    changes = [
        k for k in ("username", "display_name", "agent_no") if getattr(user, k) != cleaned[k]
    ]
    changes += ["role"] if user.role != form.role else []
    password_hash = hash_password(form.password) if form.password else None
    with write_transaction():
        for key, value in cleaned.items():
            setattr(user, key, value)
        user.role = form.role
        was_active, user.active = user.active, active
        if password_hash:
            user.password_hash = password_hash
            user.failed_attempts, user.locked_until = 0, None
        # The row before the audit entry, as every writer does: on PostgreSQL the audit
        # table's lock taken first would deadlock with a sign-in updating this row.
        user.save()
        if password_hash:
            record(actor, Action.PASSWORD_RESET, user.username, at=now)
        if changes:
            record(
                actor, Action.USER_UPDATED, user.username, details(fields=",".join(changes)), at=now
            )
        if was_active != active:
            action = Action.USER_ACTIVATED if active else Action.USER_DEACTIVATED
            record(actor, action, user.username, at=now)
    return _info(user)


def set_active(actor: Actor, user_id: int, active: bool, now: datetime | None = None) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    form = UserForm(user.username, user.display_name, user.role, user.agent_no or "", "", active)
    return update_user(actor, user_id, form, now)
