"""An expected visitor arrives: the registration form opens with what was entered ahead, and
saving registers the visit and links it to the expectation. Consent is asked at the desk, as
for anyone (PIPL): it is never filled in ahead."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branchdesk.i18n import _
from branchdesk.ui.context import DeskContext
from branchdesk.ui.visitors.registration_dialog import FormChoices, RegistrationDialog
from branchdesk.visitors.expected import ExpectedRow, register_arrival


class ExpectedArrivalDialog(RegistrationDialog):
    def __init__(
        self, context: DeskContext, expected: ExpectedRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, parent)  # the form's choices arrive later, in the worker
        self.expected = expected
        self.setWindowTitle(_("Register expected visitor"))
        self.edt_name.setText(expected.name)
        self.edt_organisation.setText(expected.organisation)
        self.cmb_host.setEditText(expected.host)
        self.edt_note.setPlainText(expected.note)
        if expected.phone:
            self.edt_phone.setText(expected.phone)
            # A returning visitor's last address and the count of visits, as when typed.
            self.look_up_returning_visitor()

    def _show_choices(self, choices: FormChoices) -> None:
        super()._show_choices(choices)
        self.cmb_purpose.setCurrentIndex(self.cmb_purpose.findData(self.expected.purpose))

    def save(self) -> None:
        actor, form, now = self._context.actor, self.form(), self._context.now()
        expected_id, refuse_if_in = self.expected.id, not self._second_visit_confirmed
        self.run_save(
            lambda: register_arrival(
                actor, expected_id, form, now=now, refuse_if_in_building=refuse_if_in
            )
        )
