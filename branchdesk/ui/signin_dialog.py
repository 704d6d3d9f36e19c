"""Sign-in by user name or agent number (工号); the demo database lists its accounts.

The password check (argon2, deliberately slow) and the writes it makes (failed attempts, the
audit entry) run in the worker while the dialog shows it is busy."""

from __future__ import annotations

from PySide6 import QtCore  # Qt reached at call time: PySide builds it on first use
from PySide6.QtWidgets import (
    QDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from branchdesk.auth.session import Actor
from branchdesk.auth.signin import sign_in
from branchdesk.errors import SignInFailed
from branchdesk.i18n import _
from branchdesk.ui.common.field_errors import ERROR_STYLE
from branchdesk.ui.common.read_only_table import make_read_only_rows
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.password_dialog import ChangePasswordDialog
from branchdesk.ui.runner import DeskRunner

DemoAccount = tuple[str, str, str]  # login, password, role label (already translated)


class SignInDialog(QDialog):
    """``actor`` holds the signed-in user after ``accept()``."""

    def __init__(
        self,
        runner: DeskRunner,
        parent: QWidget | None = None,
        demo_accounts: list[DemoAccount] | None = None,
    ):
        super().__init__(parent)
        self.actor: Actor | None = None
        self.password_dialog: ChangePasswordDialog | None = None
        self._runner = runner
        self._checking = runner.slot(self)
        self._busy = False
        self.setWindowTitle(_("Sign in – BranchDesk"))
        self.setMinimumWidth(380)

        title = QLabel(_("Sign in to BranchDesk"))
        title.setStyleSheet("font-size: 16px; font-weight: bold;")

        self.edt_login = QLineEdit()
        self.edt_login.setPlaceholderText(_("User name or agent number"))
        self.edt_login.setMaxLength(100)
        self.edt_password = QLineEdit()
        self.edt_password.setEchoMode(QLineEdit.EchoMode.Password)
        self.edt_password.setMaxLength(200)
        form = QFormLayout()
        form.addRow(_("User name or agent no.:"), self.edt_login)
        form.addRow(_("Password:"), self.edt_password)

        self.lbl_error = QLabel()
        self.lbl_error.setStyleSheet(ERROR_STYLE)
        self.lbl_error.setWordWrap(True)
        self.lbl_error.hide()

        self.btn_sign_in = QPushButton(_("Sign in"))
        self.btn_sign_in.setDefault(True)
        self.btn_sign_in.clicked.connect(self._sign_in)
        self.btn_cancel = QPushButton(_("Cancel"))
        self.btn_cancel.clicked.connect(self.reject)
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.btn_sign_in)
        buttons.addWidget(self.btn_cancel)

        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addLayout(form)
        layout.addWidget(self.lbl_error)
        self.tbl_demo_accounts: QTableWidget | None = None
        self._demo_accounts = demo_accounts or []
        if demo_accounts:
            layout.addWidget(QLabel(_("Demo accounts (click one to fill in the fields):")))
            self.tbl_demo_accounts = self._demo_table(demo_accounts)
            layout.addWidget(self.tbl_demo_accounts)
        layout.addLayout(buttons)
        self.edt_login.setFocus()

    def _demo_table(self, accounts: list[DemoAccount]) -> QTableWidget:
        table = QTableWidget(len(accounts), 3)
        table.setHorizontalHeaderLabels([_("Role"), _("User name"), _("Password")])
        for row, (login, password, role_label) in enumerate(accounts):
            for column, text in enumerate((role_label, login, password)):
                table.setItem(row, column, QTableWidgetItem(text))
        make_read_only_rows(table)
        table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Stretch)
        table.itemClicked.connect(self._fill_from_demo)
        table.itemDoubleClicked.connect(lambda item: (self._fill_from_demo(item), self._sign_in()))
        # Show every account without a scroll bar: the list is short and meant to be read.
        height = table.horizontalHeader().sizeHint().height() + 2 * table.frameWidth()
        height += sum(table.rowHeight(row) for row in range(table.rowCount()))
        table.setFixedHeight(height)
        return table

    def _fill_from_demo(self, item: QTableWidgetItem) -> None:
        login, password, _role = self._demo_accounts[item.row()]
        self.edt_login.setText(login)
        self.edt_password.setText(password)
        self.lbl_error.hide()
        self.btn_sign_in.setFocus()

    def _show_error(self, message: str, focus: QLineEdit) -> None:
        self.lbl_error.setText(message)
        self.lbl_error.show()
        focus.setFocus()

    def _sign_in(self) -> None:
        login = self.edt_login.text().strip()
        if not login:
            self._show_error(_("Enter your user name or agent number."), self.edt_login)
            return
        if not self.edt_password.text():
            # An empty password would only count towards the lock-out.
            self._show_error(_("Enter your password."), self.edt_password)
            return
        if self._busy:
            return  # one attempt at a time: a second would count towards the lock-out
        password = self.edt_password.text()
        self._set_busy(True)
        self._checking.ask(
            lambda: sign_in(login, password),
            lambda actor: self._signed_in(actor, password),
            self._refused,
        )

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for widget in (self.btn_sign_in, self.btn_cancel, self.edt_login, self.edt_password):
            widget.setEnabled(not busy)
        if self.tbl_demo_accounts is not None:
            self.tbl_demo_accounts.setEnabled(not busy)
        if busy:
            self.setCursor(QtCore.Qt.CursorShape.BusyCursor)
        else:
            self.unsetCursor()

    def _signed_in(self, actor: Actor, password: str) -> None:
        self._set_busy(False)
        self.edt_password.clear()
        if actor.must_change_password:
            self._ask_new_password(actor, password)
            return
        self.actor = actor
        self.accept()

    def _ask_new_password(self, actor: Actor, password: str) -> None:
        """Someone else set this password: the window opens once the user chose their own."""
        dialog = ChangePasswordDialog(self._runner, actor, self, current=password)
        dialog.accepted.connect(lambda: self._signed_in(dialog.actor, ""))
        dialog.rejected.connect(
            lambda: self._show_error(_("Choose your own password to sign in."), self.edt_password)
        )
        self.password_dialog = dialog  # a child: it goes with this dialog
        dialog.open()

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        if isinstance(exc, SignInFailed):
            self.edt_password.clear()
            self._show_error(str(exc), self.edt_password)
        else:  # a database fault; keep the dialog open
            self.edt_password.setFocus()
            report_error(self, exc)

    def reject(self) -> None:
        # Closing mid-check would lose sight of whether the attempt counted.
        if not self._busy:
            super().reject()

    @classmethod
    def ask(
        cls,
        runner: DeskRunner,
        parent: QWidget | None = None,
        demo_accounts: list[DemoAccount] | None = None,
    ) -> Actor | None:
        dialog = cls(runner, parent, demo_accounts)
        if dialog.exec() == QDialog.DialogCode.Accepted:
            return dialog.actor
        return None
