"""The manager's purge of visitor data older than the retention period (PIPL Art. 19, 56):
first what would be removed, then the erasure after a confirmation."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.i18n import _, format_date, format_number, ngettext
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import VISITS
from branchdesk.visitors.retention import PurgePreview, PurgeResult, purge_expired, purge_preview


class PurgeDialog(QDialog):
    """``preview`` holds what a purge would remove, as last read."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._purging = False
        self.preview: PurgePreview | None = None
        self.setWindowTitle(_("Purge expired visitor data"))
        self.setMinimumWidth(440)

        self.lbl_cutoff = QLabel()
        self.lbl_cutoff.setWordWrap(True)
        self.lbl_oldest = QLabel()
        self.lbl_visitors = QLabel()
        self.lbl_logs = QLabel()
        self.tbl_months = QTableWidget(0, 2)
        self.tbl_months.setHorizontalHeaderLabels([_("Month"), _("Visits")])
        self.tbl_months.verticalHeader().hide()
        self.tbl_months.horizontalHeader().setStretchLastSection(True)
        self.tbl_months.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.lbl_status = QLabel(_("Reading what is older than the retention period…"))
        self.lbl_status.setObjectName("lbl_status")
        self.lbl_status.setWordWrap(True)
        self.lbl_result = QLabel()
        self.lbl_result.setObjectName("lbl_result")
        self.lbl_result.setWordWrap(True)
        self.lbl_result.hide()
        self.btn_purge = QPushButton(_("Erase these details…"))
        self.btn_purge.setEnabled(False)
        self.btn_purge.clicked.connect(self.purge)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.addButton(self.btn_purge, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)

        form = QFormLayout()
        form.addRow(_("Oldest visit"), self.lbl_oldest)
        form.addRow(_("Visitors removed"), self.lbl_visitors)
        form.addRow(_("Archived logs removed"), self.lbl_logs)
        layout = QVBoxLayout(self)
        layout.addWidget(self.lbl_cutoff)
        layout.addWidget(self.tbl_months)
        layout.addLayout(form)
        layout.addWidget(self.lbl_status)
        layout.addWidget(self.lbl_result)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        actor, now = self._context.actor, self._context.now()
        self._context.runner.run(lambda: purge_preview(actor, now), self._show, self._failed)

    def _show(self, preview: PurgePreview) -> None:
        self.preview = preview
        self.lbl_cutoff.setText(
            _(
                "Visits before {date} are older than the retention period. Their names, "
                "phone numbers, organisations and notes are erased; the date, purpose and "
                "number of people stay for the statistics."
            ).format(date=format_date(preview.cutoff))
        )
        self.tbl_months.setRowCount(len(preview.months))
        for row, (month, count) in enumerate(preview.months):
            self.tbl_months.setItem(row, 0, QTableWidgetItem(month))
            self.tbl_months.setItem(row, 1, QTableWidgetItem(format_number(count)))
        self.lbl_oldest.setText(format_date(preview.oldest.date()) if preview.oldest else "—")
        self.lbl_visitors.setText(format_number(preview.visitor_count))
        self.lbl_logs.setText(format_number(preview.archived_logs))
        if preview.visit_count or preview.visitor_count or preview.archived_logs:
            self.lbl_status.setText(
                ngettext(
                    "{visits} visit would be erased.",
                    "{visits} visits would be erased.",
                    preview.visit_count,
                ).format(visits=format_number(preview.visit_count))
            )
        else:
            self.lbl_status.setText(_("Nothing is older than the retention period."))
        self.btn_purge.setEnabled(
            bool(preview.visit_count or preview.visitor_count or preview.archived_logs)
        )

    def purge(self) -> None:
        if self.preview is None:
            return
        answer = QMessageBox.question(
            self,
            _("Purge expired visitor data"),
            ngettext(
                "Erase the personal details of {visits} visit before {date}? This cannot be "
                "undone.",
                "Erase the personal details of {visits} visits before {date}? This cannot be "
                "undone.",
                self.preview.visit_count,
            ).format(
                visits=format_number(self.preview.visit_count),
                date=format_date(self.preview.cutoff),
            ),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        self._purging = True
        self.btn_purge.setEnabled(False)
        actor, now = self._context.actor, self._context.now()
        self._context.runner.run(lambda: purge_expired(actor, now), self._purged, self._failed)

    def _purged(self, result: PurgeResult) -> None:
        self._purging = False
        self._context.hub.changed.emit(VISITS)
        self.refresh()
        self.lbl_result.show()
        self.lbl_result.setText(
            _(
                "Done. Visits erased: {visits}; visitors removed: {visitors}; archived logs "
                "removed: {logs}."
            ).format(
                visits=format_number(result.visits),
                visitors=format_number(result.visitors),
                logs=format_number(result.archived_logs),
            )
        )

    def _failed(self, exc: Exception) -> None:
        self._purging = False
        self.lbl_status.setText("")
        report_error(self, exc)

    def reject(self) -> None:
        # Closing mid-purge would hide whether it worked.
        if not self._purging:
            super().reject()
