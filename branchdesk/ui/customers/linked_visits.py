"""The visits linked to a file by its phone numbers, as the visitors' service returns them for
this user (masked below the file's secret fields: visits are secret records, R-S2)."""

from __future__ import annotations

from PySide6.QtWidgets import QGroupBox, QTableWidget, QTableWidgetItem, QVBoxLayout, QWidget

from branchdesk.customers.records import CustomerDetail
from branchdesk.i18n import _, format_datetime
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.visitors.customer_link import visits_of_customer
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow


class LinkedVisits(QGroupBox):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Visits"), parent)
        self._context = context
        self._reader = context.runner.slot(self)
        headers = [_("Arrived"), _("Name"), _("Phone"), _("Purpose"), _("Host")]
        self.tbl_visits = QTableWidget(0, len(headers))
        self.tbl_visits.setObjectName("tbl_visits")
        self.tbl_visits.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_visits)
        self.tbl_visits.horizontalHeader().setStretchLastSection(True)
        self.tbl_visits.setMinimumHeight(110)
        self.tbl_visits.setMaximumHeight(160)
        QVBoxLayout(self).addWidget(self.tbl_visits)
        self.setVisible(context.actor.can(VisitPermission.VIEW_VISITS))

    def show_for(self, detail: CustomerDetail) -> None:
        if not self._context.actor.can(VisitPermission.VIEW_VISITS):
            return
        actor, customer_id, now = self._context.actor, detail.row.id, self._context.now()
        self._reader.ask(lambda: visits_of_customer(actor, customer_id, now=now), self._show,
                         lambda exc: report_error(self, exc))  # fmt: skip

    def _show(self, rows: list[VisitRow]) -> None:
        self.tbl_visits.setRowCount(len(rows))
        for number, row in enumerate(rows):
            cells = [format_datetime(row.arrived_at), row.name, row.phone,
                     purpose_label(row.purpose), row.host]  # fmt: skip
            for column, text in enumerate(cells):
                self.tbl_visits.setItem(number, column, QTableWidgetItem(text))
        self.tbl_visits.resizeColumnsToContents()
