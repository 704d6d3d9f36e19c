"""Schema version 16: the visit log's search index holds only what chooses a page.

Step 11's index on (visitor, arrival, purpose, name, phone) carried each visit's name and phone
so a search could check them without reading visits; those wide keys filled its inner pages
too, and a search that starts with the database file out of the operating system's cache
read an inner page for nearly every candidate visitor. The index becomes (visitor, arrival,
purpose): about a fifth fewer pages read for a common name. The search takes a page's ids from
it and checks the visits' own names and phones on the page's rows, which it reads anyway.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator

OLD_INDEX = "visit_visitor_id_arrived_at_purpose_name_phone"
COLUMNS = ("visitor_id", "arrived_at", "purpose")


def apply(migrator: SchemaMigrator) -> None:
    from playhouse.migrate import migrate

    migrate(
        migrator.drop_index("visit", OLD_INDEX),
        migrator.add_index("visit", COLUMNS, False),
    )
