"""The audit view's person and target filters, the name a person has today, and the export,
driven as a manager uses them."""

import csv
from datetime import timedelta

import pytest
from PySide6 import QtWidgets
from PySide6.QtCore import Qt

from branchdesk.audit.log import Action, record
from branchdesk.auth.users import UserForm, update_user
from branchdesk.db.models import AuditEntry
from branchdesk.visitors.permissions import VisitAction
from tests.conftest import T0, make_user
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text


@pytest.fixture
def tab(qtbot, sqlite_db, staff, make_context):
    desk = staff["front_desk"]
    record(desk, VisitAction.VISIT_REGISTERED, "visit:12", at=T0)
    record(desk, VisitAction.VISIT_REGISTERED, "visit:13", at=T0 + timedelta(minutes=1))
    record(desk, VisitAction.VISIT_SIGNED_OUT, "visit:12", at=T0 + timedelta(minutes=2))
    record(staff["manager"], Action.SETTINGS_CHANGED, at=T0 + timedelta(minutes=3),
           target_kind="setting", target_id="closing_time",
           old={"closing_time": "18:00"}, new={"closing_time": "17:30"})  # fmt: skip
    from branchdesk.ui.admin.audit_tab import AuditTab

    tab = AuditTab(make_context(staff["manager"]))
    qtbot.addWidget(tab)
    tab.resize(1200, 450)
    tab.show()
    wait_for(qtbot, tab.context)
    tab.qtbot = qtbot
    return tab


def _column(tab, column: int) -> list[str]:
    wait_for(tab.qtbot, tab.context)
    return [tab.model.index(r, column).data() for r in range(tab.model.rowCount())]


def _choose(tab, combo, data) -> None:
    combo.setCurrentIndex(combo.findData(data))
    wait_for(tab.qtbot, tab.context)


def test_people_are_listed_and_one_person_is_shown(tab, staff):
    people = [tab.filters.cmb_person.itemText(i) for i in range(tab.filters.cmb_person.count())]
    assert people[0] == "Everyone" and "李娜 (li.na)" in people and "王芳 (wang.fang)" in people
    _choose(tab, tab.filters.cmb_person, staff["manager"].id)
    assert _column(tab, 0) == ["4"]
    _choose(tab, tab.filters.cmb_person, None)
    assert _column(tab, 0) == ["4", "3", "2", "1"]


def test_a_kind_of_target_then_one_target_typed_with_enter(tab):
    assert not tab.filters.edt_target_id.isEnabled()  # an id alone names nothing
    _choose(tab, tab.filters.cmb_kind, "visit")
    assert _column(tab, 0) == ["3", "2", "1"]
    type_text(tab.qtbot, tab.filters.edt_target_id, "12")
    tab.qtbot.keyClick(tab.filters.edt_target_id, Qt.Key.Key_Return)
    assert _column(tab, 0) == ["3", "1"]
    assert _column(tab, 4) == ["Visit 12", "Visit 12"]
    tab.filters.edt_target_id.clear()
    tab.qtbot.keyClick(tab.filters.edt_target_id, Qt.Key.Key_Return)
    assert _column(tab, 0) == ["3", "2", "1"]


def test_a_settings_change_reads_old_to_new(tab):
    _choose(tab, tab.filters.cmb_kind, "setting")
    assert _column(tab, 4) == ["Closing time"]
    assert _column(tab, 5) == ["Closing time: 18:00 → 17:30"]


def test_the_name_today_is_shown_beside_the_name_then(qtbot, tab, staff):
    form = UserForm("li.na", "李娜娜", "front_desk", "F001", "")
    update_user(staff["manager"], staff["front_desk"].id, form, now=T0 + timedelta(minutes=5))
    qtbot.mouseClick(tab.btn_refresh, Qt.MouseButton.LeftButton)
    who = _column(tab, 2)
    assert who[0] == "王芳"  # the change itself, by the manager
    assert who[-1] == "李娜 (now 李娜娜)"


def test_export_saves_what_the_filters_show_and_is_audited(qtbot, tab, tmp_path, monkeypatch):
    _choose(tab, tab.filters.cmb_kind, "visit")
    target = tmp_path / "visits"  # typed without a suffix, the Excel type not chosen: CSV
    monkeypatch.setattr(
        QtWidgets.QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(target), "CSV file (*.csv)"),
    )
    qtbot.mouseClick(tab.btn_export, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)

    saved = tmp_path / "visits.csv"
    assert tab.lbl_export.text() == f"3 entries exported to {saved}"
    with saved.open(encoding="utf-8-sig", newline="") as file:
        rows = list(csv.reader(file))
    assert [(row[0], row[6]) for row in rows[1:]] == [
        ("3", "Visit 12"), ("2", "Visit 13"), ("1", "Visit 12"),
    ]  # fmt: skip
    exported = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (exported.action, exported.actor_name) == (Action.AUDIT_EXPORTED, "王芳")


def test_export_to_an_unwritable_place_says_so_next_to_the_list(qtbot, tab, tmp_path, monkeypatch):
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setattr(
        QtWidgets.QFileDialog,
        "getSaveFileName",
        lambda *args, **kwargs: (str(blocker / "log.csv"), "CSV file (*.csv)"),
    )
    qtbot.mouseClick(tab.btn_export, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert tab.lbl_error.isVisible()
    assert tab.lbl_error.text().startswith("The file could not be written:")
    assert AuditEntry.select().where(AuditEntry.action == Action.AUDIT_EXPORTED).count() == 0


def test_export_is_not_offered_a_file_when_cancelled(qtbot, tab, monkeypatch):
    monkeypatch.setattr(QtWidgets.QFileDialog, "getSaveFileName", lambda *args, **kwargs: ("", ""))
    qtbot.mouseClick(tab.btn_export, Qt.MouseButton.LeftButton)
    assert not tab.context.runner.busy
    assert tab.lbl_export.text() == ""


def test_refresh_lists_an_account_added_since_and_keeps_the_person_chosen(qtbot, tab, staff):
    _choose(tab, tab.filters.cmb_person, staff["front_desk"].id)
    make_user("chen.jing", "front_desk", "陈静")
    qtbot.mouseClick(tab.btn_refresh, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    people = [tab.filters.cmb_person.itemText(i) for i in range(tab.filters.cmb_person.count())]
    assert "陈静 (chen.jing)" in people
    assert tab.filters.cmb_person.currentText() == "李娜 (li.na)"
    assert _column(tab, 0) == ["3", "2", "1"]
