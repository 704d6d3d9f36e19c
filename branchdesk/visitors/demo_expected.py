"""The demo's expected visitors: a morning one who came (registered from the list), one late
in the afternoon's list, two still to come, one for the next open day, and one cancelled.
Entered the evening before by whoever expects them, through the real services."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time, timedelta

from branchdesk.area_registry import DemoEvent, DemoScene
from branchdesk.visitors.expected import (
    ExpectedForm,
    cancel_expected_visit,
    expect_visitor,
    expected_visits,
    register_arrival,
)
from branchdesk.visitors.presence import sign_out

# login of who expects them, name, phone, organisation, host, purpose, note, day offset, time
EXPECTED = [
    ("liu.yang", "周文斌", "13901762345", "上海浦江机电设备有限公司", "刘洋", "business",
     "洽谈明年的年度供货合作", 0, time(10, 30)),
    ("wang.fang", "郑佳怡", "", "苏州恒通纺织品有限公司", "王芳", "contract_payment",
     "送来盖章的合同原件", 0, time(14, 0)),
    ("zhao.lei", "黄思远", "18621453377", "杭州云帆网络科技有限公司", "赵磊", "consultation",
     "了解代理加盟的条件", 0, time(16, 30)),
    ("sun.li", "林雨欣", "13764528810", "", "孙丽", "consultation", "", 0, time(17, 15)),
    ("wang.fang", "何建华", "13817726654", "宁波港城进出口有限公司", "王芳", "meeting",
     "参加季度客户座谈会", 1, time(10, 0)),
    ("liu.yang", "曹宏伟", "15921874406", "常州天宁包装材料有限公司", "刘洋", "business", "", 0,
     time(11, 0)),
]  # fmt: skip
ARRIVES_EARLY = timedelta(minutes=6)
STAYS = timedelta(minutes=70)


def _open_day(day: date) -> date:
    return day + timedelta(days=1) if day.weekday() == 6 else day  # closed on Sundays


def demo_events(scene: DemoScene) -> list[DemoEvent]:
    actors, now = scene.actors, scene.now
    today = _open_day(now.date())
    entered_at = datetime.combine(now.date() - timedelta(days=1), time(16, 0))
    desk = actors["li.na" if today.weekday() % 2 == 0 else "chen.jing"]
    events: list[DemoEvent] = []
    ids: dict[str, int] = {}
    for who, name, phone, organisation, host, purpose, note, offset, at in EXPECTED:
        day = _open_day(today + timedelta(days=offset))
        form = ExpectedForm(name, datetime.combine(day, at), purpose, phone, organisation, host,
                            note)  # fmt: skip

        def enter(who=who, name=name, form=form) -> None:
            ids[name] = expect_visitor(actors[who], form, now=entered_at)

        events.append((entered_at, enter))
    cancelled_at = entered_at + timedelta(minutes=40)
    events.append(
        (
            cancelled_at,
            lambda: cancel_expected_visit(actors["liu.yang"], ids["曹宏伟"], now=cancelled_at),
        )
    )
    arrived = datetime.combine(today, time(10, 30)) - ARRIVES_EARLY
    if arrived <= now:
        visit: dict[str, int] = {}

        def arrive() -> None:
            row = next(
                r for r in expected_visits(desk, today, now=arrived) if r.id == ids["周文斌"]
            )
            form = replace(row.visit_form(), consent_given=True)  # the visitor agreed
            visit["id"] = register_arrival(desk, row.id, form, now=arrived)

        events.append((arrived, arrive))
        if arrived + STAYS <= now:
            left = arrived + STAYS
            events.append((left, lambda: sign_out(desk, visit["id"], now=left)))
    return events
