"""Schema version 13: call scripts and their versions (issue 10 §1).

The shipped scripts are not written here: they are loaded as version 1 at start-up when missing
(``branchdesk.scripts.service.ensure_shipped_scripts``), so this step stays the same whatever
the shipped files say later.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import DateTimeField, ForeignKeyField, IntegerField, TextField

from branchdesk.db import db
from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class User(FrozenTable):
    """Referenced only; the table is older steps'."""


class ScriptVersion(FrozenTable):
    script_id = TextField()
    version = IntegerField()
    body = TextField()
    saved_at = DateTimeField()
    saved_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    restored_from = IntegerField(null=True)

    class Meta:
        indexes = ((("script_id", "version"), True),)


def apply(migrator: SchemaMigrator) -> None:
    db.create_tables([ScriptVersion])
