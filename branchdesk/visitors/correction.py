"""Correcting a saved registration (a misheard name, the wrong host or purpose) until the day's
visit log is closed (R-V6: the archived log is final). The audit entry keeps the old and the
new value of every field changed."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import DailyVisitLog, Visit, Visitor, VisitorSearchGram
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, ValidationError
from branchdesk.i18n import _, format_date
from branchdesk.visitors.customer_link import file_of_phone
from branchdesk.visitors.permissions import VisitAction, VisitPermission, visit_target
from branchdesk.visitors.personal_data import masked
from branchdesk.visitors.records import VisitRow, visit_row
from branchdesk.visitors.registration import VisitForm, checked_visit_form
from branchdesk.visitors.search_grams import visitor_grams

CORRECTABLE = (
    "name", "phone", "organisation", "purpose", "people_count", "host", "note", "address",
)  # fmt: skip
# The address is the visitor's (kept with consent, for the next visit's form), not the visit's.
ON_VISITOR = ("address",)
# What a visitor who refused consent gave besides the name is erased when they leave (PIPL):
# it is not to be written back by a correction.
ERASED_AFTER_REFUSAL = ("phone", "organisation", "host", "note")


def _current(visit: Visit, key: str) -> object:
    if key in ON_VISITOR:
        return getattr(visit.visitor, key) if visit.visitor_id is not None else ""
    return getattr(visit, key)


def visit_address(actor: Actor, visit_id: int) -> str:
    """The address the correction form starts from (the visitor's, kept with consent)."""
    require(actor, VisitPermission.REGISTER_VISITS)
    visit = Visit.get_or_none(Visit.id == visit_id)
    return str(_current(visit, "address")) if visit is not None else ""


def _form_of(visit: Visit) -> VisitForm:
    # Consent is not corrected here: the form only borrows the registration's checks.
    return VisitForm(
        name=visit.name,
        phone=visit.phone,
        purpose=visit.purpose,
        organisation=visit.organisation,
        people_count=visit.people_count,
        host=visit.host,
        note=visit.note,
        address=str(_current(visit, "address")),
        consent_given=True,
    )


def _checked_changes(visit: Visit, changes: dict[str, object]) -> dict[str, object]:
    """The changed fields, cleaned as registration cleans them; only their messages count (a
    purpose since removed from the settings stays on a visit nobody corrects it on)."""
    message = _("This field cannot be corrected.")
    unknown = {key: message for key in changes if key not in CORRECTABLE}
    if unknown:
        raise ValidationError(unknown)
    form = replace(_form_of(visit), **changes)
    cleaned, errors = checked_visit_form(form)
    errors = {key: message for key, message in errors.items() if key in changes}
    if visit.consent_given is False and visit.left_at is not None:
        for key in ERASED_AFTER_REFUSAL:
            if key in changes and cleaned[key] != getattr(visit, key):
                errors[key] = _("The visitor refused consent: this was erased when they left.")
    if "address" in changes and visit.visitor_id is None and cleaned["address"]:
        errors["address"] = _("Without the visitor's consent no address is kept.")
    if errors:
        raise ValidationError(errors)
    return {key: cleaned[key] for key in changes if cleaned[key] != _current(visit, key)}


def _relink_visitor(visit: Visit) -> None:
    """The visit found again by its corrected name or number: its visitor is the one with that
    number, and the name's search grams point there."""
    visitor = Visitor.get_or_none(Visitor.phone == visit.phone)
    if visitor is None:
        visitor = Visitor.create(
            name=visit.name,
            phone=visit.phone,
            organisation=visit.organisation,
            created_at=visit.arrived_at,
            last_visit_at=visit.arrived_at,
        )
    elif visitor.last_visit_at <= visit.arrived_at:
        visitor.name = visit.name  # their latest visit says how they are called now
        visitor.save()
    visit.visitor = visitor
    grams = visitor_grams(visit.name, visit.phone)
    rows = [{"gram": gram, "visitor": visitor.id} for gram in grams]
    VisitorSearchGram.insert_many(rows).on_conflict_ignore().execute()


def _audited(key: str, value: object) -> object:
    """The audit log is append-only and kept for years, a visitor's personal data must stay
    erasable (PIPL): a corrected name, phone, note or address is recorded masked, enough to see what
    changed; purpose, host, organisation and head count in full."""
    if value is None or value == "":
        return value
    text = str(value)
    if key == "phone":
        return masked(text)
    if key == "name":
        return text[0] + "*" * (len(text) - 1)
    if key in ("note", "address"):
        return "*" * min(len(text), 8)
    return value


def correct_visit(
    actor: Actor, visit_id: int, changes: dict[str, object], now: datetime | None = None
) -> VisitRow:
    """Apply ``changes`` (field → new value, fields of ``CORRECTABLE``); returns the visit as
    it is now. Nothing changed, nothing recorded."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    with write_transaction():
        visit = Visit.get_or_none(Visit.id == visit_id)
        if visit is None:
            raise NotFound(_("This visit no longer exists."))
        day = visit.arrived_at.date()
        if DailyVisitLog.get_or_none(DailyVisitLog.day == day) is not None:
            message = _(
                "The visit log of {day} is closed: its visits can no longer be corrected."
            ).format(day=format_date(day))
            raise ValidationError({"visit": message})
        changed = _checked_changes(visit, changes)
        if not changed:
            return visit_row(visit)
        old: dict[str, object] = {}
        new: dict[str, object] = {}
        for key, value in changed.items():
            old[key], new[key] = _audited(key, _current(visit, key)), _audited(key, value)
            setattr(visit.visitor if key in ON_VISITOR else visit, key, value)
        if "address" in changed:
            visit.visitor.save()
        if visit.consent_given and ("name" in changed or "phone" in changed):
            _relink_visitor(visit)
        if "phone" in changed:
            visit.customer = file_of_phone(actor, visit.phone)
        visit.save()
        record(
            actor,
            VisitAction.VISIT_CORRECTED,
            visit_target(visit.id),
            at=now,
            old=old,
            new=new,
        )
    return visit_row(visit)
