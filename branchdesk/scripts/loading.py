"""Reading a script from its TOML text (the shipped files, ``branchdesk scripts check``) or from
the dict stored in the database, and checking it: every defect is reported with the step it is
in, so the person who wrote the script knows where to look.

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
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.scripts.model import (
    PLACEHOLDERS,
    SCRIPT_LANGUAGES,
    Choice,
    Script,
    Step,
    StepKind,
)
from branchdesk.shipped import shipped_dir

# Anything in braces is meant as a placeholder; a name outside PLACEHOLDERS is a defect.
_BRACED = re.compile(r"\{([^{}]*)\}")
_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_-]*$")
SHIPPED_SCRIPT_IDS = ("inbound", "follow-up", "telesales")


@dataclass(frozen=True)
class ScriptProblem:
    step: str | None  # None: the script as a whole (its id, title or start)
    message: str  # translated, names the step

    def __str__(self) -> str:
        return self.message


class ScriptInvalid(ValidationError):
    """A script with defects; ``problems`` lists them, ``errors`` maps step id (or "script")
    to its messages."""

    def __init__(self, problems: Sequence[ScriptProblem]):
        self.problems = tuple(problems)
        errors: dict[str, str] = {}
        for problem in self.problems:
            key = problem.step or "script"
            errors[key] = f"{errors[key]}\n{problem.message}" if key in errors else problem.message
        super().__init__(errors)

    def __str__(self) -> str:
        return "\n".join(p.message for p in self.problems)


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
        raise ScriptInvalid([ScriptProblem(None, _("Not a script file: {error}").format(
            error=exc))]) from None
    data.setdefault("version", version)
    return script_from_data(data)


def script_from_data(data: Mapping) -> Script:
    """The script in a dict as ``script_to_data`` writes it (or as a TOML file reads)."""
    problems: list[ScriptProblem] = []
    script_id = data.get("id")
    if not isinstance(script_id, str) or not _ID.match(script_id):
        problems.append(ScriptProblem(None, _("The script needs an id of letters, digits, "
                                              "'-' and '_'.")))
        script_id = str(script_id or "")
    version = data.get("version", 1)
    if not isinstance(version, int) or version < 1:
        problems.append(ScriptProblem(None, _("The script version must be a whole number "
                                              "from 1.")))
        version = 1
    title = _texts(data.get("title"), None, _("the title"), problems)
    start = data.get("start")
    if not isinstance(start, str) or not start:
        problems.append(ScriptProblem(None, _("The script does not say which step it starts "
                                              "with.")))
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
            problems.append(ScriptProblem(step.id, _("Step {step} is written twice.").format(
                step=step.id)))
            continue
        steps[step.id] = step
    if problems:
        raise ScriptInvalid(problems)
    return Script(script_id, version, title, start, steps)


def _step_from_data(raw, number: int, problems: list[ScriptProblem]) -> Step | None:
    if not isinstance(raw, Mapping):
        problems.append(ScriptProblem(None, _("Step number {number} is not a table.").format(
            number=number)))
        return None
    step_id = raw.get("id")
    if not isinstance(step_id, str) or not _ID.match(step_id):
        problems.append(ScriptProblem(None, _("Step number {number} needs an id of letters, "
                                              "digits, '-' and '_'.").format(number=number)))
        return None
    before = len(problems)
    try:
        kind = StepKind(raw.get("kind", "say"))
    except ValueError:
        problems.append(ScriptProblem(step_id, _("Step {step}: unknown kind {kind} (say, ask, "
                                                 "record or confirm).").format(
            step=step_id, kind=raw.get("kind"))))
        kind = StepKind.SAY
    text = _texts(raw.get("text"), step_id, _("the text"), problems)
    choices: list[Choice] = []
    raw_choices = raw.get("choices", [])
    if not isinstance(raw_choices, list):
        raw_choices = []
        problems.append(ScriptProblem(step_id, _("Step {step}: its choices are not a list.")
                                      .format(step=step_id)))
    keys: set[str] = set()
    for raw_choice in raw_choices:
        choice = _choice_from_data(raw_choice, step_id, problems)
        if choice is None:
            continue
        if choice.key in keys:
            problems.append(ScriptProblem(step_id, _("Step {step}: choice {choice} is written "
                                                     "twice.").format(step=step_id,
                                                                      choice=choice.key)))
        keys.add(choice.key)
        choices.append(choice)
    next_step = raw.get("next") or None
    if next_step is not None and not isinstance(next_step, str):
        problems.append(ScriptProblem(step_id, _("Step {step}: next must name a step.").format(
            step=step_id)))
        next_step = None
    if choices and next_step:
        problems.append(ScriptProblem(step_id, _("Step {step} has both choices and a next step; "
                                                 "give one or the other.").format(step=step_id)))
    field = raw.get("field") or None
    if kind == StepKind.RECORD and not (isinstance(field, str) and _ID.match(field)):
        problems.append(ScriptProblem(step_id, _("Step {step}: a record step needs the name of "
                                                 "the field it records.").format(step=step_id)))
    if kind != StepKind.RECORD:
        field = None
    if len(problems) > before:
        return None
    return Step(step_id, kind, text, bool(raw.get("mandatory", False)), tuple(choices),
                next_step, field)


def _choice_from_data(raw, step_id: str, problems: list[ScriptProblem]) -> Choice | None:
    if not isinstance(raw, Mapping) or not isinstance(raw.get("key"), str) or not raw["key"]:
        problems.append(ScriptProblem(step_id, _("Step {step}: a choice needs a key.").format(
            step=step_id)))
        return None
    to = raw.get("to")
    if not isinstance(to, str) or not to:
        problems.append(ScriptProblem(step_id, _("Step {step}: choice {choice} does not say "
                                                 "which step it leads to.").format(
            step=step_id, choice=raw["key"])))
        return None
    label = _texts(raw.get("label"), step_id, _("the label of choice {choice}").format(
        choice=raw["key"]), problems)
    return Choice(raw["key"], label, to)


def _texts(raw, step_id: str | None, what: str, problems: list[ScriptProblem]) -> dict[str, str]:
    if raw is None:
        return {}
    if isinstance(raw, str):
        return {"zh_CN": raw}
    if not isinstance(raw, Mapping) or not all(isinstance(v, str) for v in raw.values()):
        problems.append(ScriptProblem(step_id, _where(step_id, _("{what} must give a text per "
                                                                 "language.").format(what=what))))
        return {}
    return {str(lang): text for lang, text in raw.items()}


def _where(step_id: str | None, message: str) -> str:
    if step_id is None:
        return _("Script: {message}").format(message=message)
    return _("Step {step}: {message}").format(step=step_id, message=message)


# -- checking -------------------------------------------------------------------------------
def validate_script(script: Script, forbidden: Iterable[str] = ()) -> list[ScriptProblem]:
    """Every defect of ``script``: missing translations, unknown placeholders, choices or next
    steps that lead nowhere, unreachable steps, steps with no way to the end, and (R-C21) texts
    that name a body in ``forbidden``. Empty: the script may be used."""
    forbidden = [body.strip() for body in forbidden if body and body.strip()]
    problems: list[ScriptProblem] = []
    problems += _text_problems(None, _("the title"), script.title, forbidden)
    if script.start not in script.steps:
        problems.append(ScriptProblem(None, _("Script: the start step {step} does not exist.")
                                      .format(step=script.start)))
    for step in script.steps.values():
        problems += _text_problems(step.id, _("the text"), step.text, forbidden)
        for choice in step.choices:
            problems += _text_problems(step.id, _("the label of choice {choice}").format(
                choice=choice.key), choice.label, forbidden)
            if choice.to not in script.steps:
                problems.append(ScriptProblem(step.id, _(
                    "Step {step}: choice {choice} leads to step {target}, which does not exist."
                ).format(step=step.id, choice=choice.key, target=choice.to)))
        if not step.choices and step.next and step.next not in script.steps:
            problems.append(ScriptProblem(step.id, _(
                "Step {step}: its next step {target} does not exist."
            ).format(step=step.id, target=step.next)))
    problems += _graph_problems(script)
    return problems


def check_script(script: Script, forbidden: Iterable[str] = ()) -> Script:
    """``script`` itself when it has no defect; ScriptInvalid listing them otherwise."""
    problems = validate_script(script, forbidden)
    if problems:
        raise ScriptInvalid(problems)
    return script


def load_script_file(path: Path, forbidden: Iterable[str] = (), version: int = 1) -> Script:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise ScriptInvalid([ScriptProblem(None, _("Cannot read {path}: {error}").format(
            path=path, error=getattr(exc, "strerror", None) or exc))]) from None
    return check_script(parse_script_text(text, version), forbidden)


def _text_problems(step_id: str | None, what: str, texts: Mapping[str, str],
                   forbidden: Sequence[str]) -> list[ScriptProblem]:
    problems = []
    for lang in SCRIPT_LANGUAGES:
        text = (texts.get(lang) or "").strip()
        if not text:
            problems.append(ScriptProblem(step_id, _where(step_id, _(
                "{what} in {lang} is missing.").format(what=what, lang=lang))))
            continue
        for name in _BRACED.findall(text):
            if name not in PLACEHOLDERS:
                problems.append(ScriptProblem(step_id, _where(step_id, _(
                    "{what} in {lang} uses an unknown placeholder {placeholder}."
                ).format(what=what, lang=lang, placeholder="{" + name + "}"))))
        lowered = text.casefold()
        for body in forbidden:
            if body.casefold() in lowered:
                problems.append(ScriptProblem(step_id, _where(step_id, _(
                    "{what} in {lang} names {body}: the branch never speaks in the name of a "
                    "government department, a carrier or another company."
                ).format(what=what, lang=lang, body=body))))
    return problems


def _graph_problems(script: Script) -> list[ScriptProblem]:
    steps = script.steps
    reachable: set[str] = set()
    todo = [script.start] if script.start in steps else []
    while todo:
        step_id = todo.pop()
        if step_id in reachable:
            continue
        reachable.add(step_id)
        todo += [t for t in steps[step_id].targets() if t in steps]
    # Steps from which an end can be reached: walk the arrows backwards from the ends.
    leads_to: dict[str, set[str]] = {step_id: set() for step_id in steps}
    for step in steps.values():
        for target in step.targets():
            if target in steps:
                leads_to[target].add(step.id)
    ending: set[str] = set()
    todo = [step.id for step in steps.values() if step.ends]
    while todo:
        step_id = todo.pop()
        if step_id in ending:
            continue
        ending.add(step_id)
        todo += list(leads_to[step_id])
    problems = []
    for step_id in steps:
        if step_id not in reachable:
            problems.append(ScriptProblem(step_id, _(
                "Step {step} cannot be reached from the start.").format(step=step_id)))
        elif step_id not in ending:
            problems.append(ScriptProblem(step_id, _(
                "Step {step}: no way from it leads to the end of the script.").format(
                step=step_id)))
    return problems
