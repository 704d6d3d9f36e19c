"""The customer file sheet: what the customer service returns for the printing user, masked
as on screen, marked when it holds secret data, audited on the file; refused where the
policy refuses the file; and the same from the command line."""

from __future__ import annotations

import sqlite3
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk import i18n
from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import Action
from branchdesk.auth.roles import Role
from branchdesk.customers.permissions import CustomerAction
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.customers.sheet import customer_sheet_pdf
from branchdesk.db.models import AuditEntry
from branchdesk.demo import DEMO_PASSWORD
from branchdesk.errors import PermissionDenied
from branchdesk.printing.customer_sheet import CustomerSheetRenderer
from branchdesk.secrecy import Level
from tests.conftest import T0, make_user
from tests.test_cli import as_user, audit_tail, create_demo, demo_db, run_cli

PHONES = {
    Level.INTERNAL: "13800000001",
    Level.SECRET: "13800000002",
    Level.TOP_SECRET: "13800000003",
}


def page_texts(pdf: bytes) -> list[str]:
    return ["".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages]


def footer(name: str, agent_no: str, level: str = "机密") -> str:
    time = "".join(i18n.format_datetime(T0, "zh_CN").split())
    return f"{level}·打印人：{name}工号{agent_no}·工作站：{desk_name()}·{time}"


@pytest.fixture
def files(any_db, staff):
    i18n.set_language("zh_CN")
    ids = {}
    for level in Level:
        form = CustomerForm(
            name=f"客户{level.value}",
            organisation="浦江物流",
            source="referral",
            phones=(PHONES[level],),
            owner_id=staff["agent"].id,
            notes=f"备注{level.name}",
            contacts=(ContactForm(f"联系人{level.value}", "ms", "采购部"),),
            level=level,
        )
        ids[level] = create_customer(staff["manager"], form, now=T0).row.id
    return ids


def test_the_definition_has_what_the_sheet_needs():
    definition = CustomerSheetRenderer.load_definition()
    assert definition.form_id == "customer_sheet" and definition.layout and definition.columns


def test_the_owner_prints_a_top_secret_file_masked_at_secret_and_marked(files, staff):
    pdf = customer_sheet_pdf(staff["agent"], files[Level.TOP_SECRET], "zh_CN", now=T0)

    for text in page_texts(pdf):
        assert "机密·赵磊工号A001" in text and footer("赵磊", "A001") in text
    text = "".join(page_texts(pdf))
    assert "客户2" in text and PHONES[Level.TOP_SECRET] in text and "联系人2" in text
    assert "备注TOP_SECRET" not in text and "（密级不足，不予显示）" in text
    assert "绝密·赵磊" not in text  # marked at what he saw, not at the file's level


def test_the_manager_sees_everything_and_the_sheet_is_marked_top_secret(files, staff):
    pdf = customer_sheet_pdf(staff["manager"], files[Level.TOP_SECRET], "zh_CN", now=T0)

    text = "".join(page_texts(pdf))
    assert "备注TOP_SECRET" in text and "不予显示" not in text
    assert "绝密·王芳工号M001" in text and footer("王芳", "M001", "绝密") in text


def test_an_internal_file_prints_without_marks(files, staff):
    pdf = customer_sheet_pdf(staff["manager"], files[Level.INTERNAL], "zh_CN", now=T0)

    text = "".join(page_texts(pdf))
    assert "客户0" in text
    assert "王芳" not in text and "打印人：" not in text


def test_the_print_is_audited_on_the_file_after_its_view(files, staff):
    customer_sheet_pdf(staff["agent"], files[Level.SECRET], "zh_CN", now=T0)

    viewed, printed = AuditEntry.select().order_by(AuditEntry.id.desc()).limit(2)[::-1]
    assert viewed.action == CustomerAction.CUSTOMER_VIEWED
    assert printed.action == Action.FORM_PRINTED
    assert (printed.target_kind, printed.target_id) == ("customer", str(files[Level.SECRET]))
    assert printed.actor_id == staff["agent"].id


def test_someone_the_policy_refuses_gets_no_sheet_and_the_refusal_is_audited(files, staff):
    stranger = make_user("liu.yang", Role.AGENT, "刘洋", "A002")  # owns none of the files
    before = AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).count()

    with pytest.raises(PermissionDenied):
        customer_sheet_pdf(stranger, files[Level.SECRET], "zh_CN", now=T0)

    last = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert last.action == CustomerAction.CUSTOMER_REFUSED and last.actor_id == stranger.id
    assert AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).count() == before


def test_the_command_prints_the_sheet_for_the_signed_in_user(tmp_path):
    create_demo(tmp_path)
    out = tmp_path / "customer.pdf"
    args = ("--demo", *as_user("wang.fang"), "forms", "customer", "--customer", "1")

    done = run_cli(tmp_path, *args, "-o", str(out), password=DEMO_PASSWORD)

    assert done.returncode == 0, done.stderr
    for text in page_texts(out.read_bytes()):
        assert "绝密·王芳" in text and "打印人：王芳" in text
    assert audit_tail(demo_db(tmp_path), 1)[0][:2] == ("王芳", "form_printed")
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        target = conn.execute(
            "select target_kind, target_id from audit_entry order by id desc limit 1"
        ).fetchone()
    assert target == ("customer", "1")
    refused = tmp_path / "refused.pdf"
    admin = ("--demo", *as_user("admin"), "forms", "customer", "--customer", "1")
    denied = run_cli(tmp_path, *admin, "-o", str(refused), password=DEMO_PASSWORD)
    assert denied.returncode == 1 and "Traceback" not in denied.stderr
    assert not refused.exists()


def test_a_long_secret_sheet_carries_the_printers_name_on_every_page(any_db, staff):
    i18n.set_language("zh_CN")
    contacts = tuple(
        ContactForm(
            f"联系人{n:02d}", "mr", "采购部", "上海市浦东新区世纪大道 100 号", (f"1370000{n:04d}",)
        )
        for n in range(60)
    )
    form = CustomerForm(name="长档案", phones=("13900000000",), owner_id=staff["agent"].id,
                        contacts=contacts)  # fmt: skip
    customer_id = create_customer(staff["manager"], form, now=T0).row.id

    pages = page_texts(customer_sheet_pdf(staff["agent"], customer_id, "zh_CN", now=T0))

    assert len(pages) >= 2
    assert "联系人59" in "".join(pages)
    for text in pages:
        assert "机密·赵磊工号A001" in text and footer("赵磊", "A001") in text
