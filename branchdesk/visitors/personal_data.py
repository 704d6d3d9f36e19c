"""A visitor's request about their own data (PIPL Art. 44–47): everything held about one phone
number, exported as CSV and PDF, and erased. Manager only; both audited, naming the number
only masked so the audit log does not keep what was erased."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, fields
from datetime import datetime

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Escalation, PendingReply, Visit, Visitor
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import N_, _, format_datetime
from branchdesk.phones import InvalidPhone, display_phone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.visitors.erasure import erase_visits
from branchdesk.visitors.expected import forget_expected_of
from branchdesk.visitors.permissions import VisitAction, VisitPermission
from branchdesk.visitors.purposes import purpose_label


@dataclass(frozen=True)
class HeldVisitor:
    name: str
    organisation: str
    address: str
    created_at: datetime
    last_visit_at: datetime


@dataclass(frozen=True)
class HeldVisit:
    id: int
    arrived_at: datetime
    left_at: datetime | None
    name: str
    organisation: str
    purpose: str
    people_count: int
    host: str
    note: str
    consent_given: bool | None


@dataclass(frozen=True)
class HeldReply:
    visit_id: int
    question: str
    answerer: str
    deadline: datetime
    answer: str
    answered_at: datetime | None


@dataclass(frozen=True)
class HeldEscalation:
    visit_id: int
    responsible: str
    reason: str
    at: datetime


@dataclass(frozen=True)
class PersonRecord:
    phone: str
    visitor: HeldVisitor | None
    visits: list[HeldVisit]
    replies: list[HeldReply]
    escalations: list[HeldEscalation]

    @property
    def empty(self) -> bool:
        return self.visitor is None and not self.visits


# How each field reads in the CSV and the PDF.
FIELD_LABELS = {
    "name": N_("Name"),
    "organisation": N_("Organisation"),
    "address": N_("Address"),
    "created_at": N_("First visit"),
    "last_visit_at": N_("Last visit"),
    "id": N_("Visit"),
    "visit_id": N_("Visit"),
    "arrived_at": N_("Arrived"),
    "left_at": N_("Left"),
    "purpose": N_("Purpose"),
    "people_count": N_("People"),
    "host": N_("Host"),
    "note": N_("Note"),
    "consent_given": N_("Consent"),
    "question": N_("Question"),
    "answerer": N_("Assigned to"),
    "deadline": N_("Reply deadline"),
    "answer": N_("Answer"),
    "answered_at": N_("Answered"),
    "responsible": N_("Escalated to"),
    "reason": N_("Reason"),
    "at": N_("Escalated"),
}


def masked(phone: str) -> str:
    """Enough to tell two requests apart in the audit log, not enough to call: 138****5678."""
    return phone[:3] + "*" * max(len(phone) - 7, 0) + phone[-4:] if len(phone) > 7 else "****"


def _normalized(phone: str) -> str:
    try:
        return normalize_phone(phone, get_setting("phone_region"))
    except InvalidPhone as exc:
        raise ValidationError({"phone": str(exc)}) from None


def _visits_of(visitor: Visitor | None, phone: str):
    # Refused visits of today hold the phone without a visitor link.
    condition = Visit.phone == phone
    if visitor is not None:
        condition |= Visit.visitor == visitor.id
    return Visit.select().where(condition).order_by(Visit.arrived_at, Visit.id)


def _collect(phone: str) -> PersonRecord:
    visitor = Visitor.get_or_none(Visitor.phone == phone)
    visits = list(_visits_of(visitor, phone))
    ids = [v.id for v in visits]
    replies = PendingReply.select().where(PendingReply.visit.in_(ids)).order_by(PendingReply.id)
    escalations = Escalation.select().where(Escalation.visit.in_(ids)).order_by(Escalation.id)
    return PersonRecord(
        phone,
        HeldVisitor(
            visitor.name,
            visitor.organisation,
            visitor.address,
            visitor.created_at,
            visitor.last_visit_at,
        )
        if visitor
        else None,
        [
            HeldVisit(
                v.id,
                v.arrived_at,
                v.left_at,
                v.name,
                v.organisation,
                v.purpose,
                v.people_count,
                v.host,
                v.note,
                v.consent_given,
            )  # fmt: skip
            for v in visits
        ],
        [
            HeldReply(
                r.visit_id,
                r.question,
                r.answerer.display_name,
                r.deadline,
                r.answer,
                r.answered_at,
            )  # fmt: skip
            for r in replies
        ],
        [
            HeldEscalation(e.visit_id, e.responsible.display_name, e.reason, e.at)
            for e in escalations
        ],
    )


def person_record(actor: Actor, phone: str) -> PersonRecord:
    """Everything held about the number, for the manager to look at before exporting."""
    require(actor, VisitPermission.MANAGE_PERSONAL_DATA)
    return _collect(_normalized(phone))


def _held(actor: Actor, phone: str) -> PersonRecord:
    require(actor, VisitPermission.MANAGE_PERSONAL_DATA)
    held = _collect(_normalized(phone))
    if held.empty:
        raise ValidationError({"phone": _("Nothing is held about this phone number.")})
    return held


def value_text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return _("agreed") if value else _("refused")
    if isinstance(value, datetime):
        return format_datetime(value)
    return str(value)


def _field_text(item, name: str) -> str:
    value = getattr(item, name)
    return purpose_label(value) if name == "purpose" else value_text(value)


def sections(held: PersonRecord) -> list[tuple[str, list[list[tuple[str, str]]]]]:
    """(section title, items as (label, value) pairs): what both the CSV and the PDF show."""

    def items(rows) -> list[list[tuple[str, str]]]:
        return [
            [(_(FIELD_LABELS[f.name]), _field_text(row, f.name)) for f in fields(row)]
            for row in rows
        ]

    return [
        (_("Visitor record"), items([held.visitor] if held.visitor else [])),
        (_("Visits"), items(held.visits)),
        (_("Questions for a reply"), items(held.replies)),
        (_("Escalations"), items(held.escalations)),
    ]


def _audit_export(actor: Actor, held: PersonRecord, kind: str, at: datetime) -> None:
    record(
        actor,
        VisitAction.PERSONAL_DATA_EXPORTED,
        "",
        details(phone=masked(held.phone), visits=len(held.visits), format=kind),
        at=at,
    )


def export_person_csv(actor: Actor, phone: str, now: datetime | None = None) -> bytes:
    """One row per field: section, item, field, value (UTF-8 with BOM, so Excel reads it)."""
    held = _held(actor, phone)
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow([_("Phone"), display_phone(held.phone)])
    writer.writerow([_("Section"), _("No."), _("Field"), _("Value")])
    for title, entries in sections(held):
        for number, pairs in enumerate(entries, 1):
            for label, value in pairs:
                writer.writerow([title, number, label, value])
    _audit_export(actor, held, "csv", now or clock_now())
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def export_person_pdf(actor: Actor, phone: str, now: datetime | None = None) -> bytes:
    """The same as the CSV, laid out to hand to the person, in the desk's language."""
    from branchdesk.audit.desk import desk_name
    from branchdesk.config import configured_font_path
    from branchdesk.i18n import current_language
    from branchdesk.printing.secrecy_stamp import PrintedBy
    from branchdesk.secrecy import Level
    from branchdesk.visitors.personal_data_pdf import render_person_record

    held = _held(actor, phone)
    now = now or clock_now()
    pdf = render_person_record(
        display_phone(held.phone),
        sections(held),
        now,
        current_language(),
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
        # Visit records are secret (R-S2); the copy names who printed it (R-S4).
        secrecy=Level.SECRET,
        printed_by=PrintedBy.of(actor, desk_name(), now),
    )
    _audit_export(actor, held, "pdf", now)
    return pdf


def erase_person(actor: Actor, phone: str, now: datetime | None = None) -> int:
    """Erase every personal field of the person's visits, their questions and escalations,
    and the visitor record with its search grams; returns how many visits were erased."""
    held = _held(actor, phone)
    now = now or clock_now()
    with write_transaction():
        visitor = Visitor.get_or_none(Visitor.phone == held.phone)
        condition = Visit.phone == held.phone
        if visitor is not None:
            condition |= Visit.visitor == visitor.id
        forget_expected_of(held.phone, condition)
        erased = erase_visits(condition)
        record(
            actor,
            VisitAction.PERSONAL_DATA_ERASED,
            "",
            details(
                phone=masked(held.phone),
                visits=erased.visits,
                visitors=erased.visitors,
                replies=erased.replies,
                escalations=erased.escalations,
            ),
            at=now,
        )
    return erased.visits
