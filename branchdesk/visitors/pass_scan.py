"""Signing a visitor out by the visit number on their pass: a scanner types the pass's QR code
(the plain visit number, see ``pass_code``) followed by Enter, or the desk types it."""

from __future__ import annotations

from datetime import datetime

from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.db.models import Visit
from branchdesk.errors import ValidationError
from branchdesk.i18n import _, format_datetime, format_time
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.presence import sign_out

FIELD = "scan"


def pass_code(visit_id: int) -> str:
    """What the visitor pass's QR code holds: the visit number and nothing else, so that any
    scanner in keyboard mode types exactly what a person would type."""
    return str(visit_id)


def visit_number(code: str) -> int | None:
    """The visit number in what was scanned or typed (spaces and full-width digits, as an
    input method types them, are accepted); None when it is not a number."""
    text = (code or "").strip()
    if not text or not all(ch.isdecimal() for ch in text):
        return None
    number = int(text)  # int() reads full-width digits too
    return number if 0 < number < 2**63 else None


def sign_out_scanned(actor: Actor, code: str, now: datetime | None = None) -> str:
    """Sign out the visit whose number was scanned; returns the visitor's name, for the
    confirmation. An unknown, unreadable or already signed-out number is refused with a
    message saying which."""
    require(actor, VisitPermission.REGISTER_VISITS)
    now = now or clock_now()
    number = visit_number(code)
    if number is None:
        raise ValidationError(
            {FIELD: _("“{code}” is not a visit number.").format(code=(code or "").strip())}
        )
    visit = Visit.get_or_none(Visit.id == number)
    if visit is None:
        raise ValidationError({FIELD: _("No visit has the number {number}.").format(number=number)})
    if visit.left_at is not None:
        left = (
            format_time(visit.left_at)
            if visit.left_at.date() == now.date()
            else format_datetime(visit.left_at)
        )
        raise ValidationError(
            {
                FIELD: _("Visit {number} ({name}) was signed out already, at {at}.").format(
                    number=number, name=visit.name, at=left
                )
            }
        )
    # A desk signing the same visitor out meanwhile is refused inside sign_out's transaction.
    sign_out(actor, number, now)
    return visit.name
