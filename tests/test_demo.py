"""The demo branch: realistic, complete, deterministic, and made only once."""

from __future__ import annotations

import importlib
import io
from collections import Counter
from datetime import datetime, timedelta

import pytest
from argon2 import PasswordHasher

from branchdesk.audit.log import verify_chain
from branchdesk.audit.seals import closing_seal
from branchdesk.audit.verify import verify_log
from branchdesk.auth.session import Actor
from branchdesk.auth.signin import sign_in
from branchdesk.db import connection
from branchdesk.db.migrations import upgrade
from branchdesk.db.models import DailyVisitLog, Escalation, User, Visit, Visitor
from branchdesk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, ensure_demo_database
from branchdesk.demo.seed import seed_demo
from branchdesk.errors import PermissionDenied
from branchdesk.phones import normalize_phone
from branchdesk.visitors.presence import in_building
from branchdesk.visitors.replies import pending_replies
from branchdesk.visitors.settings_spec import VISIT_PURPOSES
from branchdesk.visitors.visit_log import VisitFilter, search_visits

NOW = datetime(2026, 11, 25, 15, 20)  # a Wednesday afternoon
THIS_MONDAY = datetime(2026, 11, 23)


@pytest.fixture(scope="module")
def demo_url(tmp_path_factory) -> str:
    """Seeded once per module: argon2 hashing of every account makes seeding cost a second."""
    url = f"sqlite:///{tmp_path_factory.mktemp('demo') / 'demo.sqlite3'}"
    connection.open_database(url, encrypted=False)
    upgrade()
    seed_demo(NOW)
    connection.close_database()
    return url


@pytest.fixture
def demo_db(demo_url):
    database = connection.open_database(demo_url, encrypted=False)
    yield database
    connection.close_database()


def _manager() -> Actor:
    return Actor.from_user(User.get(User.username == "wang.fang"))


def test_one_account_per_role_and_three_agents_with_numbers():
    roles = Counter(account.role.value for account in DEMO_ACCOUNTS)
    assert roles == {"manager": 1, "admin": 1, "front_desk": 2, "agent": 3}
    agents = [a.agent_no for a in DEMO_ACCOUNTS if a.role == "agent"]
    assert agents == ["1001", "1002", "1003"]


def test_every_demo_account_signs_in(demo_db):
    for account in DEMO_ACCOUNTS:
        actor = sign_in(account.login, account.password, now=NOW)
        assert (actor.role, actor.display_name) == (account.role, account.display_name)
        assert actor.must_change_password is False  # the documented password stays
    assert sign_in("1002", DEMO_ACCOUNTS[0].password, now=NOW).username == "liu.yang"


def test_visits_this_week_and_last_week_in_working_hours(demo_db):
    visits = list(Visit.select())
    assert 80 <= len(visits) <= 150
    assert any(v.arrived_at >= THIS_MONDAY for v in visits)
    assert any(THIS_MONDAY - timedelta(days=7) <= v.arrived_at < THIS_MONDAY for v in visits)
    for visit in visits:
        assert visit.arrived_at <= NOW and visit.arrived_at.weekday() != 6
        assert 9 <= visit.arrived_at.hour < 18
        assert visit.left_at is None or visit.arrived_at <= visit.left_at <= NOW


def test_every_purpose_used_and_one_consent_refused(demo_db):
    assert {v.purpose for v in Visit.select()} == set(VISIT_PURPOSES)
    assert Visit.select().where(Visit.consent_given == False).count() == 1  # noqa: E712
    assert Visit.select().where(Visit.consent_given.is_null()).count() == 0


def test_visitors_have_chinese_names_valid_phones_and_some_return(demo_db):
    visitors = list(Visitor.select())
    assert sum(v.name == "张伟" for v in visitors) >= 2  # a common name, two different people
    for visitor in visitors:
        assert normalize_phone(visitor.phone) == visitor.phone
        assert all("\u4e00" <= ch <= "\u9fff" for ch in visitor.name)
    assert any(len(v.phone) == 11 and v.phone.startswith("1") for v in visitors)
    assert any(v.phone.startswith("0") for v in visitors)  # landlines too
    assert len(visitors) < Visit.select().count()  # returning visitors
    hosts = {v.host for v in Visit.select()} - {""}
    assert hosts <= {a.display_name for a in DEMO_ACCOUNTS}


def test_people_in_the_building_today_and_one_forgotten_yesterday(demo_db):
    inside = in_building(_manager(), now=NOW)
    today = [r for r in inside if r.arrived_at.date() == NOW.date()]
    earlier = [r for r in inside if r.arrived_at.date() < NOW.date()]
    assert len(today) >= 3 and not any(r.past_closing for r in today)
    assert earlier and all(r.past_closing for r in earlier)
    assert earlier[0].arrived_at.date() == (NOW - timedelta(days=1)).date()


def test_pending_replies_answered_overdue_and_due_later(demo_db):
    rows = pending_replies(_manager(), include_answered=True, now=NOW)
    assert sum(r.answered_at is not None for r in rows) >= 3
    open_rows = [r for r in rows if r.answered_at is None]
    assert any(r.overdue for r in open_rows)
    assert any(not r.overdue and r.deadline > NOW for r in open_rows)
    assert all(r.answered_at <= NOW for r in rows if r.answered_at)


def test_escalation_recorded_and_audit_chain_intact(demo_db):
    escalation = Escalation.select().first()
    assert escalation is not None and escalation.responsible.username == "wang.fang"
    assert verify_chain() is None


