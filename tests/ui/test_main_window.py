"""The main window as each role sees it: tabs, menus, shortcuts, status bar."""

import dataclasses

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence

from branchdesk.ui.hub import REPLIES, VISITS
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.visitors.registration_dialog import RegistrationDialog
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.ui.conftest import BRANCH, COMPANY, wait_for
from tests.ui.keyboard import type_text


def _window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for(qtbot, context)  # the branch's names and the first tab's rows, read in the worker
    return window


def _tab_titles(window):
    return [window.tab_widget.tabText(i) for i in range(window.tab_widget.count())]


def test_each_role_sees_only_the_tabs_it_may_use(qtbot, make_context, staff):
    front = _window(qtbot, make_context(staff["front_desk"]))
    assert _tab_titles(front) == [
        "Visitors", "Expected visitors", "Pending replies", "Visit log", "Customers",
    ]  # fmt: skip
    manager = _window(qtbot, make_context(staff["manager"]))
    assert _tab_titles(manager) == [
        "Visitors",
        "Expected visitors",
        "Pending replies",
        "Visit log",
        "Customers",
        "Calls",
        "Call scripts",
        "Users",
        "Settings",
        "Audit log",
    ]
    admin = _window(qtbot, make_context(staff["admin"]))
    # The administrator runs accounts and the system, and sees no visitor's data; customer
    # files only with a clearance a manager gives (the tab is refused until then).
    assert _tab_titles(admin) == ["Customers", "Users", "Audit log"]
    assert admin.findChild(QAction, "act_backup") is not None
    assert manager.findChild(QAction, "act_backup") is None


def test_status_bar_names_user_branch_and_database(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["agent"]))
    assert window.lbl_user.text() == "User: 赵磊 · Agent · No. A001"
    assert window.lbl_branch.text() == f"Branch: {COMPANY} · {BRANCH}"
    assert window.lbl_database.text() == "Database: SQLite: test"
    assert COMPANY in window.windowTitle()


def test_ctrl_n_opens_registration_and_ctrl_2_switches_tab(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["front_desk"]))
    register = window.findChild(QAction, "act_register")
    assert register.shortcut() == QKeySequence("Ctrl+N")
    register.trigger()
    qtbot.waitUntil(lambda: window.findChild(RegistrationDialog) is not None)
    dialog = window.findChild(RegistrationDialog)
    assert dialog.isVisible()
    dialog.reject()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tab_widget, Qt.Key.Key_3, Qt.KeyboardModifier.ControlModifier)
    assert window.current_tab() is window.tabs["replies"]


def test_menu_shortcuts_for_search_quit_and_refresh(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["front_desk"]))
    shortcut = {name: window.findChild(QAction, name).shortcut() for name in
                ("act_search", "act_quit", "act_refresh")}  # fmt: skip
    assert shortcut["act_search"] == QKeySequence("Ctrl+F")
    assert shortcut["act_quit"] == QKeySequence("Ctrl+Q")
    assert shortcut["act_refresh"] == QKeySequence("F5")


def test_language_menu_asks_for_a_rebuild_in_that_language(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["front_desk"]))
    with qtbot.waitSignal(window.language_change_requested) as signal:
        window.findChild(QAction, "act_lang_zh_TW").trigger()
    assert signal.args == ["zh_TW"]


def test_settings_saved_updates_the_status_bar(qtbot, make_context, staff):
    from branchdesk.branch.service import update_settings

    window = _window(qtbot, make_context(staff["manager"]))
    update_settings(staff["manager"], {"branch_name": "北京朝阳分公司"})
    window.context.hub.changed.emit("settings")
    wait_for(qtbot, window.context)
    assert window.lbl_branch.text() == f"Branch: {COMPANY} · 北京朝阳分公司"


def test_tabs_are_built_when_first_shown_and_keep_each_other_current(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["front_desk"]))
    assert list(window.tabs) == ["visitors"]
    window.tab_widget.setCurrentIndex(3)
    wait_for(qtbot, window.context)
    assert list(window.tabs) == ["visitors", "visit_log"]
    log = window.tabs["visit_log"]
    assert log.model.rowCount() == 0
    register_visit(
        staff["front_desk"], VisitForm("张伟", "13812345678", "other", consent_given=True)
    )
    window.context.hub.changed.emit(VISITS)
    wait_for(qtbot, window.context)
    assert log.model.rowCount() == 1


