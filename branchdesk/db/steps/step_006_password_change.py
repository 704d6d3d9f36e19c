"""Schema version 4: a password set by someone else must be changed, and old failures expire.

``must_change_password``: the account was created or its password reset by a manager or an
administrator, who therefore knows it; the user chooses their own at the next sign-in.
``last_failed_at``: when the latest failed sign-in happened, so failures older than the lockout
window no longer count towards a lock.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import BooleanField, DateTimeField, Model

from branchdesk.db import db

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class _Table(Model):
    class Meta:
        database = db
        legacy_table_names = False


class User(_Table):
    """Only the columns this step adds: the rest of the table is step 1's."""

    must_change_password = BooleanField(default=False)
    last_failed_at = DateTimeField(null=True)


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.add_column("user", "must_change_password", User.must_change_password),
        migrator.add_column("user", "last_failed_at", User.last_failed_at),
    )
