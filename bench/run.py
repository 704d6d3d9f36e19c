"""BranchDesk against its budgets (issue 2, section 7). Run as ``python bench/run.py``.

Prints every figure with its budget and PASS/FAIL; exit status 0 when all pass, 1 otherwise.
The 1,000,000-visit database is built once under bench/.data/ and reused (delete it to rebuild).
"""

from __future__ import annotations

import json
import os
import platform
import sqlite3
import statistics
import subprocess
import sys
import time
import unicodedata
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "bench"
DATA = BENCH / ".data"
sys.path[:0] = [str(ROOT), str(BENCH)]

import PySide6  # noqa: E402 - after the path set-up above
from calls import measure_calls  # noqa: E402
from desk_env import DeskPython, ensure_desk_python  # noqa: E402
from first_screen import measure_first_screen  # noqa: E402
from import_costs import branchdesk_self_ms, costly_imports  # noqa: E402
from query_plans import print_plans  # noqa: E402
from script_step import measure_script_step  # noqa: E402
from start_days import DAYS, prepare_start_days  # noqa: E402
from visits_db import RARE_NAME, BuiltDatabase, ensure_visits_database  # noqa: E402
from xserver import private_x_server  # noqa: E402

from branchdesk.auth.session import Actor  # noqa: E402
from branchdesk.auth.signin import sign_in  # noqa: E402
from branchdesk.db.connection import close_database, open_database, sqlite_path  # noqa: E402
from branchdesk.db.models import User, Visit, Visitor  # noqa: E402
from branchdesk.demo import DEMO_ACCOUNTS  # noqa: E402
from branchdesk.visitors.visit_log import VisitFilter, cursor_after, search_visits  # noqa: E402

# Each run spawns a bare window and the desk's children one after the other (interleaved), so
# a change in the machine's load hits them alike; fifteen runs, as on a shared two-core virtual
# machine single children vary by ±30 % and the median of nine still moved the ratio by ±0.15.
START_RUNS = 15
SIGN_IN_RUNS = 5
QUERY_RUNS = 9
PDF_RUNS = 6  # the first is cold and reported apart
MANAGER = next(a for a in DEMO_ACCOUNTS if a.role == "manager")
FRONT_DESK = next(a for a in DEMO_ACCOUNTS if a.role == "front_desk")


@dataclass(frozen=True)
class Result:
    label: str
    value: float
    budget: float
    unit: str
    note: str = ""

    @property
    def passed(self) -> bool:
        return self.value <= self.budget


def padded(text: str, width: int) -> str:
    """Left-aligned in ``width`` terminal columns; Chinese characters take two."""
    columns = sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)
    return text + " " * max(width - columns, 0)


def show(result: Result) -> None:
    verdict = "PASS" if result.passed else "FAIL"
    value = f"{result.value:8.1f} {result.unit}" if result.unit else f"{result.value:8.2f}"
    budget = f"≤ {result.budget:g} {result.unit}".rstrip()
    print(
        f"  {padded(result.label, 46)} {value:>12}   budget {budget:<10} {verdict}   {result.note}"
    )


@dataclass(frozen=True)
class Screen:
    """Where the children paint: Qt's offscreen platform, or xcb on a private Xvfb."""

    platform: str
    display: str | None = None


OFFSCREEN = Screen("offscreen")


def child_env(child: DeskPython, screen: Screen = OFFSCREEN, home: Path | None = None) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM=screen.platform)
    if screen.display:
        env["DISPLAY"] = screen.display
    home = home or DATA / "home"
    if child.isolated:
        env.pop("PYTHONPATH", None)  # the venv's editable install provides branchdesk
    else:
        env["PYTHONPATH"] = str(ROOT)
    # The children must not read or write the user's own BranchDesk config and data.
    env["XDG_CONFIG_HOME"] = str(home / "config")
    env["XDG_DATA_HOME"] = str(home / "data")
    env.pop("BRANCHDESK_DATABASE_URL", None)
    # An installed app starts from compiled bytecode (pip compiles on install); without a cache
    # every start would recompile BranchDesk's sources. Kept out of the source tree.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(DATA / "pycache")
    return env


