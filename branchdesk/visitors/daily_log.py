"""The daily visit log (R-V6): a day's visits, closed after the daily meeting and archived as
the PDF handed to the responsible person's office. Once closed, that PDF is the record: it is
stored once and never changed, whatever was registered or answered afterwards.

The log is secret (R-S2). Every copy printed carries the marks of the person printing it
(R-S4): a draft is rendered with them; the archived PDF is stored without a printer's marks
(its footer's room kept free) and each copy gets them laid under the stored pages at print
time (``branchdesk.printing.stamped_copy``), so the stored record stays byte for byte."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import IntegrityError, fn

from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import Action, details, form_target, record
from branchdesk.audit.seals import SealReason, seal_head
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.config import configured_font_path
from branchdesk.db.models import DailyVisitLog, PendingReply, Visit
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _, current_language, format_date, format_datetime
from branchdesk.phones import display_phone
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting
from branchdesk.visitors.permissions import VisitAction, VisitPermission
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.records import VisitRow, visit_row
from branchdesk.visitors.refusal import erase_refused_visits_of

FORM = "daily_visit_log"


@dataclass(frozen=True)
class DaySummary:
    day: date
    visit_count: int
    people_count: int
    open_questions: int
    closed_at: datetime | None = None
    closed_by: str = ""
    still_in: int = 0  # visits of the day not signed out (an open day's count)

    @property
    def closed(self) -> bool:
        return self.closed_at is not None


def day_target(day: date) -> str:
    return f"day:{day.isoformat()}"


def _day_visits(day: date):
    start = datetime.combine(day, time.min)
    return (Visit.arrived_at >= start) & (Visit.arrived_at < start + timedelta(days=1))


def _visit_rows(day: date) -> list[VisitRow]:
    query = Visit.select().where(_day_visits(day)).order_by(Visit.arrived_at, Visit.id)
    return [visit_row(visit) for visit in query]


def _open_question_visits(day: date) -> dict[int, int]:
    """Visit id → how many of its questions are still unanswered (R-V3)."""
    query = (
        PendingReply.select(PendingReply.visit, fn.COUNT(PendingReply.id).alias("open"))
        .join(Visit)
        .where(_day_visits(day), PendingReply.answered_at.is_null())
        .group_by(PendingReply.visit)
    )
    return {row.visit_id: row.open for row in query}


def _archive(day: date) -> DailyVisitLog | None:
    return DailyVisitLog.get_or_none(DailyVisitLog.day == day)


def _summary(day: date, rows: list[VisitRow], open_questions: dict[int, int]) -> DaySummary:
    return DaySummary(
        day,
        visit_count=len(rows),
        people_count=sum(row.people_count for row in rows),
        open_questions=sum(open_questions.values()),
        still_in=sum(row.left_at is None for row in rows),
    )


def _archived_summary(archive: DailyVisitLog) -> DaySummary:
    # The counts as they were at closing, matching the archived PDF.
    return DaySummary(
        archive.day,
        archive.visit_count,
        archive.people_count,
        archive.open_questions,
        archive.closed_at,
        archive.closed_by.display_name,
    )


def day_summary(actor: Actor, day: date) -> DaySummary:
    """How many visits, people and open questions the day has, and whether it is closed."""
    require(actor, VisitPermission.VIEW_VISITS)
    archive = _archive(day)
    if archive is not None:
        return _archived_summary(archive)
    return _summary(day, _visit_rows(day), _open_question_visits(day))


def _render(
    day: date,
    rows: list[VisitRow],
    open_questions: dict[int, int],
    lang: str,
    closed_by: str = "",
    closed_at: datetime | None = None,
    audit_seal: tuple[int, str] | None = None,
    printed_by: PrintedBy | None = None,
) -> bytes:
    from branchdesk.printing.daily_visit_log import DailyLogRow, render_daily_visit_log

    log_rows = [
        DailyLogRow(
            row.arrived_at,
            row.left_at,
            row.name,
            row.organisation,
            display_phone(row.phone),
            purpose_label(row.purpose),
            row.people_count,
            row.host,
            open_questions.get(row.id, 0),
        )
        for row in rows
    ]
    return render_daily_visit_log(
        log_rows,
        day,
        lang,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        closed_by=closed_by,
        closed_at=closed_at,
        audit_seal=audit_seal,
        font_path=configured_font_path(),
        secrecy=Level.SECRET,
        printed_by=printed_by,
    )


def daily_log_pdf(
    actor: Actor, day: date, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """A copy of the archived PDF of a closed day as closed (in the language it was closed
    in); for an open day, a draft rendered now. Either carries the printing user's marks."""
    from branchdesk.printing.stamped_copy import stamped_copy

    require(actor, VisitPermission.PRINT_FORMS)
    now = now or clock_now()
    printed_by = PrintedBy.of(actor, desk_name(), now)
    archive = _archive(day)
    if archive is not None:
        pdf = stamped_copy(
            bytes(archive.pdf),  # PostgreSQL hands back a memoryview
            archive.lang,
            secrecy=Level.SECRET,
            printed_by=printed_by,
            font_path=configured_font_path(),
        )
        which = details(day=day.isoformat(), archived="yes", lang=archive.lang)
    else:
        lang = lang or current_language()
        rows = _visit_rows(day)
        pdf = _render(day, rows, _open_question_visits(day), lang, printed_by=printed_by)
        which = details(day=day.isoformat(), count=len(rows), lang=lang)
    record(actor, Action.FORM_PRINTED, form_target(FORM), which, at=now)
    return pdf


