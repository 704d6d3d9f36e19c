"""The call on screen: the customer's file found (masked by the services) or a minimal one
made, the timer, the script's current step in large type with its choices as numbered
buttons, back one step, the path taken, the notes and the R-C13 fields always at hand.

The script is walked in memory (``CallInProgress``); everything typed is saved as the call's
draft through the worker a moment after each change, so a closed or crashed window loses
nothing (the tab offers the draft at the next start)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont, QKeyEvent
from PySide6.QtWidgets import (
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from branchdesk.calls.in_progress import CallInProgress, apply_customer
from branchdesk.calls.permissions import DIRECTION_LABELS
from branchdesk.calls.service import customer_for_call, save_draft
from branchdesk.customers.records import CustomerForm, CustomerRow
from branchdesk.customers.service import create_customer, find_customers
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.scripts.engine import Passed
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.plain_text import show_plain
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

DRAFT_PAUSE_MS = 400  # typing pauses this long before the draft is written
STEP_FONT_POINTS = 17
MAX_CHOICES = 9  # number keys 1 … 9
PATH_TEXT = 14  # characters of each step's text in the path shown


def _step_font() -> QFont:
    font = QFont()
    font.setPointSize(STEP_FONT_POINTS)
    return font


class CallPanel(QWidget):
    """``end_requested`` when the agent presses End call; ``draft_saved`` after each write."""

    end_requested = Signal()
    draft_saved = Signal()

    def __init__(self, context: DeskContext, call: CallInProgress, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("call_panel")
        self._context = context
        self.call = call
        self.errors = FieldErrors()
        self._finder = context.runner.slot(self)
        self._linker = context.runner.slot(self)
        self._drafts = context.runner.slot(self)
        self._found: list[CustomerRow] = []

        self.lbl_call = QLabel()
        self.lbl_timer = QLabel()
        self.lbl_timer.setObjectName("lbl_timer")
        self.lbl_timer.setFont(_step_font())
        self.lbl_step = QLabel()
        self.lbl_step.setObjectName("lbl_step")
        self.lbl_step.setWordWrap(True)
        self.lbl_step.setFont(_step_font())
        self.lbl_step.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.lbl_step.setMinimumHeight(90)
        self.edt_value = QLineEdit()
        self.edt_value.setPlaceholderText(_("What the customer said"))
        self.choice_row = QHBoxLayout()
        self.choice_buttons: list[QPushButton] = []
        self.btn_next = QPushButton(_("Done"))
        self.btn_skip = QPushButton(_("Skip step"))
        self.btn_back = QPushButton(_("Back one step"))
        self.edt_skip_reason = QLineEdit()
        self.edt_skip_reason.setPlaceholderText(_("Why this required step is skipped"))
        self.btn_confirm_skip = QPushButton(_("Skip with this reason"))
        self.skip_box = QWidget()
        skip_row = QHBoxLayout(self.skip_box)
        skip_row.setContentsMargins(0, 0, 0, 0)
        skip_row.addWidget(self.errors.field("reason", self.edt_skip_reason), 1)
        skip_row.addWidget(self.btn_confirm_skip)
        self.skip_box.hide()
        self.lbl_path = QLabel()
        self.lbl_path.setObjectName("lbl_path")
        self.lbl_path.setWordWrap(True)
        self.lbl_step_error = error_label()

        script_box = QGroupBox(_("Script"))
        script = QVBoxLayout(script_box)
        script.addWidget(self.lbl_step)
        script.addWidget(self.errors.field("value", self.edt_value))
        script.addLayout(self.choice_row)
        buttons = QHBoxLayout()
        for button in (self.btn_next, self.btn_skip, self.btn_back):
            buttons.addWidget(button)
        buttons.addStretch()
        script.addLayout(buttons)
        script.addWidget(self.skip_box)
        script.addWidget(self.lbl_step_error)
        script.addWidget(QLabel(_("Path taken:")))
        script.addWidget(self.lbl_path)

        script_side = QVBoxLayout()
        script_side.addWidget(self._customer_box())
        script_side.addWidget(script_box, 1)

        self.edt_organisation = QLineEdit()
        self.edt_contact = QLineEdit()
        self.edt_contact_title = QLineEdit()
        self.edt_phone = QLineEdit()
        self.edt_notes = QPlainTextEdit()
        self.edt_notes.setPlaceholderText(_("Notes on the call"))
        record_box = QGroupBox(_("Call record"))
        form = QFormLayout(record_box)
        form.addRow(_("Organisation:"), self.edt_organisation)
        form.addRow(_("Contact (at least the surname):"), self.edt_contact)
        form.addRow(_("Department or title:"), self.edt_contact_title)
        form.addRow(_("Phone:"), self.edt_phone)
        form.addRow(_("Notes:"), self.edt_notes)
        self.btn_end = QPushButton(_("End call…"))
        self.btn_end.setObjectName("btn_end_call")
        form.addRow(self.btn_end)

        top = QHBoxLayout()
        top.addWidget(self.lbl_call, 1)
        top.addWidget(self.lbl_timer)
        body = QHBoxLayout()
        body.addLayout(script_side, 3)
        body.addWidget(record_box, 2)
        layout = QVBoxLayout(self)
        layout.addLayout(top)
        layout.addLayout(body, 1)

        self._draft_pause = QTimer(self)
        self._draft_pause.setSingleShot(True)
        self._draft_pause.setInterval(DRAFT_PAUSE_MS)
        self._draft_pause.timeout.connect(self.save_draft_now)
        self._ticker = QTimer(self)
        self._ticker.setInterval(1000)
        self._ticker.timeout.connect(self._show_timer)
        self._ticker.start()

        self._fill_fields()
        for edit in (self.edt_organisation, self.edt_contact, self.edt_contact_title,
                     self.edt_phone):  # fmt: skip
            edit.textEdited.connect(self._fields_edited)
        self.edt_notes.textChanged.connect(self._fields_edited)
        self.btn_next.clicked.connect(self.complete_step)
        self.edt_value.returnPressed.connect(self.complete_step)
        self.btn_skip.clicked.connect(self.skip_step)
        self.btn_confirm_skip.clicked.connect(self.confirm_skip)
        self.edt_skip_reason.returnPressed.connect(self.confirm_skip)
        self.btn_back.clicked.connect(self.back_step)
        self.btn_end.clicked.connect(self.end_requested)
        self._show_call()
        self._show_step()
        self._show_timer()

    # -- the customer -------------------------------------------------------------------------

    def _customer_box(self) -> QGroupBox:
        box = QGroupBox(_("Customer file"))
        self.lbl_customer = QLabel()
        self.edt_find = QLineEdit()
        self.edt_find.setPlaceholderText(_("Phone number or name"))
        self.btn_find = QPushButton(_("Find"))
        self.lst_customers = QListWidget()
        self.lst_customers.setMaximumHeight(90)
        self.btn_use = QPushButton(_("Use this file"))
        self.edt_new_name = QLineEdit()
        self.edt_new_name.setPlaceholderText(_("Name for a new file"))
        self.btn_create = QPushButton(_("New file with this number"))
        self.lbl_customer_error = error_label()
        find_row = QHBoxLayout()
        find_row.addWidget(self.edt_find, 1)
        find_row.addWidget(self.btn_find)
        new_row = QHBoxLayout()
        new_row.addWidget(self.errors.field("name", self.edt_new_name), 1)
        new_row.addWidget(self.btn_create)
        layout = QVBoxLayout(box)
        layout.addWidget(self.lbl_customer)
        layout.addLayout(find_row)
        layout.addWidget(self.lst_customers)
        layout.addWidget(self.btn_use)
        layout.addLayout(new_row)
        layout.addWidget(self.lbl_customer_error)
        self.btn_find.clicked.connect(self.find)
        self.edt_find.returnPressed.connect(self.find)
        self.btn_use.clicked.connect(self.use_selected)
        self.lst_customers.itemDoubleClicked.connect(lambda _item: self.use_selected())
        self.btn_create.clicked.connect(self.create_minimal)
        return box

    def find(self) -> None:
        actor, text = self._context.actor, self.edt_find.text()
        self.lbl_customer_error.hide()
        self._finder.ask(lambda: find_customers(actor, text), self._show_found, self._failed)

    def _show_found(self, rows: list[CustomerRow]) -> None:
        self._found = rows
        self.lst_customers.clear()
        for row in rows:
            # As the service returns it: masked for the agent's level.
            parts = [row.name, row.organisation, " ".join(row.phones)]
            self.lst_customers.addItem(QListWidgetItem(" · ".join(p for p in parts if p)))
        if rows:
            self.lst_customers.setCurrentRow(0)
        else:
            self._show_customer_error(_("No file matches; make a new one below."))

    def use_selected(self) -> None:
        index = self.lst_customers.currentRow()
        if 0 <= index < len(self._found):
            self._link(self._found[index].id)

    def create_minimal(self) -> None:
        actor = self._context.actor
        name, phone = self.edt_new_name.text(), self.edt_find.text() or self.edt_phone.text()
        form = CustomerForm(name=name, source="phone", phones=(phone,) if phone.strip() else ())
        at = self._context.now()

        def work() -> int:
            return create_customer(actor, form, now=at).row.id

        self._linker.ask(work, self._link, self._failed)

    def _link(self, customer_id: int) -> None:
        actor, lang = self._context.actor, self.call.run.lang

        def linked(found) -> None:
            apply_customer(self.call, customer_id, found)
            self._fill_fields()
            self._show_call()
            self._show_step()
            self.draft_changed()

        self._linker.ask(lambda: customer_for_call(actor, customer_id, lang), linked, self._failed)

    def _show_customer_error(self, text: str) -> None:
        self.lbl_customer_error.setText(text)
        self.lbl_customer_error.show()

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, ValidationError):
            rest = self.errors.show(exc.errors)
            if rest:
                self._show_customer_error("\n".join(rest.values()))
            return
        report_error(self, exc)

    # -- the script ---------------------------------------------------------------------------

    def _show_call(self) -> None:
        call = self.call
        title = call.run.script.title.get(call.run.lang, call.run.script.id)
        direction = _(DIRECTION_LABELS[call.direction])
        show_plain(self.lbl_call, f"{direction} · {title}")
        customer = call.run.values.get("customer", "")
        if call.customer_id is None:
            show_plain(self.lbl_customer, _("No customer file linked yet."))
        else:
            show_plain(self.lbl_customer, _("File {id}: {name}").format(id=call.customer_id,
                                                                       name=customer))  # fmt: skip

    def _show_step(self) -> None:
        run = self.call.run
        step = run.current
        self.lbl_step_error.hide()
        self.errors.clear()
        self.skip_box.hide()
        show_plain(self.lbl_step, run.text() if not run.finished else _("End of the script."))
        for button in self.choice_buttons:
            # Hidden at once: the one clicked is still in its own click while this runs.
            button.hide()
            self.choice_row.removeWidget(button)
            button.deleteLater()
        self.choice_buttons = []
        choices = () if run.finished else run.choices()[:MAX_CHOICES]
        for choice in choices:
            button = QPushButton(f"{choice.number}. {choice.label}")
            button.setObjectName(f"btn_choice_{choice.number}")
            button.clicked.connect(lambda _checked=False, key=choice.key: self.choose(key))
            self.choice_row.addWidget(button)
            self.choice_buttons.append(button)
        recording = not run.finished and step.kind == "record"
        self.edt_value.setVisible(recording)
        self.edt_value.clear()
        self.btn_next.setVisible(not run.finished and not choices)
        self.btn_skip.setEnabled(not run.finished)
        self.btn_back.setEnabled(run.can_go_back)
        self._show_path()
        if recording:
            self.edt_value.setFocus()

    def _show_path(self) -> None:
        run = self.call.run
        parts = []
        for passage in run.path:
            text = run.text(run.script.step(passage.step_id))
            short = text[:PATH_TEXT] + ("…" if len(text) > PATH_TEXT else "")
            mark = " ✗" if passage.how == Passed.SKIPPED else ""
            parts.append(f"{short}{mark}")
        show_plain(self.lbl_path, " → ".join(parts) or "—")

    def _engine(self, action) -> None:
        try:
            action()
        except ValidationError as exc:
            rest = self.errors.show(exc.errors)
            if rest:
                self.lbl_step_error.setText("\n".join(rest.values()))
                self.lbl_step_error.show()
            return
        self._show_step()
        self.draft_changed()

    def choose(self, key: str) -> None:
        if self.skip_box.isVisible():
            self._engine(lambda: self.call.run.skip(self.edt_skip_reason.text(), choice_key=key))
            return
        self._engine(lambda: self.call.run.complete(key))

    def complete_step(self) -> None:
        step = self.call.run.current
        value = self.edt_value.text() if step.kind == "record" else None
        self._engine(lambda: self.call.run.complete(value=value))

    def skip_step(self) -> None:
        """A required step asks for the reason first (script adherence records it)."""
        if self.call.run.current.mandatory:
            self.skip_box.show()
            self.edt_skip_reason.setFocus()
            return
        if self.call.run.choices():
            self.skip_box.show()  # the choice picks where to go; no reason needed
            return
        self._engine(lambda: self.call.run.skip(""))

    def confirm_skip(self) -> None:
        if self.call.run.choices():
            # Which way the call goes is still the choice's; the reason is kept meanwhile.
            self.lbl_step_error.setText(_("Choose where the call goes on."))
            self.lbl_step_error.show()
            return
        reason = self.edt_skip_reason.text()
        self._engine(lambda: self.call.run.skip(reason))
        if not self.skip_box.isVisible():
            self.edt_skip_reason.clear()

    def back_step(self) -> None:
        self._engine(self.call.run.back)

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt override
        """Number keys pick a choice (a text field keeps its own digits)."""
        number = event.key() - Qt.Key.Key_0
        if 1 <= number <= len(self.choice_buttons):
            self.choice_buttons[number - 1].click()
            return
        super().keyPressEvent(event)

    # -- the record and the draft -------------------------------------------------------------

    def _fill_fields(self) -> None:
        fields = self.call.fields
        for edit, name in self._field_edits():
            if edit.text() != fields.get(name, ""):
                edit.setText(fields.get(name, ""))
        if self.edt_notes.toPlainText() != self.call.notes:
            self.edt_notes.setPlainText(self.call.notes)

    def _field_edits(self):
        return ((self.edt_organisation, "organisation"), (self.edt_contact, "contact_surname"),
                (self.edt_contact_title, "contact_title"), (self.edt_phone, "phone"))  # fmt: skip

    def _fields_edited(self, *_args) -> None:
        for edit, name in self._field_edits():
            self.call.fields[name] = edit.text()
        self.call.notes = self.edt_notes.toPlainText()
        self.draft_changed()

    def draft_changed(self) -> None:
        self._draft_pause.start()

    def save_draft_now(self) -> None:
        self._draft_pause.stop()
        actor, content, at = self._context.actor, self.call.to_draft(), self._context.now()
        self._drafts.ask(
            lambda: save_draft(actor, content, now=at),
            lambda _none: self.draft_saved.emit(),
            report_error_quietly,
        )

    def _show_timer(self) -> None:
        seconds = max(int((self._context.now() - self.call.started_at).total_seconds()), 0)
        minutes, seconds = divmod(seconds, 60)
        self.lbl_timer.setText(f"{minutes:02d}:{seconds:02d}")

    def stop(self) -> None:
        self._ticker.stop()
        self._draft_pause.stop()


def report_error_quietly(exc: Exception) -> None:
    """A draft that could not be written is written again at the next change; the log has it."""
    import logging

    logging.getLogger(__name__).warning("call draft not saved: %s", exc)
