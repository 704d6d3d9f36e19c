"""A visitor who refuses consent (PIPL): kept for the day's safety only, then erased."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk import clock, startup
from branchdesk.db.models import Escalation, Visit, Visitor, VisitorSearchGram
from branchdesk.errors import ValidationError
from branchdesk.visitors.daily_log import close_day, daily_log_pdf
from branchdesk.visitors.presence import in_building, sign_out, sign_out_all
from branchdesk.visitors.printouts import evacuation_list_pdf, visit_form_pdf
from branchdesk.visitors.registration import VisitForm, find_returning_visitor, register_visit
from branchdesk.visitors.replies import escalate, mark_pending, needs_consent_for_reply
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import T0

PHONE = "13812345678"


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _register(actor, consent: bool, name="张伟", at=T0) -> int:
    form = VisitForm(
        name,
        PHONE,
        "consultation",
        organisation="华信贸易",
        host="陈经理",
        note="带了合同副本",
        address="南京西路1266号",
        consent_given=consent,
    )
    return register_visit(actor, form, now=at)


def _personal_fields(visit_id: int) -> tuple:
    v = Visit.get_by_id(visit_id)
    return v.visitor_id, v.phone, v.organisation, v.host, v.note


def test_refused_visit_keeps_no_visitor_record_and_no_search_grams(any_db, staff):
    front = staff["front_desk"]
    visit_id = _register(front, consent=False)

    assert Visit.get_by_id(visit_id).visitor_id is None
    assert Visitor.select().count() == 0
    assert VisitorSearchGram.select().count() == 0
    assert find_returning_visitor(front, PHONE) is None
    assert search_visits(front, VisitFilter(text="2345678")) == []


def test_refused_visit_is_on_the_evacuation_list_that_day(any_db, staff):
    front = staff["front_desk"]
    _register(front, consent=False)

    assert [row.name for row in in_building(front, now=T0)] == ["张伟"]
    assert "张伟" in pdf_text(evacuation_list_pdf(front, "zh_CN", now=T0))


def test_sign_out_erases_all_but_name_arrival_and_departure(any_db, staff):
    front, manager = staff["front_desk"], staff["manager"]
    visit_id = _register(front, consent=False)
    escalate(front, visit_id, manager.id, "张伟要求退款到其个人账户", now=T0)
    left = T0 + timedelta(hours=1)

    sign_out(front, visit_id, now=left)

    visit = Visit.get_by_id(visit_id)
    assert (visit.name, visit.arrived_at, visit.left_at) == ("张伟", T0, left)
    assert (visit.purpose, visit.people_count) == ("consultation", 1)
    assert _personal_fields(visit_id) == (None, "", "", "", "")
    assert Escalation.get(Escalation.visit == visit_id).reason == ""
    assert search_visits(front, VisitFilter(text=PHONE)) == []

    text = pdf_text(visit_form_pdf(front, visit_id, "zh_CN", now=left))
    assert "张伟" in text
    for erased in ("13812345678", "138", "华信贸易", "陈经理", "合同副本", "南京西路", "退款"):
        assert erased not in text


def test_consenting_visitor_keeps_everything_after_sign_out(any_db, staff):
    front = staff["front_desk"]
    visit_id = _register(front, consent=True)

    sign_out(front, visit_id, now=T0 + timedelta(hours=1))

    visitor = Visitor.get(Visitor.phone == PHONE)
    assert _personal_fields(visit_id) == (visitor.id, PHONE, "华信贸易", "陈经理", "带了合同副本")
    assert visitor.address == "南京西路1266号"
    assert [r.id for r in search_visits(front, VisitFilter(text="2345678"))] == [visit_id]


def test_refusal_leaves_a_returning_visitors_earlier_record_alone(any_db, staff):
    front = staff["front_desk"]
    earlier = _register(front, consent=True, at=T0 - timedelta(days=7))
    refused = _register(front, consent=False, name="张伟伟")

    visitor = Visitor.get(Visitor.phone == PHONE)
    assert visitor.name == "张伟"
    assert visitor.last_visit_at == T0 - timedelta(days=7)
    assert Visit.get_by_id(refused).visitor_id is None
    assert [r.id for r in search_visits(front, VisitFilter(text=PHONE))] == [earlier]


def test_signing_everyone_out_erases_refused_visits(any_db, staff):
    front = staff["front_desk"]
    refused = _register(front, consent=False)
    agreed = _register(front, consent=True, name="李雷")

    sign_out_all(front, now=T0.replace(hour=18, minute=30))

    assert _personal_fields(refused) == (None, "", "", "", "")
    assert Visit.get_by_id(agreed).phone == PHONE


def test_closing_the_day_erases_refused_visits_never_signed_out(any_db, staff):
    front = staff["front_desk"]
    visit_id = _register(front, consent=False)

    close_day(front, T0.date(), now=T0.replace(hour=19))

    assert _personal_fields(visit_id) == (None, "", "", "", "")
    archived = pdf_text(daily_log_pdf(front, T0.date()))
    assert "张伟" in archived
    assert "华信贸易" not in archived
    assert "13812345678" not in archived and "138-1234-5678" not in archived


def test_the_next_start_erases_refused_visits_of_earlier_days(sqlite_db, staff, monkeypatch):
    front = staff["front_desk"]
    yesterday = _register(front, consent=False, at=T0 - timedelta(days=1))
    today = _register(front, consent=False, name="李雷")
    monkeypatch.setattr(clock, "now", lambda: T0 + timedelta(hours=1))

    startup.prepare_database(f"sqlite:///{sqlite_db.database}", demo=False)

    assert _personal_fields(yesterday) == (None, "", "", "", "")
    assert Visit.get_by_id(today).phone == PHONE  # still in the building today


def test_a_question_for_later_needs_consent(any_db, staff):
    front, agent = staff["front_desk"], staff["agent"]
    refused = _register(front, consent=False)
    agreed = _register(front, consent=True, name="李雷")

    assert needs_consent_for_reply(front, refused)
    assert not needs_consent_for_reply(front, agreed)
    with pytest.raises(ValidationError) as caught:
        mark_pending(front, refused, "发票何时开出？", agent.id, now=T0)
    assert "refused consent" in caught.value.errors["question"]
    assert mark_pending(front, agreed, "发票何时开出？", agent.id, now=T0)
