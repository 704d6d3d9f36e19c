"""The call log: the calls the actor may see (their own; every agent's for a manager), newest
first in keyset pages, searchable by part of an organisation, a contact or a phone number.

A search walks the search grams of its rarest gram (newest call first) and tests the others
by primary key, as the customer search does, so it stays fast over millions of calls.
"""

from __future__ import annotations

from peewee import SQL, Tuple, fn

from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_agent_visible, require_calls, sees_all
from branchdesk.calls.quotas import day_bounds
from branchdesk.calls.records import CallCursor, CallFilter, CallRow
from branchdesk.calls.rows import call_row
from branchdesk.calls.search_grams import query_grams, search_key
from branchdesk.db import db
from branchdesk.db.models import Call, CallSearchGram, User
from branchdesk.errors import NotFound, PermissionDenied
from branchdesk.i18n import _
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.validation import require_storable

PAGE_SIZE = 100
# Postings counted per gram to find the rarest: beyond this a gram is merely "common", and the
# count itself would cost more (cold, a count reads its postings from the disk) than it saves.
COUNT_LIMIT = 2000


def _contains(expression, needle: str):
    finder = fn.strpos if db.obj.__class__.__name__.startswith("Postgres") else fn.instr
    return finder(expression, needle) > 0


def _text_condition(kind: str, key: str):
    if kind == "phone":
        return _contains(Call.phone, key)
    return _contains(fn.replace(fn.lower(Call.organisation), " ", ""), key) | _contains(
        fn.replace(fn.lower(Call.contact_surname), " ", ""), key
    )


def _driver(kind: str, key: str) -> tuple[str, list[str]] | None:
    """The gram whose calls the page walks (the rarest, a longer one among equally common
    ones) and the others each call must have; None when the query is too short to index.
    Walking any of the query's grams tests fewer calls than walking the newest calls, since
    every match has each of them."""
    wanted = query_grams(kind, key)
    if wanted is None:
        return None
    sizes = {}
    for gram in sorted(wanted):
        rows = CallSearchGram.select(SQL("1")).where(CallSearchGram.gram == gram)
        sizes[gram] = rows.limit(COUNT_LIMIT).count()
    driver = min(sizes, key=lambda gram: (sizes[gram], -len(gram)))
    return driver, sorted(wanted - {driver})


def _whole_number(text: str) -> str | None:
    """The number as stored when ``text`` is a whole phone number, else None."""
    try:
        return normalize_phone(text, get_setting("phone_region"))
    except InvalidPhone:
        return None


def _rows(calls: list[Call]) -> list[CallRow]:
    agents = {u.id: u for u in User.select().where(User.id.in_({c.agent_id for c in calls}))}
    return [call_row(c, agents[c.agent_id]) for c in calls]


def search_calls(
    actor: Actor,
    call_filter: CallFilter = CallFilter(),  # noqa: B008 - frozen
    after: CallCursor | None = None,
    limit: int = PAGE_SIZE,
) -> list[CallRow]:
    """A page of calls, newest first; pass ``cursor_after(last row)`` for the next page."""
    require_calls(actor)
    agent_id = require_agent_visible(actor, call_filter.agent_id)
    text = require_storable("text", call_filter.text.strip())
    query = Call.select()
    conditions = []
    if agent_id is not None:
        conditions.append(Call.agent == agent_id)
    if call_filter.day is not None:
        start, end = day_bounds(call_filter.day)
        conditions += [Call.started_at >= start, Call.started_at < end]
    kind, key = search_key(text)
    number = _whole_number(text) if kind == "phone" else None
    if number is not None:
        # One number's calls, through the index on the phone: few, whatever the log's size.
        conditions.append(Call.phone == number)
    elif key:
        plan = _driver(kind, key)
        conditions.append(_text_condition(kind, key))
        if plan is not None:
            return _gram_page(query, conditions, plan, after, limit)
    if after is not None:
        conditions.append(Tuple(Call.started_at, Call.id) < Tuple(after.started_at, after.id))
    query = query.order_by(Call.started_at.desc(), Call.id.desc()).limit(limit)
    return _rows(list(query.where(*conditions) if conditions else query))


def _gram_page(query, conditions, plan, after: CallCursor | None, limit: int) -> list[CallRow]:
    """Calls with the driver gram in the gram index's own order (newest first), each other
    gram a primary-key lookup."""
    driver, others = plan
    query = query.join(
        CallSearchGram, on=(CallSearchGram.call == Call.id) & (CallSearchGram.gram == driver)
    )
    for index, gram in enumerate(others):
        other = CallSearchGram.alias(f"also{index}")
        also = other.select(SQL("1")).where(
            (other.gram == gram) & (other.call == CallSearchGram.call)
        )
        conditions.append(fn.EXISTS(also))
    if after is not None:
        conditions.append(CallSearchGram.call < after.id)
    query = query.where(*conditions).order_by(CallSearchGram.call.desc()).limit(limit)
    return _rows(list(query))


def cursor_after(row: CallRow) -> CallCursor:
    return CallCursor(row.started_at, row.id)


def get_call(actor: Actor, call_id: int) -> CallRow:
    require_calls(actor)
    call = Call.get_or_none(Call.id == call_id)
    if call is None:
        raise NotFound(_("This call does not exist."))
    if call.agent_id != actor.id and not sees_all(actor):
        raise PermissionDenied(_("You may see only your own calls."))
    return call_row(call)
