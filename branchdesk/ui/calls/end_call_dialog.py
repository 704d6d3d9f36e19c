"""Ending a call: the disposition (suggested by the path taken), whether the record counts as
an effective call and what it lacks (R-C13), who calls back and by when (R-C5, R-C7), another
follow-up at a chosen time (R-C11), and a lead graded A, B or C (R-C14)."""

from __future__ import annotations

from datetime import datetime, timedelta

from PySide6.QtCore import QDateTime
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from branchdesk.calls.effective import missing_for_effective
from branchdesk.calls.in_progress import CallInProgress, calls_again, suggested_disposition
from branchdesk.calls.permissions import DISPOSITION_LABELS, LEAD_GRADES, Direction, Disposition
from branchdesk.calls.records import CallRow
from branchdesk.calls.service import record_lead, save_call
from branchdesk.customers.service import owner_choices
from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_time, qt_date_format
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext


class EndCallDialog(SavingDialog):
    """``saved_call`` holds the stored call; ``lead_error`` why a lead was not recorded."""

    def __init__(
        self, context: DeskContext, call: CallInProgress, ended_at: datetime,
        parent: QWidget | None = None,
    ) -> None:  # fmt: skip
        super().__init__(context, parent)
        self._call = call
        self._ended_at = ended_at
        self.saved_call: CallRow | None = None
        self.lead_error = ""
        self._minutes: int | None = None  # the callback deadline setting, read in the worker
        self.errors = FieldErrors()
        self.setWindowTitle(_("End call"))
        self.setMinimumWidth(460)

        self.cmb_disposition = QComboBox()
        for key, label in DISPOSITION_LABELS.items():
            self.cmb_disposition.addItem(_(label), key.value)
        self.cmb_disposition.setCurrentIndex(
            self.cmb_disposition.findData(suggested_disposition(call))
        )
        self.lbl_effective = QLabel()
        self.lbl_effective.setObjectName("lbl_effective")
        self.lbl_effective.setWordWrap(True)
        self.cmb_owner = QComboBox()
        self.cmb_owner.addItem(context.actor.display_name, context.actor.id)
        self.lbl_deadline = QLabel()
        self.chk_follow_up = QCheckBox(_("Call again at:"))
        self.dte_follow_up = QDateTimeEdit(QDateTime(ended_at + timedelta(days=1)))
        self.dte_follow_up.setDisplayFormat(qt_date_format() + " HH:mm")
        self.dte_follow_up.setCalendarPopup(True)
        self.cmb_lead = QComboBox()
        self.cmb_lead.addItem(_("No lead"), "")
        for grade in LEAD_GRADES:
            self.cmb_lead.addItem(_("Lead {grade}").format(grade=grade), grade)
        self.chk_signed = QCheckBox(_("I confirm an A or B grade with my signature"))
        self.lbl_error_form = error_label()

        form = QFormLayout()
        form.addRow(
            _("How the call ended:"), self.errors.field("disposition", self.cmb_disposition)
        )
        form.addRow(self.lbl_effective)
        form.addRow(_("Who calls back:"), self.errors.field("callback_owner", self.cmb_owner))
        form.addRow(self.lbl_deadline)
        form.addRow(self.chk_follow_up, self.errors.field("follow_up_at", self.dte_follow_up))
        form.addRow(_("Lead:"), self.errors.field("grade", self.cmb_lead))
        form.addRow(self.chk_signed)
        self.errors.add("callback_issue", self.lbl_deadline)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(self.save_buttons())
        self.btn_save.setText(_("Save call"))

        follow_up = call.direction == Direction.OUTBOUND
        self.chk_follow_up.setVisible(follow_up)
        self.dte_follow_up.setVisible(follow_up)
        self.chk_follow_up.setChecked(calls_again(call))
        self.cmb_disposition.currentIndexChanged.connect(self._update)
        self.chk_follow_up.toggled.connect(self._update)
        self.cmb_lead.currentIndexChanged.connect(self._update)
        self._update()
        actor = context.actor
        self.load(lambda: (owner_choices(actor), get_setting("callback_deadline_minutes")),
                  self._fill_owners)  # fmt: skip

    def _fill_owners(self, loaded) -> None:
        choices, self._minutes = loaded
        self._update()
        for choice in choices:
            if choice.id != self._context.actor.id:
                self.cmb_owner.addItem(choice.name, choice.id)

    def disposition(self) -> str:
        return self.cmb_disposition.currentData()

    def _form(self):
        follow_up_at = None
        if self.chk_follow_up.isVisible() and self.chk_follow_up.isChecked():
            follow_up_at = self.dte_follow_up.dateTime().toPython().replace(second=0)
        return self._call.form(self.disposition(), self._ended_at,
                               callback_owner_id=self.cmb_owner.currentData(),
                               follow_up_at=follow_up_at)  # fmt: skip

    def _update(self) -> None:
        form = self._form()
        missing = missing_for_effective(form)
        if missing:
            text = _("Not an effective call: the record lacks {what}.").format(
                what=_(", ").join(missing)
            )
        else:
            text = _("Effective call: the record is complete.")
        self.lbl_effective.setText(text)
        callback = self.disposition() == Disposition.CALLBACK_PROMISED
        self.cmb_owner.setEnabled(callback or self.chk_follow_up.isChecked())
        minutes = self._minutes
        text = ""
        if callback and minutes is not None:
            deadline = self._ended_at + timedelta(minutes=minutes)
            text = _("Reply to the customer by {time} ({minutes} minutes).").format(
                time=format_time(deadline), minutes=minutes
            )
        self.lbl_deadline.setText(text)
        self.chk_signed.setVisible(self.cmb_lead.currentData() in ("A", "B"))

    def save(self) -> None:
        self.errors.clear()
        self.lbl_error_form.hide()
        actor, form, at = self._context.actor, self._form(), self._ended_at
        grade, signed = self.cmb_lead.currentData(), self.chk_signed.isChecked()

        def work():
            row = save_call(actor, form, now=at)
            lead_error = ""
            if grade and row.customer_id is not None:
                try:
                    record_lead(actor, row.customer_id, grade, call_id=row.id, signed=signed,
                                now=at)  # fmt: skip
                except ValidationError as exc:  # the call is saved; the lead waits (R-C14)
                    lead_error = "\n".join(exc.errors.values())
            return row, lead_error

        self.run_save(work)

    def saved(self, result) -> None:
        self.saved_call, self.lead_error = result
