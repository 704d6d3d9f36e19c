"""Build the benchmark database once: 1,000,000 visits by ~200,000 visitors over six years.

Rows go in through the models' ``insert_many`` (chunks inside one transaction), not through
``register_visit``: a million audited registrations would take hours. What the services would
write is reproduced: the visit copies the visitor's name, phone and organisation, the visitor
gets its ``VisitorSearchGram`` rows from ``visitor_grams``, and staff and settings are created
by the real services. Names follow real surname frequencies, so a common name such as 张伟
matches hundreds of visitors, as it would in a large office.
"""

from __future__ import annotations

import itertools
import json
import random
import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

import phonenumbers
from peewee import Model

from branchdesk.db import db
from branchdesk.db.connection import close_database, open_database
from branchdesk.db.migrations import LATEST_VERSION, upgrade
from branchdesk.db.models import Visit, Visitor, VisitorSearchGram
from branchdesk.i18n import set_language
from branchdesk.visitors.consent import stored_notice
from branchdesk.visitors.registration import privacy_notice
from branchdesk.visitors.search_grams import visitor_grams

BUILD_FORMAT = 1  # bump when the generated data changes, so old files are rebuilt
VISITS = 1_000_000
VISITORS = 200_000
YEARS = 6
SEED = 1_000_000
CHUNK_ROWS = 2000  # 14 columns x 2000 rows stays under SQLite's 32766 bound parameters
RARE_NAME = "诸葛明远"  # a compound surname the generator never draws: exactly two visitors


def _words(text: str) -> list[str]:
    return text.split()


# The 64 commonest surnames weighted by their share of the population in percent (2020).
SURNAMES = {
    "王": 7.1, "李": 7.0, "张": 6.7, "刘": 5.4, "陈": 4.5, "杨": 3.1, "黄": 2.2, "赵": 2.0,
    "吴": 1.8, "周": 1.7, "徐": 1.3, "孙": 1.2, "马": 1.1, "朱": 1.1, "胡": 1.0, "郭": 1.0,
    "何": 0.9, "林": 0.9, "高": 0.9, "罗": 0.8, "郑": 0.8, "梁": 0.7, "谢": 0.6, "宋": 0.6,
    "唐": 0.5, "许": 0.5, "韩": 0.5, "冯": 0.5, "邓": 0.5, "曹": 0.5, "彭": 0.5, "曾": 0.5,
    "肖": 0.4, "田": 0.4, "董": 0.4, "袁": 0.4, "潘": 0.4, "于": 0.4, "蒋": 0.4, "蔡": 0.4,
    "余": 0.4, "杜": 0.3, "叶": 0.3, "程": 0.3, "苏": 0.3, "魏": 0.3, "吕": 0.3, "丁": 0.3,
    "任": 0.3, "沈": 0.3, "姚": 0.3, "卢": 0.3, "姜": 0.3, "崔": 0.2, "钟": 0.2, "谭": 0.2,
    "陆": 0.2, "汪": 0.2, "范": 0.2, "金": 0.2, "石": 0.2, "廖": 0.2, "贾": 0.2, "夏": 0.2,
}  # fmt: skip
# Characters of given names; the first ten (伟 among them) are three times as common.
GIVEN_COMMON = "伟芳娜敏静丽强磊军洋"
GIVEN_OTHER = (
    "勇艳杰娟涛明超秀英霞平刚桂华建国志文海燕红玉春晓小东辉鹏飞宇浩然子轩欣怡佳雨思梓涵博俊"
    "婷雪琳婧颖慧晨阳鑫斌波宁亮凯峰林丹萍梅兰云凤莉倩蕾瑶嘉诗雅欢彬旭成龙荣新利清德永金福生"
)
ORG_PLACES = _words("上海 苏州 杭州 南京 无锡 宁波 合肥 北京 广州 深圳 常州 嘉兴 昆山 南通")
ORG_WORDS = _words(
    "华信 恒通 云帆 金陵 东方 宏达 港城 申华 中科 明珠 天宁 南粤 前海 禾丰 瑞丰 鼎盛"
)
ORG_TRADES = _words("贸易 机电设备 纺织品 网络科技 建材 物流 精密机械 食品 电子 包装材料 医药")
MOBILE_PREFIXES = _words(
    "130 131 132 133 135 136 137 138 139 150 151 152 155 156 157 158 159 "
    "166 177 180 181 182 183 185 186 187 188 189 199"
)
PURPOSES = {
    "consultation": 30,
    "complaint": 12,
    "business": 18,
    "contract_payment": 14,
    "meeting": 10,
    "delivery": 10,
    "other": 6,
}
NOTES = [
    "",
    "",
    "",
    "咨询产品报价",
    "反映质量问题",
    "洽谈合作",
    "送合同原件",
    "参加推介会",
    "送样品",
    "核对货款",
    "了解售后政策",
]
HOSTS = ["王芳", "赵磊", "刘洋", "孙丽", "李娜", "陈静", ""]


@dataclass(frozen=True)
class BuiltDatabase:
    url: str
    path: Path
    build_seconds: float  # how long the one build took (measured then, stored in meta)
    reused: bool
    counts: dict[str, int]


