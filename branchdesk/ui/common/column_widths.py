"""Column widths measured from the text they will hold, so no language's dates get clipped."""

from __future__ import annotations

from datetime import datetime

from PySide6.QtWidgets import QTableView

from branchdesk.i18n import format_datetime

CELL_PADDING = 20
# The widest short date-time of the year: two-digit month and day, an afternoon time.
_WIDEST = datetime(2026, 12, 28, 23, 58)


def datetime_column_width(view: QTableView) -> int:
    return view.fontMetrics().horizontalAdvance(format_datetime(_WIDEST)) + CELL_PADDING


def set_column_widths(view: QTableView, widths: dict[int, int], datetime_columns=()) -> None:
    """Fixed widths (sizing to contents would re-measure every row of every page fetched)."""
    for column, width in widths.items():
        view.setColumnWidth(column, width)
    for column in datetime_columns:
        view.setColumnWidth(column, datetime_column_width(view))
