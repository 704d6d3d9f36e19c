"""The command line as an operator uses it: a real ``branchdesk`` process, no display.

Commands that show personal data or change anything sign in as a person (R-S4); the audit log
names that person, never the operating-system account.
"""

import atexit
import os
import pty
import shutil
import sqlite3
import subprocess
import sys
import tempfile
from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from branchdesk.db import migrations
from branchdesk.db.encrypted_files import connect_file
from branchdesk.demo import DEMO_PASSWORD


def cli_env(tmp_path):
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
        # Whoever runs the command on this machine must not be taken for a desk user.
        "LOGNAME": "li.na",
        "USER": "li.na",
    }
    env.pop("BRANCHDESK_DATABASE_URL", None)
    return env


def _run(env, args, password=None):
    return subprocess.run(
        [sys.executable, "-m", "branchdesk", *args],
        env=env,
        input=None if password is None else f"{password}\n",
        stdin=subprocess.DEVNULL if password is None else None,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


_demo_templates: dict[date, Path] = {}


def _demo_template() -> Path:
    """The demo database as the first ``--demo`` command leaves it, made once a day per test
    process: seeding it takes seconds, and the tests use it, not watch it being made
    (tests/test_demo.py does). Its day matters: the demo's visitors arrive today."""
    today = date.today()
    if today not in _demo_templates:
        home = Path(tempfile.mkdtemp(prefix="demo-template-"))
        atexit.register(shutil.rmtree, home, ignore_errors=True)
        made = _run(
            cli_env(home), ("--demo", "forms", "visit", "--blank", "-o", str(home / "b.pdf"))
        )
        assert made.returncode == 0, made.stderr
        _demo_templates[today] = demo_db(home)
    return _demo_templates[today]


def _with_demo(tmp_path) -> None:
    target = demo_db(tmp_path)
    if not target.exists():
        target.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        shutil.copy2(_demo_template(), target)


def run_cli(tmp_path, *args, password=None, demo_made=True):
    """``password`` goes to standard input as a script would pipe it; without one, standard
    input is empty, as in a cron job. A ``--demo`` command finds the demo database made,
    unless ``demo_made`` is False: then the command makes it."""
    if demo_made and "--demo" in args:
        _with_demo(tmp_path)
    return _run(cli_env(tmp_path), args, password)


def as_user(login):
    return ("--user", login, "--password-stdin")


def demo_db(tmp_path):
    return tmp_path / "data" / "BranchDesk" / "demo.sqlite3"


def create_demo(tmp_path):
    """The demo database, created by the one command that needs nobody signed in."""
    blank = tmp_path / "blank.pdf"
    result = run_cli(tmp_path, "--demo", "forms", "visit", "--blank", "-o", str(blank))
    assert result.returncode == 0, result.stderr


def audit_tail(path, count):
    """The newest ``count`` audit entries, oldest first: (actor name, action, target, detail)."""
    with sqlite3.connect(path) as conn:
        rows = conn.execute(
            "select actor_name, action, target, detail from audit_entry order by id desc limit ?",
            (count,),
        ).fetchall()
    return rows[::-1]


def pdf_text(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_help_lists_the_commands_and_the_sign_in(tmp_path):
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for option in ("db", "forms", "screenshots", "--database", "--demo", "--lang", "--user"):
        assert option in result.stdout
    assert "--password-stdin" in result.stdout


def test_new_database_upgrades_without_sign_in_then_backup_needs_one(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    first = run_cli(tmp_path, "--database", url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    backup = tmp_path / "backup.sqlite3"
    refused = run_cli(tmp_path, "--lang", "en", "--database", url, "db", "backup", str(backup))
    assert refused.returncode == 2
    assert "--user" in refused.stderr and "Traceback" not in refused.stderr
    assert not backup.exists()


def test_admin_backs_up_the_demo_and_the_log_names_them(tmp_path):
    backup = tmp_path / "backup.sqlite3"
    args = ("--demo", *as_user("admin"), "db", "backup", str(backup))
    result = run_cli(tmp_path, *args, password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(backup) as copy:
        (version,) = copy.execute("select version from schema_version").fetchone()
    assert version == migrations.LATEST_VERSION
    assert audit_tail(demo_db(tmp_path), 2) == [
        ("周建国", "sign_in", "admin", ""),
        ("周建国", "database_backed_up", str(backup), ""),
    ]


def test_upgrade_of_a_database_with_accounts_needs_a_sign_in(tmp_path):
    create_demo(tmp_path)
    refused = run_cli(tmp_path, "--demo", "db", "upgrade")
    assert refused.returncode == 2 and "--user" in refused.stderr
    result = run_cli(tmp_path, "--demo", *as_user("admin"), "db", "upgrade", password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert f"schema version {migrations.LATEST_VERSION}" in result.stdout


def test_newer_schema_is_refused_on_stderr(tmp_path):
    path = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{path}"
    assert run_cli(tmp_path, "--database", url, "db", "upgrade").returncode == 0
    with connect_file(path) as conn:  # encrypted with the desk's key
        conn.execute("update schema_version set version = 999")
    result = run_cli(tmp_path, "--database", url, "db", "upgrade")
    assert result.returncode != 0
    assert "999" in result.stderr and "Traceback" not in result.stderr
    with connect_file(path) as conn:
        assert conn.execute("select version from schema_version").fetchone() == (999,)


def test_signed_in_visit_form_is_written_and_audited_as_the_user(tmp_path):
    filled = tmp_path / "visit.pdf"
    result = run_cli(
        tmp_path, "--demo", *as_user("wang.fang"), "forms", "visit", "--visit", "1",
        "-o", str(filled), password=DEMO_PASSWORD,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "客户来访登记" in pdf_text(filled)
    assert audit_tail(demo_db(tmp_path), 2) == [
        ("王芳", "sign_in", "wang.fang", ""),
        ("王芳", "form_printed", "form:visit_registration", "visit=1; lang=zh_CN"),
    ]
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        anonymous = conn.execute(
            "select count(*) from audit_entry where actor_name like 'command line%'"
        ).fetchone()
    assert anonymous == (0,)


def test_blank_form_needs_no_sign_in(tmp_path):
    blank = tmp_path / "blank.pdf"
    result = run_cli(
        tmp_path, "--demo", "--lang", "en", "forms", "visit", "--blank", "-o", str(blank)
    )
    assert result.returncode == 0, result.stderr
    assert "Visitor Registration" in pdf_text(blank)


@pytest.mark.parametrize(
    "command",
    [
        ("forms", "visit", "--visit", "1", "-o", "OUT"),
        ("forms", "evacuation", "-o", "OUT"),
        ("forms", "daily-log", "-o", "OUT"),
        ("db", "backup", "OUT"),
        ("screenshots", "OUT"),
    ],
)
def test_personal_data_is_refused_without_user(tmp_path, command):
    out = tmp_path / "out"
    args = [str(out) if arg == "OUT" else arg for arg in command]
    result = run_cli(tmp_path, "--demo", "--lang", "en", *args)
    assert result.returncode == 2
    assert "--user LOGIN" in result.stderr and "Traceback" not in result.stderr
    assert not out.exists()


def test_wrong_password_is_refused_and_audited_as_a_failed_sign_in(tmp_path):
    out = tmp_path / "evacuation.pdf"
    args = ("--demo", *as_user("li.na"), "forms", "evacuation", "-o", str(out))
    result = run_cli(tmp_path, *args, password="demo12345")
    assert result.returncode == 1
    assert result.stderr.startswith("branchdesk: ") and "Traceback" not in result.stderr
    assert not out.exists()
    assert audit_tail(demo_db(tmp_path), 1) == [("", "sign_in_failed", "li.na", "")]


def test_a_locked_account_stays_locked_on_the_command_line(tmp_path):
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        conn.execute("update user set locked_until = '2999-01-01 00:00:00' where username='li.na'")
    out = tmp_path / "evacuation.pdf"
    args = ("--demo", *as_user("li.na"), "forms", "evacuation", "-o", str(out))
    result = run_cli(tmp_path, *args, password=DEMO_PASSWORD)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not out.exists()
    assert audit_tail(demo_db(tmp_path), 1) == [("", "sign_in_failed", "li.na", "")]


def test_password_is_not_read_from_an_empty_pipe(tmp_path):
    args = (
        "--demo",
        "--lang",
        "en",
        "--user",
        "li.na",
        "forms",
        "evacuation",
        "-o",
        str(tmp_path / "x.pdf"),
    )
    result = run_cli(tmp_path, *args)
    assert result.returncode == 2 and "--password-stdin" in result.stderr
    result = run_cli(tmp_path, *args[:5], "--password-stdin", *args[5:], password="")
    assert result.returncode == 2 and "No password" in result.stderr


def run_on_terminal(tmp_path, args, typed):
    """``branchdesk ARGS`` with a terminal of its own, as a person at a desk runs it; returns
    its exit status and everything the terminal showed."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its standard input and output
        os.execve(sys.executable, [sys.executable, "-m", "branchdesk", *args], cli_env(tmp_path))
    shown = b""
    typed_yet = False
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        if not typed_yet and b"Password for" in shown:
            os.write(fd, typed.encode() + b"\n")
            typed_yet = True
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def test_password_is_asked_on_the_terminal_without_echo(tmp_path):
    out = tmp_path / "evacuation.pdf"
    args = ["--demo", "--lang", "en", "--user", "chen.jing", "forms", "evacuation", "-o", str(out)]
    status, shown = run_on_terminal(tmp_path, args, DEMO_PASSWORD)
    assert status == 0, shown
    assert "Password for chen.jing" in shown and DEMO_PASSWORD not in shown
    assert out.exists()
    assert audit_tail(demo_db(tmp_path), 1)[0][:2] == ("陈静", "form_printed")


def test_password_stdin_refuses_a_terminal(tmp_path):
    out = tmp_path / "x.pdf"
    args = ["--demo", "--lang", "en", *as_user("li.na"), "forms", "evacuation", "-o", str(out)]
    status, shown = run_on_terminal(tmp_path, args, DEMO_PASSWORD)
    assert status == 2
    assert "--password-stdin" in shown and "Password for" not in shown
    assert not out.exists()


def test_demo_daily_log_and_a_bad_date(tmp_path):
    out = tmp_path / "daily.pdf"
    signed_in = ("--demo", *as_user("zhao.lei"))
    result = run_cli(
        tmp_path, *signed_in, "forms", "daily-log", "-o", str(out), password=DEMO_PASSWORD
    )
    assert result.returncode == 0, result.stderr
    assert "来访日志" in pdf_text(out)
    dated = tmp_path / "dated.pdf"
    # Today's log is still open (the demo closes past days only): a draft in the language asked.
    today = date.today()
    result = run_cli(
        tmp_path, *signed_in, "--lang", "en", "forms", "daily-log", "--date", today.isoformat(),
        "-o", str(dated), password=DEMO_PASSWORD,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(dated)
    assert f"{today:%A} {today.isoformat()}" in text and "Draft" in text
    bad = run_cli(tmp_path, "--demo", "forms", "daily-log", "--date", "23.11.2026", "-o", "x.pdf")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


def test_missing_visit_is_an_error_not_a_traceback(tmp_path):
    result = run_cli(
        tmp_path, "--demo", *as_user("li.na"), "forms", "visit", "--visit", "99999",
        "-o", str(tmp_path / "x.pdf"), password=DEMO_PASSWORD,
    )  # fmt: skip
    assert result.returncode == 1
    assert "99999" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_user_is_refused_without_a_command(tmp_path):
    result = run_cli(tmp_path, "--demo", "--user", "wang.fang")
    assert result.returncode == 2 and "for commands" in result.stderr


def test_screenshots_need_a_manager(tmp_path):
    out = tmp_path / "shots"
    args = ("screenshots", str(out), "--demo", "--lang", "en")
    refused = run_cli(tmp_path, *args, *as_user("li.na"), password=DEMO_PASSWORD)
    assert refused.returncode == 1 and "manager" in refused.stderr
    assert not out.exists()
    result = run_cli(tmp_path, *args, *as_user("wang.fang"), password=DEMO_PASSWORD)
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.glob("*.png")}
    for expected in (
        "signin-en.png",
        "registration-dialog-en.png",
        "tab-1-visitors-en.png",
        "tab-2-expected-en.png",
        "tab-4-visit_log-en.png",
        "tab-6-calls-en.png",
        "tab-7-scripts-en.png",
    ):
        assert expected in names
    assert all(p.stat().st_size > 5000 for p in out.glob("*.png"))


@pytest.mark.parametrize(
    "argv",
    [
        [],
        ["--demo"],
        ["--lang", "zh_TW", "--demo"],
        ["--database", "sqlite:///d.db", "--lang", "en"],
    ],
)
def test_the_window_starts_without_building_every_commands_parser(argv, monkeypatch):
    """Every command's parser costs the window's start-up; a start without a command reads
    its options alone, to the same values the full parser gives."""
    from branchdesk import cli

    expected = vars(cli.build_parser().parse_args(argv))
    started = []
    monkeypatch.setattr(cli, "build_parser", lambda: pytest.fail("built every command's parser"))
    monkeypatch.setattr(cli, "restrict_new_files", lambda: None)
    monkeypatch.setattr("branchdesk.logging_setup.configure_logging", lambda: None)
    monkeypatch.setattr("branchdesk.ui.app.run_gui", lambda url, *_rest: started.append(url) or 0)
    assert cli._window_arguments(argv).__dict__ == expected
    assert cli.main(argv) == 0 and len(started) == 1


@pytest.mark.parametrize(
    "argv", [["db", "upgrade"], ["--demo", "forms"], ["-h"], ["--version"], ["--lang", "xx"]]
)
def test_commands_help_and_mistakes_go_to_the_full_parser(argv):
    from branchdesk import cli

    assert cli._window_arguments(argv) is None
