from datetime import date, timedelta

from branchdesk.visitors.registration import VisitForm, register_visit
from branchdesk.visitors.visit_log import VisitFilter, cursor_after, search_visits
from tests.conftest import T0

PEOPLE = [
    ("张伟", "13812345678", "consultation"),
    ("张伟华", "13900001111", "complaint"),
    ("李张伟", "02164123456", "business"),
    ("王芳", "13712340000", "consultation"),
    ("Zhang Wei", "+85291234567", "delivery"),
]


def _register_all(actor, days_apart=1):
    ids = []
    for i, (name, phone, purpose) in enumerate(PEOPLE):
        form = VisitForm(name, phone, purpose, consent_given=True)
        ids.append(register_visit(actor, form, now=T0 + timedelta(days=i * days_apart)))
    return ids


def names(rows):
    return [r.name for r in rows]


def test_two_character_chinese_name_is_found(any_db, staff):
    _register_all(staff["front_desk"])
    found = search_visits(staff["front_desk"], VisitFilter(text="张伟"))
    assert names(found) == ["李张伟", "张伟华", "张伟"]  # newest first


def test_single_character_and_latin_names(any_db, staff):
    _register_all(staff["front_desk"])
    assert names(search_visits(staff["agent"], VisitFilter(text="芳"))) == ["王芳"]
    assert names(search_visits(staff["agent"], VisitFilter(text="zhang wei"))) == ["Zhang Wei"]
    assert names(search_visits(staff["agent"], VisitFilter(text="WEI"))) == ["Zhang Wei"]


def test_any_part_of_a_phone_number_is_found(any_db, staff):
    _register_all(staff["front_desk"])
    front = staff["front_desk"]
    expected = ["Zhang Wei", "王芳", "李张伟", "张伟"]
    assert names(search_visits(front, VisitFilter(text="1234"))) == expected
    assert names(search_visits(front, VisitFilter(text="5678"))) == ["张伟"]
    assert names(search_visits(front, VisitFilter(text="021-6412"))) == ["李张伟"]
    assert names(search_visits(front, VisitFilter(text="00"))) == ["王芳", "张伟华"]
    assert search_visits(front, VisitFilter(text="98765")) == []


def test_date_range_and_purpose_filters(any_db, staff):
    _register_all(staff["front_desk"])
    first = T0.date()
    in_range = VisitFilter(date_from=first + timedelta(days=1), date_to=first + timedelta(days=3))
    assert names(search_visits(staff["agent"], in_range)) == ["王芳", "李张伟", "张伟华"]
    purpose = VisitFilter(purpose="consultation")
    assert names(search_visits(staff["agent"], purpose)) == ["王芳", "张伟"]
    both = VisitFilter(text="张伟", purpose="consultation", date_to=date(2030, 1, 1))
    assert names(search_visits(staff["agent"], both)) == ["张伟"]


