"""The visitor pass size in the settings tab: a choice by name, stored by key."""

import pytest
from PySide6.QtCore import Qt

from branchdesk.settings.kinds import Choice, InvalidValue
from branchdesk.settings.store import all_settings
from branchdesk.ui.admin.settings_tab import SettingsTab
from tests.ui.conftest import wait_for


@pytest.fixture
def tab(qtbot, make_context, staff):
    tab = SettingsTab(make_context(staff["manager"]))
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    wait_for(qtbot, tab.context)
    return tab


def test_pass_size_is_chosen_by_name_and_stored_by_key(qtbot, tab):
    combo = tab.editors["visitor_pass_size"].widget
    assert [combo.itemText(i) for i in range(combo.count())] == ["A6 sheet", "Label, 90 × 54 mm"]
    assert combo.currentText() == "A6 sheet"
    combo.setFocus()
    qtbot.keyClick(combo, Qt.Key.Key_Down)
    assert combo.currentText() == "Label, 90 × 54 mm"
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert all_settings()["visitor_pass_size"] == "label_90x54"


def test_choice_refuses_a_key_it_does_not_offer():
    kind = Choice((("a6", "A6 sheet"), ("label_90x54", "Label")))
    assert kind.clean("a6") == "a6"
    with pytest.raises(InvalidValue, match="Choose one of the options in the list."):
        kind.clean("a4")
