"""The attacker script finds nothing on today's desk, and finds each kind of hole planted in
it: a service that skips its permission check, a command the front desk should not run, a
file another account can read, an audit log the database lets anyone rewrite."""

from __future__ import annotations

import functools
import os
import pwd
import shutil
import subprocess
import sys
import tempfile
from datetime import timedelta
from pathlib import Path

import platformdirs
import pytest

from branchdesk.audit.log import Action, record
from branchdesk.auth.passwords import hash_password
from branchdesk.branch import service as branch_service
from branchdesk.branch.desk_role import setup_desk_role
from branchdesk.config import APP_NAME, default_database_url
from branchdesk.db import connection
from branchdesk.db.connection import sqlite_path
from branchdesk.db.models import User
from tests.conftest import PASSWORD, T0, _open_fresh, _postgres_url, make_user
from tests.security import command_probe
from tests.security.attacker import attack
from tests.security.file_probe import can_probe_as_other_account

ROOT = Path(__file__).resolve().parents[2]
PROBE_ACCOUNT = "branchdesk-probe"
DESK_ROLE = "test_attacker_desk"
MANAGER_PASSWORD = "quartz-meadow-signal-41"


def run_cli(*args: str, password: str | None = None) -> subprocess.CompletedProcess:
    """``branchdesk ARGS`` as the desk's own account runs it (its folders, its key)."""
    return subprocess.run(
        [sys.executable, "-m", "branchdesk", *args],
        env={**os.environ, "QT_QPA_PLATFORM": "offscreen"},
        input=None if password is None else f"{password}\n",
        stdin=subprocess.DEVNULL if password is None else None,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def _staff_and_history() -> None:
    """The front desk's password is PASSWORD; the manager's and the administrator's differ."""
    manager = make_user("wang.fang", "manager", "王芳", "M001")
    make_user("li.na", "front_desk", "李娜", "F001")
    make_user("admin", "admin", "周建国")
    others = User.username.in_(["wang.fang", "admin"])
    User.update(password_hash=_manager_hash()).where(others).execute()
    for minute in range(3):
        record(manager, Action.SIGN_IN, "wang.fang", at=T0 + timedelta(minutes=minute))


@functools.cache
def _manager_hash() -> str:
    return hash_password(MANAGER_PASSWORD)


def data_folder() -> Path:
    """The desk's data folder, named without tightening it (``config.data_dir`` would)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False))


@pytest.fixture
def desk_home(monkeypatch):
    """The desk's home where another account could reach it (0711, as many home folders
    are): only the desk's own folder and file modes may keep that account out."""
    home = Path(tempfile.mkdtemp(prefix="branchdesk-home-"))
    home.chmod(0o711)
    monkeypatch.setenv("XDG_DATA_HOME", str(home / "data"))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(home / "config"))
    yield home
    shutil.rmtree(home, ignore_errors=True)


@pytest.fixture
def sqlite_desk(desk_home, tmp_path):
    """The desk's own encrypted database, created as the command line creates it, with staff
    and a few audit entries; open in this process."""
    url = default_database_url()
    created = run_cli("--database", url, "db", "upgrade")
    assert created.returncode == 0, created.stderr
    connection.open_database(url)
    _staff_and_history()
    yield url
    connection.close_database()


@pytest.fixture
def second_account_if_root():
    """A second account of this computer, made for the test and removed after it; None
    unless the tests run as root (with useradd and setpriv)."""
    if not can_probe_as_other_account() or shutil.which("useradd") is None:
        yield None
        return
    made = False
    try:
        pwd.getpwnam(PROBE_ACCOUNT)
    except KeyError:
        subprocess.run(
            ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin",
             PROBE_ACCOUNT],
            check=True,
        )  # fmt: skip
        made = True
    yield PROBE_ACCOUNT
    if made:
        subprocess.run(["userdel", PROBE_ACCOUNT], check=False)


@pytest.fixture
def second_account(second_account_if_root):
    if second_account_if_root is None:
        pytest.skip("reading as a second account needs root, useradd and setpriv")
    return second_account_if_root


def run_attacker(*args: str, password: str = PASSWORD) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "tests.security.attacker", *args],
        cwd=ROOT,
        env={**os.environ, "PYTHONPATH": str(ROOT)},
        input=f"{password}\n",
        capture_output=True,
        text=True,
        timeout=900,
        check=False,
    )


def test_the_attacker_finds_nothing_on_todays_desk(sqlite_desk, second_account_if_root):
    connection.close_database()  # the script opens it itself, as another process would
    reader = ["--other-account", second_account_if_root] if second_account_if_root else []
    result = run_attacker("--database", sqlite_desk, "--user", "li.na", *reader)
    assert result.returncode == 0, result.stdout + result.stderr
    lines = result.stdout.splitlines()
    assert lines[-1] == "nothing found"
    # "tried: 18 manager/admin services, 5 commands, …": each kind of attack was made.
    tried = dict(reversed(part.split(" ", 1)) for part in lines[0][len("tried: ") :].split(", "))
    assert int(tried["manager/admin services"]) >= 15  # users, settings, audit, backup, PIPL…
    assert int(tried["commands"]) >= 5  # backup, setup-roles, recovery-sheet, verify, shots
    assert tried["guessed sign-ins"] == "1" and int(tried["files and folders"]) >= 6
    assert tried["audit table edits"] == "1"
    connection.open_database(sqlite_desk)


