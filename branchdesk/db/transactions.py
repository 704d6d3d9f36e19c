"""Write transactions that several desks, windows and commands can run on one database at once.

On SQLite a plain ``BEGIN`` is deferred: a transaction that reads first (the last audit hash,
the visitor with this phone) takes the write lock only at its first write, and if another
connection wrote meanwhile SQLite refuses at once with "database is locked", without waiting
out the busy timeout. ``BEGIN IMMEDIATE`` takes the write lock up front, where SQLite does
wait. So every write transaction starts with it, and the only place a busy file can stop one
is the ``BEGIN``, before any of its work has run: retrying the ``BEGIN`` is retrying the
whole transaction.

PostgreSQL takes row and table locks as statements run and waits for them; it needs no lock
type here.
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Iterator
from contextlib import contextmanager

from peewee import OperationalError, SqliteDatabase

from branchdesk.db import db
from branchdesk.errors import DatabaseBusy
from branchdesk.i18n import _

BEGIN_ATTEMPTS = 3  # each one waits up to the busy timeout (connection.SQLITE_TIMEOUT_S)
BACKOFF_S = 0.2  # before the second attempt; doubled before each one after it


def is_busy(exc: BaseException) -> bool:
    """SQLite's SQLITE_BUSY ("database is locked"), however peewee wrapped it."""
    for candidate in (exc, *getattr(exc, "args", ())):
        # sqlite3's and SQLCipher's driver (an encrypted database) raise their own classes.
        if isinstance(candidate, sqlite3.OperationalError) or _is_sqlcipher_error(candidate):
            code = getattr(candidate, "sqlite_errorcode", None)
            if code is not None:
                return code & 0xFF == sqlite3.SQLITE_BUSY
            return "database is locked" in str(candidate)
    return isinstance(exc, OperationalError) and "database is locked" in str(exc)


def _is_sqlcipher_error(candidate: object) -> bool:
    kind = type(candidate)
    return kind.__module__.startswith("sqlcipher3") and kind.__name__ == "OperationalError"


def busy_error() -> DatabaseBusy:
    return DatabaseBusy(_("The database is busy: another desk is writing. Try again in a moment."))


def _begin_immediate(attempts: int, backoff_s: float):
    for attempt in range(attempts):
        transaction = db.atomic(lock_type="IMMEDIATE")
        try:
            transaction.__enter__()
            return transaction
        except OperationalError as exc:
            if not is_busy(exc):
                raise
            if attempt + 1 < attempts:
                time.sleep(backoff_s * 2**attempt)
    raise busy_error()


@contextmanager
def write_transaction(
    attempts: int | None = None, backoff_s: float | None = None
) -> Iterator[None]:
    """One transaction for a use case that writes; commits on success, rolls back on error.

    Inside an open transaction it is a savepoint of that transaction: the outermost one alone
    begins, retries and commits. Raises ``DatabaseBusy`` when another connection keeps the
    SQLite file locked through every attempt, or when the commit finds it locked (the work is
    then rolled back, and the user can simply try again).
    """
    if not isinstance(db.obj, SqliteDatabase) or db.in_transaction():
        with db.atomic():
            yield
        return
    attempts = BEGIN_ATTEMPTS if attempts is None else attempts
    transaction = _begin_immediate(attempts, BACKOFF_S if backoff_s is None else backoff_s)
    try:
        yield
    except BaseException as exc:
        transaction.__exit__(type(exc), exc, exc.__traceback__)  # rolls back
        if isinstance(exc, OperationalError) and is_busy(exc):
            raise busy_error() from exc
        raise
    try:
        transaction.__exit__(None, None, None)  # commits, or rolls back and raises
    except OperationalError as exc:
        if is_busy(exc):
            raise busy_error() from exc
        raise