def spawn(
    child: DeskPython,
    *args: str,
    python_flags: tuple[str, ...] = (),
    screen: Screen = OFFSCREEN,
    home: Path | None = None,
) -> dict:
    """The child's report; its ``phases`` are seconds since it was spawned."""
    started = time.monotonic()
    done = subprocess.run(
        [child.executable, *python_flags, str(BENCH / "startup_probe.py"), *args],
        capture_output=True,
        text=True,
        env=child_env(child, screen, home),
        timeout=300,
        check=False,
    )
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"probe {args[0]} failed ({done.returncode}):\n{done.stderr[-3000:]}")
    reported = json.loads(lines[-1])
    reported["phases"] = {k: v - started for k, v in reported["marks"].items()}
    reported["stderr"] = done.stderr
    return reported


def phase_line(reports: list[dict]) -> str:
    """Median time of each phase since the previous one, in ms."""
    phases = {k: statistics.median(r["phases"][k] for r in reports) for k in reports[0]["phases"]}
    steps, previous = [], 0.0
    for phase, at in sorted(phases.items(), key=lambda item: item[1]):
        steps.append(f"{phase} +{(at - previous) * 1000:.0f}")
        previous = at
    return " · ".join(steps)


def explain_start(child: DeskPython, desk_args: tuple[str, ...], **where) -> None:
    traced = spawn(child, *desk_args, python_flags=("-X", "importtime"), **where)
    print("    imports over 10 ms, one run of (b) with -X importtime (cumulative, slowest nested):")
    print(f"      {' · '.join(costly_imports(traced['stderr']))}")
    own = branchdesk_self_ms(traced["stderr"])
    print(
        f"      top-level code of branchdesk's own modules (Qt class set-up included): {own:.0f} ms"
    )


def show_start(label: str, reports: list[dict], note: str = "") -> float:
    runs = [r["phases"]["painted"] for r in reports]
    median = statistics.median(runs)
    print(f"  {label:<52} {median:6.3f} s   runs {' '.join(f'{s:.3f}' for s in runs)}{note}")
    print(f"    where the time goes (ms, median): {phase_line(reports)}")
    return median


def show_spread(bare: list[dict], desk: list[dict]) -> None:
    """How far the ratio moves from run to run: each run's window against the bare window
    spawned just before it, and the same for the CPU time both had used at their first paint
    (every thread's; far less moved by the machine's load than the wall clock)."""

    def painted(report: dict, clock: str = "phases") -> float:
        return report[clock]["painted"]

    paired = sorted(painted(d) / painted(b) for b, d in zip(bare, desk, strict=True))
    cpu = statistics.median(painted(r, "cpu_marks") for r in desk) / statistics.median(
        painted(r, "cpu_marks") for r in bare
    )
    quartiles = statistics.quantiles(paired, n=4)
    print(
        f"    ratio run by run: median {statistics.median(paired):.2f}, middle half "
        f"{quartiles[0]:.2f}–{quartiles[2]:.2f}, all {paired[0]:.2f}–{paired[-1]:.2f}; CPU time "
        f"to the first paint {cpu:.2f}× the bare window's (medians)"
    )


def show_heavy_modules(report: dict) -> None:
    print(
        f"    heavy modules loaded at first paint: {', '.join(report['heavy_modules']) or 'none'}"
        f"; PySide's Qt namespace built: {'yes' if report['qt_namespace_built'] else 'no'}"
    )


def measure_sign_in(demo_url: str) -> float:
    """Median ms of the ``sign_in`` service call (argon2id verification and its audit entry).

    Run on a throwaway copy of the demo database: each sign-in appends to the audit log, which
    the main window's audit tab reads and verifies, so the start-up figures would drift.
    """
    copy = DATA / "sign-in-copy.sqlite3"
    source, target = sqlite3.connect(sqlite_path(demo_url)), sqlite3.connect(copy)
    try:
        source.backup(target)
    finally:
        source.close()
        target.close()
    open_database(f"sqlite:///{copy}")
    try:
        stored = User.get(User.username == MANAGER.login).password_hash
        cold, median, _actor = timed(lambda: sign_in(MANAGER.login, MANAGER.password), SIGN_IN_RUNS)
    finally:
        close_database()
        for path in DATA.glob(f"{copy.name}*"):
            path.unlink()
    parameters = stored.split("$")[3]  # $argon2id$v=19$m=65536,t=3,p=4$salt$hash
    print(
        f"  (c) sign_in({MANAGER.login!r}, …) alone, in this process: {median:.0f} ms median of "
        f"{SIGN_IN_RUNS} after a cold run ({cold:.0f} ms); argon2id {parameters}, information"
    )
    return median


