"""Changing one's own password: from the Account menu, or at sign-in when someone else set it.

The new password's weakness is shown next to the field as it is typed (the policy is Qt-free
and needs no database); the service checks it again with the current password."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QFormLayout,
    QLabel,
    QLineEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.password_policy import MIN_PASSWORD_LENGTH, password_problem
from branchdesk.auth.session import Actor
from branchdesk.auth.users import change_own_password
from branchdesk.i18n import _
from branchdesk.ui.common.dialog_buttons import action_and_cancel
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.saving_dialog import InputDialog
from branchdesk.ui.runner import DeskRunner


class ChangePasswordDialog(InputDialog):
    """``actor`` holds the account as it is after ``accept()``. ``current``: the password just
    typed at sign-in, when the change is required there (not asked twice)."""

    def __init__(
        self,
        runner: DeskRunner,
        actor: Actor,
        parent: QWidget | None = None,
        current: str | None = None,
    ):
        super().__init__(parent)
        self._runner, self._current = runner, current
        self.actor = actor
        self._busy = False
        self.setWindowTitle(_("Change password"))
        self.setMinimumWidth(420)
        self.errors = FieldErrors()

        intro = QLabel(
            _("Your password was set by someone else. Choose your own to continue.")
            if current is not None
            else _("Choose a new password for {name}.").format(name=actor.display_name)
        )
        intro.setWordWrap(True)
        self.edt_current = self._password_edit()
        self.edt_new = self._password_edit()
        self.edt_new.setPlaceholderText(
            _("at least {n} characters, hard to guess").format(n=MIN_PASSWORD_LENGTH)
        )
        self.edt_repeat = self._password_edit()
        form = QFormLayout()
        if current is None:
            form.addRow(
                _("Current password:"), self.errors.field("current_password", self.edt_current)
            )
        form.addRow(_("New password:"), self.errors.field("new_password", self.edt_new))
        form.addRow(_("Repeat new password:"), self.errors.field("repeat", self.edt_repeat))
        self.edt_new.textChanged.connect(self._check_strength)

        self.lbl_error = error_label()
        buttons, self.btn_save, self.btn_cancel = action_and_cancel(
            self, _("Change password"), self._save
        )

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error)
        layout.addLayout(buttons)
        (self.edt_current if current is None else self.edt_new).setFocus()

    @staticmethod
    def _password_edit() -> QLineEdit:
        edit = QLineEdit()
        edit.setEchoMode(QLineEdit.EchoMode.Password)
        edit.setMaxLength(200)
        return edit

    def _check_strength(self, text: str) -> None:
        problem = password_problem(
            text, login=self.actor.username, display_name=self.actor.display_name
        )
        label = self.errors.label("new_password")
        label.setText(problem or "")
        label.setVisible(bool(text and problem))

    def _save(self) -> None:
        if self._busy:
            return
        self.errors.clear()
        self.lbl_error.hide()
        if self.edt_new.text() != self.edt_repeat.text():
            self.errors.show({"repeat": _("The two passwords are not the same.")})
            return
        actor, new = self.actor, self.edt_new.text()
        current = self._current if self._current is not None else self.edt_current.text()
        self._busy = True
        self.btn_save.setEnabled(False)
        self._runner.run(
            lambda: change_own_password(actor, current, new), self._changed, self._failed
        )

    def _changed(self, actor: Actor) -> None:
        self._busy = False
        self.btn_save.setEnabled(True)
        self.actor = actor
        self.accept()

    def _failed(self, exc: Exception) -> None:
        self._busy = False
        self.btn_save.setEnabled(True)
        self.edt_current.clear()
        self.errors.show_failure(exc, self.lbl_error, self)

    def is_busy(self) -> bool:
        return self._busy  # the change is under way: its outcome must be seen
