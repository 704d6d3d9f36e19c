"""The demo's calls: the agents' calls over this week and the last, each walked through its
stored script with the engine (inbound, follow-up, telesales), every disposition, effective
and incomplete records, callbacks closed by their follow-up call, open and overdue ones, and
leads. Sun Li started a few days into last week, so her quota is the new staff's.

Its own random generator: drawing from the shared one would change the other areas' demo."""

from __future__ import annotations

import random
from datetime import date, datetime, time, timedelta

from branchdesk.area_registry import DemoEvent, DemoScene
from branchdesk.auth.users import UserForm, update_user
from branchdesk.calls.callbacks import open_callbacks
from branchdesk.calls.in_progress import CallInProgress, start_call, suggested_disposition
from branchdesk.calls.leads import record_lead
from branchdesk.calls.permissions import Disposition
from branchdesk.calls.saving import save_call
from branchdesk.db.models import Customer, CustomerContact, CustomerPhone, User
from branchdesk.errors import ValidationError
from branchdesk.scripts.engine import ScriptRun

SEED = 20261210
AGENTS = ("zhao.lei", "liu.yang", "sun.li")
CALLS_A_DAY = (5, 9)
SKIP_REASONS = ("客户直接说明了来意", "客户赶时间", "客户已在上次通话中确认")
# Steps whose choice would loop back: the demo takes the way on.
LOOPING = {"more", "still_objects"}
RECORDED = {
    "issue": ("发票抬头有误", "货物延迟三天到达", "想了解年度服务价格", "退货运费由谁承担"),
    "contact_phone": ("13916881234", "13761234567"),
    "next_call": ("明天上午十点", "下周一下午"),
    "organisation": ("浦江物流有限公司", "张江生物医药"),
    "contact": ("王", "李", "陈"),
    "phone": ("13800138000", "13611112222"),
}

CONTACT_ANSWERS = {
    "organisation": ("浦江物流有限公司", "东方明珠电子科技", "申城建筑设计院", "张江生物医药"),
    "contact_surname": ("王", "李", "张", "刘"),
    "contact_title": ("采购部经理", "财务部", "总经理办公室", "行政主管"),
}


def _walk(run: ScriptRun, rng: random.Random) -> None:
    """Through the script to its end, choosing as a customer might; now and then a mandatory
    step is skipped with a reason, as a real call has it."""
    for _ in range(40):
        if run.finished:
            return
        step = run.current
        choices = [c for c in run.choices() if c.key not in LOOPING] or list(run.choices())
        # The first choice (the customer answers yes, is satisfied …) is the usual one.
        if choices and rng.random() < 0.6:
            key = choices[0].key
        else:
            key = rng.choice(choices).key if choices else None
        if step.kind == "record":
            run.complete(value=rng.choice(RECORDED.get(step.field or "", ("已记录",))))
        elif step.mandatory and rng.random() < 0.06:
            run.skip(rng.choice(SKIP_REASONS), choice_key=key)
        else:
            run.complete(key)


def _disposition(call: CallInProgress, rng: random.Random) -> str:
    suggested = suggested_disposition(call)
    if suggested == Disposition.RESOLVED and rng.random() < 0.1:
        return Disposition.ESCALATED
    return suggested


def _customers_of(user_id: int) -> list[int]:
    query = Customer.select(Customer.id).where(Customer.owner == user_id).order_by(Customer.id)
    return [row.id for row in query]


def _begin(actor, direction: str, customer_id: int, at: datetime, **kwargs) -> CallInProgress:
    """As ``begin_call``, with the customer read here: seeding opens no file (an opening is
    audited at the time of the seeding, not of the demo's fortnight)."""
    customer = Customer.get_by_id(customer_id)
    contact = CustomerContact.select().where(CustomerContact.customer == customer).first()
    phone = CustomerPhone.select().where(CustomerPhone.customer == customer).first()
    name = contact.name if contact and customer.kind == "organisation" else customer.name
    title = {"mr": "先生", "ms": "女士"}.get(contact.title if contact else "", "")
    fields = {
        "organisation": customer.organisation,
        "contact_surname": contact.name if contact else customer.name,
        "contact_title": contact.department if contact else "",
        "phone": phone.phone if phone else "",
    }
    return start_call(actor, direction, {"customer": name, "title": title}, fields,
                      customer_id=customer_id, lang="zh_CN", now=at, **kwargs)  # fmt: skip


