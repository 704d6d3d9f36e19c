"""Child process of the benchmark: start a window, report when it first painted, then exit.

Run by ``bench/run.py`` with QT_QPA_PLATFORM=offscreen, never by hand:

    startup_probe.py bare                       a QApplication and an empty QWidget
    startup_probe.py desk URL LOGIN PASSWORD    BranchDesk's main window on the demo database
                                                (created there on first use), signed in
    startup_probe.py memory URL LOGIN PASSWORD  the main window on any database, then the
                                                visit log tab's first page

It prints one JSON line: ``marks`` (phase -> time.monotonic(), the clock the parent uses for
the spawn time, shared by all processes on Linux), the loaded heavy modules, and for
``memory`` the resident memory read from /proc/self/status.
"""

from __future__ import annotations

import json
import os
import sys
import time

marks: dict[str, float] = {}
tab_seconds: dict[str, float] = {}


def mark(phase: str) -> None:
    marks[phase] = time.monotonic()


mark("interpreter ready")

from PySide6.QtCore import QEvent, QObject  # noqa: E402 - timed after the mark above

HEAVY_MODULES = ("reportlab", "pypdf", "psycopg", "phonenumbers", "argon2", "babel.dates")


class FirstPaint(QObject):
    """Calls ``then`` once, when the watched window receives its first paint event."""

    def __init__(self, then) -> None:
        super().__init__()
        self._then = then
        self._done = False

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt override
        if event.type() == QEvent.Type.Paint and not self._done:
            self._done = True
            mark("painted")
            self._then()
        return False


def memory_status() -> dict[str, int]:
    """VmRSS (resident now) and VmHWM (peak resident) in kB."""
    values = {}
    with open("/proc/self/status", encoding="ascii") as status:
        for line in status:
            key, _sep, rest = line.partition(":")
            if key in ("VmRSS", "VmHWM"):
                values[key] = int(rest.split()[0])
    return values


def report(**extra) -> None:
    loaded = [name for name in HEAVY_MODULES if sys.modules.get(name) is not None]
    reported = {"marks": marks, "tabs": tab_seconds, "heavy_modules": loaded, **extra}
    print(json.dumps(reported), flush=True)
    # Skip interpreter and Qt teardown: the parent has what it measured.
    os._exit(0)


def run_bare() -> None:
    from PySide6.QtWidgets import QApplication, QWidget

    mark("imports")
    app = QApplication(sys.argv[:1])
    window = QWidget()
    window.resize(1200, 760)  # the main window's default size
    probe = FirstPaint(report)
    window.installEventFilter(probe)
    window.show()
    app.exec()


def _time_each_tab() -> None:
    """Record how long building each tab takes (its module's import included)."""
    from dataclasses import replace

    from branchdesk.ui import tabs

    def timed(spec):
        def create(context):
            started = time.monotonic()
            widget = spec.create(context)
            tab_seconds[spec.key] = time.monotonic() - started
            return widget

        return replace(spec, create=create)

    tabs.TAB_SPECS[:] = [timed(spec) for spec in tabs.TAB_SPECS]


def _main_window(url: str, login: str, password: str, demo: bool):
    from branchdesk.ui.app import create_application, make_context

    mark("imports")
    app = create_application("zh_CN")
    mark("application")
    from branchdesk.startup import prepare_database

    prepare_database(url, demo)
    mark("database open")
    from branchdesk.auth.signin import sign_in
    from branchdesk.config import MachineConfig

    actor = sign_in(login, password)
    mark("signed in")
    from branchdesk.ui.main_window import MainWindow

    _time_each_tab()
    window = MainWindow(make_context(actor, url, MachineConfig.load(), demo))
    mark("window built")
    return app, window


def run_desk(url: str, login: str, password: str) -> None:
    app, window = _main_window(url, login, password, demo=True)
    probe = FirstPaint(report)
    window.installEventFilter(probe)
    window.show()
    app.exec()


def run_memory(url: str, login: str, password: str) -> None:
    from PySide6.QtWidgets import QTableView

    app, window = _main_window(url, login, password, demo=False)

    def first_page_shown() -> None:
        # The visit log reads its first page when built; showing the tab paints those rows.
        tab = window.show_tab("visit_log")
        deadline = time.monotonic() + 30
        rows = 0
        while time.monotonic() < deadline:
            app.processEvents()
            window.context.runner.wait(50)
            rows = max((t.model().rowCount() for t in tab.findChildren(QTableView)), default=0)
            if rows and not window.context.runner.busy:
                break
        app.processEvents()
        mark("visit log shown")
        report(rows=rows, **memory_status())

    probe = FirstPaint(first_page_shown)
    window.installEventFilter(probe)
    window.show()
    app.exec()


if __name__ == "__main__":
    mode, *args = sys.argv[1:]
    {"bare": run_bare, "desk": run_desk, "memory": run_memory}[mode](*args)
