"""Reading files for one actor: each file with its phones, owner's name and the actor's
access, in a few queries per page however many rows it has."""

from __future__ import annotations

from dataclasses import dataclass

from branchdesk.customers.clearance import Clearance
from branchdesk.customers.masking import shape_row, user_names
from branchdesk.customers.policy import FileAccess, seen_level
from branchdesk.customers.records import CustomerRow
from branchdesk.db.models import Customer, CustomerAssignee, CustomerPhone
from branchdesk.secrecy import Level


@dataclass(frozen=True)
class LoadedFile:
    customer: Customer
    phones: list[str]
    access: FileAccess
    seen: Level | None
    row: CustomerRow | None  # None when the actor sees nothing of it


def phones_of(ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {i: [] for i in ids}
    if not ids:
        return found
    query = (
        CustomerPhone.select(CustomerPhone.customer, CustomerPhone.phone)
        .where(CustomerPhone.customer.in_(ids))
        .order_by(CustomerPhone.id)
        .tuples()
    )
    for customer_id, phone in query:
        found[customer_id].append(phone)
    return found


def assigned_to(user_id: int, ids: list[int]) -> set[int]:
    if not ids:
        return set()
    query = CustomerAssignee.select(CustomerAssignee.customer).where(
        (CustomerAssignee.user == user_id) & CustomerAssignee.customer.in_(ids)
    )
    return {row.customer_id for row in query}


def access_of(customer: Customer, assigned: bool) -> FileAccess:
    return FileAccess(customer.id, Level(customer.level), customer.owner_id, assigned)


def load_files(customers: list[Customer], clearance: Clearance) -> list[LoadedFile]:
    ids = [c.id for c in customers]
    phones = phones_of(ids)
    assigned = assigned_to(clearance.user_id, ids)
    owners = user_names(c.owner_id for c in customers)
    loaded = []
    for customer in customers:
        access = access_of(customer, customer.id in assigned)
        seen = seen_level(clearance, access)
        row = None
        if seen is not None:
            row = shape_row(customer, phones[customer.id], owners.get(customer.owner_id, ""), seen)
        loaded.append(LoadedFile(customer, phones[customer.id], access, seen, row))
    return loaded


def load_file(customer: Customer, clearance: Clearance) -> LoadedFile:
    return load_files([customer], clearance)[0]