def measure_sign_in_dialog(child: DeskPython) -> str:
    """(a) and (c) on offscreen; returns the demo database's URL (created on first use)."""
    for args in (("bare",), ("signin",)):  # warm-up: the demo database, each child's bytecode
        spawn(child, *args)
    bare, signin = [], []
    for _run in range(START_RUNS):
        bare.append(spawn(child, "bare"))
        signin.append(spawn(child, "signin"))
    print(f"Start-up: spawn → first paint of the window, offscreen, median of {START_RUNS}")
    bare_s = show_start("bare PySide6 window (QApplication + QWidget)", bare)
    ratio = statistics.median(r["phases"]["painted"] for r in signin) / bare_s
    show_start(
        "(a) sign-in dialog (demo database, zh_CN)",
        signin,
        f"   {ratio:.2f}× the bare window, information",
    )
    show_heavy_modules(signin[-1])
    measure_sign_in(signin[-1]["url"])
    return signin[-1]["url"]


def measure_main_window(child: DeskPython, screen: Screen, homes: dict[str, Path]) -> list:
    """(b) on a busy and on an empty day, each against the bare window on the same screen."""
    desk_args = ("desk", MANAGER.login)
    for args, home in [(("bare",), None)] + [(desk_args, homes[day]) for day in DAYS]:
        spawn(child, *args, screen=screen, home=home)  # warm-up
    bare, desk = [], {day: [] for day in DAYS}
    for _run in range(START_RUNS):  # interleaved, so drift in machine load hits all alike
        bare.append(spawn(child, "bare", screen=screen))
        for day in DAYS:
            desk[day].append(spawn(child, *desk_args, screen=screen, home=homes[day]))
    where = screen.platform + (f" on Xvfb {screen.display}" if screen.display else "")
    print(f"Start-up on {where}: spawn → first paint of the window, median of {START_RUNS}")
    bare_s = show_start("bare PySide6 window (QApplication + QWidget)", bare)
    results = []
    for day, reports in desk.items():
        desk_s = show_start(f"(b) main window, {day} day ({MANAGER.login}, zh_CN)", reports)
        show_spread(bare, reports)
        tabs = {k: statistics.median(r["tabs"][k] for r in reports) for k in reports[0]["tabs"]}
        built = " · ".join(f"{key} {seconds * 1000:.0f}" for key, seconds in tabs.items())
        print(f"    building each tab, its import included (ms, median): {built}")
        print(f"    visitors in the building: {reports[-1].get('visitors_listed', '?')}")
        show_heavy_modules(reports[-1])
        result = Result(
            f"start-up ratio, {day} day, {screen.platform}",
            desk_s / bare_s,
            2.0,
            "",
            f"({desk_s:.3f} s / {bare_s:.3f} s, medians of {START_RUNS})",
        )
        show(result)
        if not result.passed:
            explain_start(child, desk_args, screen=screen, home=homes[day])
        results.append(result)
    return results


def measure_start(child: DeskPython) -> list[Result]:
    print(f"Start-up children run {child.description}")
    print(f"  psycopg importable there: {'yes' if child.psycopg_importable else 'no'}")
    demo_url = measure_sign_in_dialog(child)
    homes = prepare_start_days(DATA, sqlite_path(demo_url))
    print(
        "  (b) excludes signing in: between the dialog (a) and the main window the user types a"
        " password,\n  and its argon2id verification (c) runs when they press Enter, costly by"
        " design; (b) takes the\n  actor from the database as if already signed in."
        " It excludes the dialog (a) too.\n  Busy day: 40 visitors in the building (10 since"
        " yesterday, past closing), 6 overdue replies, 3 escalations;\n  empty day: nobody in"
        " the building (bench/start_days.py)."
    )
    results = measure_main_window(child, OFFSCREEN, homes)
    with private_x_server() as display:
        if display is None:
            print("Start-up on xcb: Xvfb is not installed (apt-get install -y xvfb)")
            return results + [Result("start-up ratios on xcb (no Xvfb)", float("inf"), 2.0, "")]
        results += measure_main_window(child, Screen("xcb", display), homes)
    return results


def timed(call: Callable[[], object], runs: int) -> tuple[float, float, object]:
    """(cold ms, median ms of the following runs, last result)."""
    started = time.perf_counter()
    result = call()
    cold = (time.perf_counter() - started) * 1000
    times = []
    for _run in range(runs):
        started = time.perf_counter()
        result = call()
        times.append((time.perf_counter() - started) * 1000)
    return cold, statistics.median(times), result


