"""A customer file changed in its dialog, typed into the real widgets: fields saved together,
numbers and contacts written one at a time, a filed number named next to the field with its
owner masked, R-C14 refusals shown with their reasons, and the file's linked visits."""

from __future__ import annotations

import json

import pytest
from PySide6.QtCore import Qt

from branchdesk.auth.roles import Role
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.db.models import AuditEntry, Customer, CustomerContact, CustomerPhone, Visit
from branchdesk.secrecy import Level
from branchdesk.ui.customers.detail_dialog import CustomerDetailDialog
from branchdesk.ui.customers.edit_dialog import EditCustomerDialog
from tests.conftest import T0, make_user
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

OWN = "13912345678"
FILED = "13700001111"  # on the other, top-secret file


@pytest.fixture
def two_files(staff) -> tuple[int, int]:
    """An internal file the front desk may change, and a top-secret one it may not see."""
    own = CustomerForm(name="周敏", phones=(OWN,), owner_id=staff["agent"].id, level=Level.INTERNAL,
                       contacts=(ContactForm("周敏", "ms", "采购部"),))  # fmt: skip
    secret = CustomerForm(name="陈建华", phones=(FILED,), owner_id=staff["agent"].id)
    first = create_customer(staff["manager"], own, now=T0).row.id
    second = create_customer(staff["manager"], secret, now=T0).row.id
    return first, second


closed: list[int] = []  # how the edit dialog last ended (it is deleted once closed)


def _edit(qtbot, make_context, actor, customer_id):
    context = make_context(actor)
    dialog = CustomerDetailDialog(context, customer_id)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    assert dialog.btn_edit.isEnabled()
    qtbot.mouseClick(dialog.btn_edit, Qt.MouseButton.LeftButton)
    editing = dialog.findChild(EditCustomerDialog)
    assert editing is not None and editing.isVisible()
    closed.clear()
    editing.finished.connect(closed.append)
    return context, dialog, editing


def _last(action: str) -> dict:
    query = AuditEntry.select().where(AuditEntry.action == action)
    return json.loads(query.order_by(AuditEntry.id.desc()).get().details)


