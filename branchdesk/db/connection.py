"""Open SQLite (default, zero set-up) or PostgreSQL (an office sharing one server)."""

from __future__ import annotations

import importlib.util
from functools import cache
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from peewee import Database, SqliteDatabase

from branchdesk.db import db
from branchdesk.db.query_guard import connect_guarded, guarded
from branchdesk.errors import BranchDeskError, NotADatabase
from branchdesk.i18n import _

SQLITE_PRAGMAS = {
    "journal_mode": "wal",
    "foreign_keys": 1,
    "synchronous": "normal",
    "cache_size": -32000,
}
SQLITE_TIMEOUT_S = 5  # busy timeout per attempt to begin a write (db.transactions retries it)


def is_sqlite(url: str) -> bool:
    return url.startswith("sqlite")


def sqlite_path(url: str) -> Path | None:
    if not is_sqlite(url):
        return None
    path = url.split("://", 1)[1]
    if path in ("", "/:memory:", ":memory:"):
        return None
    # sqlite:///relative.db and sqlite:////absolute/path.db, as playhouse.db_url reads them
    return Path(path[1:] if path.startswith("/") else path)


def open_database(url: str, encrypted: bool = True) -> Database:
    """Bind the shared proxy to ``url`` and return the concrete database.

    A new SQLite file is created encrypted with this machine's key unless ``encrypted`` is
    False (the demo); a plain one opens plain until ``db upgrade`` encrypts it.
    """
    if is_sqlite(url):
        path = sqlite_path(url)
        key = None
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
            key = _key_for_opening(path) if encrypted else None
        if key is None:
            database = guarded(SqliteDatabase)(
                str(path) if path else ":memory:", pragmas=SQLITE_PRAGMAS, timeout=SQLITE_TIMEOUT_S
            )
        else:
            # peewee's SQLCipher class passes no timeout to the driver: the pragma sets it,
            # after the key that its connect runs first. SQLCipher's own log lines would
            # reach stderr on a wrong key; the error itself is raised all the same.
            busy_ms = int(SQLITE_TIMEOUT_S * 1000)
            database = guarded(_sqlcipher_database())(
                str(path),
                passphrase=_raw_key(key),
                pragmas={"cipher_log_level": "NONE", **SQLITE_PRAGMAS, "busy_timeout": busy_ms},
            )
    else:
        if importlib.util.find_spec("psycopg") is None:
            raise BranchDeskError(
                _("PostgreSQL support is not installed. Install it with: {command}").format(
                    command="pip install 'branchdesk[postgresql]'"
                )
            )
        from branchdesk.db.server_password import with_stored_password

        # playhouse.db_url is only needed here; an SQLite desk starts without importing it.
        # The password, kept out of the URL, is added only here (db.server_password).
        database = connect_guarded(with_stored_password(url))
    db.initialize(database)
    return database


def _key_for_opening(path: Path):
    # The key's modules load only for a database that may be encrypted: the demo opens without.
    from branchdesk.db.encrypted_files import key_for_opening

    return key_for_opening(path)


def _raw_key(key) -> str:
    from branchdesk.db.encryption_key import raw_key_pragma_value

    return raw_key_pragma_value(key)


@cache
def _sqlcipher_database() -> type[SqliteDatabase]:
    from branchdesk.db.encrypted_files import sqlcipher

    sqlcipher()  # a clear message where the driver is missing
    from playhouse.sqlcipher_ext import SqlCipherDatabase

    class EncryptedSqliteDatabase(SqlCipherDatabase):
        """SQLCipher without SQL functions written in Python.

        sqlcipher3 (0.6.4) crashes the interpreter ("PyThreadState_Get: … the GIL is
        released") when a connection that has one is freed as a worker thread's state is torn
        down, which Qt's pool threads do after every job. peewee adds three by default
        (date_part, date_trunc, json_contains) that the desk never uses; adding another is
        refused at connect instead of crashing a desk later.
        """

        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._functions.clear()

        def _add_conn_hooks(self, conn):
            if self._functions or self._aggregates or self._collations or self._window_functions:
                raise RuntimeError("SQL functions written in Python crash sqlcipher3's threads")
            super()._add_conn_hooks(conn)

    return EncryptedSqliteDatabase


def read_only_connection(path: Path, encrypted: bool = True):
    """A DB-API connection that can neither write nor switch the journal mode, for looking at
    a file before anything changes it: no pragmas, no WAL switch, no -wal or -shm left behind
    by a rollback-journal file. None for a file that does not exist yet.

    Raises BranchDeskError when the file is no database (or the key does not open it).
    """
    import sqlite3

    from branchdesk.db.encrypted_files import FileState, file_state

    state = file_state(path)
    if state is FileState.NEW:
        return None
    uri = f"{path.resolve().as_uri()}?mode=ro"
    if state is FileState.PLAIN or not encrypted:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None)
        driver_error = sqlite3.DatabaseError
    else:
        from branchdesk.db.encrypted_files import QUIET_PRAGMA, key_pragma, sqlcipher

        key = _key_for_opening(path)  # the stored key: an existing file never gets a new one
        connection = sqlcipher().connect(uri, uri=True, isolation_level=None)
        connection.execute(QUIET_PRAGMA)
        connection.execute(key_pragma(key))
        driver_error = sqlcipher().DatabaseError
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except driver_error:
        connection.close()
        raise NotADatabase(
            _(
                "{file} is not a BranchDesk database, or this computer's database key does "
                "not open it; nothing was changed."
            ).format(file=path)
        ) from None
    return connection


def is_encrypted(database: Database) -> bool:
    return type(database).__name__.startswith("EncryptedSqlite")


def close_database() -> None:
    if db.obj is not None and not db.is_closed():
        db.close()


def describe_url(url: str) -> str:
    """The URL without its password, for the status bar and logs."""
    if is_sqlite(url):
        return f"SQLite: {sqlite_path(url) or ':memory:'}"
    parts = urlsplit(url)
    host = parts.hostname or "localhost"
    netloc = f"{parts.username + '@' if parts.username else ''}{host}"
    if parts.port:
        netloc += f":{parts.port}"
    return "PostgreSQL: " + urlunsplit((parts.scheme, netloc, parts.path, "", ""))
