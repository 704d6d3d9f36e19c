"""First start on an empty database: the wizard creates the branch settings and its manager."""

from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QWizard

from branchdesk.audit.log import Action
from branchdesk.auth.signin import sign_in
from branchdesk.branch.service import needs_setup
from branchdesk.db import connection, migrations
from branchdesk.db.encryption_key import load_key
from branchdesk.db.models import AuditEntry, User
from branchdesk.settings.store import all_settings
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.setup_wizard import SetupWizard
from tests.ui.conftest import settle
from tests.ui.keyboard import type_text


def _wizard(qtbot, runner) -> SetupWizard:
    wizard = SetupWizard(runner)
    qtbot.addWidget(wizard)
    wizard.show()
    qtbot.waitExposed(wizard)
    return wizard


def _click(qtbot, wizard: SetupWizard, which: QWizard.WizardButton) -> None:
    qtbot.mouseClick(wizard.button(which), Qt.MouseButton.LeftButton)


def _finish(qtbot, wizard: SetupWizard, runner) -> None:
    """Finish, and the branch is created in the worker."""
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)
    settle(qtbot, runner)


def _finish_after_the_recovery_sheet(qtbot, wizard: SetupWizard) -> None:
    """The branch exists; its database is encrypted, so the wizard offers the key's sheet."""
    assert wizard.currentPage() is wizard.key_page
    _click(qtbot, wizard, QWizard.WizardButton.FinishButton)


def _fill_branch(qtbot, wizard, company="华信科技有限公司") -> None:
    page = wizard.branch_page
    type_text(qtbot, page.edt_company_name, company)
    type_text(qtbot, page.edt_branch_name, "北京朝阳分公司")
    type_text(qtbot, page.edt_hotline, "400-800-1234")


def _fill_manager(qtbot, wizard, repeat="good-pass-2026") -> None:
    page = wizard.manager_page
    type_text(qtbot, page.edt_display_name, "王芳")
    type_text(qtbot, page.edt_username, "wang.fang")
    type_text(qtbot, page.edt_agent_no, "M001")
    type_text(qtbot, page.edt_password, "good-pass-2026")
    type_text(qtbot, page.edt_password_repeat, repeat)


def test_wizard_creates_the_manager_and_the_branch_settings(qtbot, sqlite_db, runner):
    assert needs_setup()
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    assert wizard.currentPage() is wizard.manager_page
    _fill_manager(qtbot, wizard)
    _finish(qtbot, wizard, runner)
    _finish_after_the_recovery_sheet(qtbot, wizard)

    assert wizard.result() == QWizard.DialogCode.Accepted
    user = User.get()
    assert (user.username, user.display_name, user.agent_no, user.role) == (
        "wang.fang",
        "王芳",
        "M001",
        "manager",
    )
    assert wizard.actor is not None and wizard.actor.id == user.id
    settings = all_settings()
    assert (settings["company_name"], settings["branch_name"], settings["hotline"]) == (
        "华信科技有限公司",
        "北京朝阳分公司",
        "400-800-1234",
    )
    assert AuditEntry.get().action == Action.BRANCH_INITIALIZED
    assert not needs_setup()
    assert sign_in("M001", "good-pass-2026").id == user.id


