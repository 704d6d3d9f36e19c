"""Managing staff accounts: only roles with MANAGE_USERS may add, edit or deactivate, and
only accounts of roles their own role may grant (``roles.GRANTABLE_ROLES``).

The branch's first administrator is the exception: the set-up wizard creates only the
manager, so while the branch has no administrator account at all, a manager may create one.
From then on only an administrator grants that role, and the last active administrator (like
the last active manager) can be neither deactivated nor demoted."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime

from peewee import SqliteDatabase

from branchdesk.area_registry import owned_records_of
from branchdesk.audit.log import Action, TargetKind, record
from branchdesk.auth.password_policy import MIN_PASSWORD_LENGTH as MIN_PASSWORD_LENGTH
from branchdesk.auth.password_policy import password_problem
from branchdesk.auth.passwords import hash_password, verify_password
from branchdesk.auth.roles import Permission, Role, grantable_roles
from branchdesk.auth.session import Actor, check_session, require
from branchdesk.auth.signin import count_failure
from branchdesk.clock import now as clock_now
from branchdesk.db import db
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, PermissionDenied, ValidationError
from branchdesk.i18n import _
from branchdesk.i18n.collation import sorted_by_name
from branchdesk.validation import clean_name, clean_text

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
    # The day the user started at the branch (R-C12: the first two weeks' quota); None: the day
    # the account is created, and on edit: keep as it is.
    start_date: date | None = None


@dataclass(frozen=True)
class UserInfo:
    id: int
    username: str
    display_name: str
    agent_no: str
    role: Role
    active: bool
    locked_until: datetime | None
    start_date: date | None = None  # as stored; None: the day the account was created


def _info(user: User) -> UserInfo:
    return UserInfo(
        user.id,
        user.username,
        user.display_name,
        user.agent_no or "",
        Role(user.role),
        user.active,
        user.locked_until,
        user.start_date or user.created_at.date(),
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
    if existing_id is None or form.password:
        problem = password_problem(form.password, login=username, display_name=display_name)
        if problem:
            errors["password"] = problem
    others = User.select().where(User.id != (existing_id or 0))
    # One sign-in field takes a user name or an agent number (工号): neither may name
    # another account, or a user called "1003" would sign in in place of agent 1003.
    if "username" not in errors:
        if others.where(User.username == username).exists():
            errors["username"] = _("This user name is taken.")
        elif others.where(User.agent_no == username).exists():
            errors["username"] = _("This is another user's agent number.")
    if agent_no and "agent_no" not in errors:
        if others.where(User.agent_no == agent_no).exists():
            errors["agent_no"] = _("This agent number belongs to someone else.")
        elif others.where(User.username == agent_no).exists():
            errors["agent_no"] = _("This is another user's user name.")
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
    query = User.select()
    if not include_inactive:
        query = query.where(User.active == True)  # noqa: E712 (peewee expression)
    # By role, then by name as the reader's language orders names (not by code point).
    by_name = sorted_by_name([_info(u) for u in query], lambda info: info.display_name)
    return sorted(by_name, key=lambda info: info.role)


def staff_names() -> list[UserInfo]:
    """Active staff, for choosing a host or the person who answers; no secret data."""
    query = User.select().where(User.active == True)  # noqa: E712
    return sorted_by_name([_info(u) for u in query], lambda info: info.display_name)


def _first_admin_missing() -> bool:
    return not User.select().where(User.role == Role.ADMIN).exists()


def grantable_roles_for(actor: Actor) -> list[Role]:
    """The roles ``actor`` may give, and so the accounts they may create, edit or deactivate."""
    require(actor, Permission.MANAGE_USERS)
    roles = grantable_roles(actor.role)
    if actor.role == Role.MANAGER and _first_admin_missing():
        roles.append(Role.ADMIN)
    return roles


def _refuse_unless_grantable(actor: Actor, *roles: str) -> None:
    allowed = grantable_roles_for(actor)
    if any(role in {r.value for r in Role} and Role(role) not in allowed for role in roles):
        raise PermissionDenied(_("Your role may not manage accounts of this role."))


def create_user(actor: Actor, form: UserForm, now: datetime | None = None) -> UserInfo:
    """A new account; its password was chosen by ``actor``, so the user replaces it at their
    first sign-in."""
    require(actor, Permission.MANAGE_USERS)
    _refuse_unless_grantable(actor, form.role)
    cleaned = validate_user_form(form, existing_id=None)
    password_hash = hash_password(form.password)  # slow on purpose: not while holding the lock
    with write_transaction():
        user = User.create(
            **cleaned,
            role=form.role,
            active=form.active is not False,
            password_hash=password_hash,
            must_change_password=True,
            created_at=now or clock_now(),
            start_date=form.start_date or (now or clock_now()).date(),
        )
        record(
            actor,
            Action.USER_CREATED,
            user.username,
            at=now,
            target_kind=TargetKind.USER,
            target_id=user.id,
            new=_account_values(user),
        )
    return _info(user)


# What the audit log keeps of an account's change: never the password or its hash.
AUDITED_FIELDS = ("username", "display_name", "agent_no", "role", "active")


def _account_values(user: User, fields=AUDITED_FIELDS) -> dict[str, object]:
    return {field: getattr(user, field) for field in fields}


def _lock_active(role: str) -> list[int]:
    """The ids of the active accounts of ``role``, locked until the transaction ends (on
    PostgreSQL; SQLite's write transaction holds the whole file already), so two managers
    deactivating each other at the same moment cannot both see the other one still there."""
    query = User.select(User.id).where((User.role == role) & (User.active == True))  # noqa: E712
    if not isinstance(db.obj, SqliteDatabase):
        query = query.order_by(User.id).for_update()
    return [row.id for row in query]


def _refuse_removing_the_last(user: User, role: str, active: bool) -> None:
    """The last active manager and the last active admin stay: without them nobody could
    manage users, change settings or take backups."""
    if not user.active or user.role not in (Role.MANAGER, Role.ADMIN):
        return
    if active and role == user.role:
        return
    if not [i for i in _lock_active(user.role) if i != user.id]:
        if user.role == Role.MANAGER:
            message = _("This is the last active manager; add or activate another one first.")
        else:
            message = _("This is the last active administrator; add or activate another one first.")
        raise ValidationError({"role": message})


def _refuse_deactivating_an_owner(user: User) -> None:
    """R-F5: a leaver's customers and leads are handed to another owner first (the areas say
    what a user owns), so nobody takes them over without the manager's decision."""
    owned = owned_records_of(user.id)
    if owned:
        raise ValidationError(
            {
                "active": _(
                    "{name} still owns {what}: hand them over to another owner first."
                ).format(name=user.display_name, what=_(", ").join(owned))
            }
        )


