"""Schema version 4: a visit may stand without a visitor record (PIPL).

A visitor who refuses consent is not kept for recognition, and a visit whose personal fields
were erased (retention period over, or at the person's request) keeps only its statistics: in
both cases the visit links to no visitor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from branchdesk.db import db

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import SqliteMigrator, migrate

    if isinstance(migrator, SqliteMigrator):
        # SQLite cannot alter a column: peewee rebuilds the table with its indexes.
        migrate(migrator.drop_not_null("visit", "visitor_id"))
    else:
        db.execute_sql("ALTER TABLE visit ALTER COLUMN visitor_id DROP NOT NULL")
