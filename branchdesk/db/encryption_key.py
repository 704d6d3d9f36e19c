"""This desk's database key: made once, kept outside the database folder (R-S5, R-S6).

One random 256-bit key per machine encrypts its SQLite database, the database's backups and the
copies taken before a migration, so a backup restored on this machine opens as it is. It is
used as SQLCipher's raw key (``x'…'``): no key derivation runs when a desk opens the database.

The key lives in the operating system's credential store (Windows Credential Manager, macOS
Keychain, the Secret Service on a Linux desktop) through ``keyring``. Where there is none (a
headless Linux machine, where keyring falls back to its "fail" backend) it is a 0600 file in
this machine's configuration folder, never beside the database: a copy of the data folder
must not carry its own key.
"""

from __future__ import annotations

import logging
import os
import re
import secrets
from pathlib import Path
from typing import NamedTuple

import platformdirs

from branchdesk.config import APP_NAME
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _

KEY_BYTES = 32
KEYRING_SERVICE = APP_NAME
KEYRING_USERNAME = "database key"
KEY_FILE_NAME = "database.key"
_HEX_KEY = re.compile(f"[0-9a-f]{{{KEY_BYTES * 2}}}")

log = logging.getLogger(__name__)


class StoredKey(NamedTuple):
    key: str  # 64 lowercase hex digits
    place: str  # "keyring" or the key file's path, for messages


def new_key() -> str:
    return secrets.token_hex(KEY_BYTES)


def raw_key_pragma_value(key: str) -> str:
    """SQLCipher's raw-key form: the 32 bytes themselves, no passphrase derivation."""
    return f"x'{key}'"


def key_file_path() -> Path:
    return Path(platformdirs.user_config_dir(APP_NAME, appauthor=False)) / "keys" / KEY_FILE_NAME


def store_marker_path() -> Path:
    """Names the credential store that holds the key (no secret): finding it again by name
    skips keyring's search of every installed backend, a tenth of a second at each start."""
    return key_file_path().with_suffix(".keyring")


def credential_store(name: str | None = None):
    """keyring's backend (the one called ``name``, if given), or None where it has no real
    store (keyring's fail or null backend)."""
    try:
        import keyring.core  # only here: importing keyring costs about as much as the search
    except ImportError:
        return None
    try:
        backend = keyring.core.load_keyring(name) if name else keyring.core.get_keyring()
    except Exception:  # a broken backend configuration must not stop the desk
        log.warning("the credential store could not be loaded", exc_info=True)
        return None
    # The fail backend (priority 0) and the null backend (negative) keep nothing.
    return backend if getattr(backend, "priority", 0) > 0 else None


def _backend_name(backend) -> str:
    return f"{type(backend).__module__}.{type(backend).__qualname__}"


def load_key() -> StoredKey | None:
    # The key file first: where it exists (no credential store here) keyring is not imported.
    path = key_file_path()
    if path.exists():
        return StoredKey(path.read_text(encoding="ascii").strip(), str(path))
    marker = store_marker_path()
    name = marker.read_text(encoding="ascii").strip() if marker.exists() else None
    store = credential_store(name)
    if store is None:
        return None
    try:
        key = store.get_password(KEYRING_SERVICE, KEYRING_USERNAME)
    except Exception:  # a locked or unreachable store
        log.warning("the credential store could not be read", exc_info=True)
        return None
    return StoredKey(key, "keyring") if key else None


def save_key(key: str) -> StoredKey:
    """Keep ``key`` in the credential store, or else in the 0600 key file; returns where."""
    if not _HEX_KEY.fullmatch(key):
        raise ValueError("a database key is 64 lowercase hex digits")
    store = credential_store()
    if store is not None:
        try:
            store.set_password(KEYRING_SERVICE, KEYRING_USERNAME, key)
            if store.get_password(KEYRING_SERVICE, KEYRING_USERNAME) == key:
                write_private(store_marker_path(), _backend_name(store))
                key_file_path().unlink(missing_ok=True)  # else it would be read first
                return StoredKey(key, "keyring")
        except Exception:
            log.warning("the credential store refused the key; using the key file", exc_info=True)
    return StoredKey(key, str(write_private(key_file_path(), key)))


def write_private(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    os.chmod(path.parent, 0o700)
    tmp = path.with_suffix(".tmp")
    tmp.unlink(missing_ok=True)
    # Created 0600 from the start, so the key is never readable by anyone else, even briefly.
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        out.write(text + "\n")
    tmp.replace(path)
    return path


def ensure_key(database_file: Path) -> StoredKey:
    """This machine's key, made and stored now if it has none yet."""
    if key_file_path().parent.resolve() == database_file.parent.resolve():
        raise BranchDeskError(
            _("The database key must not be kept in the database's folder: {folder}").format(
                folder=database_file.parent
            )
        )
    return load_key() or save_key(new_key())


def parse_recovery_text(text: str) -> str:
    """The key in what someone typed or scanned from the recovery sheet.

    The sheet prints it in groups of eight hex digits over two lines; the QR code holds the 64
    digits alone. Lines of anything else (the sheet's headings, a date) are skipped.
    """
    digits = ""
    for line in text.splitlines():
        line = line.split(":")[-1]  # "Key: 1a2b…" as well as the bare groups
        compact = re.sub(r"[\s-]", "", line).lower()
        if compact and re.fullmatch(r"[0-9a-f]+", compact) and len(compact) % 8 == 0:
            digits += compact
        elif digits:
            break
        if len(digits) >= KEY_BYTES * 2:
            break
    if not _HEX_KEY.fullmatch(digits):
        raise BranchDeskError(
            _("No database key was found: it is 64 hexadecimal digits (0–9, a–f).")
        )
    return digits


def grouped(key: str) -> list[str]:
    """The key as two lines of four groups, as the recovery sheet prints it."""
    groups = [key[i : i + 8] for i in range(0, len(key), 8)]
    return [" ".join(groups[:4]), " ".join(groups[4:])]
