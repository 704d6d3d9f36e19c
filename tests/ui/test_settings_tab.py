"""The settings form: edit with the keyboard, save, and read the values back from the database."""

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel, QLineEdit

from branchdesk import i18n
from branchdesk.audit.log import Action
from branchdesk.db.models import AuditEntry
from branchdesk.settings.store import all_settings
from branchdesk.ui.admin.settings_tab import SettingsTab
from branchdesk.visitors.settings_spec import VISIT_PURPOSES
from tests.ui.conftest import COMPANY, wait_for
from tests.ui.keyboard import type_text


def _make_tab(qtbot, context) -> SettingsTab:
    tab = SettingsTab(context)
    qtbot.addWidget(tab)
    tab.resize(900, 700)
    tab.show()
    wait_for(qtbot, context)
    return tab


@pytest.fixture
def tab(qtbot, make_context, staff):
    return _make_tab(qtbot, make_context(staff["manager"]))


def _save(qtbot, tab) -> None:
    qtbot.mouseClick(tab.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)


def _retype(qtbot, widget, text: str) -> None:
    widget.setFocus()
    qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(widget, Qt.Key.Key_Delete)
    type_text(qtbot, widget, text)


def _commit(qtbot, lst, item_editor) -> None:
    qtbot.keyClick(item_editor, Qt.Key.Key_Return)
    # As between a user's key press and next click, let the closed editor go away.
    qtbot.waitUntil(lambda: lst.findChild(QLineEdit) is None)


def test_form_shows_the_stored_values_with_translated_labels(tab):
    assert tab.editors["signin_max_failures"].value() == 5
    assert tab.editors["closing_time"].value() == "18:00"
    purposes = tab.editors["visit_purposes"].widget.lst_items
    assert purposes.item(0).text() == "Consultation"
    assert tab.editors["visit_purposes"].value() == VISIT_PURPOSES
    spin = tab.editors["signin_max_failures"].widget
    assert (spin.minimum(), spin.maximum()) == (1, 100)


def test_edit_and_save_persists(qtbot, tab):
    _retype(qtbot, tab.editors["company_name"].widget, "华信科技有限公司")
    _retype(qtbot, tab.editors["signin_max_failures"].widget, "3")
    time_edit = tab.editors["closing_time"].widget
    time_edit.setFocus()  # the hour section is selected; typing fills hour, then minutes
    type_text(qtbot, time_edit, "17:30")
    type_text(qtbot, tab.editors["privacy_notice"].widget, "您的信息仅用于本次来访登记。\n谢谢。")
    purposes = tab.editors["visit_purposes"].widget
    qtbot.mouseClick(purposes.btn_add_item, Qt.MouseButton.LeftButton)
    item_editor = purposes.lst_items.findChild(QLineEdit)
    type_text(qtbot, item_editor, "售后维修")
    _commit(qtbot, purposes.lst_items, item_editor)
    _save(qtbot, tab)

    assert tab.lbl_status.text() == "Settings saved."
    stored = all_settings()
    assert stored["company_name"] == "华信科技有限公司"
    assert stored["signin_max_failures"] == 3
    assert stored["closing_time"] == "17:30"
    assert stored["privacy_notice"] == "您的信息仅用于本次来访登记。\n谢谢。"
    assert stored["visit_purposes"] == [*VISIT_PURPOSES, "售后维修"]
    entries = AuditEntry.select().order_by(AuditEntry.id)
    assert [(e.action, e.target_kind, e.target_id) for e in entries] == [
        (Action.SETTINGS_CHANGED, "setting", key)
        for key in ("closing_time", "company_name", "privacy_notice", "signin_max_failures",
                    "visit_purposes")
    ]  # fmt: skip


def test_renaming_a_translated_entry_stores_what_was_typed(qtbot, tab):
    lst = tab.editors["visit_purposes"].widget.lst_items
    lst.editItem(lst.item(5))  # "Delivery"
    item_editor = lst.findChild(QLineEdit)
    _retype(qtbot, item_editor, "送货 / 取件")
    _commit(qtbot, lst, item_editor)
    _save(qtbot, tab)
    assert all_settings()["visit_purposes"][4:] == ["meeting", "送货 / 取件", "other"]


def test_bad_values_are_shown_next_to_their_fields_and_kept(qtbot, tab):
    too_long = "北京朝阳分公司" * 30
    _retype(qtbot, tab.editors["branch_name"].widget, too_long)
    purposes = tab.editors["visit_purposes"].widget
    for _ in range(len(VISIT_PURPOSES)):
        purposes.lst_items.setCurrentRow(0)
        qtbot.mouseClick(purposes.btn_remove_item, Qt.MouseButton.LeftButton)
    _save(qtbot, tab)

    assert tab.errors.label("branch_name").isVisible()
    assert tab.errors.label("branch_name").text() == "At most 200 characters; this has 210."
    assert tab.errors.label("visit_purposes").text() == "Keep at least one entry."
    assert not tab.errors.label("company_name").isVisible()
    assert tab.editors["branch_name"].value() == too_long
    assert all_settings()["visit_purposes"] == VISIT_PURPOSES
    assert AuditEntry.select().count() == 0


