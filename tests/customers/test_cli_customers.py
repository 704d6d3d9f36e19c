"""``customers find`` and ``export customers`` on the demo branch, as an operator runs them:
the same masking as the window, exports refused for the front desk, each with its reason."""

from __future__ import annotations

import sqlite3

from openpyxl import load_workbook

from branchdesk.demo import DEMO_PASSWORD
from tests.test_cli import as_user, audit_tail, create_demo, demo_db, run_cli


def _file_one(tmp_path) -> tuple[str, list[str], int]:
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        name, level = conn.execute("select name, level from customer where id = 1").fetchone()
        phones = [
            r[0] for r in conn.execute("select phone from customer_phone where customer_id = 1")
        ]
    return name, phones, level


def _find(tmp_path, login, text):
    args = ("--demo", "--lang", "en", *as_user(login), "customers", "find", text)
    return run_cli(tmp_path, *args, password=DEMO_PASSWORD)


def test_find_prints_the_files_masked_for_whoever_asks(tmp_path):
    create_demo(tmp_path)
    name, phones, level = _file_one(tmp_path)
    assert level == 2  # the demo's first file is top secret
    front = _find(tmp_path, "li.na", name)
    assert front.returncode == 0, front.stderr
    line = next(x for x in front.stdout.splitlines() if x.startswith("1\t"))
    assert name in line and "Top secret" in line
    assert not any(phone in front.stdout for phone in phones)
    assert phones[0][:3] + "****" + phones[0][-4:] in line
    owner = _find(tmp_path, "zhao.lei", name)  # the demo file's owner
    assert phones[0] in owner.stdout
    hidden = _find(tmp_path, "li.na", phones[0])  # a number she may not see: as a miss
    assert hidden.returncode == 0 and hidden.stdout == ""
    admin = _find(tmp_path, "admin", name)
    assert admin.returncode == 1 and "Traceback" not in admin.stderr
    assert audit_tail(demo_db(tmp_path), 1)[0][1] == "customer_access_refused"


def test_export_is_refused_for_the_front_desk_and_masked_for_an_agent(tmp_path):
    out = tmp_path / "customers.xlsx"
    args = ("export", "customers", "-o", str(out), "--reason", "季度核对")
    refused = run_cli(tmp_path, "--demo", *as_user("li.na"), *args, password=DEMO_PASSWORD)
    assert refused.returncode == 1 and "Traceback" not in refused.stderr
    assert not out.exists()
    agent = run_cli(tmp_path, "--demo", *as_user("sun.li"), *args, password=DEMO_PASSWORD)
    assert agent.returncode == 0, agent.stderr
    _name, phones, _level = _file_one(tmp_path)  # zhao.lei's (assigned to liu.yang), not sun.li's
    cells = " ".join(
        str(c.value) for row in load_workbook(out).worksheets[0] for c in row if c.value
    )
    assert phones[0] not in cells and phones[0][:3] + "****" in cells
    (actor, action, _target, _detail) = audit_tail(demo_db(tmp_path), 1)[0]
    assert (actor, action) == ("孙丽", "customers_exported")
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        (details,) = conn.execute("select details from audit_entry order by id desc").fetchone()
    assert "季度核对" in details


def test_the_demo_has_files_of_every_level_and_source_and_file_one_has_a_contract(tmp_path):
    create_demo(tmp_path)
    with sqlite3.connect(demo_db(tmp_path)) as conn:
        count, levels, sources = conn.execute(
            "select count(*), count(distinct level), count(distinct source) from customer"
        ).fetchone()
        owners = {r[0] for r in conn.execute(
            "select u.username from customer c join user u on u.id = c.owner_id"
        )}  # fmt: skip
        (mime, content) = conn.execute(
            "select mime, content from customer_attachment where customer_id = 1"
        ).fetchone()
        contacts = conn.execute("select count(*) from customer_contact").fetchone()[0]
        # Visits link to the file of their number, whichever was recorded first.
        linked, wrong, missed = conn.execute(
            "select count(v.customer_id),"
            " sum(v.customer_id is not null and p.customer_id is not v.customer_id),"
            " sum(v.customer_id is null and p.customer_id is not null)"
            " from visit v left join customer_phone p on p.phone = v.phone"
        ).fetchone()
    assert linked >= 10 and wrong == 0 and missed == 0
    assert 55 <= count <= 70 and levels == 3 and sources == 6
    assert owners == {"zhao.lei", "liu.yang", "sun.li"}
    assert mime == "application/pdf" and bytes(content).startswith(b"%PDF")
    assert contacts > 10
