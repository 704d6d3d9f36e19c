"""Checking and appending to a large audit log.

    python bench/audit_verify.py [--entries N] [--keep FILE]

Builds an SQLite database with N hash-chained entries (default 1,000,000) spread over about
three years with a seal per day, then measures:

- the full check (``verify_log``: every entry and every seal), the budget being 10 s, with
  the progress callback the audit view uses;
- appending (``record``) to that log, median and 95th percentile over 500 appends, the
  budget being 5 ms;
- the start-up check (``verify_since_last_seal``) after those appends.

The entries are written by plain INSERTs with the same hashes ``record`` makes, in the
current hash format (every column: target pair, JSON details, desk), the longer one to check
(a million ``record`` calls would take long for nothing the benchmark measures). The code
measured is whatever ``branchdesk`` the interpreter imports.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import tempfile
import time
from datetime import datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from branchdesk.audit.digest import CURRENT_FORMAT, GENESIS, current_digest  # noqa: E402
from branchdesk.audit.log import Action, record  # noqa: E402
from branchdesk.audit.verify import verify_log, verify_since_last_seal  # noqa: E402
from branchdesk.db import connection, db, migrations  # noqa: E402

VERIFY_BUDGET_S = 10.0
APPEND_BUDGET_MS = 5.0
APPENDS = 500
START = datetime(2023, 12, 1, 9, 0)
ACTIONS = ["sign_in", "visit_registered", "form_printed", "visit_signed_out", "sign_out"]


INSERT_ENTRY = (
    "INSERT INTO audit_entry (id, at, actor_id, actor_name, action, target, detail, target_kind,"
    " target_id, details, desk, hash_format, prev_hash, hash)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
)
DESK = "desk-01"


class _Actor:
    id = 2
    display_name = "李娜"


def build(count: int) -> datetime:
    """``count`` entries, about 900 a day, and a seal on each day's last entry."""
    step = timedelta(seconds=96)  # 900 entries a day
    prev, rows, seals = GENESIS, [], []
    at = START
    for index in range(1, count + 1):
        action = ACTIONS[index % len(ACTIONS)]
        target_id, details = str(index // 3), f'{{"count":{index % 7},"lang":"zh_CN"}}'
        digest = current_digest(
            prev, at, 2, "李娜", action, "", "", "visit", target_id, details, DESK
        )
        rows.append(
            (index, at, 2, "李娜", action, "", "", "visit", target_id, details, DESK,
             CURRENT_FORMAT, prev, digest)
        )  # fmt: skip
        prev = digest
        nxt = at + step
        if nxt.date() != at.date() or index == count:
            seals.append((at, index, digest, "new_day"))
        at = nxt
        if len(rows) == 50_000 or index == count:
            with db.atomic():
                db.cursor().executemany(INSERT_ENTRY, [(r[0], str(r[1]), *r[2:]) for r in rows])
            rows = []
    with db.atomic():
        db.cursor().executemany(
            "INSERT INTO audit_seal (sealed_at, entry_id, entry_hash, reason) VALUES (?, ?, ?, ?)",
            [(str(s[0]), *s[1:]) for s in seals],
        )
    return at


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--entries", type=int, default=1_000_000)
    parser.add_argument("--keep", type=Path, help="build into this file and keep it")
    args = parser.parse_args()
    folder = tempfile.TemporaryDirectory()
    path = args.keep or Path(folder.name) / "audit.sqlite3"
    fresh = not path.exists()
    connection.open_database(f"sqlite:///{path}")
    if fresh:
        migrations.upgrade()
        began = time.perf_counter()
        build(args.entries)
        print(f"built {args.entries:,} entries in {time.perf_counter() - began:.1f} s")

    updates = []
    began = time.perf_counter()
    status = verify_log(lambda done, total: updates.append(done))
    full_s = time.perf_counter() - began
    last = db.execute_sql("SELECT MAX(at) FROM audit_entry").fetchone()[0]
    at = datetime.fromisoformat(last) + timedelta(seconds=1)
    times = []
    for index in range(APPENDS):
        began = time.perf_counter()
        record(
            _Actor, Action.FORM_PRINTED, at=at, target_kind="form", target_id=index,
            data={"lang": "zh_CN"},
        )  # fmt: skip
        times.append((time.perf_counter() - began) * 1000)
        at += timedelta(seconds=1)
    began = time.perf_counter()  # a day's appends since the last seal, as at start-up
    fast = verify_since_last_seal()
    fast_s = time.perf_counter() - began
    connection.close_database()

    median, p95 = statistics.median(times), sorted(times)[int(len(times) * 0.95)]
    verdict_v = "PASS" if full_s <= VERIFY_BUDGET_S and status.intact else "FAIL"
    verdict_a = "PASS" if median <= APPEND_BUDGET_MS else "FAIL"
    print(
        f"full check: {status.entries:,} entries, seals {'intact' if status.intact else 'BROKEN'}"
        f", {full_s:.2f} s ({len(updates)} progress updates)"
        f"  [budget {VERIFY_BUDGET_S:.0f} s: {verdict_v}]"
    )
    print(f"start-up check: {fast.entries:,} entries since the last seal, {fast_s * 1000:.1f} ms")
    print(
        f"append: median {median:.2f} ms, p95 {p95:.2f} ms over {APPENDS}"
        f"  [budget {APPEND_BUDGET_MS:.0f} ms: {verdict_a}]"
    )
    return 0 if verdict_v == verdict_a == "PASS" else 1


if __name__ == "__main__":
    sys.exit(main())
