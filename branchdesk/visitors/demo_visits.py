"""The visitor desk's demo fortnight: about 110 visits from last week's Monday up to now,
returning visitors, people still in the building (one left from the last open day), questions
answered in time, one overdue and one due later, and two escalations.

Every past day's log is closed after the day's work, as a branch that has run for two weeks
has done, so the archive holds their PDFs and the audit log their seals.

Everything goes through the real services (with ``now=``), so the demo exercises the rules,
permissions and the audit chain. The branch is open Monday to Saturday, 09:00 to closing time.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from branchdesk.area_registry import DemoEvent, DemoScene
from branchdesk.auth.session import Actor
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.visitors.daily_log import close_day
from branchdesk.visitors.presence import closing_time_on, sign_out
from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.replies import answer_pending, escalate, mark_pending
from branchdesk.visitors.settings_spec import VISIT_PURPOSES

OPENING = time(9, 0)
# After the last sign-outs (up to a quarter of an hour past closing) and the daily meeting.
LOG_CLOSED_AFTER_CLOSING = timedelta(minutes=30)


def _words(text: str) -> list[str]:
    return text.split()


SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
GIVEN_NAMES = _words(
    "伟 芳 娜 敏 静 丽 强 磊 军 洋 勇 艳 杰 娟 涛 明 超 秀英 霞 平 刚 桂英 建华 志强 晓东 海燕 "
    "文斌 佳怡 子轩 浩然 雨欣 思远 建国 丽华 俊杰 婷婷 国庆 春梅 宏伟 红霞"
)
ORGANISATIONS = _words(
    "上海浦江机电设备有限公司 苏州恒通纺织品有限公司 杭州云帆网络科技有限公司 "
    "南京金陵建材有限公司 上海东方物流有限公司 无锡宏达精密机械厂 宁波港城进出口有限公司 "
    "上海申华食品有限公司 北京中科信息技术有限公司 合肥徽商电器有限公司 上海明珠酒店管理有限公司 "
    "常州天宁包装材料有限公司 上海浦东新区张江镇社区服务中心 广州南粤贸易有限公司 "
    "深圳前海创新投资有限公司 上海交大附属医院后勤部 昆山华科电子有限公司 嘉兴禾丰农业合作社"
)
COURIERS = ["顺丰速运", "京东物流", "中国邮政EMS", "圆通速递"]
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 "
    "177 180 181 182 183 185 186 187 188 189 199"
)
LANDLINE_AREAS = [("021", "5"), ("021", "6"), ("010", "6"), ("020", "8"), ("0512", "6")]
PURPOSE_WEIGHTS = {"consultation": 30, "complaint": 12, "business": 18, "contract_payment": 14,
                   "meeting": 10, "delivery": 10, "other": 6}  # fmt: skip
NOTES = {
    "consultation": ["咨询新款产品的报价和交货期", "了解售后保修政策", "询问批量采购的折扣",
                     "想了解代理加盟的条件", ""],
    "complaint": ["反映上月到货的产品有质量问题，要求退换", "投诉售后服务响应太慢",
                  "对发票开具错误不满，要求重新开具", "投诉送货时包装破损"],
    "business": ["洽谈明年的年度供货合作", "商谈区域代理合作事宜", "介绍新产品线，寻求合作", ""],
    "contract_payment": ["送来盖章的合同原件", "核对上季度货款对账单", "办理合同续签手续",
                         "询问付款进度"],
    "meeting": ["参加新产品推介会", "参加季度客户座谈会", "参加经销商培训会"],
    "delivery": ["送达合同文件一份，已签收", "送来样品两箱", "递送发票原件"],
    "other": ["来取遗落的雨伞", "应聘面试，已联系人事部", "", "问路，借用洗手间"],
}  # fmt: skip
QUESTIONS = [
    ("批量采购500件以上能给多少折扣？", "经销售部确认，500件以上可享九二折，已电话告知客户。"),
    ("退换货需要多长时间处理完毕？", "质检部确认收到退货后三个工作日内发出新货，已电话告知。"),
    ("能否开具专用发票并分两次开票？", "财务部确认可以分两次开具增值税专用发票，已告知。"),
    ("代理加盟需要哪些资质材料？", "已将加盟资料清单发送到客户邮箱，并电话说明。"),
    ("上月的货款为什么还没有到账？", "财务部核实已于本周二付款，已将付款回单发给客户。"),
    ("保修期外的维修怎么收费？", "技术部提供了收费标准，已电话告知客户并发送报价单。"),
    ("新产品什么时候可以供货？", "生产部确认下月中旬供货，已告知客户。"),
    ("能否安排技术人员上门安装？", "已与技术部约定下周三上门安装，并通知客户。"),
]
ESCALATION_REASONS = [
    "客户情绪激动，要求负责人出面处理退换货问题；已请到贵宾室坐下来谈。",
    "客户要求超出前台权限的赔偿，需负责人决定。",
]


@dataclass
class _PlannedVisit:
    person: tuple[str, str, str]  # name, phone, organisation
    arrived_at: datetime
    purpose: str
    left_at: datetime | None = None
    desk: str = "li.na"  # the front-desk login on duty that day


def _phone(rng: random.Random, landline: bool) -> str:
    while True:
        if landline:
            area, first = rng.choice(LANDLINE_AREAS)
            text = f"{area}-{first}{rng.randrange(10**6, 10**7)}"
        else:
            text = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
        try:
            return normalize_phone(text, "CN")
        except InvalidPhone:
            continue  # a number block phonenumbers does not know; draw another


def _people(rng: random.Random, count: int) -> list[tuple[str, str, str]]:
    """Distinct visitors; two different people named 张伟, as in any real visitor book."""
    phones: set[str] = set()
    people = []
    for index in range(count):
        name = "张伟" if index in (0, 17) else rng.choice(SURNAMES) + rng.choice(GIVEN_NAMES)
        phone = _phone(rng, landline=rng.random() < 0.15)
        while phone in phones:
            phone = _phone(rng, landline=False)
        phones.add(phone)
        organisation = "" if rng.random() < 0.15 else rng.choice(ORGANISATIONS)
        people.append((name, phone, organisation))
    return people


def _open_days(now: datetime) -> list[tuple[datetime, datetime]]:
    """(opening, end of activity) for each open day from last week's Monday up to now."""
    monday = now.date() - timedelta(days=now.weekday() + 7)
    days = []
    for offset in range((now.date() - monday).days + 1):
        day = monday + timedelta(days=offset)
        if day.weekday() == 6:  # closed on Sundays
            continue
        opening = datetime.combine(day, OPENING)
        end = min(closing_time_on(opening), now)
        if end - opening >= timedelta(minutes=20):
            days.append((opening, end))
    return days


