"""Entering a visitor one expects (预约), or changing what was entered."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from PySide6.QtCore import QDate, QDateTime
from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from branchdesk.auth.users import staff_names
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.field_form import field_form, lay_out_saving_dialog
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.expected import (
    ExpectedForm,
    ExpectedRow,
    change_expected_visit,
    expect_visitor,
)
from branchdesk.visitors.purposes import purpose_label

DATETIME_FORMAT = "yyyy-MM-dd HH:mm"


@dataclass(frozen=True)
class ExpectedChoices:
    purposes: list[str]
    hosts: list[str]


def expected_choices() -> ExpectedChoices:
    return ExpectedChoices(
        list(get_setting("visit_purposes")), [p.display_name for p in staff_names()]
    )


def next_full_hour(now: datetime) -> datetime:
    return now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=1)


class ExpectedVisitDialog(SavingDialog):
    """A new expected visitor, or ``expected`` changed; ``expected_id`` once saved."""

    def __init__(
        self,
        context: DeskContext,
        expected: ExpectedRow | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(context, parent)
        self._expected = expected
        self.expected_id = expected.id if expected else None
        self.errors = FieldErrors()
        self.setWindowTitle(_("Change expected visitor") if expected else _("Expect a visitor"))
        self.setMinimumWidth(480)

        self.edt_name = QLineEdit()
        self.edt_phone = QLineEdit()
        self.edt_phone.setPlaceholderText(_("If the visitor gave one"))
        self.edt_organisation = QLineEdit()
        self.dtm_expected = QDateTimeEdit()
        self.dtm_expected.setDisplayFormat(DATETIME_FORMAT)
        self.dtm_expected.setCalendarPopup(True)
        self.cmb_purpose = QComboBox()
        self.cmb_purpose.setPlaceholderText(_("Choose the purpose"))
        self.cmb_purpose.setCurrentIndex(-1)
        self.cmb_host = QComboBox()
        self.cmb_host.setEditable(True)
        self.cmb_host.lineEdit().setPlaceholderText(_("Staff member the visitor came to see"))
        self.edt_note = QPlainTextEdit()
        self.edt_note.setTabChangesFocus(True)
        self.edt_note.setMaximumHeight(90)

        rows = (
            (_("Name"), "name", self.edt_name),
            (_("Expected at"), "expected_at", self.dtm_expected),
            (_("Phone"), "phone", self.edt_phone),
            (_("Organisation"), "organisation", self.edt_organisation),
            (_("Purpose"), "purpose", self.cmb_purpose),
            (_("Host"), "host", self.cmb_host),
            (_("Note"), "note", self.edt_note),
        )
        lay_out_saving_dialog(self, field_form(self.errors, rows, wrap_long_rows=True))

        at = expected.expected_at if expected else next_full_hour(context.now())
        # The calendar offers no day that has passed (the service refuses one anyway).
        self.dtm_expected.setMinimumDate(QDate(min(at.date(), context.now().date())))
        self.dtm_expected.setDateTime(QDateTime(at))
        if expected:
            self.edt_name.setText(expected.name)
            self.edt_phone.setText(expected.phone)
            self.edt_organisation.setText(expected.organisation)
            self.cmb_host.setEditText(expected.host)
            self.edt_note.setPlainText(expected.note)
        self.edt_name.setFocus()
        self.load(expected_choices, self._show_choices)

    def _show_choices(self, choices: ExpectedChoices) -> None:
        for key in choices.purposes:
            self.cmb_purpose.addItem(purpose_label(key), key)
        wanted = self._expected.purpose if self._expected else None
        self.cmb_purpose.setCurrentIndex(self.cmb_purpose.findData(wanted) if wanted else -1)
        host = self.cmb_host.currentText()  # typed before the list arrived: kept
        self.cmb_host.addItems(choices.hosts)
        self.cmb_host.setCurrentIndex(-1)
        self.cmb_host.setEditText(host)

    def form(self) -> ExpectedForm:
        return ExpectedForm(
            name=self.edt_name.text(),
            expected_at=self.dtm_expected.dateTime().toPython(),
            purpose=self.cmb_purpose.currentData() or "",
            phone=self.edt_phone.text(),
            organisation=self.edt_organisation.text(),
            host=self.cmb_host.currentText(),
            note=self.edt_note.toPlainText(),
        )

    def save(self) -> None:
        actor, form, now, expected_id = (
            self._context.actor, self.form(), self._context.now(), self.expected_id
        )  # fmt: skip
        if expected_id is None:
            self.run_save(lambda: expect_visitor(actor, form, now=now))
        else:
            self.run_save(lambda: change_expected_visit(actor, expected_id, form, now=now))

    def saved(self, result: int | None) -> None:
        if self.expected_id is None:
            self.expected_id = result
