"""The daily call report (电话销售日报表, R-C15) as PDF: an agent gets their own day; the
responsible person one agent's or, without one, a section per agent. It is a secret print
(R-S2): every copy carries the printing user's marks (R-S4), and printing it is audited."""

from __future__ import annotations

from collections import defaultdict
from datetime import date, datetime

from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import record
from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_agent_visible, require_calls
from branchdesk.calls.permissions import DISPOSITION_LABELS, CallAction, TargetKind
from branchdesk.calls.quotas import counts_for, day_bounds
from branchdesk.clock import now as clock_now
from branchdesk.config import configured_font_path
from branchdesk.db.models import Call, Customer, Lead, User
from branchdesk.errors import NotFound
from branchdesk.i18n import _, current_language
from branchdesk.i18n.collation import sorted_by_name
from branchdesk.phones import display_phone
from branchdesk.printing.secrecy_stamp import PrintedBy, translated
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting

FORM = "daily_call_report"


def _agents_of_the_day(day: date) -> list[User]:
    """Every active agent, and anyone else who took calls that day (a manager, a leaver)."""
    start, end = day_bounds(day)
    callers = Call.select(Call.agent).where((Call.started_at >= start) & (Call.started_at < end))
    users = User.select().where(
        ((User.role == Role.AGENT) & (User.active == True)) | User.id.in_(callers)  # noqa: E712
    )
    return sorted_by_name(list(users), lambda u: u.display_name)


def _section(user: User, day: date, lang: str):
    from branchdesk.printing.daily_call_report import AgentSection, ReportCall

    start, end = day_bounds(day)
    calls = list(
        Call.select()
        .where((Call.agent == user.id) & (Call.started_at >= start) & (Call.started_at < end))
        .order_by(Call.started_at, Call.id)
    )
    leads = list(
        Lead.select(Lead, Customer.name)
        .join(Customer, on=(Lead.customer == Customer.id))
        .where((Lead.owner == user.id) & (Lead.created_at >= start) & (Lead.created_at < end))
        .order_by(Lead.created_at, Lead.id)
    )
    lead_of_call: dict[int, list[str]] = defaultdict(list)
    for lead in leads:
        if lead.call_id is not None:
            lead_of_call[lead.call_id].append(lead.grade)
    rows = tuple(
        ReportCall(
            call.started_at,
            call.direction,
            " · ".join(
                p for p in (call.organisation, call.contact_surname, call.contact_title) if p
            ),  # fmt: skip
            display_phone(call.phone) if call.phone else "",
            call.duration_seconds,
            translated(DISPOSITION_LABELS[call.disposition], lang),  # the PDF's language
            call.effective,
            "/".join(lead_of_call.get(call.id, ())),
        )
        for call in calls
    )
    counts = counts_for(user, day)
    return AgentSection(
        user.display_name, user.agent_no or "", rows, counts.effective_calls,
        tuple(f"{lead.grade} · {lead.customer.name}" for lead in leads),
        counts.call_quota, counts.lead_quota, counts.new_staff,
    )  # fmt: skip


def daily_report_pdf(
    actor: Actor,
    day: date,
    agent_id: int | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> bytes:
    """The day's report for ``agent_id`` (an agent: always their own); a manager without an
    agent gets one section per agent."""
    from branchdesk.printing.daily_call_report import render_daily_call_report

    require_calls(actor)
    agent_id = require_agent_visible(actor, agent_id)
    now = now or clock_now()
    if agent_id is not None:
        user = User.get_or_none(User.id == agent_id)
        if user is None:
            raise NotFound(_("This user no longer exists."))
        users = [user]
    else:
        users = _agents_of_the_day(day)
    lang = lang or current_language()
    sections = [_section(user, day, lang) for user in users]
    pdf = render_daily_call_report(
        sections,
        day,
        lang,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
        secrecy=Level.SECRET,
        printed_by=PrintedBy.of(actor, desk_name(), now),
    )
    record(actor, CallAction.CALL_REPORT_PRINTED, at=now,
           data={"day": day.isoformat(), "agents": [u.id for u in users], "lang": lang},
           target_kind=TargetKind.CALL_REPORT, target_id=day.isoformat())  # fmt: skip
    return pdf


def agent_id_for_number(actor: Actor, agent_no: str) -> int:
    """The user with this agent number, for ``report daily --agent NO``."""
    require_calls(actor)
    user = User.get_or_none(User.agent_no == agent_no.strip())
    if user is None:
        raise NotFound(_("No user has the agent number {number}.").format(number=agent_no))
    return user.id
