"""The visitor pass and the visit form's address from the service: sizes, audit, refusals."""

from __future__ import annotations

from io import BytesIO

import pytest
from pypdf import PdfReader
from reportlab.lib.units import mm

from branchdesk.audit.log import Action
from branchdesk.branch.service import update_settings
from branchdesk.db.models import AuditEntry
from branchdesk.errors import NotFound, PermissionDenied
from branchdesk.visitors.printouts import visit_form_pdf, visitor_pass_pdf
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0


def register(staff, name="张伟", **changes) -> int:
    form = VisitForm(name, "13812345678", "consultation", host="李娜", consent_given=True)
    return register_visit(staff["front_desk"], VisitForm(**{**form.__dict__, **changes}), now=T0)


def text_of(pdf: bytes) -> str:
    return "".join("".join(page.extract_text().split()) for page in PdfReader(BytesIO(pdf)).pages)


def test_pass_is_printed_and_audited_like_the_form(any_db, staff):
    visit_id = register(staff, organisation="北京华信科技有限公司")
    pdf = visitor_pass_pdf(staff["front_desk"], visit_id, "zh_CN", now=T0)
    text = text_of(pdf)
    assert "张伟" in text and "北京华信科技有限公司" in text and "接待人员：李娜" in text
    assert f"登记编号：{visit_id}" in text
    entry = AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).get()
    assert (entry.target, entry.detail) == (
        "form:visitor_pass",
        f"visit={visit_id}; size=a6; lang=zh_CN",
    )
    assert entry.actor_name == "李娜" and entry.at == T0


def test_pass_size_is_the_branch_setting(any_db, staff):
    visit_id = register(staff)
    update_settings(staff["manager"], {"visitor_pass_size": "label_90x54"})
    page = PdfReader(BytesIO(visitor_pass_pdf(staff["front_desk"], visit_id, "en"))).pages[0]
    assert float(page.mediabox.width) == pytest.approx(90 * mm, abs=0.5)
    assert float(page.mediabox.height) == pytest.approx(54 * mm, abs=0.5)


def test_pass_needs_the_print_permission_and_an_existing_visit(any_db, staff):
    visit_id = register(staff)
    with pytest.raises(PermissionDenied):
        visitor_pass_pdf(staff["admin"], visit_id)  # accounts and the system, not visitors
    with pytest.raises(NotFound):
        visitor_pass_pdf(staff["front_desk"], visit_id + 100)
    assert not AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).exists()


def test_visit_form_prints_the_visitors_address(any_db, staff):  # R-V5
    visit_id = register(staff, address="上海市浦东新区世纪大道100号")
    text = text_of(visit_form_pdf(staff["front_desk"], visit_id, "zh_CN"))
    assert "地址上海市浦东新区世纪大道100号" in text


def test_a_name_no_font_has_comes_with_a_warning(any_db, staff):
    visit_id = register(staff, name="张\U00013000")
    pdf = visitor_pass_pdf(staff["front_desk"], visit_id, "zh_CN")
    assert "张[U+13000]" in text_of(pdf)
    assert len(pdf.warnings) == 1 and "U+13000" in pdf.warnings[0]
