"""The command line given the wrong file, or run where no window can open: one line on
stderr, a non-zero exit, never a traceback, and nothing changed."""

import hashlib
import os
import sqlite3
import subprocess
import sys

import pytest

from branchdesk.db.encrypted_files import connect_file
from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, cli_env, create_demo, run_cli


def one_line_error(result):
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("branchdesk: "), result.stderr
    return lines[0]


def sha256(path):
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.parametrize("content", [b"hello, not a database\n", os.urandom(8192)])
def test_a_file_that_is_not_a_database_is_refused_in_one_line(tmp_path, content):
    path = tmp_path / "notes.txt"
    path.write_bytes(content)
    assert run_cli(tmp_path, "db", "upgrade").returncode == 0  # this computer has a key now
    result = run_cli(tmp_path, "--lang", "en", "--database", f"sqlite:///{path}", "db", "upgrade")
    assert "is not a BranchDesk database" in one_line_error(result)
    assert path.read_bytes() == content
    assert not list(tmp_path.glob("notes.txt-*"))


def test_backup_onto_a_folder_or_an_existing_file_is_refused_unless_forced(tmp_path):
    create_demo(tmp_path)
    login = ("--demo", "--lang", "en", *as_user("admin"), "db", "backup")
    folder = run_cli(tmp_path, *login, str(tmp_path), password=DEMO_PASSWORD)
    assert "is a folder" in one_line_error(folder)
    existing = tmp_path / "keep.sqlite3"
    existing.write_bytes(b"someone's file")
    refused = run_cli(tmp_path, *login, str(existing), password=DEMO_PASSWORD)
    assert "--force" in one_line_error(refused)
    assert existing.read_bytes() == b"someone's file"
    forced = run_cli(tmp_path, *login, str(existing), "--force", password=DEMO_PASSWORD)
    assert forced.returncode == 0, forced.stderr
    with sqlite3.connect(existing) as copy:
        assert copy.execute("select count(*) from visit").fetchone()[0] > 0


def _newer_rollback_journal_database(tmp_path):
    path = tmp_path / "desk.sqlite3"
    assert run_cli(tmp_path, "--database", f"sqlite:///{path}", "db", "upgrade").returncode == 0
    with connect_file(path) as conn:  # encrypted with the desk's key
        conn.execute("pragma journal_mode = delete")
        conn.execute("update schema_version set version = 999")
    assert not list(tmp_path.glob("desk.sqlite3-*"))
    return path


@pytest.mark.parametrize(
    "command", [("db", "upgrade"), (*as_user("li.na"), "forms", "evacuation", "-o", "x.pdf")]
)
def test_a_newer_database_is_refused_without_a_byte_changed(tmp_path, command):
    path = _newer_rollback_journal_database(tmp_path)
    before = sha256(path)
    result = run_cli(tmp_path, "--database", f"sqlite:///{path}", *command, password="x" * 12)
    assert "999" in one_line_error(result)
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.glob("desk.sqlite3*")) == ["desk.sqlite3"]


def test_the_window_is_refused_untouched_too(tmp_path):
    from branchdesk.db import connection
    from branchdesk.errors import SchemaTooNew
    from branchdesk.startup import prepare_database

    path = _newer_rollback_journal_database(tmp_path)
    before = sha256(path)
    try:
        with pytest.raises(SchemaTooNew):
            prepare_database(f"sqlite:///{path}", demo=False)
    finally:
        connection.close_database()
    assert sha256(path) == before
    assert sorted(p.name for p in tmp_path.glob("desk.sqlite3*")) == ["desk.sqlite3"]


def test_the_window_without_a_display_says_what_works_instead(tmp_path):
    env = cli_env(tmp_path)
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        env.pop(name, None)
    result = subprocess.run(
        [sys.executable, "-m", "branchdesk", "--demo", "--lang", "en"],
        env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 2
    line = one_line_error(result)
    assert "graphical session" in line and "forms" in line and "export visits" in line
    assert not (tmp_path / "data" / "BranchDesk" / "demo.sqlite3").exists()


@pytest.mark.parametrize(
    ("env", "missing"),
    [
        ({}, True),
        ({"QT_QPA_PLATFORM": "xcb"}, True),
        ({"QT_QPA_PLATFORM": "offscreen"}, False),
        ({"QT_QPA_PLATFORM": "minimal"}, False),
        ({"DISPLAY": ":0"}, False),
        ({"WAYLAND_DISPLAY": "wayland-0"}, False),
    ],
)
def test_a_missing_display_is_told_apart_from_a_headless_platform(monkeypatch, env, missing):
    from branchdesk.startup import missing_display_message

    monkeypatch.setattr(sys, "platform", "linux")
    for name in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"):
        monkeypatch.delenv(name, raising=False)
    for name, value in env.items():
        monkeypatch.setenv(name, value)
    assert (missing_display_message() is not None) is missing
