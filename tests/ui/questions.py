"""Answering the questions a dialog asks (a real, modal QMessageBox) as a user does: by clicking
one of its buttons, chosen by object name (``btn_confirm_action``, ``btn_confirm_cancel``)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox, QPushButton


@dataclass
class Questions:
    replies: list[str] = field(default_factory=list)  # button names, in the order asked
    asked: list[str] = field(default_factory=list)  # the texts of the questions answered
    defaults: list[str] = field(default_factory=list)  # each question's default button
    buttons: list[list[str]] = field(default_factory=list)  # each question's button texts
    unexpected: list[str] = field(default_factory=list)  # asked with no reply given

    def answer(self, *replies: str) -> Questions:
        self.replies.extend(replies)
        return self


@pytest.fixture(autouse=True)
def questions(request):
    """``questions.answer("btn_confirm_cancel")`` before the action that asks. A question no
    test expected (a dialog with typed text closed as the test ends) gets its default, safe
    answer, instead of waiting for a user forever."""
    state = Questions()
    if request.node.get_closest_marker("message_boxes_left_alone"):
        yield state  # the test watches the message boxes itself (the idle lock holds them)
        return

    def poll() -> None:
        # The box asking is the active modal widget, unless another modal window came up
        # over it meanwhile (the idle lock's prompt on a slow machine): then the newest box.
        box = QApplication.activeModalWidget()
        if not isinstance(box, QMessageBox) or not box.isVisible():
            shown = [
                widget
                for widget in QApplication.topLevelWidgets()
                if isinstance(widget, QMessageBox) and widget.isVisible() and widget.isModal()
            ]
            if not shown:
                return
            box = shown[-1]
        state.asked.append(box.text())
        state.defaults.append(box.defaultButton().objectName() if box.defaultButton() else "")
        state.buttons.append([button.text() for button in box.buttons()])
        if state.replies:
            box.findChild(QPushButton, state.replies.pop(0)).click()
        else:
            state.unexpected.append(box.text())
            (box.defaultButton() or box.escapeButton()).click()

    timer = QTimer()
    timer.timeout.connect(poll)
    timer.start(10)
    yield state
    timer.stop()
    for widget in QApplication.topLevelWidgets():
        # A dialog (or a window holding one) closed at the test's end that kept its typed
        # text ("Keep editing") would stay on screen into the next test.
        if widget.isVisible():
            widget.hide()
            widget.deleteLater()
    assert state.replies == [], f"questions expected but not asked: {state.replies}"
