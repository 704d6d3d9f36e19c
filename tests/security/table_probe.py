"""The audit log edited behind the application's back (R-S4).

SQLite: on a copy of the database (never the desk's own file), an edit is first refused by the
append-only triggers; with the triggers dropped on purpose an entry is rewritten, and the
verification ``branchdesk audit verify`` runs must then call the log altered.
PostgreSQL: connected as the desks connect (their role, from ``db setup-roles``), changing,
deleting or truncating audit entries and seals is refused by the server; each attempt is
rolled back whatever happens.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Callable
from pathlib import Path

from branchdesk.audit.verify import verify_log
from branchdesk.db import db
from branchdesk.db.backup import backup_sqlite_file
from branchdesk.db.connection import close_database, is_encrypted, is_sqlite, open_database
from branchdesk.db.encrypted_files import connect_file
from branchdesk.db.server_password import with_stored_password

AUDIT_TABLES = ("audit_entry", "audit_seal")
EDIT = "UPDATE audit_entry SET target = target || ' (edited)' WHERE id = {row}"
POSTGRES_ATTEMPTS = [
    statement
    for table in AUDIT_TABLES
    for statement in (
        f"UPDATE {table} SET id = id WHERE id = (SELECT max(id) FROM {table})",
        f"DELETE FROM {table} WHERE id = (SELECT max(id) FROM {table})",
        f"TRUNCATE {table}",
    )
]


def _sqlite_copy(workdir: Path) -> tuple[Path, Callable]:
    """A consistent copy of the open database, and how to connect to it raw."""
    copy = backup_sqlite_file(workdir / "tampered.sqlite3")
    if is_encrypted(db.obj):
        return copy, lambda: connect_file(copy)
    return copy, lambda: sqlite3.connect(copy, isolation_level=None)


def _refused(conn, statement: str) -> bool:
    try:
        conn.execute(statement)
    except Exception:  # the trigger's abort, whatever the driver calls it
        return True
    return False


def tamper_sqlite(database_url: str, workdir: Path, reopen: Callable[[], None]):
    """Returns the findings, and the tampered copy (to verify it otherwise too)."""
    findings: list[str] = []
    copy, connect = _sqlite_copy(workdir)
    conn = connect()
    try:
        rows = conn.execute("SELECT min(id), max(id) FROM audit_entry").fetchone()
        if rows[0] is None:
            return ["the audit log is empty: nothing to tamper with"], copy
        first, last = rows
        for statement in (EDIT.format(row=first), f"DELETE FROM audit_entry WHERE id = {last}"):
            if not _refused(conn, statement):
                findings.append(f"SQLite: '{statement}' was not refused by a trigger")
        triggers = conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name IN (?, ?)",
            AUDIT_TABLES,
        ).fetchall()
        for (name,) in triggers:
            conn.execute(f'DROP TRIGGER "{name}"')
        conn.execute(EDIT.format(row=first))
    finally:
        conn.close()
    open_database(f"sqlite:///{copy}")
    try:
        status = verify_log()
    finally:
        close_database()
        reopen()
    if status.intact:
        findings.append(f"SQLite: entry {first} was rewritten and the log still verifies intact")
    return findings, copy


def _postgres_conninfo(url: str) -> str:
    return re.sub(r"^[a-z0-9+]*://", "postgresql://", with_stored_password(url))


def tamper_postgres(desk_url: str) -> list[str]:
    import psycopg

    findings = []
    with psycopg.connect(_postgres_conninfo(desk_url)) as conn:
        user = conn.execute("SELECT current_user").fetchone()[0]
        for statement in POSTGRES_ATTEMPTS:
            try:
                conn.execute(statement)
            except psycopg.errors.InsufficientPrivilege:
                conn.rollback()
                continue
            except psycopg.Error as exc:
                conn.rollback()
                findings.append(f"PostgreSQL as {user}: '{statement}' failed otherwise: {exc}")
                continue
            conn.rollback()  # it went through: undo it, and say so
            findings.append(f"PostgreSQL as {user}: '{statement}' was allowed")
    return findings


def try_table_edits(
    database_url: str, workdir: Path, reopen: Callable[[], None], desk_url: str | None = None
) -> tuple[list[str], Path | None]:
    if is_sqlite(database_url):
        return tamper_sqlite(database_url, workdir, reopen)
    return tamper_postgres(desk_url or database_url), None
