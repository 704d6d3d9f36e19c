"""Printouts opened in the system's PDF viewer: private copies that do not outlive the desk.

Each running desk keeps its copies in a folder of its own, locked while it runs, under the
user's runtime folder (memory-backed on Linux, emptied at logout) or, without one, the user's
cache folder. The folder goes when the application quits; a folder whose desk crashed goes at
the next start. Another desk running for the same account keeps its folder: its lock is live.
"""

from __future__ import annotations

import os
import shutil
import sys
import tempfile
import warnings
from pathlib import Path

import platformdirs
from PySide6 import QtCore  # QLockFile at call time: PySide builds a class on first use
from PySide6.QtCore import QCoreApplication

from branchdesk.config import APP_NAME
from branchdesk.private_files import private_folder

LOCK_NAME = ".running"


def viewer_root() -> Path:
    """The folder of every desk's viewer copies for this account (created 0700)."""
    runtime = os.environ.get("XDG_RUNTIME_DIR", "")
    if sys.platform.startswith("linux") and not (runtime and os.path.isdir(runtime)):
        # platformdirs would fall back to /tmp/runtime-<uid>, a name another account can take.
        base = platformdirs.user_cache_dir(APP_NAME, appauthor=False)
    else:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            base = platformdirs.user_runtime_dir(APP_NAME, appauthor=False)
    return private_folder(Path(base) / "viewer")


def _lock(folder: Path) -> QtCore.QLockFile:
    lock = QtCore.QLockFile(str(folder / LOCK_NAME))
    lock.setStaleLockTime(0)  # held for the whole run: stale only when its process is gone
    return lock


class ViewerCopies:
    """This desk's folder of viewer copies, made on first use."""

    def __init__(self) -> None:
        self._folder: Path | None = None
        self._lock: QtCore.QLockFile | None = None

    def folder(self) -> Path:
        root = viewer_root()
        if self._folder is None or self._folder.parent != root or not self._folder.is_dir():
            self.remove_all()
            folder = Path(tempfile.mkdtemp(prefix="desk-", dir=root))
            lock = _lock(folder)
            lock.lock()
            self._folder, self._lock = folder, lock
        return self._folder

    def remove_all(self) -> None:
        folder, lock = self._folder, self._lock
        self._folder = self._lock = None
        if lock is not None:
            lock.unlock()
        if folder is not None:
            shutil.rmtree(folder, ignore_errors=True)


def new_viewer_file(folder: Path, name: str) -> Path:
    """A path for one copy: a subfolder of its own keeps the readable file name the viewer
    shows as a title."""
    return Path(tempfile.mkdtemp(dir=folder)) / name


def remove_leftover_copies() -> list[Path]:
    """Remove the folders of desks that are no longer running; returns them."""
    root = viewer_root()
    removed = []
    for folder in root.iterdir():
        if not folder.is_dir():
            continue
        lock = _lock(folder)
        if lock.tryLock(0):  # nobody holds it, or its process is gone
            lock.unlock()
            shutil.rmtree(folder, ignore_errors=True)
            removed.append(folder)
    return removed


VIEWER_COPIES = ViewerCopies()


def clean_up_viewer_copies(app: QCoreApplication) -> None:
    """At start, what crashed desks left; at quit, this desk's own copies."""
    remove_leftover_copies()
    app.aboutToQuit.connect(VIEWER_COPIES.remove_all)
