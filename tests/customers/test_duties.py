"""The responsible person's duties: four-eyes clearance raises, leavers' handovers (R-F5),
attachments kept with a checksum, exports with a reason (R-S4, R-S6)."""

from __future__ import annotations

import csv
import hashlib
import io
import json

import pytest
from openpyxl import load_workbook

from branchdesk.auth.roles import Role
from branchdesk.auth.users import set_active
from branchdesk.branch.service import update_settings
from branchdesk.customers.attachments import DamagedAttachment
from branchdesk.customers.clearance import clearance_of
from branchdesk.customers.export import export_customers
from branchdesk.customers.service import (
    add_attachment,
    approve_clearance,
    get_customer,
    hand_over,
    open_attachment,
    pending_clearances,
    search_customers,
    set_clearance,
)
from branchdesk.db.models import AuditEntry, Customer, CustomerAttachment
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.secrecy import Level
from tests.conftest import make_user
from tests.customers.conftest import PHONES

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


def _actions(action: str) -> int:
    return AuditEntry.select().where(AuditEntry.action == action).count()


def test_a_raise_to_top_secret_waits_for_a_second_manager(files):
    manager, admin = files.staff["manager"], files.staff["admin"]
    second = make_user("zhou.min", Role.MANAGER, "周敏", "M002")
    pending = set_clearance(manager, admin.id, Level.TOP_SECRET, "审计合同")
    assert pending is not None
    assert clearance_of(admin.id).level is None  # nothing yet
    with pytest.raises(PermissionDenied):
        search_customers(admin)
    with pytest.raises(ValidationError):
        approve_clearance(manager, pending.id)  # not the one who asked
    with pytest.raises(PermissionDenied):
        approve_clearance(files.staff["agent"], pending.id)
    assert [p.id for p in pending_clearances(second)] == [pending.id]
    approve_clearance(second, pending.id)
    assert clearance_of(admin.id).level == Level.TOP_SECRET
    assert pending_clearances(second) == []
    assert "NOTE-TOP_SECRET" in get_customer(admin, files.ids[Level.TOP_SECRET]).notes
    entry = AuditEntry.select().where(AuditEntry.action == "clearance_changed").get()
    assert entry.actor_id == second.id and entry.target_id == str(admin.id)
    assert f'"approved_by":{second.id}' in entry.details
    assert _actions("clearance_requested") == 1


def test_a_clearance_below_top_secret_takes_effect_at_once(files):
    manager, admin = files.staff["manager"], files.staff["admin"]
    assert set_clearance(manager, admin.id, Level.INTERNAL, "核对客户名单") is None
    rows = search_customers(admin)
    assert all(row.seen_at == Level.INTERNAL for row in rows) and len(rows) == 3
    set_clearance(manager, admin.id, None, "核对完毕")
    with pytest.raises(PermissionDenied):
        search_customers(admin)


def test_an_owner_leaves_only_after_the_manager_hands_the_files_over(files):
    manager, agent, other = files.staff["manager"], files.staff["agent"], files.staff["other_agent"]
    with pytest.raises(ValidationError) as refused:
        set_active(manager, agent.id, False)
    assert "3 customer files" in refused.value.errors["active"]
    with pytest.raises(PermissionDenied):
        hand_over(other, agent.id, other.id)  # nobody takes them over without approval
    assert _actions("customer_access_refused") == 1
    assert hand_over(manager, agent.id, other.id, [files.ids[Level.SECRET]]) == 1
    with pytest.raises(ValidationError):
        set_active(manager, agent.id, False)
    assert hand_over(manager, agent.id, other.id) == 2
    assert {c.owner_id for c in Customer.select()} == {other.id}
    set_active(manager, agent.id, False)
    handed = AuditEntry.select().where(AuditEntry.action == "customers_handed_over")
    assert [e.target_id for e in handed] == [str(agent.id)] * 2
    # The new owner sees what the leaver saw.
    assert PHONES[Level.TOP_SECRET] in get_customer(other, files.ids[Level.TOP_SECRET]).row.phones


def test_an_attachment_is_kept_with_its_checksum_and_each_opening_is_audited(files):
    manager, agent = files.staff["manager"], files.staff["agent"]
    customer_id = files.ids[Level.SECRET]
    info = add_attachment(agent, customer_id, "合同.pdf", PDF)
    assert (info.mime, info.size, info.level) == ("application/pdf", len(PDF), Level.TOP_SECRET)
    assert info.sha256 == hashlib.sha256(PDF).hexdigest()
    # A top-secret contract: the agent who filed it may not open it; the refusal is recorded.
    with pytest.raises(PermissionDenied):
        open_attachment(agent, info.id)
    assert _actions("customer_access_refused") == 1
    assert get_customer(agent, customer_id).attachments == ()
    opened = open_attachment(manager, info.id)
    assert opened.content == PDF
    entry = AuditEntry.select().where(AuditEntry.action == "customer_attachment_opened").get()
    assert (entry.target_kind, entry.target_id) == ("customer_attachment", str(info.id))
    CustomerAttachment.update(content=PDF.replace(b"1.4", b"1.7")).execute()
    with pytest.raises(DamagedAttachment):
        open_attachment(manager, info.id)


