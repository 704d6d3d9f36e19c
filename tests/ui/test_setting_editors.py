"""The editors of the kinds no shipped setting uses yet (wording per language, a duration, a
table), in the settings tab as an area would declare them: typed, refused, corrected, saved."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from branchdesk.settings import SettingSpec
from branchdesk.settings.kinds import Duration, LocalizedText, Table
from branchdesk.settings.registry import SETTINGS_BY_KEY
from branchdesk.settings.store import all_settings
from branchdesk.ui.admin.settings_tab import SettingsTab
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

OPENING = SettingSpec("call_opening", "Calls", LocalizedText(max_length=20), {}, "Call opening")
CALLBACK = SettingSpec(
    "callback_within",
    "Calls",
    Duration(limits={"minutes": (5, 120), "business_days": (1, 5)}),
    {"amount": 30, "unit": "minutes"},
    "Call back within",
)
DEADLINES = SettingSpec(
    "complaint_deadlines",
    "Complaints",
    Table(
        rows=(("serious", "Serious"), ("general", "General")),
        columns=(("urgent", "Urgent"), ("normal", "Normal")),
        minimum=0.5,
        maximum=720,
    ),
    {"serious": {"urgent": 2, "normal": 24}, "general": {"urgent": 8, "normal": 72}},
    "Complaint deadlines (hours)",
)


@pytest.fixture
def tab(qtbot, monkeypatch, make_context, staff):
    for spec in (OPENING, CALLBACK, DEADLINES):
        monkeypatch.setitem(SETTINGS_BY_KEY, spec.key, spec)
    tab = SettingsTab(make_context(staff["manager"]))
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    wait_for(qtbot, tab.context)
    return tab


def _save(qtbot, tab) -> None:
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)


def _type_in_cell(qtbot, table, row: int, column: int, text: str) -> None:
    table.setFocus()
    table.setCurrentCell(row, column)
    qtbot.keyClick(table, Qt.Key.Key_F2)  # edit the cell, as a user would
    editor = table.findChild(QLineEdit)
    qtbot.keyClick(editor, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    type_text(qtbot, editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    # As between a user's key press and next click, let the closed editor go away.
    qtbot.waitUntil(lambda: table.findChild(QLineEdit) is None)


def test_wording_per_language_is_labelled_and_too_long_is_refused(qtbot, tab):
    editor = tab.editors["call_opening"].widget
    labels = [label.text() for label in editor.findChildren(QLabel)]
    assert labels == ["简体中文", "繁體中文", "English"]
    type_text(qtbot, editor.edt_by_language["zh_CN"], "您好，华信科技，请问什么事情能够帮您")
    type_text(qtbot, editor.edt_by_language["en"], "Hello, this is Huaxin")
    _save(qtbot, tab)
    message = tab.errors.label("call_opening")
    assert message.text() == "English: At most 20 characters; this has 21."
    assert editor.edt_by_language["en"].text() == "Hello, this is Huaxin"

    qtbot.keyClick(editor.edt_by_language["en"], Qt.Key.Key_Backspace)
    assert not message.isVisible()
    _save(qtbot, tab)
    assert all_settings()["call_opening"] == {
        "zh_CN": "您好，华信科技，请问什么事情能够帮您",
        "zh_TW": "",
        "en": "Hello, this is Huaxi",
    }


def test_duration_unit_sets_the_range_and_is_stored_with_the_amount(qtbot, tab):
    editor = tab.editors["callback_within"].widget
    assert (editor.spn_amount.value(), editor.cmb_unit.currentText()) == (30, "minutes")
    editor.cmb_unit.setFocus()
    qtbot.keyClick(editor.cmb_unit, Qt.Key.Key_Down)
    assert editor.cmb_unit.currentText() == "business days"
    assert editor.spn_amount.maximum() == 5
    _save(qtbot, tab)
    assert all_settings()["callback_within"] == {"amount": 5, "unit": "business_days"}


def test_table_cell_out_of_range_is_named_then_corrected(qtbot, tab):
    table = tab.editors["complaint_deadlines"].widget
    assert table.verticalHeaderItem(1).text() == "General"
    assert table.item(0, 1).text() == "24"
    _type_in_cell(qtbot, table, 1, 0, "0")
    _save(qtbot, tab)
    message = tab.errors.label("complaint_deadlines")
    assert message.text() == "General × Urgent: Enter a number from 0.5 to 720."
    assert table.item(1, 0).text() == "0"

    _type_in_cell(qtbot, table, 1, 0, "1.5")
    assert not message.isVisible()
    _save(qtbot, tab)
    assert all_settings()["complaint_deadlines"] == {
        "serious": {"urgent": 2, "normal": 24},
        "general": {"urgent": 1.5, "normal": 72},
    }
