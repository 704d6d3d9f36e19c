"""The attacker the security review played, as a script (R-S4, R-S5, R-S6).

With a front-desk account it calls every manager and administrator service and runs every
command beyond the front desk's work, expecting each to refuse, the log to name the front desk
for none of it, and a guessed sign-in as a manager to be logged as failed; as a second account
of the computer it reads the desk's files; holding the database, it edits the audit log behind
the application's back. It reports what got through, or "nothing found".

    python -m tests.security.attacker --database URL --user LOGIN [--desk-url URL]
        [--other-account NAME] [--no-commands]   (the password: first line of stdin, or asked)

Run it on a test or demo database: a hole it finds may do what the hole allows. The audit log
is tampered with on a copy only, and on PostgreSQL every attempt is rolled back.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

from branchdesk.audit.log import Action
from branchdesk.auth.roles import Role
from branchdesk.auth.session import Actor
from branchdesk.auth.signin import sign_in
from branchdesk.auth.users import staff_names
from branchdesk.customers.permissions import CustomerAction
from branchdesk.db.connection import close_database, open_database
from branchdesk.db.models import AuditEntry
from tests.security.command_probe import run_command, try_commands
from tests.security.file_probe import try_files
from tests.security.service_probe import try_services
from tests.security.table_probe import try_table_edits

# What a front-desk account's doings may leave in the log while it attacks: its sign-ins, the
# customer lists it looked at (masked to its level) and the refusals it met (R-S4: every look
# and every attempt is attributable).
HARMLESS_ACTIONS = {
    Action.SIGN_IN,
    Action.SIGN_IN_FAILED,
    Action.SIGN_OUT,
    CustomerAction.CUSTOMERS_LISTED,
    CustomerAction.CUSTOMER_REFUSED,
}


@dataclass
class Report:
    findings: list[str] = field(default_factory=list)
    tried: dict[str, int] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    tampered_copy: Path | None = None

    @property
    def nothing_found(self) -> bool:
        return not self.findings

    def lines(self) -> list[str]:
        tried = ", ".join(f"{count} {what}" for what, count in self.tried.items())
        lines = [f"tried: {tried}", *(f"note: {note}" for note in self.notes)]
        if self.nothing_found:
            return [*lines, "nothing found"]
        return [*lines, f"{len(self.findings)} found:", *(f"  {f}" for f in self.findings)]


def _newest_entry_id() -> int:
    newest = AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id.desc()).first()
    return newest.id if newest else 0


def _entries_naming(actor: Actor, after_id: int) -> list[str]:
    query = AuditEntry.select(AuditEntry.action).where(
        (AuditEntry.id > after_id) & (AuditEntry.actor_id == actor.id)
    )
    return [entry.action for entry in query if entry.action not in HARMLESS_ACTIONS]


def _failed_sign_ins_after(after_id: int) -> int:
    query = AuditEntry.select().where(
        (AuditEntry.id > after_id) & (AuditEntry.action == Action.SIGN_IN_FAILED)
    )
    return query.count()


def attack_services(actor: Actor, report: Report) -> None:
    tried, open_to_all = try_services(actor)
    report.tried["manager/admin services"] = len(tried)
    for outcome in tried:
        if not outcome.refused:
            needs = ", ".join(sorted(outcome.service.permissions))
            report.findings.append(
                f"service {outcome.service.label} (needs {needs}) {outcome.outcome}"
            )
    names = ", ".join(s.label for s in open_to_all)
    report.notes.append(f"services that name no permission (any signed-in user): {names}")


def attack_commands(url: str, login: str, password: str, workdir: Path, report: Report) -> None:
    outcomes, left_out = try_commands(url, login, password, workdir / "commands")
    report.tried["commands"] = len(outcomes)
    for outcome in outcomes:
        if not outcome.refused:
            last = (outcome.stderr.strip().splitlines() or [""])[-1]
            report.findings.append(
                f"command '{outcome.command.label}' exit {outcome.exit_status}, wrote "
                f"{outcome.wrote or 'nothing'}: {last}"
            )
    report.notes.append(f"commands not tried (the front desk's own, or no sign-in): {left_out}")


def guess_a_managers_password(url: str, password: str, report: Report) -> None:
    """The front desk's own password tried as a manager's: refused, and logged as failed."""
    managers = [u.username for u in staff_names() if u.role in (Role.MANAGER, Role.ADMIN)]
    if not managers:
        report.notes.append("no manager or administrator to impersonate")
        return
    before = _newest_entry_id()
    result = run_command(["audit", "verify"], url, managers[0], password)
    report.tried["guessed sign-ins"] = 1
    if result.returncode == 0:
        report.findings.append(f"signed in as {managers[0]} with the front desk's password")
    elif _failed_sign_ins_after(before) != 1:
        report.findings.append(f"a failed sign-in as {managers[0]} was not logged")


def attack(
    url: str,
    login: str,
    password: str,
    workdir: Path,
    *,
    desk_url: str | None = None,
    other_account: str | None = None,
    commands: bool = True,
    reopen=None,
) -> Report:
    """``url`` is open (``reopen`` opens it again after the audit copy was verified)."""
    report = Report()
    actor = sign_in(login, password)
    if actor.role != Role.FRONT_DESK:
        raise ValueError(f"{login} is not a front-desk account")
    start = _newest_entry_id()
    attack_services(actor, report)
    if commands:
        attack_commands(url, login, password, workdir, report)
        guess_a_managers_password(url, password, report)
    for action in _entries_naming(actor, start):
        report.findings.append(f"the audit log names {login} for {action}")
    files, checked = try_files(url, other_account)
    report.tried["files and folders"] = checked
    report.findings += [f"file {f.path}: {f.problem}" for f in files]
    if other_account is None:
        report.notes.append("no second account given: file modes checked, not read")
    edits, report.tampered_copy = try_table_edits(
        url, workdir, reopen or (lambda: open_database(url)), desk_url
    )
    report.tried["audit table edits"] = 1
    report.findings += edits
    return report


def _password() -> str:
    if sys.stdin.isatty():
        import getpass

        return getpass.getpass("Front-desk password: ")
    return sys.stdin.readline().rstrip("\r\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tests.security.attacker")
    parser.add_argument("--database", required=True, metavar="URL")
    parser.add_argument("--user", required=True, metavar="LOGIN", help="a front-desk account")
    parser.add_argument("--desk-url", metavar="URL", help="PostgreSQL: the desks' role")
    parser.add_argument("--other-account", metavar="NAME", help="reads the files (as root)")
    parser.add_argument("--no-commands", action="store_true", help="services, files, tables")
    args = parser.parse_args(argv)
    password = _password()
    open_database(args.database)
    try:
        with tempfile.TemporaryDirectory(prefix="branchdesk-attack-") as workdir:
            report = attack(
                args.database, args.user, password, Path(workdir),
                desk_url=args.desk_url, other_account=args.other_account,
                commands=not args.no_commands,
            )  # fmt: skip
    finally:
        close_database()
    print("\n".join(report.lines()))
    return 0 if report.nothing_found else 1


if __name__ == "__main__":
    sys.exit(main())