def update_user(
    actor: Actor, user_id: int, form: UserForm, now: datetime | None = None
) -> UserInfo:
    """A password set here was chosen by ``actor``: the user replaces it at the next sign-in.
    Nobody resets their own password here (that needs the current one: ``change_own_password``)."""
    require(actor, Permission.MANAGE_USERS)
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    _refuse_unless_grantable(actor, user.role, form.role)
    cleaned = validate_user_form(form, existing_id=user_id)
    if user_id == actor.id and (form.role != user.role or form.active is False):
        # Nobody locks themselves out of user management by accident.
        raise ValidationError(
            {"role": _("You cannot change your own role or deactivate yourself.")}
        )
    if user_id == actor.id and form.password:
        raise ValidationError(
            {"password": _("Change your own password with Account → Change password.")}
        )
    password_hash = hash_password(form.password) if form.password else None
    with write_transaction():
        if user.role in (Role.MANAGER, Role.ADMIN):
            # Before the row itself: every desk takes these locks in the same order (by id),
            # so two managers changing each other wait in turn instead of deadlocking.
            _lock_active(user.role)
        # Read again under the write lock (and locked on PostgreSQL): the checks below and the
        # fields kept as they are must see what another desk may have written meanwhile.
        query = User.select().where(User.id == user_id)
        if not isinstance(db.obj, SqliteDatabase):
            query = query.for_update()
        user = query.first()
        if user is None:
            raise NotFound(_("This user no longer exists."))
        _refuse_unless_grantable(actor, user.role)
        active = user.active if form.active is None else form.active
        _refuse_removing_the_last(user, form.role, active)
        if user.active and not active:
            _refuse_deactivating_an_owner(user)
        changes = [
            k for k in ("username", "display_name", "agent_no") if getattr(user, k) != cleaned[k]
        ]
        changes += ["role"] if user.role != form.role else []
        before = _account_values(user, changes)
        if form.start_date is not None and form.start_date != (
            user.start_date or user.created_at.date()
        ):
            before["start_date"] = user.start_date.isoformat() if user.start_date else None
            user.start_date = form.start_date
            changes.append("start_date")
        for key, value in cleaned.items():
            setattr(user, key, value)
        user.role = form.role
        was_active, user.active = user.active, active
        if password_hash:
            user.password_hash = password_hash
            user.must_change_password = True
            user.failed_attempts, user.locked_until, user.last_failed_at = 0, None, None
        # The row before the audit entry, as every writer does: on PostgreSQL the audit
        # table's lock taken first would deadlock with a sign-in updating this row.
        user.save()
        target = {"target_kind": TargetKind.USER, "target_id": user.id}
        if password_hash:
            record(actor, Action.PASSWORD_RESET, user.username, at=now, **target)
        if changes:
            after = _account_values(user, [c for c in changes if c != "start_date"])
            if "start_date" in changes:
                after["start_date"] = user.start_date.isoformat()
            record(
                actor, Action.USER_UPDATED, user.username, at=now, old=before, new=after, **target
            )
        if was_active != active:
            action = Action.USER_ACTIVATED if active else Action.USER_DEACTIVATED
            old, new = {"active": was_active}, {"active": active}
            record(actor, action, user.username, at=now, old=old, new=new, **target)
    return _info(user)


