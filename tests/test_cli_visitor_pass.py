"""branchdesk forms pass: the visitor pass from the command line, signed in and audited."""

from __future__ import annotations

from tests.test_cli import DEMO_PASSWORD, as_user, audit_tail, demo_db, pdf_text, run_cli


def test_pass_is_written_and_audited_as_the_user(tmp_path):
    out = tmp_path / "pass.pdf"
    result = run_cli(
        tmp_path, "--demo", "--lang", "en", *as_user("li.na"), "forms", "pass", "--visit", "1",
        "-o", str(out), password=DEMO_PASSWORD,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(str(out))
    assert "Registration No.: 1" in pdf_text(out)
    assert audit_tail(demo_db(tmp_path), 1) == [
        ("李娜", "form_printed", "form:visitor_pass", "visit=1; size=a6; lang=en"),
    ]


def test_pass_is_refused_without_user(tmp_path):
    out = tmp_path / "pass.pdf"
    result = run_cli(
        tmp_path, "--demo", "--lang", "en", "forms", "pass", "--visit", "1", "-o", str(out)
    )
    assert result.returncode == 2 and "--user LOGIN" in result.stderr
    assert not out.exists()
