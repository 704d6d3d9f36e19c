"""The daily visit log (R-V6): counted, closed after the daily meeting, archived unchanged."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader

from branchdesk import i18n
from branchdesk.audit.log import Action, verify_chain
from branchdesk.audit.seals import closing_seal
from branchdesk.audit.verify import verify_log
from branchdesk.db.models import AuditEntry, DailyVisitLog
from branchdesk.errors import PermissionDenied, ValidationError
from branchdesk.visitors.daily_log import close_day, daily_log_pdf, day_summary
from branchdesk.visitors.permissions import VisitAction
from branchdesk.visitors.presence import sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import answer_pending, mark_pending
from tests.audit.tampering import tamper
from tests.conftest import T0

DAY = T0.date()
EVENING = T0.replace(hour=18, minute=30)


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(BytesIO(pdf))
    return "".join("".join(page.extract_text().split()) for page in reader.pages)


def visit(actor, name, phone, at, people=1):
    form = VisitForm(name, phone, "consultation", people_count=people, consent_given=True)
    return register_visit(actor, form, now=at)


@pytest.fixture
def monday(any_db, staff):
    """Three visits on the Monday, one the day before and one the day after; two questions
    asked, one of them answered."""
    front, agent = staff["front_desk"], staff["agent"]
    visit(front, "前一天", "13800000001", T0 - timedelta(days=1))
    first = visit(front, "张伟", "13812345678", T0, people=3)
    second = visit(front, "王芳", "13912345678", T0 + timedelta(hours=2))
    visit(front, "欧阳晓明", "13712345678", T0.replace(hour=23, minute=59), people=2)
    visit(front, "第二天", "13800000002", T0 + timedelta(days=1))
    sign_out(front, first, now=T0 + timedelta(hours=1))
    deadline = T0 + timedelta(days=1)
    mark_pending(front, first, "发票何时寄出？", agent.id, deadline, now=T0)
    answered = mark_pending(front, second, "合同模板", agent.id, deadline, now=T0)
    answer_pending(agent, answered, "已邮件发送", now=T0 + timedelta(hours=3))
    return staff


def test_summary_counts_the_days_visits_people_and_open_questions(monday):
    summary = day_summary(monday["agent"], DAY)
    assert (summary.visit_count, summary.people_count, summary.open_questions) == (3, 6, 1)
    assert not summary.closed and summary.closed_by == ""
    empty = day_summary(monday["agent"], DAY - timedelta(days=7))
    assert (empty.visit_count, empty.people_count, empty.open_questions) == (0, 0, 0)


def test_closing_archives_the_pdf_and_audits_it(monday):
    i18n.set_language("zh_CN")
    front = monday["front_desk"]

    summary = close_day(front, DAY, now=EVENING)

    assert summary.closed and summary.closed_by == "李娜" and summary.closed_at == EVENING
    assert (summary.visit_count, summary.people_count, summary.open_questions) == (3, 6, 1)
    archive = DailyVisitLog.get(DailyVisitLog.day == DAY)
    assert (archive.closed_by_id, archive.lang, archive.visit_count) == (front.id, "zh_CN", 3)
    text = pdf_text(bytes(archive.pdf))
    for name in ("张伟", "王芳", "欧阳晓明"):
        assert name in text
    assert "前一天" not in text and "第二天" not in text
    assert "来访日志" in text and "李娜" in text
    assert "合计：3批来访，共6人；未答复问题1个" in text
    closed = AuditEntry.get(AuditEntry.action == VisitAction.DAILY_LOG_CLOSED)
    assert (closed.target, closed.detail, closed.actor_id) == (
        "day:2026-11-23",
        "count=3; lang=zh_CN",
        front.id,
    )
    printed = AuditEntry.get(AuditEntry.action == Action.FORM_PRINTED)
    assert printed.target == "form:daily_visit_log"
    assert verify_chain() is None


def test_archived_pdf_is_returned_unchanged_after_later_changes(monday):
    front = monday["front_desk"]
    close_day(front, DAY, now=EVENING)
    archived = bytes(DailyVisitLog.get().pdf)
    visit(front, "补登记", "13600000000", T0.replace(hour=20))

    copy = daily_log_pdf(monday["agent"], DAY, lang="en")
    # The copy is the stored pages, as closed (not re-rendered), with the printer's marks
    # under them (R-S4); the stored record itself stays byte for byte.
    assert bytes(DailyVisitLog.get().pdf) == archived
    stored_pages = [page.extract_text() for page in PdfReader(BytesIO(archived)).pages]
    copy_pages = [page.extract_text() for page in PdfReader(BytesIO(copy)).pages]
    assert len(copy_pages) == len(stored_pages)
    for stored, copied in zip(stored_pages, copy_pages, strict=True):
        assert stored in copied
        assert "赵磊" in copied and "赵磊" not in stored
    assert "补登记" not in pdf_text(copy)
    summary = day_summary(front, DAY)
    assert summary.visit_count == 3  # as closed, matching the archived paper
    prints = AuditEntry.select().where(AuditEntry.action == Action.FORM_PRINTED).count()
    assert prints == 2


def test_an_open_day_prints_a_fresh_draft(monday):
    text = pdf_text(daily_log_pdf(monday["agent"], DAY, lang="en"))
    assert "DailyVisitLog" in text and "Draft" in text and "张伟" in text
    assert DailyVisitLog.select().count() == 0


def test_closing_twice_is_refused(monday):
    close_day(monday["front_desk"], DAY, now=EVENING)
    with pytest.raises(ValidationError) as caught:
        close_day(monday["manager"], DAY, now=EVENING + timedelta(minutes=5))
    assert "李娜" in caught.value.errors["day"]
    assert DailyVisitLog.select().count() == 1


def test_a_future_day_cannot_be_closed(monday):
    with pytest.raises(ValidationError) as caught:
        close_day(monday["front_desk"], DAY + timedelta(days=1), now=EVENING)
    assert set(caught.value.errors) == {"day"}
    assert DailyVisitLog.select().count() == 0
    # Today itself may be closed, after the meeting.
    assert close_day(monday["front_desk"], DAY, now=T0.replace(hour=17)).closed


def test_an_agent_may_not_close_a_day(monday):
    before = AuditEntry.select().count()
    with pytest.raises(PermissionDenied):
        close_day(monday["agent"], DAY, now=EVENING)
    assert DailyVisitLog.select().count() == 0
    assert AuditEntry.select().count() == before


def test_closing_seals_the_audit_log_and_prints_the_seal(monday, any_db):
    i18n.set_language("zh_CN")
    close_day(monday["front_desk"], DAY, now=EVENING)

    seal = closing_seal(DAY)
    head = AuditEntry.select().order_by(AuditEntry.id.desc()).first()
    assert (seal.entry_id, seal.entry_hash, seal.sealed_at) == (head.id, head.hash, EVENING)
    assert head.action == Action.FORM_PRINTED  # the closing's own entries are sealed too
    text = pdf_text(bytes(DailyVisitLog.get().pdf))
    assert f"审计封存：第{head.id}条记录，哈希{head.hash}" in text
    assert verify_log().intact


def test_entries_removed_after_closing_fail_against_the_printed_seal(monday, any_db):
    close_day(monday["front_desk"], DAY, now=EVENING)
    head = closing_seal(DAY).entry_id
    tamper(any_db, "DELETE FROM audit_entry WHERE id >= ?", head - 1)
    assert verify_chain() is None
    assert verify_log().broken_seal == closing_seal(DAY)
