"""Searching the visit log: filters, and keyset pages that stay fast over millions of visits.

A search by name or phone number reads few pages of the database file, which matters for the
first search after the desk starts, when the file is not in the operating system's cache: the
visitors it can be about come from the search grams, the page's visit ids from the index on
(visitor, arrival, purpose, name, phone) alone, and only then are the page's own rows read.
"""

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


def _candidate_visitors(wanted: set[str]) -> list[int] | None:
    """Visitors holding every gram wanted, or None when there are too many to go through."""
    candidates = (
        VisitorSearchGram.select(VisitorSearchGram.visitor)
        .where(VisitorSearchGram.gram.in_(sorted(wanted)))
        .group_by(VisitorSearchGram.visitor)
        .having(fn.COUNT(VisitorSearchGram.gram) == len(wanted))
        .limit(MAX_CANDIDATES + 1)
        .tuples()
    )
    ids = [visitor_id for (visitor_id,) in candidates]
    return ids if len(ids) <= MAX_CANDIDATES else None


def _text_condition(text: str):
    """(the visitors the text can be about, or None to test every visit; the test on a visit,
    against its own name or phone: a visitor may have been renamed since)."""
    kind, key = search_key(text)
    grams = query_grams(text)
    visitor_ids = _candidate_visitors(grams[1]) if grams is not None else None
    if kind == "phone":
        return visitor_ids, _contains(Visit.phone, key)
    return visitor_ids, _contains(fn.replace(fn.lower(Visit.name), " ", ""), key)


def search_visits(
    actor: Actor,
    visit_filter: VisitFilter,
    after: PageCursor | None = None,
    limit: int = PAGE_SIZE,
    newest_first: bool = True,
) -> list[VisitRow]:
    """By arrival, newest first unless ``newest_first`` is False; pass the last row's cursor
    to get the next page. Both orders walk the (arrived_at, id) index, one way or the other,
    unless a name or phone narrows the search to a few visitors (``_candidates_page``)."""
    require(actor, VisitPermission.VIEW_VISITS)
    order = (Visit.arrived_at, Visit.id)
    if newest_first:
        order = tuple(field.desc() for field in order)
    conditions = []
    if visit_filter.date_from:
        conditions.append(Visit.arrived_at >= datetime.combine(visit_filter.date_from, time()))
    if visit_filter.date_to:
        end = datetime.combine(visit_filter.date_to + timedelta(days=1), time())
        conditions.append(Visit.arrived_at < end)
    if after is not None:
        key, cursor = Tuple(Visit.arrived_at, Visit.id), Tuple(after.arrived_at, after.id)
        conditions.append(key < cursor if newest_first else key > cursor)
    visitor_ids, on_visit = None, None
    text = searchable_text(visit_filter.text, get_setting("phone_region"))
    if text:
        visitor_ids, on_visit = _text_condition(text)
        if visitor_ids == []:
            return []
    if visitor_ids is None:
        if on_visit is not None:
            conditions.append(on_visit)
        if visit_filter.purpose:
            conditions.append(Visit.purpose == visit_filter.purpose)
        query = Visit.select().order_by(*order).limit(limit)
        return [visit_row(v) for v in (query.where(*conditions) if conditions else query)]
    return _candidates_page(
        visitor_ids, on_visit, visit_filter.purpose, conditions, order, newest_first, limit
    )


def _candidates_page(
    visitor_ids: list[int], on_visit, purpose: str, conditions, order, newest_first: bool, limit
):
    """The page among the candidate visitors' visits: ids first, from the index on (visitor,
    arrival, purpose) alone, then the page's rows, read in the order of the file, where each
    visit's own name or phone (as entered that day) is checked. A visit that fails the check
    (its visitor renamed since) leaves the page short: the next ids fill it."""
    if purpose:
        # Left usable, the purpose index tempts SQLite to walk every visit of that purpose
        # newest first instead (240 ms over a million visits); an expression on the column
        # keeps it out of the plan, and the column is in the visitor index.
        conditions = [*conditions, Visit.purpose.concat("") == purpose]
    found: list[Visit] = []
    further: list = []  # after the ids already taken
    while True:
        chosen = (
            Visit.select(Visit.id, Visit.arrived_at)
            .where(Visit.visitor.in_(visitor_ids), *conditions, *further)
            .order_by(*order)
            .limit(limit)
            .tuples()
        )
        keys = list(chosen)
        if keys:
            ids = [visit_id for visit_id, _arrived in keys]
            found.extend(Visit.select().where(Visit.id.in_(ids), on_visit).order_by(*order))
        if len(keys) < limit or len(found) >= limit:
            return [visit_row(visit) for visit in found[:limit]]
        last_id, last_arrived = keys[-1]
        key, cursor = Tuple(Visit.arrived_at, Visit.id), Tuple(last_arrived, last_id)
        further = [key < cursor if newest_first else key > cursor]


def cursor_after(row: VisitRow) -> PageCursor:
    return PageCursor(row.arrived_at, row.id)


def get_visit(actor: Actor, visit_id: int) -> VisitRow | None:
    require(actor, VisitPermission.VIEW_VISITS)
    visit = Visit.get_or_none(Visit.id == visit_id)
    return visit_row(visit) if visit else None
