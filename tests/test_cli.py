"""The command line as an operator uses it: a real ``branchdesk`` process, no display."""

import os
import subprocess
import sys

from pypdf import PdfReader

from branchdesk.db import migrations
from branchdesk.db.encrypted_files import connect_file


def run_cli(tmp_path, *args):
    env = {
        **os.environ,
        "XDG_DATA_HOME": str(tmp_path / "data"),
        "XDG_CONFIG_HOME": str(tmp_path / "config"),
        "QT_QPA_PLATFORM": "offscreen",
    }
    env.pop("BRANCHDESK_DATABASE_URL", None)
    return subprocess.run(
        [sys.executable, "-m", "branchdesk", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def pdf_text(path):
    return "".join(page.extract_text() for page in PdfReader(path).pages)


def test_help_lists_the_commands(tmp_path):
    result = run_cli(tmp_path, "--help")
    assert result.returncode == 0
    for command in ("db", "forms", "screenshots", "--database", "--demo", "--lang"):
        assert command in result.stdout


def test_db_upgrade_creates_then_backup_copies(tmp_path):
    url = f"sqlite:///{tmp_path / 'desk.sqlite3'}"
    first = run_cli(tmp_path, "--database", url, "db", "upgrade")
    assert first.returncode == 0, first.stderr
    backup = tmp_path / "backup.sqlite3"
    result = run_cli(tmp_path, "--database", url, "db", "backup", str(backup))
    assert result.returncode == 0, result.stderr
    with connect_file(backup) as copy:  # encrypted with the desk's key
        (version,) = copy.execute("select version from schema_version").fetchone()
    assert version == migrations.LATEST_VERSION


def test_newer_schema_is_refused_on_stderr(tmp_path):
    path = tmp_path / "desk.sqlite3"
    url = f"sqlite:///{path}"
    assert run_cli(tmp_path, "--database", url, "db", "upgrade").returncode == 0
    with connect_file(path) as conn:
        conn.execute("update schema_version set version = 999")
    result = run_cli(tmp_path, "--database", url, "db", "upgrade")
    assert result.returncode != 0
    assert "999" in result.stderr and "Traceback" not in result.stderr
    with connect_file(path) as conn:
        assert conn.execute("select version from schema_version").fetchone() == (999,)


def test_demo_visit_form_and_blank_form(tmp_path):
    filled = tmp_path / "visit.pdf"
    result = run_cli(tmp_path, "--demo", "forms", "visit", "--visit", "1", "-o", str(filled))
    assert result.returncode == 0, result.stderr
    assert "客户来访登记" in pdf_text(filled)
    blank = tmp_path / "blank.pdf"
    result = run_cli(
        tmp_path, "--demo", "--lang", "en", "forms", "visit", "--blank", "-o", str(blank)
    )
    assert result.returncode == 0, result.stderr
    assert "Visitor Registration" in pdf_text(blank)


def test_demo_daily_log_and_a_bad_date(tmp_path):
    out = tmp_path / "daily.pdf"
    result = run_cli(tmp_path, "--demo", "forms", "daily-log", "-o", str(out))
    assert result.returncode == 0, result.stderr
    assert "来访日志" in pdf_text(out)
    dated = tmp_path / "dated.pdf"
    result = run_cli(
        tmp_path, "--demo", "--lang", "en", "forms", "daily-log", "--date", "2026-11-23",
        "-o", str(dated),
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "Monday, November 23, 2026" in pdf_text(dated)
    bad = run_cli(tmp_path, "--demo", "forms", "daily-log", "--date", "23.11.2026", "-o", "x")
    assert bad.returncode == 2 and "YYYY-MM-DD" in bad.stderr and "Traceback" not in bad.stderr


def test_missing_visit_is_an_error_not_a_traceback(tmp_path):
    result = run_cli(
        tmp_path, "--demo", "forms", "visit", "--visit", "99999", "-o", str(tmp_path / "x.pdf")
    )
    assert result.returncode != 0
    assert "99999" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "x.pdf").exists()


def test_screenshots_render_every_tab(tmp_path):
    out = tmp_path / "shots"
    result = run_cli(tmp_path, "screenshots", str(out), "--demo", "--lang", "en")
    assert result.returncode == 0, result.stderr
    names = {p.name for p in out.glob("*.png")}
    for expected in (
        "signin-en.png",
        "registration-dialog-en.png",
        "tab-1-visitors-en.png",
        "tab-3-visit_log-en.png",
    ):
        assert expected in names
    assert all(p.stat().st_size > 5000 for p in out.glob("*.png"))
