"""Reading a script from its TOML text (the shipped files, ``branchdesk scripts check``) or from
the dict stored in the database; the structure is checked here, the graph and the texts by
``branchdesk.scripts.validator`` (both name the step of each defect).

A script file::

    id = "inbound"
    start = "greeting"
    [title]
    zh_CN = "…"; zh_TW = "…"; en = "…"
    [[steps]]
    id = "greeting"
    kind = "say"            # say | ask | record | confirm
    mandatory = true
    next = "listen"         # or [[steps.choices]] key / to / label = { zh_CN, zh_TW, en }
    field = "phone"         # record steps only
    [steps.text]
    zh_CN = "您好，{company}，请问什么事情能够帮您？"
"""

from __future__ import annotations

import re
import tomllib
from collections.abc import Iterable, Mapping
from pathlib import Path

from branchdesk.i18n import _
from branchdesk.scripts.model import Choice, Script, Step, StepKind
from branchdesk.scripts.validator import (
    ScriptInvalid,
    ScriptProblem,
    check_script,
    validate_script,
    where,
)
from branchdesk.shipped import shipped_dir

__all__ = [
    "SHIPPED_SCRIPT_IDS",
    "ScriptInvalid",
    "ScriptProblem",
    "check_script",
    "load_script_file",
    "parse_script_text",
    "script_from_data",
    "shipped_script_paths",
    "validate_script",
]

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SHIPPED_SCRIPT_IDS = ("inbound", "follow-up", "telesales")


def scripts_dir() -> Path:
    return shipped_dir("resources") / "scripts"


def shipped_script_paths() -> list[Path]:
    return [scripts_dir() / f"{script_id}.toml" for script_id in SHIPPED_SCRIPT_IDS]


# -- reading --------------------------------------------------------------------------------
def parse_script_text(text: str, version: int = 1) -> Script:
    """The script written in TOML ``text``; ScriptInvalid for a syntax or structure defect
    (the graph and texts are checked by ``validate_script``)."""
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ScriptInvalid(
            [ScriptProblem(None, _("Not a script file: {error}").format(error=exc))]
        ) from None
    data.setdefault("version", version)
    return script_from_data(data)


def script_from_data(data: Mapping) -> Script:
    """The script in a dict as ``script_to_data`` writes it (or as a TOML file reads)."""
    problems: list[ScriptProblem] = []
    script_id = data.get("id")
    if not isinstance(script_id, str) or not _ID.match(script_id):
        problems.append(
            ScriptProblem(None, _("The script needs an id of letters, digits, '-' and '_'."))
        )
        script_id = str(script_id or "")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        problems.append(ScriptProblem(None, _("The script version must be a whole number from 1.")))
        version = 1
    title = _texts(data.get("title"), None, _("the title"), problems)
    start = data.get("start")
    if not isinstance(start, str) or not start:
        problems.append(
            ScriptProblem(None, _("The script does not say which step it starts with."))
        )
        start = ""
    steps: dict[str, Step] = {}
    raw_steps = data.get("steps")
    if not isinstance(raw_steps, list) or not raw_steps:
        problems.append(ScriptProblem(None, _("The script has no steps.")))
        raw_steps = []
    for number, raw in enumerate(raw_steps, start=1):
        step = _step_from_data(raw, number, problems)
        if step is None:
            continue
        if step.id in steps:
            problems.append(
                ScriptProblem(step.id, _("Step {step} is written twice.").format(step=step.id))
            )
            continue
        steps[step.id] = step
    if problems:
        raise ScriptInvalid(problems)
    return Script(script_id, version, title, start, steps)


def _step_from_data(raw, number: int, problems: list[ScriptProblem]) -> Step | None:
    if not isinstance(raw, Mapping):
        problems.append(
            ScriptProblem(None, _("Step number {number} is not a table.").format(number=number))
        )
        return None
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not _ID.match(step_id):
        problems.append(
            ScriptProblem(
                None,
                _("Step number {number} needs an id of letters, digits, '-' and '_'.").format(
                    number=number
                ),
            )
        )
        return None
    before = len(problems)
    try:
        kind = StepKind(raw.get("kind", "say"))
    except ValueError:
        problems.append(
            ScriptProblem(
                step_id,
                _("Step {step}: unknown kind {kind} (say, ask, record or confirm).").format(
                    step=step_id, kind=raw.get("kind")
                ),
            )
        )
        kind = StepKind.SAY
    text = _texts(raw.get("text"), step_id, _("the text"), problems)
    choices: list[Choice] = []
    raw_choices = raw.get("choices", [])
    if not isinstance(raw_choices, list):
        raw_choices = []
        problems.append(
            ScriptProblem(
                step_id, _("Step {step}: its choices are not a list.").format(step=step_id)
            )
        )
    keys: set[str] = set()
    for raw_choice in raw_choices:
        choice = _choice_from_data(raw_choice, step_id, problems)
        if choice is None:
            continue
        if choice.key in keys:
            problems.append(
                ScriptProblem(
                    step_id,
                    _("Step {step}: choice {choice} is written twice.").format(
                        step=step_id, choice=choice.key
                    ),
                )
            )
        keys.add(choice.key)
        choices.append(choice)
    next_step = raw.get("next") or None
    if next_step is not None and not isinstance(next_step, str):
        problems.append(
            ScriptProblem(step_id, _("Step {step}: next must name a step.").format(step=step_id))
        )
        next_step = None
    if choices and next_step:
        problems.append(
            ScriptProblem(
                step_id,
                _("Step {step} has both choices and a next step; give one or the other.").format(
                    step=step_id
                ),
            )
        )
    field = raw.get("field") or None
    if kind == StepKind.RECORD and not (isinstance(field, str) and _ID.match(field)):
        problems.append(
            ScriptProblem(
                step_id,
                _("Step {step}: a record step needs the name of the field it records.").format(
                    step=step_id
                ),
            )
        )
    if kind != StepKind.RECORD:
        field = None
    if len(problems) > before:
        return None
    return Step(
        step_id, kind, text, bool(raw.get("mandatory", False)), tuple(choices), next_step, field
    )


def _choice_from_data(raw, step_id: str, problems: list[ScriptProblem]) -> Choice | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str) or not raw["key"]:
        problems.append(
            ScriptProblem(step_id, _("Step {step}: a choice needs a key.").format(step=step_id))
        )
        return None
    to = raw.get("to")
    if not isinstance(to, str) or not to:
        problems.append(
            ScriptProblem(
                step_id,
                _("Step {step}: choice {choice} does not say which step it leads to.").format(
                    step=step_id, choice=raw["key"]
                ),
            )
        )
        return None
    label = _texts(
        raw.get("label"),
        step_id,
        _("the label of choice {choice}").format(choice=raw["key"]),
        problems,
    )
    return Choice(raw["key"], label, to)


def _texts(raw, step_id: str | None, what: str, problems: list[ScriptProblem]) -> dict[str, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {"zh_CN": raw}
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        problems.append(
            ScriptProblem(
                step_id,
                where(step_id, _("{what} must give a text per language.").format(what=what)),
            )
        )
        return {}
    return {str(lang): text for lang, text in raw.items()}


def load_script_file(path: Path, forbidden: Iterable[str] = (), version: int = 1) -> Script:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptInvalid(
            [
                ScriptProblem(
                    None,
                    _("Cannot read {path}: {error}").format(
                        path=path, error=getattr(exc, "strerror", None) or exc
                    ),
                )
            ]
        ) from None
    return check_script(parse_script_text(text, version), forbidden)
