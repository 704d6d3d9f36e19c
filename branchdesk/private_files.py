"""Files only this operating-system account may read (R-S5): the database and its copies, the
config file with its database password, logs, printouts and screenshots.

New files are private through the process umask; files that libraries create with modes of
their own (SQLite copies the database file's mode to its ``-wal`` and ``-shm``) and files left
by older versions are tightened explicitly. On Windows ``chmod`` only sets the read-only flag,
so these calls are harmless there; the user's profile folders are private already.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Iterable
from pathlib import Path

PRIVATE_UMASK = 0o077
FILE_MODE = 0o600
FOLDER_MODE = 0o700


def restrict_new_files() -> None:
    """Every file and folder the process creates from now on is private."""
    os.umask(PRIVATE_UMASK)


def make_private(path: Path) -> None:
    """Tighten one existing file or folder; a missing one or a file of another account
    (a shared folder's) is left alone."""
    with contextlib.suppress(FileNotFoundError, PermissionError):
        os.chmod(path, FOLDER_MODE if path.is_dir() else FILE_MODE)


def private_folder(path: Path) -> Path:
    """``path`` created if needed, private either way."""
    path.mkdir(mode=FOLDER_MODE, parents=True, exist_ok=True)
    make_private(path)
    return path


def create_private_file(path: Path) -> Path:
    """An empty private file at ``path`` (or the existing one, tightened) for a library or a
    program to write into: it is private before the first byte lands."""
    os.close(os.open(path, os.O_WRONLY | os.O_CREAT, FILE_MODE))
    make_private(path)
    return path


def make_tree_private(folder: Path) -> None:
    """The folder and everything in it, as an older version may have left it (0755/0644)."""
    if not folder.is_dir():
        return
    make_private(folder)
    for root, folders, files in os.walk(folder):
        for name in folders + files:
            make_private(Path(root) / name)


def make_database_files_private(database: Path) -> None:
    """The SQLite file and its siblings: ``-wal``, ``-shm``, ``-journal`` and the copies made
    before migrations (``<name>.before-v…``). New ``-wal``/``-shm`` files take the database
    file's mode, so tightening it keeps them private from then on."""
    if not database.parent.is_dir():
        return
    for sibling in database.parent.iterdir():
        if sibling.name.startswith(database.name):
            make_private(sibling)


def make_all_private(folders: Iterable[Path], database: Path | None) -> None:
    """At start: the data and config folders and the database, whatever modes they had."""
    for folder in folders:
        make_tree_private(folder)
    if database is not None:
        make_database_files_private(database)
