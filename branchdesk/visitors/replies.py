"""Questions not answered on the spot (R-V3) and escalations to a responsible person (R-V4)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Escalation, PendingReply, User, Visit
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_text
from branchdesk.visitors.permissions import VisitAction, VisitPermission, visit_target


@dataclass(frozen=True)
class PendingRow:
    id: int
    visit_id: int
    visitor_name: str
    phone: str
    question: str
    answerer: str
    deadline: datetime
    created_at: datetime
    answer: str
    answered_at: datetime | None
    answered_by: str
    overdue: bool


@dataclass(frozen=True)
class EscalationRow:
    id: int
    visit_id: int
    responsible: str
    reason: str
    at: datetime
    by: str


def reply_deadline(asked_at: datetime) -> datetime:
    """R-V3: the default reply deadline, ``reply_deadline_hours`` after the question."""
    return asked_at + timedelta(hours=int(get_setting("reply_deadline_hours")))


def _active_staff(errors: dict, field: str, user_id: int | None) -> User | None:
    user = User.get_or_none((User.id == (user_id or 0)) & (User.active == True))  # noqa: E712
    if user is None:
        errors[field] = _("Choose a staff member.")
    return user


def _visit(visit_id: int) -> Visit:
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFound(_("This visit no longer exists."))
    return visit


def refused_consent_message() -> str:
    return _(
        "The visitor refused consent, so their phone number is not kept and nobody could "
        "reply. Answer the question now, or leave it for a reply only if the visitor agrees "
        "to the privacy notice and is registered again."
    )


def needs_consent_for_reply(actor: Actor, visit_id: int) -> bool:
    """True when the visitor refused consent: a reply later needs their phone number kept."""
    require(actor, VisitPermission.VIEW_VISITS)
    return not _visit(visit_id).consent_given


def mark_pending(
    actor: Actor,
    visit_id: int,
    question: str,
    answerer_id: int | None,
    deadline: datetime | None = None,
    now: datetime | None = None,
) -> int:
    """Record the question, who will answer it and by when; returns the pending reply's id."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    errors: dict[str, str] = {}
    text = clean_text(errors, "question", question, required=True, max_length=2000, multiline=True)
    answerer = _active_staff(errors, "answerer", answerer_id)
    deadline = deadline or reply_deadline(now)
    if deadline <= now:
        errors["deadline"] = _("The reply deadline must be in the future.")
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        visit = _visit(visit_id)
        if not visit.consent_given:
            raise ValidationError({"question": refused_consent_message()})
        pending = PendingReply.create(
            visit=visit,
            question=text,
            answerer=answerer,
            deadline=deadline,
            created_at=now,
            created_by=actor.id,
        )
        record(
            actor,
            VisitAction.REPLY_PENDING,
            visit_target(visit.id),
            details(answerer=answerer.username, due=deadline.isoformat(sep=" ")),
            at=now,
        )
    return pending.id


def answer_pending(actor: Actor, pending_id: int, answer: str, now: datetime | None = None) -> None:
    require(actor, VisitPermission.ANSWER_REPLIES)
    now = now or clock_now()
    errors: dict[str, str] = {}
    text = clean_text(errors, "answer", answer, required=True, max_length=2000, multiline=True)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        pending = PendingReply.get_or_none(PendingReply.id == pending_id)
        if pending is None:
            raise NotFound(_("This question no longer exists."))
        if pending.answered_at is not None:
            raise ValidationError({"answer": _("This question has already been answered.")})
        pending.answer, pending.answered_at, pending.answered_by = text, now, actor.id
        pending.save()
        record(
            actor,
            VisitAction.REPLY_ANSWERED,
            visit_target(pending.visit_id),
            at=now,
            old={"answered_at": None},
            new={"answered_at": now},  # the answer itself may hold personal data: not here
        )


def _pending_row(p: PendingReply, now: datetime) -> PendingRow:
    return PendingRow(
        p.id,
        p.visit_id,
        p.visit.name,
        p.visit.phone,
        p.question,
        p.answerer.display_name,
        p.deadline,
        p.created_at,
        p.answer,
        p.answered_at,
        p.answered_by.display_name if p.answered_by_id else "",
        overdue=p.answered_at is None and now > p.deadline,
    )


def pending_replies(
    actor: Actor, *, include_answered: bool = False, now: datetime | None = None
) -> list[PendingRow]:
    """Open questions, soonest deadline first; overdue ones flagged against ``now``."""
    require(actor, VisitPermission.VIEW_VISITS)
    now = now or clock_now()
    query = (
        PendingReply.select(PendingReply, Visit, User)
        .join(Visit)
        .switch(PendingReply)
        .join(User, on=PendingReply.answerer)
        .order_by(PendingReply.deadline, PendingReply.id)
    )
    if not include_answered:
        query = query.where(PendingReply.answered_at.is_null())
    return [_pending_row(p, now) for p in query]


def replies_for_visit(actor: Actor, visit_id: int, now: datetime | None = None) -> list[PendingRow]:
    require(actor, VisitPermission.VIEW_VISITS)
    query = PendingReply.select().where(PendingReply.visit == visit_id).order_by(PendingReply.id)
    return [_pending_row(p, now or clock_now()) for p in query]


def escalate(
    actor: Actor,
    visit_id: int,
    responsible_id: int | None,
    reason: str,
    now: datetime | None = None,
) -> int:
    """R-V4: the visitor waits seated while a responsible person is called; recorded."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    errors: dict[str, str] = {}
    text = clean_text(errors, "reason", reason, required=True, max_length=1000, multiline=True)
    responsible = _active_staff(errors, "responsible", responsible_id)
    if errors:
        raise ValidationError(errors)
    with write_transaction():
        visit = _visit(visit_id)
        row = Escalation.create(
            visit=visit, responsible=responsible, reason=text, at=now, by=actor.id
        )
        record(
            actor,
            VisitAction.VISIT_ESCALATED,
            visit_target(visit.id),
            details(to=responsible.username),
            at=now,
        )
    return row.id


def escalations_for_visit(actor: Actor, visit_id: int) -> list[EscalationRow]:
    require(actor, VisitPermission.VIEW_VISITS)
    query = Escalation.select().where(Escalation.visit == visit_id).order_by(Escalation.id)
    return [
        EscalationRow(
            e.id, e.visit_id, e.responsible.display_name, e.reason, e.at, e.by.display_name
        )
        for e in query
    ]