def _already_closed(archive: DailyVisitLog) -> ValidationError:
    message = _("The log of {day} was already closed by {name} at {at}.").format(
        day=format_date(archive.day),
        name=archive.closed_by.display_name,
        at=format_datetime(archive.closed_at),
    )
    return ValidationError({"day": message})


def close_day(actor: Actor, day: date, now: datetime | None = None) -> DaySummary:
    """Close the day's log after the daily meeting: the PDF printed now is archived for good."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    if day > now.date():
        raise ValidationError({"day": _("A day that has not come yet cannot be closed.")})
    archive = _archive(day)
    if archive is not None:
        raise _already_closed(archive)
    lang = current_language()
    erase_refused_visits_of(day)  # PIPL: the archived copy keeps no refused visitor's details
    rows = _visit_rows(day)
    open_questions = _open_question_visits(day)
    summary = _summary(day, rows, open_questions)
    try:
        with write_transaction():
            record(
                actor,
                VisitAction.DAILY_LOG_CLOSED,
                day_target(day),
                details(count=summary.visit_count, lang=lang),
                at=now,
            )
            record(
                actor,
                Action.FORM_PRINTED,
                form_target(FORM),
                details(day=day.isoformat(), count=summary.visit_count, lang=lang),
                at=now,
            )
            # The log's head, closing entries included, sealed and printed on the archived
            # PDF (R-S4); rendered inside the transaction, so no other entry can come between.
            seal = seal_head(SealReason.DAILY_LOG_CLOSED, day, at=now)
            audit_seal = (seal.entry_id, seal.entry_hash) if seal else None
            pdf = _render(day, rows, open_questions, lang, actor.display_name, now, audit_seal)
            DailyVisitLog.create(
                day=day,
                closed_at=now,
                closed_by=actor.id,
                visit_count=summary.visit_count,
                people_count=summary.people_count,
                open_questions=summary.open_questions,
                pdf=pdf,
                lang=lang,
            )
    except IntegrityError:
        # Another desk closed the same day a moment ago.
        archive = _archive(day)
        if archive is None:
            raise
        raise _already_closed(archive) from None
    return DaySummary(
        day,
        summary.visit_count,
        summary.people_count,
        summary.open_questions,
        now,
        actor.display_name,
    )
