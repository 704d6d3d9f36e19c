"""Registering a walk-in visitor (R-V1, R-V3, R-V5) and recognising a returning one."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from peewee import EXCLUDED, fn

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Visit, Visitor, VisitorSearchGram
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _, current_language, format_datetime, format_time
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_int, clean_name, clean_text
from branchdesk.visitors.consent import stored_notice
from branchdesk.visitors.customer_link import file_of_phone
from branchdesk.visitors.permissions import VisitAction, VisitPermission, visit_target
from branchdesk.visitors.search_grams import visitor_grams

MAX_PEOPLE = 200


@dataclass(frozen=True)
class VisitForm:
    name: str
    phone: str
    purpose: str
    organisation: str = ""
    people_count: int | str = 1
    host: str = ""
    note: str = ""
    address: str = ""
    consent_given: bool | None = None  # None: not yet asked, which is refused


@dataclass(frozen=True)
class ReturningVisitor:
    visitor_id: int
    name: str
    phone: str
    organisation: str
    address: str
    last_visit_at: datetime
    visit_count: int


@dataclass(frozen=True)
class OpenVisit:
    """A visit of the same phone number that has not been signed out."""

    visit_id: int
    name: str
    arrived_at: datetime


class AlreadyInBuilding(ValidationError):
    """The number typed is that of a visitor still signed in: registering again would count
    them twice on the evacuation list, so the desk is asked to use the open visit."""

    def __init__(self, visit: OpenVisit, message: str) -> None:
        super().__init__({"phone": message})
        self.open_visit = visit


def _open_visit_of(phone: str) -> OpenVisit | None:
    # Few visits are open at a time: the left_at index finds them, the phone picks one.
    visit = (
        Visit.select(Visit.id, Visit.name, Visit.arrived_at)
        .where(Visit.left_at.is_null(), Visit.phone == phone)
        .order_by(Visit.arrived_at.desc(), Visit.id.desc())
        .first()
    )
    return None if visit is None else OpenVisit(visit.id, visit.name, visit.arrived_at)


def already_in_message(visit: OpenVisit, today) -> str:
    at = visit.arrived_at
    since = format_time(at) if at.date() == today else format_datetime(at)
    return _(
        "{name} with this number is still in the building (signed in at {at}). Use that "
        "visit, or register a new visit if this is someone else."
    ).format(name=visit.name, at=since)


def find_open_visit(actor: Actor, phone: str) -> OpenVisit | None:
    """The visit still open for this number, however it is typed; None if there is none."""
    require(actor, VisitPermission.REGISTER_VISITS)
    try:
        normalized = normalize_phone(phone, get_setting("phone_region"))
    except InvalidPhone:
        return None
    return _open_visit_of(normalized)


def built_in_privacy_notice(period: str = "", hotline: str = "") -> str:
    """The notice in the desk's language, saying how long details are kept and how to ask to
    see or erase them (PIPL Art. 17); without a period, the default one."""
    if not period:
        from branchdesk.visitors.retention import months_of, period_text
        from branchdesk.visitors.settings_spec import DEFAULT_RETENTION

        period = period_text(months_of(DEFAULT_RETENTION))
    use = _(
        "Your name, phone number and visit details are used only to receive you, to answer "
        "your questions and to keep the building safe. They are kept confidential under "
        "company rules and are not passed to third parties."
    )
    kept = _("They are kept for {period} and then erased.").format(period=period)
    if hotline:
        ask = _(
            "To see what is held about you or to have it erased, ask at the front desk or "
            "call our service hotline {hotline}."
        ).format(hotline=hotline)
    else:
        ask = _(
            "To see what is held about you or to have it erased, ask at the front desk or "
            "call our service hotline."
        )
    # Sentences are joined with a space in English, without one in Chinese.
    return _("{use} {kept} {ask}").format(use=use, kept=kept, ask=ask)


def privacy_notice() -> str:
    """What the visitor is told before their details are stored (PIPL): the branch's own
    wording, else the built-in notice in the desk's language with the branch's retention
    period and hotline."""
    from branchdesk.visitors.retention import retention_text

    own = (get_setting("privacy_notice") or "").strip()
    return own or built_in_privacy_notice(retention_text(), get_setting("hotline") or "")


def built_in_greeting() -> str:
    return _("Hello, welcome to {company}")


def greeting() -> str:
    """R-V2: the greeting said at the door (the branch's own wording, else the built-in one in
    the desk's language), with the company's name filled in."""
    template = (get_setting("greeting_template") or "").strip() or built_in_greeting()
    return template.replace("{company}", get_setting("company_name") or "")


def validate_visit_form(form: VisitForm) -> dict:
    cleaned, errors = checked_visit_form(form)
    if errors:
        raise ValidationError(errors)
    return cleaned


def checked_visit_form(form: VisitForm) -> tuple[dict, dict[str, str]]:
    """The cleaned values and the messages of the fields that are not usable."""
    errors: dict[str, str] = {}
    cleaned = {
        "name": clean_name(errors, "name", form.name),
        "organisation": clean_name(
            errors, "organisation", form.organisation, required=False, max_length=100
        ),
        "host": clean_text(errors, "host", form.host, max_length=50),
        "note": clean_text(errors, "note", form.note, max_length=1000, multiline=True),
        "address": clean_text(errors, "address", form.address, max_length=200),
        "people_count": clean_int(
            errors, "people_count", form.people_count, minimum=1, maximum=MAX_PEOPLE
        ),
    }
    try:
        cleaned["phone"] = normalize_phone(form.phone, get_setting("phone_region"))
    except InvalidPhone as exc:
        errors["phone"] = str(exc)
    if form.purpose not in get_setting("visit_purposes"):
        errors["purpose"] = _("Choose the purpose of the visit.")
    cleaned["purpose"] = form.purpose
    if form.consent_given is None:
        errors["consent_given"] = _("Read the notice to the visitor and record their answer.")
    return cleaned, errors


def find_returning_visitor(actor: Actor, phone: str) -> ReturningVisitor | None:
    """A visitor who came before, by phone number however it is typed; None if new."""
    require(actor, VisitPermission.REGISTER_VISITS)
    try:
        normalized = normalize_phone(phone, get_setting("phone_region"))
    except InvalidPhone:
        return None
    visitor = Visitor.get_or_none(Visitor.phone == normalized)
    if visitor is None:
        return None
    count = Visit.select().where(Visit.visitor == visitor).count()
    return ReturningVisitor(
        visitor.id,
        visitor.name,
        visitor.phone,
        visitor.organisation,
        visitor.address,
        visitor.last_visit_at,
        count,
    )


def store_visit(
    actor: Actor,
    cleaned: dict,
    arrived_at: datetime,
    consent: bool,
    notice,
    left_at: datetime | None = None,
) -> Visit:
    """The visit row, inside the caller's write transaction, linked to the customer file with
    its number. A visitor who refuses is not kept for recognition: no visitor record, no grams
    (PIPL)."""
    visitor = _upsert_visitor(cleaned, arrived_at) if consent else None
    return Visit.create(
        visitor=visitor,
        customer=file_of_phone(actor, cleaned["phone"]),
        name=cleaned["name"],
        phone=cleaned["phone"],
        organisation=cleaned["organisation"],
        purpose=cleaned["purpose"],
        people_count=cleaned["people_count"],
        host=cleaned["host"],
        note=cleaned["note"],
        arrived_at=arrived_at,
        left_at=left_at,
        consent_given=consent,
        notice=notice,
        registered_by=actor.id,
        signed_out_by=actor.id if left_at else None,
    )


def _upsert_visitor(cleaned: dict, at: datetime) -> Visitor:
    # One statement, so that two desks registering the same new number at once both end on
    # the one row: PostgreSQL makes the later insert wait for the earlier and then update it.
    Visitor.insert(
        name=cleaned["name"],
        phone=cleaned["phone"],
        organisation=cleaned["organisation"],
        address=cleaned["address"],
        created_at=at,
        last_visit_at=at,
    ).on_conflict(
        conflict_target=[Visitor.phone],
        update={
            Visitor.name: EXCLUDED.name,
            # A returning visitor who leaves these blank keeps what they gave before.
            Visitor.organisation: fn.COALESCE(
                fn.NULLIF(EXCLUDED.organisation, ""), Visitor.organisation
            ),
            Visitor.address: fn.COALESCE(fn.NULLIF(EXCLUDED.address, ""), Visitor.address),
            Visitor.last_visit_at: EXCLUDED.last_visit_at,
        },
    ).execute()
    visitor = Visitor.get(Visitor.phone == cleaned["phone"])
    rows = [{"gram": g, "visitor": visitor.id} for g in visitor_grams(visitor.name, visitor.phone)]
    VisitorSearchGram.insert_many(rows).on_conflict_ignore().execute()
    return visitor


def register_visit(
    actor: Actor,
    form: VisitForm,
    now: datetime | None = None,
    *,
    refuse_if_in_building: bool = False,
) -> int:
    """Record the visitor's arrival now; returns the visit id. With ``refuse_if_in_building``
    a number that has a visit still open raises ``AlreadyInBuilding`` (the desk then uses
    that visit, or registers again knowingly)."""
    require(actor, VisitPermission.REGISTER_VISITS)
    cleaned = validate_visit_form(form)
    at = now or clock_now()
    with write_transaction():
        if refuse_if_in_building:
            open_visit = _open_visit_of(cleaned["phone"])
            if open_visit is not None:
                raise AlreadyInBuilding(open_visit, already_in_message(open_visit, at.date()))
        notice = stored_notice(privacy_notice(), at)
        visit = store_visit(actor, cleaned, at, form.consent_given, notice)
        consent = "yes" if form.consent_given else "no"
        record(
            actor,
            VisitAction.VISIT_REGISTERED,
            visit_target(visit.id),
            details(consent=consent, lang=current_language()),
            at=at,
        )
    return visit.id