def test_restore_one_default_and_all_defaults(qtbot, tab):
    _retype(qtbot, tab.editors["company_name"].widget, "华信科技")
    _retype(qtbot, tab.editors["reply_deadline_hours"].widget, "48")
    _retype(qtbot, tab.editors["greeting_template"].widget, "欢迎")
    qtbot.mouseClick(tab.btn_restore["reply_deadline_hours"], Qt.MouseButton.LeftButton)
    assert tab.editors["reply_deadline_hours"].value() == 24
    assert tab.editors["greeting_template"].value() == "欢迎"

    qtbot.mouseClick(tab.btn_restore_all, Qt.MouseButton.LeftButton)
    assert tab.editors["greeting_template"].value() == ""  # the built-in greeting
    # The branch's own name has no default worth restoring; it stays as typed.
    assert tab.editors["company_name"].value() == "华信科技"
    assert "company_name" not in tab.btn_restore
    assert all_settings()["greeting_template"] == ""  # nothing saved yet


def test_empty_wording_fields_show_the_built_in_text_greyed(tab):
    assert tab.editors["greeting_template"].value() == ""
    assert tab.editors["greeting_template"].widget.placeholderText() == (
        "Hello, welcome to {company}"
    )
    assert (
        tab.editors["privacy_notice"]
        .widget.placeholderText()
        .startswith("Your name, phone number and visit details")
    )
    assert "greeting_template" in tab.btn_restore


def test_discard_reloads_the_stored_values(qtbot, tab):
    _retype(qtbot, tab.editors["signin_lockout_minutes"].widget, "60")
    qtbot.mouseClick(tab.btn_discard, Qt.MouseButton.LeftButton)
    wait_for(qtbot, tab.context)
    assert tab.editors["signin_lockout_minutes"].value() == 15


def test_service_refuses_a_role_without_the_right_even_if_the_form_is_shown(
    qtbot, make_context, staff
):
    tab = _make_tab(qtbot, make_context(staff["front_desk"]))
    type_text(qtbot, tab.editors["company_name"].widget, "改名")
    _save(qtbot, tab)
    assert tab.lbl_error.isVisible()
    assert tab.lbl_error.text() == "You do not have permission to do this."
    assert all_settings()["company_name"] == COMPANY


def test_settings_are_grouped_as_declared_with_the_rule_under_the_field(tab):
    titles = [box.title() for box in tab.grp_settings.values()]
    assert titles == ["Branch", "Sign-in", "Visitors", "Customer files", "Calls", "Call scripts"]
    hint = tab.findChild(QLabel, "lbl_hint_reply_deadline_hours")
    assert hint.isVisible()
    assert hint.text().startswith("R-V3:")


def test_region_typed_as_no_country_is_refused_next_to_it_then_a_country_is_saved(qtbot, tab):
    region = tab.editors["phone_region"].widget
    assert region.currentText() == "China"
    _retype(qtbot, region, "Chinaa")
    _save(qtbot, tab)

    message = tab.errors.label("phone_region")
    assert message.isVisible()
    assert message.text().startswith("“Chinaa” is not a phone region.")
    assert region.currentText() == "Chinaa"  # kept for correcting
    assert all_settings()["phone_region"] == "CN"

    qtbot.keyClick(region.lineEdit(), Qt.Key.Key_Backspace)
    assert not message.isVisible()  # the message went with the edit
    _retype(qtbot, region, "Japan")
    _save(qtbot, tab)
    assert tab.lbl_status.text() == "Settings saved."
    assert all_settings()["phone_region"] == "JP"


def test_in_the_chinese_desk_the_region_list_is_in_chinese(qtbot, make_context, staff):
    i18n.set_language("zh_CN")
    tab = _make_tab(qtbot, make_context(staff["manager"]))
    region = tab.editors["phone_region"].widget
    assert region.currentText() == "中国"
    _retype(qtbot, region, "日本")
    _save(qtbot, tab)
    assert all_settings()["phone_region"] == "JP"


def test_hotline_that_is_no_number_is_refused_and_kept_until_corrected(qtbot, tab):
    hotline = tab.editors["hotline"].widget
    _retype(qtbot, hotline, "400-800")
    _save(qtbot, tab)
    message = tab.errors.label("hotline")
    assert message.text() == (
        "Not a valid phone number in China. A number from elsewhere needs its country code, "
        "for example +86 400-800-1234."
    )
    assert message.isVisible() and hotline.text() == "400-800"
    assert all_settings()["hotline"] == ""

    type_text(qtbot, hotline, "-1234")
    assert not message.isVisible()
    _save(qtbot, tab)
    assert all_settings()["hotline"] == "400-800-1234"


def test_business_hours_must_end_after_they_start(qtbot, tab):
    hours = tab.editors["business_hours"].widget
    assert [box.isChecked() for box in hours.chk_days] == [True] * 5 + [False] * 2
    assert [box.text() for box in hours.chk_days][:2] == ["Mon", "Tue"]
    hours.tim_end.setFocus()
    type_text(qtbot, hours.tim_end, "08:00")
    _save(qtbot, tab)
    message = tab.errors.label("business_hours")
    assert message.text() == "The working day must end after it starts (09:00–08:00)."
    assert hours.tim_end.value() == "08:00"

    hours.tim_end.setFocus()
    type_text(qtbot, hours.tim_end, "17:30")
    qtbot.mouseClick(hours.chk_days[5], Qt.MouseButton.LeftButton)  # Saturday
    _save(qtbot, tab)
    assert all_settings()["business_hours"] == {
        "days": [0, 1, 2, 3, 4, 5],
        "start": "09:00",
        "end": "17:30",
    }
