"""Schema version 8: expected visitors (预约), entered ahead and linked to the visit on arrival."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import DateTimeField, ForeignKeyField, TextField

from branchdesk.db import db
from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class User(FrozenTable):
    """Only what the reference needs: the user table is step 1's."""


class Visit(FrozenTable):
    """Only what the reference needs: the visit table is step 1's."""


class ExpectedVisit(FrozenTable):
    name = TextField()
    phone = TextField(default="")
    organisation = TextField(default="")
    host = TextField(default="")
    purpose = TextField()
    note = TextField(default="")
    expected_at = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    cancelled_at = DateTimeField(null=True)
    cancelled_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    visit = ForeignKeyField(Visit, null=True, unique=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("expected_at", "id"), False),)


def apply(migrator: SchemaMigrator) -> None:
    db.create_tables([ExpectedVisit])