def test_an_attachment_is_checked_by_type_and_size(files):
    manager = files.staff["manager"]
    customer_id = files.ids[Level.TOP_SECRET]
    with pytest.raises(ValidationError) as wrong_type:
        add_attachment(manager, customer_id, "合同.pdf", b"MZ\x90\x00 not a pdf")
    assert "file" in wrong_type.value.errors
    update_settings(manager, {"attachment_size_limit_mb": 1})
    with pytest.raises(ValidationError) as too_big:
        add_attachment(manager, customer_id, "scan.png", PNG + b"\x00" * (1024 * 1024))
    assert "1 MB" in too_big.value.errors["file"]
    assert CustomerAttachment.select().count() == 0
    info = add_attachment(manager, customer_id, "scan.png", PNG, level=Level.SECRET)
    assert info.mime == "image/png"
    assert open_attachment(files.staff["agent"], info.id).content == PNG


@pytest.mark.parametrize("role", ["front_desk", "admin"])
def test_export_is_refused_for_roles_without_it_and_the_refusal_is_audited(files, role):
    with pytest.raises(PermissionDenied):
        export_customers(files.staff[role], "csv", "季度核对")
    assert _actions("customer_access_refused") == 1
    assert _actions("customers_exported") == 0


def test_an_export_needs_a_reason_and_is_masked_for_an_agent(files):
    agent, other = files.staff["agent"], files.staff["other_agent"]
    with pytest.raises(ValidationError):
        export_customers(agent, "csv", " ")
    exported = export_customers(other, "csv", "季度核对")
    text = exported.content.decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text)))
    assert len(rows) == 4 and exported.files == 3
    assert PHONES[Level.INTERNAL] in text  # an internal file is shown whole
    for phone in (PHONES[Level.SECRET], PHONES[Level.TOP_SECRET]):
        assert phone not in text and phone[:3] + "****" + phone[-4:] in text
    own = export_customers(agent, "xlsx", "季度核对").content
    cells = [
        str(c.value) for row in load_workbook(io.BytesIO(own)).worksheets[0] for c in row if c.value
    ]
    joined = " ".join(cells)
    assert all(phone in joined for phone in PHONES.values())  # the agent's own files
    assert "NOTE-" not in joined
    entry = AuditEntry.select().where(AuditEntry.action == "customers_exported").first()
    assert "季度核对" in entry.details and '"count":3' in entry.details


def test_a_name_a_spreadsheet_would_run_is_exported_as_text(any_db, staff):
    from branchdesk.customers.records import CustomerForm
    from branchdesk.customers.service import create_customer

    create_customer(staff["manager"], CustomerForm("-Ab", organisation="=HYPERLINK(1)"))
    text = export_customers(staff["manager"], "csv", "核对").content.decode("utf-8-sig")
    assert "'=HYPERLINK(1)" in text and ",'-Ab," in text
    book = load_workbook(io.BytesIO(export_customers(staff["manager"], "xlsx", "核对").content))
    cells = [c for row in book.worksheets[0] for c in row if c.value == "=HYPERLINK(1)"]
    assert cells and cells[0].data_type == "s"


def test_scope_decides_which_files_an_agent_sees_at_secret(files):
    from branchdesk.customers.permissions import Scope
    from branchdesk.customers.service import assign

    manager, other = files.staff["manager"], files.staff["other_agent"]
    customer_id = files.ids[Level.SECRET]
    with pytest.raises(PermissionDenied):
        get_customer(other, customer_id)
    assign(manager, customer_id, other.id)
    assert PHONES[Level.SECRET] in get_customer(other, customer_id).row.phones
    set_clearance(manager, other.id, Level.SECRET, "只看本人档案", scope=Scope.OWN)
    with pytest.raises(PermissionDenied):
        get_customer(other, customer_id)  # assigned, but the scope is own files only
    set_clearance(manager, other.id, Level.SECRET, "全部档案", scope=Scope.ALL)
    assert PHONES[Level.SECRET] in get_customer(other, files.ids[Level.SECRET]).row.phones
    assert "notes" in get_customer(other, files.ids[Level.TOP_SECRET]).hidden


def test_the_manager_hands_a_leavers_files_over_one_by_one(files):
    from branchdesk.customers.service import hand_over_each, owned_files

    manager, agent, other = files.staff["manager"], files.staff["agent"], files.staff["other_agent"]
    with pytest.raises(PermissionDenied):
        owned_files(other, agent.id)
    rows = owned_files(manager, agent.id)
    assert [row.id for row in rows] == sorted(files.ids.values())
    new_owners = {files.ids[Level.INTERNAL]: manager.id, files.ids[Level.SECRET]: other.id,
                  files.ids[Level.TOP_SECRET]: other.id}  # fmt: skip
    assert hand_over_each(manager, agent.id, new_owners) == 3
    assert {c.id: c.owner_id for c in Customer.select()} == new_owners
    handed = AuditEntry.select().where(AuditEntry.action == "customers_handed_over")
    assert sorted(json.loads(e.details)["to_user"] for e in handed) == sorted(
        [manager.id, other.id]
    )
    set_active(manager, agent.id, False)
