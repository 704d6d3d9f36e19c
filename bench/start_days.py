"""The days the start-up is measured on: copies of the demo database, made each run.

The demo database holds what its seeding left relative to the moment it was created, so who is
in the building depends on when it was first used. The start-up is therefore measured on two
copies made anew, relative to now:

- **empty day**: everyone signed out; the first tab's list has nothing to show.
- **busy day**: 40 visitors in the building, 30 who arrived in the last hours and 10 left
  signed in since yesterday (past closing time, flagged), 6 questions whose reply deadline has
  passed, 3 escalations.

Each lives in its own data folder (``home-<day>/data/BranchDesk/demo.sqlite3``), so the child
runs the same ``branchdesk --demo`` command as the other start-up figures.
"""

from __future__ import annotations

import random
import shutil
import sqlite3
from datetime import timedelta
from pathlib import Path

import phonenumbers

from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.db.connection import close_database, open_database
from branchdesk.db.models import User
from branchdesk.visitors.presence import sign_out_all
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import escalate, mark_pending

DAYS = ("busy", "empty")
ARRIVED_TODAY, LEFT_SINCE_YESTERDAY = 30, 10
OVERDUE_QUESTIONS, ESCALATIONS = 6, 3
SEED = 40

SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何林高罗"
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀英霞"
ORGANISATIONS = [
    "上海华信贸易有限公司", "苏州恒通机电设备有限公司", "杭州云帆网络科技有限公司",
    "南京金陵建材有限公司", "", "顺丰速运",
]  # fmt: skip
PURPOSES = ["consultation", "complaint", "business", "contract_payment", "meeting", "delivery"]
HOSTS = ["王芳", "赵磊", "刘洋", "孙丽", "李娜", ""]


def home_of(data: Path, day: str) -> Path:
    return data / f"home-{day}"


def _phone(rng: random.Random) -> str:
    """A valid mobile number, or now and then a Shanghai landline."""
    while True:
        if rng.random() < 0.2:
            text = f"021{rng.choice('56')}{rng.randrange(10**7):07d}"
        else:
            text = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        if phonenumbers.is_valid_number(phonenumbers.parse(text, "CN")):
            return text


def _actor(login: str) -> Actor:
    return Actor.from_user(User.get(User.username == login))


def _fill_busy_day(rng: random.Random) -> None:
    now = clock_now()
    desk, manager = _actor("li.na"), _actor("wang.fang")
    arrivals = [now - timedelta(minutes=7 * n + 3) for n in range(ARRIVED_TODAY)]
    arrivals += [now - timedelta(days=1, minutes=11 * n) for n in range(LEFT_SINCE_YESTERDAY)]
    visit_ids = []
    for at in sorted(arrivals):
        purpose = rng.choice(PURPOSES)
        form = VisitForm(
            name=rng.choice(SURNAMES) + "".join(rng.choices(GIVEN, k=rng.choice((1, 2)))),
            phone=_phone(rng),
            purpose=purpose,
            organisation=rng.choice(ORGANISATIONS),
            people_count=rng.randint(2, 6) if purpose == "meeting" else 1,
            host=rng.choice(HOSTS),
            consent_given=True,
        )
        visit_ids.append(register_visit(desk, form, now=at))
    # Asked yesterday with the default deadline, so it has passed: overdue.
    for visit_id in visit_ids[:OVERDUE_QUESTIONS]:
        asked = now - timedelta(days=1, hours=2)
        mark_pending(desk, visit_id, "合同条款需要法务确认", manager.id, now=asked)
    for visit_id in visit_ids[-ESCALATIONS:]:
        escalate(desk, visit_id, manager.id, "客户要求与负责人面谈", now=now)


def prepare_start_days(data: Path, demo_database: Path) -> dict[str, Path]:
    """A fresh copy of the demo database for each day, filled as the day says; its home."""
    homes = {}
    for day in DAYS:
        home = home_of(data, day)
        folder = home / "data" / "BranchDesk"
        shutil.rmtree(home, ignore_errors=True)
        folder.mkdir(parents=True)
        target = folder / demo_database.name
        source, copy = sqlite3.connect(demo_database), sqlite3.connect(target)
        try:
            source.backup(copy)
        finally:
            source.close()
            copy.close()
        open_database(f"sqlite:///{target}")
        try:
            sign_out_all(_actor("li.na"))
            if day == "busy":
                _fill_busy_day(random.Random(SEED))
        finally:
            close_database()
        homes[day] = home
    return homes
