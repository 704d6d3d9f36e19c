"""Fails a UI test whose widgets run SQL on the GUI thread (a frozen window on a busy server).

Every statement goes through ``branchdesk.db.query_guard``. On the GUI thread the call stack
says who asked: the nearest frame that is either product UI code (``branchdesk/ui``) or test
code (``tests/``). Test code may query there: fixtures set up data before any widget exists and
assertions read what was stored. UI code may not; neither may a statement with neither on its
stack (Qt calling a service straight from a signal).
"""

from __future__ import annotations

import contextlib
import sys
import traceback
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QThread

from branchdesk.db import query_guard

ROOT = Path(__file__).resolve().parents[2]
UI_CODE = str(ROOT / "branchdesk" / "ui") + "/"
TEST_CODE = str(ROOT / "tests") + "/"
THIS_FILE = str(Path(__file__).resolve())
MARKER = "gui_thread_queries"


@dataclass
class Violation:
    sql: str
    stack: str

    def __str__(self) -> str:
        return f"SQL on the GUI thread: {self.sql}\n{self.stack}"


class GuiThreadGuard:
    def __init__(self) -> None:
        self.violations: list[Violation] = []
        self._allowed = 0

    @contextlib.contextmanager
    def allowed(self):
        """Set-up or inspection that knowingly queries on the GUI thread."""
        self._allowed += 1
        try:
            yield
        finally:
            self._allowed -= 1

    def __call__(self, sql: str, params) -> None:
        app = QCoreApplication.instance()
        if self._allowed or app is None or QThread.currentThread() is not app.thread():
            return
        frame = sys._getframe(1)
        while frame is not None:
            path = frame.f_code.co_filename
            if path.startswith(UI_CODE):
                break
            if path.startswith(TEST_CODE) and path != THIS_FILE:
                return  # the test's own set-up or assertion
            frame = frame.f_back
        stack = "".join(traceback.format_stack(sys._getframe(1))[-14:])
        self.violations.append(Violation(sql, stack))

    def check(self) -> None:
        """Fail the test if a widget queried on the GUI thread."""
        if self.violations:
            shown = "\n\n".join(str(v) for v in self.violations[:3])
            pytest.fail(f"{len(self.violations)} queries ran on the GUI thread:\n\n{shown}")


def pytest_configure(config) -> None:
    config.addinivalue_line(
        "markers",
        f"{MARKER}(reason): the widget under test still queries on the GUI thread (say why)",
    )


@pytest.fixture(autouse=True)
def gui_thread_guard(request):
    """Installed for every UI test; fails it with the SQL and the stack of each query a
    widget ran on the GUI thread."""
    guard = GuiThreadGuard()
    previous = query_guard.install_guard(guard)
    marked = request.node.get_closest_marker(MARKER) is not None
    try:
        if marked:
            with guard.allowed():
                yield guard
        else:
            yield guard
    finally:
        query_guard.install_guard(previous)
    guard.check()
