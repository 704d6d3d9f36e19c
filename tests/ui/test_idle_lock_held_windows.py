"""While the desk is locked nothing new shows over the covers (R-S5): a dialog opened by work
finishing in the background, a message box it raises, an error report without a parent: they
wait, hidden, and show once the desk is unlocked."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from shiboken6 import isValid

from branchdesk.ui.held_windows import LockCover
from branchdesk.ui.visitors.registration_dialog import RegistrationDialog
from tests.conftest import PASSWORD
from tests.ui.test_idle_lock import _window, enter_password

# The real blocking call, as product code makes it (the ``message_boxes`` fixture replaces it).
REAL_WARNING = QMessageBox.warning
SECRET = "张伟 13812345678 was registered"


def shown_windows(lock) -> list:
    """Top-level windows a person would see, other than the covered ones and the prompt."""
    return [
        widget
        for widget in QApplication.topLevelWidgets()
        if widget.isVisible()
        and widget is not lock.prompt
        and not any(c.isVisible() for c in widget.findChildren(LockCover))
    ]


def visible_boxes() -> list[QMessageBox]:
    return [
        w for w in QApplication.topLevelWidgets() if isinstance(w, QMessageBox) and w.isVisible()
    ]


class Watchdog:
    """Closes a message box left on screen, so that a test of the old behaviour fails instead of
    waiting for ever inside the box's own loop."""

    def __init__(self) -> None:
        self.had_to_close: list[str] = []
        self.timer = QTimer()
        self.timer.setSingleShot(True)
        self.timer.timeout.connect(self._close)
        self.timer.start(5_000)

    def _close(self) -> None:
        for box in visible_boxes():
            self.had_to_close.append(box.text())
            box.done(0)


@pytest.mark.message_boxes_left_alone  # the box is the test's to watch
def test_a_message_box_raised_while_locked_waits_for_the_unlock(qtbot, context):
    window, lock = _window(qtbot, context)
    lock.lock()
    answers: list = []
    watchdog = Watchdog()
    # Work that finished in the background says so, as a callback on the GUI thread would.
    QTimer.singleShot(0, lambda: answers.append(REAL_WARNING(window, "BranchDesk", SECRET)))
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)  # its own loop ended: nothing blocks

    assert watchdog.had_to_close == []
    assert visible_boxes() == [] and shown_windows(lock) == []
    assert lock.locked and QApplication.activeModalWidget() is lock.prompt

    enter_password(qtbot, lock, context, PASSWORD)
    assert not lock.locked
    qtbot.waitUntil(lambda: [b.text() for b in visible_boxes()] == [SECRET])
    box = visible_boxes()[0]
    assert box.icon() == QMessageBox.Icon.Warning and box.parentWidget() is window
    box.button(QMessageBox.StandardButton.Ok).click()
    qtbot.waitUntil(lambda: visible_boxes() == [])
    watchdog.timer.stop()


@pytest.mark.message_boxes_left_alone  # the box is the test's to watch
def test_an_error_report_without_a_parent_waits_too(qtbot, context):
    window, lock = _window(qtbot, context)
    lock.lock()
    answers: list = []
    watchdog = Watchdog()
    QTimer.singleShot(0, lambda: answers.append(REAL_WARNING(None, "BranchDesk", SECRET)))
    qtbot.waitUntil(lambda: bool(answers), timeout=10_000)
    assert watchdog.had_to_close == [] and visible_boxes() == []
    enter_password(qtbot, lock, context, PASSWORD)
    qtbot.waitUntil(lambda: [b.text() for b in visible_boxes()] == [SECRET])
    visible_boxes()[0].button(QMessageBox.StandardButton.Ok).click()
    watchdog.timer.stop()


def test_a_dialog_opened_while_locked_is_hidden_until_the_unlock(qtbot, context):
    window, lock = _window(qtbot, context)
    lock.lock()
    window.tabs["visitors"].open_registration()  # as an answer arriving meanwhile would
    dialog = window.findChild(RegistrationDialog)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    assert shown_windows(lock) == []
    assert QApplication.activeModalWidget() is lock.prompt
    dialog.edt_name.setText("欧阳娜娜")

    enter_password(qtbot, lock, context, PASSWORD)
    qtbot.waitUntil(dialog.isVisible)
    assert isValid(dialog) and dialog.edt_name.text() == "欧阳娜娜"
    # Shown uncovered, as it was opened: its cover hidden at once, and deleted soon after.
    assert not [cover for cover in dialog.findChildren(LockCover) if cover.isVisible()]
    qtbot.waitUntil(lambda: not dialog.findChildren(LockCover))
    dialog.reject()


def test_the_prompt_says_when_the_password_could_not_be_checked(qtbot, context, monkeypatch):
    from peewee import OperationalError

    from branchdesk.auth import signin

    window, lock = _window(qtbot, context)
    lock.lock()

    def database_gone(login, password):
        raise OperationalError("server closed the connection")

    monkeypatch.setattr(signin, "sign_in", database_gone)
    enter_password(qtbot, lock, context, PASSWORD)
    assert lock.locked and lock.prompt.isVisible() and visible_boxes() == []
    assert lock.prompt.lbl_error.isVisible()
    assert "could not be checked" in lock.prompt.lbl_error.text()
