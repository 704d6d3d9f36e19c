"""The Customers tab and a file opened in the window: what each role is shown (masked by the
services), what is refused and what the audit log keeps."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt

from branchdesk.audit.log import entries_for_target
from branchdesk.auth.roles import Role
from branchdesk.customers.area import AREA
from branchdesk.customers.permissions import CustomerAction, TargetKind
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import add_attachment, create_customer
from branchdesk.db.models import Customer, CustomerAttachment
from branchdesk.i18n import _
from branchdesk.secrecy import Level, level_name
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.customers import detail_dialog
from branchdesk.ui.customers.customers_tab import CustomersTab
from branchdesk.ui.customers.detail_dialog import CustomerDetailDialog
from tests.conftest import T0, make_user
from tests.ui.conftest import wait_for
from tests.ui.keyboard import type_text

PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


@pytest.fixture
def top_secret_file(staff) -> int:
    """Like the demo's file 1: top secret, owned by the agent, with a contract attached."""
    form = CustomerForm(
        name="陈建华",
        organisation="浦江物流",
        source="referral",
        phones=("13912345678",),
        owner_id=staff["agent"].id,
        notes="合同金额 120 万",
        contacts=(ContactForm("陈建华", "mr", "采购部"),),
    )
    customer_id = create_customer(staff["manager"], form, now=T0).row.id
    add_attachment(staff["manager"], customer_id, "合同.pdf", PDF, now=T0)
    return customer_id


def _actions(customer_id: int) -> list[tuple[str, int]]:
    return [(e.action, e.actor_id) for e in entries_for_target(TargetKind.CUSTOMER, customer_id)]


def test_manager_opens_a_top_secret_file_and_the_opening_is_audited(
    qtbot, make_context, staff, top_secret_file, add_visit
):
    add_visit("陈建华", "13912345678", purpose="consultation")
    add_visit("别人", "13912345679")  # another number: not this file's
    context = make_context(staff["manager"])
    dialog = CustomerDetailDialog(context, top_secret_file)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)

    assert dialog.content.isVisibleTo(dialog)
    assert dialog.fields["name"].text() == "陈建华"
    assert dialog.fields["phones"].text() == "13912345678"
    assert dialog.fields["notes"].text() == "合同金额 120 万"
    assert dialog.tbl_attachments.item(0, 0).text() == "合同.pdf"
    visits = dialog.box_visits.tbl_visits
    assert visits.rowCount() == 1  # linked by the file's phone
    assert visits.item(0, 1).text() == "陈建华"
    assert (CustomerAction.CUSTOMER_VIEWED, staff["manager"].id) in _actions(top_secret_file)


def test_agent_is_refused_a_top_secret_file_with_a_message_and_the_refusal_audited(
    qtbot, make_context, staff, top_secret_file
):
    other_agent = make_user("liu.yang", Role.AGENT, "刘洋", "A002")  # neither owner nor assigned
    context = make_context(other_agent)
    dialog = CustomerDetailDialog(context, top_secret_file)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)

    assert not dialog.content.isVisibleTo(dialog)
    assert dialog.lbl_message.isVisibleTo(dialog)
    assert dialog.lbl_message.text() == _("You do not have permission to do this.")
    assert "合同金额" not in "".join(label.text() for label in dialog.fields.values())
    actions = _actions(top_secret_file)
    assert (CustomerAction.CUSTOMER_REFUSED, other_agent.id) in actions
    assert (CustomerAction.CUSTOMER_VIEWED, other_agent.id) not in actions


def test_owning_agent_sees_the_top_secret_file_without_its_top_secret_notes(
    qtbot, make_context, staff, top_secret_file
):
    context = make_context(staff["agent"])
    dialog = CustomerDetailDialog(context, top_secret_file)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)

    assert dialog.fields["phones"].text() == "13912345678"
    assert dialog.fields["notes"].text() == _("(not shown at your level)")
    assert "合同金额" not in "".join(label.text() for label in dialog.fields.values())


