from datetime import timedelta

import pytest

from branchdesk.branch.service import update_settings
from branchdesk.db.models import Escalation, PendingReply, Visit
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.i18n import set_language
from branchdesk.visitors.presence import in_building, presence_line, sign_out, sign_out_all
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import (
    answer_pending,
    escalate,
    escalations_for_visit,
    mark_pending,
    pending_replies,
)
from tests.conftest import T0


def _visit(actor, name="张伟", at=T0):
    return register_visit(
        actor, VisitForm(name, "13812345678", "consultation", consent_given=True), now=at
    )


def test_sign_out_one_visitor(any_db, staff):
    front = staff["front_desk"]
    first, second = _visit(front), _visit(front, "王芳")
    sign_out(front, first, now=T0 + timedelta(hours=1))
    assert [r.id for r in in_building(front, now=T0 + timedelta(hours=1))] == [second]
    assert Visit.get_by_id(first).left_at == T0 + timedelta(hours=1)
    with pytest.raises(ValidationError):
        sign_out(front, first, now=T0 + timedelta(hours=2))


def test_visitors_past_closing_are_flagged_not_signed_out(any_db, staff):  # R-V6
    front = staff["front_desk"]
    _visit(front)
    before = in_building(front, now=T0.replace(hour=17, minute=59))
    after = in_building(front, now=T0.replace(hour=18, minute=1))
    assert [r.past_closing for r in before] == [False]
    assert [r.past_closing for r in after] == [True]
    assert Visit.get().left_at is None
    update_settings(staff["manager"], {"closing_time": "20:00"})
    assert [r.past_closing for r in in_building(front, now=T0.replace(hour=18, minute=1))] == [
        False
    ]


def test_presence_lines_are_formatted_as_the_list_shows_them(any_db, staff):
    front = staff["front_desk"]
    register_visit(
        front,
        VisitForm("李秀英", "021-5012 3456", "meeting", "华信贸易有限公司", 3, "王芳",
                  consent_given=True),
        now=T0 - timedelta(days=1),
    )  # fmt: skip
    _visit(front)
    set_language("zh_CN")  # the autouse fixture sets English back
    yesterday, today = (presence_line(row, T0.date()) for row in in_building(front, T0))
    day = T0 - timedelta(days=1)  # an earlier day: its date too
    assert yesterday.cells[0] == f"{day:%Y-%m-%d %H:%M}"
    assert yesterday.cells[1:] == (
        "李秀英",
        "华信贸易有限公司",
        "021 5012 3456",
        "3",
        "王芳",
        "会议/研讨",
    )
    assert today.cells[0] == f"{T0:%H:%M}"  # today: the time alone
    assert today.cells[3] == "138 1234 5678"
    assert today.visit.name == "张伟" and not today.visit.past_closing


def test_sign_out_all_at_closing(any_db, staff):
    front = staff["front_desk"]
    for name in ("张伟", "王芳", "李娜"):
        _visit(front, name)
    assert sign_out_all(front, now=T0.replace(hour=18)) == 3
    assert in_building(front, now=T0.replace(hour=18)) == []


def test_pending_reply_gets_default_deadline_and_overdue_flag(any_db, staff):  # R-V3
    front, agent = staff["front_desk"], staff["agent"]
    visit_id = _visit(front)
    mark_pending(front, visit_id, "发票什么时候能开？", agent.id, now=T0)
    pending = PendingReply.get()
    assert pending.deadline == T0 + timedelta(hours=24)
    assert [r.overdue for r in pending_replies(front, now=T0 + timedelta(hours=23))] == [False]
    assert [r.overdue for r in pending_replies(front, now=T0 + timedelta(hours=25))] == [True]
    answer_pending(agent, pending.id, "下周一开出", now=T0 + timedelta(hours=2))
    assert pending_replies(front, now=T0 + timedelta(hours=25)) == []
    answered = pending_replies(front, include_answered=True, now=T0 + timedelta(hours=25))
    assert (answered[0].answer, answered[0].answered_by, answered[0].overdue) == (
        "下周一开出",
        "赵磊",
        False,
    )


def test_reply_deadline_follows_the_setting(any_db, staff):
    update_settings(staff["manager"], {"reply_deadline_hours": 4})
    visit_id = _visit(staff["front_desk"])
    mark_pending(staff["front_desk"], visit_id, "问题", staff["agent"].id, now=T0)
    assert PendingReply.get().deadline == T0 + timedelta(hours=4)


def test_pending_reply_needs_question_and_answerer(any_db, staff):
    visit_id = _visit(staff["front_desk"])
    with pytest.raises(ValidationError) as caught:
        mark_pending(staff["front_desk"], visit_id, "  ", None, now=T0)
    assert set(caught.value.errors) == {"question", "answerer"}
    with pytest.raises(ValidationError) as caught:
        mark_pending(
            staff["front_desk"],
            visit_id,
            "问题",
            staff["agent"].id,
            deadline=T0 - timedelta(minutes=1),
            now=T0,
        )
    assert set(caught.value.errors) == {"deadline"}


def test_escalation_is_recorded(any_db, staff):  # R-V4
    visit_id = _visit(staff["front_desk"])
    escalate(staff["front_desk"], visit_id, staff["manager"].id, "要求退款，需负责人处理", now=T0)
    rows = escalations_for_visit(staff["manager"], visit_id)
    assert [(r.responsible, r.by, r.reason) for r in rows] == [
        ("王芳", "李娜", "要求退款，需负责人处理")
    ]
    assert Escalation.select().count() == 1


def test_agent_may_answer_but_not_sign_out(any_db, staff):
    visit_id = _visit(staff["front_desk"])
    with pytest.raises(PermissionDenied):
        sign_out(staff["agent"], visit_id, now=T0)
    with pytest.raises(PermissionDenied):
        sign_out_all(staff["agent"], now=T0)
    assert Visit.get_by_id(visit_id).left_at is None
