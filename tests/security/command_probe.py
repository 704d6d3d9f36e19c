"""Every command of ``branchdesk``, run as a front-desk account: each one beyond the front
desk's work must exit non-zero, write nothing and show no traceback.

The commands are read from the command line's own parser, so a new one is tried as soon as
it exists; what the front desk may run is the short list below, kept here on purpose: a new
command is a manager's or an administrator's until someone decides otherwise.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from branchdesk.cli import build_parser
from branchdesk.cli_signin import SignInNeed

# The front desk's own work on the command line: its forms and visitor passes, finding a
# customer file (masked to internal fields by the customer service), its password, and bringing
# the schema up to date (which the window does at every start, whoever signs in).
FRONT_DESK_MAY = {
    ("forms", "visit"),
    ("forms", "pass"),
    ("customers", "find"),
    ("forms", "evacuation"),
    ("forms", "daily-log"),
    ("account", "change-password"),
    ("db", "upgrade"),
}


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    parser: argparse.ArgumentParser

    @property
    def label(self) -> str:
        return " ".join(self.path)


def _subcommands(parser: argparse.ArgumentParser) -> dict[str, argparse.ArgumentParser]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return dict(action.choices)
    return {}


def find_commands(parser: argparse.ArgumentParser | None = None, path=()) -> Iterator[Command]:
    parser = parser or build_parser()
    children = _subcommands(parser)
    if not children:
        yield Command(path, parser)
    for name, child in children.items():
        yield from find_commands(child, (*path, name))


def _value(action: argparse.Action, workdir: Path) -> str:
    """A plausible value: a file or folder in ``workdir`` (which must stay empty), a date,
    an id."""
    if action.type is int:
        return "1"
    if action.dest.startswith("date"):  # --date, --from and --to
        return date.today().isoformat()
    if action.dest == "role":
        return "attacker_role"
    return str(workdir / f"{action.dest}.out")


def arguments(command: Command, workdir: Path) -> list[str]:
    """The command's words with every required argument; of a required choice, the option
    that reads data (``--visit ID`` rather than ``--blank``)."""
    words = list(command.path)
    chosen = set()
    for group in command.parser._mutually_exclusive_groups:
        if group.required:
            valued = [a for a in group._group_actions if a.nargs != 0]
            pick = (valued or group._group_actions)[0]
            chosen.add(pick)
    for action in command.parser._actions:
        if action.option_strings:
            if action in chosen and action.nargs == 0:
                words.append(action.option_strings[0])
            elif action.required or action in chosen:
                words += [action.option_strings[-1], _value(action, workdir)]
        elif not isinstance(action, argparse._SubParsersAction) and action.nargs != "?":
            words.append(_value(action, workdir))
    return words


def signs_in(command: Command, words: list[str]) -> bool:
    """Whether the command signs in at all; those that never do run before the database is
    opened (the key, the server password) and are what anyone at this account can do."""
    args = build_parser().parse_args(words)
    need = args.sign_in(args) if callable(args.sign_in) else args.sign_in
    return need is not SignInNeed.NEVER


@dataclass(frozen=True)
class CommandOutcome:
    command: Command
    exit_status: int
    wrote: list[str]
    stderr: str

    @property
    def refused(self) -> bool:
        return self.exit_status != 0 and not self.wrote and "Traceback" not in self.stderr


def run_command(
    words: list[str], database_url: str, login: str, password: str, timeout: float = 300
) -> subprocess.CompletedProcess:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    return subprocess.run(
        [sys.executable, "-m", "branchdesk", "--lang", "en", "--database", database_url,
         "--user", login, "--password-stdin", *words],
        input=f"{password}\n",
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )  # fmt: skip


def try_commands(
    database_url: str, login: str, password: str, workdir: Path
) -> tuple[list[CommandOutcome], list[str]]:
    """Each command beyond the front desk's, run as ``login``; and the commands left out
    (the front desk's own, and those that sign nobody in), for the report."""
    outcomes, left_out = [], []
    for command in find_commands():
        folder = workdir / "-".join(command.path)
        folder.mkdir(parents=True, exist_ok=True)
        words = arguments(command, folder)
        if command.path in FRONT_DESK_MAY or not signs_in(command, words):
            left_out.append(command.label)
            continue
        result = run_command(words, database_url, login, password)
        wrote = sorted(str(p) for p in folder.rglob("*"))
        outcomes.append(CommandOutcome(command, result.returncode, wrote, result.stderr))
    return outcomes, left_out
