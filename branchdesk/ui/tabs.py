"""What an area shows in the window: its tabs (and the permission that shows each) and its
menu actions with their shortcuts. Each UI area declares ``UI_AREA`` in its own
``branchdesk/ui/<area>/area.py``; the main window is built from every declaration found."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtWidgets import QWidget

from branchdesk.area_loader import area_packages, load_areas
from branchdesk.ui.context import DeskContext

if TYPE_CHECKING:
    from branchdesk.ui.main_window import MainWindow


class TabSpec(NamedTuple):
    key: str
    title: str  # marked with N_, translated when the window is built
    permission: str
    create: Callable[[DeskContext], QWidget]
    # kinds of records (ui.hub) whose change makes this tab, once built, read its list again
    refresh_on: tuple[str, ...] = ()


class ActionSpec(NamedTuple):
    key: str  # the QAction's object name is "act_<key>"
    text: str  # marked with N_
    permission: str
    trigger: Callable[[MainWindow], None]
    shortcut: str | None = None
    needs_tab: str | None = None  # shown only when the user has this tab
    # Shown to everyone with ``permission`` but usable only with ``requires`` (as the tab's
    # own button is): disabled otherwise, saying ``why_not`` (marked with N_).
    requires: str | None = None
    why_not: str = ""

    def usable_by(self, actor) -> bool:
        return self.requires is None or actor.can(self.requires)


class UiArea(NamedTuple):
    order: int  # tabs and menu entries of lower orders come first
    tabs: Sequence[TabSpec] = ()
    file_actions: Sequence[ActionSpec] = ()
    # Widgets the status bar keeps for the whole session (the overdue callbacks), each made
    # with the window's context when the user holds ``permission``: (permission, factory).
    # A widget with a ``refresh()`` method is first refreshed after the window's first paint.
    status_widgets: Sequence[tuple[str, Callable[[DeskContext], QWidget]]] = ()


@cache
def ui_areas() -> list[UiArea]:
    """Every ``branchdesk/ui/<package>/area.py``, found on disk so a new area is one folder."""
    load_areas()  # the areas' permissions, for ``actor.can`` on their tabs
    folders = area_packages(Path(__file__).parent)
    found = [importlib.import_module(f"{__package__}.{name}.area").UI_AREA for name in folders]
    return sorted(found, key=lambda area: area.order)


def tabs_for(context: DeskContext) -> list[TabSpec]:
    return [tab for area in ui_areas() for tab in area.tabs if context.actor.can(tab.permission)]


def file_actions_for(context: DeskContext, tab_keys: set[str]) -> list[ActionSpec]:
    return [
        action
        for area in ui_areas()
        for action in area.file_actions
        if context.actor.can(action.permission)
        and (action.needs_tab is None or action.needs_tab in tab_keys)
    ]


def status_widgets_for(context: DeskContext) -> list[QWidget]:
    return [
        create(context)
        for area in ui_areas()
        for permission, create in area.status_widgets
        if context.actor.can(permission)
    ]
