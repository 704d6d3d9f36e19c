"""What SQL a service call really ran, and how SQLite plans it.

The queries are captured from peewee's own debug log while the call runs, so the plans shown
are those of the code under test, not of a copy of its query building.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from branchdesk.db import db


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__(logging.DEBUG)
        self.queries: list[tuple[str, tuple]] = []

    def emit(self, record: logging.LogRecord) -> None:
        if isinstance(record.msg, tuple) and len(record.msg) == 2:
            sql, params = record.msg
            self.queries.append((sql, tuple(params or ())))


@contextmanager
def captured_queries() -> Iterator[list[tuple[str, tuple]]]:
    logger = logging.getLogger("peewee")
    handler = _Capture()
    level, propagate = logger.level, logger.propagate
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    logger.propagate = False
    try:
        yield handler.queries
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
        logger.propagate = propagate


def explain(sql: str, params: tuple) -> list[str]:
    rows = db.execute_sql("EXPLAIN QUERY PLAN " + sql, params).fetchall()
    return [row[-1] for row in rows]


def plans_of(call: Callable[[], Any]) -> list[tuple[str, tuple, list[str]]]:
    """(sql, params, plan lines) for every SELECT ``call`` runs, the permission check aside."""
    with captured_queries() as queries:
        call()
    return [
        (sql, params, explain(sql, params))
        for sql, params in queries
        if sql.lstrip().upper().startswith("SELECT") and 'FROM "user"' not in sql
    ]


def _short(sql: str) -> str:
    """Long IN lists and column lists folded, so that the whole statement fits on a screen."""
    sql = re.sub(r"\?(?:, \?){3,}", lambda m: f"?×{m.group(0).count('?')}", sql)
    return re.sub(r"^SELECT (\"t1\"\.\"id\", .*?) FROM", "SELECT t1.<all columns> FROM", sql)


def print_plans(call: Callable[[], Any], indent: str = "      ") -> None:
    for sql, params, plan in plans_of(call):
        print(f"{indent}SQL: {_short(sql)}")
        if params:
            listed = ", ".join(repr(p) for p in params[:8])
            more = f", … ({len(params)} parameters)" if len(params) > 8 else ""
            print(f"{indent}  params: {listed}{more}")
        for line in plan:
            print(f"{indent}  plan: {line}")
