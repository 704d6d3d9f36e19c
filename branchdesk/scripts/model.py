"""A call script as data: a small graph of steps, each with its text in every language, its kind,
whether the agent must do it, and the choices that lead on (issue 10 §1, R-C2 … R-C17).

The values are frozen; the editor builds new ones and saves them as a new version, so a call that
stored ``(script_id, version)`` always finds the exact script it used.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

# The languages every text of a script is written in (the validator insists on all three).
SCRIPT_LANGUAGES = ("zh_CN", "zh_TW", "en")


class StepKind(StrEnum):
    SAY = "say"  # the agent says the text
    ASK = "ask"  # the agent asks; the answer usually picks a choice
    RECORD = "record"  # the agent records a value (``Step.field``) the customer gives
    CONFIRM = "confirm"  # a checklist item the agent confirms was done


# The placeholders a text may use; the engine fills them from the values it is given.
PLACEHOLDERS = (
    "company",
    "branch",
    "agent_no",
    "agent_name",
    "customer",
    "title",
    "last_contact_date",
    "issue",
    "reply_time",
    "hotline",
)


@dataclass(frozen=True)
class Choice:
    key: str
    label: Mapping[str, str]
    to: str


@dataclass(frozen=True)
class Step:
    id: str
    kind: StepKind
    text: Mapping[str, str]
    mandatory: bool = False
    choices: tuple[Choice, ...] = ()
    # Where a step without choices leads; None with no choices: the script ends here.
    next: str | None = None
    # A record step's field name (what ``ScriptRun.recorded`` keys the value by).
    field: str | None = None

    @property
    def ends(self) -> bool:
        return not self.choices and self.next is None

    def targets(self) -> tuple[str, ...]:
        if self.choices:
            return tuple(choice.to for choice in self.choices)
        return (self.next,) if self.next else ()


@dataclass(frozen=True)
class Script:
    id: str
    version: int
    title: Mapping[str, str]
    start: str
    # In the order they are written (the order the preview and the editor show them).
    steps: Mapping[str, Step] = field(default_factory=dict)

    def step(self, step_id: str) -> Step:
        return self.steps[step_id]

    def with_version(self, version: int) -> Script:
        return Script(self.id, version, self.title, self.start, self.steps)


def script_to_data(script: Script) -> dict:
    """A JSON-able dict (the form stored in the database and read by ``script_from_data``)."""
    return {
        "id": script.id,
        "version": script.version,
        "title": dict(script.title),
        "start": script.start,
        "steps": [_step_to_data(step) for step in script.steps.values()],
    }


def _step_to_data(step: Step) -> dict:
    data: dict = {
        "id": step.id,
        "kind": str(step.kind),
        "mandatory": step.mandatory,
        "text": dict(step.text),
    }
    if step.choices:
        data["choices"] = [{"key": c.key, "label": dict(c.label), "to": c.to} for c in step.choices]
    if step.next:
        data["next"] = step.next
    if step.field:
        data["field"] = step.field
    return data
