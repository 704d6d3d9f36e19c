"""Raises to top secret waiting for a second manager (four eyes, R-S5): the manager who asked
and the user concerned see them but cannot approve; the service says so."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QGroupBox,
    QHBoxLayout,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.customers.clearance_requests import PendingClearance
from branchdesk.customers.service import approve_clearance, pending_clearances
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, format_datetime
from branchdesk.secrecy import level_name
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.table_behaviour import apply_row_behaviour
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error


class ClearanceRequestsBox(QGroupBox):
    """``approved`` once a request was approved here (the users' list shows the new level)."""

    approved = Signal()

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(_("Clearance raises waiting for a second manager"), parent)
        self._context = context
        self.requests: list[PendingClearance] = []
        self._reader = context.runner.slot(self)
        headers = [_("User"), _("Clearance"), _("Requested by"), _("Requested"), _("Reason")]
        self.tbl_requests = QTableWidget(0, len(headers))
        self.tbl_requests.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_requests)
        self.tbl_requests.horizontalHeader().setStretchLastSection(True)
        self.tbl_requests.setMaximumHeight(140)
        self.btn_approve = QPushButton(_("Approve"))
        self.btn_approve.clicked.connect(self.approve_selected)
        self.lbl_error = error_label()
        self.lbl_error.setObjectName("lbl_requests_error")
        apply_row_behaviour(self.tbl_requests, self.btn_approve, (self.btn_approve,))
        self.tbl_requests.itemSelectionChanged.connect(self._update_button)
        row = QHBoxLayout()
        row.addWidget(self.btn_approve)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addWidget(self.tbl_requests)
        layout.addLayout(row)
        layout.addWidget(self.lbl_error)
        self._update_button()
        self.hide()  # until there is a request to show

    def refresh(self) -> None:
        actor = self._context.actor
        self._reader.ask(lambda: pending_clearances(actor), self._show, self._failed)

    def _show(self, requests: list[PendingClearance]) -> None:
        self.requests = requests
        self.tbl_requests.setRowCount(len(requests))
        for number, request in enumerate(requests):
            cells = [request.user_name, level_name(request.level), request.requested_by,
                     format_datetime(request.requested_at), request.reason]  # fmt: skip
            for column, text in enumerate(cells):
                self.tbl_requests.setItem(number, column, QTableWidgetItem(text))
        self.tbl_requests.resizeColumnsToContents()
        self.setVisible(bool(requests))
        self._update_button()

    def selected(self) -> PendingClearance | None:
        rows = self.tbl_requests.selectionModel().selectedRows()
        return self.requests[rows[0].row()] if rows else None

    def _update_button(self) -> None:
        self.btn_approve.setEnabled(self.selected() is not None)

    def approve_selected(self) -> None:
        request = self.selected()
        if request is None:
            return
        actor, now = self._context.actor, self._context.now()
        self.lbl_error.hide()
        self._context.runner.run(
            lambda: approve_clearance(actor, request.id, now=now), self._approved, self._failed
        )

    def _approved(self, _none) -> None:
        self.refresh()
        self.approved.emit()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, BranchDeskError):
            errors = getattr(exc, "errors", None)
            show_plain(self.lbl_error, "\n".join(errors.values()) if errors else str(exc))
            self.lbl_error.show()
        else:
            report_error(self, exc)
