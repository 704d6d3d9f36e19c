"""Schema version 2: the archive of closed daily visit logs (R-V6)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    BlobField,
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
    """Only what the reference needs: the user table is step 1's."""


class DailyVisitLog(FrozenTable):
    day = DateField(unique=True)
    closed_at = DateTimeField()
    closed_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    visit_count = IntegerField()
    people_count = IntegerField()
    open_questions = IntegerField()
    pdf = BlobField()
    lang = TextField()


def apply(migrator: SchemaMigrator) -> None:
    db.create_tables([DailyVisitLog])
