"""A script being edited: its plain dict (``script_to_data`` form) changed step by step, and
turned back into a script to preview or save. The editor's widgets hold no script logic; what
the edit may become is the validator's to judge when it is saved."""

from __future__ import annotations

import copy
import re

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.scripts.loading import script_from_data
from branchdesk.scripts.model import Script, script_to_data

_STEP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")


class ScriptEdit:
    def __init__(self, script: Script) -> None:
        self.script_id = script.id
        self.version = script.version  # the version the edit started from
        self._data = script_to_data(script)

    @property
    def start(self) -> str:
        return self._data["start"]

    def step_ids(self) -> list[str]:
        return [step["id"] for step in self._data["steps"]]

    def step(self, step_id: str) -> dict:
        return copy.deepcopy(next(s for s in self._data["steps"] if s["id"] == step_id))

    def put_step(self, step: dict) -> None:
        """``step`` in place of the step with its id."""
        steps = self._data["steps"]
        index = next(i for i, known in enumerate(steps) if known["id"] == step["id"])
        steps[index] = copy.deepcopy(step)

    def put_title_and_start(self, title: dict[str, str], start: str) -> None:
        self._data["title"] = dict(title)
        self._data["start"] = start

    def add_step(self, step_id: str) -> None:
        """A new, empty "say" step at the end; ValidationError for a bad or known id."""
        step_id = step_id.strip()
        if not _STEP_ID.match(step_id):
            raise ValidationError({"step": _("A step id is letters, digits, '-' and '_'.")})
        if step_id in self.step_ids():
            raise ValidationError(
                {"step": _("The script already has a step {step}.").format(step=step_id)}
            )
        self._data["steps"].append({"id": step_id, "kind": "say", "mandatory": False, "text": {}})

    def remove_step(self, step_id: str) -> None:
        """The step goes; what still leads to it is for the validator to name."""
        self._data["steps"] = [s for s in self._data["steps"] if s["id"] != step_id]

    def script(self) -> Script:
        """The edit as a script (ScriptInvalid for a defect of its structure)."""
        return script_from_data({**copy.deepcopy(self._data), "version": self.version})
