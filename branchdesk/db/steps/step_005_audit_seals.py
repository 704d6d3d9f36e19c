"""Schema version 4: the audit log becomes append-only, and its head is sealed (R-S4).

``audit_seal`` keeps the chain's head (last entry and its hash) at each daily-log closing and
at least once a day; the same numbers are printed on the archived daily log, so deleting the
newest entries or rewriting old ones and recomputing the hashes after them no longer verifies.

On SQLite, triggers refuse UPDATE and DELETE on both tables: the app never changes an entry,
and whoever edits the file by hand must first drop the triggers on purpose. On PostgreSQL the
same is enforced by the desk role (``branchdesk db setup-roles``), which may only INSERT and
SELECT them.

The head as it stands at the upgrade is sealed at once, so an existing log is protected from
the upgrade on.
"""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from peewee import DateField, DateTimeField, IntegerField, Model, SqliteDatabase, TextField

from branchdesk.db import db

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

APPEND_ONLY_TABLES = ("audit_entry", "audit_seal")


class _Table(Model):
    class Meta:
        database = db
        legacy_table_names = False


class AuditSeal(_Table):
    sealed_at = DateTimeField()
    entry_id = IntegerField(index=True)
    entry_hash = TextField()
    reason = TextField()
    day = DateField(null=True)


def append_only_triggers(table: str) -> list[str]:
    return [
        f"CREATE TRIGGER IF NOT EXISTS {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
        for verb in ("UPDATE", "DELETE")
    ]


def apply(migrator: SchemaMigrator) -> None:
    db.create_tables([AuditSeal])
    head = db.execute_sql("SELECT id, hash FROM audit_entry ORDER BY id DESC LIMIT 1").fetchone()
    if head is not None:
        AuditSeal.create(
            sealed_at=datetime.now(), entry_id=head[0], entry_hash=head[1], reason="upgrade"
        )
    if isinstance(db.obj, SqliteDatabase):
        for table in APPEND_ONLY_TABLES:
            for statement in append_only_triggers(table):
                db.execute_sql(statement)
