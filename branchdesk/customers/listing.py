"""Lists and search of customer files: keyset pages, newest first, masked for the actor.

Search takes part of a name, an organisation or a phone number. A number matches a file
whose numbers the actor may not see in full only through the digits the mask shows (139…5678):
searching for a hidden number gives the same answer as a miss. A list records its query in
the audit log once (its first page), not one entry per row.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

from peewee import SQL, fn

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.customers.clearance import Clearance, clearance_of
from branchdesk.customers.loading import LoadedFile, load_files
from branchdesk.customers.masking import mask_phone, shows, visible_phone_digits
from branchdesk.customers.permissions import CustomerAction, Policy, Scope, TargetKind
from branchdesk.customers.policy import require_can
from branchdesk.customers.records import CustomerCursor, CustomerRow
from branchdesk.customers.search_grams import is_phone_query, name_key, query_grams
from branchdesk.db import db
from branchdesk.db.models import Customer, CustomerAssignee, CustomerPhone, CustomerSearchGram
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting
from branchdesk.validation import require_storable

PAGE_SIZE = 100
FIND_LIMIT = 10
# A gram with more files than this does not drive the candidates' lookup (see _candidates).
DRIVER_LIMIT = 20_000


@dataclass(frozen=True)
class CustomerFilter:
    text: str = ""  # part of a name, an organisation or a phone number
    owner_id: int | None = None  # only this owner's files


def _contains(expression, needle: str):
    finder = fn.strpos if db.obj.__class__.__name__.startswith("Postgres") else fn.instr
    return finder(expression, needle) > 0


def search_key(typed: str) -> tuple[str, str]:
    """('number', a whole number as stored), ('phone', digits of part of a number) or ('name',
    lower-case text without spaces)."""
    text = require_storable("text", typed.strip())
    if not is_phone_query(text):
        return "name", name_key(text)
    folded = unicodedata.normalize("NFKC", text)
    try:
        return "number", normalize_phone(folded, get_setting("phone_region"))
    except InvalidPhone:
        digits = "".join(ch for ch in folded if ch.isdigit())
        if folded.lstrip(" (").startswith(("+86", "0086")):
            digits = digits[2:] if folded.lstrip(" (").startswith("+") else digits[4:]
        return "phone", digits


def _full_numbers_shown(clearance: Clearance):
    """SQL: the actor sees this file's numbers in full (the policy and masking, as a
    condition, so that a page of masked files is not read only to be thrown away)."""
    if clearance.level is None:
        return SQL("1 = 0")
    # An internal file's numbers are shown to all; a secret or top-secret file's to a
    # clearance of secret or above, for the files in the actor's scope.
    shown = Customer.level == int(Level.INTERNAL)
    if clearance.level < Level.SECRET:
        return shown
    if clearance.scope == Scope.ALL:
        return SQL("1 = 1")
    in_scope = Customer.owner == clearance.user_id
    if clearance.scope == Scope.ASSIGNED:
        assigned = CustomerAssignee.select(SQL("1")).where(
            (CustomerAssignee.customer == Customer.id)
            & (CustomerAssignee.user == clearance.user_id)
        )
        in_scope = in_scope | fn.EXISTS(assigned)
    return shown | in_scope


def _exact(kind: str, key: str, clearance: Clearance):
    if kind in ("phone", "number"):
        phone = CustomerPhone.phone
        # What the mask leaves: the first three and the last four digits (masking.py).
        in_mask = _contains(fn.substr(phone, 1, 3), key) | _contains(
            fn.substr(phone, fn.length(phone) - 3), key
        )
        # Correlated: the file's own few numbers, through the index on their file.
        phones = CustomerPhone.select(SQL("1")).where(
            (CustomerPhone.customer == Customer.id)
            & _contains(phone, key)
            & (_full_numbers_shown(clearance) | in_mask)
        )
        return fn.EXISTS(phones)
    return _contains(fn.replace(fn.lower(Customer.name), " ", ""), key) | _contains(
        fn.replace(fn.lower(Customer.organisation), " ", ""), key
    )


def _posting_size(gram: str) -> int:
    """How many files have ``gram``, counted no further than the driver limit."""
    rows = CustomerSearchGram.select(SQL("1")).where(CustomerSearchGram.gram == gram)
    return rows.limit(DRIVER_LIMIT + 1).count()


def _driver(kind: str, key: str) -> tuple[str, list[str]] | None:
    """The query's rarest gram, which the page walks, and the others each file must have;
    None when the query is too short or too common for the index to help (then the newest
    files are walked and tested, which fills a page soon for a common query)."""
    wanted = query_grams(kind, key)
    if wanted is None:
        return None
    sizes = {gram: _posting_size(gram) for gram in sorted(wanted)}
    driver = min(sizes, key=sizes.__getitem__)
    if sizes[driver] > DRIVER_LIMIT:
        return None
    return driver, sorted(wanted - {driver})


def _walk_gram(query, driver: str, others: list[str]):
    """Files with the driver gram in the gram index's own order (newest first), each other
    gram a primary-key lookup: a gram shared by a tenth of all numbers (p139) costs nothing
    when the query also has a rarer one."""
    query = query.join(
        CustomerSearchGram,
        on=(CustomerSearchGram.customer == Customer.id) & (CustomerSearchGram.gram == driver),
    )
    for index, gram in enumerate(others):
        other = CustomerSearchGram.alias(f"also{index}")
        also = other.select(SQL("1")).where(
            (other.gram == gram) & (other.customer == CustomerSearchGram.customer)
        )
        query = query.where(fn.EXISTS(also))
    return query.order_by(CustomerSearchGram.customer.desc()), CustomerSearchGram.customer


def _phone_visible_match(loaded: LoadedFile, key: str) -> bool:
    if loaded.row is None:
        return False
    if shows("phones", loaded.seen, loaded.customer.level):
        return any(key in phone for phone in loaded.phones)
    return any(key in part for p in loaded.phones for part in visible_phone_digits(p))


def _base_query(customer_filter: CustomerFilter, kind: str, key: str, clearance: Clearance):
    """The query and the column its pages are keyed on (newest first)."""
    query, order = Customer.select(), Customer.id
    if kind == "number":
        holders = CustomerPhone.select(CustomerPhone.customer).where(CustomerPhone.phone == key)
        query = query.where(Customer.id.in_(holders))
    elif key:
        plan = _driver(kind, key)
        if plan is not None:
            query, order = _walk_gram(query, *plan)
        query = query.where(_exact(kind, key, clearance))
    if customer_filter.owner_id is not None:
        query = query.where(Customer.owner == customer_filter.owner_id)
    return query.order_by(order.desc()), order


def masked_rows(
    clearance: Clearance,
    customer_filter: CustomerFilter,
    after: CustomerCursor | None,
    limit: int,
) -> list[CustomerRow]:
    """The page as ``clearance`` sees it, without checks or audit: for the services here and
    the export, which check and audit themselves."""
    kind, key = search_key(customer_filter.text)
    query, order = _base_query(customer_filter, kind, key, clearance)
    rows: list[CustomerRow] = []
    last_id = after.id if after is not None else None
    while len(rows) < limit:
        page = query.limit(limit)
        if last_id is not None:
            page = page.where(order < last_id)
        batch = list(page)
        for loaded in load_files(batch, clearance):
            # The same rule again on the rows read: the condition above only saves reading.
            if kind in ("phone", "number") and not _phone_visible_match(loaded, key):
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
    return mask_phone(key) if kind in ("phone", "number") and len(key) > 7 else key


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