def test_past_days_are_closed_and_their_seals_verify(demo_db):
    # Last week's Monday to yesterday, without Sunday: eight open days, each closed once.
    days = [d.day for d in DailyVisitLog.select().order_by(DailyVisitLog.day)]
    assert len(days) == 8 and days[0] == (THIS_MONDAY - timedelta(days=7)).date()
    assert days[-1] == (NOW - timedelta(days=1)).date() and 6 not in {d.weekday() for d in days}
    for day in days:
        seal = closing_seal(day)
        assert seal is not None and seal.sealed_at.date() == day
    status = verify_log()
    assert status.intact and status.last_seal is not None
    assert status.last_seal.sealed_at.date() <= NOW.date()


def test_visitors_expected_today_one_came_one_is_late_and_two_are_still_to_come(demo_db):
    from branchdesk.visitors.expected import ExpectedStatus, expected_visits, no_shows

    rows = expected_visits(_manager(), NOW.date(), days=7, now=NOW)
    today = [r.status for r in rows if r.expected_at.date() == NOW.date()]
    assert today == [ExpectedStatus.ARRIVED, ExpectedStatus.LATE] + [ExpectedStatus.EXPECTED] * 2
    assert [r.expected_at.date() for r in rows][-1] == (NOW + timedelta(days=1)).date()
    arrived = Visit.get_by_id(rows[0].visit_id)
    assert (arrived.name, arrived.left_at is not None) == (rows[0].name, True)
    assert len(no_shows(_manager(), NOW.date(), now=NOW)) == 3  # the cancelled one is not


def test_zhang_wei_found_by_search(demo_db):
    rows = search_visits(_manager(), VisitFilter(text="张伟"))
    assert rows and all(r.name == "张伟" for r in rows)


def test_seeding_is_deterministic_and_hashes_the_shared_password_once(
    demo_db, tmp_path, monkeypatch
):
    first = [(v.name, v.phone, v.purpose, v.arrived_at, v.left_at) for v in Visit.select()]
    connection.close_database()
    connection.open_database(f"sqlite:///{tmp_path / 'again.sqlite3'}")
    upgrade()
    hashed: list[str] = []
    real_hash = PasswordHasher.hash

    def counting_hash(hasher, password, *args, **kwargs):
        hashed.append(password)
        return real_hash(hasher, password, *args, **kwargs)

    monkeypatch.setattr(PasswordHasher, "hash", counting_hash)
    seed_demo(NOW)
    again = [(v.name, v.phone, v.purpose, v.arrived_at, v.left_at) for v in Visit.select()]
    assert again == first
    # argon2 is slow by design: one hash for the strong password the services are given, one
    # for the documented password the demo then writes into its own rows.
    assert len(hashed) == 2 and hashed[1] == DEMO_PASSWORD


def test_ensure_demo_database_seeds_once_and_seeding_twice_is_refused(tmp_path):
    url = f"sqlite:///{tmp_path / 'demo.sqlite3'}"
    ensure_demo_database(url)
    counts = (User.select().count(), Visit.select().count())
    assert counts[1] >= 80
    connection.close_database()
    ensure_demo_database(url)
    assert (User.select().count(), Visit.select().count()) == counts
    with pytest.raises(PermissionDenied):
        seed_demo()
    assert (User.select().count(), Visit.select().count()) == counts
    assert Visit.select().where(Visit.arrived_at > datetime.now()).count() == 0
    connection.close_database()


def test_monday_before_opening_shows_last_week_and_saturdays_forgotten_visitor(sqlite_db):
    monday_early = datetime(2026, 11, 23, 8, 0)
    seed_demo(monday_early)
    assert Visit.select().where(Visit.arrived_at >= monday_early).count() == 0
    inside = in_building(_manager(), now=monday_early)
    assert [r.arrived_at.weekday() for r in inside] == [5]
    assert 80 <= Visit.select().count() <= 150


def test_visit_form_pdf_renders_for_visit_one(demo_db):
    try:
        importlib.import_module("branchdesk.printing.visit_form")
    except ImportError as exc:
        pytest.skip(f"printing package not finished yet: {exc}")
    from pypdf import PdfReader

    from branchdesk.visitors.printouts import visit_form_pdf

    pdf = visit_form_pdf(_manager(), 1, "zh_CN", now=NOW)
    assert pdf.startswith(b"%PDF")
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages)
    assert Visit.get_by_id(1).name in text


def test_demo_calls_cover_every_script_disposition_and_callback_state(demo_db):
    from branchdesk.calls.permissions import Disposition
    from branchdesk.calls.service import day_counts, open_callbacks, overdue_count
    from branchdesk.db.models import Call, Callback, Lead

    calls = list(Call.select())
    assert {c.script_id for c in calls} == {"inbound", "follow-up", "telesales"}
    assert {c.disposition for c in calls} == set(Disposition)
    assert {c.effective for c in calls} == {True, False}
    assert min(c.started_at for c in calls) < THIS_MONDAY <= max(c.started_at for c in calls)
    assert max(c.ended_at for c in calls) <= NOW
    assert Callback.select().where(Callback.closed_by_call.is_null(False)).exists()
    manager = _manager()
    assert overdue_count(manager, now=NOW) >= 1
    assert any(c.deadline > NOW for c in open_callbacks(manager))
    assert {lead.grade for lead in Lead.select()} == {"A", "B", "C"}
    sun_li = Actor.from_user(User.get(User.username == "sun.li"))
    counts = day_counts(sun_li, day=NOW.date())
    assert counts.new_staff and counts.calls > 0 and counts.call_quota == 80
