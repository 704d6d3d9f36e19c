"""The call desk against its budgets (issue 10, section 5). Run as ``python bench/calls.py``.

1,000,000 calls by 40 agents over about three years, built once under bench/.data/ through the
models' ``insert_many`` with the search grams ``save_call`` writes (``call_grams``); staff
from the demo's seeding, ``zhao.lei`` with 200 calls on the last day. Figures (median of
several runs of the real services):

- search in the calls, warm ≤ 50 ms, and cold ≤ 100 ms (a fresh process, the database file
  evicted from the file cache first: the first search after a desk starts);
- the first page of the call log ≤ 100 ms (a manager's, every agent's; an agent's own);
- the daily call report of an agent with 200 calls ≤ 500 ms;
- opening the Calls tab and starting a call ≤ 100 ms (offscreen: built, its lists read
  through the worker, the call's script on screen).

Prints PASS/FAIL per figure; exit status 0 when all pass. ``--probe URL LOGIN TEXT`` is the
cold search's child process.
"""

from __future__ import annotations

import itertools
import json
import os
import random
import statistics
import subprocess
import sys
import time
from collections import namedtuple
from datetime import date, datetime, timedelta
from datetime import time as day_time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
sys.path[:0] = [str(ROOT), str(BENCH)]

from built_once import build_once  # noqa: E402

CALLS = 1_000_000
AGENTS = 40
CUSTOMERS = 20_000
CHUNK = 2000
SEED = 10_000_010
RUNS = 9
LAST_DAY = date(2026, 11, 30)
REPORT_CALLS = 200
RARE_SURNAME = "诸葛"
FULL_PHONE = "13912345678"
COMPANIES = [p + w + "有限公司" for p in ("浦东", "静安", "徐汇", "闵行", "嘉定", "松江")
             for w in ("物流", "电子", "建筑", "餐饮", "医药", "贸易", "机械", "咨询")]  # fmt: skip
SEARCHES = [
    ("诸葛 (rare contact)", RARE_SURNAME),
    ("王 (common surname)", "王"),
    ("浦东物流 (organisation)", "浦东物流"),
    ("5678 (part of a phone)", "5678"),
    ("full phone number", FULL_PHONE),
]


