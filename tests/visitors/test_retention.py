"""How long visitors' details are kept (PIPL Art. 56) and the manager's purge of older ones."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk import i18n
from branchdesk.audit.log import parse_details, verify_chain
from branchdesk.branch.service import update_settings
from branchdesk.db.models import (
    AuditEntry,
    DailyVisitLog,
    Escalation,
    PendingReply,
    Visit,
    Visitor,
    VisitorSearchGram,
)
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.permissions import VisitAction
from branchdesk.visitors.printouts import visit_form_pdf
from branchdesk.visitors.registration import (
    VisitForm,
    built_in_privacy_notice,
    privacy_notice,
    register_visit,
)
from branchdesk.visitors.replies import escalate, mark_pending
from branchdesk.visitors.retention import (
    purge_expired,
    purge_preview,
    retention_cutoff,
    retention_text,
)
from branchdesk.visitors.visit_log import VisitFilter, search_visits
from tests.conftest import T0

NOW = T0  # 2026-11-23: the default three years keep visits from 2023-11-23 on


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def _visit(actor, name, phone, at, people=1, purpose="consultation"):
    form = VisitForm(
        name, phone, purpose, organisation="华信贸易", host="陈经理", note="合同",
        people_count=people, consent_given=True,
    )  # fmt: skip
    return register_visit(actor, form, now=at)


@pytest.fixture
def history(any_db, staff):
    """Two visits of 张伟 long ago (one with a question and an escalation), 李雷 long ago and
    again last month, and the closed logs of an old day and of last month."""
    front, agent = staff["front_desk"], staff["agent"]
    old_day = datetime(2022, 3, 14, 10, 0)
    ids = {
        "zhang_1": _visit(front, "张伟", "13812345678", old_day, people=3, purpose="complaint"),
        "zhang_2": _visit(front, "张伟", "13812345678", datetime(2023, 5, 2, 15, 0)),
        "li_old": _visit(front, "李雷", "13987654321", datetime(2023, 5, 20, 9, 0)),
        "li_new": _visit(front, "李雷", "13987654321", NOW - timedelta(days=30)),
    }
    mark_pending(front, ids["zhang_1"], "退款何时到账？", agent.id, now=old_day)
    escalate(front, ids["zhang_1"], staff["manager"].id, "张伟情绪激动", now=old_day)
    close_day(front, old_day.date(), now=old_day.replace(hour=19))
    close_day(front, (NOW - timedelta(days=30)).date(), now=NOW - timedelta(days=29))
    return ids


@pytest.mark.parametrize(
    ("period", "today", "cutoff"),
    [
        ({"amount": 3, "unit": "years"}, date(2026, 11, 23), date(2023, 11, 23)),
        ({"amount": 42, "unit": "months"}, date(2026, 11, 23), date(2023, 5, 23)),
        ({"amount": 39, "unit": "months"}, date(2026, 5, 31), date(2023, 2, 28)),
    ],
)
def test_the_cutoff_counts_back_the_retention_period(any_db, staff, period, today, cutoff):
    update_settings(staff["manager"], {"visitor_data_retention": period})
    assert retention_cutoff(today) == cutoff


def test_default_keeps_three_years_and_less_is_refused(any_db, staff):  # PIPL Art. 56
    assert retention_text() == "3 years"
    assert retention_cutoff(date(2026, 11, 23)) == date(2023, 11, 23)
    for too_short in ({"amount": 2, "unit": "years"}, {"amount": 35, "unit": "months"}):
        with pytest.raises(ValidationError):
            update_settings(staff["manager"], {"visitor_data_retention": too_short})
    update_settings(staff["manager"], {"visitor_data_retention": {"amount": 5, "unit": "years"}})
    assert retention_text() == "5 years"


def test_preview_lists_what_would_go_without_changing_anything(history, staff):
    preview = purge_preview(staff["manager"], now=NOW)

    assert preview.cutoff == date(2023, 11, 23)
    assert preview.months == [("2022-03", 1), ("2023-05", 2)]
    assert preview.oldest == datetime(2022, 3, 14, 10, 0)
    assert (preview.visit_count, preview.visitor_count, preview.archived_logs) == (3, 1, 1)
    assert Visit.get_by_id(history["zhang_1"]).name == "张伟"
    assert Visitor.select().count() == 2


def test_purge_erases_old_personal_fields_and_keeps_statistics(history, staff):
    result = purge_expired(staff["manager"], now=NOW)

    assert (result.visits, result.visitors, result.archived_logs) == (3, 1, 1)
    old = Visit.get_by_id(history["zhang_1"])
    assert (old.name, old.phone, old.organisation, old.host, old.note) == ("", "", "", "", "")
    assert old.visitor_id is None
    assert (old.arrived_at, old.purpose, old.people_count) == (
        datetime(2022, 3, 14, 10, 0), "complaint", 3,
    )  # fmt: skip
    assert PendingReply.get(PendingReply.visit == old.id).question == ""
    assert Escalation.get(Escalation.visit == old.id).reason == ""
    # 张伟 had only old visits: gone with his grams; 李雷 came last month and stays.
    assert [v.name for v in Visitor.select()] == ["李雷"]
    li = Visitor.get()
    assert (
        VisitorSearchGram.select().count()
        == VisitorSearchGram.select().where(VisitorSearchGram.visitor == li.id).count()
        > 0
    )
    assert Visit.get_by_id(history["li_old"]).name == ""
    assert Visit.get_by_id(history["li_new"]).phone == "13987654321"
    assert search_visits(staff["manager"], VisitFilter(text="13812345678")) == []
    assert [d.day for d in DailyVisitLog.select()] == [(NOW - timedelta(days=30)).date()]


def test_purge_is_audited_with_its_counts_and_a_second_finds_nothing(history, staff):
    purge_expired(staff["manager"], now=NOW)
    again = purge_expired(staff["manager"], now=NOW)

    assert (again.visits, again.visitors, again.archived_logs) == (0, 0, 0)
    entries = AuditEntry.select().where(AuditEntry.action == VisitAction.EXPIRED_DATA_PURGED)
    first = dict(parse_details(entries.order_by(AuditEntry.id).first().detail))
    assert first == {"before": "2023-11-23", "visits": "3", "visitors": "1", "logs": "1"}
    assert verify_chain() is None
    assert purge_preview(staff["manager"], now=NOW).months == []


@pytest.mark.parametrize("role", ["front_desk", "agent", "admin"])
def test_only_a_manager_purges(history, staff, role):
    with pytest.raises(PermissionDenied):
        purge_preview(staff[role], now=NOW)
    with pytest.raises(PermissionDenied):
        purge_expired(staff[role], now=NOW)
    assert Visit.get_by_id(history["zhang_1"]).name == "张伟"


@pytest.mark.parametrize(
    ("lang", "period", "ask"),
    [("en", "5 years", "front desk"), ("zh_CN", "5年", "前台"), ("zh_TW", "5年", "櫃檯")],
)
def test_the_notice_says_how_long_details_are_kept_and_how_to_ask(
    any_db, staff, lang, period, ask
):  # PIPL Art. 17
    update_settings(
        staff["manager"],
        {"visitor_data_retention": {"amount": 5, "unit": "years"}, "hotline": "400-800-1234"},
    )
    i18n.set_language(lang)

    notice = privacy_notice()
    printed = pdf_text(visit_form_pdf(staff["front_desk"], None, lang, now=NOW))

    for said in (period, ask, "400-800-1234"):
        assert said in notice
        assert "".join(said.split()) in printed  # the PDF's text comes without spaces


def test_the_notice_placeholder_in_settings_names_the_default_period(any_db):
    assert "3 years" in built_in_privacy_notice()
    assert "hotline." in built_in_privacy_notice()
