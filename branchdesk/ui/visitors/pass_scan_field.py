"""The "scan to sign out" field on the visitors tab: a scanner in keyboard mode types the pass's
visit number and Enter; so may the desk. The field keeps the focus for the next pass."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QVBoxLayout, QWidget

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.ui.common.field_errors import error_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.visitors.permissions import VisitPermission


class PassScanField(QWidget):
    """Emits ``signed_out`` with the confirmation to show once a scanned visit is signed out;
    a refusal is shown under the field, the scanned text kept and selected so that the next
    scan replaces it."""

    signed_out = Signal(str)

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self.edt_scan = QLineEdit()
        self.edt_scan.setObjectName("edt_scan")
        self.edt_scan.setPlaceholderText(_("Scan the pass or type the visit number, then Enter"))
        self.edt_scan.setClearButtonEnabled(True)
        self.edt_scan.setMinimumWidth(260)
        self.lbl_error_scan = error_label()  # may quote what was scanned
        self.lbl_error_scan.setObjectName("lbl_error_scan")
        caption = QLabel(_("Sign out by pass:"))
        caption.setBuddy(self.edt_scan)
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(caption)
        row.addWidget(self.edt_scan, 1)
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(2)
        column.addLayout(row)
        column.addWidget(self.lbl_error_scan)
        self.edt_scan.returnPressed.connect(self.submit)
        self.edt_scan.textEdited.connect(lambda _text: self.lbl_error_scan.hide())
        # Only those who sign visitors out see it (the service refuses anyone else anyway).
        self.setVisible(context.actor.can(VisitPermission.REGISTER_VISITS))

    def submit(self) -> None:
        code = self.edt_scan.text()
        if not code.strip():
            return
        actor, now = self._context.actor, self._context.now()

        def work() -> str:
            from branchdesk.visitors.pass_scan import sign_out_scanned

            return sign_out_scanned(actor, code, now)

        self._context.runner.run(work, lambda name: self._done(code, name), self._refused)

    def _done(self, code: str, name: str) -> None:
        self.lbl_error_scan.hide()
        if self.edt_scan.text() == code:  # not a next pass already being scanned
            self.edt_scan.clear()
        self.signed_out.emit(_("{name} signed out.").format(name=name))

    def _refused(self, exc: Exception) -> None:
        if not isinstance(exc, ValidationError):
            report_error(self, exc)
            return
        self.lbl_error_scan.setText("\n".join(exc.errors.values()))
        self.lbl_error_scan.show()
        self.edt_scan.setFocus()
        self.edt_scan.selectAll()
