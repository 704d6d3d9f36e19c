"""The users tab and dialog: typing into the real widgets, then checking table and database."""

from datetime import timedelta

import pytest
from PySide6.QtCore import Qt

from branchdesk.auth.roles import Role
from branchdesk.db.models import AuditEntry, User
from branchdesk.ui.admin.users_tab import UsersTab
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text


@pytest.fixture
def manager_context(make_context, staff):
    return make_context(staff["manager"])


@pytest.fixture
def tab(qtbot, manager_context):
    widget = UsersTab(manager_context)
    qtbot.addWidget(widget)
    widget.show()
    wait_for(qtbot, manager_context)
    return widget


def _column(tab, column: int) -> list[str]:
    table = tab.tbl_users
    return [table.item(row, column).text() for row in range(table.rowCount())]


def _select(qtbot, tab, username: str) -> None:
    table = tab.tbl_users
    row = _column(tab, 1).index(username)
    rect = table.visualRect(table.model().index(row, 0))
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_table_lists_every_user_with_translated_role(tab):
    assert sorted(_column(tab, 1)) == ["admin", "li.na", "wang.fang", "zhao.lei"]
    row = _column(tab, 1).index("zhao.lei")
    assert [tab.tbl_users.item(row, c).text() for c in range(5)] == [
        "赵磊",
        "zhao.lei",
        "A001",
        "Agent",
        "Active",
    ]
    assert not tab.btn_edit.isEnabled()


def test_add_user_appears_in_table_and_database(qtbot, tab, manager_context):
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    assert dialog.isVisible()
    type_text(qtbot, dialog.edt_display_name, "陈静")
    type_text(qtbot, dialog.edt_username, "chen.jing")
    type_text(qtbot, dialog.edt_agent_no, "A002")
    dialog.cmb_role.setCurrentIndex(dialog.cmb_role.findData(Role.AGENT.value))
    type_text(qtbot, dialog.edt_password, "welcome-harbour-2026")
    type_text(qtbot, dialog.edt_password_repeat, "welcome-harbour-2026")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)

    assert tab.user_dialog is None  # accepted and closed
    user = User.get(User.username == "chen.jing")
    assert (user.display_name, user.agent_no, user.role, user.active) == (
        "陈静",
        "A002",
        "agent",
        True,
    )
    assert "chen.jing" in _column(tab, 1)
    assert tab.selected_user_id() == user.id
    assert AuditEntry.get().action == "user_created"


def test_bad_input_shows_messages_next_to_fields_and_keeps_it(qtbot, tab, manager_context):
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    type_text(qtbot, dialog.edt_display_name, "张😀")
    type_text(qtbot, dialog.edt_username, "li.na")
    type_text(qtbot, dialog.edt_agent_no, "A001")
    type_text(qtbot, dialog.edt_password, "short")
    type_text(qtbot, dialog.edt_password_repeat, "short")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)

    assert dialog.isVisible()
    errors = dialog.errors
    assert errors.label("username").text() == "This user name is taken."
    assert errors.label("agent_no").text() == "This agent number belongs to someone else."
    assert errors.label("password").text() == "The password needs at least 10 characters."
    assert errors.label("display_name").isVisible()
    assert not errors.label("role").isVisible()
    assert (dialog.edt_display_name.text(), dialog.edt_username.text()) == ("张😀", "li.na")
    assert User.select().count() == 4


def test_passwords_that_differ_are_caught_in_the_dialog(qtbot, tab, manager_context):
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    type_text(qtbot, dialog.edt_password, "welcome-harbour-2026")
    type_text(qtbot, dialog.edt_password_repeat, "welcome-2062")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("password_repeat").isVisible()
    assert not manager_context.runner.busy


def test_edit_by_double_click_keeps_the_password_when_left_empty(qtbot, tab, manager_context):
    table = tab.tbl_users
    row = _column(tab, 1).index("li.na")
    rect = table.visualRect(table.model().index(row, 0))
    # A real double-click starts with a press; QTest's double-click event alone has none.
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = tab.user_dialog
    assert dialog.edt_username.text() == "li.na"
    assert dialog.cmb_role.currentData() == Role.FRONT_DESK.value
    dialog.edt_display_name.clear()
    type_text(qtbot, dialog.edt_display_name, "李娜娜")
    old_hash = User.get(User.username == "li.na").password_hash
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)

    user = User.get(User.username == "li.na")
    assert user.display_name == "李娜娜" and user.password_hash == old_hash
    assert "李娜娜" in _column(tab, 0)


