"""First-run set-up of a branch, and changing its settings."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from branchdesk.audit.log import Action, TargetKind, record
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require
from branchdesk.auth.users import UserForm, create_first_manager
from branchdesk.db.backup import backup_database
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.settings.changes import clean_changes
from branchdesk.settings.store import all_settings, put_setting


@dataclass(frozen=True)
class BranchSetup:
    company_name: str
    branch_name: str
    hotline: str
    manager: UserForm


def needs_setup() -> bool:
    return not User.select().exists()


def initialize_branch(setup: BranchSetup, now: datetime | None = None) -> Actor:
    branch_fields = {
        "company_name": setup.company_name,
        "branch_name": setup.branch_name,
        "hotline": setup.hotline,
    }
    cleaned, errors = clean_changes(branch_fields, all_settings())
    try:
        with write_transaction():
            actor = create_first_manager(setup.manager, now)
            if errors:
                raise ValidationError(errors)
            for key, value in cleaned.items():
                put_setting(key, value)
            company, branch = cleaned["company_name"], cleaned["branch_name"]
            record(
                actor,
                Action.BRANCH_INITIALIZED,
                f"{company} / {branch}",
                at=now,
                target_kind=TargetKind.BRANCH,
                new=cleaned,
            )
            record(
                actor,
                Action.USER_CREATED,
                actor.username,
                at=now,
                target_kind=TargetKind.USER,
                target_id=actor.id,
                new={"username": actor.username, "display_name": actor.display_name,
                     "role": actor.role},
            )  # fmt: skip
    except ValidationError as exc:
        # Report the branch fields and the manager's fields together.
        raise ValidationError({**errors, **exc.errors}) from None
    return actor


def update_settings(actor: Actor, changes: dict[str, Any], now: datetime | None = None) -> None:
    """Store the changed settings; every value is checked by its setting's kind first, and a
    refusal names each setting with its message, storing nothing."""
    require(actor, Permission.EDIT_SETTINGS)
    current = all_settings()
    cleaned, errors = clean_changes(changes, current)
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in cleaned.items() if current.get(k) != v}
    with write_transaction():
        for key, value in sorted(changed.items()):
            put_setting(key, value)
            # One entry per setting, with the value it replaced: "who changed the closing
            # time" is then one indexed query on ("setting", "closing_time").
            record(
                actor,
                Action.SETTINGS_CHANGED,
                key,
                at=now,
                target_kind=TargetKind.SETTING,
                target_id=key,
                old={key: current.get(key)},
                new={key: value},
            )


def backup_now(actor: Actor, database_url: str, target: Path, now: datetime | None = None) -> Path:
    """A consistent copy of the whole database (SQLite file, or pg_dump for PostgreSQL)."""
    require(actor, Permission.BACKUP)
    path = backup_database(database_url, target)
    record(
        actor,
        Action.DATABASE_BACKED_UP,
        str(path),
        at=now,
        target_kind=TargetKind.BACKUP,
        data={"file": str(path)},
    )
    return path
