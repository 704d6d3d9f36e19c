"""A hook on every SQL statement, so a caller can check where queries run from.

The database classes opened by ``connection`` call the installed guard before each statement;
with none installed (the product) the cost is one comparison. The UI's tests install one that
fails a test whose widgets query on the GUI thread.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from peewee import Database

QueryGuard = Callable[[str, Any], None]

_guard: QueryGuard | None = None


def install_guard(guard: QueryGuard | None) -> QueryGuard | None:
    """Install ``guard`` (None removes it); returns the one it replaces."""
    global _guard
    previous, _guard = _guard, guard
    return previous


class _Guarded:
    def execute_sql(self, sql, params=None, *args, **kwargs):
        if _guard is not None:
            _guard(sql, params)
        return super().execute_sql(sql, params, *args, **kwargs)


@cache
def guarded(database_class: type[Database]) -> type[Database]:
    """``database_class`` with the hook. The name keeps its prefix, which code reads to tell
    PostgreSQL from SQLite."""
    return type(f"{database_class.__name__}WithQueryGuard", (_Guarded, database_class), {})


def connect_guarded(url: str) -> Database:
    """``playhouse.db_url.connect``, with the hooked class of the URL's scheme."""
    from urllib.parse import urlparse

    from playhouse.db_url import connect, parseresult_to_dict

    checked = connect(url)  # peewee's own checks of the scheme and the database name
    return guarded(type(checked))(**parseresult_to_dict(urlparse(url)))
