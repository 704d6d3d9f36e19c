"""Add or edit one staff account; the service checks and stores it, this dialog shows why not."""

from __future__ import annotations

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.password_policy import MIN_PASSWORD_LENGTH, password_problem
from branchdesk.auth.roles import ROLE_LABELS, Role
from branchdesk.auth.users import UserForm, UserInfo, create_user, update_user
from branchdesk.customers.clearance import Clearance, clearance_of
from branchdesk.customers.permissions import SCOPE_LABELS, CustomerPermission, Scope
from branchdesk.customers.service import set_clearance
from branchdesk.i18n import _, qt_date_format
from branchdesk.secrecy import LEVEL_NAMES, Level
from branchdesk.ui.common.dialog_buttons import action_and_cancel
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import InputDialog, input_values
from branchdesk.ui.context import DeskContext


class UserDialog(InputDialog):
    """``saved_user`` holds the stored account after ``accept()``. ``roles``: those the signed-in
    user may grant (the service refuses the others anyway)."""

    def __init__(
        self,
        context: DeskContext,
        user: UserInfo | None = None,
        parent: QWidget | None = None,
        roles: list[Role] | None = None,
    ):
        super().__init__(parent)
        self._context = context
        self._user = user
        self.saved_user: UserInfo | None = None
        # A raise to top secret that waits for a second manager (R-S5), once saved.
        self.pending_clearance = None
        self._clearance: Clearance | None = None
        self.setWindowTitle(_("Add user") if user is None else _("Edit user"))
        self.setMinimumWidth(440)
        self.errors = FieldErrors()

        self.edt_display_name = self._line_edit(50)
        self.edt_username = self._line_edit(40)
        self.edt_agent_no = self._line_edit(20)
        self.cmb_role = QComboBox()
        for role in roles if roles is not None else list(Role):
            self.cmb_role.addItem(_(ROLE_LABELS[role]), role.value)
        # R-C12: the first two weeks after the start date have the smaller call quota.
        self.dte_start_date = QDateEdit(QDate.currentDate())
        self.dte_start_date.setCalendarPopup(True)
        self.dte_start_date.setDisplayFormat(qt_date_format())
        self.edt_password = self._line_edit(200, password=True)
        self.edt_password_repeat = self._line_edit(200, password=True)
        if user is None:
            hint = _("at least {n} characters, hard to guess").format(n=MIN_PASSWORD_LENGTH)
        else:
            hint = _("leave empty to keep the current password")
        self.edt_password.setPlaceholderText(hint)
        self.edt_password.textChanged.connect(self._check_strength)

        form = QFormLayout()
        self._add_row(form, "display_name", _("Full name:"), self.edt_display_name)
        self._add_row(form, "username", _("User name:"), self.edt_username)
        self._add_row(form, "agent_no", _("Agent number (工号):"), self.edt_agent_no)
        self._add_row(form, "role", _("Role:"), self.cmb_role)
        self._add_row(form, "start_date", _("Start date:"), self.dte_start_date)
        self._add_row(form, "password", _("Password:"), self.edt_password)
        self._add_row(form, "password_repeat", _("Repeat password:"), self.edt_password_repeat)

        self.lbl_error = error_label()
        self.box_clearance = self._clearance_box()

        buttons, self.btn_save, self.btn_cancel = action_and_cancel(self, _("Save"), self._save)

        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.box_clearance)
        layout.addWidget(self.lbl_error)
        layout.addStretch()
        layout.addLayout(buttons)
        if user is not None:
            self._fill(user)
        if self.box_clearance.isVisibleTo(self):
            user_id = user.id
            self._clearance_reader = context.runner.slot(self)
            self._clearance_reader.ask(
                lambda: clearance_of(user_id), self._show_clearance, self._failed
            )

    def _clearance_box(self) -> QGroupBox:
        """Customer files: the clearance and scope a manager gives (the user's role gives the
        defaults); shown to a manager editing an account."""
        box = QGroupBox(_("Customer files"))
        self.cmb_clearance = QComboBox()
        self.cmb_clearance.addItem(_("No customer content"), None)
        for level in Level:
            self.cmb_clearance.addItem(_(LEVEL_NAMES[level]), int(level))
        self.cmb_scope = QComboBox()
        for scope in Scope:
            self.cmb_scope.addItem(_(SCOPE_LABELS[scope]), scope.value)
        self.edt_clearance_reason = self._line_edit(300)
        self.edt_clearance_reason.setPlaceholderText(_("Why the clearance changes"))
        form = QFormLayout(box)
        self._add_row(form, "clearance", _("Clearance:"), self.cmb_clearance)
        self._add_row(form, "scope", _("Files:"), self.cmb_scope)
        self._add_row(form, "reason", _("Reason:"), self.edt_clearance_reason)
        manager = self._context.actor.can(CustomerPermission.MANAGE_CUSTOMER_SECRECY)
        box.setVisible(self._user is not None and manager)
        box.setEnabled(False)  # until the current clearance is read
        return box

    def _show_clearance(self, clearance: Clearance) -> None:
        before = input_values(self)
        self._clearance = clearance
        level = None if clearance.level is None else int(clearance.level)
        self.cmb_clearance.setCurrentIndex(self.cmb_clearance.findData(level))
        self.cmb_scope.setCurrentIndex(self.cmb_scope.findData(clearance.scope.value))
        self.input_loaded(before)
        self.box_clearance.setEnabled(True)

    def _clearance_change(self) -> tuple[Level | None, Scope] | None:
        """The clearance and scope chosen, or None when they are as they were."""
        current = self._clearance
        if current is None or not self.box_clearance.isVisibleTo(self):
            return None
        data = self.cmb_clearance.currentData()
        level = None if data is None else Level(data)
        scope = Scope(self.cmb_scope.currentData())
        if level == current.level and scope == current.scope:
            return None
        return level, scope

    @staticmethod
    def _line_edit(max_length: int, password: bool = False) -> QLineEdit:
        edit = QLineEdit()
        # Longer than the service allows, so an overlong entry gets a message, not a silent cut.
        edit.setMaxLength(max_length + 50)
        if password:
            edit.setEchoMode(QLineEdit.EchoMode.Password)
        return edit

    def _add_row(self, form: QFormLayout, key: str, label: str, widget: QWidget) -> None:
        form.addRow(label, self.errors.field(key, widget))

    def _fill(self, user: UserInfo) -> None:
        self.edt_display_name.setText(user.display_name)
        self.edt_username.setText(user.username)
        self.edt_agent_no.setText(user.agent_no)
        self.cmb_role.setCurrentIndex(self.cmb_role.findData(user.role.value))
        if user.start_date is not None:
            self.dte_start_date.setDate(QDate(user.start_date))
        if user.id == self._context.actor.id:
            # The service refuses it anyway; the disabled combo says so before anyone tries.
            self.cmb_role.setEnabled(False)
            self.cmb_role.setToolTip(_("You cannot change your own role."))
            # One's own password changes with the current one (Account menu), not here.
            for edit in (self.edt_password, self.edt_password_repeat):
                edit.setEnabled(False)
            self.edt_password.setPlaceholderText(_("Account → Change password…"))

    def _check_strength(self, text: str) -> None:
        """Why the new password is too weak, shown next to it while it is typed."""
        problem = password_problem(
            text, login=self.edt_username.text(), display_name=self.edt_display_name.text()
        )
        label = self.errors.label("password")
        label.setText(problem or "")
        label.setVisible(bool(text and problem))

    def user_form(self) -> UserForm:
        return UserForm(
            username=self.edt_username.text(),
            display_name=self.edt_display_name.text(),
            role=self.cmb_role.currentData(),
            agent_no=self.edt_agent_no.text(),
            password=self.edt_password.text(),
            active=True if self._user is None else None,  # keep: activation has its own button
            start_date=self.dte_start_date.date().toPython(),
        )

    def _save(self) -> None:
        self.errors.clear()
        self.lbl_error.hide()
        if self.edt_password.text() != self.edt_password_repeat.text():
            self.errors.show({"password_repeat": _("The two passwords are not the same.")})
            return
        actor, form, user = self._context.actor, self.user_form(), self._user
        change, reason = self._clearance_change(), self.edt_clearance_reason.text()
        if user is None:
            work = lambda: create_user(actor, form)  # noqa: E731
        else:

            def work():
                info = update_user(actor, user.id, form)
                pending = None
                if change is not None:
                    level, scope = change
                    pending = set_clearance(actor, user.id, level, reason, scope)
                return info, pending

        self.btn_save.setEnabled(False)
        self._context.runner.run(work, self._saved, self._failed)

    def _saved(self, result) -> None:
        self.btn_save.setEnabled(True)
        info, self.pending_clearance = result if isinstance(result, tuple) else (result, None)
        self.saved_user = info
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self.btn_save.setEnabled(True)
        self.errors.show_failure(exc, self.lbl_error, self)
