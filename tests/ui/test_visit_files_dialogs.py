"""Import from File → Import visits… (a preview, then all rows or none) and export from the
visit log tab, driven as a user would; the search box's message for text it cannot search."""

from __future__ import annotations

import stat
from datetime import timedelta

import pytest
from openpyxl import load_workbook
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction

from branchdesk.db.models import AuditEntry, Visit
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.visitors import export_dialog, import_dialog
from branchdesk.ui.visitors.export_dialog import ExportVisitsDialog
from branchdesk.ui.visitors.import_dialog import ImportVisitsDialog
from branchdesk.ui.visitors.visit_log_tab import VisitLogTab
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

GOOD = (
    "姓名,电话,来访事由,来访时间,离开时间,接待人\n"
    "张伟,+86 139 1234 5678,咨询,2026-11-20 09:30,2026-11-20 10:00,王芳\n"
    "李娜,13812345678,投诉,2026-11-20 11:00,2026-11-20 11:30,\n"
)
BAD = GOOD + ",12345,跳舞,2026-11-20 12:00,2026-11-20 12:30,\n"


def _window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for(qtbot, context)
    return window


def _import_dialog(qtbot, window) -> ImportVisitsDialog:
    window.findChild(QAction, "act_import_visits").trigger()
    qtbot.waitUntil(lambda: window.findChild(ImportVisitsDialog) is not None)
    return window.findChild(ImportVisitsDialog)


def _choose(qtbot, context, dialog, monkeypatch, path) -> None:
    monkeypatch.setattr(import_dialog, "choose_register_file", lambda *_args: str(path))
    qtbot.mouseClick(dialog.btn_choose, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)


def _cells(table, column) -> list[str]:
    return [table.item(r, column).text() for r in range(table.rowCount())]


def test_a_register_is_previewed_refused_while_bad_then_imported(
    qtbot, context, monkeypatch, tmp_path
):
    window = _window(qtbot, context)
    dialog = _import_dialog(qtbot, window)
    assert not dialog.btn_import.isEnabled()
    register = tmp_path / "register.csv"
    register.write_text(BAD, "utf-8")
    _choose(qtbot, context, dialog, monkeypatch, register)
    assert _cells(dialog.tbl_rows, 2) == ["张伟", "李娜"]
    assert dialog.tbl_errors.isVisible()
    assert set(_cells(dialog.tbl_errors, 1)) == {"Name", "Phone", "Purpose"}
    assert set(_cells(dialog.tbl_errors, 0)) == {"4"}
    assert "1 row needs correcting" in dialog.lbl_summary.text()
    assert not dialog.btn_import.isEnabled()

    register.write_text(GOOD, "utf-8")  # corrected in Excel, chosen again
    _choose(qtbot, context, dialog, monkeypatch, register)
    assert not dialog.tbl_errors.isVisible()
    assert _cells(dialog.tbl_rows, 3) == ["139 1234 5678", "138 1234 5678"]
    assert dialog.lbl_summary.text() == "2 visits are ready to import."
    assert dialog.btn_import.isEnabled()
    before = Visit.select().count()
    refreshed = []
    context.hub.changed.connect(refreshed.append)
    qtbot.mouseClick(dialog.btn_import, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    ids = [v.visit_id for v in dialog.imported]
    assert dialog.lbl_summary.text() == f"Imported 2 visits: numbers {ids[0]} to {ids[1]}."
    assert Visit.select().count() == before + 2
    assert [Visit.get_by_id(i).name for i in ids] == ["张伟", "李娜"]
    assert "visits" in refreshed
    assert not dialog.btn_import.isEnabled()  # a second click would import them twice
    entries = AuditEntry.select().where(AuditEntry.action == "visit_imported")
    assert {e.detail for e in entries} == {"file=register.csv; row=2", "file=register.csv; row=3"}


def test_a_file_that_is_no_register_is_said_under_the_file(qtbot, context, monkeypatch, tmp_path):
    dialog = _import_dialog(qtbot, _window(qtbot, context))
    notes = tmp_path / "notes.xlsx"
    notes.write_bytes(b"not a workbook")
    _choose(qtbot, context, dialog, monkeypatch, notes)
    assert dialog.lbl_error_file.isVisible()
    assert "not an Excel workbook" in dialog.lbl_error_file.text()
    assert not dialog.btn_import.isEnabled()


def test_agents_have_no_import_entry(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["agent"]))
    action = window.findChild(QAction, "act_import_visits")
    assert action is None or not action.isEnabled()


@pytest.fixture
def log_tab(qtbot):
    def build(context) -> VisitLogTab:
        tab = VisitLogTab(context)
        qtbot.addWidget(tab)
        tab.show()
        wait_for(qtbot, context)
        return tab

    return build


def test_the_manager_exports_the_filtered_days(
    qtbot, make_context, staff, add_visit, log_tab, monkeypatch, tmp_path
):
    add_visit("张伟", at=T0 - timedelta(days=1))
    add_visit("李娜", "13912345678", at=T0)
    context = make_context(staff["manager"])
    tab = log_tab(context)
    tab.chk_date_from.setChecked(True)
    tab.dte_from.setDate(T0.date())
    assert tab.btn_export.isEnabled()
    qtbot.mouseClick(tab.btn_export, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(ExportVisitsDialog)
    assert dialog.dte_from.date().toPython() == T0.date()
    target = tmp_path / "visits.xlsx"
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda *_args: str(target))
    qtbot.mouseClick(dialog.btn_export, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.lbl_result.text() == f"Exported 1 visit to {target}."
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    sheet = load_workbook(target).worksheets[0]
    assert [row[3].value for row in sheet.iter_rows(min_row=2)] == ["李娜"]


def test_a_reversed_range_is_said_next_to_the_end_date(
    qtbot, make_context, staff, log_tab, monkeypatch, tmp_path
):
    context = make_context(staff["manager"])
    dialog = ExportVisitsDialog(context, T0.date(), T0.date() - timedelta(days=1))
    qtbot.addWidget(dialog)
    dialog.show()
    target = tmp_path / "visits.csv"
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda *_args: str(target))
    qtbot.mouseClick(dialog.btn_export, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.errors.label("date_to").isVisible()
    assert not target.exists()


@pytest.mark.parametrize("role", ["front_desk", "agent"])
def test_others_see_why_they_cannot_export(qtbot, make_context, staff, log_tab, role):
    tab = log_tab(make_context(staff[role]))
    assert not tab.btn_export.isEnabled()
    assert tab.btn_export.toolTip() == "Only a manager may export the visit log."
    assert tab.open_export() is None


def test_text_the_search_cannot_use_is_said_under_the_box(qtbot, context, add_visit, log_tab):
    add_visit()
    tab = log_tab(context)
    type_text(qtbot, tab.edt_search, "张")
    tab.edt_search.insert("\x00")
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert tab.lbl_error_text.isVisible()
    assert "control characters" in tab.lbl_error_text.text()
    assert tab.edt_search.text() == "张\x00"  # kept, to be corrected
    tab.edt_search.setText("张")
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert not tab.lbl_error_text.isVisible()
    assert tab.model.rowCount() == 1
