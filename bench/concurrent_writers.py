"""Several desks registering visitors into one database at once.

    python bench/concurrent_writers.py [--postgres URL]

SQLite: 3 processes x 200 registrations on one file; PostgreSQL (with --postgres, whose
database is emptied): 5 processes x 200. Phone numbers come from a pool of 50 shared by every
desk, so desks keep registering the same new visitor at the same moment. Each process is a
``tests/db/registering_desk.py``; they start together once all have imported and connected.

Printed per database: acknowledged and failed registrations (with the failures' messages),
duplicate visitors (rows beyond one per phone), acknowledged visits missing from the database,
whether the audit chain verifies with one entry per stored visit, wall time from the common
start to the last exit, and acknowledged writes per second.

The code measured is whatever ``branchdesk`` the interpreter imports: run it with
PYTHONPATH pointing at another checkout to measure that checkout's code.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "db"))

import registering_desk  # noqa: E402 - after the path set-up above

import branchdesk  # noqa: E402
from branchdesk.audit.log import verify_chain  # noqa: E402
from branchdesk.db import connection  # noqa: E402
from branchdesk.db.models import AuditEntry, Visit, Visitor  # noqa: E402

COUNT = 200
PHONES = 50


def measure(label: str, url: str, desks: int) -> None:
    actor_id = registering_desk.prepare(url)
    run = registering_desk.run_desks(url, actor_id, desks, COUNT, PHONES)
    connection.open_database(url)
    try:
        ids = [visit_id for visit_id, _phone in run.visits]
        stored = {v.id for v in Visit.select(Visit.id)}
        visitors = Visitor.select().count()
        phones = Visitor.select(Visitor.phone).distinct().count()
        audited = AuditEntry.select().where(AuditEntry.action == "visit_registered").count()
        broken = verify_chain()
    finally:
        connection.close_database()
    missing = len(set(ids) - stored)
    duplicates = (visitors - phones) + (len(ids) - len(set(ids)))
    chain = "intact" if broken is None else f"BROKEN at entry {broken}"
    print(f"{label}: {desks} processes x {COUNT} registrations, {PHONES} shared numbers")
    print(f"  acknowledged {len(ids)}, failed {len(run.errors)}, duplicates {duplicates}")
    print(f"  missing {missing}, visitors {visitors} for {phones} numbers")
    print(f"  audit chain {chain}, {audited} registration entries for {len(stored)} visits")
    print(f"  wall {run.seconds:.2f} s, {len(ids) / run.seconds:.0f} writes/s")
    print(f"  exit codes {run.exit_codes}")
    for message, times in Counter(run.errors).most_common(5):
        print(f"  {times} x {message[:160]}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--postgres", metavar="URL", help="also measure this PostgreSQL database")
    args = parser.parse_args()
    print(f"branchdesk from {Path(branchdesk.__file__).parent}; load {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory() as folder:
        measure("SQLite", f"sqlite:///{Path(folder) / 'desks.sqlite3'}", 3)
    if args.postgres:
        measure("PostgreSQL", args.postgres, 5)


if __name__ == "__main__":
    main()
