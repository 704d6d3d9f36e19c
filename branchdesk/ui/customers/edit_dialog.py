"""A customer file in edit mode: its fields, consent and grade saved together with Save; its
numbers and contacts changed one at a time, each at once through its service (audited there).
A number already on a file is named next to the field, its owner masked as the user's level
requires, and what was typed stays. Fields the user may not see are not offered."""

from __future__ import annotations

from datetime import datetime, time

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLineEdit,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.customers.permissions import GRADES, KINDS, SOURCES, TITLES
from branchdesk.customers.records import CustomerChanges, CustomerDetail
from branchdesk.customers.service import (
    add_phone,
    change_phone,
    grade_customer,
    remove_contact,
    remove_phone,
    update_customer,
)
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, format_datetime, qt_date_format
from branchdesk.ui.common.confirm import confirm
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.field_form import field_form, lay_out_saving_dialog
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.customers.labelled_combo import labelled_combo
from branchdesk.ui.customers.new_file_dialog import split_list
from branchdesk.ui.error_reporting import report_error

LEAD_GRADES = ("A", "B")


def _text_box(text: str, height: int) -> QPlainTextEdit:
    box = QPlainTextEdit(text)
    box.setTabChangesFocus(True)
    box.setMinimumHeight(height)
    box.setMaximumHeight(height * 2)
    return box


