"""Schema version 11: the visit log's search reads index pages, not scattered visits.

The index on (visitor, arrival) becomes (visitor, arrival, purpose, name, phone). A search by
name or phone number takes the page's visit ids from it, checking a visit's own name and phone
(kept as entered that day) and its purpose there, and reads only the page's rows afterwards: a
desk whose database file is not in the operating system's cache reads a few hundred index pages
instead of every visit of every candidate visitor. It still serves everything that looked
visits up by visitor, as its first columns are the old index's.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

OLD_INDEX = "visit_visitor_id_arrived_at"
COLUMNS = ("visitor_id", "arrived_at", "purpose", "name", "phone")


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.drop_index("visit", OLD_INDEX),
        migrator.add_index("visit", COLUMNS, False),
    )
