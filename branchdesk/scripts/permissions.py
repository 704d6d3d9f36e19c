"""What the call scripts let a role do, the audit actions they record and how an entry names a
script. Who holds each permission is declared in ``branchdesk.scripts.area``."""

from __future__ import annotations

from enum import StrEnum


class ScriptPermission(StrEnum):
    # Read a script and walk it during a call (every role that takes calls).
    USE_SCRIPTS = "use_scripts"
    # Save a new version or restore an older one: the manager's (issue 10 §1).
    EDIT_SCRIPTS = "edit_scripts"


class ScriptAction:
    SCRIPT_SAVED = "script_saved"
    SCRIPT_RESTORED = "script_restored"


class TargetKind:
    SCRIPT = "script"
