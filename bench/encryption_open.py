"""What SQLCipher costs a desk at start-up: opening the database and its first query.

    python bench/encryption_open.py

Builds the demo branch once in a temporary folder (plain, as ``--demo`` keeps it) and an
encrypted copy of it (``db upgrade``'s conversion), then measures for each:

- in process: ``open_database`` + the first query (the users, as the sign-in dialog reads them)
  + close, after a warm-up; median of 21. The encrypted figure includes finding the key (the
  credential store, or the key file where there is none, as on a headless Linux machine).
- cold: a new interpreter that imports the desk's start-up, opens and migrates the database
  (``startup.prepare_database``) and reads the users, timed from spawn; median of 11,
  plain and encrypted interleaved so that changes in the machine's load hit both alike.

Prints the figures; there is no budget here (see README.md, "Encryption at rest").
"""

from __future__ import annotations

import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

IN_PROCESS_RUNS = 21
COLD_RUNS = 11

COLD_CHILD = """
import sys
from branchdesk.startup import prepare_database
from branchdesk.db.models import User
prepare_database(sys.argv[1], sys.argv[2] == "demo")
assert User.select().count() > 0
"""


def _env(home: Path) -> dict[str, str]:
    return {
        **os.environ,
        "XDG_DATA_HOME": str(home / "data"),
        "XDG_CONFIG_HOME": str(home / "config"),
        "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")])),
    }


def _build(home: Path) -> tuple[Path, Path]:
    subprocess.run(
        [sys.executable, "-m", "branchdesk", "--demo", "db", "upgrade"],
        env=_env(home),
        check=True,
        capture_output=True,
    )
    plain = home / "data" / "BranchDesk" / "demo.sqlite3"
    encrypted = home / "encrypted.sqlite3"
    shutil.copy(plain, encrypted)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "branchdesk",
            "--database",
            f"sqlite:///{encrypted}",
            "--user",  # converting a database with accounts in it is an administrator's job
            "admin",
            "--password-stdin",
            "db",
            "upgrade",
        ],
        env=_env(home),
        input="demo1234\n",  # the demo's documented password
        text=True,
        check=True,
        capture_output=True,
    )
    return plain, encrypted


def _in_process_ms(path: Path, encrypted: bool) -> float:
    from branchdesk.db import connection
    from branchdesk.db.models import User

    times = []
    for run in range(IN_PROCESS_RUNS + 1):
        start = time.perf_counter()
        connection.open_database(f"sqlite:///{path}", encrypted=encrypted)
        User.select().count()
        connection.close_database()
        if run:  # the first loads the driver and the key
            times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def _cold_ms(home: Path, path: Path, demo: bool) -> float:
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-c", COLD_CHILD, f"sqlite:///{path}", "demo" if demo else "desk"],
        env=_env(home),
        check=True,
    )
    return (time.perf_counter() - start) * 1000


def main() -> int:
    home = Path(tempfile.mkdtemp(prefix="branchdesk-bench-"))
    try:
        os.environ.update({k: v for k, v in _env(home).items() if k.startswith("XDG_")})
        plain, encrypted = _build(home)
        from branchdesk.db.encrypted_files import FileState, file_state
        from branchdesk.db.encryption_key import load_key

        assert file_state(plain) is FileState.PLAIN
        assert file_state(encrypted) is FileState.ENCRYPTED
        print(f"key kept in: {load_key().place}")
        print(f"database: the demo branch, {plain.stat().st_size // 1024} KiB")
        plain_ms = _in_process_ms(plain, encrypted=False)
        encrypted_ms = _in_process_ms(encrypted, encrypted=True)
        print(f"in process, open + first query, median of {IN_PROCESS_RUNS}:")
        print(f"  plain      {plain_ms:7.2f} ms")
        print(f"  encrypted  {encrypted_ms:7.2f} ms  ({encrypted_ms - plain_ms:+.2f} ms)")
        cold_plain, cold_encrypted = [], []
        for _ in range(COLD_RUNS):
            # Both as a desk's database (a plain one opens plain until ``db upgrade``).
            cold_plain.append(_cold_ms(home, plain, demo=False))
            cold_encrypted.append(_cold_ms(home, encrypted, demo=False))
        p, e = statistics.median(cold_plain), statistics.median(cold_encrypted)
        print(f"cold process, spawn → open, migrate check, first query, median of {COLD_RUNS}:")
        print(f"  plain      {p:7.1f} ms")
        print(f"  encrypted  {e:7.1f} ms  ({e - p:+.1f} ms)")
    finally:
        shutil.rmtree(home, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
