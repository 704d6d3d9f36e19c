"""Schema version 15: a visit links to the customer file holding its phone number.

The column is null for a visit whose number is on no file (and for an erased one). Visits are
indexed by file (its visits, newest first) and by number (relinked when a file gets or loses
it). Visits
recorded before this step are linked here, by the number each was registered with: one number
belongs to one file, so each visit finds at most one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import ForeignKeyField, TextField

from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class Customer(FrozenTable):
    """Only what this step refers to; the table is step 12's."""


class CustomerPhone(FrozenTable):
    customer = ForeignKeyField(Customer, backref="+")
    phone = TextField()


class Visit(FrozenTable):
    phone = TextField()
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL", index=False)


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("visit", "customer_id", Visit.customer),
        migrator.add_index("visit", ("customer_id", "arrived_at"), False),
        # A file that gets or loses a number relinks that number's visits.
        migrator.add_index("visit", ("phone",), False),
    )
    # Correlated: each visit's number through the unique index on the files' numbers.
    holder = CustomerPhone.select(CustomerPhone.customer).where(CustomerPhone.phone == Visit.phone)
    Visit.update(customer=holder).where(Visit.phone != "").execute()
