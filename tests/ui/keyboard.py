"""Typing as a user does. ``qtbot.keyClicks`` aborts on non-ASCII text, so Chinese arrives the
way an input method delivers it: a commit string."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QInputMethodEvent
from PySide6.QtWidgets import QApplication


def type_text(qtbot, widget, text: str) -> None:
    widget.setFocus()
    for chunk in _chunks(text):
        if chunk.isascii() and chunk != "\n":
            qtbot.keyClicks(widget, chunk)
        elif chunk == "\n":
            qtbot.keyClick(widget, Qt.Key.Key_Return)
        else:
            event = QInputMethodEvent()
            event.setCommitString(chunk)
            QApplication.sendEvent(widget, event)


def _chunks(text: str):
    """Runs of ASCII, runs of other characters, and newlines on their own."""
    run = ""
    for ch in text:
        if ch == "\n" or (run and (ch.isascii() != run[-1].isascii())):
            if run:
                yield run
            run = ""
        if ch == "\n":
            yield ch
        else:
            run += ch
    if run:
        yield run