def change_own_password(actor: Actor, current: str, new: str, now: datetime | None = None) -> Actor:
    """Everyone may change their own password, knowing the current one; a wrong one counts
    towards the sign-in lock (the dialog must not be a way to guess it). Returns the actor as
    the account now is (no longer asked to change it)."""
    check_session(actor)
    user = User.get_by_id(actor.id)
    problem = password_problem(new, login=user.username, display_name=user.display_name)
    if not verify_password(user.password_hash, current):
        with write_transaction():
            count_failure(User.get_by_id(actor.id), now or clock_now())
        raise ValidationError({"current_password": _("The current password is wrong.")})
    if problem:
        raise ValidationError({"new_password": problem})
    if new == current:
        raise ValidationError({"new_password": _("Choose a password different from the old one.")})
    password_hash = hash_password(new)
    with write_transaction():
        user = User.get_by_id(actor.id)
        user.password_hash = password_hash
        user.must_change_password = False
        user.save()
        record(
            actor,
            Action.PASSWORD_RESET,
            user.username,
            at=now,
            target_kind=TargetKind.USER,
            target_id=user.id,
        )
    return Actor.from_user(user)


def set_active(actor: Actor, user_id: int, active: bool, now: datetime | None = None) -> UserInfo:
    require(actor, Permission.MANAGE_USERS)
    user = User.get_or_none(User.id == user_id)
    if user is None:
        raise NotFound(_("This user no longer exists."))
    form = UserForm(user.username, user.display_name, user.role, user.agent_no or "", "", active)
    return update_user(actor, user_id, form, now)