def _plan(rng: random.Random, now: datetime) -> list[_PlannedVisit]:
    days = _open_days(now)
    full = [closing_time_on(o) - o for o, _e in days]
    weights = [
        (e - o) / f * (0.6 if o.weekday() == 5 else 1.0)
        for (o, e), f in zip(days, full, strict=True)
    ]
    total = rng.randint(100, 120)
    people = _people(rng, 150)
    fresh = iter(people)
    last_day: dict[str, date] = {}
    plans: list[_PlannedVisit] = []
    for (opening, end), weight in zip(days, weights, strict=True):
        count = max(round(total * weight / sum(weights)), 4)
        span = int((end - opening).total_seconds() // 60) - 5
        minutes = sorted(rng.sample(range(span), min(count, span)))
        desk = "li.na" if opening.weekday() % 2 == 0 else "chen.jing"
        for minute in minutes:
            arrived = opening + timedelta(minutes=minute, seconds=rng.randrange(60))
            # About a quarter are returning visitors, never someone still in the building.
            earlier = [p for p in people if last_day.get(p[1], arrived.date()) < arrived.date()]
            person = rng.choice(earlier) if earlier and rng.random() < 0.25 else next(fresh)
            last_day[person[1]] = arrived.date()
            stay = timedelta(minutes=rng.randint(12, 110))
            left = min(arrived + stay, closing_time_on(arrived) + timedelta(minutes=15))
            plans.append(_PlannedVisit(person, arrived, "", left if left <= now else None, desk))
    purposes = list(VISIT_PURPOSES) + rng.choices(
        list(PURPOSE_WEIGHTS), weights=list(PURPOSE_WEIGHTS.values()), k=len(plans) - 7
    )
    rng.shuffle(purposes)
    for plan, purpose in zip(plans, purposes, strict=True):
        plan.purpose = purpose
    _still_inside(plans, now)
    return plans


def _still_inside(plans: list[_PlannedVisit], now: datetime) -> None:
    """Today's latest visitors are still here; one of the last open day's never signed out."""
    today = [p for p in plans if p.arrived_at.date() == now.date()]
    for plan in today[-4:]:
        plan.left_at = None
    earlier = [p for p in plans if p.arrived_at.date() < now.date()]
    if earlier:
        last_day = earlier[-1].arrived_at.date()
        forgotten = [p for p in earlier if p.arrived_at.date() == last_day][-1]
        forgotten.left_at = None  # flagged as past closing in the list, never auto signed out


def _host(rng: random.Random, purpose: str) -> str:
    hosts = {
        "consultation": ["赵磊", "刘洋", "孙丽"],
        "complaint": ["王芳", "赵磊", "孙丽"],
        "business": ["王芳", "刘洋"],
        "contract_payment": ["刘洋", "孙丽", "王芳"],
        "meeting": ["王芳"],
        "delivery": ["李娜", "陈静"],
        "other": ["李娜", "陈静", ""],
    }
    return rng.choice(hosts[purpose])


def _form(rng: random.Random, plan: _PlannedVisit, consent: bool) -> VisitForm:
    name, phone, organisation = plan.person
    if plan.purpose == "delivery":
        organisation = rng.choice(COURIERS)
    people = rng.randint(2, 6) if plan.purpose == "meeting" else rng.choice([1, 1, 1, 1, 2])
    return VisitForm(
        name=name,
        phone=phone,
        purpose=plan.purpose,
        organisation=organisation,
        people_count=people,
        host=_host(rng, plan.purpose),
        note=rng.choice(NOTES[plan.purpose]),
        consent_given=consent,
    )


def _working_moment(moment: datetime) -> datetime:
    """The same moment if the branch is open then, else half past nine on the next open day."""
    if moment.time() >= OPENING and moment < closing_time_on(moment) and moment.weekday() != 6:
        return moment
    day = moment.date() if moment.time() < OPENING else moment.date() + timedelta(days=1)
    if day.weekday() == 6:
        day += timedelta(days=1)
    return datetime.combine(day, time(9, 30))


def demo_events(scene: DemoScene) -> list[DemoEvent]:
    """The fortnight's service calls, each with the moment it happens, in the order planned."""
    rng, actors, now = scene.rng, scene.actors, scene.now
    plans = _plan(rng, now)
    events: list[DemoEvent] = []
    visit_ids: dict[int, int] = {}
    refused = next(i for i, p in enumerate(plans) if p.purpose in ("delivery", "other"))

    def add(at: datetime, action: Callable[[], object]) -> None:
        assert at <= now, "demo data never happens in the future"
        events.append((at, action))

    for index, plan in enumerate(plans):
        desk = actors[plan.desk]
        form = _form(rng, plan, consent=index != refused)

        def register(index=index, desk=desk, form=form, at=plan.arrived_at) -> None:
            visit_ids[index] = register_visit(desk, form, now=at)

        add(plan.arrived_at, register)
        if plan.left_at is not None:
            add(
                plan.left_at,
                lambda i=index, d=desk, at=plan.left_at: sign_out(d, visit_ids[i], now=at),
            )
    _add_questions(rng, plans, actors, now, visit_ids, add)
    complaints = [i for i, p in enumerate(plans) if p.purpose == "complaint"]
    for number, index in enumerate(complaints[:: max(len(complaints) // 2, 1)][:2]):
        plan = plans[index]
        at = min(plan.arrived_at + timedelta(minutes=8), plan.left_at or now)
        add(
            at,
            lambda i=index, p=plan, at=at, n=number: escalate(
                actors[p.desk], visit_ids[i], actors["wang.fang"].id, ESCALATION_REASONS[n], now=at
            ),
        )
    _close_past_days(actors, now, add)
    return events


def _close_past_days(actors: dict[str, Actor], now: datetime, add) -> None:
    """Each past open day's log closed by that day's front desk (R-V6), sealing the audit log."""
    for opening, _end in _open_days(now):
        if opening.date() >= now.date():
            continue
        day = opening.date()
        desk = actors["li.na" if opening.weekday() % 2 == 0 else "chen.jing"]
        at = closing_time_on(opening) + LOG_CLOSED_AFTER_CLOSING
        add(at, lambda d=desk, day=day, at=at: close_day(d, day, now=at))


def _add_questions(
    rng: random.Random,
    plans: list[_PlannedVisit],
    actors: dict[str, Actor],
    now: datetime,
    visit_ids: dict[int, int],
    add,
) -> None:
    """R-V3 questions: most answered in time, the oldest left overdue, the newest due later."""
    askable = [
        i
        for i, p in enumerate(plans)
        if p.purpose in ("consultation", "complaint", "contract_payment")
    ]
    chosen = askable[::4]
    if askable[-1] not in chosen:
        chosen.append(askable[-1])
    pending_ids: dict[int, int] = {}
    answerers = ["zhao.lei", "liu.yang", "sun.li", "wang.fang"]
    for number, index in enumerate(chosen):
        plan = plans[index]
        asked = plan.arrived_at + timedelta(minutes=rng.randint(3, 10))
        if plan.left_at is not None:
            asked = min(asked, plan.left_at)
        asked = min(asked, now)
        question, answer = QUESTIONS[number % len(QUESTIONS)]
        answerer = actors[answerers[number % len(answerers)]]
        newest = index == chosen[-1]
        deadline = None
        if newest and asked + timedelta(hours=24) <= now + timedelta(hours=2):
            deadline = now + timedelta(hours=20)  # keep one reply visibly due later

        def ask(n=number, i=index, at=asked, q=question, who=answerer, due=deadline) -> None:
            pending_ids[n] = mark_pending(
                actors[plans[i].desk], visit_ids[i], q, who.id, deadline=due, now=at
            )

        add(asked, ask)
        delay = timedelta(minutes=rng.randint(90, 1200))
        answered_at = _working_moment(asked + delay) + timedelta(minutes=rng.randint(0, 40))
        if number == 0 or newest or answered_at > now:
            continue  # the first stays overdue, the newest is due later
        add(
            answered_at,
            lambda n=number, who=answerer, a=answer, at=answered_at: answer_pending(
                who, pending_ids[n], a, now=at
            ),
        )