def test_an_audit_row_edited_behind_the_apps_back_fails_audit_verify(sqlite_desk, tmp_path):
    report = attack(sqlite_desk, "li.na", PASSWORD, tmp_path, commands=False)
    assert report.nothing_found, report.lines()
    copy = f"sqlite:///{report.tampered_copy}"
    verify = run_cli(
        "--database", copy, "--user", "wang.fang", "--password-stdin", "--lang", "en",
        "audit", "verify", password=MANAGER_PASSWORD,
    )  # fmt: skip
    assert verify.returncode == 1 and verify.stderr.startswith("altered: entry 1 ")


def test_a_service_that_skips_its_check_is_found(sqlite_desk, tmp_path, monkeypatch):
    monkeypatch.setattr(branch_service, "require", lambda actor, permission: actor)
    report = attack(sqlite_desk, "li.na", PASSWORD, tmp_path, commands=False)
    found = "\n".join(report.findings)
    assert "service branchdesk.branch.service.backup_now (needs backup) ran" in found
    assert "service branchdesk.branch.service.update_settings (needs edit_settings) ran" in found
    assert len(report.findings) == 2, report.lines()


def test_a_command_the_front_desk_should_not_run_is_found(sqlite_desk, tmp_path, monkeypatch):
    # The evacuation list is the front desk's; taken off its list, it is a hole to the script.
    monkeypatch.setattr(
        command_probe, "FRONT_DESK_MAY", command_probe.FRONT_DESK_MAY - {("forms", "evacuation")}
    )
    report = attack(sqlite_desk, "li.na", PASSWORD, tmp_path)
    found = [f for f in report.findings if f.startswith("command 'forms evacuation' exit 0")]
    assert len(found) == 1 and "output.out" in found[0], report.lines()
    assert "the audit log names li.na for form_printed" in report.findings
    others = [f for f in report.findings if "evacuation" not in f and "form_printed" not in f]
    assert others == []


def test_files_another_account_could_read_are_found(sqlite_desk, tmp_path):
    log = data_folder() / "logs" / "branchdesk.log"  # as an older version left it
    log.touch()
    log.chmod(0o644)
    data_folder().chmod(0o755)
    database = sqlite_path(sqlite_desk)
    database.chmod(0o644)
    report = attack(sqlite_desk, "li.na", PASSWORD, tmp_path, commands=False)
    assert f"file {data_folder()}: mode 0755, wanted 0700" in report.findings
    assert f"file {log}: mode 0644, wanted 0600" in report.findings
    assert f"file {database}: mode 0644, wanted 0600" in report.findings


def test_a_second_account_really_reads_what_the_modes_let_it(sqlite_desk, second_account, tmp_path):
    for folder in (data_folder().parent, data_folder()):
        folder.chmod(0o755)
    sqlite_path(sqlite_desk).chmod(0o644)
    report = attack(
        sqlite_desk, "li.na", PASSWORD, tmp_path, commands=False, other_account=second_account
    )
    assert f"file {data_folder()}: listed by the account {second_account}" in report.findings
    read = f"file {sqlite_path(sqlite_desk)}: read by the account {second_account}"
    assert read in report.findings


def test_an_audit_log_without_its_triggers_is_found(sqlite_desk, tmp_path):
    for trigger in ("audit_entry_no_update", "audit_entry_no_delete"):
        connection.db.execute_sql(f"DROP TRIGGER {trigger}")
    report = attack(sqlite_desk, "li.na", PASSWORD, tmp_path, commands=False)
    assert len(report.findings) == 2, report.lines()
    assert all("was not refused by a trigger" in f for f in report.findings)


@pytest.fixture
def postgres_desk(desk_home):
    url = _postgres_url()
    database = _open_fresh(url)
    _drop_role(database)
    _staff_and_history()
    yield url
    connection.close_database()
    _drop_role(connection.open_database(url))
    connection.close_database()


def _drop_role(database) -> None:
    if database.execute_sql("SELECT 1 FROM pg_roles WHERE rolname = %s", (DESK_ROLE,)).fetchone():
        database.execute_sql(f"DROP OWNED BY {DESK_ROLE}")
        database.execute_sql(f"DROP ROLE {DESK_ROLE}")


def test_on_postgresql_the_desk_role_finds_nothing(postgres_desk, tmp_path):
    from branchdesk.auth.session import Actor

    admin = Actor.from_user(User.get(User.username == "admin"))
    desk = setup_desk_role(admin, postgres_desk, DESK_ROLE)
    report = attack(postgres_desk, "li.na", PASSWORD, tmp_path, desk_url=desk.url)
    assert report.nothing_found, report.lines()
    assert report.tried["commands"] >= 5


def test_on_postgresql_an_account_that_may_rewrite_the_log_is_found(postgres_desk, tmp_path):
    report = attack(postgres_desk, "li.na", PASSWORD, tmp_path, commands=False)
    allowed = [f for f in report.findings if f.endswith("was allowed")]
    assert len(allowed) == 6, report.lines()  # update, delete, truncate × entries and seals
