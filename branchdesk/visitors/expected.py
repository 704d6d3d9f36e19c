"""Expected visitors (预约): entered ahead by whoever expects them, registered on arrival with
their details filled in, cancelled, or listed as no-shows when the day's log is closed."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import JOIN

from branchdesk.audit.log import details, record
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import ExpectedVisit, User, Visit
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import NotFound, PermissionDenied, ValidationError
from branchdesk.i18n import N_, _, format_datetime, format_time
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_name, clean_text
from branchdesk.visitors.permissions import VisitAction, VisitPermission, expected_visit_target
from branchdesk.visitors.registration import VisitForm, register_visit

# An expectation further ahead is a typo in the year more often than a plan.
MAX_DAYS_AHEAD = 366
EDITABLE_FIELDS = ("name", "phone", "organisation", "host", "purpose", "note", "expected_at")


class ExpectedStatus:
    EXPECTED = "expected"
    LATE = "late"  # today, past the expected time, not arrived yet
    ARRIVED = "arrived"
    NO_SHOW = "no_show"  # an earlier day, never arrived


@dataclass(frozen=True)
class ExpectedForm:
    name: str
    expected_at: datetime | None
    purpose: str
    phone: str = ""
    organisation: str = ""
    host: str = ""
    note: str = ""


@dataclass(frozen=True)
class ExpectedRow:
    id: int
    name: str
    phone: str
    organisation: str
    host: str
    purpose: str
    note: str
    expected_at: datetime
    entered_by: str
    entered_by_id: int
    status: str
    visit_id: int | None = None
    arrived_at: datetime | None = None

    def visit_form(self) -> VisitForm:
        """The registration form as the arrival opens it; consent is asked at the desk."""
        return VisitForm(
            name=self.name,
            phone=self.phone,
            purpose=self.purpose,
            organisation=self.organisation,
            host=self.host,
            note=self.note,
        )


def validate_expected_form(form: ExpectedForm, now: datetime) -> dict:
    errors: dict[str, str] = {}
    cleaned = {
        "name": clean_name(errors, "name", form.name),
        "organisation": clean_name(
            errors, "organisation", form.organisation, required=False, max_length=100
        ),
        "host": clean_text(errors, "host", form.host, max_length=50),
        "note": clean_text(errors, "note", form.note, max_length=1000, multiline=True),
        "phone": "",
        "purpose": form.purpose,
        "expected_at": form.expected_at,
    }
    # The visitor may not have left a number when the visit was arranged; the desk asks it
    # on arrival, where registration requires it.
    if (form.phone or "").strip():
        try:
            cleaned["phone"] = normalize_phone(form.phone, get_setting("phone_region"))
        except InvalidPhone as exc:
            errors["phone"] = str(exc)
    if form.purpose not in get_setting("visit_purposes"):
        errors["purpose"] = _("Choose the purpose of the visit.")
    if form.expected_at is None:
        errors["expected_at"] = _("Enter the day and time the visitor is expected.")
    elif form.expected_at.date() < now.date():
        errors["expected_at"] = _("This day has passed: enter today or a later day.")
    elif form.expected_at.date() > now.date() + timedelta(days=MAX_DAYS_AHEAD):
        errors["expected_at"] = _("Enter a day within the coming year.")
    if errors:
        raise ValidationError(errors)
    cleaned["expected_at"] = form.expected_at.replace(second=0, microsecond=0)
    return cleaned


def expect_visitor(actor: Actor, form: ExpectedForm, now: datetime | None = None) -> int:
    """Enter a visitor one expects; returns the expectation's id."""
    require(actor, VisitPermission.EXPECT_VISITORS)
    now = now or clock_now()
    cleaned = validate_expected_form(form, now)
    with write_transaction():
        expected = ExpectedVisit.create(**cleaned, created_at=now, created_by=actor.id)
        record(
            actor,
            VisitAction.EXPECTED_VISIT_ADDED,
            expected_visit_target(expected.id),
            details(expected=cleaned["expected_at"].isoformat(sep=" ", timespec="minutes")),
            at=now,
        )
    return expected.id