def _build(path: Path) -> None:
    from visits_db import SURNAMES

    from branchdesk.calls.search_grams import call_grams
    from branchdesk.db import db
    from branchdesk.db.connection import close_database, open_database
    from branchdesk.db.migrations import upgrade
    from branchdesk.db.models import Call, CallSearchGram, Customer, User
    from branchdesk.demo.seed import _create_staff

    open_database(f"sqlite:///{path}", encrypted=False)
    upgrade()
    for pragma in ("journal_mode=OFF", "synchronous=OFF", "cache_size=-262144"):
        db.execute_sql(f"PRAGMA {pragma}")
    rng = random.Random(SEED)
    surnames = list(SURNAMES)
    weights = list(itertools.accumulate(SURNAMES.values()))
    start = datetime.combine(LAST_DAY, day_time(9)) - timedelta(days=CALLS // (AGENTS * 25) + 1)
    with db.atomic():
        staff = _create_staff(start - timedelta(days=30))
        agents = [staff["zhao.lei"], staff["liu.yang"], staff["sun.li"]]
        password = User.get_by_id(agents[0]).password_hash
        for n in range(AGENTS - len(agents)):
            agents.append(User.insert(username=f"agent{n}", display_name=f"客服{n:02d}",
                                      agent_no=f"2{n:03d}", role="agent", password_hash=password,
                                      created_at=start - timedelta(days=30)).execute())  # fmt: skip
        customers = [("person", f"客户{n}", "", "phone", agents[n % AGENTS], 1, start, agents[0],
                      start) for n in range(CUSTOMERS)]  # fmt: skip
        fields = [Customer.kind, Customer.name, Customer.organisation, Customer.source,
                  Customer.owner, Customer.level, Customer.created_at, Customer.created_by,
                  Customer.updated_at]  # fmt: skip
        for at in range(0, CUSTOMERS, CHUNK):
            Customer.insert_many(customers[at : at + CHUNK], fields=fields).execute()
        first_customer = Customer.select(Customer.id).order_by(Customer.id).first().id
        ordinary = CALLS - REPORT_CALLS
        step = (datetime.combine(LAST_DAY, day_time(8)) - start) / ordinary
        report_start = datetime.combine(LAST_DAY, day_time(9))
        rows, grams = [], []
        for n in range(1, CALLS + 1):
            if n <= ordinary:
                at, agent = start + step * n, agents[n % AGENTS]
            else:
                at, agent = report_start + timedelta(minutes=2 * (n - ordinary)), agents[0]
            surname = rng.choices(surnames, cum_weights=weights)[0]
            if n % 250_000 == 0:
                surname = RARE_SURNAME
            phone = (
                FULL_PHONE if n == 600_000 else f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
            )
            organisation = rng.choice(COMPANIES)
            effective = rng.random() < 0.7
            title = "采购部" if effective else ""
            duration = rng.randrange(60, 600)
            rows.append((n, agent, first_customer + rng.randrange(CUSTOMERS), "outbound",
                         "telesales", 1, at, at + timedelta(seconds=duration), duration,
                         "resolved", organisation, surname, title, phone, effective))  # fmt: skip
            grams.extend((g, n) for g in call_grams(organisation, surname, phone))
            if len(rows) == CHUNK:
                _flush(Call, CallSearchGram, rows, grams)
                rows, grams = [], []
        _flush(Call, CallSearchGram, rows, grams)
    db.execute_sql("ANALYZE")
    close_database()


def _flush(call, gram, rows, grams) -> None:
    fields = [call.id, call.agent, call.customer, call.direction, call.script_id,
              call.script_version, call.started_at, call.ended_at, call.duration_seconds,
              call.disposition, call.organisation, call.contact_surname, call.contact_title,
              call.phone, call.effective]  # fmt: skip
    call.insert_many(rows, fields=fields).execute()
    for start in range(0, len(grams), CHUNK * 4):
        gram.insert_many(grams[start : start + CHUNK * 4], fields=[gram.gram, gram.call]).execute()


def _median_ms(call, runs: int = RUNS) -> tuple[float, object]:
    times, result = [], None
    for _ in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


# A measured figure and its budget, when run alone (bench/run.py passes its own ``Result``).
Figure = namedtuple("Figure", "label value budget unit note")


def _print(figure) -> None:
    verdict = "PASS" if figure.value <= figure.budget else "FAIL"
    print(f"  {figure.label:<46} {figure.value:8.1f} ms   budget ≤ {figure.budget:g} ms   "
          f"{verdict}   {figure.note}")  # fmt: skip


def _probe(url: str, login: str, text: str) -> None:
    """A fresh process: open the database as a desk does, then time the first search."""
    from branchdesk.auth.session import Actor
    from branchdesk.calls.records import CallFilter
    from branchdesk.calls.service import search_calls
    from branchdesk.db.connection import open_database
    from branchdesk.db.models import User

    open_database(url, encrypted=False)
    actor = Actor.from_user(User.get(User.username == login))
    started = time.perf_counter()
    rows = search_calls(actor, CallFilter(text=text))
    print(json.dumps({"cold_ms": (time.perf_counter() - started) * 1000, "rows": len(rows)}))


def _cold(path: Path, login: str, text: str) -> dict:
    for file in (path, path.with_name(path.name + "-wal")):
        if file.exists():
            fd = os.open(file, os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)
    done = subprocess.run(
        [sys.executable, __file__, "--probe", f"sqlite:///{path}", login, text],
        capture_output=True, text=True, timeout=300, check=False,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe failed:\n{done.stderr[-2000:]}")
    return json.loads(lines[-1])


def _tab_and_call(agent) -> tuple[float, float]:
    """(first, median of the next) ms from building the Calls tab to the call's first step
    on screen, everything the tab reads done."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication

    from branchdesk.config import MachineConfig
    from branchdesk.ui.calls.calls_tab import CallsTab
    from branchdesk.ui.context import DeskContext
    from branchdesk.ui.runner import DeskRunner

    app = QApplication.instance() or QApplication([])
    errors: list[Exception] = []
    runner = DeskRunner(on_error=errors.append)
    at = datetime.combine(LAST_DAY, day_time(17))
    context = DeskContext(agent, runner, "bench", "sqlite://", MachineConfig(), now=lambda: at)
    times = []
    for _ in range(6):
        started = time.perf_counter()
        tab = CallsTab(context)
        tab.show()
        tab.start_call("inbound")
        while runner.busy or tab.panel is None:
            app.processEvents()
        times.append((time.perf_counter() - started) * 1000)
        tab.panel.stop()
        tab.close()
        tab.deleteLater()
        app.processEvents()
    if errors:
        raise RuntimeError(errors)
    return times[0], statistics.median(times[1:])


def measure_calls(result=Figure, show=_print) -> list:
    """Every figure of the call desk, as ``result(label, value, budget, unit, note)`` each
    shown with ``show`` as it is measured; builds the database first if need be."""
    from branchdesk.auth.session import Actor
    from branchdesk.calls.records import CallFilter
    from branchdesk.calls.service import daily_report_pdf, search_calls
    from branchdesk.db.connection import close_database, open_database
    from branchdesk.db.migrations import LATEST_VERSION
    from branchdesk.db.models import User
    from branchdesk.i18n import set_language

    set_language("zh_CN")
    path = DATA / f"calls-1m-schema{LATEST_VERSION}.sqlite3"
    build_once(path, _build)
    results = []

    def add(label: str, value: float, budget: float, note: str = "") -> None:
        results.append(result(label, value, budget, "ms", note))
        show(results[-1])

    print("Search in 1,000,000 calls (search_calls as a manager; cold: a fresh process)")
    for label, text in SEARCHES:
        cold = _cold(path, "wang.fang", text)
        add(f"calls: {label}, cold", cold["cold_ms"], 100, f"{cold['rows']} rows")
    open_database(f"sqlite:///{path}", encrypted=False)
    manager = Actor.from_user(User.get(User.username == "wang.fang"))
    agent = Actor.from_user(User.get(User.username == "zhao.lei"))
    for label, text in SEARCHES:
        value, rows = _median_ms(lambda t=text: search_calls(manager, CallFilter(text=t)))
        add(f"calls: {label}, warm", value, 50, f"{len(rows)} rows")
    print("The call log's first page")
    value, rows = _median_ms(lambda: search_calls(manager))
    add("call log: first page, manager", value, 100, f"{len(rows)} rows")
    value, rows = _median_ms(lambda: search_calls(agent))
    add("call log: first page, agent (own calls)", value, 100, f"{len(rows)} rows")
    print(f"Daily call report, an agent with {REPORT_CALLS} calls (zh_CN, median of 5)")
    first = time.perf_counter()
    daily_report_pdf(agent, LAST_DAY, lang="zh_CN")
    first_ms = (time.perf_counter() - first) * 1000
    value, pdf = _median_ms(lambda: daily_report_pdf(agent, LAST_DAY, lang="zh_CN"), 5)
    add("daily call report PDF", value, 500, f"{len(pdf) // 1024} KiB; first {first_ms:.0f} ms")
    print("Opening the Calls tab and starting a call (offscreen, median of 5 after the first)")
    first_ms, value = _tab_and_call(agent)
    add("Calls tab + start a call", value, 100, f"first {first_ms:.0f} ms")
    close_database()
    return results


def main() -> int:
    return 0 if all(figure.value <= figure.budget for figure in measure_calls()) else 1


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "--probe":
        _probe(*sys.argv[2:])
        raise SystemExit(0)
    raise SystemExit(main())
