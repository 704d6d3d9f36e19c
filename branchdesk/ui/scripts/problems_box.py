"""Where the script editor says what is wrong with an edit: the checker's messages under the
editor (scrolling when there are many), and the steps they name marked red in the steps list
with their own messages as tooltips."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import QFrame, QListWidget, QScrollArea

from branchdesk.errors import ValidationError
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.plain_text import plain_tooltip, show_plain

_PROBLEM = QBrush(QColor("#b3261e"))


class ProblemsBox(QScrollArea):
    def __init__(self, steps: QListWidget) -> None:
        super().__init__()
        self._steps = steps
        self.lbl_error = error_label()
        self.lbl_error.setObjectName("lbl_error")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setMaximumHeight(110)  # a script with many defects: the editor keeps its room
        self.setWidget(self.lbl_error)
        self.hide()

    def show_problems(self, exc: ValidationError | None) -> None:
        """``exc``'s messages (a ScriptInvalid's by step), or nothing when None."""
        named = exc.errors if exc is not None else {}
        for row in range(self._steps.count()):
            item = self._steps.item(row)
            step_id = item.data(Qt.ItemDataRole.UserRole)
            item.setForeground(_PROBLEM if step_id in named else QBrush())
            item.setToolTip(plain_tooltip(named[step_id]) if step_id in named else "")
        if exc is None:
            self.lbl_error.clear()
            self.lbl_error.hide()
            self.hide()
            return
        problems = getattr(exc, "problems", ())
        self.show_message("\n".join(p.message for p in problems) or "\n".join(named.values()))

    def show_message(self, message: str) -> None:
        show_plain(self.lbl_error, message)
        self.lbl_error.show()
        self.show()