def test_front_desk_search_shows_the_phone_masked(qtbot, make_context, staff, top_secret_file):
    context = make_context(staff["front_desk"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    type_text(qtbot, tab.edt_search, "5678")
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert tab.model.rowCount() == 1
    shown = [tab.model.index(0, c).data() for c in range(tab.model.columnCount())]
    assert "139****5678" in shown
    assert "13912345678" not in " ".join(shown)
    assert "陈建华" in shown


def test_front_desk_search_for_a_hidden_full_number_finds_nothing(
    qtbot, make_context, staff, top_secret_file
):
    context = make_context(staff["front_desk"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    type_text(qtbot, tab.edt_search, "1234")
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert tab.model.rowCount() == 0


def test_new_file_with_a_filed_number_names_the_owner_next_to_the_field(
    qtbot, make_context, staff, top_secret_file
):
    context = make_context(staff["front_desk"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    dialog = tab.open_new()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_name, "陈先生")
    type_text(qtbot, dialog.edt_phones, "139 1234 5678")
    dialog.cmb_owner.setCurrentIndex(dialog.cmb_owner.findData(staff["agent"].id))
    qtbot.keyClick(dialog.edt_phones, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    message = dialog.errors.label("phones")
    assert dialog.isVisible()
    assert message.isVisibleTo(dialog)
    assert f"{top_secret_file}" in message.text()
    assert "赵*" in message.text()  # the owner as the front desk may see them
    assert dialog.edt_name.text() == "陈先生"
    assert dialog.edt_phones.text() == "139 1234 5678"
    assert Customer.select().count() == 1
    dialog.done(0)


def test_new_file_is_saved_and_listed(qtbot, make_context, staff):
    context = make_context(staff["agent"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    dialog = tab.open_new()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_name, "林晓")
    type_text(qtbot, dialog.edt_phones, "13700001111")
    type_text(qtbot, dialog.edt_tags, "展会, 意向")
    qtbot.keyClick(dialog.edt_tags, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    stored = Customer.get()
    assert (stored.name, stored.owner_id, stored.tags) == ("林晓", staff["agent"].id, "展会,意向")
    assert tab.model.rowCount() == 1
    assert tab.model.index(0, 3).data() == "13700001111"


def test_attachment_added_and_opened_through_a_private_copy(
    qtbot, make_context, staff, top_secret_file, tmp_path, monkeypatch
):
    scan = tmp_path / "签字页.png"
    scan.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    bad = tmp_path / "notes.txt"
    bad.write_bytes(b"just text")
    chosen = [str(bad), str(scan)]
    monkeypatch.setattr(detail_dialog, "choose_attachment", lambda parent: chosen.pop(0))
    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    context = make_context(staff["manager"])
    dialog = CustomerDetailDialog(context, top_secret_file)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)

    qtbot.mouseClick(dialog.btn_add_attachment, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.lbl_attachment_error.isVisibleTo(dialog)
    assert "PDF" in dialog.lbl_attachment_error.text()
    assert CustomerAttachment.select().count() == 1

    qtbot.mouseClick(dialog.btn_add_attachment, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    assert dialog.tbl_attachments.rowCount() == 2
    assert dialog.tbl_attachments.item(1, 0).text() == "签字页.png"

    dialog.tbl_attachments.selectRow(0)
    qtbot.keyClick(dialog.tbl_attachments, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert len(opened) == 1
    assert opened[0].name == "合同.pdf"
    assert opened[0].read_bytes() == PDF
    assert oct(opened[0].stat().st_mode & 0o777) == "0o600"
    attachment_id = CustomerAttachment.get(CustomerAttachment.file_name == "合同.pdf").id
    entries = list(entries_for_target(TargetKind.ATTACHMENT, attachment_id))
    assert CustomerAction.ATTACHMENT_OPENED in [e.action for e in entries]


def test_manager_raises_a_level_with_a_reason_and_sees_who_looked(
    qtbot, make_context, staff, questions
):
    form = CustomerForm(name="周敏", phones=("13600002222",), level=Level.INTERNAL)
    customer_id = create_customer(staff["manager"], form, now=T0).row.id
    context = make_context(staff["manager"])
    dialog = CustomerDetailDialog(context, customer_id)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    assert dialog.btn_raise.isVisibleTo(dialog)

    raising = dialog.open_raise_level()
    qtbot.keyClick(raising.edt_reason, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert raising.errors.label("reason").isVisibleTo(raising)  # a reason is needed
    type_text(qtbot, raising.edt_reason, "签了合同")
    qtbot.keyClick(raising.edt_reason, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert Customer.get_by_id(customer_id).level == Level.SECRET
    assert dialog.fields["level"].text() == level_name(Level.SECRET)
    qtbot.mouseClick(dialog.btn_who_looked, Qt.MouseButton.LeftButton)
    wait_for(qtbot, context)
    whats = [dialog.tbl_looks.item(r, 2).text() for r in range(dialog.tbl_looks.rowCount())]
    assert _(AREA.audit_actions[CustomerAction.CUSTOMER_LEVEL_RAISED]) in whats


def test_agent_sees_no_manager_buttons(qtbot, make_context, staff):
    form = CustomerForm(name="周敏", owner_id=staff["agent"].id, level=Level.INTERNAL)
    customer_id = create_customer(staff["manager"], form, now=T0).row.id
    context = make_context(staff["agent"])
    dialog = CustomerDetailDialog(context, customer_id)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    assert dialog.content.isVisibleTo(dialog)
    assert not dialog.btn_raise.isVisibleTo(dialog)
    assert not dialog.btn_who_looked.isVisibleTo(dialog)


def test_esc_on_a_typed_new_file_asks_and_keeps_the_text(qtbot, make_context, staff, questions):
    context = make_context(staff["agent"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    dialog = tab.open_new()
    wait_for(qtbot, context)
    type_text(qtbot, dialog.edt_name, "林晓")
    questions.answer("btn_confirm_cancel")
    qtbot.keyClick(dialog.edt_name, Qt.Key.Key_Escape)
    assert len(questions.asked) == 1
    assert dialog.isVisible()
    assert dialog.edt_name.text() == "林晓"
    questions.answer("btn_confirm_action")
    qtbot.keyClick(dialog.edt_name, Qt.Key.Key_Escape)
    assert not dialog.isVisible()
    assert Customer.select().count() == 0


def test_export_asks_a_reason_and_writes_the_masked_files(
    qtbot, make_context, staff, top_secret_file, tmp_path, monkeypatch
):
    from branchdesk.db.models import AuditEntry
    from branchdesk.ui.customers import export_dialog

    target = tmp_path / "客户.csv"
    monkeypatch.setattr(export_dialog, "choose_export_file", lambda parent, suggested: str(target))
    front = CustomersTab(make_context(staff["front_desk"]))
    qtbot.addWidget(front)
    assert front.btn_export.isHidden()  # R-S6: not the front desk's
    assert front.open_export() is None

    context = make_context(staff["agent"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    dialog = tab.open_export()
    dialog.cmb_format.setCurrentIndex(dialog.cmb_format.findData("csv"))
    qtbot.keyClick(dialog.edt_reason, Qt.Key.Key_Return)
    assert dialog.errors.label("reason").isVisibleTo(dialog)
    assert not target.exists()
    type_text(qtbot, dialog.edt_reason, "季度回访")
    qtbot.keyClick(dialog.edt_reason, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    assert dialog.exported == 1
    text = target.read_text(encoding="utf-8-sig")
    assert "陈建华" in text and "13912345678" in text
    assert "合同金额" not in text
    entry = AuditEntry.get(AuditEntry.action == CustomerAction.CUSTOMERS_EXPORTED)
    assert entry.actor_id == staff["agent"].id
    assert "季度回访" in entry.details


def test_file_sheet_opens_as_the_printing_user_sees_the_file(
    qtbot, make_context, staff, top_secret_file, monkeypatch
):
    pytest.importorskip("branchdesk.customers.sheet", reason="the file sheet's renderer")
    from tests.ui.test_date_style_everywhere import pdf_text

    opened = []
    monkeypatch.setattr(pdf_actions, "open_in_viewer", lambda path: opened.append(path) or True)
    context = make_context(staff["agent"])
    dialog = CustomerDetailDialog(context, top_secret_file)
    qtbot.addWidget(dialog)
    wait_for(qtbot, context)
    assert dialog.btn_print.isEnabled()
    dialog.sheet_pdf.act_open.trigger()
    wait_for(qtbot, context)

    assert len(opened) == 1
    text = pdf_text(opened[0].read_bytes())
    assert "13912345678" in text
    assert "合同金额" not in text  # the top-secret notes the agent is not shown


def test_administrator_without_clearance_is_told_and_nothing_is_refused(
    qtbot, make_context, staff, top_secret_file
):
    from branchdesk.db.models import AuditEntry

    context = make_context(staff["admin"])
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    wait_for(qtbot, context)
    assert tab.model.rowCount() == 0
    assert "clearance" in tab.lbl_status.text()
    refused = AuditEntry.select().where(AuditEntry.action == CustomerAction.CUSTOMER_REFUSED)
    assert refused.count() == 0


@pytest.mark.parametrize("who", ["manager", "other_agent"])
def test_a_top_secret_file_found_in_the_tab_and_opened_with_enter(
    qtbot, make_context, staff, top_secret_file, who
):
    """The file opened as a user does: searched, its row chosen, Enter. The manager sees it
    whole and the opening is audited; an agent it is not assigned to is refused in the dialog,
    and the refusal is audited."""
    actor = staff["manager"] if who == "manager" else make_user("liu.yang", Role.AGENT, "刘洋")
    context = make_context(actor)
    tab = CustomersTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    type_text(qtbot, tab.edt_search, "陈建华")
    qtbot.keyClick(tab.edt_search, Qt.Key.Key_Return)
    wait_for(qtbot, context)
    assert tab.model.rowCount() == 1
    tab.tbl_customers.setFocus()
    tab.tbl_customers.selectRow(0)
    qtbot.keyClick(tab.tbl_customers, Qt.Key.Key_Return)
    wait_for(qtbot, context)

    dialog = tab.findChild(CustomerDetailDialog)
    assert dialog is not None and dialog.isVisible()
    actions = _actions(top_secret_file)
    if who == "manager":
        assert dialog.content.isVisibleTo(dialog)
        assert dialog.fields["notes"].text() == "合同金额 120 万"
        assert (CustomerAction.CUSTOMER_VIEWED, actor.id) in actions
    else:
        assert not dialog.content.isVisibleTo(dialog)
        assert dialog.lbl_message.text() == _("You do not have permission to do this.")
        assert (CustomerAction.CUSTOMER_REFUSED, actor.id) in actions
        assert (CustomerAction.CUSTOMER_VIEWED, actor.id) not in actions
    dialog.done(0)