def _open_expectation(actor: Actor, expected_id: int) -> ExpectedVisit:
    """The expectation, still to come, that ``actor`` may change: an agent changes only their
    own, the front desk and managers anyone's (they receive every visitor)."""
    expected = ExpectedVisit.get_or_none(ExpectedVisit.id == expected_id)
    if expected is None:
        raise NotFound(_("This expected visitor no longer exists."))
    if expected.created_by_id != actor.id and not actor.can(VisitPermission.REGISTER_VISITS):
        raise PermissionDenied(_("You can change only the visitors you expect yourself."))
    if expected.cancelled_at is not None:
        raise ValidationError({"expected": _("This expected visitor was cancelled.")})
    if expected.visit_id is not None:
        raise ValidationError(
            {
                "expected": _("This visitor has arrived already (visit {number}).").format(
                    number=expected.visit_id
                )
            }
        )
    return expected


def change_expected_visit(
    actor: Actor, expected_id: int, form: ExpectedForm, now: datetime | None = None
) -> None:
    require(actor, VisitPermission.EXPECT_VISITORS)
    now = now or clock_now()
    cleaned = validate_expected_form(form, now)
    with write_transaction():
        expected = _open_expectation(actor, expected_id)
        changed = [key for key in EDITABLE_FIELDS if getattr(expected, key) != cleaned[key]]
        if not changed:
            return
        for key in changed:
            setattr(expected, key, cleaned[key])
        expected.save()
        # Which fields changed, and the new time: names and numbers stay out of the audit
        # log, which cannot be erased when the person asks (PIPL).
        pairs = {"changed": ",".join(changed)}
        if "expected_at" in changed:
            pairs["expected"] = cleaned["expected_at"].isoformat(sep=" ", timespec="minutes")
        record(
            actor,
            VisitAction.EXPECTED_VISIT_CHANGED,
            expected_visit_target(expected.id),
            details(**pairs),
            at=now,
        )


def cancel_expected_visit(actor: Actor, expected_id: int, now: datetime | None = None) -> None:
    require(actor, VisitPermission.EXPECT_VISITORS)
    now = now or clock_now()
    with write_transaction():
        expected = _open_expectation(actor, expected_id)
        expected.cancelled_at, expected.cancelled_by = now, actor.id
        expected.save()
        record(
            actor, VisitAction.EXPECTED_VISIT_CANCELLED, expected_visit_target(expected.id), at=now
        )