def test_own_role_cannot_be_changed_in_the_dialog(qtbot, tab):
    _select(qtbot, tab, "wang.fang")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    assert not tab.user_dialog.cmb_role.isEnabled()


def test_deactivate_and_activate_again(qtbot, tab, manager_context):
    _select(qtbot, tab, "zhao.lei")
    assert tab.btn_toggle_active.text() == "Deactivate"
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)
    assert User.get(User.username == "zhao.lei").active is False
    row = _column(tab, 1).index("zhao.lei")
    assert tab.tbl_users.item(row, 4).text() == "Deactivated"
    assert tab.btn_toggle_active.text() == "Activate"

    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)
    assert User.get(User.username == "zhao.lei").active is True


def test_deactivating_yourself_is_refused_with_a_message(qtbot, tab, manager_context):
    _select(qtbot, tab, "wang.fang")
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)
    assert tab.lbl_error.isVisible()
    assert "deactivate yourself" in tab.lbl_error.text()
    assert User.get(User.username == "wang.fang").active is True


def test_locked_account_shows_until_when(qtbot, tab, manager_context):
    User.update(locked_until=T0 + timedelta(minutes=10)).where(User.username == "li.na").execute()
    tab.refresh()
    wait_for(qtbot, manager_context)
    row = _column(tab, 1).index("li.na")
    assert tab.tbl_users.item(row, 5).text() != ""
    assert tab.tbl_users.item(_column(tab, 1).index("admin"), 5).text() == ""


def _roles_offered(dialog) -> list[str]:
    return [dialog.cmb_role.itemData(i) for i in range(dialog.cmb_role.count())]


def test_a_manager_is_offered_the_roles_up_to_manager_and_cannot_open_the_admin(
    qtbot, tab, manager_context
):
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    assert _roles_offered(tab.user_dialog) == ["front_desk", "agent", "manager"]
    tab.user_dialog.reject()
    _select(qtbot, tab, "admin")
    assert not tab.btn_edit.isEnabled() and not tab.btn_toggle_active.isEnabled()
    table = tab.tbl_users
    rect = table.visualRect(table.model().index(_column(tab, 1).index("admin"), 0))
    qtbot.mouseDClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert tab.user_dialog is None


def test_the_admin_is_offered_desk_roles_and_admin_but_not_manager(qtbot, make_context, staff):
    context = make_context(staff["admin"])
    tab = UsersTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    assert _roles_offered(tab.user_dialog) == ["front_desk", "agent", "admin"]
    tab.user_dialog.reject()
    _select(qtbot, tab, "wang.fang")
    assert not tab.btn_edit.isEnabled() and not tab.btn_toggle_active.isEnabled()
    _select(qtbot, tab, "li.na")
    assert tab.btn_edit.isEnabled()


def test_a_weak_password_is_explained_next_to_the_field_as_it_is_typed(qtbot, tab, manager_context):
    qtbot.mouseClick(tab.btn_add, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    type_text(qtbot, dialog.edt_username, "chen.jing")
    type_text(qtbot, dialog.edt_password, "password123")
    label = dialog.errors.label("password")
    assert label.isVisible() and "commonly used password" in label.text()
    type_text(qtbot, dialog.edt_password, "-harbour-lantern")
    assert not label.isVisible()


def test_a_reset_password_must_be_changed_at_the_next_sign_in(qtbot, tab, manager_context):
    _select(qtbot, tab, "li.na")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    type_text(qtbot, dialog.edt_password, "reset-by-manager-77")
    type_text(qtbot, dialog.edt_password_repeat, "reset-by-manager-77")
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, manager_context)
    assert User.get(User.username == "li.na").must_change_password is True


def test_ones_own_password_is_not_set_here(qtbot, tab):
    _select(qtbot, tab, "wang.fang")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    assert not tab.user_dialog.edt_password.isEnabled()
