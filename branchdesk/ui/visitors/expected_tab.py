"""Expected visitors (预约): today's, or the coming days', with one click to register an
arrival with everything filled in; entering, changing and cancelling them."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError
from branchdesk.i18n import N_, _, format_number, ngettext
from branchdesk.ui.common.plain_text import plain_tooltip, show_plain
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.row_table_model import RowTableModel
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import EXPECTED_VISITS, VISITS
from branchdesk.ui.visitors.expected_dialog import ExpectedVisitDialog
from branchdesk.visitors.expected import (
    ExpectedLine,
    ExpectedRow,
    ExpectedStatus,
    cancel_expected_visit,
    expected_line,
    expected_visits,
)
from branchdesk.visitors.permissions import VisitPermission

LATE_BACKGROUND = QColor("#fff0c2")
DONE_FOREGROUND = QColor("#5f6368")
REFRESH_MS = 60_000  # "not here yet" appears as the expected time passes
# (days shown from today, label)
RANGES = ((1, N_("Today")), (7, N_("Next 7 days")), (31, N_("Next 31 days")))
OPEN = (ExpectedStatus.EXPECTED, ExpectedStatus.LATE)


class ExpectedModel(RowTableModel):
    HEADERS = (
        N_("Expected at"), N_("Name"), N_("Organisation"), N_("Phone"), N_("Host"),
        N_("Purpose"), N_("Status"),
    )  # fmt: skip

    def display(self, row: ExpectedLine, column: int) -> str:
        return row.cells[column]

    def decoration(self, row: ExpectedLine, column: int, role: int) -> Any:
        status = row.expected.status
        if role == Qt.ItemDataRole.ToolTipRole and row.expected.note:
            return plain_tooltip(row.expected.note)
        if status == ExpectedStatus.LATE and role == Qt.ItemDataRole.BackgroundRole:
            return LATE_BACKGROUND
        if status not in OPEN and role == Qt.ItemDataRole.ForegroundRole:
            return DONE_FOREGROUND
        return None


class ExpectedTab(QWidget):
    """A change made here is announced on the hub (an arrival as a visit too)."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.model = ExpectedModel(self)
        self.tbl_expected = QTableView()
        self.tbl_expected.setModel(self.model)
        make_read_only_rows(self.tbl_expected)
        header = self.tbl_expected.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.cmb_range = QComboBox()
        for days, label in RANGES:
            self.cmb_range.addItem(_(label), days)
        self.btn_arrived = QPushButton(_("Arrived: register…"))
        if context.actor.can(VisitPermission.REGISTER_VISITS):
            self.btn_arrived.setToolTip(_("Opens the registration form filled in (Enter)"))
        else:
            self.btn_arrived.setToolTip(_("The front desk registers arrivals."))
        self.btn_add = QPushButton(_("Expect a visitor…"))
        self.btn_change = QPushButton(_("Change…"))
        self.btn_cancel = QPushButton(_("Cancel expected visit…"))
        self.lbl_status = QLabel()  # what was just done, or went wrong
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)
        self.lbl_summary = QLabel()
        self.lbl_summary.setObjectName("lbl_summary")

        top = QHBoxLayout()
        for button in (self.btn_arrived, self.btn_add, self.btn_change, self.btn_cancel):
            top.addWidget(button)
        top.addStretch(1)
        top.addWidget(self.cmb_range)
        title = QLabel(_("Expected visitors"))
        title.setStyleSheet("font-weight: bold;")
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(top)
        layout.addWidget(self.tbl_expected, 1)
        bottom = QHBoxLayout()
        bottom.addWidget(self.lbl_status, 1)
        bottom.addWidget(self.lbl_summary)
        layout.addLayout(bottom)

        self.cmb_range.currentIndexChanged.connect(self.refresh)
        self.btn_arrived.clicked.connect(self.open_arrival)
        self.btn_add.clicked.connect(self.open_new)
        self.btn_change.clicked.connect(self.open_change)
        self.btn_cancel.clicked.connect(self.cancel_selected)
        self.tbl_expected.activated.connect(self._row_activated)
        self.tbl_expected.selectionModel().selectionChanged.connect(self._update_buttons)
        self._timer = QTimer(self)
        self._timer.setInterval(REFRESH_MS)
        self._timer.timeout.connect(self._refresh_if_visible)
        self._timer.start()
        self._rows = context.runner.slot(self)
        self._update_buttons()
        self.refresh()

    # --- what is shown -------------------------------------------------------------------

    def refresh(self) -> None:
        actor, now, days = self._context.actor, self._context.now(), self.cmb_range.currentData()

        def read() -> list[ExpectedLine]:
            rows = expected_visits(actor, now.date(), days, now=now)
            return [expected_line(row, now.date()) for row in rows]

        self._rows.ask(read, self._show, self._read_failed)

    def _show(self, lines: list[ExpectedLine]) -> None:
        chosen = self.selected()
        self.model.set_rows(lines)
        for number, line in enumerate(lines):
            if chosen is not None and line.expected.id == chosen.id:
                self.tbl_expected.selectRow(number)
        waiting = sum(line.expected.status in OPEN for line in lines)
        arrived = sum(line.expected.status == ExpectedStatus.ARRIVED for line in lines)
        text = ngettext("{n} expected", "{n} expected", waiting).format(n=format_number(waiting))
        text += " · " + ngettext("{n} arrived", "{n} arrived", arrived).format(
            n=format_number(arrived)
        )
        self.lbl_summary.setText(text)
        self._update_buttons()

    def _read_failed(self, exc: Exception) -> None:
        self._say(_("The expected visitors could not be read. Press F5 to try again."))
        report_error(self, exc)

    def _refresh_if_visible(self) -> None:
        if self.isVisible() and not self._context.runner.busy:
            self.refresh()

    def _say(self, text: str) -> None:
        show_plain(self.lbl_status, text)  # names visitors

    def selected(self) -> ExpectedRow | None:
        indexes = self.tbl_expected.selectionModel().selectedRows()
        return self.model.rows[indexes[0].row()].expected if indexes else None

    def _update_buttons(self) -> None:
        actor, row = self._context.actor, self.selected()
        still_open = row is not None and row.status in OPEN
        may_change = still_open and (
            row.entered_by_id == actor.id or actor.can(VisitPermission.REGISTER_VISITS)
        )
        self.btn_arrived.setEnabled(still_open and actor.can(VisitPermission.REGISTER_VISITS))
        self.btn_add.setEnabled(actor.can(VisitPermission.EXPECT_VISITORS))
        self.btn_change.setEnabled(may_change)
        self.btn_cancel.setEnabled(may_change)

    def _changed(self, message: str, *kinds: str) -> None:
        self.refresh()
        self._say(message)
        for kind in (EXPECTED_VISITS, *kinds):
            self._context.hub.changed.emit(kind)

    # --- actions ---------------------------------------------------------------------------

    def _row_activated(self) -> None:
        """Enter or a double click: the arrival if it can be registered, else the change."""
        if self.btn_arrived.isEnabled():
            self.open_arrival()
        elif self.btn_change.isEnabled():
            self.open_change()

    def open_arrival(self):
        row = self.selected()
        if row is None or not self.btn_arrived.isEnabled():
            return None
        from branchdesk.ui.visitors.expected_arrival import ExpectedArrivalDialog

        dialog = ExpectedArrivalDialog(self._context, row, self)

        def finished(result: int) -> None:
            if result == ExpectedArrivalDialog.DialogCode.Accepted:
                name = dialog.edt_name.text()
                self._changed(_("{name} registered.").format(name=name), VISITS)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def open_new(self) -> ExpectedVisitDialog:
        return self._open_editor(None)

    def open_change(self) -> ExpectedVisitDialog | None:
        row = self.selected()
        if row is None or not self.btn_change.isEnabled():
            return None
        return self._open_editor(row)

    def _open_editor(self, row: ExpectedRow | None) -> ExpectedVisitDialog:
        dialog = ExpectedVisitDialog(self._context, row, self)

        def finished(result: int) -> None:
            if result == ExpectedVisitDialog.DialogCode.Accepted:
                self._changed(_("Saved: {name}.").format(name=dialog.edt_name.text().strip()))
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def cancel_selected(self) -> None:
        row = self.selected()
        if row is None or not self.btn_cancel.isEnabled():
            return
        buttons = QMessageBox.StandardButton
        answer = QMessageBox.question(
            self,
            _("Cancel expected visit"),
            _("{name} is no longer expected: remove from the list?").format(name=row.name),
            buttons.Yes | buttons.No,
            buttons.No,
        )
        if answer != buttons.Yes:
            return
        actor, now, expected_id = self._context.actor, self._context.now(), row.id
        self._context.runner.run(
            lambda: cancel_expected_visit(actor, expected_id, now=now),
            lambda _none: self._changed(_("{name} is no longer expected.").format(name=row.name)),
            self._failed,
        )

    def _failed(self, exc: Exception) -> None:
        self.refresh()
        if isinstance(exc, BranchDeskError):
            errors = getattr(exc, "errors", None)
            self._say("\n".join(errors.values()) if errors else str(exc))
        else:
            report_error(self, exc)