def _one_call(actor, at: datetime, kind: str, rng: random.Random) -> None:
    customers = _customers_of(actor.id)
    if not customers:
        return
    customer_id = rng.choice(customers)
    if kind == "not_reached":
        call = _begin(actor, "outbound", customer_id, at, script_id="telesales")
        disposition = Disposition.NOT_REACHED
    else:
        direction = "inbound" if kind == "inbound" else "outbound"
        script = None if kind == "inbound" else "telesales"
        call = _begin(actor, direction, customer_id, at, script_id=script)
        _walk(call.run, rng)
        disposition = _disposition(call, rng)
    # The agent asks what the file lacks (R-C13), most of the time.
    for name, values in CONTACT_ANSWERS.items():
        if not call.fields.get(name) and rng.random() < 0.85:
            call.fields[name] = rng.choice(values)
    if rng.random() < 0.12:
        call.fields["contact_title"] = ""  # an incomplete record
    call.notes = rng.choice(("客户询问报价", "客户反映到货延迟", "介绍年度服务", "客户要求回电"))
    ended = at + timedelta(minutes=rng.randrange(2, 9), seconds=rng.randrange(60))
    saved = save_call(actor, call.form(disposition, ended), now=ended)
    interested = {"need", "record_organisation"} & {p.step_id for p in call.run.path}
    if kind == "telesales" and interested and saved.customer_id:
        _lead(actor, saved.customer_id, saved.id, ended, rng)


def _lead(actor, customer_id: int, call_id: int, at: datetime, rng: random.Random) -> None:
    grade = rng.choice(("A", "B", "C", "C"))
    try:
        record_lead(actor, customer_id, grade, call_id=call_id, visited_at=at - timedelta(days=3),
                    signed=True, now=at + timedelta(seconds=30))  # fmt: skip
    except ValidationError:  # the file is not complete enough for A or B (R-C14)
        record_lead(actor, customer_id, "C", call_id=call_id, now=at + timedelta(seconds=30))


def _follow_up(actor, at: datetime, rng: random.Random) -> None:
    """The oldest open callback of the agent answered by the follow-up call (R-C9 … R-C11)."""
    waiting = [c for c in open_callbacks(actor, actor.id) if c.created_at < at]
    if not waiting:
        return
    callback = waiting[0]
    call = _begin(actor, "outbound", callback.customer_id, at, callback_id=callback.id)
    _walk(call.run, rng)
    steps = {p.step_id for p in call.run.path}
    follow_up_at = at + timedelta(days=1) if "not_satisfied" in steps else None
    disposition = Disposition.WRONG_NUMBER if "wrong_person" in steps else Disposition.RESOLVED
    if disposition == Disposition.WRONG_NUMBER:
        call.callback_id = None  # the callback stays open
    ended = at + timedelta(minutes=rng.randrange(2, 6))
    save_call(actor, call.form(disposition, ended, follow_up_at=follow_up_at), now=ended)


def _event(function, *args):
    return lambda: function(*args)


def _days(first_day: date, now: datetime) -> list[date]:
    days = [first_day + timedelta(days=n) for n in range((now.date() - first_day).days + 1)]
    return [day for day in days if day.weekday() < 5]


def demo_events(scene: DemoScene) -> list[DemoEvent]:
    rng = random.Random(SEED)
    actors, now = scene.actors, scene.now
    first_day = now.date() - timedelta(days=now.weekday() + 7)
    events: list[DemoEvent] = []
    manager = actors["wang.fang"]
    newcomer = actors["sun.li"]
    started = first_day + timedelta(days=2)

    def set_start_date() -> None:
        user = User.get_by_id(newcomer.id)
        form = UserForm(user.username, user.display_name, user.role, user.agent_no or "",
                        active=None, start_date=started)  # fmt: skip
        update_user(manager, newcomer.id, form, now=datetime.combine(first_day, time(8, 30)))

    events.append((datetime.combine(first_day, time(8, 30)), set_start_date))
    kinds = ("inbound", "inbound", "telesales", "telesales", "not_reached")
    for day in _days(first_day, now):
        for login in AGENTS:
            actor = actors[login]
            count = rng.randint(*CALLS_A_DAY)
            for n in range(count):
                at = datetime.combine(day, time(9, 5)) + timedelta(
                    minutes=50 * n + rng.randrange(30)
                )
                if at > now - timedelta(minutes=10):
                    break
                kind, own = rng.choice(kinds), random.Random(rng.random())
                events.append((at, _event(_one_call, actor, at, kind, own)))
            follow_at = datetime.combine(day, time(16, 40)) + timedelta(minutes=rng.randrange(20))
            own = random.Random(rng.random())
            if day < now.date() and rng.random() < 0.85:
                # Not every day: a few callbacks stay open past their deadline (overdue).
                events.append((follow_at, _event(_follow_up, actor, follow_at, own)))
                later = follow_at + timedelta(minutes=25)
                events.append(
                    (later, _event(_follow_up, actor, later, random.Random(own.random())))
                )
    # One callback promised just now: open, its deadline still to come.
    recent = now - timedelta(minutes=8)
    events.append((recent, lambda: _promise(actors["zhao.lei"], recent)))
    return events


def _promise(actor, at: datetime) -> None:
    customers = _customers_of(actor.id)
    call = _begin(actor, "inbound", customers[0], at)
    run = call.run
    run.complete()
    run.complete("inquiry")
    run.complete("cannot_answer")
    run.complete()
    run.complete(value="13916881234")
    call.notes = "客户询问大宗采购的折扣，需请示主管"
    ended = at + timedelta(minutes=3)
    save_call(actor, call.form(Disposition.CALLBACK_PROMISED, ended), now=ended)
