"""Every table answers the keyboard and the mouse alike: Tab leaves, Enter and a double-click
run the row's main action, a right-click offers the row's actions, buttons name their keys."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QItemSelectionModel, QPointF, Qt
from PySide6.QtGui import QAction, QContextMenuEvent, QEnterEvent, QGuiApplication, QKeySequence
from PySide6.QtWidgets import QApplication, QMenu

from branchdesk.db.models import Visit
from branchdesk.ui.admin.audit_tab import AuditTab
from branchdesk.ui.admin.user_dialog import UserDialog
from branchdesk.ui.admin.users_tab import UsersTab
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.common.table_behaviour import RowBehaviour
from branchdesk.ui.main_window import MINIMUM_SIZE, MainWindow
from branchdesk.ui.visitors.presence_tab import PresenceTab
from branchdesk.ui.visitors.replies_tab import PendingRepliesTab
from branchdesk.ui.visitors.reply_dialogs import AnswerDialog
from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
from branchdesk.visitors.replies import mark_pending
from tests.conftest import T0
from tests.ui.conftest import wait_for


def shown(qtbot, widget):
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitExposed(widget)
    widget.activateWindow()
    qtbot.waitUntil(widget.isActiveWindow)
    return widget


def select_first_row(view) -> None:
    view.setFocus()
    index = view.model().index(0, 0)
    view.selectionModel().setCurrentIndex(
        index,
        QItemSelectionModel.SelectionFlag.ClearAndSelect | QItemSelectionModel.SelectionFlag.Rows,
    )


def menu_texts(menu: QMenu) -> list[str]:
    texts = []
    for action in menu.actions():
        if action.isSeparator():
            texts.append("—")
        elif action.menu() is not None:
            texts.append(f"{action.text()} ▸")
        else:
            texts.append(action.text())
    return texts


@pytest.fixture
def opened(monkeypatch) -> list:
    paths: list = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: paths.append(path) or True)
    return paths


def test_tab_leaves_the_table_instead_of_walking_its_cells(qtbot, context, add_visit):
    add_visit("张伟")
    tab = shown(qtbot, PresenceTab(context))
    wait_for(qtbot, context)
    select_first_row(tab.tbl_visitors)
    assert tab.tbl_visitors.hasFocus()
    qtbot.keyClick(tab.tbl_visitors, Qt.Key.Key_Tab)
    assert not tab.tbl_visitors.hasFocus()
    assert tab.tbl_visitors.currentIndex().column() == 0  # no cell was walked to


def test_enter_and_double_click_open_the_visits_form(qtbot, context, add_visit, opened):
    add_visit("张伟")
    tab = shown(qtbot, PresenceTab(context))
    wait_for(qtbot, context)
    select_first_row(tab.tbl_visitors)
    qtbot.keyClick(tab.tbl_visitors, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert len(opened) == 1 and opened[0].name.startswith("visit-registration-")
    rect = tab.tbl_visitors.visualRect(tab.model.index(0, 1))
    # A real double-click starts with a press; QTest's double-click event alone has none.
    qtbot.mouseClick(tab.tbl_visitors.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(tab.tbl_visitors.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_for(qtbot, context)
    assert len(opened) == 2


def test_the_context_menu_acts_on_the_row_clicked(qtbot, context, add_visit, questions):
    add_visit("张伟")
    add_visit("李秀英", "13998765432")
    tab = shown(qtbot, PresenceTab(context))
    wait_for(qtbot, context)
    rect = tab.tbl_visitors.visualRect(tab.model.index(1, 1))
    at = QPointF(rect.center())
    QApplication.sendEvent(tab.tbl_visitors, QEnterEvent(at, at, at))  # the mouse comes in
    viewport = tab.tbl_visitors.viewport()  # a right-click, as the mouse delivers it
    click = QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, rect.center(), viewport.mapToGlobal(rect.center())
    )
    QApplication.sendEvent(viewport, click)
    menu = tab.tbl_visitors.findChild(RowBehaviour).menu
    assert menu.isVisible()
    assert [row.name for row in tab.selected_rows()] == ["李秀英"]
    assert menu_texts(menu) == [
        "Sign out selected…",
        "Question pending…",
        "Escalate…",
        "—",
        "Print…",
        "Save PDF…",
        "Open in PDF viewer",
        "—",
        "Copy",
    ]
    sign_out = next(a for a in menu.actions() if a.text() == "Sign out selected…")
    menu.close()
    questions.answer("btn_confirm_action")
    sign_out.trigger()
    wait_for(qtbot, context)
    assert Visit.get(Visit.name == "李秀英").left_at is not None
    assert Visit.get(Visit.name == "张伟").left_at is None


def test_copy_puts_the_selected_rows_on_the_clipboard(qtbot, context, add_visit):
    add_visit("张伟", organisation="北京华信科技有限公司")
    tab = shown(qtbot, PresenceTab(context))
    wait_for(qtbot, context)
    select_first_row(tab.tbl_visitors)
    qtbot.keyClick(tab.tbl_visitors, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    copied = QGuiApplication.clipboard().text().split("\t")
    assert copied[1:3] == ["张伟", "北京华信科技有限公司"]


def test_buttons_have_shortcuts_named_in_their_tooltips(qtbot, context, add_visit, questions):
    add_visit("张伟")
    tab = shown(qtbot, PresenceTab(context))
    wait_for(qtbot, context)
    assert tab.btn_sign_out.shortcut() == QKeySequence("Ctrl+E")
    # Nothing selected: the disabled button says why; once a row is chosen, its keys.
    assert tab.btn_sign_out.toolTip() == "Select the visitors who are leaving first."
    select_first_row(tab.tbl_visitors)
    assert tab.btn_sign_out.toolTip() == "Sign out selected… (Ctrl+E)"
    assert tab.btn_register.toolTip() == "Register visitor… (Ctrl+N)"
    assert tab.btn_print.toolTip() == "Visit form PDF… (Ctrl+P)"
    assert tab.visit_pdf.act_print.shortcut() == QKeySequence("Ctrl+P")
    questions.answer("btn_confirm_action")
    qtbot.keyClick(tab.tbl_visitors, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    # A button's shortcut clicks it visibly (animateClick): the click follows a moment later.
    qtbot.waitUntil(lambda: "张伟" in tab.lbl_status.text(), timeout=10_000)
    assert Visit.get().left_at is not None


def test_a_disabled_buttons_shortcut_does_nothing(qtbot, make_context, staff, add_visit):
    add_visit("张伟")
    tab = shown(qtbot, PresenceTab(make_context(staff["agent"])))  # agents may not sign out
    wait_for(qtbot, tab._context)
    select_first_row(tab.tbl_visitors)
    assert not tab.btn_sign_out.isEnabled()
    qtbot.keyClick(tab.tbl_visitors, Qt.Key.Key_E, Qt.KeyboardModifier.ControlModifier)
    qtbot.wait(300)  # longer than a button's animated click
    wait_for(qtbot, tab._context)
    assert Visit.get().left_at is None


def test_visit_log_rows_open_their_form_on_enter(qtbot, context, add_visit, opened):
    add_visit("张伟")
    tab = shown(qtbot, VisitLogTab(context))
    wait_for(qtbot, context)
    select_first_row(tab.tbl_visits)
    qtbot.keyClick(tab.tbl_visits, Qt.Key.Key_Enter, Qt.KeyboardModifier.KeypadModifier)
    wait_for(qtbot, context)
    assert len(opened) == 1
    assert not tab.tbl_visits.tabKeyNavigation()


def test_enter_on_a_pending_reply_opens_the_answer(qtbot, context, staff, add_visit):
    visit_id = add_visit("张伟")
    mark_pending(staff["front_desk"], visit_id, "发票何时寄出？", staff["agent"].id, now=T0)
    tab = shown(qtbot, PendingRepliesTab(context))
    wait_for(qtbot, context)
    select_first_row(tab.tbl_replies)
    qtbot.keyClick(tab.tbl_replies, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: tab.findChild(AnswerDialog) is not None)
    tab.findChild(AnswerDialog).reject()
    assert tab.btn_answer.toolTip() == "Mark answered… (Ctrl+R)"


def test_enter_on_a_user_edits_them_and_the_audit_log_offers_copy(qtbot, make_context, staff):
    context = make_context(staff["manager"])
    users = shown(qtbot, UsersTab(context))
    wait_for(qtbot, context)
    row = next(
        r for r in range(users.tbl_users.rowCount()) if users.tbl_users.item(r, 1).text() == "li.na"
    )
    users.tbl_users.setFocus()
    users.tbl_users.selectRow(row)
    qtbot.keyClick(users.tbl_users, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: users.findChild(UserDialog) is not None)
    users.findChild(UserDialog).reject()

    audit = shown(qtbot, AuditTab(context))
    wait_for(qtbot, context)
    assert not audit.tbl_entries.tabKeyNavigation()
    menu = audit.tbl_entries.findChild(RowBehaviour).build_menu()
    assert [a.text() for a in menu.actions()] == ["Copy"]


def test_the_window_cannot_be_shrunk_below_a_usable_size(qtbot, context):
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    wait_for(qtbot, context)
    window.resize(300, 200)
    assert window.width() >= MINIMUM_SIZE.width() and window.height() >= MINIMUM_SIZE.height()
    assert window.findChild(QAction, "act_blank_form").shortcut() == QKeySequence("Ctrl+Shift+P")
    assert QApplication.instance() is not None
