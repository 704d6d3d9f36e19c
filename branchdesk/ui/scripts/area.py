"""The call scripts in the window: the manager's Scripts tab (issue 10 §1)."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from branchdesk.i18n import N_
from branchdesk.scripts.permissions import ScriptPermission
from branchdesk.ui.context import DeskContext
from branchdesk.ui.tabs import TabSpec, UiArea


def _scripts(context: DeskContext) -> QWidget:
    from branchdesk.ui.scripts.scripts_tab import ScriptsTab

    return ScriptsTab(context)


UI_AREA = UiArea(
    order=40,
    tabs=[TabSpec("scripts", N_("Call scripts"), ScriptPermission.EDIT_SCRIPTS, _scripts)],
)
