"""Opening the database for the window or a command: connect, migrate, demo data."""

from __future__ import annotations

from branchdesk.config import config_path, data_dir
from branchdesk.db import migrations
from branchdesk.db.connection import open_database, sqlite_path
from branchdesk.private_files import make_all_private


def prepare_database(url: str, demo: bool) -> None:
    """Connect and bring the schema up to date; create and fill the demo database on first use.

    A database written by a newer BranchDesk raises SchemaTooNew before anything is changed.
    """
    make_all_private([data_dir(), config_path().parent], sqlite_path(url))
    open_database(url, encrypted=not demo)
    if demo:
        from branchdesk.demo import ensure_demo_database

        ensure_demo_database(url)
    else:
        migrations.upgrade(sqlite_path(url))
    _erase_refused_visits_of_past_days()


def _erase_refused_visits_of_past_days() -> None:
    """PIPL: a refused visitor never signed out keeps their details no longer than their day."""
    from branchdesk.clock import now
    from branchdesk.visitors.refusal import erase_refused_visits_before

    erase_refused_visits_before(now().date())
