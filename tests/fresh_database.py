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
_table_names: list[str] = []
_id_sequences: list[tuple[str, str]] = []  # (table, the sequence numbering its ids)


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
    cursor = database.execute_sql(
        "SELECT c.relname, pg_get_serial_sequence(quote_ident(c.relname), 'id') FROM pg_class c"
        " JOIN pg_attribute a ON a.attrelid = c.oid AND a.attname = 'id'"
        " WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
    )
    _id_sequences[:] = [(table, sequence) for table, sequence in cursor.fetchall() if sequence]
    _table_names[:] = _tables(database)
    for table in _table_names:
        cursor = database.execute_sql(f'SELECT * FROM "{table}"')
        rows = cursor.fetchall()
        if rows:
            _seeded_rows[table] = ([column[0] for column in cursor.description], rows)


def _reset_data(database) -> None:
    """Every row deleted, the steps' rows put back and each id sequence restarted after them.

    DELETE, not TRUNCATE: truncating some thirty tables, nearly all of them empty or holding a
    test's few rows, took 0.15 s a test. Triggers (the audit log's append-only guard, the
    foreign keys' checks) are off for this transaction only, as a replica's are.
    """
    with database.atomic():
        database.execute_sql("SET LOCAL session_replication_role = replica")
        for table in _table_names:
            database.execute_sql(f'DELETE FROM "{table}"')
        for table, (columns, rows) in _seeded_rows.items():
            names = ", ".join(f'"{column}"' for column in columns)
            marks = ", ".join(["%s"] * len(columns))
            for row in rows:
                database.execute_sql(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', row)
        restarts = [
            f"setval('{sequence}', (SELECT COALESCE(MAX(id), 1) FROM \"{table}\"),"
            f' (SELECT COUNT(*) > 0 FROM "{table}"))'
            for table, sequence in _id_sequences
        ]
        if restarts:
            database.execute_sql("SELECT " + ", ".join(restarts))


def _tables(database) -> list[str]:
    cursor = database.execute_sql(
        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"
    )
    return [name for (name,) in cursor.fetchall()]


# Everything a test could have changed that a fresh migration decides: tables and columns,
# indexes and constraints, triggers, functions and who was granted what. Read from pg_catalog:
# information_schema's views took 40 ms of every test.
_SCHEMA_QUERIES = (
    "SELECT c.relname, a.attname, format_type(a.atttypid, a.atttypmod), a.attnotnull,"
    " pg_get_expr(d.adbin, d.adrelid) FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid"
    " LEFT JOIN pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE c.relnamespace = 'public'::regnamespace AND a.attnum > 0 AND NOT a.attisdropped",
    "SELECT c.relname, pg_get_indexdef(i.indexrelid) FROM pg_index i"
    " JOIN pg_class c ON c.oid = i.indexrelid WHERE c.relnamespace = 'public'::regnamespace",
    "SELECT conname, pg_get_constraintdef(oid) FROM pg_constraint"
    " WHERE connamespace = 'public'::regnamespace",
    "SELECT tgname, tgrelid::regclass::text FROM pg_trigger WHERE NOT tgisinternal",
    "SELECT proname, md5(prosrc) FROM pg_proc WHERE pronamespace = 'public'::regnamespace",
    "SELECT relname, relacl::text FROM pg_class"
    " WHERE relnamespace = 'public'::regnamespace AND relacl IS NOT NULL",
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
