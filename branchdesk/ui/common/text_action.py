"""A menu action with its text, made without PySide's icon overloads."""

from __future__ import annotations

from PySide6.QtCore import QObject
from PySide6.QtGui import QAction


def text_action(text: str, parent: QObject) -> QAction:
    """``QAction(text, parent)`` without asking the constructor: to rule out its icon
    overloads PySide builds QIcon and its enums, 4 ms before the window's first paint."""
    action = QAction(parent)
    action.setText(text)
    return action
