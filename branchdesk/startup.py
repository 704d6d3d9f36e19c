"""Opening the database for the window or a command: connect, migrate, demo data."""

from __future__ import annotations

import os
import sys

from branchdesk.config import config_path, data_dir
from branchdesk.db import migrations
from branchdesk.db.connection import open_database, sqlite_path
from branchdesk.i18n import _
from branchdesk.private_files import make_all_private

# Qt platforms that draw without a display server.
_HEADLESS_PLATFORMS = {"offscreen", "minimal", "minimalegl", "vnc", "eglfs", "linuxfb"}


def missing_display_message() -> str | None:
    """Why the window cannot open here (a Linux session without X11 or Wayland), or None.

    Asked before QApplication exists: Qt would abort the process (exit 134) with advice to
    install libxcb-cursor0, which is beside the point.
    """
    if not sys.platform.startswith("linux"):
        return None
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    platform = os.environ.get("QT_QPA_PLATFORM", "").split(":", 1)[0].strip().lower()
    if platform in _HEADLESS_PLATFORMS:
        return None
    return _(
        "The window needs a graphical session (neither DISPLAY nor WAYLAND_DISPLAY is set). "
        "Without one, run commands instead: db, audit verify, forms, export visits, "
        "import visits (branchdesk --help lists them)."
    )


def prepare_database(url: str, demo: bool) -> None:
    """Connect and bring the schema up to date; create and fill the demo database on first use.

    A database written by a newer BranchDesk raises SchemaTooNew before anything is changed.
    """
    make_all_private([data_dir(), config_path().parent], sqlite_path(url))
    migrations.check_file_before_opening(sqlite_path(url), encrypted=not demo)
    open_database(url, encrypted=not demo)
    if demo:
        from branchdesk.demo import ensure_demo_database

        ensure_demo_database(url)
    else:
        migrations.upgrade(sqlite_path(url))
    _load_shipped_scripts()
    _erase_refused_visits_of_past_days()


def _load_shipped_scripts() -> None:
    """Issue 10: a new or upgraded database gets the shipped call scripts as version 1."""
    from branchdesk.scripts.service import ensure_shipped_scripts

    ensure_shipped_scripts()


def _erase_refused_visits_of_past_days() -> None:
    """PIPL: a refused visitor never signed out keeps their details no longer than their day."""
    from branchdesk.clock import now
    from branchdesk.visitors.refusal import erase_refused_visits_before

    erase_refused_visits_before(now().date())
