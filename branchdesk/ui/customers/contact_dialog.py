"""One contact of a file, added or changed: name, title (先生/女士), department, address and
numbers. A number already on a file is named next to the field (its owner masked as the
user's level requires) and what was typed stays."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QWidget

from branchdesk.customers.permissions import TITLES
from branchdesk.customers.records import ContactForm, ContactRow, CustomerDetail
from branchdesk.customers.service import add_contact, update_contact
from branchdesk.i18n import _
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.field_form import field_form, lay_out_saving_dialog
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.ui.customers.labelled_combo import labelled_combo
from branchdesk.ui.customers.new_file_dialog import split_list


class ContactDialog(SavingDialog):
    """``result_detail`` holds the file as the service returned it once saved."""

    def __init__(
        self,
        context: DeskContext,
        customer_id: int,
        contact: ContactRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self.customer_id = customer_id
        self.contact = contact
        self.result_detail: CustomerDetail | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Edit contact") if contact else _("Add contact"))
        self.setMinimumWidth(460)
        self.edt_name = QLineEdit(contact.name if contact else "")
        self.cmb_title = labelled_combo(TITLES, contact.title if contact else None)
        self.edt_department = QLineEdit(contact.department if contact else "")
        self.edt_address = QLineEdit(contact.address if contact else "")
        self.edt_phones = QLineEdit(", ".join(contact.phones) if contact else "")
        self.edt_phones.setPlaceholderText(_("One or more, separated by commas"))
        rows = (
            (_("Name"), "name", self.edt_name),
            (_("Title"), "title", self.cmb_title),
            (_("Department"), "department", self.edt_department),
            (_("Address"), "address", self.edt_address),
            (_("Phones"), "phones", self.edt_phones),
        )
        lay_out_saving_dialog(self, field_form(self.errors, rows))
        self.edt_name.setFocus()

    def form(self) -> ContactForm:
        return ContactForm(
            name=self.edt_name.text(),
            title=self.cmb_title.currentData(),
            department=self.edt_department.text(),
            address=self.edt_address.text(),
            phones=split_list(self.edt_phones.text()),
        )

    def save(self) -> None:
        actor, customer_id, form = self._context.actor, self.customer_id, self.form()
        if self.contact is None:
            self.run_save(lambda: add_contact(actor, customer_id, form))
        else:
            contact_id = self.contact.id
            self.run_save(lambda: update_contact(actor, customer_id, contact_id, form))

    def saved(self, result: CustomerDetail) -> None:
        self.result_detail = result
