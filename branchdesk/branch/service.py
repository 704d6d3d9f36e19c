"""First-run set-up of a branch, and changing its settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from branchdesk.audit.log import Action, details, record
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require
from branchdesk.auth.users import UserForm, create_first_manager
from branchdesk.db.backup import backup_database
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.settings.defaults import SETTINGS_BY_KEY
from branchdesk.settings.store import all_settings, put_setting
from branchdesk.validation import clean_int, clean_text


@dataclass(frozen=True)
class BranchSetup:
    company_name: str
    branch_name: str
    hotline: str
    manager: UserForm


def needs_setup() -> bool:
    return not User.select().exists()


def initialize_branch(setup: BranchSetup, now: datetime | None = None) -> Actor:
    errors: dict[str, str] = {}
    company = clean_text(errors, "company_name", setup.company_name, required=True, max_length=100)
    branch = clean_text(errors, "branch_name", setup.branch_name, required=True, max_length=100)
    hotline = clean_text(errors, "hotline", setup.hotline, max_length=40)
    try:
        with write_transaction():
            actor = create_first_manager(setup.manager, now)
            if errors:
                raise ValidationError(errors)
            put_setting("company_name", company)
            put_setting("branch_name", branch)
            put_setting("hotline", hotline)
            record(actor, Action.BRANCH_INITIALIZED, f"{company} / {branch}", at=now)
            record(actor, Action.USER_CREATED, actor.username, details(role=actor.role), at=now)
    except ValidationError as exc:
        # Report the branch fields and the manager's fields together.
        raise ValidationError({**errors, **exc.errors}) from None
    return actor


def _clean_setting(errors: dict[str, str], key: str, value: Any) -> Any:
    definition = SETTINGS_BY_KEY[key]
    if definition.kind == "int":
        return clean_int(errors, key, value, minimum=definition.minimum, maximum=definition.maximum)
    if definition.kind == "list":
        items = [clean_text(errors, key, str(item), max_length=40) for item in value]
        items = [item for item in items if item]
        if not items:
            errors[key] = _("Keep at least one entry.")
        return items
    if definition.kind == "time":
        text = clean_text(errors, key, value, required=True, max_length=5)
        try:
            datetime.strptime(text, "%H:%M")
        except ValueError:
            errors[key] = _("Enter a time as HH:MM, for example 18:00.")
        return text
    limit = 2000 if definition.kind == "multiline" else 200
    # The branch's own names appear on every form and window title; they may not go blank.
    required = key in ("company_name", "branch_name")
    return clean_text(
        errors,
        key,
        value,
        required=required,
        max_length=limit,
        multiline=definition.kind == "multiline",
    )


def update_settings(actor: Actor, changes: dict[str, Any], now: datetime | None = None) -> None:
    require(actor, Permission.EDIT_SETTINGS)
    errors: dict[str, str] = {}
    cleaned = {key: _clean_setting(errors, key, value) for key, value in changes.items()}
    if errors:
        raise ValidationError(errors)
    current = all_settings()
    changed = {k: v for k, v in cleaned.items() if current.get(k) != v}
    with write_transaction():
        for key, value in changed.items():
            put_setting(key, value)
        if changed:
            record(actor, Action.SETTINGS_CHANGED, ",".join(sorted(changed)), at=now)


def backup_now(actor: Actor, database_url: str, target: Path, now: datetime | None = None) -> Path:
    """A consistent copy of the whole database (SQLite file, or pg_dump for PostgreSQL)."""
    require(actor, Permission.BACKUP)
    path = backup_database(database_url, target)
    record(actor, Action.DATABASE_BACKED_UP, str(path), at=now)
    return path
