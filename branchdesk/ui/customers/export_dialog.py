"""Exporting customer files (R-S6): a reason the audit log keeps, CSV or XLSX, the rows
masked by the service as on screen; the file is written readable by this account only."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QComboBox, QFileDialog, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from branchdesk.customers.export import CSV, XLSX, export_customers_to_file
from branchdesk.customers.service import CustomerFilter
from branchdesk.i18n import _
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.pdf_actions import start_folder
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext


def choose_export_file(parent: QWidget, suggested: Path) -> str:
    """Where to write the export, or "" when the user cancelled."""
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export customer files"), str(suggested))
    return path


class ExportCustomersDialog(SavingDialog):
    """``exported`` holds how many files were written once saved; ``search`` narrows the export
    to what the tab's search shows."""

    def __init__(self, context: DeskContext, search: str, parent: QWidget | None = None):
        super().__init__(context, parent)
        self._search = search
        self.exported: int | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Export customer files"))
        self.setMinimumWidth(420)
        self.edt_reason = QLineEdit()
        self.edt_reason.setPlaceholderText(_("Why these files leave the desk"))
        self.cmb_format = QComboBox()
        self.cmb_format.addItem(_("Excel workbook (.xlsx)"), XLSX)
        self.cmb_format.addItem(_("CSV file (.csv)"), CSV)
        form = QFormLayout()
        form.addRow(_("Reason"), self.errors.field("reason", self.edt_reason))
        form.addRow(_("Format"), self.errors.field("format", self.cmb_format))
        self.lbl_error_form = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.save_buttons())
        self.btn_save.setText(_("Export…"))
        self.edt_reason.setFocus()

    def save(self) -> None:
        if not self.edt_reason.text().strip():
            self.errors.show({"reason": _("Say why the files are exported.")})
            return
        suffix = self.cmb_format.currentData()
        suggested = start_folder(self._context.config) / f"{_('customer-files')}.{suffix}"
        path = choose_export_file(self, suggested)
        if not path:
            return
        target = Path(path)
        if target.suffix.lower() != f".{suffix}":
            target = target.with_name(target.name + f".{suffix}")
        actor, reason = self._context.actor, self.edt_reason.text()
        customer_filter = CustomerFilter(text=self._search)
        self.run_save(lambda: export_customers_to_file(actor, target, reason, customer_filter))

    def saved(self, result) -> None:
        self.exported = result.files