def test_branch_error_takes_the_user_back_to_page_one_with_input_kept(qtbot, sqlite_db, runner):
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard, company="   ")
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_manager(qtbot, wizard)
    type_text(qtbot, wizard.manager_page.edt_agent_no, " 9")  # "M001 9": not a valid number
    _finish(qtbot, wizard, runner)

    assert wizard.isVisible() and wizard.actor is None
    assert wizard.currentPage() is wizard.branch_page
    branch_errors = wizard.branch_page.errors
    assert branch_errors.label("company_name").isVisible()
    assert branch_errors.label("company_name").text() == "This field is required."
    assert not branch_errors.label("branch_name").isVisible()
    assert wizard.branch_page.edt_branch_name.text() == "北京朝阳分公司"
    assert User.select().count() == 0

    # The manager page kept what was typed, with its own message next to the agent number.
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    manager = wizard.manager_page
    assert manager.edt_display_name.text() == "王芳"
    assert manager.edt_password.text() == "good-pass-2026"
    assert manager.errors.label("agent_no").isVisible()

    type_text(qtbot, wizard.branch_page.edt_company_name, "华信科技")
    manager.edt_agent_no.clear()
    type_text(qtbot, manager.edt_agent_no, "M001")
    _finish(qtbot, wizard, runner)
    _finish_after_the_recovery_sheet(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert all_settings()["company_name"] == "华信科技"


def test_manager_errors_stay_on_page_two(qtbot, sqlite_db, runner):
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    page = wizard.manager_page
    type_text(qtbot, page.edt_username, "x")
    type_text(qtbot, page.edt_password, "short")
    type_text(qtbot, page.edt_password_repeat, "short")
    _finish(qtbot, wizard, runner)
    assert wizard.currentPage() is page
    for key in ("display_name", "username", "password"):
        assert page.errors.label(key).isVisible(), key
    assert page.edt_username.text() == "x"
    assert User.select().count() == 0


def test_passwords_that_differ_are_caught_before_anything_is_stored(qtbot, sqlite_db, runner):
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_manager(qtbot, wizard, repeat="good-pass-2062")
    _finish(qtbot, wizard, runner)
    label = wizard.manager_page.errors.label("password_repeat")
    assert label.isVisible() and label.text() == "The two passwords are not the same."
    assert User.select().count() == 0 and needs_setup()


def test_a_second_wizard_cannot_add_another_manager(qtbot, sqlite_db, staff, runner):
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_manager(qtbot, wizard)
    type_text(qtbot, wizard.manager_page.edt_username, "2")
    _finish(qtbot, wizard, runner)
    assert wizard.actor is None
    assert "already set up" in wizard.manager_page.lbl_error.text()
    assert User.select().count() == 4


def test_finish_is_busy_while_the_branch_is_created(qtbot, sqlite_db, runner):
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_manager(qtbot, wizard)
    finish = wizard.button(QWizard.WizardButton.FinishButton)
    qtbot.mouseClick(finish, Qt.MouseButton.LeftButton)
    # The password is hashed and the branch written in the worker; no second Finish or Cancel.
    assert not finish.isEnabled()
    assert not wizard.button(QWizard.WizardButton.CancelButton).isEnabled()
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)
    settle(qtbot, runner)
    _finish_after_the_recovery_sheet(qtbot, wizard)
    assert wizard.result() == QWizard.DialogCode.Accepted
    assert User.select().count() == 1


def test_encrypted_database_offers_the_recovery_sheet_to_the_new_manager(
    qtbot, sqlite_db, runner, monkeypatch, tmp_path
):
    target = tmp_path / "sheet"
    monkeypatch.setattr(pdf_actions, "choose_save_path", lambda parent, default: str(target))
    wizard = _wizard(qtbot, runner)
    _fill_branch(qtbot, wizard)
    _click(qtbot, wizard, QWizard.WizardButton.NextButton)
    _fill_manager(qtbot, wizard)
    _finish(qtbot, wizard, runner)

    page = wizard.key_page
    assert wizard.currentPage() is page
    # The branch exists now: there is no going back to change it.
    assert not wizard.button(QWizard.WizardButton.BackButton).isEnabled()
    qtbot.mouseClick(page.btn_save_sheet, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    saved = tmp_path / "sheet.pdf"
    assert str(saved) in page.lbl_result.text()
    text = "".join(p.extract_text() for p in PdfReader(saved).pages)
    assert load_key().key in text.replace(" ", "").replace("\n", "")
    assert "北京朝阳分公司" in text
    qtbot.keyClick(wizard, Qt.Key.Key_Escape)  # closing now skips nothing that matters
    assert wizard.result() == QWizard.DialogCode.Accepted


def test_demo_database_has_no_key_to_offer(qtbot, runner, tmp_path):
    connection.open_database(f"sqlite:///{tmp_path / 'demo.sqlite3'}", encrypted=False)
    migrations.upgrade()
    try:
        wizard = _wizard(qtbot, runner)
        _fill_branch(qtbot, wizard)
        _click(qtbot, wizard, QWizard.WizardButton.NextButton)
        _fill_manager(qtbot, wizard)
        _finish(qtbot, wizard, runner)
        assert wizard.result() == QWizard.DialogCode.Accepted
        assert wizard.key_page is None
    finally:
        connection.close_database()
