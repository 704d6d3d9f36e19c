"""Lists and search of customer files: keyset pages, newest first, masked for the actor.

Search takes part of a name, an organisation or a phone number. A number matches a file
whose numbers the actor may not see in full only through the digits the mask shows (139…5678):
searching for a hidden number gives the same answer as a miss. A list records its query in
the audit log once (its first page), not one entry per row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from peewee import fn

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.customers.clearance import Clearance, clearance_of
from branchdesk.customers.loading import LoadedFile, load_files
from branchdesk.customers.masking import mask_phone, shows, visible_phone_digits
from branchdesk.customers.permissions import CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.customers.records import CustomerCursor, CustomerRow
from branchdesk.customers.search_grams import is_phone_query, name_key, query_grams
from branchdesk.db import db
from branchdesk.db.models import Customer, CustomerPhone, CustomerSearchGram
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.validation import require_storable

PAGE_SIZE = 100
FIND_LIMIT = 10
# Above this many candidates a query is common enough that walking the newest files fills a
# page sooner than reading every candidate.
MAX_CANDIDATES = 5000


@dataclass(frozen=True)
class CustomerFilter:
    text: str = ""  # part of a name, an organisation or a phone number
    owner_id: int | None = None  # only this owner's files


def _contains(expression, needle: str):
    finder = fn.strpos if db.obj.__class__.__name__.startswith("Postgres") else fn.instr
    return finder(expression, needle) > 0


def search_key(typed: str) -> tuple[str, str]:
    """('phone', digits as stored) or ('name', lower-case text without spaces)."""
    text = require_storable("text", typed.strip())
    if not is_phone_query(text):
        return "name", name_key(text)
    folded = unicodedata.normalize("NFKC", text)
    try:
        return "phone", normalize_phone(folded, get_setting("phone_region"))
    except InvalidPhone:
        digits = "".join(ch for ch in folded if ch.isdigit())
        if folded.lstrip(" (").startswith(("+86", "0086")):
            digits = digits[2:] if folded.lstrip(" (").startswith("+") else digits[4:]
        return "phone", digits


def _exact(kind: str, key: str):
    if kind == "phone":
        holders = CustomerPhone.select(CustomerPhone.customer).where(
            _contains(CustomerPhone.phone, key)
        )
        return Customer.id.in_(holders)
    return _contains(fn.replace(fn.lower(Customer.name), " ", ""), key) | _contains(
        fn.replace(fn.lower(Customer.organisation), " ", ""), key
    )


def _candidates(kind: str, key: str) -> list[int] | None:
    wanted = query_grams(kind, key)
    if wanted is None:
        return None
    query = (
        CustomerSearchGram.select(CustomerSearchGram.customer)
        .where(CustomerSearchGram.gram.in_(sorted(wanted)))
        .group_by(CustomerSearchGram.customer)
        .having(fn.COUNT(CustomerSearchGram.gram) == len(wanted))
        .limit(MAX_CANDIDATES + 1)
    )
    ids = [row.customer_id for row in query]
    return ids if len(ids) <= MAX_CANDIDATES else None


def _phone_visible_match(loaded: LoadedFile, key: str) -> bool:
    if loaded.row is None:
        return False
    if shows("phones", loaded.seen, loaded.customer.level):
        return any(key in phone for phone in loaded.phones)
    return any(key in part for p in loaded.phones for part in visible_phone_digits(p))


def _base_query(customer_filter: CustomerFilter, kind: str, key: str):
    query = Customer.select().order_by(Customer.id.desc())
    if key:
        candidate_ids = _candidates(kind, key)
        if candidate_ids is not None:
            if not candidate_ids:
                return None
            query = query.where(Customer.id.in_(candidate_ids))
        query = query.where(_exact(kind, key))
    if customer_filter.owner_id is not None:
        query = query.where(Customer.owner == customer_filter.owner_id)
    return query


def masked_rows(
    clearance: Clearance,
    customer_filter: CustomerFilter,
    after: CustomerCursor | None,
    limit: int,
) -> list[CustomerRow]:
    """The page as ``clearance`` sees it, without checks or audit: for the services here and
    the export, which check and audit themselves."""
    kind, key = search_key(customer_filter.text)
    query = _base_query(customer_filter, kind, key)
    rows: list[CustomerRow] = []
    last_id = after.id if after is not None else None
    while query is not None and len(rows) < limit:
        page = query.limit(limit)
        if last_id is not None:
            page = page.where(Customer.id < last_id)
        batch = list(page)
        for loaded in load_files(batch, clearance):
            if kind == "phone" and key and not _phone_visible_match(loaded, key):
                continue
            if loaded.row is not None:
                rows.append(loaded.row)
        if len(batch) < limit:
            break
        last_id = batch[-1].id
    return rows[:limit]


def search_customers(
    actor: Actor,
    customer_filter: CustomerFilter = CustomerFilter(),  # noqa: B008 - frozen
    after: CustomerCursor | None = None,
    limit: int = PAGE_SIZE,
) -> list[CustomerRow]:
    """A page of files, newest first; pass ``cursor_after(last row)`` for the next page."""
    require_can(actor, Policy.LIST)
    rows = masked_rows(clearance_of(actor.id), customer_filter, after, limit)
    if after is None:
        _record_query(actor, customer_filter, len(rows))
    return rows


def audited_query(customer_filter: CustomerFilter) -> str:
    """The query as the audit log keeps it: a full number typed is kept masked, as rows show it."""
    kind, key = search_key(customer_filter.text)
    return mask_phone(key) if kind == "phone" and len(key) > 7 else key


def _record_query(actor: Actor, customer_filter: CustomerFilter, n: int) -> None:
    data = {"query": audited_query(customer_filter), "rows": n}
    if customer_filter.owner_id is not None:
        data["owner"] = customer_filter.owner_id
    record(actor, CustomerAction.CUSTOMERS_LISTED, data=data,
           target_kind=TargetKind.CUSTOMER_LIST, target_id="")  # fmt: skip


def cursor_after(row: CustomerRow) -> CustomerCursor:
    return CustomerCursor(row.id)


def find_customers(actor: Actor, text: str, limit: int = FIND_LIMIT) -> list[CustomerRow]:
    """Autocomplete and the command line's ``customers find``: the same search, one page."""
    return search_customers(actor, CustomerFilter(text=text), None, limit)
