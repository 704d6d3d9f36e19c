"""A visitor's request about their own data (PIPL Art. 44–47): look a phone number up, save
everything held about it as CSV or PDF for the person, or erase it."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6 import QtWidgets
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_number
from branchdesk.phones import display_phone
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.pdf_actions import remember_folder, start_folder
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.hub import VISITS
from branchdesk.visitors.personal_data import (
    PersonRecord,
    erase_person,
    export_person_csv,
    export_person_pdf,
    person_record,
)


def choose_export_path(parent: QWidget | None, default_path: str, filter_text: str) -> str:
    """Ask where to save; an empty string when the user cancels."""
    path, _selected = QtWidgets.QFileDialog.getSaveFileName(
        parent, _("Save"), default_path, filter_text
    )
    return path


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


class PersonalDataDialog(QDialog):
    """``record`` is what was last found for the number typed."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._busy = False
        self.record: PersonRecord | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("A visitor's request about their data"))
        self.setMinimumWidth(460)

        self.edt_phone = QLineEdit()
        self.edt_phone.setPlaceholderText(_("The phone number the visitor gave"))
        self.btn_find = QPushButton(_("Find"))
        self.btn_find.setAutoDefault(False)
        self.lbl_found = plain_label()  # names the visitor
        self.lbl_found.setObjectName("lbl_found")
        self.lbl_found.setWordWrap(True)
        self.lbl_error_form = plain_label()
        self.lbl_error_form.setStyleSheet("color: #b3261e;")
        self.lbl_error_form.setWordWrap(True)
        self.lbl_error_form.hide()
        self.btn_csv = QPushButton(_("Save as CSV…"))
        self.btn_pdf = QPushButton(_("Save as PDF…"))
        self.btn_erase = QPushButton(_("Erase…"))
        for button in (self.btn_csv, self.btn_pdf, self.btn_erase):
            button.setAutoDefault(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)

        self.edt_phone.returnPressed.connect(self.find)
        self.edt_phone.textEdited.connect(self._forget)
        self.btn_find.clicked.connect(self.find)
        self.btn_csv.clicked.connect(lambda: self.export("csv"))
        self.btn_pdf.clicked.connect(lambda: self.export("pdf"))
        self.btn_erase.clicked.connect(self.erase)

        phone_line = QHBoxLayout()
        phone_line.addWidget(self.edt_phone, 1)
        phone_line.addWidget(self.btn_find)
        form = QFormLayout()
        form.addRow(_("Phone"), self.errors.field("phone", _widget(phone_line)))
        actions = QHBoxLayout()
        actions.addWidget(self.btn_csv)
        actions.addWidget(self.btn_pdf)
        actions.addStretch(1)
        actions.addWidget(self.btn_erase)
        layout = QVBoxLayout(self)
        layout.addWidget(
            _wrapped(
                _(
                    "Everything held about one phone number: the visitor record, visits, "
                    "questions and escalations. Give the person a copy, or erase it at their "
                    "request; both are recorded in the audit log."
                )
            )
        )
        layout.addLayout(form)
        layout.addWidget(self.lbl_found)
        layout.addWidget(self.lbl_error_form)
        layout.addLayout(actions)
        layout.addWidget(buttons)
        self._update_buttons()

    # -- finding -------------------------------------------------------------------------------

    def find(self) -> None:
        phone = self.edt_phone.text()
        self._forget()
        self._run(lambda actor: person_record(actor, phone), self._show)

    def _forget(self, *_args) -> None:
        self.record = None
        self.lbl_found.setText("")
        self.errors.clear()
        self.lbl_error_form.hide()
        self._update_buttons()

    def _show(self, record: PersonRecord) -> None:
        self.record = record
        if record.empty:
            self.lbl_found.setText(_("Nothing is held about this phone number."))
        else:
            name = record.visitor.name if record.visitor else record.visits[-1].name
            self.lbl_found.setText(
                _(
                    "{name}, {phone}. Visits: {visits}; questions: {replies}; "
                    "escalations: {escalations}."
                ).format(
                    name=name,
                    phone=display_phone(record.phone),
                    visits=format_number(len(record.visits)),
                    replies=format_number(len(record.replies)),
                    escalations=format_number(len(record.escalations)),
                )
            )

    # -- exporting and erasing -------------------------------------------------------------------

    def export(self, kind: str) -> None:
        if self.record is None:
            return
        phone = self.record.phone
        file_name = _("visitor-data-{phone}.{ext}").format(phone=phone, ext=kind)
        filter_text = _("CSV files (*.csv)") if kind == "csv" else _("PDF files (*.pdf)")
        start = start_folder(self._context.config) / file_name
        chosen = choose_export_path(self, str(start), filter_text)
        if not chosen:
            return
        path = Path(chosen)
        remember_folder(self._context.config, path)
        if path.suffix.lower() != f".{kind}":
            path = path.with_name(f"{path.name}.{kind}")
        build = export_person_csv if kind == "csv" else export_person_pdf
        now = self._context.now()
        self._run(
            lambda actor: _write(path, build(actor, phone, now=now)),
            lambda saved: self.lbl_found.setText(_("Saved {path}").format(path=saved)),
        )

    def erase(self) -> None:
        if self.record is None:
            return
        phone = self.record.phone
        answer = QMessageBox.question(
            self,
            _("Erase a visitor's data"),
            _(
                "Erase everything held about {phone} (visits: {visits}): the personal details "
                "of the visits, their questions and escalations, and the visitor record? This "
                "cannot be undone."
            ).format(phone=display_phone(phone), visits=format_number(len(self.record.visits))),
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        now = self._context.now()
        self._run(lambda actor: erase_person(actor, phone, now=now), self._erased)

    def _erased(self, visits: int) -> None:
        self.record = None
        self._context.hub.changed.emit(VISITS)
        self.lbl_found.setText(
            _("Erased. Visits that no longer hold this person's details: {visits}.").format(
                visits=format_number(visits)
            )
        )

    # -- plumbing --------------------------------------------------------------------------------

    def _run(self, work: Callable, done: Callable) -> None:
        self._busy = True
        self._update_buttons()
        actor = self._context.actor

        def finished(result) -> None:
            self._busy = False
            done(result)
            self._update_buttons()

        self._context.runner.run(lambda: work(actor), finished, self._failed)

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self._update_buttons()
        if isinstance(exc, ValidationError):
            self.errors.show_with_rest(exc.errors, self.lbl_error_form)
        else:
            report_error(self, exc)

    def _update_buttons(self) -> None:
        held = not self._busy and self.record is not None and not self.record.empty
        for button in (self.btn_csv, self.btn_pdf, self.btn_erase):
            button.setEnabled(held)
        self.btn_find.setEnabled(not self._busy)

    def reject(self) -> None:
        # Closing mid-erasure would hide whether it worked.
        if not self._busy:
            super().reject()


def _widget(layout) -> QWidget:
    holder = QWidget()
    layout.setContentsMargins(0, 0, 0, 0)
    holder.setLayout(layout)
    return holder


def _wrapped(text: str) -> QLabel:
    label = QLabel(text)
    label.setWordWrap(True)
    return label
