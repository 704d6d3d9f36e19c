"""Changing one's own password: the Account menu, the change required at sign-in, and a window
whose account was changed meanwhile signing out."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QDialog

from branchdesk.audit.log import Action
from branchdesk.auth.roles import Role
from branchdesk.auth.signin import sign_in
from branchdesk.auth.users import UserForm, set_active, update_user
from branchdesk.config import MachineConfig
from branchdesk.db.models import AuditEntry, User
from branchdesk.errors import SignInFailed
from branchdesk.ui import app as desk_app
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.signin_dialog import SignInDialog
from tests.conftest import PASSWORD, T0, make_user
from tests.ui.conftest import settle, wait_for
from tests.ui.keyboard import type_text

NEW = "lantern-harbour-42"


@pytest.fixture
def window(qtbot, make_context, staff):
    context = make_context(staff["front_desk"])
    main = MainWindow(context)
    qtbot.addWidget(main)
    main.show()
    wait_for(qtbot, context)
    return main


def _open_from_menu(qtbot, window):
    window.findChild(type(window.menuBar().actions()[0]), "act_password").trigger()
    dialog = window.password_dialog
    assert dialog.isVisible() and dialog.edt_current.isVisible()
    return dialog


def test_account_menu_changes_the_own_password(qtbot, window):
    assert "Account" in [a.text().replace("&", "") for a in window.menuBar().actions()]
    dialog = _open_from_menu(qtbot, window)
    type_text(qtbot, dialog.edt_current, PASSWORD)
    type_text(qtbot, dialog.edt_new, NEW)
    type_text(qtbot, dialog.edt_repeat, NEW + "\n")
    wait_for(qtbot, window.context)
    assert window.password_dialog is None  # accepted and closed
    assert sign_in("li.na", NEW, now=T0).username == "li.na"
    with pytest.raises(SignInFailed):
        sign_in("li.na", PASSWORD, now=T0)


def test_a_wrong_current_password_or_a_weak_new_one_is_shown_next_to_its_field(qtbot, window):
    dialog = _open_from_menu(qtbot, window)
    type_text(qtbot, dialog.edt_new, "li.na")
    new_label = dialog.errors.label("new_password")
    assert new_label.isVisible() and "at least 10" in new_label.text()
    type_text(qtbot, dialog.edt_current, "not-my-password")
    dialog.edt_new.clear()
    type_text(qtbot, dialog.edt_new, NEW)
    assert not new_label.isVisible()
    type_text(qtbot, dialog.edt_repeat, NEW)
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)
    assert dialog.isVisible()
    assert dialog.errors.label("current_password").text() == "The current password is wrong."
    assert sign_in("li.na", PASSWORD, now=T0).username == "li.na"


def _sign_in_as_li_na(qtbot, runner, dialog: SignInDialog) -> None:
    dialog.edt_login.clear()
    type_text(qtbot, dialog.edt_login, "li.na")
    type_text(qtbot, dialog.edt_password, "reset-by-manager-77\n")
    settle(qtbot, runner)


def test_a_password_someone_else_set_is_replaced_before_the_window_opens(
    qtbot, sqlite_db, staff, runner
):
    form = UserForm("li.na", "李娜", Role.FRONT_DESK, "F001", "reset-by-manager-77", None)
    update_user(staff["manager"], staff["front_desk"].id, form, now=T0)

    dialog = SignInDialog(runner)
    qtbot.addWidget(dialog)
    dialog.show()
    _sign_in_as_li_na(qtbot, runner, dialog)
    change = dialog.password_dialog
    assert change.isVisible() and not change.edt_current.isVisible()  # typed a moment ago
    qtbot.keyClick(change, Qt.Key.Key_Escape)
    assert dialog.actor is None and dialog.isVisible()
    assert dialog.lbl_error.text() == "Choose your own password to sign in."

    _sign_in_as_li_na(qtbot, runner, dialog)  # the same dialog, a second try
    change = dialog.password_dialog
    type_text(qtbot, change.edt_new, NEW)
    type_text(qtbot, change.edt_repeat, NEW + "\n")
    settle(qtbot, runner)
    assert dialog.result() == QDialog.DialogCode.Accepted
    assert dialog.actor.id == staff["front_desk"].id
    assert dialog.actor.must_change_password is False
    assert User.get_by_id(staff["front_desk"].id).must_change_password is False


def _session(tmp_path):
    url = f"sqlite:///{tmp_path / 'test.sqlite3'}"
    return desk_app.DeskSession(QApplication.instance(), url, MachineConfig(), demo=False)


@pytest.mark.parametrize("change", ["deactivated", "demoted", "locked"])
def test_a_changed_account_is_signed_out_at_its_next_action_with_a_message(
    qtbot, sqlite_db, staff, tmp_path, monkeypatch, message_boxes, change
):
    session = _session(tmp_path)
    session.open_window(staff["front_desk"])
    first = session.window
    qtbot.waitUntil(lambda: not session.runner.busy)
    manager = staff["manager"]
    if change == "deactivated":
        set_active(manager, staff["front_desk"].id, False, now=T0)
    elif change == "demoted":
        form = UserForm("li.na", "李娜", Role.AGENT, "F001", "", None)
        update_user(manager, staff["front_desk"].id, form, now=T0)
    else:
        User.update(locked_until=datetime.now() + timedelta(minutes=15)).where(
            User.id == staff["front_desk"].id
        ).execute()
    next_user = make_user("chen.jing", Role.FRONT_DESK, "陈静")
    monkeypatch.setattr(desk_app, "_sign_in", lambda demo, runner: next_user)

    first.refresh_current()  # the next action
    qtbot.waitUntil(lambda: session.window is not first, timeout=10_000)
    qtbot.waitUntil(lambda: not session.runner.busy)

    assert [kind for kind, _text in message_boxes] == ["information"]
    assert {"deactivated": "deactivated", "demoted": "role", "locked": "locked"}[change] in (
        message_boxes[0][1]
    )
    assert session.window.context.actor == next_user
    signed_out = AuditEntry.get(AuditEntry.action == Action.SIGN_OUT)
    assert signed_out.target == "li.na"
    session.window.close()
