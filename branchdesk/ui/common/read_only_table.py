"""Tables the user reads and picks whole rows from, never edits in place."""

from __future__ import annotations

from PySide6.QtWidgets import QAbstractItemView, QTableView

Selection = QAbstractItemView.SelectionMode


def make_read_only_rows(view: QTableView, selection: Selection = Selection.SingleSelection) -> None:
    view.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    view.setSelectionMode(selection)
    view.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    view.verticalHeader().hide()
    view.setTabKeyNavigation(False)  # Tab moves on to the next control, not along the cells
