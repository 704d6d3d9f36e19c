"""Editing the audit tables behind the app's back, as someone holding the database would.

On SQLite the append-only triggers must be dropped first, deliberately; on PostgreSQL the
tests connect as the owner, which the desk role is not."""

from __future__ import annotations

from peewee import SqliteDatabase

APPEND_ONLY_TRIGGERS = [
    f"{table}_no_{verb}" for table in ("audit_entry", "audit_seal") for verb in ("update", "delete")
]


def drop_guards(database) -> None:
    if isinstance(database, SqliteDatabase):
        for trigger in APPEND_ONLY_TRIGGERS:
            database.execute_sql(f"DROP TRIGGER IF EXISTS {trigger}")


def tamper(database, statement: str, *params) -> None:
    """Run ``statement`` (``?`` placeholders) with the guards out of the way."""
    drop_guards(database)
    database.execute_sql(statement.replace("?", database.param), params)
