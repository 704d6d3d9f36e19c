"""Schema version 3: each privacy-notice wording is stored once.

Every visit held its own copy of the notice it showed (a third of a large database); the
wordings move to ``consent_notice`` and each visit links to the one it showed. A visit with an
empty wording (registered before notices were kept) links to none.
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from peewee import DateTimeField, ForeignKeyField, TextField

from branchdesk.db import db
from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class ConsentNotice(FrozenTable):
    text = TextField()
    digest = TextField(unique=True)
    first_shown_at = DateTimeField()


class Visit(FrozenTable):
    """Only the column this step adds: the rest of the table is step 1's."""

    notice = ForeignKeyField(
        ConsentNotice, null=True, backref="+", on_delete="RESTRICT", index=False
    )


def _digest(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    db.create_tables([ConsentNotice])
    wordings = db.execute_sql(
        "SELECT consent_notice, MIN(arrived_at) FROM visit"
        " WHERE consent_notice <> '' GROUP BY consent_notice"
    ).fetchall()
    for text, first_shown in wordings:  # a handful of wordings, however many visits
        ConsentNotice.create(
            text=text,
            digest=_digest(text),
            first_shown_at=ConsentNotice.first_shown_at.python_value(first_shown),
        )
    migrate(migrator.add_column("visit", "notice_id", Visit.notice))
    db.execute_sql(
        "UPDATE visit SET notice_id = (SELECT consent_notice.id FROM consent_notice"
        " WHERE consent_notice.text = visit.consent_notice) WHERE visit.consent_notice <> ''"
    )
    migrate(migrator.drop_column("visit", "consent_notice"))
