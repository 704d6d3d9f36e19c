"""Questions not answered on the spot (R-V3) and escalations to a responsible person (R-V4).

Each dialog collects input, hands it to its service through the runner, and shows any message
next to its field; the ids of what was recorded are on the dialog after it is accepted.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from PySide6.QtWidgets import (
    QComboBox,
    QDateTimeEdit,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.users import UserInfo, staff_names
from branchdesk.i18n import _, format_datetime, qt_datetime_format
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.replies import (
    PendingRow,
    answer_pending,
    escalate,
    mark_pending,
    needs_consent_for_reply,
    refused_consent_message,
    reply_deadline,
)


def staff_combo() -> QComboBox:
    """Empty until ``fill_staff``; nobody is preselected, someone must be chosen."""
    combo = QComboBox()
    combo.setPlaceholderText(_("Choose a staff member"))
    combo.setCurrentIndex(-1)
    return combo


def fill_staff(combo: QComboBox, people: list[UserInfo]) -> None:
    """Active staff by name and agent number (read by ``staff_names`` in the worker)."""
    for person in people:
        label = person.display_name
        if person.agent_no:
            label += f" ({person.agent_no})"
        combo.addItem(label, person.id)
    combo.setCurrentIndex(-1)


def text_box(min_height: int = 80) -> QPlainTextEdit:
    edit = QPlainTextEdit()
    edit.setTabChangesFocus(True)
    edit.setMinimumHeight(min_height)
    return edit


def wrapped_label(text: str) -> QLabel:
    label = plain_label(text)  # a visitor's name or question, as typed
    label.setWordWrap(True)
    return label


class _ServiceDialog(SavingDialog):
    """Form, Save/Cancel, and the round trip through the runner."""

    def __init__(self, context: DeskContext, title: str, parent: QWidget | None) -> None:
        super().__init__(context, parent)
        self.errors = FieldErrors()
        self.setWindowTitle(title)
        self.setMinimumWidth(480)
        self.form_layout = QFormLayout()
        self.form_layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form_layout.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.lbl_error_form = wrapped_label("")
        self.lbl_error_form.setObjectName("lbl_error_form")
        self.lbl_error_form.setStyleSheet("color: #b3261e;")
        self.lbl_error_form.hide()
        buttons = self.save_buttons()
        layout = QVBoxLayout(self)
        layout.addLayout(self.form_layout)
        layout.addWidget(self.lbl_error_form)
        layout.addWidget(buttons)

    def add_field(self, label: str, key: str, widget: QWidget) -> None:
        self.form_layout.addRow(label, self.errors.field(key, widget))

    def save(self) -> None:
        self.run_save(self.work())

    def work(self) -> Callable[[], Any]:
        """The service call, with every input read now, on the GUI thread."""
        raise NotImplementedError


class PendingQuestionDialog(_ServiceDialog):
    """R-V3: the question, who will answer it, and by when; ``pending_id`` once saved."""

    def __init__(
        self, context: DeskContext, visit_id: int, visitor_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Question to answer later"), parent)
        self.visit_id = visit_id
        self.pending_id: int | None = None
        self.consent_refused = False
        self.lbl_visitor = wrapped_label(visitor_name)
        # PIPL: said before anything is typed, not after Save.
        self.lbl_consent_refused = wrapped_label(refused_consent_message())
        self.lbl_consent_refused.setStyleSheet("color: #b3261e;")
        self.lbl_consent_refused.hide()
        self.edt_question = text_box()
        self.cmb_answerer = staff_combo()
        self.dte_deadline = QDateTimeEdit()
        self.dte_deadline.setCalendarPopup(True)
        self.dte_deadline.setDisplayFormat(qt_datetime_format())
        self.dte_deadline.setDateTime(context.now())
        self.form_layout.addRow(_("Visitor"), self.lbl_visitor)
        self.form_layout.addRow(self.lbl_consent_refused)
        self.add_field(_("Question"), "question", self.edt_question)
        self.add_field(_("Who will answer"), "answerer", self.cmb_answerer)
        self.add_field(_("Reply deadline"), "deadline", self.dte_deadline)
        self.edt_question.setFocus()
        # R-V3: the default deadline comes from the branch's setting, counted from now.
        now, actor = context.now(), context.actor
        self.load(
            lambda: (staff_names(), reply_deadline(now), needs_consent_for_reply(actor, visit_id)),
            self._show_choices,
        )

    def _show_choices(self, choices: tuple[list[UserInfo], datetime, bool]) -> None:
        people, deadline, refused = choices
        fill_staff(self.cmb_answerer, people)
        self.dte_deadline.setDateTime(deadline)
        self.consent_refused = refused
        self.lbl_consent_refused.setVisible(refused)
        for widget in (self.edt_question, self.cmb_answerer, self.dte_deadline):
            widget.setEnabled(not refused)

    def _set_saving(self, saving: bool) -> None:
        super()._set_saving(saving)
        if self.consent_refused:
            self.btn_save.setEnabled(False)

    def work(self) -> Callable[[], int]:
        actor, visit_id, now = self._context.actor, self.visit_id, self._context.now()
        question = self.edt_question.toPlainText()
        answerer_id = self.cmb_answerer.currentData()
        deadline = self.dte_deadline.dateTime().toPython().replace(second=0, microsecond=0)
        return lambda: mark_pending(actor, visit_id, question, answerer_id, deadline, now)

    def saved(self, result: int) -> None:
        self.pending_id = result


class AnswerDialog(_ServiceDialog):
    """R-V3: the answer given to an open question; the service records who gave it."""

    def __init__(
        self, context: DeskContext, pending: PendingRow, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Record the answer"), parent)
        self.pending = pending
        self.lbl_visitor = wrapped_label(pending.visitor_name)
        self.lbl_question = wrapped_label(pending.question)
        self.lbl_deadline = wrapped_label(format_datetime(pending.deadline))
        self.edt_answer = text_box(100)
        self.form_layout.addRow(_("Visitor"), self.lbl_visitor)
        self.form_layout.addRow(_("Question"), self.lbl_question)
        self.form_layout.addRow(_("Reply deadline"), self.lbl_deadline)
        self.add_field(_("Answer"), "answer", self.edt_answer)
        self.edt_answer.setFocus()

    def work(self) -> Callable[[], None]:
        actor, pending_id, now = self._context.actor, self.pending.id, self._context.now()
        answer = self.edt_answer.toPlainText()
        return lambda: answer_pending(actor, pending_id, answer, now)


class EscalationDialog(_ServiceDialog):
    """R-V4: the responsible person called while the visitor waits."""

    def __init__(
        self, context: DeskContext, visit_id: int, visitor_name: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(context, _("Escalate to a responsible person"), parent)
        self.visit_id = visit_id
        self.lbl_visitor = wrapped_label(visitor_name)
        self.cmb_responsible = staff_combo()
        self.edt_reason = text_box()
        self.form_layout.addRow(_("Visitor"), self.lbl_visitor)
        self.add_field(_("Responsible person"), "responsible", self.cmb_responsible)
        self.add_field(_("Reason"), "reason", self.edt_reason)
        self.cmb_responsible.setFocus()
        self.load(staff_names, lambda people: fill_staff(self.cmb_responsible, people))

    def work(self) -> Callable[[], int]:
        actor, visit_id, now = self._context.actor, self.visit_id, self._context.now()
        responsible_id = self.cmb_responsible.currentData()
        reason = self.edt_reason.toPlainText()
        return lambda: escalate(actor, visit_id, responsible_id, reason, now)
