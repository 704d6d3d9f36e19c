"""A table model over a list of plain rows (the dataclasses services return)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex
from PySide6.QtWidgets import QWidget

from branchdesk.i18n import _

if TYPE_CHECKING:
    from PySide6.QtCore import Qt

# PySide builds its whole Qt namespace (93 enum classes, about 15 ms) the first time it is
# used, so this module reaches it as QtCore.Qt at call time: importing a tab costs nothing,
# and the namespace is built when a table first asks for its headers.
DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole


class RowTableModel(QAbstractTableModel):
    """Subclasses name their columns in ``HEADERS`` (marked with N_) and say how a row shows in
    ``display``; colours, tooltips and alignment come from ``decoration``. The row itself is
    available under ``Qt.UserRole``."""

    HEADERS: tuple[str, ...] = ()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.rows: list[Any] = []

    def set_rows(self, rows: list[Any]) -> None:
        self.beginResetModel()
        self.rows = rows
        self.endResetModel()

    def display(self, row: Any, column: int) -> str:
        raise NotImplementedError

    def decoration(self, row: Any, column: int, role: Qt.ItemDataRole) -> Any:
        return None

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802 - Qt's signature
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.HEADERS)

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE) -> Any:  # noqa: N802
        if orientation == QtCore.Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return _(self.HEADERS[section])
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        if role == DISPLAY_ROLE:
            return self.display(row, index.column())
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return row
        return self.decoration(row, index.column(), role)
