"""The button row of a small dialog: its main action (the default, so Enter presses it) and
Cancel, right-aligned."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QDialog, QHBoxLayout, QPushButton

from branchdesk.i18n import _


def action_and_cancel(
    dialog: QDialog, text: str, on_action: Callable[[], None]
) -> tuple[QHBoxLayout, QPushButton, QPushButton]:
    """The row, its main button and its Cancel button (which rejects the dialog)."""
    action = QPushButton(text)
    action.setDefault(True)
    action.clicked.connect(on_action)
    cancel = QPushButton(_("Cancel"))
    cancel.clicked.connect(dialog.reject)
    row = QHBoxLayout()
    row.addStretch()
    row.addWidget(action)
    row.addWidget(cancel)
    return row, action, cancel
