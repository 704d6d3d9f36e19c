"""Walking a script during a call: the current step with its placeholders filled, the choices,
completing or skipping a step (a mandatory step skipped needs a reason), going back, the path
taken and the adherence figure (mandatory steps done ÷ mandatory steps passed).

Qt-free and database-free: the window, the command line and the tests drive the same object.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import asdict, dataclass
from enum import StrEnum

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.scripts.model import SCRIPT_LANGUAGES, Script, Step, StepKind

PLACEHOLDER = re.compile(r"\{([A-Za-z_][A-Za-z0-9_]*)\}")
_DOUBLE_SPACE = re.compile(r"(?<=\S) {2,}")
STATE_FORMAT = 1


def fill_placeholders(text: str, values: Mapping[str, str]) -> str:
    """``{name}`` replaced by ``values[name]``. A placeholder without a value (key absent or
    None) stays as written, so the agent sees what is missing instead of a gap; an empty string
    is a value (a customer whose title is unknown), and the double space it leaves is closed."""

    def value_of(match: re.Match) -> str:
        value = values.get(match.group(1))
        return match.group(0) if value is None else str(value)

    filled = PLACEHOLDER.sub(value_of, text)
    return _DOUBLE_SPACE.sub(" ", filled).strip() if filled != text else filled


class Passed(StrEnum):
    COMPLETED = "completed"
    SKIPPED = "skipped"


@dataclass(frozen=True)
class Passage:
    """One step left behind: how (completed or skipped), by which choice, the value recorded and
    the reason given for a skip."""

    step_id: str
    how: Passed
    choice: str | None = None
    value: str | None = None
    reason: str | None = None
    mandatory: bool = False


@dataclass(frozen=True)
class ShownChoice:
    number: int  # 1, 2, … : the number key that picks it
    key: str
    label: str
    to: str


class ScriptRun:
    def __init__(
        self, script: Script, values: Mapping[str, str] | None = None, lang: str = "zh_CN"
    ):
        if lang not in SCRIPT_LANGUAGES:
            raise ValueError(f"unsupported script language {lang!r}")
        self.script = script
        self.values: dict[str, str] = dict(values or {})
        self.lang = lang
        self._current = script.start
        self._path: list[Passage] = []
        self._finished = False

    # -- where the run is -------------------------------------------------------------------
    @property
    def current(self) -> Step:
        """The step shown now (after the last step is passed: that last step, ``finished``)."""
        return self.script.steps[self._current]

    @property
    def finished(self) -> bool:
        return self._finished

    @property
    def path(self) -> tuple[Passage, ...]:
        return tuple(self._path)

    @property
    def can_go_back(self) -> bool:
        return bool(self._path)

    def text(self, step: Step | None = None) -> str:
        step = step or self.current
        return fill_placeholders(_text_in(step.text, self.lang), self.values)

    def choices(self) -> tuple[ShownChoice, ...]:
        return tuple(
            ShownChoice(
                number,
                choice.key,
                fill_placeholders(_text_in(choice.label, self.lang), self.values),
                choice.to,
            )
            for number, choice in enumerate(self.current.choices, start=1)
        )

    def set_values(self, values: Mapping[str, str]) -> None:
        """More or changed values (a customer found mid-call); what is given replaces."""
        self.values.update(values)

    # -- moving on ---------------------------------------------------------------------------
    def complete(self, choice_key: str | None = None, value: str | None = None) -> Step | None:
        """The agent did the current step (said, asked, recorded ``value``, confirmed) and the
        run follows ``choice_key`` (required when the step has choices) or the step's ``next``.
        Returns the new current step, or None when the script has ended."""
        step = self._movable()
        if step.kind == StepKind.RECORD:
            value = (value or "").strip()
            if not value:
                raise ValidationError({"value": _("Record the value before going on.")})
        else:
            value = None
        return self._pass(step, Passed.COMPLETED, choice_key, value, None)

    def skip(self, reason: str = "", choice_key: str | None = None) -> Step | None:
        """Moves on without doing the current step. A mandatory step needs a reason (it lowers
        the call's adherence); a step with choices still needs one picked."""
        step = self._movable()
        reason = (reason or "").strip()
        if step.mandatory and not reason:
            raise ValidationError({"reason": _("Give the reason for skipping a mandatory step.")})
        return self._pass(step, Passed.SKIPPED, choice_key, None, reason or None)

    def back(self) -> Step:
        """Undoes the last passage: its step is current again (and its recorded value gone)."""
        if not self._path:
            raise ValidationError({"step": _("This is the first step of the script.")})
        last = self._path.pop()
        self._current = last.step_id
        self._finished = False
        return self.current

    def _pass(self, step: Step, how: Passed, choice_key, value, reason) -> Step | None:
        # The target first: an unknown choice leaves the path as it was.
        target = self._target(step, choice_key)
        choice = choice_key if step.choices else None
        self._path.append(Passage(step.id, how, choice, value, reason, step.mandatory))
        return self._go(target)

    def _movable(self) -> Step:
        if self._finished:
            raise ValidationError({"step": _("The script has ended.")})
        return self.current

    def _target(self, step: Step, choice_key: str | None) -> str | None:
        if not step.choices:
            return step.next
        for choice in step.choices:
            if choice.key == choice_key:
                return choice.to
        raise ValidationError({"choice": _("Pick one of the step's choices.")})

    def _go(self, target: str | None) -> Step | None:
        if target is None:
            self._finished = True
            return None
        self._current = target
        return self.current

    # -- figures -----------------------------------------------------------------------------
    @property
    def recorded(self) -> dict[str, str]:
        """Values of the record steps completed on the path, by the step's field (a later
        passage of the same field wins)."""
        found: dict[str, str] = {}
        for passage in self._path:
            if passage.value is not None:
                step = self.script.steps[passage.step_id]
                found[step.field or step.id] = passage.value
        return found

    @property
    def mandatory_reached(self) -> int:
        return sum(1 for p in self._path if p.mandatory)

    @property
    def mandatory_completed(self) -> int:
        return sum(1 for p in self._path if p.mandatory and p.how == Passed.COMPLETED)

    @property
    def adherence(self) -> float:
        """Mandatory steps completed ÷ mandatory steps passed, as a percentage; 100.0 while no
        mandatory step has been passed (nothing was missed)."""
        reached = self.mandatory_reached
        return 100.0 if reached == 0 else 100.0 * self.mandatory_completed / reached

    # -- drafts ------------------------------------------------------------------------------
    def to_state(self) -> dict:
        """A JSON-able snapshot (for the draft of a call in progress)."""
        return {
            "format": STATE_FORMAT,
            "script": self.script.id,
            "version": self.script.version,
            "lang": self.lang,
            "current": self._current,
            "finished": self._finished,
            "path": [_passage_state(p) for p in self._path],
        }

    @classmethod
    def from_state(
        cls,
        script: Script,
        state: Mapping,
        values: Mapping[str, str] | None = None,
        lang: str | None = None,
    ) -> ScriptRun:
        """The run ``to_state`` saved, on the same script version. ``lang`` None: the saved one."""
        if state.get("script") != script.id or state.get("version") != script.version:
            raise ValueError(
                f"state of {state.get('script')!r} v{state.get('version')} given "
                f"script {script.id!r} v{script.version}"
            )
        run = cls(script, values, lang or state.get("lang") or "zh_CN")
        current = state["current"]
        passages = [
            Passage(
                p["step_id"],
                Passed(p["how"]),
                p.get("choice"),
                p.get("value"),
                p.get("reason"),
                bool(p.get("mandatory", False)),
            )
            for p in state.get("path", ())
        ]
        for step_id in [current] + [p.step_id for p in passages]:
            if step_id not in script.steps:
                raise ValueError(f"state names step {step_id!r}, not in the script")
        run._current = current
        run._path = passages
        run._finished = bool(state.get("finished", False))
        return run


def _text_in(texts: Mapping[str, str], lang: str) -> str:
    """The text in ``lang``; a script that passed the validator has every language, but a run on
    an unchecked one falls back to Simplified Chinese, then to any text."""
    return texts.get(lang) or texts.get("zh_CN") or next(iter(texts.values()), "")


def _passage_state(passage: Passage) -> dict:
    state = {k: v for k, v in asdict(passage).items() if v is not None}
    state["how"] = str(passage.how)
    return state
