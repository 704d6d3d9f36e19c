"""The demo's customer files: about sixty, of every level and source, with contacts and owners
among the demo agents; file 1 is top secret with a signed contract attached (a small PDF made
here), so the secrecy paths can be tried at once. A few files, made at the end of the
fortnight, hold the numbers of people who visited, so their visits link to them by phone.

Its own random generator: drawing from the shared one would change the visitor demo."""

from __future__ import annotations

import io
import random
from datetime import datetime, time, timedelta

from branchdesk.area_registry import DemoEvent, DemoScene
from branchdesk.customers.attachments import add_attachment
from branchdesk.customers.grading import grade_customer
from branchdesk.customers.handover import assign
from branchdesk.customers.permissions import SOURCES
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.db.models import CustomerPhone, Visitor
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.secrecy import Level

SEED = 20261209
FILES = 56
LINKED_TO_VISITORS = 6
AGENTS = ("zhao.lei", "liu.yang", "sun.li")
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋"
GIVEN = ("伟", "芳", "娜", "敏", "静", "强", "磊", "军", "洋", "勇", "艳", "杰", "涛", "明", "超",
         "秀英", "建华", "志强", "海燕", "晓东", "丽娟", "国庆", "春梅")  # fmt: skip
COMPANIES = ("浦江物流有限公司", "东方明珠电子科技", "申城建筑设计院", "陆家嘴投资咨询",
             "张江生物医药", "外高桥国际贸易", "金桥机械制造", "世纪大道餐饮管理")  # fmt: skip
DEPARTMENTS = ("采购部", "财务部", "总经理办公室", "行政部", "技术部")
TAGS = ("老客户", "重点", "潜在", "转介绍", "活动报名")
CONSENT = "客户资料仅用于本公司为其提供服务和产品信息，未经同意不向第三方提供。"


def contract_pdf(customer_name: str, number: str) -> bytes:
    """A one-page signed contract, as a scan of one would be filed."""
    from reportlab.lib.pagesizes import A4
    from reportlab.pdfbase import pdfmetrics
    from reportlab.pdfbase.cidfonts import UnicodeCIDFont
    from reportlab.pdfgen import canvas

    pdfmetrics.registerFont(UnicodeCIDFont("STSong-Light"))
    buffer = io.BytesIO()
    page = canvas.Canvas(buffer, pagesize=A4)
    page.setFont("STSong-Light", 18)
    page.drawString(72, 770, "服务合同")
    page.setFont("STSong-Light", 11)
    lines = (
        f"合同编号：{number}",
        f"甲方：{customer_name}",
        "乙方：华信贸易有限公司上海浦东分公司",
        "甲乙双方经友好协商，就年度服务事宜订立本合同。",
        "本合同一式两份，双方各执一份，自签字之日起生效。",
        "甲方（签字）：__________      乙方（盖章）：__________",
    )
    for row, line in enumerate(lines):
        page.drawString(72, 730 - row * 22, line)
    page.showPage()
    page.save()
    return buffer.getvalue()


def _mobile(rng: random.Random, taken: set[str]) -> str:
    while True:
        text = f"1{rng.choice('3589')}{rng.randrange(10**9):09d}"
        try:
            phone = normalize_phone(text, "CN")
        except InvalidPhone:
            continue
        if phone not in taken:
            taken.add(phone)
            return phone


def _form(
    rng: random.Random, index: int, owner_id: int, taken: set[str], at: datetime
) -> CustomerForm:
    organisation_file = index % 4 == 3
    name = rng.choice(SURNAMES) + rng.choice(GIVEN)
    company = rng.choice(COMPANIES)
    contacts = ()
    if organisation_file or index % 3 == 0:
        contact_name = rng.choice(SURNAMES) + rng.choice(GIVEN)
        contacts = (
            ContactForm(contact_name, rng.choice(("mr", "ms")), rng.choice(DEPARTMENTS),
                        f"上海市浦东新区世纪大道{rng.randrange(1, 2000)}号",
                        (_mobile(rng, taken),)),
        )  # fmt: skip
    # Every level and every source: file 1 (index 0) is top secret, the default (R-S1).
    levels = (Level.TOP_SECRET, Level.SECRET, Level.INTERNAL, Level.TOP_SECRET)
    return CustomerForm(
        name=company if organisation_file else name,
        kind="organisation" if organisation_file else "person",
        organisation=company if organisation_file or rng.random() < 0.5 else "",
        source=list(SOURCES)[index % len(SOURCES)],
        phones=(_mobile(rng, taken),),
        owner_id=owner_id,
        tags=tuple(rng.sample(TAGS, rng.randrange(0, 3))),
        notes="已签年度服务合同，续约意向强。" if index == 0 else "",
        consent_told=CONSENT,
        consent_at=at,
        contacts=contacts,
        level=levels[index % len(levels)],
    )


def demo_events(scene: DemoScene) -> list[DemoEvent]:
    rng = random.Random(SEED)
    actors, now = scene.actors, scene.now
    manager = actors["wang.fang"]
    first_day = now.date() - timedelta(days=now.weekday() + 7)
    start = datetime.combine(first_day - timedelta(days=20), time(10, 0))
    taken: set[str] = set()
    ids: dict[int, int] = {}
    names: list[str] = []
    events: list[DemoEvent] = []
    for index in range(FILES):
        owner = actors[AGENTS[index % len(AGENTS)]]
        at = start + timedelta(hours=index * 7)
        form = _form(rng, index, owner.id, taken, at)
        names.append(form.name)

        def create(index=index, form=form, at=at) -> None:
            ids[index] = create_customer(manager, form, now=at).row.id

        events.append((at, create))
    contract_at = start + timedelta(minutes=20)

    def attach_contract() -> None:
        pdf = contract_pdf(names[0], "HX-2026-0001")
        add_attachment(manager, ids[0], "服务合同 HX-2026-0001.pdf", pdf, now=contract_at)
        grade_customer(manager, ids[0], "A", visited_at=contract_at, signed=True,
                       now=contract_at)  # fmt: skip
        assign(manager, ids[0], actors["liu.yang"].id)

    events.append((contract_at, attach_contract))
    linked_at = now - timedelta(minutes=30)
    events.append((linked_at, lambda: _files_of_visitors(manager, actors, rng, linked_at)))
    return events


def _files_of_visitors(manager, actors, rng: random.Random, at: datetime) -> None:
    """Files for a few people who visited, so their visits link to a file by phone."""
    visitors = Visitor.select().order_by(Visitor.id).limit(LINKED_TO_VISITORS * 3)
    made = 0
    for visitor in visitors:
        if made == LINKED_TO_VISITORS:
            return
        if CustomerPhone.select().where(CustomerPhone.phone == visitor.phone).exists():
            continue
        owner = actors[AGENTS[made % len(AGENTS)]]
        form = CustomerForm(visitor.name, "person", visitor.organisation, "walk_in",
                            (visitor.phone,), owner.id, consent_told=CONSENT, consent_at=at,
                            level=Level.SECRET)  # fmt: skip
        create_customer(manager, form, now=at)
        made += 1
