"""``export visits`` and ``import visits`` as an operator runs them on the demo branch."""

import sqlite3
import stat

from openpyxl import load_workbook

from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, audit_tail, create_demo, demo_db, run_cli


def _export(tmp_path, out, login="wang.fang", days=("--from", "2020-01-01", "--to", "2099-12-31")):
    args = ("--demo", "--lang", "en", *as_user(login), "export", "visits", *days, "-o", str(out))
    return run_cli(tmp_path, *args, password=DEMO_PASSWORD)


def _open_visits_of_closed_days_left(tmp_path):
    """The demo closed some days and left visitors in; the import refuses such rows, so the
    round trip takes the visits of open days that ended."""
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        closed = [row[0] for row in conn.execute("select day from daily_visit_log")]
        count = conn.execute("select count(*) from visit").fetchone()[0]
    return closed, count


def test_the_manager_exports_a_private_xlsx_and_it_is_audited(tmp_path):
    out = tmp_path / "visits.xlsx"
    result = _export(tmp_path, out)
    assert result.returncode == 0, result.stderr
    assert stat.S_IMODE(out.stat().st_mode) == 0o600
    sheet = load_workbook(out).worksheets[0]
    _closed, count = _open_visits_of_closed_days_left(tmp_path)
    assert sheet.max_row == count + 1
    assert [c.value for c in sheet[1]][:4] == ["Visit no.", "Arrived", "Left", "Name"]
    (actor, action, _target, detail) = audit_tail(demo_db(tmp_path), 1)[0]
    assert (actor, action) == ("王芳", "visits_exported")
    assert f"visits={count}; format=xlsx" in detail


def test_the_front_desk_may_not_export(tmp_path):
    out = tmp_path / "visits.csv"
    result = _export(tmp_path, out, login="li.na")
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert not out.exists()


def test_an_export_imports_back_line_by_line_after_a_dry_run(tmp_path):
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        conn.execute("delete from daily_visit_log")  # no day closed, so every row may return
        conn.execute(
            "update visit set left_at = datetime(arrived_at, '+1 hour') where left_at is null"
        )
    out = tmp_path / "visits.csv"
    days = ("--from", "2020-01-01", "--to", "2099-12-31")
    assert _export(tmp_path, out, days=days).returncode == 0
    rows = out.read_text("utf-8-sig").count("\n") - 1
    login = ("--demo", "--lang", "en", *as_user("li.na"), "import", "visits", str(out))
    dry = run_cli(tmp_path, *login, "--dry-run", password=DEMO_PASSWORD)
    assert dry.returncode == 0, dry.stderr
    assert f"{rows} row(s) can be imported, 0 need correcting" in dry.stdout
    before = _open_visits_of_closed_days_left(tmp_path)[1]
    assert before == rows
    done = run_cli(tmp_path, *login, password=DEMO_PASSWORD)
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    assert len(lines) == rows
    assert lines[0].startswith(f"Row 2: visit {rows + 1} ")
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        fields = "name, phone, organisation, purpose, people_count, host, note, arrived_at, left_at"
        old = conn.execute(f"select {fields} from visit where id <= ? order by id", (rows,))
        new = conn.execute(f"select {fields} from visit where id > ? order by id", (rows,))
        assert new.fetchall() == old.fetchall()


def test_a_register_with_bad_rows_imports_nothing_and_says_why(tmp_path):
    register = tmp_path / "register.csv"
    register.write_text(
        "姓名,电话,来访事由,来访时间,离开时间\n"
        "张伟,13912345678,咨询,2020-03-02 09:30,2020-03-02 10:00\n"
        ",12345,跳舞,yesterday,\n",
        "utf-8",
    )
    create_demo(tmp_path)
    count = _open_visits_of_closed_days_left(tmp_path)[1]
    login = ("--demo", "--lang", "en", *as_user("li.na"), "import", "visits", str(register))
    for extra in ((), ("--dry-run",)):
        result = run_cli(tmp_path, *login, *extra, password=DEMO_PASSWORD)
        assert result.returncode == 1 and "Traceback" not in result.stderr
        assert "Row 3, Name: This field is required." in result.stderr
        assert "Row 3, Purpose:" in result.stderr and "Row 3, Arrived:" in result.stderr
        assert "Row 2" not in result.stderr and "1 row(s)" in result.stderr + result.stdout
    assert _open_visits_of_closed_days_left(tmp_path)[1] == count
