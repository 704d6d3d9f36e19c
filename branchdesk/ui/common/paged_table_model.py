"""A log that grows without bound, shown a page at a time as the user scrolls.

The view asks (``canFetchMore``/``fetchMore``); the model asks the worker for the next keyset
page of the current question and appends it when it arrives. A new question (``set_query``,
or a header click on a column the service can order by) starts again from the first page,
and pages still on their way for the old question are dropped. A log needs only a page
function and its columns:

    page(query, sort, after, limit) -> rows   # runs in the worker; ``after`` is the last row
                                              # shown (None for the first page)
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from PySide6 import QtCore
from PySide6.QtCore import QAbstractTableModel, QModelIndex, QPersistentModelIndex, Signal
from PySide6.QtWidgets import QTableView, QWidget

from branchdesk.i18n import _
from branchdesk.ui.runner import DeskRunner

DISPLAY_ROLE = 0  # Qt.ItemDataRole.DisplayRole; see row_table_model on the Qt namespace


@dataclass(frozen=True)
class Column:
    title: str  # marked with N_, translated when shown
    text: Callable[[Any], str]
    # The service's name for ordering by this column; None: the column is not sortable.
    sort_key: str | None = None
    align_right: bool = False


@dataclass(frozen=True)
class Sort:
    key: str
    descending: bool = True


PageFunction = Callable[[Any, "Sort | None", Any, int], list]


class PagedTableModel(QAbstractTableModel):
    """``set_query`` starts over; ``loaded`` after each page (the count changed),
    ``load_failed`` with the error of a page."""

    loaded = Signal()
    load_failed = Signal(object)

    def __init__(
        self,
        runner: DeskRunner,
        columns: tuple[Column, ...],
        page: PageFunction,
        page_size: int,
        sort: Sort | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.columns = columns
        self.rows: list[Any] = []
        self._page = page
        self._page_size = page_size
        self._slot = runner.slot(self)
        self._query: Any = None
        self._sort = sort
        self._asked = False  # no question yet: nothing to fetch
        self._more = False
        self._fetching = False

    # --- the question --------------------------------------------------------------------

    @property
    def query(self) -> Any:
        return self._query

    @property
    def sort_order(self) -> Sort | None:
        return self._sort

    @property
    def has_more(self) -> bool:
        """More rows may follow (also while the first page is still on its way)."""
        return self._more

    @property
    def fetching(self) -> bool:
        return self._fetching

    def set_query(self, query: Any) -> None:
        """Show the first page for ``query`` (also used to re-read the same question)."""
        self._query = query
        self._asked = True
        self._start_over()

    def set_sort(self, sort: Sort) -> None:
        if sort != self._sort:
            self._sort = sort
            if self._asked:
                self._start_over()

    def clear(self) -> None:
        """No rows and no question (filters that cannot match); pages on their way are dropped."""
        self._slot.drop()
        self._asked = False
        self.beginResetModel()
        self.rows = []
        self._more = self._fetching = False
        self.endResetModel()
        self.loaded.emit()

    def _start_over(self) -> None:
        self._slot.drop()
        self.beginResetModel()
        self.rows = []
        self._more = True
        self._fetching = False
        self.endResetModel()
        self._fetch(after=None)

    # --- paging --------------------------------------------------------------------------

    def canFetchMore(self, parent=QModelIndex()) -> bool:  # noqa: B008, N802 - Qt's signature
        return not parent.isValid() and self._more and not self._fetching

    def fetchMore(self, parent=QModelIndex()) -> None:  # noqa: B008, N802
        if self.canFetchMore(parent):
            self._fetch(after=self.rows[-1] if self.rows else None)

    def _fetch(self, after: Any) -> None:
        page, query, sort, size = self._page, self._query, self._sort, self._page_size
        self._fetching = True
        self._slot.ask(
            lambda: page(query, sort, after, size),
            self._arrived,
            self._failed,
        )

    def _arrived(self, rows: list) -> None:
        self._fetching = False
        # A short page is the last; a full one may be followed by an empty page.
        self._more = len(rows) == self._page_size
        if rows:
            self.beginInsertRows(QModelIndex(), len(self.rows), len(self.rows) + len(rows) - 1)
            self.rows.extend(rows)
            self.endInsertRows()
        self.loaded.emit()

    def _failed(self, exc: Exception) -> None:
        self._fetching = False
        self._more = False  # asking again would fail again; Refresh starts over
        self.loaded.emit()
        self.load_failed.emit(exc)

    # --- showing -------------------------------------------------------------------------

    def rowCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent=QModelIndex()) -> int:  # noqa: B008, N802
        return 0 if parent.isValid() else len(self.columns)

    def headerData(self, section: int, orientation, role: int = DISPLAY_ROLE) -> Any:  # noqa: N802
        if orientation == QtCore.Qt.Orientation.Horizontal and role == DISPLAY_ROLE:
            return _(self.columns[section].title)
        return None

    def data(self, index: QModelIndex | QPersistentModelIndex, role: int = DISPLAY_ROLE):
        if not index.isValid():
            return None
        row, column = self.rows[index.row()], self.columns[index.column()]
        if role == DISPLAY_ROLE:
            return column.text(row)
        if role == QtCore.Qt.ItemDataRole.UserRole:
            return row
        if role == QtCore.Qt.ItemDataRole.TextAlignmentRole and column.align_right:
            flags = QtCore.Qt.AlignmentFlag
            return int(flags.AlignRight | flags.AlignVCenter)
        return self.decoration(row, index.column(), role)

    def decoration(self, row: Any, column: int, role: Any) -> Any:
        """Colours and tooltips, for subclasses."""
        return None


def offer_service_sorting(view: QTableView, model: PagedTableModel) -> None:
    """Header clicks sort by the columns the service can order by (a second click on the same
    column turns the order round); other headers do nothing."""
    sortable = {i: c.sort_key for i, c in enumerate(model.columns) if c.sort_key is not None}
    if not sortable:
        return
    header = view.horizontalHeader()

    def show_indicator() -> None:
        sort = model.sort_order
        section = next((i for i, key in sortable.items() if sort and key == sort.key), -1)
        order = QtCore.Qt.SortOrder
        header.setSortIndicator(
            section, order.DescendingOrder if not sort or sort.descending else order.AscendingOrder
        )

    def clicked(column: int) -> None:
        key = sortable.get(column)
        if key is not None:
            current = model.sort_order
            descending = not current.descending if current and current.key == key else True
            model.set_sort(Sort(key, descending))
        show_indicator()  # Qt may have moved it to a column the rows are not sorted by

    header.setSectionsClickable(True)
    header.setSortIndicatorShown(True)
    show_indicator()
    header.sectionClicked.connect(clicked)
