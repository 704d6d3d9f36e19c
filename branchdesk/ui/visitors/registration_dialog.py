"""Registering a walk-in visitor (R-V1, R-V2, R-V5) with the privacy notice and consent (PIPL)."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QFormLayout,
    QFrame,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QScrollArea,
    QSizePolicy,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.users import staff_names
from branchdesk.i18n import _, format_date, ngettext
from branchdesk.settings.store import get_setting
from branchdesk.ui.common.field_errors import FieldErrors
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.common.saving_dialog import SavingDialog
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.registration import (
    MAX_PEOPLE,
    AlreadyInBuilding,
    OpenVisit,
    ReturningVisitor,
    VisitForm,
    already_in_message,
    find_open_visit,
    find_returning_visitor,
    greeting,
    privacy_notice,
    register_visit,
)

# Top to bottom as on screen, so the first message scrolled to is the topmost one.
FIELD_ORDER = (
    "name", "phone", "organisation", "purpose", "people_count", "host", "address", "note",
    "consent_given",
)  # fmt: skip

# The dialog's result when the desk chose the visit already open for the number typed.
USE_OPEN_VISIT = 2


@dataclass(frozen=True)
class FormChoices:
    """What the form shows from the database: read in the worker when it opens."""

    greeting: str
    notice: str
    purposes: list[str]
    hosts: list[str]


def form_choices() -> FormChoices:
    return FormChoices(
        greeting(),
        privacy_notice(),
        list(get_setting("visit_purposes")),
        [person.display_name for person in staff_names()],
    )


def look_up_phone(actor, phone: str) -> tuple[ReturningVisitor | None, OpenVisit | None]:
    return find_returning_visitor(actor, phone), find_open_visit(actor, phone)


class RegistrationDialog(SavingDialog):
    """Collects the visit; ``register_visit`` decides what is valid. ``visit_id`` after saving;
    finished with ``USE_OPEN_VISIT`` and ``open_visit_id`` when the visitor was already in."""

    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(context, parent)
        self.visit_id: int | None = None
        self.open_visit_id: int | None = None
        self._open_visit: OpenVisit | None = None
        self._second_visit_confirmed = False
        self._looked_up_phone = ""
        self.errors = FieldErrors()
        self.setWindowTitle(_("Register visitor"))
        self.setMinimumWidth(560)

        # R-V2: the receptionist reads the greeting before anything else.
        self.lbl_greeting = plain_label()  # the branch's names, as a manager typed them
        self.lbl_greeting.setWordWrap(True)
        font = QFont(self.lbl_greeting.font())
        font.setPointSizeF(font.pointSizeF() * 1.3)
        font.setBold(True)
        self.lbl_greeting.setFont(font)

        self.edt_name = QLineEdit()
        self.edt_phone = QLineEdit()
        self.edt_phone.setPlaceholderText(_("Mobile or landline, e.g. 138 1234 5678"))
        self.lbl_returning = QLabel()
        self.lbl_returning.setObjectName("lbl_returning")
        self.lbl_returning.setWordWrap(True)
        self.lbl_returning.setStyleSheet("color: #1a5fb4;")
        self.lbl_returning.hide()
        self.edt_organisation = QLineEdit()
        self.cmb_purpose = QComboBox()
        # No purpose is assumed: the receptionist asks (R-V1).
        self.cmb_purpose.setPlaceholderText(_("Choose the purpose"))
        self.cmb_purpose.setCurrentIndex(-1)
        self.spn_people = QSpinBox()
        self.spn_people.setRange(1, MAX_PEOPLE)
        self.spn_people.setMinimumWidth(80)
        self.spn_people.setSizePolicy(QSizePolicy.Policy.Fixed, QSizePolicy.Policy.Fixed)
        self.cmb_host = QComboBox()
        self.cmb_host.setEditable(True)
        self.cmb_host.lineEdit().setPlaceholderText(_("Staff member the visitor came to see"))
        self.edt_address = QLineEdit()
        self.edt_address.setPlaceholderText(_("Needed before rescheduling an upset visitor"))
        self.edt_note = QPlainTextEdit()
        self.edt_note.setTabChangesFocus(True)
        self.edt_note.setMinimumHeight(60)
        self.edt_note.setMaximumHeight(110)

        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.addRow(_("Name"), self.errors.field("name", self.edt_name))
        phone = self.errors.field("phone", self.edt_phone)
        phone.layout().addWidget(self.lbl_returning)
        phone.layout().addWidget(self._already_in_panel())
        form.addRow(_("Phone"), phone)
        form.addRow(
            _("Organisation"),
            self.errors.field("organisation", self.edt_organisation),
        )
        form.addRow(_("Purpose"), self.errors.field("purpose", self.cmb_purpose))
        form.addRow(_("Number of people"), self.errors.field("people_count", self.spn_people))
        form.addRow(_("Host"), self.errors.field("host", self.cmb_host))
        form.addRow(_("Address"), self.errors.field("address", self.edt_address))
        form.addRow(_("Note"), self.errors.field("note", self.edt_note))

        self.lbl_error_form = plain_label()
        self.lbl_error_form.setObjectName("lbl_error_form")
        self.lbl_error_form.setWordWrap(True)
        self.lbl_error_form.setStyleSheet("color: #b3261e;")
        self.lbl_error_form.hide()
        body = QWidget()
        body_layout = QVBoxLayout(body)
        body_layout.setContentsMargins(0, 0, 0, 0)
        body_layout.addLayout(form)
        body_layout.addWidget(self.lbl_error_form)
        body_layout.addStretch(1)
        # On a small screen the form scrolls; squeezed, wrapped messages would overlap instead.
        self.scr_form = QScrollArea()
        self.scr_form.setWidgetResizable(True)
        self.scr_form.setFrameShape(QFrame.Shape.NoFrame)
        self.scr_form.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scr_form.setWidget(body)

        buttons = self.save_buttons()
        layout = QVBoxLayout(self)
        layout.addWidget(self.lbl_greeting)
        layout.addWidget(self.scr_form, 1)
        # Outside the scrolling form: the visitor's answer is never scrolled out of sight.
        layout.addWidget(self._consent_box())
        layout.addWidget(buttons)
        self._fit_to_screen(body)

        self.edt_phone.editingFinished.connect(self.look_up_returning_visitor)
        self.edt_phone.textEdited.connect(self._phone_edited)
        self._returning = context.runner.slot(self)
        self.edt_name.setFocus()
        self.load(form_choices, self._show_choices)

    def _show_choices(self, choices: FormChoices) -> None:
        self.lbl_greeting.setText(choices.greeting)
        self.lbl_privacy_notice.setText(choices.notice)
        for key in choices.purposes:
            self.cmb_purpose.addItem(purpose_label(key), key)
        self.cmb_purpose.setCurrentIndex(-1)
        host = self.cmb_host.currentText()  # typed before the list arrived: kept
        self.cmb_host.addItems(choices.hosts)
        self.cmb_host.setCurrentIndex(-1)
        self.cmb_host.setEditText(host)
        self._fit_to_screen(self.scr_form.widget())

    def _fit_to_screen(self, body: QWidget) -> None:
        """Tall enough to show the whole form, messages included, where the screen allows (a
        scroll area alone would open small); never shrunk below what the user made it."""
        width = max(self.minimumWidth(), self.width() if self.isVisible() else 0)
        width = max(width, self.sizeHint().width())
        wanted = self.sizeHint().height() - self.scr_form.sizeHint().height()
        wanted += (
            body.heightForWidth(width) if body.hasHeightForWidth() else body.sizeHint().height()
        )
        available = self.screen().availableGeometry().height() * 9 // 10
        height = min(wanted + 8, available)
        if self.isVisible():
            height = max(height, self.height())
        self.resize(width, height)

    def _consent_box(self) -> QGroupBox:
        box = QGroupBox(_("How the visitor's details are used"))
        self.lbl_privacy_notice = plain_label()
        self.lbl_privacy_notice.setWordWrap(True)
        # Neither answer is preselected: the visitor must actually be asked (PIPL).
        self.rad_consent_yes = QRadioButton(_("Visitor agrees"))
        self.rad_consent_no = QRadioButton(_("Visitor refuses"))
        self.grp_consent = QButtonGroup(self)
        self.grp_consent.addButton(self.rad_consent_yes)
        self.grp_consent.addButton(self.rad_consent_no)
        layout = QVBoxLayout(box)
        layout.addWidget(self.lbl_privacy_notice)
        layout.addWidget(self.rad_consent_yes)
        layout.addWidget(self.rad_consent_no)
        # The notice itself is outlined when no answer was recorded: it is what must be read.
        layout.addWidget(self.errors.add("consent_given", self.lbl_privacy_notice))
        self.errors.clear_when_changed("consent_given", self.grp_consent)
        return box

    def _already_in_panel(self) -> QWidget:
        """Shown when the number typed is that of a visitor still in the building."""
        self.frm_already_in = QWidget()
        self.frm_already_in.setObjectName("frm_already_in")
        self.lbl_already_in = plain_label()  # names the visitor as typed
        self.lbl_already_in.setObjectName("lbl_already_in")
        self.lbl_already_in.setWordWrap(True)
        self.lbl_already_in.setStyleSheet("color: #8a4b00;")
        self.btn_use_open_visit = QPushButton(_("Use the open visit"))
        self.btn_register_again = QPushButton(_("Register a new visit"))
        self.btn_use_open_visit.clicked.connect(self.use_open_visit)
        self.btn_register_again.clicked.connect(self._register_again)
        row = QHBoxLayout()
        row.addWidget(self.btn_use_open_visit)
        row.addWidget(self.btn_register_again)
        row.addStretch(1)
        column = QVBoxLayout(self.frm_already_in)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.lbl_already_in)
        column.addLayout(row)
        self.frm_already_in.hide()
        return self.frm_already_in

    def _show_open_visit(self, visit: OpenVisit | None) -> None:
        self._open_visit = visit
        if visit is not None:
            today = self._context.now().date()
            self.lbl_already_in.setText(already_in_message(visit, today))
        self.frm_already_in.setVisible(visit is not None and not self._second_visit_confirmed)
        self._fit_to_screen(self.scr_form.widget())

    def _phone_edited(self) -> None:
        # Another number: whatever was decided about the open visit no longer applies.
        self._second_visit_confirmed = False
        if self._open_visit is not None:
            self._show_open_visit(None)

    def use_open_visit(self) -> None:
        """The visitor is already signed in: nothing is registered, the open visit is used."""
        if self._open_visit is not None and not self.is_busy():
            self.open_visit_id = self._open_visit.visit_id
            self.done(USE_OPEN_VISIT)

    def _register_again(self) -> None:
        self._second_visit_confirmed = True
        self.frm_already_in.hide()
        self.errors.clear_field("phone")
        self.save()

    def look_up_returning_visitor(self) -> None:
        """Pre-fill what is still empty from the visitor's last visit (a quick indexed read in
        the worker; the answer for a number typed before this one is dropped)."""
        phone = self.edt_phone.text().strip()
        if phone == self._looked_up_phone:
            return
        self._looked_up_phone = phone
        self.lbl_returning.hide()
        if not phone:
            self._returning.drop()
            return
        actor = self._context.actor
        self._returning.ask(lambda: look_up_phone(actor, phone), self._show_lookup)

    def _show_lookup(self, found: tuple[ReturningVisitor | None, OpenVisit | None]) -> None:
        returning, open_visit = found
        self._prefill(returning)
        self._show_open_visit(open_visit)

    def _prefill(self, found: ReturningVisitor | None) -> None:
        if found is None:
            return
        for edit, value in (
            (self.edt_name, found.name),
            (self.edt_organisation, found.organisation),
            (self.edt_address, found.address),
        ):
            if not edit.text().strip() and value:
                edit.setText(value)
        text = ngettext(
            "Returning visitor: {count} visit, last on {date}.",
            "Returning visitor: {count} visits, last on {date}.",
            found.visit_count,
        ).format(count=found.visit_count, date=format_date(found.last_visit_at))
        self.lbl_returning.setText(text)
        self.lbl_returning.show()

    def form(self) -> VisitForm:
        consent = None
        if self.rad_consent_yes.isChecked():
            consent = True
        elif self.rad_consent_no.isChecked():
            consent = False
        return VisitForm(
            name=self.edt_name.text(),
            phone=self.edt_phone.text(),
            purpose=self.cmb_purpose.currentData() or "",
            organisation=self.edt_organisation.text(),
            people_count=self.spn_people.value(),
            host=self.cmb_host.currentText(),
            note=self.edt_note.toPlainText(),
            address=self.edt_address.text(),
            consent_given=consent,
        )

    def save(self) -> None:
        actor, form, now = self._context.actor, self.form(), self._context.now()
        refuse_if_in = not self._second_visit_confirmed
        self.run_save(
            lambda: register_visit(actor, form, now=now, refuse_if_in_building=refuse_if_in)
        )

    def saved(self, visit_id: int) -> None:
        self.visit_id = visit_id

    def _failed(self, exc: Exception) -> None:
        if isinstance(exc, AlreadyInBuilding):
            self._set_saving(False)
            self._show_open_visit(exc.open_visit)
            return
        super()._failed(exc)

    def errors_shown(self, errors: dict[str, str]) -> None:
        first = next((k for k in FIELD_ORDER if k in errors), None)
        # Once the messages are laid out, the dialog grows to show them where the screen
        # allows, and the first one is scrolled into view.
        QTimer.singleShot(0, self, lambda: self._fit_to_screen(self.scr_form.widget()))
        if first is not None:
            label = self.errors.label(first)
            QTimer.singleShot(0, self, lambda: self.scr_form.ensureWidgetVisible(label))
