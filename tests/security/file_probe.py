"""Another account on the same computer, reading the desk's files (R-S5).

Every file in the data folder, the config folder (with the key file where there is no
credential store), the folders of the viewer's copies and the database with its siblings must
be 0600 and every folder 0700.
Given a second operating-system account (as root), each is also really read as that account,
through ``setpriv``: a mode that looks right but is not (an ACL, a group) shows there.
"""

from __future__ import annotations

import os
import pwd
import shutil
import stat
import subprocess
import tempfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from branchdesk.config import APP_NAME, config_path
from branchdesk.db.connection import sqlite_path
from branchdesk.db.encryption_key import key_file_path

FILE_MODE, FOLDER_MODE = 0o600, 0o700


def desk_paths(database_url: str) -> list[Path]:
    """Where the desk keeps anything: the folders whole, the database file and its siblings
    (``-wal``, ``-shm``, copies before a migration) but not the rest of its folder."""
    # Not ``config.data_dir()``: it tightens the folder it names, and would hide a loose one.
    data = Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))
    # The cache and runtime folders hold the PDFs opened in the viewer while the desk runs.
    cache = Path(platformdirs.user_cache_dir(APP_NAME, appauthor=False))
    roots = [data, config_path().parent, key_file_path().parent, cache]
    if os.environ.get("XDG_RUNTIME_DIR"):
        roots.append(Path(os.environ["XDG_RUNTIME_DIR"]) / APP_NAME)
    found: list[Path] = []
    for root in roots:
        if root.exists() and root not in found:
            found.append(root)
            for folder, folders, files in os.walk(root):
                found += [Path(folder) / name for name in folders + files]
    database = sqlite_path(database_url)
    if database is not None and database.parent.exists():
        found += [p for p in database.parent.iterdir() if p.name.startswith(database.name)]
    return list(dict.fromkeys(found))  # once each, in order


@dataclass(frozen=True)
class FileFinding:
    path: Path
    problem: str


def loose_modes(paths: Iterable[Path]) -> Iterator[FileFinding]:
    for path in paths:
        try:
            mode = stat.S_IMODE(path.lstat().st_mode)
        except FileNotFoundError:
            continue  # removed meanwhile (a -shm file at a checkpoint)
        wanted = FOLDER_MODE if path.is_dir() else FILE_MODE
        if mode & ~wanted:
            yield FileFinding(path, f"mode {mode:04o}, wanted {wanted:04o}")


def can_probe_as_other_account() -> bool:
    return os.name == "posix" and os.geteuid() == 0 and shutil.which("setpriv") is not None


def _reads(who: list[str], path: Path) -> bool:
    read = ["ls", "--", str(path)] if path.is_dir() else ["head", "-c", "1", "--", str(path)]
    return subprocess.run([*who, "--", *read], capture_output=True, check=False).returncode == 0


def _check_the_probe(who: list[str], account: str) -> None:
    """The account must read a file anyone may read; else every refusal below would mean
    nothing (not root, no such account)."""
    folder = Path(tempfile.mkdtemp(prefix="branchdesk-probe-"))
    try:
        folder.chmod(0o755)
        public = folder / "public.txt"
        public.write_text("anyone may read this\n", encoding="utf-8")
        public.chmod(0o644)
        if not _reads(who, public):
            raise RuntimeError(f"cannot read as the account {account}: run as root")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def readable_by(account: str, paths: Iterable[Path]) -> Iterator[FileFinding]:
    """What ``account`` really reads: a folder's listing, a file's first byte."""
    entry = pwd.getpwnam(account)
    who = ["setpriv", f"--reuid={entry.pw_uid}", f"--regid={entry.pw_gid}", "--clear-groups"]
    _check_the_probe(who, account)
    for path in paths:
        if _reads(who, path):
            what = "listed" if path.is_dir() else "read"
            yield FileFinding(path, f"{what} by the account {account}")


def try_files(database_url: str, other_account: str | None) -> tuple[list[FileFinding], int]:
    """Loose modes, and what ``other_account`` reads; and how many paths were checked."""
    paths = desk_paths(database_url)
    findings = list(loose_modes(paths))
    if other_account is not None:
        findings += readable_by(other_account, paths)
    return findings, len(paths)