def test_the_fields_are_saved_and_audited_with_old_and_new_values(
    qtbot, make_context, staff, two_files
):
    context, dialog, editing = _edit(qtbot, make_context, staff["agent"], two_files[0])
    editing.edt_name.selectAll()
    type_text(qtbot, editing.edt_name, "周敏华")
    editing.cmb_source.setCurrentIndex(editing.cmb_source.findData("event"))
    type_text(qtbot, editing.edt_tags, "重点, 回访")
    type_text(qtbot, editing.edt_notes, "约下周面谈")
    qtbot.keyClick(editing.edt_name, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert closed == [EditCustomerDialog.DialogCode.Accepted]
    customer = Customer.get_by_id(two_files[0])
    assert (customer.name, customer.source, customer.tags) == ("周敏华", "event", "重点,回访")
    assert customer.notes == "约下周面谈"
    details = _last("customer_updated")
    assert details["old"]["name"] == "周*" and details["new"]["source"] == "event"
    assert details["new"]["notes"] == "…"  # the text itself stays out of the log
    wait_for(qtbot, context)
    assert dialog.fields["name"].text() == "周敏华"


def test_a_filed_number_is_named_next_to_the_field_and_the_text_kept(
    qtbot, make_context, staff, two_files
):
    context, _dialog, editing = _edit(qtbot, make_context, staff["front_desk"], two_files[0])
    type_text(qtbot, editing.edt_phone, "137 0000 1111")
    qtbot.mouseClick(editing.btn_add_phone, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)

    message = editing.errors.label("phone")
    assert message.isVisibleTo(editing)
    assert str(two_files[1]) in message.text() and "赵*" in message.text()
    assert "赵磊" not in message.text() and FILED not in message.text()
    assert editing.edt_phone.text() == "137 0000 1111"
    assert CustomerPhone.select().where(CustomerPhone.customer == two_files[0]).count() == 1


def test_a_number_is_added_changed_and_removed_and_the_visits_follow(
    qtbot, make_context, staff, two_files, add_visit, questions
):
    visit_id = add_visit("周敏", "13611112222")
    context, dialog, editing = _edit(qtbot, make_context, staff["agent"], two_files[0])
    type_text(qtbot, editing.edt_phone, "136 1111 2222")
    qtbot.mouseClick(editing.btn_add_phone, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    phones = [editing.lst_phones.item(i).text() for i in range(editing.lst_phones.count())]
    assert phones == [OWN, "13611112222"] and editing.edt_phone.text() == ""
    assert Visit.get_by_id(visit_id).customer_id == two_files[0]

    editing.lst_phones.setCurrentRow(0)
    assert editing.edt_phone.text() == OWN
    editing.edt_phone.selectAll()
    type_text(qtbot, editing.edt_phone, "13512345678")
    qtbot.mouseClick(editing.btn_change_phone, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    phones = {editing.lst_phones.item(i).text() for i in range(editing.lst_phones.count())}
    assert phones == {"13512345678", "13611112222"}

    editing.lst_phones.setCurrentRow(editing.lst_phones.count() - 1)
    questions.answer("btn_confirm_action")
    qtbot.mouseClick(editing.btn_remove_phone, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert [editing.lst_phones.item(i).text() for i in range(editing.lst_phones.count())] == [
        "13512345678"
    ]
    assert Visit.get_by_id(visit_id).customer_id is None
    qtbot.mouseClick(editing.btn_cancel, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.fields["phones"].text() == "13512345678"


def test_a_contact_is_added_and_edited_in_its_own_dialog(qtbot, make_context, staff, two_files):
    context, _dialog, editing = _edit(qtbot, make_context, staff["agent"], two_files[0])
    qtbot.mouseClick(editing.btn_add_contact, Qt.MouseButton.LeftButton)
    from branchdesk.ui.customers.contact_dialog import ContactDialog

    adding = editing.findChild(ContactDialog)
    ended: list[int] = []
    adding.finished.connect(ended.append)
    type_text(qtbot, adding.edt_name, "吴刚")
    adding.cmb_title.setCurrentIndex(adding.cmb_title.findData("mr"))
    type_text(qtbot, adding.edt_department, "财务部")
    type_text(qtbot, adding.edt_address, "上海市浦东新区世纪大道 100 号")
    type_text(qtbot, adding.edt_phones, FILED)
    qtbot.keyClick(adding.edt_phones, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert adding.isVisible()  # the number is on the other file
    assert "赵磊" in adding.errors.label("phones").text()  # the owner sees their own name
    adding.edt_phones.selectAll()
    type_text(qtbot, adding.edt_phones, "13800138000")
    qtbot.keyClick(adding.edt_phones, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert ended == [ContactDialog.DialogCode.Accepted]
    added = CustomerContact.get(CustomerContact.name == "吴刚")
    assert (added.title, added.department) == ("mr", "财务部")
    names = [editing.tbl_contacts.item(r, 0).text() for r in range(editing.tbl_contacts.rowCount())]
    assert names == ["周敏", "吴刚"]
    assert editing.tbl_contacts.item(1, 3).text() == "13800138000"

    editing.tbl_contacts.selectRow(0)
    qtbot.mouseClick(editing.btn_edit_contact, Qt.MouseButton.LeftButton)
    changing = [d for d in editing.findChildren(ContactDialog) if d.isVisible()][0]
    assert changing.edt_name.text() == "周敏"
    changing.edt_department.selectAll()
    type_text(qtbot, changing.edt_department, "总经办")
    qtbot.keyClick(changing.edt_department, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert CustomerContact.get(CustomerContact.name == "周敏").department == "总经办"


def test_an_a_grade_is_refused_with_its_reasons_next_to_the_fields(
    qtbot, make_context, staff, two_files
):
    context, _dialog, editing = _edit(qtbot, make_context, staff["agent"], two_files[0])
    editing.cmb_grade.setCurrentIndex(editing.cmb_grade.findData("A"))
    qtbot.keyClick(editing.edt_name, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert editing.isVisible()
    assert "consent" in editing.errors.label("grade").text()
    assert editing.errors.label("visited_at").isVisibleTo(editing)
    assert editing.errors.label("signed").isVisibleTo(editing)
    assert Customer.get_by_id(two_files[0]).grade == ""

    type_text(qtbot, editing.edt_consent, "仅用于售后服务")
    editing.chk_consent.setChecked(True)
    editing.chk_visited.setChecked(True)
    editing.chk_signed.setChecked(True)
    qtbot.keyClick(editing.edt_name, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert closed == [EditCustomerDialog.DialogCode.Accepted]
    customer = Customer.get_by_id(two_files[0])
    assert (customer.grade, customer.grade_signed_by_id) == ("A", staff["agent"].id)


def test_who_may_not_change_the_file_is_told_why(qtbot, make_context, staff, two_files):
    other_agent = make_user("liu.yang", Role.AGENT, "刘洋", "A002")
    context = make_context(other_agent)
    dialog = CustomerDetailDialog(context, two_files[0])  # internal: they may open it
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    assert dialog.content.isVisibleTo(dialog)
    assert not dialog.btn_edit.isEnabled()
    assert dialog.btn_edit.toolTip()


def test_the_file_shows_its_visits_masked_below_its_secret_fields(
    qtbot, make_context, staff, two_files, add_visit
):
    other_agent = make_user("liu.yang", Role.AGENT, "刘洋", "A002")
    add_visit("周敏", OWN)
    context = make_context(other_agent)
    dialog = CustomerDetailDialog(context, two_files[0])
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    visits = dialog.box_visits.tbl_visits
    assert visits.rowCount() == 1
    assert (visits.item(0, 1).text(), visits.item(0, 2).text()) == ("周*", "139****5678")
