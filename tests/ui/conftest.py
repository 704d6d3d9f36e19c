"""Widgets over a real database and a real worker; the clock is a list the test moves."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtWidgets import QMessageBox

from branchdesk.auth.session import Actor
from branchdesk.config import MachineConfig
from branchdesk.settings.store import put_setting
from branchdesk.ui.context import DeskContext
from branchdesk.ui.runner import DeskRunner
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0
from tests.ui.gui_thread_guard import gui_thread_guard, pytest_configure  # noqa: F401
from tests.ui.questions import questions  # noqa: F401 - answers the dialogs' questions


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_teardown(item):
    """Before pytest-qt closes the test's windows: a main window left with a form half filled
    closes without asking, as at the end of a session (its question is tested where a user
    closes the window, not at every test's end, where nobody would answer it)."""
    from PySide6.QtWidgets import QApplication

    from branchdesk.ui.main_window import MainWindow

    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, MainWindow):
            widget.discard_typed_input = True
    return (yield)


COMPANY = "华信贸易有限公司"
BRANCH = "上海浦东分公司"


@pytest.fixture
def clock() -> list:
    """``clock[0] = …`` moves the desk's time; nothing sleeps."""
    return [T0]


@pytest.fixture
def message_boxes(monkeypatch) -> list[tuple[str, str]]:
    """Warning/critical boxes are recorded instead of blocking; a test that expects none fails
    through ``context``'s teardown when one appeared."""
    shown: list[tuple[str, str]] = []

    def recorder(kind):
        def show(parent, title, text, *args, **kwargs):
            shown.append((kind, text))
            return QMessageBox.StandardButton.Ok

        return show

    for kind in ("warning", "critical", "information"):
        monkeypatch.setattr(QMessageBox, kind, recorder(kind))
    return shown


@pytest.fixture
def runner(qtbot, message_boxes):
    """The worker as the sign-in dialog and the set-up wizard get it, before any window."""
    errors: list[Exception] = []
    worker = DeskRunner(on_error=errors.append)
    yield worker
    qtbot.waitUntil(lambda: not worker.busy, timeout=10_000)
    worker.wait()
    assert errors == [], f"unexpected errors from the runner: {errors!r}"


def settle(qtbot, runner: DeskRunner) -> None:
    """Let the worker finish and its callbacks run on the GUI thread."""
    qtbot.waitUntil(lambda: not runner.busy, timeout=10_000)


@pytest.fixture
def make_context(qtbot, sqlite_db, staff, clock, message_boxes):
    """``make_context(actor)``: a DeskContext as the main window builds one."""
    put_setting("company_name", COMPANY)
    put_setting("branch_name", BRANCH)  # as the set-up wizard leaves them
    runners: list[DeskRunner] = []
    errors: list[Exception] = []

    def build(actor: Actor) -> DeskContext:
        runner = DeskRunner(on_error=errors.append)
        runners.append(runner)
        return DeskContext(
            actor=actor,
            runner=runner,
            database_label="SQLite: test",
            database_url="sqlite:///test.sqlite3",
            config=MachineConfig(),
            now=lambda: clock[0],
        )

    yield build
    for runner in runners:
        qtbot.waitUntil(lambda runner=runner: not runner.busy, timeout=10_000)
        runner.wait()
    assert errors == [], f"unexpected errors from the runner: {errors!r}"
    unexpected = [box for box in message_boxes if box[0] != "information"]
    assert unexpected == [], f"unexpected message boxes: {unexpected!r}"


@pytest.fixture
def context(make_context, staff) -> DeskContext:
    """The front desk, who registers visitors."""
    return make_context(staff["front_desk"])


def wait_for(qtbot, context: DeskContext) -> None:
    """Let the worker finish and its callbacks run on the GUI thread."""
    settle(qtbot, context.runner)


@pytest.fixture
def add_visit(staff) -> Callable[..., int]:
    """Register a visit straight through the service (set-up, not the thing under test)."""

    def add(name: str = "张伟", phone: str = "13812345678", at=T0, **fields) -> int:
        fields.setdefault("purpose", "consultation")
        fields.setdefault("consent_given", True)
        return register_visit(staff["front_desk"], VisitForm(name, phone, **fields), now=at)

    return add
