"""The effective-call rule (R-C13), decided on the saved record: a call counts when it records
the customer's organisation, a contact person (at least the surname), their department or
title and a phone. A call in which nobody was spoken to records no contact and never counts."""

from __future__ import annotations

from branchdesk.calls.permissions import NO_CONVERSATION
from branchdesk.i18n import N_, _

# field → what the form names when it is missing
R_C13_FIELDS = {
    "organisation": N_("the customer's organisation"),
    "contact_surname": N_("the contact's surname"),
    "contact_title": N_("the contact's department or title"),
    "phone": N_("a phone number"),
}
NOBODY_SPOKEN_TO = N_("a conversation with the customer")


def missing_fields(record) -> list[str]:
    """The R-C13 fields ``record`` (a call row or form) lacks, by field name."""
    return [name for name in R_C13_FIELDS if not str(getattr(record, name) or "").strip()]


def missing_for_effective(record) -> list[str]:
    """What keeps the call from counting, as translated phrases; empty when it counts."""
    missing = [_(R_C13_FIELDS[name]) for name in missing_fields(record)]
    if record.disposition in NO_CONVERSATION:
        missing.insert(0, _(NOBODY_SPOKEN_TO))
    return missing


def is_effective(record) -> bool:
    return not missing_fields(record) and record.disposition not in NO_CONVERSATION
