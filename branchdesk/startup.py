"""Opening the database for the window or a command: connect, migrate, demo data."""

from __future__ import annotations

from branchdesk.db import migrations
from branchdesk.db.connection import open_database, sqlite_path


def prepare_database(url: str, demo: bool) -> None:
    """Connect and bring the schema up to date; create and fill the demo database on first use.

    A database written by a newer BranchDesk raises SchemaTooNew before anything is changed.
    """
    open_database(url, encrypted=not demo)
    if demo:
        from branchdesk.demo import ensure_demo_database

        ensure_demo_database(url)
        return
    migrations.upgrade(sqlite_path(url))
