"""``branchdesk report daily``: an agent's own report, a manager's per agent, refusals."""

from __future__ import annotations

from datetime import date

from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, pdf_text, run_cli


def test_report_daily_for_an_agent_and_for_a_manager(tmp_path):
    today = date.today().isoformat()
    own = tmp_path / "own.pdf"
    result = run_cli(tmp_path, "--demo", *as_user("zhao.lei"), "report", "daily", "--date",
                     today, "-o", str(own), password=DEMO_PASSWORD)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(own)
    assert "电话销售日报表" in text and "赵磊" in text and "刘洋" not in text.replace("机密", "")

    refused = run_cli(tmp_path, "--demo", *as_user("zhao.lei"), "report", "daily", "--agent",
                      "1002", "-o", str(tmp_path / "x.pdf"), password=DEMO_PASSWORD)  # fmt: skip
    assert refused.returncode != 0 and "Traceback" not in refused.stderr

    every = tmp_path / "every.pdf"
    manager = ("--demo", *as_user("wang.fang"), "--lang", "en")
    result = run_cli(tmp_path, *manager, "report", "daily", "--date", today, "-o", str(every),
                     password=DEMO_PASSWORD)  # fmt: skip
    assert result.returncode == 0, result.stderr
    text = pdf_text(every)
    for agent in ("赵磊", "刘洋", "孙丽"):
        assert f"Agent: {agent}" in text
    one = tmp_path / "one.pdf"
    result = run_cli(tmp_path, "--demo", *as_user("wang.fang"), "report", "daily", "--agent",
                     "1003", "-o", str(one), password=DEMO_PASSWORD)  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert "孙丽" in pdf_text(one) and "赵磊" not in pdf_text(one)

    front_desk = run_cli(tmp_path, "--demo", *as_user("li.na"), "report", "daily",
                         "-o", str(tmp_path / "y.pdf"), password=DEMO_PASSWORD)  # fmt: skip
    assert front_desk.returncode != 0 and "Traceback" not in front_desk.stderr
