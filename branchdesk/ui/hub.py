"""One application-wide signal hub: a tab that changed records says which kind changed, and
every tab that lists that kind refreshes (the main window routes it by the tabs'
declarations), so no tab is wired to another."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

# Kinds of records a change is announced for; an area adds its own.
VISITS = "visits"
REPLIES = "replies"
EXPECTED_VISITS = "expected_visits"
SETTINGS = "settings"


class DeskHub(QObject):
    changed = Signal(str)  # the kind of records that changed
