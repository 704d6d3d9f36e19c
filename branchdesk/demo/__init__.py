"""Demo data for ``--demo``: the accounts, and the database created on first use.

Seeding (``branchdesk.demo.seed``) imports most of the desk's services; it loads only when a
demo database is first filled, so an existing one opens fast.
"""

from __future__ import annotations

from typing import NamedTuple

from branchdesk.auth.roles import Role
from branchdesk.db.connection import open_database, sqlite_path
from branchdesk.db.migrations import upgrade
from branchdesk.db.models import User

DEMO_PASSWORD = "demo1234"  # documented in the README and listed by the sign-in dialog


class DemoAccount(NamedTuple):
    login: str
    password: str
    role: Role
    display_name: str
    agent_no: str = ""  # 工号; agents sign in with it too


DEMO_ACCOUNTS: list[DemoAccount] = [
    DemoAccount("wang.fang", DEMO_PASSWORD, Role.MANAGER, "王芳"),
    DemoAccount("admin", DEMO_PASSWORD, Role.ADMIN, "周建国"),
    DemoAccount("li.na", DEMO_PASSWORD, Role.FRONT_DESK, "李娜"),
    DemoAccount("chen.jing", DEMO_PASSWORD, Role.FRONT_DESK, "陈静"),
    DemoAccount("zhao.lei", DEMO_PASSWORD, Role.AGENT, "赵磊", "1001"),
    DemoAccount("liu.yang", DEMO_PASSWORD, Role.AGENT, "刘洋", "1002"),
    DemoAccount("sun.li", DEMO_PASSWORD, Role.AGENT, "孙丽", "1003"),
]


def ensure_demo_database(url: str) -> None:
    """Open and migrate the demo database; fill it only the first time (no users yet).

    It stays unencrypted, so anyone trying the product can open it with any SQLite tool.
    """
    open_database(url, encrypted=False)
    upgrade(sqlite_path(url))
    if not User.select().exists():
        from branchdesk.demo.seed import seed_demo

        seed_demo()
