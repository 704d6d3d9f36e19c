"""Backups: SQLite through its online backup API, PostgreSQL through pg_dump.

A backup holds every visitor's name and phone and every password hash: it is written private
(0600), and pg_dump gets the database password (the URL's, or the one ``db store-password``
kept) through its environment, never on its command line, where every account on the machine
can read it (``ps``).
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path
from urllib.parse import unquote, urlsplit, urlunsplit

from branchdesk.db import db
from branchdesk.db.connection import is_encrypted
from branchdesk.db.encrypted_files import connect_file
from branchdesk.db.server_password import stored_password
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _
from branchdesk.private_files import FOLDER_MODE, create_private_file


def backup_sqlite_file(target: Path) -> Path:
    """Copy the open SQLite database consistently, even while other desks write to it.

    The copy of an encrypted database is encrypted with the same key (SQLCipher's backup
    copies pages between databases of one key), so it opens on this machine as it is.
    """
    target.parent.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    create_private_file(target)
    source = db.connection()
    dest = connect_file(target) if is_encrypted(db.obj) else sqlite3.connect(target)
    try:
        source.backup(dest)
    finally:
        dest.close()
    return target


def pg_dump_connection(url: str) -> tuple[str, dict[str, str]]:
    """The URL pg_dump is given (no password; peewee's scheme variants such as
    ``postgres+pool`` named as libpq knows them) and the environment that carries the
    password."""
    parts = urlsplit(url)
    netloc = parts.hostname or ""
    if ":" in netloc:  # an IPv6 address
        netloc = f"[{netloc}]"
    if parts.port:
        netloc += f":{parts.port}"
    if parts.username is not None:
        netloc = f"{parts.username}@{netloc}"
    # libpq also takes the password as a parameter (?password=…); the others stay as written.
    password = unquote(parts.password) if parts.password is not None else None
    kept = []
    for param in parts.query.split("&") if parts.query else []:
        key, _equals, value = param.partition("=")
        if key == "password":
            password = unquote(value)
        else:
            kept.append(param)
    if password is None:
        password = stored_password(url)
    query = "&".join(kept)
    bare = urlunsplit(("postgresql", netloc, parts.path, query, parts.fragment))
    env = dict(os.environ)
    if password is not None:
        env["PGPASSWORD"] = password
    return bare, env


def backup_database(url: str, target: Path) -> Path:
    if url.startswith("sqlite"):
        return backup_sqlite_file(target)
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BranchDeskError(_("pg_dump was not found; install the PostgreSQL client tools."))
    bare_url, env = pg_dump_connection(url)
    existed = target.exists()
    create_private_file(target)  # pg_dump writes into it and keeps its mode
    result = subprocess.run(
        [pg_dump, "--format=custom", f"--file={target}", f"--dbname={bare_url}"],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )
    if result.returncode != 0:
        if not existed:
            target.unlink(missing_ok=True)
        raise BranchDeskError(_("pg_dump failed: {error}").format(error=result.stderr.strip()))
    return target