class EditCustomerDialog(SavingDialog):
    """``detail`` is the file as last returned by a service; ``changed`` is True once
    anything was written (a number, a contact or the fields)."""

    def __init__(
        self, context: DeskContext, detail: CustomerDetail, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.detail = detail
        self.customer_id = detail.row.id
        self.changed = False
        self.errors = FieldErrors()
        row = detail.row
        self.setWindowTitle(_("Edit customer file {id}").format(id=row.id))
        self.setMinimumSize(600, 560)
        self.resize(760, 780)

        self.cmb_kind = labelled_combo(KINDS, row.kind)
        self.edt_name = QLineEdit(row.name)
        self.edt_organisation = QLineEdit(row.organisation)
        self.cmb_source = labelled_combo(SOURCES, row.source)
        self.edt_tags = QLineEdit(", ".join(row.tags))
        self.edt_tags.setPlaceholderText(_("Separated by commas"))
        self.edt_notes = _text_box(detail.notes, 60)
        self.notes_shown = "notes" not in detail.hidden
        if not self.notes_shown:
            self.edt_notes.setPlaceholderText(_("(not shown at your level)"))
            enable_or_explain(self.edt_notes, False, _("The notes are above your level."))
        self.edt_consent = _text_box(detail.consent_told, 44)
        self.edt_consent.setPlaceholderText(_("What the customer was told about their data"))
        self.chk_consent = QCheckBox(_("The customer agreed now"))
        if detail.consent_at is not None:
            self.chk_consent.setText(_("Agreed {at}").format(at=format_datetime(detail.consent_at)))
            self.chk_consent.setChecked(True)
            self.chk_consent.setEnabled(False)
        self.chk_withdrawn = QCheckBox(_("The customer withdrew their consent"))
        self.chk_withdrawn.setChecked(detail.consent_withdrawn_at is not None)

        self.cmb_grade = labelled_combo(GRADES, row.grade)
        self.chk_visited = QCheckBox(_("A salesperson visited on"))
        self.dte_visited = QDateEdit(QDate(context.now().date()))
        self.dte_visited.setCalendarPopup(True)
        self.dte_visited.setDisplayFormat(qt_date_format())
        if detail.visited_at is not None:
            self.chk_visited.setChecked(True)
            self.dte_visited.setDate(QDate(detail.visited_at.date()))
        self.chk_signed = QCheckBox(_("I confirm this grade with my signature"))
        visited = QHBoxLayout()
        visited.setContentsMargins(0, 0, 0, 0)
        visited.addWidget(self.chk_visited)
        visited.addWidget(self.dte_visited)
        visited.addStretch(1)
        visited_row = QWidget()
        visited_column = QVBoxLayout(visited_row)
        visited_column.setContentsMargins(0, 0, 0, 0)
        visited_column.setSpacing(2)
        visited_column.addLayout(visited)
        # The message under the whole row, the red frame on the date alone.
        visited_column.addWidget(self.errors.add("visited_at", self.dte_visited))

        form = field_form(self.errors, (
            (_("Kind"), "kind", self.cmb_kind),
            (_("Name"), "name", self.edt_name),
            (_("Organisation"), "organisation", self.edt_organisation),
            (_("Source"), "source", self.cmb_source),
            (_("Tags"), "tags", self.edt_tags),
            (_("Notes"), "notes", self.edt_notes),
            (_("Consent"), "consent_told", self.edt_consent),
        ))  # fmt: skip
        form.addRow("", self.chk_consent)
        form.addRow("", self.chk_withdrawn)
        grade_box = QGroupBox(_("Grade"))
        grade_form = QFormLayout(grade_box)
        grade_form.addRow(_("Grade"), self.errors.field("grade", self.cmb_grade))
        grade_form.addRow("", visited_row)
        grade_form.addRow("", self.errors.field("signed", self.chk_signed))

        self.content = QWidget()
        content = QVBoxLayout(self.content)
        content.setContentsMargins(0, 0, 0, 0)
        content.addLayout(form)
        content.addWidget(grade_box)
        content.addWidget(self._phones_box())
        content.addWidget(self._contacts_box())
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setWidget(self.content)
        layout = lay_out_saving_dialog(self, scroll)
        layout.setStretch(0, 1)
        self._show_lists(detail)
        self.edt_name.setFocus()

    # --- numbers and contacts, each written at once ---------------------------------------

    def _phones_box(self) -> QGroupBox:
        box = QGroupBox(_("Phones"))
        self.lst_phones = QListWidget()
        self.lst_phones.setMaximumHeight(90)
        self.lst_phones.currentTextChanged.connect(self._phone_chosen)
        self.edt_phone = QLineEdit()
        self.edt_phone.setPlaceholderText(_("A number to add, or the chosen number changed"))
        self.btn_add_phone = QPushButton(_("Add number"))
        self.btn_change_phone = QPushButton(_("Change number"))
        self.btn_remove_phone = QPushButton(_("Remove number"))
        self.btn_add_phone.clicked.connect(self.add_phone)
        self.btn_change_phone.clicked.connect(self.change_phone)
        self.btn_remove_phone.clicked.connect(self.remove_phone)
        buttons = QHBoxLayout()
        for button in (self.btn_add_phone, self.btn_change_phone, self.btn_remove_phone):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.lst_phones)
        column.addWidget(self.errors.field("phone", self.edt_phone))
        column.addLayout(buttons)
        return box

    def _contacts_box(self) -> QGroupBox:
        box = QGroupBox(_("Contacts"))
        headers = [_("Name"), _("Title"), _("Department"), _("Phones"), _("Address")]
        self.tbl_contacts = QTableWidget(0, len(headers))
        self.tbl_contacts.setHorizontalHeaderLabels(headers)
        make_read_only_rows(self.tbl_contacts)
        self.tbl_contacts.horizontalHeader().setStretchLastSection(True)
        self.tbl_contacts.setMinimumHeight(100)
        self.btn_add_contact = QPushButton(_("Add contact…"))
        self.btn_edit_contact = QPushButton(_("Edit contact…"))
        self.btn_remove_contact = QPushButton(_("Remove contact"))
        self.btn_add_contact.clicked.connect(lambda: self.open_contact(None))
        self.btn_edit_contact.clicked.connect(lambda: self.open_contact(self._chosen_contact()))
        self.btn_remove_contact.clicked.connect(self.remove_contact)
        self.lbl_contact_error = error_label()
        self.lbl_contact_error.setObjectName("lbl_contact_error")
        buttons = QHBoxLayout()
        for button in (self.btn_add_contact, self.btn_edit_contact, self.btn_remove_contact):
            buttons.addWidget(button)
        buttons.addStretch(1)
        column = QVBoxLayout(box)
        column.addWidget(self.tbl_contacts)
        column.addLayout(buttons)
        column.addWidget(self.lbl_contact_error)
        return box

    def _show_lists(self, detail: CustomerDetail) -> None:
        self.detail = detail
        self.lst_phones.clear()
        self.lst_phones.addItems(list(detail.row.phones))
        self.tbl_contacts.setRowCount(len(detail.contacts))
        for number, contact in enumerate(detail.contacts):
            title = _(TITLES[contact.title]) if contact.title in TITLES else contact.title
            cells = [contact.name, title, contact.department, ", ".join(contact.phones),
                     contact.address]  # fmt: skip
            for column, text in enumerate(cells):
                self.tbl_contacts.setItem(number, column, QTableWidgetItem(text))
        self.tbl_contacts.resizeColumnsToContents()

    def _phone_chosen(self, phone: str) -> None:
        if phone:
            self.edt_phone.setText(phone)

    def _write(self, work, on_done=None) -> None:
        """A number or contact written now; the file's lists show the service's answer."""
        self.lbl_contact_error.hide()

        def done(detail: CustomerDetail) -> None:
            self.changed = True
            self._show_lists(detail)
            if on_done is not None:
                on_done()

        self._context.runner.run(work, done, self._part_failed)

    def _part_failed(self, exc: Exception) -> None:
        if isinstance(exc, BranchDeskError):
            errors = getattr(exc, "errors", None) or {"phone": str(exc)}
            self.errors.show_with_rest(errors, self.lbl_error_form)
        else:
            report_error(self, exc)

    def _typed_written(self) -> None:
        self.edt_phone.clear()

    def add_phone(self) -> None:
        actor, customer_id, phone = self._context.actor, self.customer_id, self.edt_phone.text()
        self._write(lambda: add_phone(actor, customer_id, phone), self._typed_written)

    def change_phone(self) -> None:
        item = self.lst_phones.currentItem()
        if item is None:
            self.errors.show({"phone": _("Choose the number to change in the list.")})
            return
        actor, customer_id = self._context.actor, self.customer_id
        old, new = item.text(), self.edt_phone.text()
        self._write(lambda: change_phone(actor, customer_id, old, new), self._typed_written)

    def remove_phone(self) -> None:
        item = self.lst_phones.currentItem()
        if item is None:
            self.errors.show({"phone": _("Choose the number to remove in the list.")})
            return
        phone = item.text()
        if not confirm(self, _("Remove number"),
                       _("Remove {phone} from this file?").format(phone=phone),
                       _("Remove")):  # fmt: skip
            return
        actor, customer_id = self._context.actor, self.customer_id
        self._write(lambda: remove_phone(actor, customer_id, phone), self._typed_written)

    def _chosen_contact(self):
        rows = self.tbl_contacts.selectionModel().selectedRows()
        return self.detail.contacts[rows[0].row()] if rows else None

    def open_contact(self, contact):
        from branchdesk.ui.customers.contact_dialog import ContactDialog

        if contact is None and self.sender() is self.btn_edit_contact:
            self.lbl_contact_error.setText(_("Choose a contact in the list."))
            self.lbl_contact_error.show()
            return None
        dialog = ContactDialog(self._context, self.customer_id, contact, self)

        def finished(result: int) -> None:
            if result == ContactDialog.DialogCode.Accepted and dialog.result_detail:
                self.changed = True
                self._show_lists(dialog.result_detail)
            dialog.deleteLater()

        dialog.finished.connect(finished)
        dialog.open()
        return dialog

    def remove_contact(self) -> None:
        contact = self._chosen_contact()
        if contact is None:
            self.lbl_contact_error.setText(_("Choose a contact in the list."))
            self.lbl_contact_error.show()
            return
        if not confirm(self, _("Remove contact"),
                       _("Remove {name} and their numbers from this file?").format(
                           name=contact.name), _("Remove")):  # fmt: skip
            return
        actor, customer_id, contact_id = self._context.actor, self.customer_id, contact.id
        self._write(lambda: remove_contact(actor, customer_id, contact_id))

    # --- the fields, saved together -------------------------------------------------------

    def changes(self) -> CustomerChanges:
        detail = self.detail
        notes = self.edt_notes.toPlainText() if self.notes_shown else None
        agreed_now = self.chk_consent.isChecked() and detail.consent_at is None
        withdrawn = self.chk_withdrawn.isChecked()
        return CustomerChanges(
            name=self.edt_name.text(),
            kind=self.cmb_kind.currentData(),
            organisation=self.edt_organisation.text(),
            source=self.cmb_source.currentData(),
            tags=split_list(self.edt_tags.text()),
            notes=notes,
            consent_told=self.edt_consent.toPlainText(),
            consent_at=self._context.now() if agreed_now else None,
            consent_withdrawn=None
            if withdrawn == (detail.consent_withdrawn_at is not None)
            else withdrawn,
        )

    def save(self) -> None:
        actor, customer_id, now = self._context.actor, self.customer_id, self._context.now()
        changes = self.changes()
        grade = self.cmb_grade.currentData()
        regrade = grade != self.detail.row.grade
        visited = None
        if self.chk_visited.isChecked():
            visited = datetime.combine(self.dte_visited.date().toPython(), time(12))
        signed = self.chk_signed.isChecked()

        def work() -> None:
            update_customer(actor, customer_id, changes, now=now)
            if regrade:
                # R-C14 is checked on the file as just saved (its consent, for one).
                grade_customer(actor, customer_id, grade, visited_at=visited, signed=signed,
                               now=now)  # fmt: skip

        self.run_save(work)

    def saved(self, _result) -> None:
        self.changed = True
