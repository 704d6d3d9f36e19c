"""Daily counters against the quota across the two-week boundary (R-C12), and the daily call
report's text (R-C15)."""

from __future__ import annotations

import io
from datetime import date, datetime, timedelta

import pytest

from branchdesk.audit.log import entries_for_target
from branchdesk.calls.service import daily_report_pdf, day_counts, record_lead, save_call
from branchdesk.db.models import User
from branchdesk.errors import PermissionDenied
from tests.calls.conftest import complete_form
from tests.conftest import T0


def _pdf_text(pdf: bytes) -> str:
    from pypdf import PdfReader

    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)


def _calls_on(desk, day: date, effective: int, other: int = 0) -> None:
    agent = desk.staff["agent"]
    at = datetime.combine(day, datetime.min.time()) + timedelta(hours=9)
    for i in range(effective + other):
        changes = {} if i < effective else {"contact_title": ""}
        start = at + timedelta(minutes=10 * i)
        save_call(agent, complete_form(desk.customer_id, at=start, **changes),
                  now=start + timedelta(minutes=5))  # fmt: skip


def test_quota_is_smaller_in_the_first_two_weeks_after_the_start_date(desk):
    agent = desk.staff["agent"]
    start = date(2026, 11, 2)
    User.update(start_date=start).where(User.id == agent.id).execute()
    last_new_day, first_full_day = start + timedelta(days=13), start + timedelta(days=14)
    _calls_on(desk, last_new_day, effective=2, other=1)
    _calls_on(desk, first_full_day, effective=1)
    record_lead(agent, desk.customer_id, "C", now=datetime.combine(last_new_day,
                datetime.min.time()) + timedelta(hours=17))  # fmt: skip

    new = day_counts(agent, day=last_new_day)
    assert (new.call_quota, new.lead_quota, new.new_staff) == (80, 15, True)
    assert (new.calls, new.effective_calls, new.leads) == (3, 2, 1)
    assert (new.calls_short, new.leads_short) == (78, 14)
    full = day_counts(agent, day=first_full_day)
    assert (full.call_quota, full.lead_quota, full.new_staff) == (120, 25, False)
    assert (full.calls, full.effective_calls, full.leads) == (1, 1, 0)


def test_without_a_start_date_the_account_creation_day_counts(desk):
    agent = desk.staff["agent"]  # created at T0
    assert day_counts(agent, day=T0.date() + timedelta(days=13)).new_staff
    assert not day_counts(agent, day=T0.date() + timedelta(days=14)).new_staff


def test_an_agent_sees_only_their_own_counters(desk):
    with pytest.raises(PermissionDenied):
        day_counts(desk.staff["agent"], desk.staff["other_agent"].id, T0.date())
    assert day_counts(desk.staff["manager"], desk.staff["agent"].id, T0.date()).calls == 0


def test_daily_report_lists_every_call_with_totals_against_quota(desk):
    agent = desk.staff["agent"]
    day = T0.date()
    _calls_on(desk, day, effective=2, other=1)
    save_call(agent, complete_form(desk.customer_id, at=T0 + timedelta(hours=3),
              disposition="not_reached"), now=T0 + timedelta(hours=3, minutes=1))  # fmt: skip
    pdf = daily_report_pdf(agent, day, lang="zh_CN", now=T0 + timedelta(hours=9))
    text = _pdf_text(pdf)

    assert "电话销售日报表" in text
    assert "赵磊" in text and "A001" in text and "客服专员" in text
    assert text.count("浦江物流有限公司") >= 4
    assert "4:10" in text  # each call's duration
    assert "未联系上客户" in text  # the disposition, translated
    assert "通话 4 个，其中有效 2 个（定额 80，差 78）" in text  # created at T0: new staff
    assert "机密" in text  # the secrecy footer
    [entry] = entries_for_target("call_report", day.isoformat())
    assert entry.action == "call_report_printed"


def test_a_manager_gets_one_section_per_agent_an_agent_only_their_own(desk):
    day = T0.date()
    _calls_on(desk, day, effective=1)
    manager = desk.staff["manager"]
    text = _pdf_text(daily_report_pdf(manager, day, lang="en", now=T0 + timedelta(hours=9)))
    assert "Daily Telesales Report" in text
    assert "Agent: 赵磊 (agent no. A001)" in text and "Agent: 刘洋 (agent no. A002)" in text
    assert "No calls were recorded on this day." in text
    with pytest.raises(PermissionDenied):
        daily_report_pdf(desk.staff["agent"], day, desk.staff["other_agent"].id)


def test_the_start_date_is_set_on_the_account_and_defaults_to_its_creation(desk):
    from branchdesk.auth.users import UserForm, create_user, update_user

    manager = desk.staff["manager"]
    new = create_user(manager, UserForm("qian.wei", "钱伟", "agent", "A009", "Kx9!desk-2026-long"),
                      now=T0)  # fmt: skip
    assert new.start_date == T0.date()
    changed = update_user(manager, new.id, UserForm("qian.wei", "钱伟", "agent", "A009",
                          active=None, start_date=date(2026, 12, 1)), now=T0)  # fmt: skip
    assert changed.start_date == date(2026, 12, 1)
    agent = type(desk.staff["agent"])(new.id, "qian.wei", "钱伟", "agent", "A009")
    assert day_counts(agent, day=date(2026, 12, 1)).new_staff
    assert not day_counts(agent, day=date(2026, 11, 30)).new_staff
