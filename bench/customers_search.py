"""Customer search against its budgets: 1,000,000 files, search ≤ 50 ms, first page ≤ 100 ms.
Run as ``python bench/customers_search.py``.

The database is built once under bench/.data/ (plain SQLite, as bench/visits_db.py builds its
own) through the models' ``insert_many``, with the search grams the services write
(``customer_grams``); staff come from the demo's seeding. Each figure is the median of
several runs of the real service (``search_customers``: policy, masking, the audit entry of
the query), as a manager and as the front desk, whose phone hits are filtered to what the
mask shows. Opening a top-secret file (audited) is compared with opening an internal one.
"""

from __future__ import annotations

import itertools
import random
import statistics
import sys
import time
from datetime import datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
sys.path[:0] = [str(ROOT), str(BENCH)]

from built_once import build_once  # noqa: E402
from visits_db import GIVEN_COMMON, GIVEN_OTHER, SURNAMES  # noqa: E402

from branchdesk.auth.session import Actor  # noqa: E402
from branchdesk.customers.listing import CustomerFilter, search_customers  # noqa: E402
from branchdesk.customers.search_grams import customer_grams  # noqa: E402
from branchdesk.customers.service import get_customer  # noqa: E402
from branchdesk.db import db  # noqa: E402
from branchdesk.db.connection import close_database, open_database  # noqa: E402
from branchdesk.db.migrations import LATEST_VERSION, upgrade  # noqa: E402
from branchdesk.db.models import (  # noqa: E402
    Customer,
    CustomerPhone,
    CustomerSearchGram,
    User,
)

FILES = 1_000_000
CHUNK = 2000
SEED = 9_000_000
RUNS = 9
COMPANIES = [p + w + "有限公司" for p in ("浦东", "静安", "徐汇", "闵行", "嘉定", "松江")
             for w in ("物流", "电子", "建筑", "餐饮", "医药", "贸易", "机械", "咨询")]  # fmt: skip
RARE_NAME = "诸葛明远"
FULL_PHONE = "13912345678"  # on a top-secret file of agent sun.li


def _phones(rng: random.Random, taken: set[str], n: int) -> list[str]:
    found = []
    while len(found) < n:
        phone = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        if phone not in taken and phone != FULL_PHONE:
            taken.add(phone)
            found.append(phone)
    return found


def _build(path: Path) -> None:
    from branchdesk.demo.seed import _create_staff

    open_database(f"sqlite:///{path}", encrypted=False)
    upgrade()
    db.execute_sql("PRAGMA journal_mode=OFF")
    db.execute_sql("PRAGMA synchronous=OFF")
    db.execute_sql("PRAGMA cache_size=-262144")
    rng = random.Random(SEED)
    surnames = list(SURNAMES)
    surname_cum = list(itertools.accumulate(SURNAMES.values()))
    chars = list(GIVEN_COMMON + GIVEN_OTHER)
    at = datetime(2026, 1, 5, 9, 0)
    taken: set[str] = set()
    with db.atomic():
        staff = _create_staff(at - timedelta(days=30))
        agents = [staff["zhao.lei"], staff["liu.yang"], staff["sun.li"]]
        rows, phones, grams = [], [], []
        for n in range(1, FILES + 1):
            name = rng.choices(surnames, cum_weights=surname_cum)[0] + "".join(
                rng.choices(chars, k=1 if rng.random() < 0.35 else 2)
            )
            if n in (4242, 777_777):
                name = RARE_NAME
            organisation = "" if rng.random() < 0.4 else rng.choice(COMPANIES)
            numbers = [FULL_PHONE] if n == 500_000 else _phones(rng, taken, 1 + (n % 5 == 0))
            level = 2 if n % 3 else rng.choice((0, 1))
            rows.append((n, "person", name, organisation, "walk_in", agents[n % 3], level,
                         at, agents[n % 3], at))  # fmt: skip
            phones.extend((n, p) for p in numbers)
            grams.extend((g, n) for g in customer_grams(name, organisation, numbers))
            if len(rows) == CHUNK:
                _flush(rows, phones, grams)
                rows, phones, grams = [], [], []
        _flush(rows, phones, grams)
    close_database()


def _flush(rows, phones, grams) -> None:
    fields = [Customer.id, Customer.kind, Customer.name, Customer.organisation, Customer.source,
              Customer.owner, Customer.level, Customer.created_at, Customer.created_by,
              Customer.updated_at]  # fmt: skip
    Customer.insert_many(rows, fields=fields).execute()
    for start in range(0, len(phones), CHUNK):
        CustomerPhone.insert_many(
            phones[start : start + CHUNK], fields=[CustomerPhone.customer, CustomerPhone.phone]
        ).execute()
    for start in range(0, len(grams), CHUNK * 4):
        CustomerSearchGram.insert_many(
            grams[start : start + CHUNK * 4],
            fields=[CustomerSearchGram.gram, CustomerSearchGram.customer],
        ).execute()


def _median_ms(call) -> float:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times)


def main() -> int:
    path = DATA / f"customers-1m-schema{LATEST_VERSION}.sqlite3"
    build_once(path, _build)
    open_database(f"sqlite:///{path}", encrypted=False)
    actors = {u.username: Actor.from_user(u) for u in User.select()}
    manager, desk = actors["wang.fang"], actors["li.na"]
    top = Customer.select().where(Customer.level == 2).first().id
    internal = Customer.select().where(Customer.level == 0).first().id
    figures = [
        ("first page, manager", lambda: search_customers(manager), 100),
        ("first page, front desk", lambda: search_customers(desk), 100),
        (
            "search 张伟 (common name)",
            lambda: search_customers(manager, CustomerFilter("张伟")),
            50,
        ),
        (
            f"search {RARE_NAME} (rare name)",
            lambda: search_customers(manager, CustomerFilter(RARE_NAME)),
            50,
        ),  # fmt: skip
        (
            "search 浦东物流 (organisation)",
            lambda: search_customers(manager, CustomerFilter("浦东物流")),
            50,
        ),  # fmt: skip
        (
            "search 5678 (part of a phone)",
            lambda: search_customers(manager, CustomerFilter("5678")),
            50,
        ),  # fmt: skip
        (
            "search 5678, front desk (mask-filtered)",
            lambda: search_customers(desk, CustomerFilter("5678")),
            50,
        ),
        (
            "search full phone, manager",
            lambda: search_customers(manager, CustomerFilter(FULL_PHONE)),
            50,
        ),  # fmt: skip
        (
            "search hidden full phone, front desk",
            lambda: search_customers(desk, CustomerFilter(FULL_PHONE)),
            50,
        ),  # fmt: skip
        ("open top-secret file (audited)", lambda: get_customer(manager, top), 50),
        ("open internal file (not audited)", lambda: get_customer(manager, internal), 50),
    ]
    failed = False
    for label, call, budget in figures:
        value = _median_ms(call)
        verdict = "PASS" if value <= budget else "FAIL"
        failed |= value > budget
        print(f"  {label:<40} {value:8.1f} ms   budget ≤ {budget} ms   {verdict}")
    close_database()
    return 1 if failed else 0


if __name__ == "__main__":
    raise SystemExit(main())
