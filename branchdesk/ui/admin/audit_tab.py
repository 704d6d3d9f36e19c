"""The audit log (R-S4): who did what and when, and whether the hash chain is still intact."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.audit.log import AuditRecord
from branchdesk.auth.audit_access import audit_chain_status, audit_entries
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, format_datetime
from branchdesk.ui.admin.audit_text import action_label, all_actions, detail_text, target_text
from branchdesk.ui.common.field_errors import ERROR_STYLE
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

ENTRY_LIMIT = 500

INTACT_STYLE = "color: #1b5e20; font-weight: bold;"
ALTERED_STYLE = "color: #b3261e; font-weight: bold;"


class AuditTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None):
        super().__init__(parent)
        self.context = context

        self.cmb_action = QComboBox()
        self.cmb_action.addItem(_("All actions"), None)
        for action in sorted(all_actions(), key=action_label):
            self.cmb_action.addItem(action_label(action), action)
        self.cmb_action.currentIndexChanged.connect(lambda _index: self.refresh())
        self.btn_refresh = QPushButton(_("Refresh"))
        self.btn_refresh.clicked.connect(self.refresh)
        self.lbl_chain = QLabel()
        bar = QHBoxLayout()
        bar.addWidget(QLabel(_("Action:")))
        bar.addWidget(self.cmb_action)
        bar.addWidget(self.btn_refresh)
        bar.addStretch()
        bar.addWidget(self.lbl_chain)

        headers = [_("No."), _("Time"), _("Who"), _("Action"), _("Target"), _("Detail")]
        self.tbl_entries = QTableWidget(0, len(headers))
        self.tbl_entries.setHorizontalHeaderLabels(headers)
        self.tbl_entries.verticalHeader().hide()
        self.tbl_entries.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.tbl_entries.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        header = self.tbl_entries.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)

        self.lbl_error = QLabel()
        self.lbl_error.setStyleSheet(ERROR_STYLE)
        self.lbl_error.setWordWrap(True)
        self.lbl_error.hide()
        self.lbl_count = QLabel()

        layout = QVBoxLayout(self)
        layout.addLayout(bar)
        layout.addWidget(self.lbl_error)
        layout.addWidget(self.tbl_entries)
        layout.addWidget(self.lbl_count)
        self.refresh()

    def refresh(self) -> None:
        actor, action = self.context.actor, self.cmb_action.currentData()

        def load() -> tuple[list[AuditRecord], int | None]:
            return audit_entries(actor, ENTRY_LIMIT, action), audit_chain_status(actor)

        self.btn_refresh.setEnabled(False)
        self.context.runner.run(load, self._show, self._failed)

    def _show(self, result: tuple[list[AuditRecord], int | None]) -> None:
        entries, altered_id = result
        self.btn_refresh.setEnabled(True)
        self.lbl_error.hide()
        self._show_chain(altered_id)
        self.tbl_entries.setRowCount(len(entries))
        for row, entry in enumerate(entries):
            cells = [
                str(entry.id),
                format_datetime(entry.at),
                entry.actor_name or _("(nobody signed in)"),
                action_label(entry.action),
                target_text(entry),
                detail_text(entry.detail),
            ]
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if entry.id == altered_id:
                    item.setBackground(QBrush(QColor("#f9dedc")))
                self.tbl_entries.setItem(row, column, item)
            self.tbl_entries.item(row, 0).setTextAlignment(
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter
            )
        if len(entries) >= ENTRY_LIMIT:
            self.lbl_count.setText(_("Showing the newest {n} entries.").format(n=ENTRY_LIMIT))
        else:
            self.lbl_count.clear()

    def _show_chain(self, altered_id: int | None) -> None:
        if altered_id is None:
            self.lbl_chain.setText(_("Audit log intact"))
            self.lbl_chain.setStyleSheet(INTACT_STYLE)
            self.lbl_chain.setToolTip(_("Every entry still matches the chain of checksums."))
        else:
            self.lbl_chain.setText(_("Audit log altered at entry {n}").format(n=altered_id))
            self.lbl_chain.setStyleSheet(ALTERED_STYLE)
            self.lbl_chain.setToolTip(
                _("This entry, or one just before it, was changed or deleted outside BranchDesk.")
            )

    def _failed(self, exc: Exception) -> None:
        self.btn_refresh.setEnabled(True)
        if isinstance(exc, BranchDeskError):
            self.lbl_error.setText(str(exc))
            self.lbl_error.show()
        else:
            report_error(self, exc)
