"""A visitor who refuses consent (PIPL): only what the front desk needs for safety that day is
kept — the name, arrival and departure, for the evacuation list. The rest is erased when the
visit ends: at sign-out, or for a visit never signed out, when its day's log is closed or at
the first start after its day. Such a visit never links to a visitor record, so it has no
search grams and its phone is not recognised again."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

from branchdesk.db.models import Escalation, Visit
from branchdesk.db.transactions import write_transaction

# What a refused visit keeps no longer than the visit itself.
ERASED_WHEN_REFUSED = {
    Visit.visitor: None,
    Visit.customer: None,
    Visit.phone: "",
    Visit.organisation: "",
    Visit.host: "",
    Visit.note: "",
}


def _refused():
    # Only an explicit refusal: a visit migrated from before consent was recorded is not
    # erased on a guess.
    return Visit.consent_given == False  # noqa: E712


def _still_held():
    return (
        Visit.visitor.is_null(False)
        | (Visit.phone != "")
        | (Visit.organisation != "")
        | (Visit.host != "")
        | (Visit.note != "")
    )


def erase_refused(where) -> int:
    """Erase what refused visits matching ``where`` still hold; returns how many. Call inside a
    write transaction."""
    ids = [v.id for v in Visit.select(Visit.id).where(where, _refused(), _still_held())]
    if ids:
        Visit.update(ERASED_WHEN_REFUSED).where(Visit.id.in_(ids)).execute()
        # The reason for calling someone may tell about the visitor: it goes too.
        Escalation.update(reason="").where(Escalation.visit.in_(ids)).execute()
    return len(ids)


def erase_refused_visits_of(day: date) -> int:
    """When the day's log is closed: the day is over for everyone on it."""
    start = datetime.combine(day, time.min)
    with write_transaction():
        return erase_refused(
            (Visit.arrived_at >= start) & (Visit.arrived_at < start + timedelta(days=1))
        )


def erase_refused_visits_before(day: date) -> int:
    """At start-up: visits of earlier days that were never signed out. Signed-out ones were
    erased at sign-out, so the few rows of the ``left_at`` index are all there is to read."""
    with write_transaction():
        return erase_refused(
            Visit.left_at.is_null() & (Visit.arrived_at < datetime.combine(day, time.min))
        )
