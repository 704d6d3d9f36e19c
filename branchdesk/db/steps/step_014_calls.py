"""Schema version 14: the call desk (R-C1 … R-C16).

Calls with what they recorded of the contact (R-C13), their search grams, callbacks (R-C5,
R-C7, R-C11), the call in progress saved as a draft, leads (R-C14), and each user's start
date at the branch (the first two weeks' quota, R-C12).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    BooleanField,
    CompositeKey,
    DateField,
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
    """The column this step adds; the rest of the table is older steps'."""

    start_date = DateField(null=True)


class Customer(FrozenTable):
    """Referred to only; the table is step 12's."""


class Call(FrozenTable):
    agent = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="RESTRICT")
    direction = TextField()
    script_id = TextField(default="")
    script_version = IntegerField(null=True)
    started_at = DateTimeField()
    ended_at = DateTimeField()
    duration_seconds = IntegerField()
    notes = TextField(default="")
    disposition = TextField()
    complaint_flagged = BooleanField(default=False)
    path = TextField(default="[]")
    mandatory_total = IntegerField(default=0)
    mandatory_passed = IntegerField(default=0)
    skipped = TextField(default="[]")
    organisation = TextField(default="")
    contact_surname = TextField(default="")
    contact_title = TextField(default="")
    phone = TextField(default="")
    effective = BooleanField(default=False)
    level = IntegerField(default=1)

    class Meta:
        indexes = (
            (("agent", "started_at", "id"), False),
            (("started_at", "id"), False),
            (("phone",), False),  # a whole number searched for
        )


class CallSearchGram(FrozenTable):
    gram = TextField()
    call = ForeignKeyField(Call, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "call")


class Callback(FrozenTable):
    call = ForeignKeyField(Call, backref="+", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="RESTRICT",
                               index=False)  # fmt: skip
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    kind = TextField()
    issue = TextField(default="")
    deadline = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    closed_at = DateTimeField(null=True)
    closed_by_call = ForeignKeyField(Call, null=True, backref="+", on_delete="RESTRICT",
                                     index=False)  # fmt: skip

    class Meta:
        indexes = ((("owner", "closed_at", "deadline"), False),)


class CallDraft(FrozenTable):
    agent = ForeignKeyField(User, backref="+", on_delete="CASCADE", unique=True)
    saved_at = DateTimeField()
    content = TextField()


class Lead(FrozenTable):
    call = ForeignKeyField(Call, null=True, backref="+", on_delete="RESTRICT", index=False)
    customer = ForeignKeyField(Customer, backref="+", on_delete="RESTRICT", index=False)
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    grade = TextField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "created_at"), False),)


TABLES = [Call, CallSearchGram, Callback, CallDraft, Lead]


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(migrator.add_column("user", "start_date", User.start_date))
    db.create_tables(TABLES)