def test_a_change_refreshes_only_the_tabs_that_list_that_kind(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["manager"]))
    for key in window.tab_keys:
        window.tab(key)
    refreshed = []
    for key, tab in window.tabs.items():
        tab.refresh = lambda key=key: refreshed.append(key)
    window.context.hub.changed.emit(VISITS)
    assert sorted(refreshed) == ["expected", "replies", "visit_log"]
    refreshed.clear()
    window.context.hub.changed.emit(REPLIES)
    assert refreshed == ["visitors"]


def test_file_menu_is_built_from_the_areas_declarations(qtbot, make_context, staff):
    front = _window(qtbot, make_context(staff["front_desk"]))
    names = [
        a.objectName() for a in front.menuBar().actions()[0].menu().actions() if a.objectName()
    ]
    assert names == [
        "act_register", "act_expect_visitor", "act_search", "act_blank_form", "act_import_visits",
        "act_new_customer", "act_find_customer",
        "act_sign_out",
        "act_quit",
    ]  # fmt: skip
    admin = _window(qtbot, make_context(staff["admin"]))
    names = [
        a.objectName() for a in admin.menuBar().actions()[0].menu().actions() if a.objectName()
    ]
    assert names[-3:] == ["act_backup", "act_sign_out", "act_quit"]
    assert front.findChild(QAction, "act_register").shortcut() == QKeySequence("Ctrl+N")


def test_status_bar_says_the_demo_database_is_not_encrypted(qtbot, make_context, staff):
    demo = dataclasses.replace(make_context(staff["agent"]), demo=True)
    window = _window(qtbot, demo)
    assert window.lbl_database.text() == "Database: SQLite: test · demo data, not encrypted"
    desk = _window(qtbot, make_context(staff["agent"]))
    assert "not encrypted" not in desk.lbl_database.text()


def test_an_agent_cannot_open_the_registration_form_from_menu_or_shortcut(
    qtbot, make_context, staff
):
    window = _window(qtbot, make_context(staff["agent"]))
    register = window.findChild(QAction, "act_register")
    why = "Your role may not register visitors; the front desk does."
    # Shown, as the tab's button is, but disabled, saying why.
    assert not register.isEnabled()
    assert (register.toolTip(), register.statusTip()) == (why, why)
    button = window.tabs["visitors"].btn_register
    assert not button.isEnabled() and (button.toolTip(), button.statusTip()) == (why, why)

    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)
    qtbot.keyClick(window.tab_widget, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    register.trigger()  # a disabled action does nothing, whoever triggers it
    window.tabs["visitors"].open_registration()  # nor does the tab itself, asked directly
    wait_for(qtbot, window.context)
    assert window.findChild(RegistrationDialog) is None

    front = _window(qtbot, make_context(staff["front_desk"]))
    assert front.findChild(QAction, "act_register").isEnabled()
    assert front.findChild(QAction, "act_register").toolTip() != why


def test_closing_the_window_with_a_form_half_filled_asks_first(qtbot, context, questions):
    window = _window(qtbot, context)
    window.tabs["visitors"].open_registration()
    dialog = window.findChild(RegistrationDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.edt_name, "欧阳娜娜")

    questions.answer("btn_confirm_cancel")  # "Keep editing", the default
    assert not window.close()
    assert window.isVisible() and dialog.isVisible()
    assert dialog.edt_name.text() == "欧阳娜娜"
    assert questions.asked == ["A form has typed input that was not saved. Close and discard it?"]

    questions.answer("btn_confirm_action")  # "Discard"
    assert window.close()
    assert not window.isVisible()


def test_a_window_whose_session_ended_closes_without_asking(qtbot, context, questions):
    window = _window(qtbot, context)
    window.tabs["visitors"].open_registration()
    dialog = window.findChild(RegistrationDialog)
    qtbot.waitUntil(dialog.isVisible)
    type_text(qtbot, dialog.edt_name, "欧阳娜娜")
    window.discard_typed_input = True  # as app.py sets it when a manager ended the session
    assert window.close()
    assert questions.asked == []
