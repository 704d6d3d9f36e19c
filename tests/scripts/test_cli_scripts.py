"""``scripts check`` and ``scripts preview`` as an operator runs them."""

from __future__ import annotations

import sqlite3

from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, create_demo, demo_db, run_cli

SHIPPED = "resources/scripts/inbound.toml"


def test_check_passes_a_sound_file_with_one_line(tmp_path):
    from branchdesk.scripts.loading import shipped_script_paths

    path = shipped_script_paths()[0]
    result = run_cli(tmp_path, "--demo", "--lang", "en", "scripts", "check", str(path))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines() == [f"{path}: OK, script inbound with 17 steps"]


def test_check_lists_each_defect_with_its_step_and_exits_1(tmp_path):
    from branchdesk.scripts.loading import shipped_script_paths

    text = shipped_script_paths()[0].read_text(encoding="utf-8")
    text = text.replace('to = "complaint_listen"', 'to = "complaint_lsten"')
    text = text.replace("{reply_time}给您答复", "{reply_at}给您答复")
    text = text.replace("让客户把话说完", "中国移动让客户把话说完")
    bad = tmp_path / "bad.toml"
    bad.write_text(text, encoding="utf-8")
    result = run_cli(tmp_path, "--demo", "--lang", "en", "scripts", "check", str(bad))
    assert result.returncode == 1
    assert "Traceback" not in result.stderr and result.stdout == ""
    lines = result.stderr.splitlines()
    assert (
        f"{bad}: Step purpose: choice complaint leads to step complaint_lsten, which does "
        "not exist." in lines
    )
    assert (
        f"{bad}: Step cannot_answer: the text in zh_CN uses an unknown placeholder "
        "{reply_at}." in lines
    )
    assert any("Step complaint_listen: the text in zh_CN names 中国移动" in x for x in lines)
    # Nothing leads to complaint_listen any more: it and what only it leads to are unreachable.
    assert f"{bad}: Step complaint_listen cannot be reached from the start." in lines


def test_check_of_a_missing_file_is_a_message(tmp_path):
    result = run_cli(tmp_path, "--demo", "scripts", "check", str(tmp_path / "none.toml"))
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert "none.toml" in result.stderr


def _preview(tmp_path, login, *extra, lang="zh_CN"):
    args = ("--demo", "--lang", lang, *as_user(login), "scripts", "preview", *extra)
    return run_cli(tmp_path, *args, password=DEMO_PASSWORD)


def test_a_new_database_gets_the_shipped_scripts_as_version_1(tmp_path):
    create_demo(tmp_path)  # a command that opens (creates) the database, before any script use
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        rows = conn.execute(
            "select script_id, version, saved_by_id from script_version order by script_id"
        ).fetchall()
    assert rows == [("follow-up", 1, None), ("inbound", 1, None), ("telesales", 1, None)]


def test_preview_fills_the_signed_in_agent_and_the_branch(tmp_path):
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        company = conn.execute("select value from setting where key = 'company_name'").fetchone()
    company_name = company[0].strip('"') if company else ""
    result = _preview(tmp_path, "zhao.lei", "inbound")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "来电接听（inbound，第 1 版）"
    assert f"   您好，{company_name}，我的工号是1001，请问什么事情能够帮您？" in lines
    assert lines[2].startswith("1. greeting")
    assert lines.count("   → purpose") == 1
    steps = [x.split(" ")[1] for x in lines if x[:1].isdigit()]
    assert steps[:3] == ["greeting", "purpose", "inquiry"] and steps[-1] == "hang_up"
    assert len(steps) == 17


def test_preview_for_another_agent_in_taiwan_chinese(tmp_path):
    create_demo(tmp_path)
    result = _preview(tmp_path, "wang.fang", "follow-up", "--agent", "1002", lang="zh_TW")
    assert result.returncode == 0, result.stderr
    assert "我的員工編號是1002" in result.stdout
    assert "{customer}" in result.stdout  # no --customer: the placeholder stays visible


def test_preview_with_a_customer_as_the_user_may_see_the_file(tmp_path):
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        name, owner, title = conn.execute(
            "select c.name, u.username, k.title from customer c join user u on u.id = c.owner_id"
            " join customer_contact k on k.customer_id = c.id where c.id = 1"
        ).fetchone()
    assert title == "ms"
    own = _preview(tmp_path, owner, "follow-up", "--customer", "1", lang="en")
    assert own.returncode == 0, own.stderr
    assert f"   Hello! Am I speaking with Ms {name}?" in own.stdout.splitlines()
    # The front desk may not open this top-secret file: refused, as in the window.
    refused = _preview(tmp_path, "li.na", "follow-up", "--customer", "1", lang="en")
    assert refused.returncode == 1 and name not in refused.stdout + refused.stderr
    assert "Traceback" not in refused.stderr


def test_preview_of_an_unknown_script_or_for_the_admin_is_a_message(tmp_path):
    create_demo(tmp_path)
    missing = _preview(tmp_path, "zhao.lei", "outbound", lang="en")
    assert missing.returncode == 1 and "There is no call script outbound." in missing.stderr
    admin = _preview(tmp_path, "admin", "inbound", lang="en")
    assert admin.returncode == 1 and "Traceback" not in admin.stderr
