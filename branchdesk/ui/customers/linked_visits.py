"""The visits already recorded that link to a file by its phone numbers, read through the
visit log's own service (its permission and rules). Only numbers the service showed in full
are looked up: a masked number links nothing for that user."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from branchdesk.customers.records import CustomerDetail
from branchdesk.i18n import _, format_datetime
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow
from branchdesk.visitors.visit_log import VisitFilter, search_visits

LIMIT = 50


def visits_for_phones(actor, phones: tuple[str, ...]) -> list[VisitRow]:
    found: dict[int, VisitRow] = {}
    for phone in phones:
        for row in search_visits(actor, VisitFilter(text=phone), limit=LIMIT):
            if row.phone == phone:
                found[row.id] = row
    return sorted(found.values(), key=lambda row: (row.arrived_at, row.id), reverse=True)[:LIMIT]


class LinkedVisits(QGroupBox):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Visits"), parent)
        self._context = context
        self._reader = context.runner.slot(self)
        headers = [_("Arrived"), _("Name"), _("Purpose"), _("Host")]
        self.tbl_visits = QTableWidget(0, len(headers))
        self.tbl_visits.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_visits)
        self.tbl_visits.horizontalHeader().setStretchLastSection(True)
        self.tbl_visits.setMaximumHeight(130)
        QVBoxLayout(self).addWidget(self.tbl_visits)
        self.setVisible(context.actor.can(VisitPermission.VIEW_VISITS))

    def show_for(self, detail: CustomerDetail) -> None:
        if not self._context.actor.can(VisitPermission.VIEW_VISITS):
            return
        phones = () if "phones" in detail.hidden | detail.row.hidden else detail.row.phones
        actor = self._context.actor
        self._reader.ask(lambda: visits_for_phones(actor, phones), self._show,
                         lambda exc: report_error(self, exc))  # fmt: skip

    def _show(self, rows: list[VisitRow]) -> None:
        self.tbl_visits.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = [format_datetime(row.arrived_at), row.name, purpose_label(row.purpose),
                     row.host]  # fmt: skip
            for column, text in enumerate(cells):
                self.tbl_visits.setItem(number, column, QTableWidgetItem(text))
        self.tbl_visits.resizeColumnsToContents()
