"""The audit tab lists entries with translated actions and flags a tampered chain in red."""

import pytest
from PySide6.QtCore import Qt

from branchdesk.audit.log import Action, record
from branchdesk.i18n import format_datetime
from branchdesk.ui.admin.audit_tab import ALTERED_STYLE, AuditTab
from branchdesk.ui.admin.audit_text import ACTION_LABELS, all_actions
from tests.conftest import T0
from tests.ui.conftest import wait_for


def _make_tab(qtbot, context) -> AuditTab:
    tab = AuditTab(context)
    qtbot.addWidget(tab)
    tab.resize(1000, 450)
    tab.show()
    wait_for(qtbot, context)
    return tab


@pytest.fixture
def logged(sqlite_db, staff):
    record(None, Action.SIGN_IN_FAILED, "li.na", at=T0)
    record(staff["front_desk"], Action.SIGN_IN, "li.na", at=T0)
    record(staff["front_desk"], Action.VISIT_REGISTERED, "visit 1", "张伟", at=T0)
    record(staff["manager"], Action.SETTINGS_CHANGED, "closing_time,hotline", at=T0)
    return staff


@pytest.fixture
def tab(qtbot, logged, make_context):
    return _make_tab(qtbot, make_context(logged["manager"]))


def _row(tab, row: int) -> list[str]:
    return [tab.tbl_entries.item(row, c).text() for c in range(tab.tbl_entries.columnCount())]


def _refresh(qtbot, tab) -> None:
    qtbot.mouseClick(tab.btn_refresh, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)


def test_every_action_has_a_label():
    assert set(all_actions()) == set(ACTION_LABELS)


def test_entries_newest_first_with_time_who_and_translated_action(tab):
    assert tab.tbl_entries.rowCount() == 4
    assert _row(tab, 0) == [
        "4",
        format_datetime(T0),
        "王芳",
        "Settings changed",
        "Closing time, Service hotline",
        "",
    ]
    assert _row(tab, 1)[2:] == ["李娜", "Visit registered", "visit 1", "张伟"]
    assert _row(tab, 3)[2:4] == ["(nobody signed in)", "Sign-in failed"]
    assert tab.lbl_chain.text() == "Audit log intact"


def test_filter_by_action(qtbot, tab):
    tab.cmb_action.setCurrentIndex(tab.cmb_action.findData(Action.SIGN_IN_FAILED))
    wait_for(qtbot, tab.context)
    assert tab.tbl_entries.rowCount() == 1
    assert _row(tab, 0)[3] == "Sign-in failed"
    tab.cmb_action.setCurrentIndex(0)
    wait_for(qtbot, tab.context)
    assert tab.tbl_entries.rowCount() == 4


def test_tampering_is_flagged_in_red_with_the_entry_number(qtbot, tab, sqlite_db):
    sqlite_db.execute_sql("UPDATE audit_entry SET detail = ? WHERE id = ?", ("李四", 3))
    _refresh(qtbot, tab)
    assert tab.lbl_chain.text() == "Audit log altered at entry 3"
    assert tab.lbl_chain.styleSheet() == ALTERED_STYLE
    row = [_row(tab, r)[0] for r in range(4)].index("3")
    assert tab.tbl_entries.item(row, 0).background().color().name() == "#f9dedc"


def test_deleted_entry_is_flagged(qtbot, tab, sqlite_db):
    sqlite_db.execute_sql("DELETE FROM audit_entry WHERE id = ?", (2,))
    _refresh(qtbot, tab)
    assert tab.lbl_chain.text() == "Audit log altered at entry 3"
    assert tab.tbl_entries.rowCount() == 3


def test_agent_is_refused_by_the_service_even_if_the_tab_is_built(qtbot, logged, make_context):
    tab = _make_tab(qtbot, make_context(logged["agent"]))
    assert tab.tbl_entries.rowCount() == 0
    assert tab.lbl_error.text() == "You do not have permission to do this."
