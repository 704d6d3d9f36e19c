"""Correcting a saved registration (a misheard name, the wrong host or purpose) until the day's
visit log is closed; ``correct_visit`` decides what is valid and records old and new."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtWidgets import (
    QComboBox,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from branchdesk.auth.users import staff_names
from branchdesk.i18n import _
from branchdesk.phones import display_phone
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.field_form import field_form, lay_out_saving_dialog
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.correction import correct_visit, visit_address
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow
from branchdesk.visitors.registration import MAX_PEOPLE
from branchdesk.visitors.visit_log import get_visit


@dataclass(frozen=True)
class CorrectionChoices:
    row: VisitRow | None
    purposes: list[str]
    hosts: list[str]
    address: str = ""  # the visitor's, kept with consent


class CorrectionDialog(SavingDialog):
    """The visit's fields as saved, to be corrected; ``row`` is the visit as it is after Save."""

    def __init__(
        self, context: DeskContext, visit_id: int, visitor_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)
        self.visit_id = visit_id
        self.row: VisitRow | None = None
        self._saved_values: dict[str, object] = {}
        self.errors = FieldErrors()
        self.setWindowTitle(_("Correct the visit of {name}").format(name=visitor_name))
        self.setMinimumWidth(480)
        self.edt_name = QLineEdit()
        self.edt_phone = QLineEdit()
        self.edt_organisation = QLineEdit()
        self.cmb_purpose = QComboBox()
        self.spn_people = QSpinBox()
        self.spn_people.setRange(1, MAX_PEOPLE)
        self.cmb_host = QComboBox()
        self.cmb_host.setEditable(True)
        self.edt_address = QLineEdit()
        self.edt_note = QPlainTextEdit()
        self.edt_note.setTabChangesFocus(True)
        self.edt_note.setMaximumHeight(110)
        rows = (
            (_("Name"), "name", self.edt_name),
            (_("Phone"), "phone", self.edt_phone),
            (_("Organisation"), "organisation", self.edt_organisation),
            (_("Purpose"), "purpose", self.cmb_purpose),
            (_("Number of people"), "people_count", self.spn_people),
            (_("Host"), "host", self.cmb_host),
            (_("Address"), "address", self.edt_address),
            (_("Note"), "note", self.edt_note),
        )
        lay_out_saving_dialog(self, field_form(self.errors, rows))
        self.edt_name.setFocus()
        actor = context.actor
        self.load(
            lambda: CorrectionChoices(
                get_visit(actor, visit_id),
                list(get_setting("visit_purposes")),
                [person.display_name for person in staff_names()],
                visit_address(actor, visit_id),
            ),
            self._show_visit,
        )

    def _show_visit(self, choices: CorrectionChoices) -> None:
        row = choices.row
        if row is None:
            self.lbl_error_form.setText(_("This visit no longer exists."))
            self.lbl_error_form.show()
            return
        self.row = row
        purposes = list(choices.purposes)
        if row.purpose not in purposes:
            purposes.append(row.purpose)  # a purpose since retired still shows as saved
        for key in purposes:
            self.cmb_purpose.addItem(purpose_label(key), key)
        self.cmb_host.addItems(choices.hosts)
        self.edt_name.setText(row.name)
        self.edt_phone.setText(display_phone(row.phone) if row.phone else "")
        self.edt_organisation.setText(row.organisation)
        self.cmb_purpose.setCurrentIndex(self.cmb_purpose.findData(row.purpose))
        self.spn_people.setValue(row.people_count)
        self.cmb_host.setEditText(row.host)
        self.edt_note.setPlainText(row.note)
        self.edt_address.setText(choices.address)
        self._saved_values = self.values()

    def values(self) -> dict[str, object]:
        return {
            "name": self.edt_name.text(),
            "phone": self.edt_phone.text(),
            "organisation": self.edt_organisation.text(),
            "purpose": self.cmb_purpose.currentData() or "",
            "people_count": self.spn_people.value(),
            "host": self.cmb_host.currentText(),
            "note": self.edt_note.toPlainText(),
            "address": self.edt_address.text(),
        }

    def save(self) -> None:
        if self.row is None:
            return
        # Only what was changed is sent: the service records each change's old and new value.
        changes = {k: v for k, v in self.values().items() if v != self._saved_values[k]}
        actor, visit_id, now = self._context.actor, self.visit_id, self._context.now()
        self.run_save(lambda: correct_visit(actor, visit_id, changes, now))

    def saved(self, row: VisitRow) -> None:
        self.row = row
