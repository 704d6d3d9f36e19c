"""Printouts from the service: the time given is the time printed and the time audited."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

from pypdf import PdfReader

from branchdesk.audit.log import Action
from branchdesk.db.models import AuditEntry
from branchdesk.visitors.printouts import visit_form_pdf
from branchdesk.visitors.registration import VisitForm, register_visit
from tests.conftest import T0


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def test_visit_form_says_it_was_printed_at_the_time_given(any_db, staff):
    visit_id = register_visit(
        staff["front_desk"],
        VisitForm("张伟", "13812345678", "consultation", consent_given=True),
        now=T0,
    )
    printed_at = T0 + timedelta(days=2, hours=5, minutes=17)  # Wednesday 14:47

    text = pdf_text(visit_form_pdf(staff["front_desk"], visit_id, "zh_CN", now=printed_at))

    assert "打印时间：2026-11-2514:47" in text
    printed = AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).get()
    assert printed.at == printed_at