def _phone(rng: random.Random, taken: set[str]) -> str:
    while True:
        if rng.random() < 0.1:
            text = f"021{rng.choice('56')}{rng.randrange(10**7):07d}"  # Shanghai landline
        else:
            text = f"{rng.choice(MOBILE_PREFIXES)}{rng.randrange(10**8):08d}"
        if text in taken:
            continue
        if phonenumbers.is_valid_number(phonenumbers.parse(text, "CN")):
            taken.add(text)
            return text


def _visitors(rng: random.Random) -> list[tuple[str, str, str]]:
    surnames = list(SURNAMES)
    surname_cum = list(itertools.accumulate(SURNAMES.values()))
    chars = list(GIVEN_COMMON + GIVEN_OTHER)
    char_cum = list(itertools.accumulate([3] * len(GIVEN_COMMON) + [1] * len(GIVEN_OTHER)))
    organisations = [
        p + w + t + "有限公司" for p in ORG_PLACES for w in ORG_WORDS for t in ORG_TRADES
    ]
    taken: set[str] = set()
    people = []
    for index in range(VISITORS):
        surname = rng.choices(surnames, cum_weights=surname_cum)[0]
        given = rng.choices(chars, cum_weights=char_cum, k=1 if rng.random() < 0.35 else 2)
        name = surname + "".join(given)
        if index in (11, 70_000, 150_000):
            name = "张伟"  # a few for certain, whatever the draw gives
        elif index in (42_000, 123_456):
            name = RARE_NAME
        organisation = "" if rng.random() < 0.2 else rng.choice(organisations)
        people.append((name, _phone(rng, taken), organisation))
    return people


def _open_days(end: datetime) -> list[datetime]:
    """Opening time of every open day (Monday to Saturday) in the years before ``end``'s day."""
    first = (end - timedelta(days=365 * YEARS)).replace(hour=9, minute=0, second=0)
    days = [first + timedelta(days=n) for n in range((end.date() - first.date()).days)]
    return [day for day in days if day.weekday() != 6]


def _arrivals(rng: random.Random, end: datetime) -> list[datetime]:
    """Sorted arrival times in opening hours; Saturdays half as busy. Ids follow time."""
    days = _open_days(end)
    weights = [0.5 if d.weekday() == 5 else 1.0 for d in days]
    picked = rng.choices(range(len(days)), weights, k=VISITS)
    offsets = sorted((day, rng.randrange(9 * 3600)) for day in picked)
    return [days[day] + timedelta(seconds=second) for day, second in offsets]


def _visit_owners(rng: random.Random) -> list[int]:
    """Every visitor comes once; the remaining visits go mostly to regulars (couriers, partners)."""
    owners = list(range(VISITORS)) + [
        int(VISITORS * rng.random() ** 3) for _ in range(VISITS - VISITORS)
    ]
    rng.shuffle(owners)
    return owners


def _insert(model: type[Model], fields: list, rows: list[tuple]) -> None:
    for start in range(0, len(rows), CHUNK_ROWS):
        model.insert_many(rows[start : start + CHUNK_ROWS], fields=fields).execute()


def _create_staff(end: datetime) -> dict[str, int]:
    """The demo's staff with the demo's password, created as the demo seeding does (the
    services refuse that weak password, so it is written into the rows afterwards)."""
    from branchdesk.demo.seed import _create_staff as create_demo_staff

    return create_demo_staff(end - timedelta(days=365 * YEARS + 30))


VISIT_FIELDS = [
    Visit.visitor, Visit.name, Visit.phone, Visit.organisation, Visit.purpose, Visit.people_count,
    Visit.host, Visit.note, Visit.arrived_at, Visit.left_at, Visit.consent_given,
    Visit.notice, Visit.registered_by, Visit.signed_out_by,
]  # fmt: skip


def _insert_visits(
    rng: random.Random,
    people: list[tuple[str, str, str]],
    owners: list[int],
    arrivals: list[datetime],
    notice_id: int,
    desks: list[int],
) -> None:
    """What ``register_visit`` and ``sign_out`` would store, streamed in chunks: a million
    tuples held at once would cost about half a gigabyte."""
    purposes = rng.choices(list(PURPOSES), list(PURPOSES.values()), k=VISITS)
    rows = []
    for n, (owner, at, purpose) in enumerate(zip(owners, arrivals, purposes, strict=True)):
        name, phone, organisation = people[owner]
        # The last few visitors of the newest day are still in the building.
        left = at + timedelta(minutes=rng.randint(10, 120)) if n < VISITS - 5 else None
        desk = desks[n % 2]
        people_count = rng.randint(2, 8) if purpose == "meeting" else 1
        host, note = rng.choice(HOSTS), rng.choice(NOTES)
        consent = rng.random() > 0.02
        rows.append((owner + 1, name, phone, organisation, purpose, people_count, host, note, at,
                     left, consent, notice_id, desk, desk if left else None))  # fmt: skip
        if len(rows) == CHUNK_ROWS:
            _insert(Visit, VISIT_FIELDS, rows)
            rows = []
    _insert(Visit, VISIT_FIELDS, rows)


