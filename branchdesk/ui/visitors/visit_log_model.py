"""The visit log as a lazy table: pages of 100 fetched through the worker as the view scrolls.

Each page is one indexed keyset query (``search_visits``), newest or oldest arrival first.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWidget

from branchdesk.auth.session import Actor
from branchdesk.i18n import N_, format_datetime, format_number
from branchdesk.phones import display_phone
from branchdesk.ui.common.paged_table_model import Column, PagedTableModel, Sort
from branchdesk.ui.common.plain_text import plain_tooltip
from branchdesk.ui.runner import DeskRunner
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow
from branchdesk.visitors.visit_log import PAGE_SIZE, VisitFilter, cursor_after, search_visits

ARRIVAL = "arrived_at"  # the one order the service pages by with an index

COLUMNS = (
    Column(N_("Arrived"), lambda row: format_datetime(row.arrived_at), ARRIVAL),
    Column(N_("Left"), lambda row: format_datetime(row.left_at)),
    Column(N_("Name"), lambda row: row.name),
    Column(N_("Phone"), lambda row: display_phone(row.phone)),
    Column(N_("Organisation"), lambda row: row.organisation),
    Column(N_("Purpose"), lambda row: purpose_label(row.purpose)),
    Column(N_("People"), lambda row: format_number(row.people_count), align_right=True),
    Column(N_("Host"), lambda row: row.host),
)


def visit_page_function(actor: Actor):
    """The page function of the visit log, run in the worker."""

    def page(
        visit_filter: VisitFilter, sort: Sort | None, after: VisitRow | None, limit: int
    ) -> list[VisitRow]:
        cursor = cursor_after(after) if after is not None else None
        newest_first = sort is None or sort.descending
        return search_visits(actor, visit_filter, cursor, limit, newest_first=newest_first)

    return page


class VisitLogModel(PagedTableModel):
    """``set_filter`` starts over from the newest (or oldest) visit."""

    def __init__(
        self,
        actor: Actor,
        runner: DeskRunner,
        parent: QWidget | None = None,
        page_size: int = PAGE_SIZE,
    ):
        super().__init__(
            runner, COLUMNS, visit_page_function(actor), page_size, Sort(ARRIVAL), parent
        )

    @property
    def visit_filter(self) -> VisitFilter:
        return self.query or VisitFilter()

    def set_filter(self, visit_filter: VisitFilter) -> None:
        self.set_query(visit_filter)

    def decoration(self, row: VisitRow, column: int, role: Any) -> Any:
        if role == Qt.ItemDataRole.ToolTipRole and row.note:
            return plain_tooltip(row.note)
        return None
