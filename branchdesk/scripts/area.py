"""The call scripts' declaration: who may use and edit them, how their audit entries read and
their settings."""

from __future__ import annotations

from branchdesk.area_registry import AreaDeclaration, register_area
from branchdesk.auth.roles import Role
from branchdesk.i18n import N_
from branchdesk.scripts.permissions import ScriptAction, ScriptPermission, TargetKind
from branchdesk.scripts.settings_spec import SCRIPT_SETTINGS

AREA = AreaDeclaration(
    key="scripts",
    order=40,
    grants={
        ScriptPermission.USE_SCRIPTS: frozenset({Role.FRONT_DESK, Role.AGENT, Role.MANAGER}),
        ScriptPermission.EDIT_SCRIPTS: frozenset({Role.MANAGER}),
    },
    audit_actions={
        ScriptAction.SCRIPT_SAVED: N_("Call script saved as a new version"),
        ScriptAction.SCRIPT_RESTORED: N_("Older call script version restored"),
    },
    audit_targets={TargetKind.SCRIPT: N_("Call script {id}")},
    audit_details={
        "version": N_("Version"),
        "restored_from": N_("Restored from version"),
        "steps": N_("Steps"),
    },
    settings=SCRIPT_SETTINGS,
)

register_area(AREA)
