"""Plain values for showing visits, shared by the lists, the log and the printed forms."""

from __future__ import annotations

from datetime import datetime
from typing import NamedTuple

from branchdesk.db.models import Visit


class VisitRow(NamedTuple):
    id: int
    arrived_at: datetime
    left_at: datetime | None
    name: str
    phone: str
    organisation: str
    purpose: str
    people_count: int
    host: str
    note: str
    past_closing: bool = False  # still signed in after closing time: flag, never sign out


def visit_row(visit: Visit, past_closing: bool = False) -> VisitRow:
    return VisitRow(
        visit.id,
        visit.arrived_at,
        visit.left_at,
        visit.name,
        visit.phone,
        visit.organisation,
        visit.purpose,
        visit.people_count,
        visit.host,
        visit.note,
        past_closing,
    )