def run_cases(heading: str, cases: list[tuple[str, Callable[[], list]]], budget: float) -> list:
    print(f"{heading} (search_visits, median of {QUERY_RUNS} after a cold run)")
    results = []
    for label, call in cases:
        cold, median, rows = timed(call, QUERY_RUNS)
        result = Result(label, median, budget, "ms", f"{len(rows)} rows, cold {cold:.1f} ms")
        show(result)
        results.append(result)
        if not result.passed:  # show why: the SQL the service ran and SQLite's plan for it
            print_plans(call)
    return results


def drop_from_page_cache(database: Path) -> None:
    """Evict the database file and its WAL from the operating system's file cache, so that the
    next process reads from the disk what it touches: a desk started in the morning."""
    for path in (database, database.with_name(database.name + "-wal")):
        if not path.exists():
            continue
        fd = os.open(path, os.O_RDONLY)
        try:
            os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
        finally:
            os.close(fd)


def cold_search(child: DeskPython, url: str, visit_filter: VisitFilter) -> dict:
    """One search in a fresh process, the database file evicted from the file cache first: the
    first call after opening the database, then more."""
    drop_from_page_cache(sqlite_path(url))
    fields = {
        k: (v.isoformat() if isinstance(v, date) else v) for k, v in asdict(visit_filter).items()
    }
    done = subprocess.run(
        [child.executable, str(BENCH / "search_probe.py"), url, FRONT_DESK.login,
         str(QUERY_RUNS), json.dumps(fields)],
        capture_output=True, text=True, env=child_env(child), timeout=300, check=False,
    )  # fmt: skip
    lines = [line for line in done.stdout.splitlines() if line.startswith("{")]
    if done.returncode != 0 or not lines:
        raise RuntimeError(f"search probe failed ({done.returncode}):\n{done.stderr[-3000:]}")
    return json.loads(lines[-1])


def measure_searches(
    child: DeskPython, url: str, actor: Actor, searches: list[tuple[str, VisitFilter]]
) -> list[Result]:
    print(
        f"Search in 1,000,000 visits (search_visits, a fresh process per case: the first call"
        f" after opening the database, cold, then the median of {QUERY_RUNS}, warm)"
    )
    results = []
    for label, visit_filter in searches:
        reported = cold_search(child, url, visit_filter)
        reads = f"{reported['rows']} rows, {reported['cold_reads']} file reads"
        cold = Result(f"{label}, cold", reported["cold_ms"], 100, "ms", reads)
        warm = Result(f"{label}, warm", statistics.median(reported["warm_ms"]), 50, "ms")
        for result in (cold, warm):
            show(result)
        results += [cold, warm]
        if not warm.passed:  # show why: the SQL the service ran and SQLite's plan for it
            print_plans(lambda f=visit_filter: search_visits(actor, f, None, 100))
    return results


def measure_queries(child: DeskPython, url: str, actor: Actor) -> list[Result]:
    def page(visit_filter: VisitFilter, after=None) -> Callable[[], list]:
        return lambda: search_visits(actor, visit_filter, after, 100)

    sample = Visitor.select(Visitor.phone).where(Visitor.phone.startswith("1"))
    mobile = sample.order_by(Visitor.id).offset(100_000).first().phone
    digits = mobile[3:7]
    newest = Visit.select(Visit.arrived_at).order_by(Visit.arrived_at.desc()).first().arrived_at
    since, until = newest.date() - timedelta(days=30), newest.date()
    first_page = search_visits(actor, VisitFilter())
    searches = [
        ('"张伟"', VisitFilter(text="张伟")),
        (f'"{digits}" (4 digits of {mobile})', VisitFilter(text=digits)),
        (f'"{RARE_NAME}" (rare name)', VisitFilter(text=RARE_NAME)),
        # The log tab combines the search text with its purpose box and dates.
        ('"张伟" + purpose complaint', VisitFilter(text="张伟", purpose="complaint")),
        (f'"{digits}" + purpose consultation', VisitFilter(text=digits, purpose="consultation")),
        (
            f'"{RARE_NAME}" + purpose consultation',
            VisitFilter(text=RARE_NAME, purpose="consultation"),
        ),
        (f'"张伟" + {since} … {until}', VisitFilter(text="张伟", date_from=since, date_to=until)),
        (
            f'"{RARE_NAME}" + {since} … {until}',
            VisitFilter(text=RARE_NAME, date_from=since, date_to=until),
        ),
        (
            f'"{digits}" + {since} … {until}',
            VisitFilter(text=digits, date_from=since, date_to=until),
        ),
    ]
    pages = [
        ("empty filter", page(VisitFilter())),
        (
            f"purpose complaint + {since} … {until}",
            page(VisitFilter(purpose="complaint", date_from=since, date_to=until)),
        ),
        (
            "empty filter, next page (keyset cursor)",
            page(VisitFilter(), cursor_after(first_page[-1])),
        ),
    ]
    return measure_searches(child, url, actor, searches) + run_cases(
        "Visit log, first page of 100 over 1,000,000 visits", pages, 100
    )


