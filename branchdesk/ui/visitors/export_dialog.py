"""Exporting the visit log of a date range as XLSX or CSV, from the visit log tab (the
responsible person's decision: R-S2, R-S6; every export is audited)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6 import QtWidgets  # dialogs via the module: PySide builds a class on first use
from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import _, ngettext
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.pdf_actions import default_folder
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.visitors.visit_export import ExportedLog, export_visits_to_file

DATE_FORMAT = "yyyy-MM-dd"


def choose_export_file(parent: QWidget | None, default_path: str) -> str:
    """Ask where to save; an empty string when the user cancels. The suffix chooses the
    format."""
    path, selected = QtWidgets.QFileDialog.getSaveFileName(
        parent,
        _("Export visits"),
        default_path,
        ";;".join((_("Excel workbooks (*.xlsx)"), _("CSV files (*.csv)"))),
    )
    if path and Path(path).suffix.lower() not in (".xlsx", ".csv"):
        path += ".csv" if "*.csv" in selected else ".xlsx"
    return path


class ExportVisitsDialog(QDialog):
    def __init__(
        self, context: DeskContext, date_from: date, date_to: date, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self.exported: ExportedLog | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Export visits"))
        self.setMinimumWidth(440)
        self.dte_from = self._date_edit(date_from)
        self.dte_to = self._date_edit(date_to)
        self.lbl_result = plain_label()  # names a path
        self.lbl_result.setObjectName("lbl_result")
        self.lbl_result.setWordWrap(True)
        self.lbl_error_form = error_label()
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.btn_export = self.buttons.addButton(
            _("Export…"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.btn_export.setDefault(True)
        self.btn_export.clicked.connect(self.export)
        self.buttons.rejected.connect(self.reject)

        note = QLabel(
            _(
                "Every visit that arrived in these days, as an Excel workbook or a CSV file. "
                "The file holds visitors' personal data: keep it inside the company. The "
                "export is recorded in the audit log."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(_("From"), self.dte_from)
        form.addRow(_("To"), self.errors.field("date_to", self.dte_to))
        layout = QVBoxLayout(self)
        layout.addWidget(note)
        layout.addLayout(form)
        layout.addWidget(self.lbl_result)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.buttons)

    @staticmethod
    def _date_edit(initial: date) -> QDateEdit:
        edit = QDateEdit(QDate(initial))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(DATE_FORMAT)
        return edit

    def export(self) -> None:
        if self._busy:
            return
        date_from = self.dte_from.date().toPython()
        date_to = self.dte_to.date().toPython()
        name = _("visits-{start}-{end}.xlsx").format(start=date_from, end=date_to)
        chosen = choose_export_file(self, str(default_folder() / name))
        if not chosen:
            return
        target, now, actor = Path(chosen), self._context.now(), self._context.actor
        self.errors.clear()
        self._busy = True
        self.btn_export.setEnabled(False)
        self._context.runner.run(
            lambda: (target, export_visits_to_file(actor, date_from, date_to, target, now)),
            self._done,
            self._failed,
        )

    def _done(self, result) -> None:
        target, self.exported = result
        self._finish()
        self.lbl_result.setText(
            ngettext(
                "Exported {n} visit to {path}.",
                "Exported {n} visits to {path}.",
                self.exported.visits,
            ).format(n=self.exported.visits, path=target)
        )

    def _failed(self, exc: Exception) -> None:
        self._finish()
        if isinstance(exc, ValidationError):
            self.errors.show_with_rest(exc.errors, self.lbl_error_form)
        elif isinstance(exc, OSError):
            report_error(self, _error(exc))
        else:
            report_error(self, exc)

    def _finish(self) -> None:
        self._busy = False
        self.btn_export.setEnabled(True)

    def reject(self) -> None:
        if not self._busy:
            super().reject()


def _error(exc: OSError) -> BranchDeskError:
    return BranchDeskError(
        _("Could not write {path}: {reason}").format(path=exc.filename, reason=exc.strerror or exc)
    )
