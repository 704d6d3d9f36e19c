"""Checking a script: every defect is reported with the step it is in, so whoever wrote the
script knows where to look — missing translations, unknown placeholders, choices or next steps
that lead nowhere, unreachable steps, steps with no way to the end, and (R-C21) texts naming a
body the branch may never speak for."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.scripts.model import PLACEHOLDERS, SCRIPT_LANGUAGES, Script

# Anything in braces is meant as a placeholder; a name outside PLACEHOLDERS is a defect.
_BRACED = re.compile(r"\{([^{}]*)\}")


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


def where(step_id: str | None, message: str) -> str:
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
        problems.append(
            ScriptProblem(
                None, _("Script: the start step {step} does not exist.").format(step=script.start)
            )
        )
    for step in script.steps.values():
        problems += _text_problems(step.id, _("the text"), step.text, forbidden)
        for choice in step.choices:
            problems += _text_problems(
                step.id,
                _("the label of choice {choice}").format(choice=choice.key),
                choice.label,
                forbidden,
            )
            if choice.to not in script.steps:
                problems.append(
                    ScriptProblem(
                        step.id,
                        _(
                            "Step {step}: choice {choice} leads to step {target}, "
                            "which does not exist."
                        ).format(step=step.id, choice=choice.key, target=choice.to),
                    )
                )
        if not step.choices and step.next and step.next not in script.steps:
            problems.append(
                ScriptProblem(
                    step.id,
                    _("Step {step}: its next step {target} does not exist.").format(
                        step=step.id, target=step.next
                    ),
                )
            )
    problems += _graph_problems(script)
    return problems


def check_script(script: Script, forbidden: Iterable[str] = ()) -> Script:
    """``script`` itself when it has no defect; ScriptInvalid listing them otherwise."""
    problems = validate_script(script, forbidden)
    if problems:
        raise ScriptInvalid(problems)
    return script


def _text_problems(
    step_id: str | None, what: str, texts: Mapping[str, str], forbidden: Sequence[str]
) -> list[ScriptProblem]:
    messages = []
    for lang in SCRIPT_LANGUAGES:
        text = (texts.get(lang) or "").strip()
        if not text:
            messages.append(_("{what} in {lang} is missing.").format(what=what, lang=lang))
            continue
        for name in _BRACED.findall(text):
            if name not in PLACEHOLDERS:
                message = _("{what} in {lang} uses an unknown placeholder {placeholder}.")
                messages.append(message.format(what=what, lang=lang, placeholder=f"{{{name}}}"))
        lowered = text.casefold()
        for body in forbidden:
            if body.casefold() in lowered:
                message = _(
                    "{what} in {lang} names {body}: the branch never speaks in the name of "
                    "a government department, a carrier or another company."
                )
                messages.append(message.format(what=what, lang=lang, body=body))
    return [ScriptProblem(step_id, where(step_id, message)) for message in messages]


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
            problems.append(
                ScriptProblem(
                    step_id, _("Step {step} cannot be reached from the start.").format(step=step_id)
                )
            )
        elif step_id not in ending:
            problems.append(
                ScriptProblem(
                    step_id,
                    _("Step {step}: no way from it leads to the end of the script.").format(
                        step=step_id
                    ),
                )
            )
    return problems
