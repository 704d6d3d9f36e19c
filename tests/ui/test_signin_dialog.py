"""The sign-in dialog, driven as a user drives it: typing and clicking."""

import contextlib

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDialog

from branchdesk.auth.signin import sign_in
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import SignInFailed
from branchdesk.ui.signin_dialog import SignInDialog
from tests.auth.test_signin import REFUSED
from tests.conftest import PASSWORD
from tests.ui.conftest import settle
from tests.ui.keyboard import type_text


def _dialog(qtbot, runner, demo_accounts=None) -> SignInDialog:
    dialog = SignInDialog(runner, demo_accounts=demo_accounts)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitExposed(dialog)
    return dialog


def test_typing_credentials_and_clicking_signs_in(qtbot, sqlite_db, staff, runner):
    dialog = _dialog(qtbot, runner)
    type_text(qtbot, dialog.edt_login, "wang.fang")
    type_text(qtbot, dialog.edt_password, PASSWORD)
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor is not None and dialog.actor.id == staff["manager"].id
    assert AuditEntry.get().action == "sign_in"


def test_agent_number_and_return_key_sign_in(qtbot, sqlite_db, staff, runner):
    dialog = _dialog(qtbot, runner)
    type_text(qtbot, dialog.edt_login, "A001")
    type_text(qtbot, dialog.edt_password, PASSWORD + "\n")
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.username == "zhao.lei"


def test_wrong_password_shows_message_keeps_login_and_clears_password(
    qtbot, sqlite_db, staff, runner
):
    dialog = _dialog(qtbot, runner)
    type_text(qtbot, dialog.edt_login, "li.na")
    type_text(qtbot, dialog.edt_password, "not-the-password")
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.isVisible() and dialog.actor is None
    assert dialog.lbl_error.isVisible()
    assert dialog.lbl_error.text() == REFUSED
    assert dialog.edt_login.text() == "li.na"
    assert dialog.edt_password.text() == ""
    assert dialog.focusWidget() is dialog.edt_password
    # The second try, with the right password, goes through.
    type_text(qtbot, dialog.edt_password, PASSWORD)
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.actor.username == "li.na"


def test_a_locked_account_says_no_more_than_an_unknown_login(qtbot, sqlite_db, staff, runner):
    for _ in range(5):
        with contextlib.suppress(SignInFailed):
            sign_in("li.na", "guess")
    dialog = _dialog(qtbot, runner)
    type_text(qtbot, dialog.edt_login, "li.na")
    type_text(qtbot, dialog.edt_password, PASSWORD)
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.lbl_error.text() == REFUSED  # no "locked until 9:15" for a guesser to read
    assert dialog.actor is None


def test_empty_fields_are_not_sent_as_an_attempt(qtbot, sqlite_db, staff, runner):
    dialog = _dialog(qtbot, runner)
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.lbl_error.text() == "Enter your user name or agent number."
    type_text(qtbot, dialog.edt_login, "li.na")
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.lbl_error.text() == "Enter your password."
    assert AuditEntry.select().count() == 0
    assert User.get(User.username == "li.na").failed_attempts == 0


def test_clicking_a_demo_account_fills_the_fields(qtbot, sqlite_db, staff, runner):
    accounts = [("wang.fang", PASSWORD, "Manager"), ("li.na", PASSWORD, "Front desk")]
    dialog = _dialog(qtbot, runner, accounts)
    table = dialog.tbl_demo_accounts
    assert table.isVisible() and table.rowCount() == 2
    rect = table.visualRect(table.model().index(1, 1))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert (dialog.edt_login.text(), dialog.edt_password.text()) == ("li.na", PASSWORD)
    qtbot.mouseClick(dialog.btn_sign_in, Qt.MouseButton.LeftButton)
    settle(qtbot, runner)
    assert dialog.actor.id == staff["front_desk"].id


def test_no_demo_list_on_a_real_database(qtbot, sqlite_db, staff, runner):
    assert _dialog(qtbot, runner).tbl_demo_accounts is None


def test_the_dialog_is_busy_while_the_password_is_checked(qtbot, sqlite_db, staff, runner):
    dialog = _dialog(qtbot, runner)
    type_text(qtbot, dialog.edt_login, "li.na")
    type_text(qtbot, dialog.edt_password, "not-the-password\n")
    # The check runs in the worker: nothing can be pressed or typed until it answers, and a
    # second Enter is not a second attempt towards the lock-out.
    assert not dialog.btn_sign_in.isEnabled() and not dialog.btn_cancel.isEnabled()
    assert not dialog.edt_password.isEnabled()
    qtbot.keyClick(dialog, Qt.Key.Key_Return)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    settle(qtbot, runner)
    assert dialog.isVisible() and dialog.btn_sign_in.isEnabled()
    assert dialog.lbl_error.text() == REFUSED
    assert User.get(User.username == "li.na").failed_attempts == 1
