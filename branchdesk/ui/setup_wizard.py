"""First start on an empty database: the branch's name and its first manager account."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import (
    QFormLayout,
    QLineEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
    QWizard,
    QWizardPage,
)

from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.auth.users import MIN_PASSWORD_LENGTH, UserForm
from branchdesk.branch.database_key import has_database_key, recovery_sheet_pdf
from branchdesk.branch.service import BranchSetup, initialize_branch
from branchdesk.errors import BranchDeskError, ValidationError
from branchdesk.i18n import _
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.common.field_errors import FieldErrors, error_label
from branchdesk.ui.common.plain_text import plain_label
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.runner import DeskRunner


def _line_edit(max_length: int, placeholder: str = "", password: bool = False) -> QLineEdit:
    edit = QLineEdit()
    # Longer than the service allows, so an overlong entry gets a message instead of vanishing.
    edit.setMaxLength(max_length + 50)
    edit.setPlaceholderText(placeholder)
    if password:
        edit.setEchoMode(QLineEdit.EchoMode.Password)
    return edit


def _add_row(form: QFormLayout, errors: FieldErrors, key: str, label: str, edit: QLineEdit) -> None:
    form.addRow(label, errors.field(key, edit))


class _BranchPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Your branch"))
        self.setSubTitle(
            _(
                "This database is empty. Tell BranchDesk which office it serves; "
                "the manager can change these later in Settings."
            )
        )
        self.errors = FieldErrors()
        self.edt_company_name = _line_edit(100, _("for example 华信科技有限公司"))
        self.edt_branch_name = _line_edit(100, _("for example 北京朝阳分公司"))
        self.edt_hotline = _line_edit(40, _("for example 400-800-1234"))
        form = QFormLayout(self)
        _add_row(form, self.errors, "company_name", _("Company name:"), self.edt_company_name)
        _add_row(form, self.errors, "branch_name", _("Branch name:"), self.edt_branch_name)
        _add_row(form, self.errors, "hotline", _("Service hotline:"), self.edt_hotline)


class _ManagerPage(QWizardPage):
    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("First manager account"))
        self.setSubTitle(_("The manager signs in with this account and then adds the other staff."))
        self.errors = FieldErrors()
        self.edt_display_name = _line_edit(50, _("for example 王芳"))
        self.edt_username = _line_edit(40, _("for example wang.fang"))
        self.edt_agent_no = _line_edit(20, _("optional, for example M001"))
        hint = _("at least {n} characters").format(n=MIN_PASSWORD_LENGTH)
        self.edt_password = _line_edit(200, hint, password=True)
        self.edt_password_repeat = _line_edit(200, password=True)
        form = QFormLayout(self)
        _add_row(form, self.errors, "display_name", _("Full name:"), self.edt_display_name)
        _add_row(form, self.errors, "username", _("User name:"), self.edt_username)
        _add_row(form, self.errors, "agent_no", _("Agent number (工号):"), self.edt_agent_no)
        _add_row(form, self.errors, "password", _("Password:"), self.edt_password)
        _add_row(
            form, self.errors, "password_repeat", _("Repeat password:"), self.edt_password_repeat
        )
        self.lbl_error = error_label()
        form.addRow(self.lbl_error)

    def user_form(self) -> UserForm:
        return UserForm(
            username=self.edt_username.text(),
            display_name=self.edt_display_name.text(),
            role=Role.MANAGER,
            agent_no=self.edt_agent_no.text(),
            password=self.edt_password.text(),
        )


class _RecoverySheetPage(QWizardPage):
    """Shown once the branch exists, when its database is encrypted (R-S5)."""

    def __init__(self) -> None:
        super().__init__()
        self.setTitle(_("Database key"))
        self.setSubTitle(
            _(
                "This database is encrypted. Without its key no backup can be opened on "
                "another computer: save the recovery sheet, print it for the responsible "
                "person's safe, and delete the file."
            )
        )
        self.btn_save_sheet = QPushButton(_("Save recovery sheet…"))
        self.lbl_result = plain_label()  # the file name is as the user chose it
        self.lbl_result.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.btn_save_sheet)
        layout.addWidget(self.lbl_result)
        layout.addStretch()


class SetupWizard(QWizard):
    """``actor`` is the new manager, signed in, once the wizard is accepted.

    Finish hands the branch to ``initialize_branch`` in the worker (a transaction and a
    password hash); the wizard stays busy until it answers, then closes or shows why not."""

    def __init__(self, runner: DeskRunner, parent: QWidget | None = None):
        super().__init__(parent)
        self.actor: Actor | None = None
        self._initializing = runner.slot(self)
        self._busy = False
        self.setWindowTitle(_("Set up BranchDesk"))
        self.setWizardStyle(QWizard.WizardStyle.ModernStyle)
        self.setOption(QWizard.WizardOption.NoBackButtonOnStartPage, True)
        self.branch_page = _BranchPage()
        self.manager_page = _ManagerPage()
        self.addPage(self.branch_page)
        self.addPage(self.manager_page)
        self.key_page: _RecoverySheetPage | None = None
        self._runner = runner
        self.setMinimumSize(560, 480)

    def validateCurrentPage(self) -> bool:  # noqa: N802 - Qt override
        if self.currentPage() is not self.manager_page:
            return super().validateCurrentPage()
        if self.actor is not None:
            return True  # the branch was created: Finish may close the wizard
        if not self._busy:
            self._initialize()
        return False

    def reject(self) -> None:
        if self.actor is not None:  # the branch exists: closing skips the recovery sheet
            self.accept()
        elif not self._busy:  # the branch may be half way into the database
            super().reject()

    def _set_busy(self, busy: bool) -> None:
        self._busy = busy
        for which in (
            QWizard.WizardButton.FinishButton,
            QWizard.WizardButton.BackButton,
            QWizard.WizardButton.CancelButton,
        ):
            self.button(which).setEnabled(not busy)
        self.manager_page.setEnabled(not busy)

    def _initialize(self) -> None:
        page = self.manager_page
        page.lbl_error.hide()
        self.branch_page.errors.clear()
        if page.edt_password.text() != page.edt_password_repeat.text():
            page.errors.show({"password_repeat": _("The two passwords are not the same.")})
            return
        setup = BranchSetup(
            company_name=self.branch_page.edt_company_name.text(),
            branch_name=self.branch_page.edt_branch_name.text(),
            hotline=self.branch_page.edt_hotline.text(),
            manager=page.user_form(),
        )
        self._set_busy(True)
        self._initializing.ask(lambda: initialize_branch(setup), self._initialized, self._refused)

    def _initialized(self, actor: Actor) -> None:
        self._set_busy(False)
        self.actor = actor
        if not has_database_key():
            self.accept()
            return
        self.key_page = _RecoverySheetPage()
        self.key_page.btn_save_sheet.clicked.connect(self._save_recovery_sheet)
        self.manager_page.setCommitPage(True)  # the branch exists: no way back to change it
        self.addPage(self.key_page)
        self.next()

    def _save_recovery_sheet(self) -> None:
        default = pdf_actions.default_folder() / _("database-key-recovery-sheet.pdf")
        path = pdf_actions.choose_save_path(self, str(default))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        actor = self.actor

        def work() -> str:
            pdf_actions.write_pdf(target, recovery_sheet_pdf(actor))
            return str(target)

        self._runner.run(work, self._recovery_sheet_saved, lambda exc: report_error(self, exc))

    def _recovery_sheet_saved(self, path: str) -> None:
        self.key_page.lbl_result.setText(
            _("Saved to {path}. Print it for the safe, then delete the file.").format(path=path)
        )

    def _refused(self, exc: Exception) -> None:
        self._set_busy(False)
        page = self.manager_page
        if isinstance(exc, ValidationError):
            self._show_errors(exc.errors)
        elif isinstance(exc, BranchDeskError):
            page.lbl_error.setText(str(exc))
            page.lbl_error.show()
        else:  # a database fault; the input stays in the form
            report_error(self, exc)

    def _show_errors(self, errors: dict[str, str]) -> None:
        unplaced = self.manager_page.errors.show(errors)
        branch_errors = {
            k: v for k, v in unplaced.items() if k in ("company_name", "branch_name", "hotline")
        }
        others = [v for k, v in unplaced.items() if k not in branch_errors]
        if others:
            self.manager_page.lbl_error.setText("\n".join(others))
            self.manager_page.lbl_error.show()
        if branch_errors:
            # Back to the first page with a problem; the second page keeps its input and messages.
            self.back()
            self.branch_page.errors.show(branch_errors)

    @classmethod
    def run(cls, runner: DeskRunner, parent: QWidget | None = None) -> Actor | None:
        wizard = cls(runner, parent)
        if wizard.exec() == QWizard.DialogCode.Accepted:
            return wizard.actor
        return None
