"""Numbered schema migrations with a schema-version table.

A new database is created by running every step; an existing one runs the steps it lacks,
each in its own transaction, after a backup of the SQLite file. A database written by a newer
BranchDesk is refused untouched. The steps themselves live in ``branchdesk.db.steps``, each with
the tables as it made them, so a new database and an upgraded one end up the same.
"""

from __future__ import annotations

import importlib
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


def _step(module: str) -> Step:
    """The step in ``branchdesk.db.steps.<module>``, imported when it runs: every start checks
    the version, few upgrade, and each step module defines its own tables."""

    def apply(migrator: SchemaMigrator) -> None:
        importlib.import_module(f"branchdesk.db.steps.{module}").apply(migrator)

    return apply


# Append new steps at the end; never edit or reorder a released step.
MIGRATIONS: list[tuple[int, str, Step]] = [
    (1, "initial schema: users, settings, audit log, visitors", _step("step_001_initial")),
    (2, "daily visit log archive", _step("step_002_daily_visit_log")),
    (3, "each privacy notice wording stored once", _step("step_003_consent_notices")),
    (4, "a visit may stand without a visitor record", _step("step_004_visit_without_visitor")),
    (5, "append-only audit log with seals", _step("step_005_audit_seals")),
    (6, "forced password change, failed sign-ins expire", _step("step_006_password_change")),
    (7, "audit entries name their target, details as JSON", _step("step_007_audit_targets")),
    (8, "expected visitors", _step("step_008_expected_visits")),
    (11, "visit search reads its page's ids from an index", _step("step_011_visit_search_index")),
    (12, "customer files with secrecy levels", _step("step_012_customer_files")),
    (13, "call scripts and their versions", _step("step_013_call_scripts")),
    (14, "the call desk: calls, callbacks, drafts, leads", _step("step_014_calls")),
    (15, "a visit links to the customer file of its number", _step("step_015_visit_customer_link")),
    (16, "visit search index holds no names", _step("step_016_narrow_visit_search_index")),
]
LATEST_VERSION = MIGRATIONS[-1][0]


def current_version() -> int:
    """0 for an empty database."""
    if not m.SchemaVersion.table_exists():
        return 0
    row = m.SchemaVersion.select().order_by(m.SchemaVersion.version.desc()).first()
    return row.version if row else 0


def _refuse_if_newer(version: int) -> int:
    if version > LATEST_VERSION:
        raise SchemaTooNew(
            _(
                "This database has schema version {found}, but this BranchDesk only knows up "
                "to version {known}. Install the newer BranchDesk that wrote it; the database "
                "was not changed."
            ).format(found=version, known=LATEST_VERSION)
        )
    return version


def check_not_newer() -> int:
    return _refuse_if_newer(current_version())


def check_file_before_opening(path: Path | None, encrypted: bool = True) -> None:
    """Refuse an SQLite file that is no database or was written by a newer BranchDesk, having
    only read it: opening it for use switches a rollback-journal file to WAL (its bytes
    change, -wal and -shm appear), which a refused file must not suffer."""
    from branchdesk.db.connection import read_only_connection

    if path is None:
        return
    connection = read_only_connection(path, encrypted)
    if connection is None:
        return  # a new file
    try:
        table = m.SchemaVersion._meta.table_name
        found = connection.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (table,)
        ).fetchone()
        if found is None:
            return
        (version,) = connection.execute(
            f'SELECT coalesce(max(version), 0) FROM "{table}"'
        ).fetchone()
    finally:
        connection.close()
    _refuse_if_newer(version)


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
