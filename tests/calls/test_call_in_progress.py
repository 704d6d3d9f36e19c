"""A call walked through the shipped scripts with the engine, saved through the service:
adherence, skipped steps with their reasons, what the script recorded, the callback and the
draft that resumes the same call."""

from __future__ import annotations

from datetime import timedelta

import pytest

from branchdesk.calls.service import begin_call, pending_draft, resume_call, save_call, save_draft
from branchdesk.db.models import Call, Callback
from branchdesk.settings.store import put_setting
from tests.conftest import T0


@pytest.fixture
def branch(desk):
    put_setting("company_name", "华信贸易有限公司")
    return desk


def test_inbound_complaint_that_cannot_be_answered_creates_the_callback(branch):
    agent = branch.staff["agent"]
    call = begin_call(agent, "inbound", customer_id=branch.customer_id, lang="zh_CN", now=T0)
    assert "华信贸易有限公司" in call.run.text() and "A001" in call.run.text()
    assert call.fields["organisation"] == "浦江物流有限公司"
    run = call.run
    run.complete()  # greeting
    run.complete("complaint")
    run.skip("客户情绪激动，直接说明问题")  # complaint_listen, mandatory
    run.complete()  # apology
    run.complete(value="发货延误三天")
    run.complete("cannot_answer")
    assert "09:59" in run.text() or "10:00" in run.text()  # reply time: the deadline
    run.complete()
    run.complete(value="13912345678")
    run.complete()  # hand over
    call.notes = "客户要求赔偿运费"
    saved = save_call(
        agent,
        call.form("callback_promised", T0 + timedelta(minutes=6)),
        now=T0 + timedelta(minutes=6),
    )

    stored = Call.get_by_id(saved.id)
    assert (stored.script_id, stored.script_version) == ("inbound", 1)
    assert (stored.mandatory_total, stored.mandatory_passed) == (9, 8)
    assert saved.adherence == 89
    assert saved.skipped[0].step == "complaint_listen"
    callback = Callback.get(Callback.call == saved.id)
    assert callback.issue == "发货延误三天"
    assert callback.deadline == T0 + timedelta(minutes=36)


def test_a_draft_resumes_the_same_call(branch):
    agent = branch.staff["agent"]
    call = begin_call(agent, "inbound", customer_id=branch.customer_id, lang="zh_CN", now=T0)
    call.run.complete()
    call.run.complete("inquiry")
    call.notes = "询问报价"
    save_draft(agent, call.to_draft(), now=T0 + timedelta(minutes=1))

    again = resume_call(agent, pending_draft(agent))
    assert again.run.current.id == "inquiry"
    assert (again.notes, again.started_at, again.customer_id) == (
        "询问报价",
        T0,
        branch.customer_id,
    )
    assert [p.step_id for p in again.run.path] == ["greeting", "purpose"]
    assert "华信贸易有限公司" in again.run.text(again.run.script.step("greeting"))
