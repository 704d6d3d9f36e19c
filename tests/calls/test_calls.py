"""Saving calls: R-C13 effective calls, callbacks (R-C5, R-C7, R-C11), who sees which calls,
the audit entries, drafts and leads (R-C14, R-F5)."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from branchdesk.audit.log import entries_for_target
from branchdesk.calls.records import CallFilter, ScriptTrace, SkippedStep
from branchdesk.calls.service import (
    discard_draft,
    follow_up_values,
    get_call,
    hand_over_leads,
    open_callbacks,
    overdue_count,
    pending_draft,
    record_lead,
    save_call,
    save_draft,
    search_calls,
)
from branchdesk.db.models import Call, Callback, Lead
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.settings.store import get_setting
from tests.calls.conftest import PHONE, complete_form
from tests.conftest import T0


def test_a_complete_call_is_effective_and_stored_with_its_script_trace(desk):
    agent = desk.staff["agent"]
    trace = ScriptTrace("inbound", 1, ("greeting", "complaint", "closing"), 4, 3,
                        (SkippedStep("apology", "客户挂断"),))  # fmt: skip
    row = save_call(
        agent, complete_form(desk.customer_id, trace=trace), now=T0 + timedelta(minutes=5)
    )

    assert row.effective and row.missing == ()
    assert (row.duration_seconds, row.adherence) == (250, 75)
    assert row.path == ("greeting", "complaint", "closing")
    assert row.skipped == (SkippedStep("apology", "客户挂断"),)
    stored = Call.get_by_id(row.id)
    assert (stored.script_id, stored.script_version, stored.level) == ("inbound", 1, 1)
    assert stored.phone == "13912345678"


@pytest.mark.parametrize(
    "changes, missing",
    [
        ({"organisation": ""}, "organisation"),
        ({"contact_surname": " "}, "surname"),
        ({"contact_title": ""}, "department or title"),
        ({"phone": ""}, "phone number"),
    ],
)
def test_a_call_missing_an_r_c13_field_does_not_count_and_says_what_is_missing(
    desk, changes, missing
):
    row = save_call(desk.staff["agent"], complete_form(desk.customer_id, **changes), now=T0)
    assert not row.effective
    assert len(row.missing) == 1 and missing in row.missing[0]


def test_a_customer_not_reached_never_counts(desk):
    form = complete_form(desk.customer_id, disposition="not_reached")
    row = save_call(desk.staff["agent"], form, now=T0 + timedelta(minutes=5))
    assert not row.effective and "conversation" in row.missing[0]


def test_a_call_needs_a_customer_file_unless_it_was_a_wrong_number(desk):
    with pytest.raises(ValidationError) as refused:
        save_call(desk.staff["agent"], complete_form(None), now=T0 + timedelta(minutes=5))
    assert "customer" in refused.value.errors
    row = save_call(desk.staff["agent"], complete_form(None, disposition="wrong_number"),
                    now=T0 + timedelta(minutes=5))  # fmt: skip
    assert row.customer_id is None and not row.effective


def test_a_complaint_disposition_is_stored_and_flagged(desk):
    row = save_call(desk.staff["agent"], complete_form(desk.customer_id,
                    disposition="complaint_opened"), now=T0 + timedelta(minutes=5))  # fmt: skip
    assert row.complaint_flagged and row.disposition == "complaint_opened"


def test_unanswered_call_gets_30_minute_callback_deadline(desk):  # R-C7
    agent, manager = desk.staff["agent"], desk.staff["manager"]
    ended = T0 + timedelta(minutes=4, seconds=10)
    form = complete_form(
        desk.customer_id,
        disposition="callback_promised",
        callback_issue="退货运费由谁承担",
        callback_owner_id=manager.id,
    )
    row = save_call(agent, form, now=ended)

    callback = Callback.get(Callback.call == row.id)
    assert get_setting("callback_deadline_minutes") == 30
    assert callback.deadline == ended + timedelta(minutes=30)
    assert (callback.owner_id, callback.kind, callback.closed_at) == (manager.id, "reply", None)
    # R-C7: visible to the agent's manager, counted once overdue
    assert [c.id for c in open_callbacks(manager)] == [callback.id]
    assert overdue_count(manager, now=ended + timedelta(minutes=29)) == 0
    assert overdue_count(manager, now=ended + timedelta(minutes=31)) == 1


def test_a_promised_callback_needs_the_question(desk):
    form = complete_form(desk.customer_id, disposition="callback_promised")
    with pytest.raises(ValidationError) as refused:
        save_call(desk.staff["agent"], form, now=T0 + timedelta(minutes=5))
    assert "callback_issue" in refused.value.errors


def test_the_follow_up_call_closes_the_callback_and_fills_date_and_issue(desk):
    agent = desk.staff["agent"]
    first = save_call(agent, complete_form(desk.customer_id, disposition="callback_promised",
                      callback_issue="发票抬头有误"), now=T0 + timedelta(minutes=5))  # fmt: skip
    callback = Callback.get(Callback.call == first.id)
    values = follow_up_values(agent, callback.id)
    assert values["issue"] == "发票抬头有误" and "2026" in values["last_contact_date"]

    inbound_try = complete_form(desk.customer_id, at=T0 + timedelta(minutes=20),
                                closes_callback_id=callback.id)  # fmt: skip
    with pytest.raises(ValidationError) as refused:
        save_call(agent, inbound_try, now=T0 + timedelta(minutes=25))
    assert "follow-up script" in refused.value.errors["callback"]

    # R-C11: not satisfied — another follow-up at a chosen time
    again = T0 + timedelta(days=1, hours=2)
    follow_up = complete_form(
        desk.customer_id, at=T0 + timedelta(minutes=20), direction="outbound",
        trace=ScriptTrace("follow-up", 1, ("identify", "purpose", "not_satisfied"), 3, 3),
        closes_callback_id=callback.id, follow_up_at=again, callback_issue="发票重开",
    )  # fmt: skip
    saved = save_call(agent, follow_up, now=T0 + timedelta(minutes=25))
    closed = Callback.get_by_id(callback.id)
    assert (closed.closed_by_call_id, closed.closed_at) == (saved.id, T0 + timedelta(minutes=25))
    [next_one] = open_callbacks(agent)
    assert (next_one.kind, next_one.deadline, next_one.issue) == ("follow_up", again, "发票重开")
    actions = [e.action for e in entries_for_target("callback", callback.id)]
    assert "callback_closed" in actions


def test_agents_see_their_own_calls_managers_all_front_desk_none(desk):
    agent, other = desk.staff["agent"], desk.staff["other_agent"]
    mine = save_call(agent, complete_form(desk.customer_id), now=T0 + timedelta(minutes=5))
    save_call(other, complete_form(desk.customer_id, organisation="申城建筑设计院"),
              now=T0 + timedelta(minutes=6))  # fmt: skip

    assert [r.id for r in search_calls(agent)] == [mine.id]
    assert len(search_calls(desk.staff["manager"])) == 2
    with pytest.raises(PermissionDenied):
        search_calls(agent, CallFilter(agent_id=other.id))
    with pytest.raises(PermissionDenied):
        get_call(other, mine.id)
    for role in ("front_desk", "admin"):
        with pytest.raises(PermissionDenied):
            search_calls(desk.staff[role])


def test_search_finds_calls_by_organisation_contact_or_phone_digits(desk):
    agent = desk.staff["agent"]
    first = save_call(agent, complete_form(desk.customer_id), now=T0 + timedelta(minutes=5))
    second = save_call(agent, complete_form(desk.customer_id, organisation="申城建筑设计院",
                       contact_surname="诸葛", phone="13800001111"),
                       now=T0 + timedelta(minutes=6))  # fmt: skip
    assert [r.id for r in search_calls(agent, CallFilter(text="浦江"))] == [first.id]
    assert [r.id for r in search_calls(agent, CallFilter(text="诸葛"))] == [second.id]
    assert [r.id for r in search_calls(agent, CallFilter(text="0000111"))] == [second.id]
    assert [r.id for r in search_calls(agent, CallFilter(text="物"))] == [first.id]
    assert search_calls(agent, CallFilter(text="不存在的公司")) == []


def test_pages_follow_each_other_newest_first(desk):
    from branchdesk.calls.service import cursor_after

    agent = desk.staff["agent"]
    ids = [
        save_call(agent, complete_form(desk.customer_id, at=T0 + timedelta(minutes=10 * i)),
                  now=T0 + timedelta(minutes=10 * i + 5)).id
        for i in range(5)
    ]  # fmt: skip
    first = search_calls(agent, limit=3)
    second = search_calls(agent, after=cursor_after(first[-1]), limit=3)
    assert [r.id for r in first + second] == ids[::-1]


def test_saving_the_call_is_audited_with_its_disposition(desk):
    row = save_call(
        desk.staff["agent"], complete_form(desk.customer_id), now=T0 + timedelta(minutes=5)
    )
    [entry] = entries_for_target("call", row.id)
    assert entry.action == "call_saved"


def test_a_draft_is_kept_until_the_call_is_saved(desk):
    agent = desk.staff["agent"]
    assert pending_draft(agent) is None
    save_draft(agent, {"notes": "客户说明天再来电", "direction": "inbound"}, now=T0)
    save_draft(agent, {"notes": "客户说明天再来电，要发票", "direction": "inbound"}, now=T0)
    assert pending_draft(agent)["notes"] == "客户说明天再来电，要发票"
    assert pending_draft(desk.staff["other_agent"]) is None
    save_call(agent, complete_form(desk.customer_id), now=T0 + timedelta(minutes=5))
    assert pending_draft(agent) is None
    save_draft(agent, {"notes": "x"}, now=T0)
    discard_draft(agent)
    assert pending_draft(agent) is None


def test_an_a_lead_needs_the_r_c14_conditions_a_c_lead_does_not(desk):
    agent = desk.staff["agent"]
    call = save_call(agent, complete_form(desk.customer_id), now=T0 + timedelta(minutes=5))
    with pytest.raises(ValidationError) as refused:
        record_lead(agent, desk.customer_id, "A", call_id=call.id, now=T0 + timedelta(minutes=6))
    assert {"visited_at", "signed"} <= set(refused.value.errors)
    assert Lead.select().count() == 0
    record_lead(agent, desk.customer_id, "C", call_id=call.id, now=T0 + timedelta(minutes=6))
    assert Lead.get().grade == "C"


def test_a_leavers_leads_block_deactivation_until_handed_over(desk):
    from branchdesk.auth.users import set_active

    agent, manager = desk.staff["agent"], desk.staff["manager"]
    record_lead(agent, desk.customer_id, "C", now=T0)
    with pytest.raises(ValidationError) as refused:
        set_active(manager, agent.id, False)
    assert "1 lead" in str(refused.value.errors)
    with pytest.raises(PermissionDenied):
        hand_over_leads(agent, agent.id, desk.staff["other_agent"].id)
    assert hand_over_leads(manager, agent.id, desk.staff["other_agent"].id) == 1
    from branchdesk.customers.service import hand_over

    hand_over(manager, agent.id, desk.staff["other_agent"].id)
    set_active(manager, agent.id, False)


def test_callbacks_due_soon_are_those_within_the_notice_time(desk):
    from branchdesk.calls.service import due_soon

    agent = desk.staff["agent"]
    ended = T0 + timedelta(minutes=5)
    save_call(agent, complete_form(desk.customer_id, disposition="callback_promised",
              callback_issue="价格"), now=ended)  # fmt: skip
    assert due_soon(agent, now=ended + timedelta(minutes=24)) == []
    assert len(due_soon(agent, now=ended + timedelta(minutes=25))) == 1
    assert due_soon(agent, now=ended + timedelta(minutes=31)) == []


def test_a_start_time_days_old_is_refused(desk):
    form = complete_form(desk.customer_id, at=datetime(2026, 11, 1, 9, 0), ended_at=None)
    with pytest.raises(ValidationError) as refused:
        save_call(desk.staff["agent"], form, now=T0)
    assert "started_at" in refused.value.errors
    assert PHONE


def test_a_whole_number_finds_that_numbers_calls_only(desk):
    agent = desk.staff["agent"]
    first = save_call(agent, complete_form(desk.customer_id), now=T0 + timedelta(minutes=5))
    save_call(agent, complete_form(desk.customer_id, phone="13912345670"),
              now=T0 + timedelta(minutes=6))  # fmt: skip
    assert [r.id for r in search_calls(agent, CallFilter(text="139 1234 5678"))] == [first.id]
    assert len(search_calls(agent, CallFilter(text="1234567"))) == 2


def test_a_follow_up_that_does_not_reach_the_customer_leaves_the_callback_open(desk):
    agent = desk.staff["agent"]
    first = save_call(agent, complete_form(desk.customer_id, disposition="callback_promised",
                      callback_issue="发票"), now=T0 + timedelta(minutes=5))  # fmt: skip
    callback = Callback.get(Callback.call == first.id)
    attempt = complete_form(
        desk.customer_id, at=T0 + timedelta(minutes=20), direction="outbound",
        disposition="not_reached", trace=ScriptTrace("follow-up", 1),
        closes_callback_id=callback.id,
    )  # fmt: skip
    save_call(agent, attempt, now=T0 + timedelta(minutes=21))
    assert Callback.get_by_id(callback.id).closed_at is None
    assert [c.id for c in open_callbacks(agent)] == [callback.id]
