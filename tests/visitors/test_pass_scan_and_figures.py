"""Signing out by the scanned visit number, and the day's figures on the visitors tab."""

from datetime import timedelta

import pytest

from branchdesk.db.models import Visit
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.i18n import format_time
from branchdesk.visitors.day_figures import DayFigures, day_figures
from branchdesk.visitors.expected import ExpectedForm, expect_visitor
from branchdesk.visitors.pass_scan import pass_code, sign_out_scanned, visit_number
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import answer_pending, mark_pending
from tests.conftest import T0


def _visit(actor, name="张伟", at=T0, people=1):
    form = VisitForm(name, "13812345678", "consultation", people_count=people, consent_given=True)
    return register_visit(actor, form, now=at)


def test_the_pass_code_is_the_plain_visit_number_and_reads_back():
    assert pass_code(1234) == "1234"
    assert visit_number(" 1234 ") == 1234
    assert visit_number("１２３４") == 1234  # full-width, as a Chinese input method types
    assert visit_number("V1234") is None
    assert visit_number("") is None
    assert visit_number("0") is None


def test_a_scanned_number_signs_its_visitor_out(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    assert sign_out_scanned(front, f"{visit_id}\n", now=T0 + timedelta(hours=1)) == "张伟"
    assert Visit.get_by_id(visit_id).left_at == T0 + timedelta(hours=1)


def test_an_unknown_unreadable_or_signed_out_number_says_which(any_db, staff):
    front = staff["front_desk"]
    visit_id = _visit(front)
    left = T0.replace(hour=10, minute=5)
    sign_out(front, visit_id, now=left)
    cases = {
        "abc": "“abc” is not a visit number.",
        str(visit_id + 1): f"No visit has the number {visit_id + 1}.",
        str(visit_id): f"Visit {visit_id} (张伟) was signed out already, at {format_time(left)}.",
    }
    for code, message in cases.items():
        with pytest.raises(ValidationError) as caught:
            sign_out_scanned(front, code, now=T0.replace(hour=11))
        assert caught.value.errors == {"scan": message}
    with pytest.raises(PermissionDenied):
        sign_out_scanned(staff["agent"], str(visit_id), now=T0)


def test_the_days_figures_count_people_replies_and_expected_visitors(any_db, staff):
    front, agent = staff["front_desk"], staff["agent"]
    yesterday = _visit(front, "李秀英", at=T0 - timedelta(days=1))  # never signed out
    first = _visit(front, "张伟", people=3)
    second = _visit(front, "王强", at=T0 + timedelta(minutes=5))
    sign_out(front, second, now=T0 + timedelta(minutes=30))
    overdue = mark_pending(
        front, first, "价格？", agent.id, deadline=T0 + timedelta(hours=1), now=T0
    )
    mark_pending(front, first, "交期？", agent.id, deadline=T0 + timedelta(days=1), now=T0)
    answered = mark_pending(front, yesterday, "发票？", agent.id, now=T0 - timedelta(days=1))
    answer_pending(agent, answered, "已开具", now=T0)
    expect_visitor(agent, ExpectedForm("刘洋", T0.replace(hour=15), "business"), now=T0)
    expect_visitor(agent, ExpectedForm("孙丽", T0 + timedelta(days=1), "business"), now=T0)

    figures = day_figures(agent, now=T0 + timedelta(hours=2))

    assert figures == DayFigures(
        visitors_today=4,
        visits_today=2,
        in_building=4,
        pending_replies=2,
        overdue_replies=1,
        expected_waiting=1,
    )
    assert overdue
    with pytest.raises(PermissionDenied):
        day_figures(staff["admin"], now=T0)
