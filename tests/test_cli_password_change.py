"""A password someone else set (a new account, a reset) is replaced before any command runs,
on the command line as in the window: asked on a terminal, refused to a script, which changes
it with ``account change-password``; every step audited as the window audits it."""

import os
import pty
import sqlite3
import sys

from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, audit_tail, cli_env, create_demo, demo_db, run_cli

NEW_PASSWORD = "lantern-harbour-57-quietly"


def _impose_password_change(tmp_path, login="li.na") -> None:
    """As a manager's reset leaves the account: its password must be replaced at sign-in."""
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        conn.execute("update user set must_change_password = 1 where username = ?", (login,))


def _must_change(tmp_path, login="li.na") -> bool:
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        query = "select must_change_password from user where username = ?"
        return bool(conn.execute(query, (login,)).fetchone()[0])


def run_on_terminal(tmp_path, args, answers):
    """``branchdesk ARGS`` on a terminal of its own; ``answers`` are (prompt, typed) pairs
    answered in order as each prompt appears. Returns the exit status and what was shown."""
    pid, fd = pty.fork()
    if pid == 0:  # the child: the terminal is its standard input and output
        os.execve(sys.executable, [sys.executable, "-m", "branchdesk", *args], cli_env(tmp_path))
    shown, pending = b"", list(answers)
    while True:
        try:
            chunk = os.read(fd, 1024)
        except OSError:  # the child closed the terminal
            break
        if not chunk:
            break
        shown += chunk
        # Each prompt is answered once, after the previous answer's echo of a newline.
        if pending and shown.count(pending[0][0].encode()) > answered_of(answers, pending):
            os.write(fd, pending.pop(0)[1].encode() + b"\n")
    _pid, status = os.waitpid(pid, 0)
    os.close(fd)
    return os.waitstatus_to_exitcode(status), shown.decode(errors="replace")


def answered_of(answers, pending) -> int:
    """How often the next pending prompt was already answered (prompts repeat on retries)."""
    done = answers[: len(answers) - len(pending)]
    return sum(1 for prompt, _typed in done if prompt == pending[0][0])


def test_a_script_is_refused_until_the_password_is_changed(tmp_path):
    _impose_password_change(tmp_path)
    out = tmp_path / "evacuation.pdf"
    args = ("--demo", "--lang", "en", *as_user("li.na"), "forms", "evacuation", "-o", str(out))
    refused = run_cli(tmp_path, *args, password=DEMO_PASSWORD)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert "account change-password" in refused.stderr
    assert len(refused.stderr.strip().splitlines()) == 1
    assert not out.exists()
    assert audit_tail(demo_db(tmp_path), 1)[0][1] == "sign_in"  # nothing printed

    change = ("--demo", "--lang", "en", *as_user("li.na"), "account", "change-password")
    weak = run_cli(tmp_path, *change, password=f"{DEMO_PASSWORD}\npassword123")
    assert weak.returncode == 1 and "Traceback" not in weak.stderr
    assert "password" in weak.stderr and _must_change(tmp_path)
    missing = run_cli(tmp_path, *change, password=DEMO_PASSWORD)
    assert missing.returncode == 2 and "second line" in missing.stderr

    changed = run_cli(tmp_path, *change, password=f"{DEMO_PASSWORD}\n{NEW_PASSWORD}")
    assert changed.returncode == 0, changed.stderr
    assert not _must_change(tmp_path)
    assert audit_tail(demo_db(tmp_path), 2) == [
        ("李娜", "sign_in", "li.na", ""),
        ("李娜", "password_reset", "li.na", ""),
    ]
    assert run_cli(tmp_path, *args, password=DEMO_PASSWORD).returncode == 1  # the old one
    result = run_cli(tmp_path, *args, password=NEW_PASSWORD)
    assert result.returncode == 0, result.stderr
    assert out.exists()


def test_on_a_terminal_the_new_password_is_asked_until_one_is_accepted(tmp_path):
    _impose_password_change(tmp_path)
    out = tmp_path / "evacuation.pdf"
    args = ["--demo", "--lang", "en", "--user", "li.na", "forms", "evacuation", "-o", str(out)]
    status, shown = run_on_terminal(
        tmp_path,
        args,
        [
            ("Password for li.na", DEMO_PASSWORD),
            ("New password:", "password123"),  # the policy's reason, asked again
            ("Repeat new password:", "password123"),
            ("New password:", NEW_PASSWORD),
            ("Repeat new password:", NEW_PASSWORD + "x"),  # not the same, asked again
            ("New password:", NEW_PASSWORD),
            ("Repeat new password:", NEW_PASSWORD),
        ],
    )
    assert status == 0, shown
    assert "set by someone else" in shown
    assert "This is a commonly used password." in shown
    assert "The two passwords are not the same." in shown
    assert "Password changed." in shown
    assert NEW_PASSWORD not in shown and DEMO_PASSWORD not in shown  # nothing echoed
    assert out.exists() and not _must_change(tmp_path)
    assert [row[1] for row in audit_tail(demo_db(tmp_path), 3)] == [
        "sign_in",
        "password_reset",
        "form_printed",
    ]


def test_on_a_terminal_giving_up_runs_nothing(tmp_path):
    _impose_password_change(tmp_path)
    out = tmp_path / "evacuation.pdf"
    args = ["--demo", "--lang", "en", "--user", "li.na", "forms", "evacuation", "-o", str(out)]
    status, shown = run_on_terminal(
        tmp_path, args, [("Password for li.na", DEMO_PASSWORD), ("New password:", "")]
    )
    assert status == 1 and "was not changed" in shown and "Traceback" not in shown
    assert not out.exists() and _must_change(tmp_path)


def test_anyone_changes_their_own_password_on_the_terminal(tmp_path):
    create_demo(tmp_path)
    args = ["--demo", "--lang", "en", "--user", "chen.jing", "account", "change-password"]
    status, shown = run_on_terminal(
        tmp_path,
        args,
        [
            ("Password for chen.jing", DEMO_PASSWORD),
            ("New password:", NEW_PASSWORD),
            ("Repeat new password:", NEW_PASSWORD),
        ],
    )
    assert status == 0, shown
    assert "set by someone else" not in shown and "Password changed." in shown
    assert audit_tail(demo_db(tmp_path), 1)[0][1:3] == ("password_reset", "chen.jing")