def test_keyset_pages_cover_every_visit_once(any_db, staff):
    front = staff["front_desk"]
    for i in range(25):
        # several visits share an arrival time: the id breaks the tie
        register_visit(
            front,
            VisitForm(f"访客{i}", "13812345678", "other", consent_given=True),
            now=T0 + timedelta(minutes=i // 3),
        )
    seen, after = [], None
    while page := search_visits(front, VisitFilter(), after=after, limit=7):
        seen += [r.id for r in page]
        after = cursor_after(page[-1])
    assert len(seen) == 25 and len(set(seen)) == 25
    assert search_visits(front, VisitFilter(text="访客1"), limit=100)[-1].name == "访客1"


def test_search_text_is_not_a_pattern(any_db, staff):
    front = staff["front_desk"]
    register_visit(front, VisitForm("王芳", "13812345678", "other", consent_given=True), now=T0)
    assert search_visits(front, VisitFilter(text="%")) == []
    assert search_visits(front, VisitFilter(text="_")) == []
    assert search_visits(front, VisitFilter(text="' OR 1=1 --")) == []


def test_oldest_first_pages_by_the_same_keyset(any_db, staff):
    front = staff["front_desk"]
    _register_all(front, days_apart=0)  # the same arrival time: the id breaks the tie
    _register_all(front)
    seen, after = [], None
    while page := search_visits(front, VisitFilter(), after, limit=3, newest_first=False):
        seen += page
        after = cursor_after(page[-1])
    keys = [(r.arrived_at, r.id) for r in seen]
    assert len(keys) == 10 and keys == sorted(keys)
    newest = search_visits(front, VisitFilter(text="张伟"), limit=100)
    oldest = search_visits(front, VisitFilter(text="张伟"), limit=100, newest_first=False)
    assert oldest == list(reversed(newest))


def test_a_renamed_visitor_is_found_by_the_name_each_visit_was_made_under(any_db, staff):
    front = staff["front_desk"]
    register_visit(front, VisitForm("张伟", "13812345678", "other", consent_given=True), now=T0)
    renamed = VisitForm("李明", "138 1234 5678", "other", consent_given=True)
    register_visit(front, renamed, now=T0 + timedelta(days=1))
    assert [(r.name, r.arrived_at) for r in search_visits(front, VisitFilter(text="张伟"))] == [
        ("张伟", T0)
    ]
    assert names(search_visits(front, VisitFilter(text="李明"))) == ["李明"]
    assert names(search_visits(front, VisitFilter(text="5678"))) == ["李明", "张伟"]
    assert names(search_visits(front, VisitFilter(text="张伟", purpose="meeting"))) == []


def test_a_page_is_filled_past_visits_made_under_a_later_name(any_db, staff):
    # A page's ids are chosen by visitor; the visits made under another name are left out on
    # reading, and the next ids fill the page, in both orders and from a cursor.
    front = staff["front_desk"]
    for day in range(3):
        form = VisitForm("张伟", "13812345678", "other", consent_given=True)
        register_visit(front, form, now=T0 + timedelta(days=day))
    for day in range(3, 6):
        form = VisitForm("李明", "13812345678", "other", consent_given=True)
        register_visit(front, form, now=T0 + timedelta(days=day))
    found = VisitFilter(text="张伟")
    newest = search_visits(front, found, limit=2)
    assert [(r.name, r.arrived_at) for r in newest] == [
        ("张伟", T0 + timedelta(days=2)),
        ("张伟", T0 + timedelta(days=1)),
    ]
    rest = search_visits(front, found, after=cursor_after(newest[-1]), limit=2)
    assert [(r.name, r.arrived_at) for r in rest] == [("张伟", T0)]
    oldest = search_visits(front, VisitFilter(text="李明"), limit=2, newest_first=False)
    assert [r.arrived_at for r in oldest] == [T0 + timedelta(days=3), T0 + timedelta(days=4)]


def _visit_queries(call) -> list[tuple[str, list[str]]]:
    """(SQL, SQLite's plan) of every query ``call`` runs on the visit table."""
    import logging

    from branchdesk.db import db

    statements = []

    class Capture(logging.Handler):
        def emit(self, record):
            if isinstance(record.msg, tuple) and 'FROM "visit"' in record.msg[0]:
                statements.append(record.msg)

    logger, handler = logging.getLogger("peewee"), Capture()
    level = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.DEBUG)
    try:
        call()
    finally:
        logger.removeHandler(handler)
        logger.setLevel(level)
    return [
        (sql, [row[-1] for row in db.execute_sql(f"EXPLAIN QUERY PLAN {sql}", params)])
        for sql, params in statements
    ]


def test_a_search_reads_only_the_rows_of_its_page(sqlite_db, staff):
    """The first search after the desk starts reads its pages from the disk: a page's ids come
    from the visitor index alone (no visit row read), then the page's own rows by id."""
    _register_all(staff["front_desk"])
    for text, purpose in [("张伟", ""), ("1234", ""), ("张伟", "complaint"), ("1234", "other")]:
        queries = _visit_queries(
            lambda t=text, p=purpose: search_visits(staff["agent"], VisitFilter(text=t, purpose=p))
        )
        ids, *rows = queries
        assert ids[0].startswith('SELECT "t1"."id", "t1"."arrived_at" FROM "visit"'), text
        covering = "COVERING INDEX visit_visitor_id_arrived_at_purpose"
        assert any(covering in line for line in ids[1]), text
        for _sql, plan in rows:  # none when nothing matched
            assert any("INTEGER PRIMARY KEY" in line for line in plan), text
