"""SQLite files encrypted with SQLCipher: telling them apart, opening one, encrypting a plain one.

An encrypted file has no "SQLite format 3" header: every page, the first included, is
ciphertext, so the sqlite3 tool and Python's sqlite3 module see "file is not a database".
"""

from __future__ import annotations

import enum
import logging
import os
from pathlib import Path

from branchdesk.clock import now
from branchdesk.db.encryption_key import (
    StoredKey,
    ensure_key,
    load_key,
    parse_recovery_text,
    raw_key_pragma_value,
    save_key,
)
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _

PLAIN_HEADER = b"SQLite format 3\x00"
# A wrong key is reported as an error ("file is not a database"); SQLCipher would also print
# its own log lines to stderr, into the command line's output.
QUIET_PRAGMA = "PRAGMA cipher_log_level = NONE"

log = logging.getLogger(__name__)


class FileState(enum.Enum):
    NEW = "new"  # missing or empty: created encrypted
    PLAIN = "plain"  # written before encryption, or the demo
    ENCRYPTED = "encrypted"


def file_state(path: Path) -> FileState:
    try:
        with path.open("rb") as file:
            header = file.read(len(PLAIN_HEADER))
    except FileNotFoundError:
        return FileState.NEW
    if not header:
        return FileState.NEW
    return FileState.PLAIN if header == PLAIN_HEADER else FileState.ENCRYPTED


def sqlcipher():
    """The SQLCipher driver (imported on first use: the demo and PostgreSQL desks need none)."""
    try:
        from sqlcipher3 import dbapi2
    except ImportError:
        raise BranchDeskError(
            _("SQLCipher support is not installed. Install it with: {command}").format(
                command="pip install sqlcipher3"
            )
        ) from None
    return dbapi2


def key_pragma(key: str) -> str:
    """``PRAGMA key`` with the raw key; the value is hex digits only, so nothing to escape."""
    return f'PRAGMA key = "{raw_key_pragma_value(key)}"'


def key_for_opening(path: Path) -> str | None:
    """The key to open ``path`` with; None for a plain file (encrypted by ``db upgrade``)."""
    state = file_state(path)
    if state is FileState.PLAIN:
        return None
    if state is FileState.NEW:
        return ensure_key(path).key
    stored = load_key()
    if stored is None:
        raise BranchDeskError(
            _(
                "The database {file} is encrypted and its key is not on this machine. "
                "Restore the key from the recovery sheet: branchdesk db recover-key"
            ).format(file=path)
        )
    return stored.key


def connect_file(path: Path, key: str | None = None, **options):
    """A DB-API connection to an encrypted file (this machine's key unless ``key`` is given);
    ``options`` go to the driver's ``connect``."""
    if key is None:
        stored = load_key()
        if stored is None:
            raise BranchDeskError(_("This machine has no database key."))
        key = stored.key
    connection = sqlcipher().connect(str(path), **{"isolation_level": None, **options})
    connection.execute(QUIET_PRAGMA)
    connection.execute(key_pragma(key))
    return connection


def opens_with(path: Path, key: str) -> bool:
    """Whether ``key`` decrypts ``path`` (a wrong key fails at the first read)."""
    connection = connect_file(path, key)
    try:
        connection.execute("SELECT count(*) FROM sqlite_master").fetchone()
        return True
    except sqlcipher().DatabaseError:
        return False
    finally:
        connection.close()


def _table_counts(connection) -> dict[str, int]:
    names = [
        row[0]
        for row in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
    ]
    return {n: connection.execute(f'SELECT count(*) FROM "{n}"').fetchone()[0] for n in names}


def _lock_out_other_desks(connection, driver) -> None:
    """Hold the file alone until the swap: a desk still open on it would go on writing into
    the plain copy, and its work would be missing from the encrypted database."""
    connection.execute("PRAGMA locking_mode = EXCLUSIVE")
    try:
        connection.execute("BEGIN EXCLUSIVE")  # refused while another connection has it open
        connection.execute("COMMIT")  # the lock stays: exclusive mode never releases it
    except driver.OperationalError:
        raise BranchDeskError(
            _(
                "The database is open on a desk or in another command. Close them all and "
                "run this again; nothing was changed."
            )
        ) from None


def encrypt_plain_file(path: Path) -> Path:
    """Encrypt the plain database at ``path`` in place; returns the plain copy kept beside it.

    The encrypted copy is written next to it and checked (integrity and the row count of every
    table) before the two are swapped, so a failure leaves the plain file as it was. Call it
    with no connection open to the file.
    """
    key = ensure_key(path).key
    driver = sqlcipher()
    encrypted = path.with_name(path.name + ".encrypting")
    encrypted.unlink(missing_ok=True)
    source = driver.connect(str(path), isolation_level=None, timeout=1)
    try:
        _lock_out_other_desks(source, driver)
        source.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        counts = _table_counts(source)
        (user_version,) = source.execute("PRAGMA user_version").fetchone()
        source.execute(
            f'ATTACH DATABASE ? AS encrypted KEY "{raw_key_pragma_value(key)}"', (str(encrypted),)
        )
        source.execute("SELECT sqlcipher_export('encrypted')")
        source.execute(f"PRAGMA encrypted.user_version = {int(user_version)}")
        source.execute("DETACH DATABASE encrypted")
    finally:
        source.close()
    check = connect_file(encrypted, key)
    try:
        ok = check.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        if not ok or _table_counts(check) != counts:
            raise BranchDeskError(
                _("The encrypted copy differs from the database; nothing was changed.")
            )
        check.execute("PRAGMA journal_mode = wal")
    finally:
        check.close()
    plain_copy = path.with_name(f"{path.name}.before-encryption-{now():%Y%m%d-%H%M%S}")
    os.replace(path, plain_copy)
    for suffix in ("-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    os.replace(encrypted, path)
    log.info("encrypted %s; the plain copy is %s", path, plain_copy)
    return plain_copy


def plain_copies(path: Path) -> list[Path]:
    """Unencrypted copies beside the database (kept by upgrades): for the operator to remove."""
    return sorted(
        p for p in path.parent.glob(f"{path.name}.before-*") if file_state(p) is FileState.PLAIN
    )


def encrypt_if_plain(path: Path | None) -> Path | None:
    """``db upgrade``: encrypt a plain database file; returns the plain copy kept, if any."""
    if path is None or file_state(path) is not FileState.PLAIN:
        return None
    return encrypt_plain_file(path)


def recover_key(text: str, database_file: Path | None, replace: bool = False) -> StoredKey:
    """Store the key read from the recovery sheet's text, once it is shown to open the
    database; a different key already kept here is replaced only when asked to."""
    key = parse_recovery_text(text)
    encrypted = database_file is not None and file_state(database_file) is FileState.ENCRYPTED
    if encrypted and not opens_with(database_file, key):
        raise BranchDeskError(
            _("This key does not open the database {file}; nothing was changed.").format(
                file=database_file
            )
        )
    current = load_key()
    if current is not None and current.key != key and not replace:
        raise BranchDeskError(
            _(
                "This computer already keeps a different database key ({place}); databases "
                "encrypted with it would no longer open. To replace it anyway, add --replace."
            ).format(place=current.place)
        )
    return save_key(key)
