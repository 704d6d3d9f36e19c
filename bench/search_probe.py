"""Child process of the benchmark: one search, cold then warm, in a process of its own.

Run by ``bench/run.py``, never by hand:

    search_probe.py URL LOGIN RUNS FILTER_JSON

opens the database as a desk does (``open_database``, the user read for the actor), then times
the first ``search_visits`` call, the one a user waits for after starting the desk, and RUNS
calls after it. Nothing is read before the first call that a desk would not have read, so
what that call pays (imports, statement preparation, SQLite's empty page cache) is measured.
Prints one JSON line: ``cold_ms``, ``warm_ms`` (each run), ``rows`` and ``cold_reads`` (the
file reads the cold call made).
"""

from __future__ import annotations

import json
import sys
import time
from datetime import date


def main(url: str, login: str, runs: str, filter_json: str) -> None:
    from branchdesk.auth.session import Actor
    from branchdesk.db.connection import open_database
    from branchdesk.db.models import User
    from branchdesk.visitors.visit_log import VisitFilter, search_visits

    fields = json.loads(filter_json)
    for key in ("date_from", "date_to"):
        if fields.get(key):
            fields[key] = date.fromisoformat(fields[key])
    visit_filter = VisitFilter(**fields)
    open_database(url)
    actor = Actor.from_user(User.get(User.username == login))
    times, reads = [], []
    for _run in range(int(runs) + 1):
        before = file_reads()
        started = time.perf_counter()
        rows = search_visits(actor, visit_filter)
        times.append((time.perf_counter() - started) * 1000)
        reads.append(file_reads() - before)
    print(
        json.dumps(
            {"cold_ms": times[0], "warm_ms": times[1:], "rows": len(rows), "cold_reads": reads[0]}
        )
    )


def file_reads() -> int:
    """Read calls the process has made (Linux): a cold search's count is how many pages SQLite
    had to read from the file, whatever the disk's own caches made them cost; -1 elsewhere."""
    try:
        with open("/proc/self/io", encoding="ascii") as io:
            return next(int(line.split()[1]) for line in io if line.startswith("syscr:"))
    except OSError:
        return -1


if __name__ == "__main__":
    main(*sys.argv[1:])
