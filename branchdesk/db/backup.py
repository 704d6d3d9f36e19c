"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
from pathlib import Path

from branchdesk.db import db
from branchdesk.db.connection import is_encrypted
from branchdesk.db.encrypted_files import connect_file
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _


def backup_sqlite_file(target: Path) -> Path:
    """Copy the open SQLite database consistently, even while other desks write to it.

    The copy of an encrypted database is encrypted with the same key (SQLCipher's backup
    copies pages between databases of one key), so it opens on this machine as it is.
    """
    target.parent.mkdir(parents=True, exist_ok=True)
    source = db.connection()
    dest = connect_file(target) if is_encrypted(db.obj) else sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
    return target


def backup_database(url: str, target: Path) -> Path:
    if url.startswith("sqlite"):
        return backup_sqlite_file(target)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BranchDeskError(_("pg_dump was not found; install the PostgreSQL client tools."))
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={target}", f"--dbname={url}"],
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BranchDeskError(_("pg_dump failed: {error}").format(error=result.stderr.strip()))
    return target