def measure_pdf(actor: Actor) -> list[Result]:
    try:
        from branchdesk.visitors.printouts import visit_form_pdf

        visit_id = Visit.select(Visit.id).order_by(Visit.id.desc()).first().id
        cold, median, pdf = timed(lambda: visit_form_pdf(actor, visit_id, "zh_CN"), PDF_RUNS - 1)
    except ImportError as exc:
        print(f"Visit form PDF: printing package not importable ({exc})")
        return [Result("visit form PDF (not importable)", float("inf"), 200, "ms")]
    print(f"Visit form PDF (visit_form_pdf, zh_CN, median of runs 2…{PDF_RUNS})")
    result = Result(
        f"visit {visit_id}, warm",
        median,
        200,
        "ms",
        f"{len(pdf) / 1024:.0f} KiB; first {cold:.0f} ms (imports reportlab, loads the font)",
    )
    show(result)
    return [result]


def measure_memory(child: DeskPython, big: BuiltDatabase) -> list[Result]:
    reported = spawn(child, "memory", big.url, MANAGER.login, MANAGER.password)
    rss, peak = reported["VmRSS"] / 1024, reported["VmHWM"] / 1024
    print(
        "Resident memory: main window on the 1,000,000-visit database, visit log tab showing "
        "its first page"
    )
    shown = reported["phases"]["visit log shown"]
    note = f"{reported['rows']} rows shown {shown:.2f} s after spawn; peak (VmHWM) {peak:.0f} MB"
    result = Result("VmRSS", rss, 250, "MB", note)
    show(result)
    return [result]


def describe_database(big: BuiltDatabase) -> None:
    how = "reused" if big.reused else "built now"
    size = big.path.stat().st_size / 1024**2
    print(
        f"1,000,000-visit database: {big.path.relative_to(ROOT)} ({size:.0f} MB), {how}; "
        f"building took {big.build_seconds:.1f} s"
    )
    exact = Visitor.select().where(Visitor.name == "张伟").count()
    containing = Visitor.select().where(Visitor.name.contains("张伟")).count()
    counts = ", ".join(f"{n:,} {what.replace('_', ' ')}" for what, n in big.counts.items())
    print(f"  {counts}; visitors named exactly 张伟: {exact}, name containing 张伟: {containing}")


def main() -> int:
    load = " / ".join(f"{x:.1f}" for x in os.getloadavg())
    print(
        f"BranchDesk benchmarks · Python {platform.python_version()} · PySide6 "
        f"{PySide6.__version__} · SQLite {sqlite3.sqlite_version} · {os.cpu_count()} CPUs"
        f" · load average {load}"
    )
    big = ensure_visits_database(DATA, progress=lambda step: print(step, flush=True))
    child = ensure_desk_python(DATA, ROOT, progress=lambda step: print(step, flush=True))
    results = measure_start(child)
    open_database(big.url)
    describe_database(big)
    user = User.get(User.username == FRONT_DESK.login)
    actor = Actor.from_user(user)
    results += measure_queries(child, big.url, actor)
    results += measure_first_screen(actor, Result, show)
    results += measure_pdf(actor)
    close_database()
    results += measure_memory(child, big)
    results += measure_calls(Result, show)  # issue 10: bench/calls.py
    results += measure_script_step(Result, show)  # issue 10: bench/script_step.py
    failed = [r.label for r in results if not r.passed]
    print(
        f"\n{len(results) - len(failed)} of {len(results)} budgets met"
        + (f"; FAILED: {', '.join(failed)}" if failed else "")
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
