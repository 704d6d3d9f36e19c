"""The visit registration form, the visitor pass and the evacuation list as PDF bytes; every
print is audited. Each PDF carries ``warnings`` naming characters no installed font could print
(printed as markers), for the desk to show before it prints.

Visit records are secret (R-S2): a filled form and the evacuation list carry the secrecy marks
of the person printing them on every page (R-S4). The blank form holds nobody's data and the
pass only what the visitor wears in the open, so neither is marked."""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import Action, details, form_target, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.config import configured_font_path
from branchdesk.db.models import Escalation, PendingReply, Visit
from branchdesk.errors import NotFound
from branchdesk.i18n import _, current_language
from branchdesk.phones import display_phone
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.presence import in_building
from branchdesk.visitors.purposes import purpose_label
from branchdesk.visitors.registration import privacy_notice


def _visit_form_data(visit: Visit):
    from branchdesk.printing.visit_form import VisitFormData

    pending = PendingReply.select().where(PendingReply.visit == visit).order_by(PendingReply.id)
    latest = pending.first()
    escalation = (
        Escalation.select().where(Escalation.visit == visit).order_by(Escalation.id).first()
    )
    return VisitFormData(
        visit_no=str(visit.id),
        arrived_at=visit.arrived_at,
        left_at=visit.left_at,
        visitor_name=visit.name,
        organisation=visit.organisation,
        phone=display_phone(visit.phone),
        purpose=purpose_label(visit.purpose),
        people_count=visit.people_count,
        host=visit.host,
        question=latest.question if latest else "",
        answer=latest.answer if latest else "",
        pending=bool(latest and latest.answered_at is None),
        answerer=latest.answerer.display_name if latest else "",
        reply_deadline=latest.deadline if latest else None,
        escalated_to=escalation.responsible.display_name if escalation else "",
        note=visit.note,
        consent_notice=visit.notice.text if visit.notice_id else "",
        consent_given=visit.consent_given,
        # Kept on the visitor (R-V5: needed before rescheduling), not on each visit.
        address=visit.visitor.address if visit.visitor_id else "",
    )


def visit_form_pdf(
    actor: Actor, visit_id: int | None, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """The 《客户来访登记》 form, blank (``visit_id`` None) or filled in for one visit."""
    from branchdesk.printing.visit_form import render_visit_form

    # A blank form holds nobody's data: the command line prints it without a sign-in.
    if actor is not None or visit_id is not None:
        require(actor, VisitPermission.PRINT_FORMS)
    now = now or clock_now()
    lang = lang or current_language()
    data = secrecy = printed_by = None
    if visit_id is not None:
        data = _visit_form_data(_visit(visit_id))
        secrecy, printed_by = Level.SECRET, PrintedBy.of(actor, desk_name(), now)
    pdf = render_visit_form(
        data,
        lang,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
        notice=privacy_notice() if data is None else "",
        printed_at=now,
        secrecy=secrecy,
        printed_by=printed_by,
    )
    which = details(visit=visit_id) if visit_id is not None else details(blank="yes")
    record(
        actor,
        Action.FORM_PRINTED,
        form_target("visit_registration"),
        f"{which}; {details(lang=lang)}",
        at=now,
    )
    return pdf


def _visit(visit_id: int) -> Visit:
    visit = Visit.get_or_none(Visit.id == visit_id)
    if visit is None:
        raise NotFound(_("Visit {id} does not exist.").format(id=visit_id))
    return visit


def visitor_pass_pdf(
    actor: Actor, visit_id: int, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """The pass the visitor wears (name, organisation, host, date, a QR code of the visit
    number), on the sheet or label the ``visitor_pass_size`` setting names."""
    from branchdesk.printing.visitor_pass import VisitorPassData, render_visitor_pass

    require(actor, VisitPermission.PRINT_FORMS)
    now = now or clock_now()
    lang = lang or current_language()
    visit = _visit(visit_id)
    data = VisitorPassData(
        visit_no=str(visit.id),
        visitor_name=visit.name,
        organisation=visit.organisation,
        host=visit.host,
        arrived_at=visit.arrived_at,
    )
    size = get_setting("visitor_pass_size")
    pdf = render_visitor_pass(
        data,
        lang,
        size=size,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
    )
    record(
        actor,
        Action.FORM_PRINTED,
        form_target("visitor_pass"),
        details(visit=visit_id, size=size, lang=lang),
        at=now,
    )
    return pdf


def evacuation_list_pdf(
    actor: Actor, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """Who is in the building now, for a fire drill or an evacuation."""
    from branchdesk.printing.evacuation_list import EvacuationRow, render_evacuation_list

    now = now or clock_now()
    lang = lang or current_language()
    rows = [
        EvacuationRow(
            r.name, r.organisation, display_phone(r.phone), r.people_count, r.host, r.arrived_at
        )
        for r in in_building(actor, now)
    ]
    require(actor, VisitPermission.PRINT_FORMS)
    pdf = render_evacuation_list(
        rows,
        now,
        lang,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
        secrecy=Level.SECRET,
        printed_by=PrintedBy.of(actor, desk_name(), now),
    )
    record(
        actor,
        Action.FORM_PRINTED,
        form_target("evacuation_list"),
        details(count=len(rows), lang=lang),
        at=now,
    )
    return pdf
