"""Schema version 12: customer files with secrecy levels (R-S1 … R-S6).

Files, their contacts, phones (one number, one file), assignees, search grams and attachments
stored in the database; each user's clearance and scope (None: the role's default); pending
raises of a clearance to top secret, waiting for a second manager.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    BlobField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from branchdesk.db import db
from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class User(FrozenTable):
    """The columns this step adds; the rest of the table is older steps'."""

    clearance = IntegerField(null=True)
    scope = TextField(null=True)


class Customer(FrozenTable):
    kind = TextField()
    name = TextField()
    organisation = TextField(default="")
    source = TextField()
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    grade = TextField(default="")
    tags = TextField(default="")
    notes = TextField(default="")
    level = IntegerField(default=2)
    consent_told = TextField(default="")
    consent_at = DateTimeField(null=True)
    consent_withdrawn_at = DateTimeField(null=True)
    visited_at = DateTimeField(null=True)
    grade_signed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "id"), False),)


class CustomerContact(FrozenTable):
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    name = TextField()
    title = TextField(default="")
    department = TextField(default="")
    address = TextField(default="")


class CustomerPhone(FrozenTable):
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    contact = ForeignKeyField(
        CustomerContact, null=True, backref="+", on_delete="SET NULL", index=False
    )
    phone = TextField(unique=True)


class CustomerAssignee(FrozenTable):
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("customer", "user")
        indexes = ((("user", "customer"), False),)


class CustomerSearchGram(FrozenTable):
    gram = TextField()
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "customer")


class CustomerAttachment(FrozenTable):
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    file_name = TextField()
    mime = TextField()
    size = IntegerField()
    sha256 = TextField()
    level = IntegerField(default=2)
    content = BlobField()
    added_at = DateTimeField()
    added_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)


class ClearanceRequest(FrozenTable):
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    level = IntegerField()
    reason = TextField(default="")
    requested_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    requested_at = DateTimeField()
    approved_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    approved_at = DateTimeField(null=True)


TABLES = [
    Customer,
    CustomerContact,
    CustomerPhone,
    CustomerAssignee,
    CustomerSearchGram,
    CustomerAttachment,
    ClearanceRequest,
]


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("user", "clearance", User.clearance),
        migrator.add_column("user", "scope", User.scope),
    )
    db.create_tables(TABLES)
