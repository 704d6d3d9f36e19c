"""A visitor's request (PIPL Art. 44–47): everything held about one phone number, exported and
erased, by a manager, audited."""

from __future__ import annotations

import csv
import io
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk.audit.log import parse_details, verify_chain
from branchdesk.db.models import (
    AuditEntry,
    Escalation,
    PendingReply,
    Visit,
    Visitor,
    VisitorSearchGram,
)
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.permissions import VisitAction
from branchdesk.visitors.personal_data import (
    erase_person,
    export_person_csv,
    export_person_pdf,
    person_record,
)
from branchdesk.visitors.registration import VisitForm, find_returning_visitor, register_visit
from branchdesk.visitors.replies import answer_pending, escalate, mark_pending
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import T0

PHONE = "13812345678"
OTHER = "13987654321"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


@pytest.fixture
def person(any_db, staff):
    """张伟 came twice (a question answered, an escalation), refused consent today; 李雷 once."""
    front, agent = staff["front_desk"], staff["agent"]

    def visit(name, phone, at, consent=True):
        form = VisitForm(
            name, phone, "consultation", organisation="华信贸易", host="陈经理",
            note="带合同", address="南京西路1266号", consent_given=consent,
        )  # fmt: skip
        return register_visit(front, form, now=at)

    ids = {
        "first": visit("张伟", PHONE, T0 - timedelta(days=40)),
        "second": visit("张伟", "138 1234 5678", T0 - timedelta(days=3)),
        "refused": visit("张伟", PHONE, T0, consent=False),
        "other": visit("李雷", OTHER, T0 - timedelta(days=3)),
    }
    pending = mark_pending(
        front, ids["second"], "发票何时开出？", agent.id, now=T0 - timedelta(days=3)
    )
    answer_pending(agent, pending, "本周五开出", now=T0 - timedelta(days=2))
    escalate(front, ids["first"], staff["manager"].id, "要求面谈主管", now=T0 - timedelta(days=40))
    return ids


def test_the_record_holds_every_visit_reply_and_escalation_of_the_number(person, staff):
    held = person_record(staff["manager"], "138-1234-5678")

    assert held.visitor.name == "张伟" and held.visitor.address == "南京西路1266号"
    assert [v.id for v in held.visits] == [person["first"], person["second"], person["refused"]]
    assert [(r.question, r.answer) for r in held.replies] == [("发票何时开出？", "本周五开出")]
    assert [e.reason for e in held.escalations] == ["要求面谈主管"]


def test_csv_export_holds_everything_and_is_audited(person, staff):
    data = export_person_csv(staff["manager"], PHONE, now=T0)

    assert data.startswith("\ufeff".encode())  # Excel reads it as UTF-8
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    values = {row[3] for row in rows[2:]}
    for held in (
        "张伟",
        "南京西路1266号",
        "华信贸易",
        "发票何时开出？",
        "本周五开出",
        "要求面谈主管",
    ):
        assert held in values
    assert "李雷" not in data.decode("utf-8-sig")
    assert {row[0] for row in rows[2:]} == {
        "Visitor record", "Visits", "Questions for a reply", "Escalations",
    }  # fmt: skip
    entry = AuditEntry.get(AuditEntry.action == VisitAction.PERSONAL_DATA_EXPORTED)
    assert dict(parse_details(entry.detail)) == {
        "phone": "138****5678", "visits": "3", "format": "csv",
    }  # fmt: skip
    assert PHONE not in entry.detail


def test_pdf_export_shows_the_same(person, staff):
    text = pdf_text(export_person_pdf(staff["manager"], PHONE, now=T0))

    for held in (
        "张伟",
        "南京西路1266号",
        "发票何时开出？",
        "本周五开出",
        "要求面谈主管",
        "13812345678",
    ):
        assert held in text
    assert "李雷" not in text
    assert (
        AuditEntry.select().where(AuditEntry.action == VisitAction.PERSONAL_DATA_EXPORTED).count()
        == 1
    )


def test_erasing_removes_the_person_and_keeps_statistics(person, staff):
    erased = erase_person(staff["manager"], PHONE, now=T0)

    assert erased == 3
    assert Visitor.select().where(Visitor.phone == PHONE).count() == 0
    visitor_ids = {v.id for v in Visitor.select()}
    assert {g.visitor_id for g in VisitorSearchGram.select()} == visitor_ids  # 李雷's only
    for key in ("first", "second", "refused"):
        v = Visit.get_by_id(person[key])
        assert (v.visitor_id, v.name, v.phone, v.organisation, v.host, v.note) == (
            None, "", "", "", "", "",
        )  # fmt: skip
        assert (v.purpose, v.people_count) == ("consultation", 1)
    assert PendingReply.get().question == PendingReply.get().answer == ""
    assert Escalation.get().reason == ""
    assert Visit.get_by_id(person["other"]).name == "李雷"
    assert find_returning_visitor(staff["front_desk"], PHONE) is None
    assert search_visits(staff["manager"], VisitFilter(text="张伟")) == []
    entry = AuditEntry.get(AuditEntry.action == VisitAction.PERSONAL_DATA_ERASED)
    assert dict(parse_details(entry.detail))["visits"] == "3"
    assert verify_chain() is None
    with pytest.raises(ValidationError) as caught:
        export_person_csv(staff["manager"], PHONE)
    assert caught.value.errors["phone"] == "Nothing is held about this phone number."


def test_a_number_that_is_not_a_phone_is_refused(person, staff):
    with pytest.raises(ValidationError) as caught:
        erase_person(staff["manager"], "12")
    assert "phone" in caught.value.errors


@pytest.mark.parametrize("role", ["front_desk", "agent", "admin"])
def test_only_a_manager_exports_or_erases(person, staff, role):
    for service in (person_record, export_person_csv, export_person_pdf, erase_person):
        with pytest.raises(PermissionDenied):
            service(staff[role], PHONE)
    assert Visit.get_by_id(person["first"]).name == "张伟"