def register_arrival(
    actor: Actor,
    expected_id: int,
    form: VisitForm,
    now: datetime | None = None,
    refuse_if_in_building: bool = False,
) -> int:
    """The expected visitor is here: register the visit (as the desk corrected the form) and
    link it to the expectation, both or neither; returns the visit id. With
    ``refuse_if_in_building``, a number already in the building is refused as registration
    refuses it (``AlreadyInBuilding``)."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    with write_transaction():
        _open_expectation(actor, expected_id)
        visit_id = register_visit(actor, form, now=now, refuse_if_in_building=refuse_if_in_building)
        # Guarded, so that two desks registering the same arrival at once link it once; the
        # other's visit is rolled back with its refusal.
        linked = (
            ExpectedVisit.update(visit=visit_id)
            .where(ExpectedVisit.id == expected_id, ExpectedVisit.visit.is_null())
            .execute()
        )
        if linked != 1:
            raise ValidationError({"expected": _("This visitor has arrived already.")})
        record(
            actor,
            VisitAction.EXPECTED_VISITOR_ARRIVED,
            expected_visit_target(expected_id),
            details(visit=visit_id),
            at=now,
        )
    return visit_id


def _status(expected: ExpectedVisit, now: datetime) -> str:
    if expected.visit_id is not None:
        return ExpectedStatus.ARRIVED
    if expected.expected_at.date() < now.date():
        return ExpectedStatus.NO_SHOW
    if expected.expected_at < now:
        return ExpectedStatus.LATE
    return ExpectedStatus.EXPECTED


def _rows(condition, now: datetime) -> list[ExpectedRow]:
    query = (
        ExpectedVisit.select(ExpectedVisit, User.id, User.display_name, Visit.id, Visit.arrived_at)
        .join(User, on=ExpectedVisit.created_by)
        .switch(ExpectedVisit)
        .join(Visit, JOIN.LEFT_OUTER, on=ExpectedVisit.visit)
        .where(condition, ExpectedVisit.cancelled_at.is_null())
        .order_by(ExpectedVisit.expected_at, ExpectedVisit.id)
    )
    rows = []
    for expected in query:
        arrived_at = expected.visit.arrived_at if expected.visit_id is not None else None
        rows.append(
            ExpectedRow(
                expected.id,
                expected.name,
                expected.phone,
                expected.organisation,
                expected.host,
                expected.purpose,
                expected.note,
                expected.expected_at,
                expected.created_by.display_name,
                expected.created_by_id,
                _status(expected, now),
                expected.visit_id,
                arrived_at,
            )
        )
    return rows


def _between(first: date, days: int):
    start = datetime.combine(first, time.min)
    return (ExpectedVisit.expected_at >= start) & (
        ExpectedVisit.expected_at < start + timedelta(days=days)
    )


def expected_visits(
    actor: Actor, first_day: date, days: int = 1, now: datetime | None = None
) -> list[ExpectedRow]:
    """Visitors expected from ``first_day`` for ``days`` days, arrived or not, soonest first;
    cancelled ones are left out."""
    require(actor, VisitPermission.VIEW_VISITS)
    return _rows(_between(first_day, days), now or clock_now())


def no_shows(actor: Actor, day: date, now: datetime | None = None) -> list[ExpectedRow]:
    """Expected on ``day``, not cancelled and never arrived: listed when the day is closed."""
    require(actor, VisitPermission.VIEW_VISITS)
    condition = _between(day, 1) & ExpectedVisit.visit.is_null()
    return _rows(condition, now or clock_now())


def waiting_today_count(now: datetime) -> int:
    """Expected today and not arrived yet (for the day's figures; the caller checked access)."""
    condition = (
        _between(now.date(), 1)
        & ExpectedVisit.visit.is_null()
        & ExpectedVisit.cancelled_at.is_null()
    )
    return ExpectedVisit.select().where(condition).count()


STATUS_LABELS = {
    ExpectedStatus.EXPECTED: N_("Expected"),
    ExpectedStatus.LATE: N_("Not here yet"),
    ExpectedStatus.ARRIVED: N_("Arrived {time}"),
    ExpectedStatus.NO_SHOW: N_("Did not come"),
}


@dataclass(frozen=True)
class ExpectedLine:
    """An expected visitor as the list shows it, cells formatted off the GUI thread (expected
    at, name, organisation, phone, host, purpose, status)."""

    expected: ExpectedRow
    cells: tuple[str, ...]


def expected_line(row: ExpectedRow, today: date) -> ExpectedLine:
    from branchdesk.phones import display_phone
    from branchdesk.visitors.purposes import purpose_label

    at = row.expected_at
    when = format_time(at) if at.date() == today else format_datetime(at)
    status = _(STATUS_LABELS[row.status]).format(time=format_time(row.arrived_at))
    cells = (
        when,
        row.name,
        row.organisation,
        display_phone(row.phone) if row.phone else "",
        row.host,
        purpose_label(row.purpose),
        status,
    )
    return ExpectedLine(row, cells)


def forget_expected_before(day: date) -> int:
    """PIPL retention: expectations of days before ``day`` go whole (they hold nothing but a
    person's details and a plan). Call inside a write transaction; returns how many."""
    start = datetime.combine(day, time.min)
    return ExpectedVisit.delete().where(ExpectedVisit.expected_at < start).execute()


def forget_expected_of(phone: str, visits) -> int:
    """PIPL erasure on request: the person's expectations, by their number or linked to one of
    ``visits`` (a condition on Visit), go whole. Call before the visits themselves are erased,
    inside the write transaction; returns how many."""
    linked = Visit.select(Visit.id).where(visits)
    condition = ExpectedVisit.visit.in_(linked)
    if phone:
        condition |= ExpectedVisit.phone == phone
    return ExpectedVisit.delete().where(condition).execute()
