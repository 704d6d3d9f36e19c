"""A new customer file: person or organisation, a contact, phones, source, owner, tags,
notes and consent. A number already filed is named next to the field with the existing file
and its owner as the service shows them to this user (masked to their level)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from branchdesk.customers.permissions import KINDS, SOURCES, TITLES
from branchdesk.customers.records import ContactForm, CustomerDetail, CustomerForm
from branchdesk.customers.service import create_customer, owner_choices
from branchdesk.i18n import _
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.field_form import field_form, lay_out_saving_dialog
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.ui.customers.labelled_combo import labelled_combo

CONTACT = "contact0."  # the service's keys for the first contact's fields


def split_list(text: str) -> tuple[str, ...]:
    """Phones or tags typed one after another, separated by commas or semicolons (a number
    typed in groups, 139 1234 5678, keeps its spaces)."""
    for separator in (";", "，", "；", "、"):
        text = text.replace(separator, ",")
    return tuple(part.strip() for part in text.split(",") if part.strip())


class NewCustomerDialog(SavingDialog):
    """``created`` holds the new file (as the service returned it) once saved."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.created: CustomerDetail | None = None
        self.errors = FieldErrors()
        self.setWindowTitle(_("New customer file"))
        self.setMinimumWidth(520)

        self.cmb_kind = labelled_combo(KINDS)
        self.edt_name = QLineEdit()
        self.edt_organisation = QLineEdit()
        self.edt_phones = QLineEdit()
        self.edt_phones.setPlaceholderText(_("One or more, separated by commas"))
        self.cmb_source = labelled_combo(SOURCES)
        self.cmb_owner = QComboBox()
        self.cmb_owner.addItem(_("Me"), None)
        self.edt_tags = QLineEdit()
        self.edt_tags.setPlaceholderText(_("Separated by commas"))
        self.edt_notes = QPlainTextEdit()
        self.edt_notes.setTabChangesFocus(True)
        self.edt_notes.setMaximumHeight(70)
        self.edt_consent = QPlainTextEdit()
        self.edt_consent.setTabChangesFocus(True)
        self.edt_consent.setMaximumHeight(50)
        self.edt_consent.setPlaceholderText(_("What the customer was told about their data"))
        self.chk_consent = QCheckBox(_("The customer agreed now"))

        self.edt_contact_name = QLineEdit()
        self.cmb_contact_title = labelled_combo(TITLES)
        self.edt_contact_department = QLineEdit()
        self.edt_contact_address = QLineEdit()
        self.edt_contact_phones = QLineEdit()

        form = field_form(self.errors, (
            (_("Kind"), "kind", self.cmb_kind),
            (_("Name"), "name", self.edt_name),
            (_("Organisation"), "organisation", self.edt_organisation),
            (_("Phones"), "phones", self.edt_phones),
            (_("Source"), "source", self.cmb_source),
            (_("Owner"), "owner", self.cmb_owner),
            (_("Tags"), "tags", self.edt_tags),
            (_("Notes"), "notes", self.edt_notes),
            (_("Consent"), "consent_told", self.edt_consent),
        ))  # fmt: skip
        form.addRow("", self.chk_consent)
        contact_box = QGroupBox(_("Contact (optional)"))
        contact_rows = (
            (_("Name"), "name", self.edt_contact_name),
            (_("Title"), "title", self.cmb_contact_title),
            (_("Department"), "department", self.edt_contact_department),
            (_("Address"), "address", self.edt_contact_address),
            (_("Phones"), "phones", self.edt_contact_phones),
        )
        rows = ((label, CONTACT + key, widget) for label, key, widget in contact_rows)
        field_form(self.errors, rows, QFormLayout(contact_box))
        lay_out_saving_dialog(self, form, contact_box)
        self.edt_name.setFocus()
        actor = context.actor
        self.load(lambda: owner_choices(actor), self._show_owners)

    def _show_owners(self, choices) -> None:
        me = self._context.actor.id
        for choice in choices:
            if choice.id != me:
                self.cmb_owner.addItem(choice.name, choice.id)

    def form(self) -> CustomerForm:
        contacts: tuple[ContactForm, ...] = ()
        contact_phones = split_list(self.edt_contact_phones.text())
        if self.edt_contact_name.text().strip() or contact_phones:
            contacts = (
                ContactForm(
                    name=self.edt_contact_name.text(),
                    title=self.cmb_contact_title.currentData(),
                    department=self.edt_contact_department.text(),
                    address=self.edt_contact_address.text(),
                    phones=contact_phones,
                ),
            )
        return CustomerForm(
            name=self.edt_name.text(),
            kind=self.cmb_kind.currentData(),
            organisation=self.edt_organisation.text(),
            source=self.cmb_source.currentData(),
            phones=split_list(self.edt_phones.text()),
            owner_id=self.cmb_owner.currentData(),
            tags=split_list(self.edt_tags.text()),
            notes=self.edt_notes.toPlainText(),
            consent_told=self.edt_consent.toPlainText(),
            consent_at=self._context.now() if self.chk_consent.isChecked() else None,
            contacts=contacts,
        )

    def save(self) -> None:
        actor, form, now = self._context.actor, self.form(), self._context.now()
        self.run_save(lambda: create_customer(actor, form, now=now))

    def saved(self, result: CustomerDetail) -> None:
        self.created = result
