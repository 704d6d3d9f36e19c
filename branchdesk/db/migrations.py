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

from peewee import OperationalError, SqliteDatabase

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
    # database made by step 1 and then upgraded is the same as a new one. ConsentNotice (step
    # 3) is here too because today's Visit refers to it, which PostgreSQL checks on creation.
    db.create_tables(
        [
            m.Setting,
            m.User,
            m.AuditEntry,
            m.Visitor,
            m.ConsentNotice,
            m.Visit,
            m.PendingReply,
            m.Escalation,
            m.VisitorSearchGram,
        ]
    )


def _daily_visit_log(migrator: SchemaMigrator) -> None:
    db.create_tables([m.DailyVisitLog])


def _consent_notices(migrator: SchemaMigrator) -> None:
    # Each visit held its own copy of the notice (a third of a large database); now each
    # wording is stored once and the visit links to the one it showed.
    db.create_tables([m.ConsentNotice])
    if "consent_notice" not in {column.name for column in db.get_columns("visit")}:
        return  # a new database: step 1 made today's visit table
    from playhouse.migrate import migrate

    wordings = db.execute_sql(
        "SELECT consent_notice, MIN(arrived_at) FROM visit"
        " WHERE consent_notice <> '' GROUP BY consent_notice"
    ).fetchall()
    for text, first_shown in wordings:  # a handful of wordings, however many visits
        m.ConsentNotice.create(
            text=text,
            digest=m.ConsentNotice.digest_of(text),
            first_shown_at=m.Visit.arrived_at.python_value(first_shown),
        )
    migrate(migrator.add_column("visit", "notice_id", m.Visit.notice))
    db.execute_sql(
        "UPDATE visit SET notice_id = (SELECT consent_notice.id FROM consent_notice"
        " WHERE consent_notice.text = visit.consent_notice) WHERE visit.consent_notice <> ''"
    )
    migrate(migrator.drop_column("visit", "consent_notice"))


# Append new steps at the end; never edit or reorder a released step.
MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial schema: users, settings, audit log, visitors", _initial_schema),
    (2, "daily visit log archive", _daily_visit_log),
    (3, "each privacy notice wording stored once", _consent_notices),
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


def _check_references() -> None:
    """With SQLite's foreign keys off during a step, nothing else would notice a step that
    leaves a row pointing nowhere; this rolls such a step back (PostgreSQL checks anyway)."""
    if not isinstance(db.obj, SqliteDatabase):
        return
    broken = db.execute_sql("PRAGMA foreign_key_check").fetchall()
    if broken:
        table, rowid, parent, _key = broken[0]
        raise RuntimeError(
            f"migration left {len(broken)} broken reference(s), e.g. {table} row {rowid} "
            f"refers to a missing {parent} row"
        )


def upgrade(sqlite_file: Path | None = None) -> list[int]:
    """Run the missing steps; returns the versions applied."""
    steps = pending_steps()
    if not steps:
        return []
    from playhouse.migrate import SchemaMigrator

    from branchdesk.db.backup import backup_sqlite_file

    existing_file = sqlite_file is not None and current_version() > 0
    if existing_file:
        stamp = now().strftime("%Y%m%d-%H%M%S")
        backup_sqlite_file(
            sqlite_file.with_name(f"{sqlite_file.name}.before-v{steps[0][0]}-{stamp}")
        )
    db.create_tables([m.SchemaVersion])
    migrator = SchemaMigrator.from_database(db.obj)
    applied = []
    for version, description, step in steps:
        # peewee's context turns SQLite's foreign keys off around the transaction: where a
        # step rebuilds a table (drop_column before SQLite 3.35), dropping the old one would
        # otherwise cascade-delete the rows that refer to it, such as a visit's replies.
        with migrator.migration_context(atomic=False), db.atomic():
            log.info("migrating to schema version %s: %s", version, description)
            step(migrator)
            _check_references()
            m.SchemaVersion.delete().execute()
            m.SchemaVersion.create(version=version)
        applied.append(version)
    if existing_file:
        _compact()
    return applied


def _compact() -> None:
    """Give back the space an upgrade freed (step 3 removes a copy of the notice from every
    visit). Only the file's size is at stake, so a failure (a full disk) is logged, not raised."""
    try:
        db.execute_sql("VACUUM")
    except OperationalError:
        log.warning("the database file could not be compacted after the upgrade", exc_info=True)
