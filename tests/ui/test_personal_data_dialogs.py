"""The manager's PIPL dialogs, reached from the File menu: purging expired visitor data, and a
visitor's request to see or erase theirs."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from io import BytesIO

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMessageBox

from branchdesk.db.models import AuditEntry, Visit, Visitor
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.visitors import personal_data_dialog
from branchdesk.ui.visitors.personal_data_dialog import PersonalDataDialog
from branchdesk.ui.visitors.retention_dialog import PurgeDialog
from branchdesk.visitors.permissions import VisitAction
from tests.conftest import T0
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

OLD = datetime(2022, 3, 14, 10, 0)  # before the default three years


def _window(qtbot, context) -> MainWindow:
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    wait_for(qtbot, context)
    return window


def _open(qtbot, window, action: str, kind):
    window.findChild(QAction, action).trigger()
    qtbot.waitUntil(lambda: window.findChild(kind) is not None)
    dialog = window.findChild(kind)
    wait_for(qtbot, window.context)
    return dialog


@pytest.fixture
def answer_yes(monkeypatch):
    asked: list[str] = []

    def question(_parent, _title, text, *args, **kwargs):
        asked.append(text)
        return QMessageBox.StandardButton.Yes

    monkeypatch.setattr(QMessageBox, "question", question)
    return asked


@pytest.mark.parametrize("role", ["front_desk", "agent", "admin"])
def test_only_the_manager_has_the_menu_entries(qtbot, make_context, staff, role):
    window = _window(qtbot, make_context(staff[role]))
    assert window.findChild(QAction, "act_purge_expired") is None
    assert window.findChild(QAction, "act_personal_data_request") is None


def test_purge_lists_what_would_go_then_erases_it(
    qtbot, make_context, staff, add_visit, answer_yes
):
    old = add_visit("张伟", "13812345678", at=OLD)
    add_visit("张伟", "13812345678", at=OLD.replace(month=5))
    recent = add_visit("李雷", "13987654321", at=T0)
    window = _window(qtbot, make_context(staff["manager"]))

    dialog = _open(qtbot, window, "act_purge_expired", PurgeDialog)

    assert "2023-11-23" in dialog.lbl_cutoff.text()
    months = [
        (dialog.tbl_months.item(r, 0).text(), dialog.tbl_months.item(r, 1).text())
        for r in range(dialog.tbl_months.rowCount())
    ]
    assert months == [("2022-03", "1"), ("2022-05", "1")]
    assert dialog.lbl_oldest.text() == "2022-03-14"
    assert dialog.lbl_visitors.text() == "1"
    assert Visit.get_by_id(old).name == "张伟"  # nothing erased by looking

    qtbot.mouseClick(dialog.btn_purge, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)

    assert "2 visits before" in answer_yes[0]
    assert dialog.lbl_result.text() == (
        "Done. Visits erased: 2; visitors removed: 1; archived logs removed: 0."
    )
    assert Visit.get_by_id(old).name == "" and Visit.get_by_id(recent).name == "李雷"
    assert dialog.tbl_months.rowCount() == 0
    assert not dialog.btn_purge.isEnabled()
    assert AuditEntry.select().where(AuditEntry.action == VisitAction.EXPIRED_DATA_PURGED).count()
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    assert window.findChild(PurgeDialog) is None or not dialog.isVisible()


def test_purge_asks_first_and_a_no_keeps_everything(
    qtbot, make_context, staff, add_visit, monkeypatch
):
    old = add_visit("张伟", "13812345678", at=OLD)
    monkeypatch.setattr(QMessageBox, "question", lambda *a, **k: QMessageBox.StandardButton.No)
    window = _window(qtbot, make_context(staff["manager"]))
    dialog = _open(qtbot, window, "act_purge_expired", PurgeDialog)

    qtbot.mouseClick(dialog.btn_purge, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)

    assert Visit.get_by_id(old).name == "张伟"
    assert dialog.btn_purge.isEnabled()


def test_a_visitors_request_exports_csv_and_pdf_then_erases(
    qtbot, make_context, staff, add_visit, answer_yes, tmp_path, monkeypatch
):
    visit_id = add_visit("张伟", "13812345678", at=T0, organisation="华信贸易")
    add_visit("李雷", "13987654321", at=T0)
    offered: list[str] = []

    def choose(_parent, default_path, _filter):
        offered.append(default_path)
        return str(tmp_path / ("copy" if len(offered) == 1 else "copy.pdf"))

    monkeypatch.setattr(personal_data_dialog, "choose_export_path", choose)
    window = _window(qtbot, make_context(staff["manager"]))
    dialog = _open(qtbot, window, "act_personal_data_request", PersonalDataDialog)
    assert not dialog.btn_csv.isEnabled() and not dialog.btn_erase.isEnabled()

    type_text(qtbot, dialog.edt_phone, "138 1234 5678")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Return)
    wait_for(qtbot, window.context)
    assert dialog.lbl_found.text() == (
        "张伟, 138 1234 5678. Visits: 1; questions: 0; escalations: 0."
    )
    assert dialog.isVisible()  # Enter looked the number up, it did not close the dialog

    qtbot.mouseClick(dialog.btn_csv, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)
    qtbot.mouseClick(dialog.btn_pdf, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)

    assert offered[0].endswith("visitor-data-13812345678.csv")
    rows = list(csv.reader(io.StringIO((tmp_path / "copy.csv").read_text("utf-8-sig"))))
    assert "华信贸易" in {row[3] for row in rows[2:]}
    pdf = PdfReader(BytesIO((tmp_path / "copy.pdf").read_bytes()))
    assert "华信贸易" in "".join(page.extract_text() for page in pdf.pages)

    qtbot.mouseClick(dialog.btn_erase, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)

    assert "138 1234 5678" in answer_yes[0]
    assert dialog.lbl_found.text().endswith("no longer hold this person's details: 1.")
    assert Visit.get_by_id(visit_id).phone == ""
    assert [v.name for v in Visitor.select()] == ["李雷"]
    assert not dialog.btn_erase.isEnabled()
    actions = [e.action for e in AuditEntry.select().order_by(AuditEntry.id)]
    assert actions[-3:] == [
        VisitAction.PERSONAL_DATA_EXPORTED,
        VisitAction.PERSONAL_DATA_EXPORTED,
        VisitAction.PERSONAL_DATA_ERASED,
    ]


def test_an_unknown_or_invalid_number_says_so_next_to_the_field(qtbot, make_context, staff):
    window = _window(qtbot, make_context(staff["manager"]))
    dialog = _open(qtbot, window, "act_personal_data_request", PersonalDataDialog)

    type_text(qtbot, dialog.edt_phone, "13812345678")
    qtbot.mouseClick(dialog.btn_find, Qt.MouseButton.LeftButton)
    wait_for(qtbot, window.context)
    assert dialog.lbl_found.text() == "Nothing is held about this phone number."
    assert not dialog.btn_csv.isEnabled()

    dialog.edt_phone.clear()
    type_text(qtbot, dialog.edt_phone, "12")
    qtbot.keyClick(dialog.edt_phone, Qt.Key.Key_Return)
    wait_for(qtbot, window.context)
    assert dialog.errors.label("phone").isVisible()
