"""A freshly migrated database for each test, without migrating for each test.

Running every schema step costs about 0.1 s on SQLite and over a second on PostgreSQL, once per
test. So the steps run once per session: on SQLite into a template file each test gets a copy
of; on PostgreSQL into the test database itself, whose data is then reset between tests (every
table emptied, its sequences restarted, and the rows the steps wrote put back). A test that
changed the PostgreSQL schema (a migration test, a role's grants) leaves a different fingerprint
behind, and the next test gets its tables dropped and every step run again.
"""

from __future__ import annotations

import atexit
import hashlib
import shutil
import tempfile
from pathlib import Path

from branchdesk.db import connection, encryption_key, migrations
from branchdesk.db.models import ALL_MODELS

_template_dir: Path | None = None
_template_key = ""
# PostgreSQL: the schema's fingerprint once migrated, and the rows the steps left in it.
_migrated_fingerprint: str | None = None
_seeded_rows: dict[str, tuple[list[str], list[tuple]]] = {}


def open_fresh(url: str):
    if url.startswith("sqlite:///"):
        template, key = _sqlite_template()
        # A new file is encrypted with this machine's key (made on first use): the copy is
        # opened with the key the template was made with, stored where this test keeps keys.
        stored = encryption_key.load_key()
        if stored is None or stored.key == key:
            if stored is None:
                encryption_key.save_key(key)
            shutil.copy(template, url.removeprefix("sqlite:///"))
        database = connection.open_database(url)
        migrations.upgrade()  # nothing to do when copied: the template has the newest schema
        return database
    database = connection.open_database(url)
    if _migrated_fingerprint is None or _fingerprint(database) != _migrated_fingerprint:
        _migrate_from_scratch(database)
    else:
        _reset_data(database)
    return database


def _sqlite_template() -> tuple[Path, str]:
    """The migrated template and the key it is encrypted with."""
    global _template_dir, _template_key
    if _template_dir is None:
        _template_dir = Path(tempfile.mkdtemp(prefix="branchdesk-test-template-"))
        atexit.register(shutil.rmtree, _template_dir, True)
        template = _template_dir / "template.sqlite3"
        connection.open_database(f"sqlite:///{template}")
        migrations.upgrade()
        connection.close_database()  # the last connection: the WAL is written back and removed
        _template_key = encryption_key.load_key().key
    return _template_dir / "template.sqlite3", _template_key


def _migrate_from_scratch(database) -> None:
    global _migrated_fingerprint
    database.drop_tables(ALL_MODELS, cascade=True)
    migrations.upgrade()
    _migrated_fingerprint = _fingerprint(database)
    _seeded_rows.clear()
    for table in _tables(database):
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        rows = cursor.fetchall()
        if rows:
            _seeded_rows[table] = ([column[0] for column in cursor.description], rows)


def _reset_data(database) -> None:
    tables = ", ".join(f'"{table}"' for table in _tables(database))
    with database.atomic():
        database.execute_sql(f"TRUNCATE {tables} RESTART IDENTITY CASCADE")
        for table, (columns, rows) in _seeded_rows.items():
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            for row in rows:
                database.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', row)
            if "id" in columns:
                database.execute_sql(
                    f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                    f'(SELECT MAX(id) FROM "{table}"))'
                )


def _tables(database) -> list[str]:
    cursor = database.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


# Everything a test could have changed that a fresh migration decides: tables and columns,
# indexes and constraints, triggers, functions and who was granted what.
_SCHEMA_QUERIES = (
    "SELECT table_name, column_name, data_type, is_nullable, column_default"
    " FROM information_schema.columns WHERE table_schema = 'public'",
    "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public'",
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace",
    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal",
    "SELECT proname, md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
    "SELECT grantee, table_name, privilege_type FROM information_schema.role_table_grants"
    " WHERE table_schema = 'public'",
    "SELECT version FROM schema_version",
)


def _fingerprint(database) -> str:
    digest = hashlib.sha256()
    for query in _SCHEMA_QUERIES:
        try:
            with database.atomic():
                rows = database.execute_sql(query).fetchall()
        except Exception:  # noqa: BLE001 - a table the query reads is gone: not migrated
            return "missing"
        digest.update(repr(sorted(map(repr, rows))).encode())
    return digest.hexdigest()
