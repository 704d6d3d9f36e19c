"""A front desk in its own process, registering visitors as fast as it can.

    python tests/db/registering_desk.py prepare URL
        empty the database, create the schema and a front-desk account; prints its id
    python tests/db/registering_desk.py register URL ACTOR_ID COUNT PHONES SEED
        register COUNT visits with numbers drawn from a pool of PHONES shared by every desk;
        prints "ready" and waits for a line on stdin (so that every desk starts at once),
        then prints "visit ID PHONE" for each acknowledged visit and "error TYPE: MESSAGE"
        for each failure; exits 1 if any failed

The concurrency tests and ``bench/concurrent_writers.py`` start several of these on one
database. It uses only the services a desk uses, so it runs against older code too.
"""

from __future__ import annotations

import random
import subprocess
import sys
import time
from dataclasses import dataclass
from datetime import datetime

from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.db import connection, migrations
from branchdesk.db.models import ALL_MODELS, User
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.settings_spec import VISIT_PURPOSES

# Never verified: the desks act as this user without signing in, and argon2 is slow to start.
FIXED_HASH = "$argon2id$v=19$m=65536,t=3,p=4$not-a-real-salt$not-a-real-hash"


def pool_phone(index: int) -> str:
    return f"1390000{index:04d}"


def prepare(url: str) -> int:
    """A migrated, empty database with one front-desk account; returns the account's id."""
    database = connection.open_database(url)
    if not connection.is_sqlite(url):
        database.drop_tables(ALL_MODELS, cascade=True)
    migrations.upgrade()
    user = User.create(
        username="desk",
        display_name="前台",
        role=Role.FRONT_DESK,
        password_hash=FIXED_HASH,
        created_at=datetime(2026, 11, 23, 9, 0),
    )
    connection.close_database()
    return user.id


def register(url: str, actor_id: int, count: int, phones: int, seed: int) -> int:
    connection.open_database(url)
    actor = Actor.from_user(User.get_by_id(actor_id))
    rng = random.Random(seed)
    failures = 0
    # Start together: whoever started us sends a line once every desk is ready.
    print("ready", flush=True)
    sys.stdin.readline()
    for n in range(count):
        phone = pool_phone(rng.randrange(phones))
        form = VisitForm(
            name=f"访客{seed}-{n}", phone=phone, purpose=VISIT_PURPOSES[0], consent_given=True
        )
        try:
            visit_id = register_visit(actor, form)
        except Exception as exc:  # counted and shown: the caller judges every failure
            failures += 1
            print(f"error {type(exc).__name__}: {exc}".replace("\n", " "), flush=True)
            continue
        print(f"visit {visit_id} {phone}", flush=True)
    connection.close_database()
    return 1 if failures else 0


@dataclass
class DeskRun:
    exit_codes: list[int]
    visits: list[tuple[int, str]]  # (visit id, phone) of every acknowledged registration
    errors: list[str]
    seconds: float  # from the common start to the last desk's exit


def run_desks(
    url: str, actor_id: int, desks: int, count: int, phones: int, env: dict | None = None
) -> DeskRun:
    """Start ``desks`` processes on one database, let them go at once, collect what they say."""
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                __file__,
                "register",
                url,
                str(actor_id),
                str(count),
                str(phones),
                str(seed),
            ],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            env=env,
        )
        for seed in range(desks)
    ]
    for process in processes:
        if process.stdout.readline().strip() != "ready":
            break  # it failed to start; its exit code and stderr say why
    started = time.perf_counter()
    for process in processes:
        process.stdin.write("go\n")
        process.stdin.flush()
    outputs = [process.communicate() for process in processes]
    seconds = time.perf_counter() - started
    visits, errors = [], []
    for out, err in outputs:
        for line in out.splitlines():
            kind, _sep, rest = line.partition(" ")
            if kind == "visit":
                visit_id, phone = rest.split()
                visits.append((int(visit_id), phone))
            elif kind == "error":
                errors.append(rest)
        errors += [line for line in err.splitlines() if line.strip()]
    return DeskRun([p.returncode for p in processes], visits, errors, seconds)


def main(argv: list[str]) -> int:
    if argv[:1] == ["prepare"]:
        print(prepare(argv[1]))
        return 0
    url, actor_id, count, phones, seed = argv[1:6]
    return register(url, int(actor_id), int(count), int(phones), int(seed))


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
