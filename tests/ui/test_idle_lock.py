"""The idle lock (R-S5): after a while without input every window of the desk is covered and
the password is asked; the right one uncovers the widgets exactly as they were, a wrong one is
refused with the sign-in service's message, and someone else may sign in instead."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QApplication
from shiboken6 import isValid

from branchdesk.audit.log import Action
from branchdesk.config import MachineConfig
from branchdesk.db.models import AuditEntry
from branchdesk.settings.defaults import SETTINGS_BY_KEY
from branchdesk.settings.kinds import Integer
from branchdesk.ui import app as desk_app
from branchdesk.ui.idle_lock import MINUTE_MS, IdleLock, InputWatch, LockCover
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.visitors.registration_dialog import RegistrationDialog
from tests.conftest import PASSWORD
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

SHORT_MS = 50  # the test's "ten minutes"


def _window(qtbot, context) -> tuple[MainWindow, IdleLock]:
    window = MainWindow(context)
    qtbot.addWidget(window)
    lock = IdleLock(window, context)
    window.show()
    qtbot.waitExposed(window)
    wait_for(qtbot, context)  # the setting read in the worker
    return window, lock


def covered(window) -> bool:
    """What the user would click in the middle of the window is the cover, not the content."""
    middle = window.childAt(QPoint(window.width() // 2, window.height() // 2))
    return isinstance(middle, LockCover)


def enter_password(qtbot, lock, context, password: str, login: str | None = None) -> None:
    if login is not None:
        lock.prompt.edt_login.setText(login)
    type_text(qtbot, lock.prompt.edt_password, password)
    qtbot.keyClick(lock.prompt.edt_password, Qt.Key.Key_Return)
    wait_for(qtbot, context)


def test_the_setting_is_ten_minutes_by_default(qtbot, context):
    spec = SETTINGS_BY_KEY["idle_lock_minutes"]
    assert spec.default == 10 and spec.kind == Integer(1, 240)
    _window_, lock = _window(qtbot, context)
    assert lock.watch.timeout_ms == 10 * MINUTE_MS
    assert lock.watch.running and not lock.locked


def test_idle_desk_locks_and_the_password_unlocks_it_as_it_was(qtbot, context):
    window, lock = _window(qtbot, context)
    window.tabs["visitors"].open_registration()
    dialog = window.findChild(RegistrationDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.edt_name, "欧阳娜娜")

    lock.set_timeout_ms(SHORT_MS)
    qtbot.waitUntil(lambda: lock.locked, timeout=5_000)
    assert covered(window) and covered(dialog)  # the dialog's typed name is hidden too
    assert lock.prompt.isVisible() and QApplication.activeModalWidget() is lock.prompt
    assert lock.prompt.edt_login.text() == "li.na"

    enter_password(qtbot, lock, context, "not-the-password")
    assert lock.locked and covered(window)
    assert lock.prompt.lbl_error.isVisible()
    assert lock.prompt.lbl_error.text().startswith("Sign-in failed. Check your user name")
    assert lock.prompt.edt_password.text() == ""

    enter_password(qtbot, lock, context, PASSWORD)
    assert not lock.locked
    assert not lock.prompt.isVisible()
    qtbot.waitUntil(lambda: not covered(window) and not covered(dialog))
    assert dialog.isVisible() and dialog.edt_name.text() == "欧阳娜娜"
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-2:] == [Action.SIGN_IN_FAILED, Action.SIGN_IN]
    assert lock.watch.running  # counting again
    dialog.reject()


def test_input_keeps_the_desk_unlocked(qtbot, context):
    """The watch's clock is a list the test moves; its checks are called as its timer would."""
    window, lock = _window(qtbot, context)
    clock = [1000.0]
    watch = InputWatch(window, clock=lambda: clock[0])
    idle = []
    watch.idle.connect(lambda: idle.append(clock[0]))
    watch.start(10 * MINUTE_MS)
    watch.check()
    clock[0] += 9 * 60
    table = window.tabs["visitors"].tbl_visitors
    qtbot.keyClick(table, Qt.Key.Key_Down)  # someone works at the desk
    assert watch.inputs == 1
    qtbot.keyClick(table, Qt.Key.Key_Up)
    assert watch.inputs == 1  # one input a period is enough: the filter stepped aside
    watch.check()
    clock[0] += 9 * 60  # 18 minutes since the start, 9 since the last input
    watch.check()
    assert idle == [] and watch.running
    clock[0] += 60
    watch.check()
    assert idle == [clock[0]] and not watch.running


def test_escape_does_not_unlock(qtbot, context):
    window, lock = _window(qtbot, context)
    lock.lock()
    qtbot.keyClick(lock.prompt.edt_password, Qt.Key.Key_Escape)
    lock.prompt.close()
    assert lock.locked and lock.prompt.isVisible() and covered(window)


def test_someone_else_signs_in_at_the_lock_and_the_first_finds_their_input_again(
    qtbot, sqlite_db, staff, tmp_path, message_boxes, monkeypatch
):
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    session = desk_app.DeskSession(QApplication.instance(), url, MachineConfig(), demo=False)
    session.open_window(staff["front_desk"])
    first = session.window
    qtbot.waitExposed(first)
    qtbot.waitUntil(lambda: session.idle_lock is not None)  # set up once the window painted
    lock = session.idle_lock
    wait_for(qtbot, first.context)
    first.tabs["visitors"].open_registration()
    dialog = first.findChild(RegistrationDialog)
    qtbot.waitExposed(dialog)
    type_text(qtbot, dialog.edt_name, "欧阳娜娜")
    lock.lock()
    enter_password(qtbot, lock, first.context, PASSWORD, login="wang.fang")

    qtbot.waitUntil(lambda: session.window is not first)
    second = session.window
    assert second.context.actor == staff["manager"] and second.isVisible()
    assert not first.isVisible() and not dialog.isVisible()  # closed for everyone else
    qtbot.waitUntil(lambda: not session.runner.busy)
    actions = [(e.action, e.target) for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-2:] == [(Action.SIGN_IN, "wang.fang"), (Action.SIGN_OUT, "li.na")]

    # The manager signs out; 李娜 signs in again and finds her form as she left it.
    monkeypatch.setattr(desk_app, "_sign_in", lambda demo, runner: staff["front_desk"])
    session.sign_out()
    assert session.window is first and first.isVisible()
    assert not session.idle_lock.locked and not covered(first)
    assert isValid(dialog) and dialog.isVisible() and dialog.edt_name.text() == "欧阳娜娜"
    qtbot.waitUntil(lambda: not isValid(second))
    dialog.reject()
    qtbot.waitUntil(lambda: not session.runner.busy)
    session.window.close()
