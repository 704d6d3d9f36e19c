"""The visit log as a lazy table: pages of 100 fetched as the view scrolls down.

Each page is one indexed keyset query (``search_visits``), a few milliseconds even over a
million visits, so pages are fetched on the GUI thread where Qt asks for them.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtWidgets import QWidget

from branchdesk.auth.session import Actor
from branchdesk.i18n import N_, format_datetime, format_number
from branchdesk.phones import display_phone
from branchdesk.ui.common.row_table_model import RowTableModel
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow
from branchdesk.visitors.visit_log import PAGE_SIZE, VisitFilter, cursor_after, search_visits

PEOPLE_COLUMN = 6


class VisitLogModel(RowTableModel):
    """``set_filter`` starts over; ``load_failed`` carries an error for the view to report."""

    HEADERS = (
        N_("Arrived"), N_("Left"), N_("Name"), N_("Phone"), N_("Organisation"), N_("Purpose"),
        N_("People"), N_("Host"),
    )  # fmt: skip

    load_failed = Signal(object)
    loaded = Signal()  # a page arrived, or it turned out there is none: the count changed

    def __init__(self, actor: Actor, parent: QWidget | None = None, page_size: int = PAGE_SIZE):
        super().__init__(parent)
        self._actor = actor
        self._page_size = page_size
        self._filter = VisitFilter()
        self._more = False

    @property
    def visit_filter(self) -> VisitFilter:
        return self._filter

    def set_filter(self, visit_filter: VisitFilter) -> None:
        """Show the first page for ``visit_filter`` (also used to re-read the same filter)."""
        self._filter = visit_filter
        page = self._page(after=None)
        self.beginResetModel()
        self.rows = page or []
        self._more = page is not None and len(page) == self._page_size
        self.endResetModel()
        self.loaded.emit()

    def _page(self, after: VisitRow | None) -> list[VisitRow] | None:
        cursor = cursor_after(after) if after is not None else None
        try:
            return search_visits(self._actor, self._filter, cursor, self._page_size)
        except Exception as exc:  # noqa: BLE001 - reported by the view, not raised into Qt
            self.load_failed.emit(exc)
            return None

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        return not parent.isValid() and self._more

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008, N802
        if parent.isValid() or not self._more:
            return
        page = self._page(after=self.rows[-1] if self.rows else None)
        if not page:
            self._more = False
            self.loaded.emit()
            return
        self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(page) - 1)
        self.rows.extend(page)
        self.endInsertRows()
        self._more = len(page) == self._page_size
        self.loaded.emit()

    def decoration(self, row: VisitRow, column: int, role: Qt.ItemDataRole) -> Any:
        if role == Qt.ItemDataRole.TextAlignmentRole and column == PEOPLE_COLUMN:
            return int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return row.note
        return None

    def display(self, row: VisitRow, column: int) -> str:
        values = (
            lambda: format_datetime(row.arrived_at, "short"),
            lambda: format_datetime(row.left_at, "short"),
            lambda: row.name,
            lambda: display_phone(row.phone),
            lambda: row.organisation,
            lambda: purpose_label(row.purpose),
            lambda: format_number(row.people_count),
            lambda: row.host,
        )
        return values[column]()

    @property
    def has_more(self) -> bool:
        return self._more
