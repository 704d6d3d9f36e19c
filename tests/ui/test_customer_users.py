"""Customer files in the users tab: clearance and scope in the user dialog, a raise to top
secret approved by a second manager (four eyes), a leaver's files handed over."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from branchdesk.auth.roles import Role
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.permissions import CustomerAction, Scope
from branchdesk.customers.records import CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.db.models import AuditEntry, Customer, User
from branchdesk.secrecy import Level
from branchdesk.ui.admin.users_tab import UsersTab
from tests.conftest import T0, make_user
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text
from tests.ui.test_users_tab import _select


@pytest.fixture
def second_manager(staff):
    return make_user("zhou.min", Role.MANAGER, "周敏", "M002")


def _tab(qtbot, make_context, actor):
    context = make_context(actor)
    tab = UsersTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    return tab, context


def test_raise_to_top_secret_waits_for_a_second_manager_who_approves_it(
    qtbot, make_context, staff, second_manager
):
    agent = staff["agent"]
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    wait_for(qtbot, context)
    assert dialog.box_clearance.isEnabled()
    assert dialog.cmb_clearance.currentData() == int(Level.SECRET)  # the agent's default
    dialog.cmb_clearance.setCurrentIndex(dialog.cmb_clearance.findData(int(Level.TOP_SECRET)))
    type_text(qtbot, dialog.edt_clearance_reason, "负责大客户")
    qtbot.keyClick(dialog.edt_clearance_reason, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert tab.lbl_status.isVisibleTo(tab)
    assert "赵磊" in tab.lbl_status.text()
    assert clearance_of(agent.id).level == Level.SECRET  # not yet
    # The manager who asked sees the request but may not approve it.
    assert tab.box_requests.isVisibleTo(tab)
    tab.box_requests.tbl_requests.selectRow(0)
    qtbot.mouseClick(tab.box_requests.btn_approve, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert tab.box_requests.lbl_error.isVisibleTo(tab)
    assert clearance_of(agent.id).level == Level.SECRET

    other, other_context = _tab(qtbot, make_context, second_manager)
    box = other.box_requests
    assert box.isVisibleTo(other)
    assert box.tbl_requests.item(0, 0).text() == "赵磊"
    assert box.tbl_requests.item(0, 4).text() == "负责大客户"
    box.tbl_requests.selectRow(0)
    qtbot.keyClick(box.tbl_requests, Qt.Key.Key_Return)
    wait_for(qtbot, other_context)

    assert clearance_of(agent.id).level == Level.TOP_SECRET
    assert not box.isVisibleTo(other)  # nothing waits any more
    approved = AuditEntry.get(AuditEntry.action == CustomerAction.CLEARANCE_CHANGED)
    assert approved.actor_id == second_manager.id


def test_scope_change_takes_effect_at_once_with_its_reason(qtbot, make_context, staff):
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    dialog = tab.user_dialog
    wait_for(qtbot, context)
    dialog.cmb_scope.setCurrentIndex(dialog.cmb_scope.findData(Scope.OWN.value))
    qtbot.keyClick(dialog.edt_username, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert dialog.isVisible()  # no reason given
    assert dialog.errors.label("reason").isVisibleTo(dialog)
    type_text(qtbot, dialog.edt_clearance_reason, "只跟进自己的客户")
    qtbot.keyClick(dialog.edt_clearance_reason, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert clearance_of(staff["agent"].id).scope == Scope.OWN
    assert not tab.lbl_status.isVisibleTo(tab)


def test_administrator_sees_no_clearance_controls(qtbot, make_context, staff):
    admin = staff["admin"]
    tab, context = _tab(qtbot, make_context, admin)
    _select(qtbot, tab, "li.na")
    qtbot.mouseClick(tab.btn_edit, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert not tab.user_dialog.box_clearance.isVisibleTo(tab.user_dialog)
    assert not tab.box_requests.isVisibleTo(tab)
    tab.user_dialog.done(0)


def test_deactivating_an_owner_asks_who_takes_the_files_over(
    qtbot, make_context, staff, second_manager
):
    agent = staff["agent"]
    for name in ("陈建华", "林晓"):
        create_customer(staff["manager"], CustomerForm(name=name, owner_id=agent.id), now=T0)
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    dialog = tab.handover_dialog
    assert dialog is not None and dialog.isVisible()
    qtbot.keyClick(dialog.cmb_owner, Qt.Key.Key_Return)  # nobody chosen yet
    assert dialog.errors.label("owner").isVisibleTo(dialog)
    assert User.get_by_id(agent.id).active
    dialog.cmb_owner.setCurrentIndex(dialog.cmb_owner.findData(second_manager.id))
    qtbot.keyClick(dialog.cmb_owner, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert tab.handover_dialog is None  # closed
    assert not User.get_by_id(agent.id).active
    assert {c.owner_id for c in Customer.select()} == {second_manager.id}
    handed = AuditEntry.get(AuditEntry.action == CustomerAction.CUSTOMERS_HANDED_OVER)
    assert (handed.actor_id, handed.target_id) == (staff["manager"].id, str(agent.id))


def test_deactivating_a_user_without_files_needs_no_handover(qtbot, make_context, staff):
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert tab.handover_dialog is None
    assert not User.get_by_id(staff["agent"].id).active


def test_the_manager_hands_each_file_to_its_own_new_owner(
    qtbot, make_context, staff, second_manager
):
    agent = staff["agent"]
    ids = [
        create_customer(staff["manager"], CustomerForm(name=name, owner_id=agent.id), now=T0).row.id
        for name in ("陈建华", "林晓", "吴刚")
    ]
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    dialog = tab.handover_dialog
    names = [dialog.tbl_files.item(r, 1).text() for r in range(dialog.tbl_files.rowCount())]
    assert names == ["陈建华", "林晓", "吴刚"]

    # All to the second manager, then the first file to the manager herself.
    dialog.cmb_owner.setCurrentIndex(dialog.cmb_owner.findData(second_manager.id))
    first = dialog.owner_combo(0)
    first.setCurrentIndex(-1)
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    assert dialog.errors.label("owner").isVisibleTo(dialog)  # one file has nobody yet
    assert User.get_by_id(agent.id).active
    first.setCurrentIndex(first.findData(staff["manager"].id))
    qtbot.mouseClick(dialog.btn_save, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    assert tab.handover_dialog is None
    owners = {c.id: c.owner_id for c in Customer.select()}
    assert owners == {ids[0]: staff["manager"].id, ids[1]: second_manager.id,
                      ids[2]: second_manager.id}  # fmt: skip
    assert not User.get_by_id(agent.id).active
    handed = AuditEntry.select().where(AuditEntry.action == CustomerAction.CUSTOMERS_HANDED_OVER)
    files = sorted(tuple(json.loads(e.details)["files"]) for e in handed)
    assert files == [(ids[0],), (ids[1], ids[2])]


def test_a_leaver_who_owns_only_leads_hands_them_over_too(
    qtbot, make_context, staff, second_manager
):
    from branchdesk.calls.service import record_lead
    from branchdesk.db.models import Lead

    agent = staff["agent"]
    file_id = create_customer(staff["manager"], CustomerForm(name="陈建华"), now=T0).row.id
    record_lead(staff["manager"], file_id, "C", now=T0)
    Lead.update(owner=agent.id).execute()  # recorded by the agent, who now leaves
    tab, context = _tab(qtbot, make_context, staff["manager"])
    _select(qtbot, tab, "zhao.lei")
    qtbot.mouseClick(tab.btn_toggle_active, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    dialog = tab.handover_dialog
    assert dialog is not None and "1 lead" in dialog.lbl_explanation.text()
    combo = dialog.cmb_records_owner
    combo.setCurrentIndex(combo.findData(second_manager.id))
    qtbot.keyClick(combo, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert not User.get_by_id(agent.id).active
    assert {lead.owner_id for lead in Lead.select()} == {second_manager.id}
