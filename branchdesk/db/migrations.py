"""Numbered schema migrations with a schema-version table.

A new database is created by running every step; an existing one runs the steps it lacks,
each in its own transaction, after a backup of the SQLite file. A database written by a newer
BranchDesk is refused untouched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from branchdesk.clock import now
from branchdesk.db import db
from branchdesk.db import models as m
from branchdesk.errors import SchemaTooNew
from branchdesk.i18n import _

if TYPE_CHECKING:  # loaded only when a step runs: every start checks, few upgrade
    from playhouse.migrate import SchemaMigrator

log = logging.getLogger(__name__)

Step = Callable[["SchemaMigrator"], None]


def _initial_schema(migrator: SchemaMigrator) -> None:
    # The version-1 tables by name: tables added later are created by their own steps, so a
    # database made by step 1 and then upgraded is the same as a new one.
    db.create_tables(
        [
            m.Setting,
            m.User,
            m.AuditEntry,
            m.Visitor,
            m.Visit,
            m.PendingReply,
            m.Escalation,
            m.VisitorSearchGram,
        ]
    )


def _daily_visit_log(migrator: SchemaMigrator) -> None:
    db.create_tables([m.DailyVisitLog])


# Append new steps at the end; never edit or reorder a released step.
MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial schema: users, settings, audit log, visitors", _initial_schema),
    (2, "daily visit log archive", _daily_visit_log),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version() -> int:
    """0 for an empty database."""
    if not m.SchemaVersion.table_exists():
        return 0
    row = m.SchemaVersion.select().order_by(m.SchemaVersion.version.desc()).first()
    return row.version if row else 0


def check_not_newer() -> int:
    version = current_version()
    if version > LATEST_VERSION:
        raise SchemaTooNew(
            _(
                "This database has schema version {found}, but this BranchDesk only knows up "
                "to version {known}. Install the newer BranchDesk that wrote it; the database "
                "was not changed."
            ).format(found=version, known=LATEST_VERSION)
        )
    return version


def pending_steps() -> list[tuple[int, str, Step]]:
    version = check_not_newer()
    return [step for step in MIGRATIONS if step[0] > version]


def upgrade(sqlite_file: Path | None = None) -> list[int]:
    """Run the missing steps; returns the versions applied."""
    steps = pending_steps()
    if not steps:
        return []
    from playhouse.migrate import SchemaMigrator

    from branchdesk.db.backup import backup_sqlite_file

    if sqlite_file is not None and current_version() > 0:
        stamp = now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite_file(
            sqlite_file.with_name(f"{sqlite_file.name}.before-v{steps[0][0]}-{stamp}")
        )
    db.create_tables([m.SchemaVersion])
    migrator = SchemaMigrator.from_database(db.obj)
    applied = []
    for version, description, step in steps:
        with db.atomic():
            log.info("migrating to schema version %s: %s", version, description)
            step(migrator)
            m.SchemaVersion.delete().execute()
            m.SchemaVersion.create(version=version)
        applied.append(version)
    return applied