def _fill(end: datetime, progress: Callable[[str], None]) -> dict[str, int]:
    rng = random.Random(SEED)
    set_language("zh_CN")  # the notice every visit links to, as a Chinese desk shows it
    staff = _create_staff(end)
    progress("  generating 200,000 visitors and 1,000,000 arrivals")
    people = _visitors(rng)
    arrivals = _arrivals(rng, end)
    notice = stored_notice(privacy_notice(), arrivals[0])
    owners = _visit_owners(rng)
    first: dict[int, datetime] = {}
    last: dict[int, datetime] = {}
    for owner, at in zip(owners, arrivals, strict=True):
        first.setdefault(owner, at)
        last[owner] = at
    progress("  inserting visitors and their search grams")
    visitor_fields = [Visitor.id, Visitor.name, Visitor.phone, Visitor.organisation,
                      Visitor.created_at, Visitor.last_visit_at]  # fmt: skip
    visitors = [(i + 1, n, p, o, first[i], last[i]) for i, (n, p, o) in enumerate(people)]
    _insert(Visitor, visitor_fields, visitors)
    grams = [(g, i + 1) for i, (n, p, _o) in enumerate(people) for g in visitor_grams(n, p)]
    _insert(VisitorSearchGram, [VisitorSearchGram.gram, VisitorSearchGram.visitor], grams)
    progress("  inserting visits")
    _insert_visits(rng, people, owners, arrivals, notice.id, [staff["li.na"], staff["chen.jing"]])
    return {"visits": VISITS, "visitors": len(people), "search_grams": len(grams)}


def _older_build(data_dir: Path, path: Path) -> Path | None:
    """The same build at an older schema, which the desk's own migrations can bring up to date
    in far less time than a rebuild (and that is what a branch's upgrade does too)."""
    builds = [
        p
        for p in data_dir.glob(f"visits-1m-v{BUILD_FORMAT}-schema*.sqlite3")
        if p != path and p.with_suffix(".json").exists()
    ]
    return max(builds, key=lambda p: int(p.stem.rsplit("schema", 1)[1]), default=None)


def _upgraded(
    older: Path, path: Path, partial: Path, progress: Callable[[str], None]
) -> BuiltDatabase:
    progress(f"Upgrading {older.name} to schema {LATEST_VERSION} with the desk's migrations …")
    started = time.perf_counter()
    shutil.copyfile(older, partial)
    open_database(f"sqlite:///{partial}", encrypted=False)
    upgrade(partial)
    close_database()
    for leftover in partial.parent.glob(partial.name + "?*"):
        leftover.unlink()  # the pre-migration copy and the WAL's files
    partial.rename(path)
    seconds = time.perf_counter() - started
    meta = json.loads(older.with_suffix(".json").read_text())
    meta["upgraded_from"], meta["upgrade_seconds"] = older.name, round(seconds, 1)
    path.with_suffix(".json").write_text(json.dumps(meta, indent=2))
    return BuiltDatabase(f"sqlite:///{path}", path, meta["build_seconds"], True, meta["counts"])


def ensure_visits_database(
    data_dir: Path, progress: Callable[[str], None] = lambda _step: None
) -> BuiltDatabase:
    """The 1M-visit SQLite file under ``data_dir``, built on first use and reused after."""
    path = data_dir / f"visits-1m-v{BUILD_FORMAT}-schema{LATEST_VERSION}.sqlite3"
    meta_path = path.with_suffix(".json")
    if path.exists() and meta_path.exists():
        meta = json.loads(meta_path.read_text())
        return BuiltDatabase(f"sqlite:///{path}", path, meta["build_seconds"], True, meta["counts"])
    data_dir.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    for leftover in data_dir.glob(partial.name + "*"):
        leftover.unlink()
    older = _older_build(data_dir, path)
    if older is not None:
        return _upgraded(older, path, partial, progress)
    progress(f"Building {path.name} once (a few minutes) …")
    started = time.perf_counter()
    # Plain, like a database from before encryption: the start-up children, each with a config
    # folder of its own, open it without a key (bench/encryption_open.py measures the key).
    open_database(f"sqlite:///{partial}", encrypted=False)
    upgrade()
    # A throw-away file: no journal needed while building, and a larger cache for the indexes.
    db.execute_sql("PRAGMA journal_mode=OFF")
    db.execute_sql("PRAGMA synchronous=OFF")
    db.execute_sql("PRAGMA cache_size=-262144")
    end = datetime.now().replace(microsecond=0)
    with db.atomic():
        counts = _fill(end, progress)
    db.execute_sql("PRAGMA journal_mode=WAL")
    close_database()
    partial.rename(path)
    seconds = time.perf_counter() - started
    meta = {"build_seconds": round(seconds, 1), "built_at": end.isoformat(), "counts": counts}
    meta_path.write_text(json.dumps(meta, indent=2))
    return BuiltDatabase(f"sqlite:///{path}", path, seconds, False, counts)
