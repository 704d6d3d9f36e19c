"""Searching the visit log: filters, and keyset pages that stay fast over millions of visits."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from peewee import Tuple, fn

from branchdesk.auth.session import Actor, require
from branchdesk.db import db
from branchdesk.db.models import Visit, VisitorSearchGram
from branchdesk.settings.store import get_setting
from branchdesk.visitors.permissions import VisitPermission
from branchdesk.visitors.records import VisitRow, visit_row
from branchdesk.visitors.search_grams import query_grams, search_key
from branchdesk.visitors.search_text import searchable_text

PAGE_SIZE = 100
# Above this many candidate visitors a query is common enough that walking the newest visits
# fills a page sooner than sorting all the candidates' visits.
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class VisitFilter:
    text: str = ""  # part of a name or of a phone number
    date_from: date | None = None
    date_to: date | None = None  # inclusive
    purpose: str = ""


@dataclass(frozen=True)
class PageCursor:
    """Where the previous page ended: its last (arrived_at, id)."""

    arrived_at: datetime
    id: int


def _contains(expression, needle: str):
    finder = fn.strpos if db.obj.__class__.__name__.startswith("Postgres") else fn.instr
    return finder(expression, needle) > 0


def _text_condition(text: str):
    """None when there is no text; otherwise (candidate visitor ids or None, exact test)."""
    kind, key = search_key(text)
    if kind == "phone":
        exact = _contains(Visit.phone, key)
    else:
        exact = _contains(fn.replace(fn.lower(Visit.name), " ", ""), key)
    grams = query_grams(text)
    if grams is None:
        return None, exact
    _kind, wanted = grams
    candidates = (
        VisitorSearchGram.select(VisitorSearchGram.visitor)
        .where(VisitorSearchGram.gram.in_(sorted(wanted)))
        .group_by(VisitorSearchGram.visitor)
        .having(fn.COUNT(VisitorSearchGram.gram) == len(wanted))
        .limit(MAX_CANDIDATES + 1)
    )
    ids = [row.visitor_id for row in candidates]
    return (ids if len(ids) <= MAX_CANDIDATES else None), exact


def search_visits(
    actor: Actor,
    visit_filter: VisitFilter,
    after: PageCursor | None = None,
    limit: int = PAGE_SIZE,
    newest_first: bool = True,
) -> list[VisitRow]:
    """By arrival, newest first unless ``newest_first`` is False; pass the last row's cursor
    to get the next page. Both orders walk the (arrived_at, id) index, one way or the other."""
    require(actor, VisitPermission.VIEW_VISITS)
    order = (Visit.arrived_at, Visit.id)
    if newest_first:
        order = tuple(field.desc() for field in order)
    query = Visit.select().order_by(*order).limit(limit)
    purpose = Visit.purpose
    text = searchable_text(visit_filter.text, get_setting("phone_region"))
    if text:
        candidate_ids, exact = _text_condition(text)
        if candidate_ids is not None:
            if not candidate_ids:
                return []
            query = query.where(Visit.visitor.in_(candidate_ids))
            # The candidates' few visits are the rows to read. Left usable, the purpose index
            # tempts SQLite to walk every visit of that purpose newest first instead (240 ms
            # over a million visits); an expression on the column keeps it out of the plan.
            purpose = Visit.purpose.concat("")
        query = query.where(exact)
    if visit_filter.date_from:
        query = query.where(Visit.arrived_at >= datetime.combine(visit_filter.date_from, time()))
    if visit_filter.date_to:
        end = datetime.combine(visit_filter.date_to + timedelta(days=1), time())
        query = query.where(Visit.arrived_at < end)
    if visit_filter.purpose:
        query = query.where(purpose == visit_filter.purpose)
    if after is not None:
        key, cursor = Tuple(Visit.arrived_at, Visit.id), Tuple(after.arrived_at, after.id)
        query = query.where(key < cursor if newest_first else key > cursor)
    return [visit_row(v) for v in query]


def cursor_after(row: VisitRow) -> PageCursor:
    return PageCursor(row.arrived_at, row.id)


def get_visit(actor: Actor, visit_id: int) -> VisitRow | None:
    require(actor, VisitPermission.VIEW_VISITS)
    visit = Visit.get_or_none(Visit.id == visit_id)
    return visit_row(visit) if visit else None
