"""The manager raises one file's level, with the reason the audit log keeps (R-S1)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QLineEdit, QVBoxLayout, QWidget

from branchdesk.customers.service import raise_level
from branchdesk.i18n import _
from branchdesk.secrecy import Level, level_name
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext


class RaiseLevelDialog(SavingDialog):
    def __init__(
        self, context: DeskContext, customer_id: int, current: Level, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.customer_id = customer_id
        self.errors = FieldErrors()
        self.setWindowTitle(_("Raise level"))
        self.setMinimumWidth(420)
        self.cmb_level = QComboBox()
        for level in Level:
            if level > current:
                self.cmb_level.addItem(level_name(level), int(level))
        self.edt_reason = QLineEdit()
        self.edt_reason.setPlaceholderText(_("Why the file needs a higher level"))
        form = QFormLayout()
        form.addRow(_("New level"), self.errors.field("level", self.cmb_level))
        form.addRow(_("Reason"), self.errors.field("reason", self.edt_reason))
        self.lbl_error_form = error_label()
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.save_buttons())
        if self.cmb_level.count() == 0:
            self.errors.show({"level": _("The file already has the highest level.")})
            self.btn_save.setEnabled(False)
        self.edt_reason.setFocus()

    def save(self) -> None:
        if self.cmb_level.count() == 0:
            return
        actor, customer_id = self._context.actor, self.customer_id
        level, reason = Level(self.cmb_level.currentData()), self.edt_reason.text()
        self.run_save(lambda: raise_level(actor, customer_id, level, reason))
