"""Seeding the demo database: a realistic branch over this week and the one before.

The staff and the branch are set up here; each area adds its own fortnight through its
declaration's demo hook. Everything goes through the real services (with ``now=``), so the
demo also exercises the rules, permissions and the audit chain, and every screen has something
true to show. Nothing happens after ``now``.
"""

from __future__ import annotations

import random
import secrets
from datetime import datetime, time, timedelta

from branchdesk.area_loader import load_areas
from branchdesk.area_registry import DemoEvent, DemoScene
from branchdesk.auth.passwords import hash_password, one_hash_for
from branchdesk.auth.session import Actor
from branchdesk.auth.users import UserForm, create_user
from branchdesk.branch.service import BranchSetup, initialize_branch
from branchdesk.clock import now as clock_now
from branchdesk.db.models import User
from branchdesk.db.transactions import write_transaction
from branchdesk.demo import DEMO_ACCOUNTS, DEMO_PASSWORD, DemoAccount

COMPANY = "华信贸易有限公司"
BRANCH = "上海浦东分公司"
HOTLINE = "400-820-6688"
SEED = 20261123


def _user_form(account: DemoAccount, password: str) -> UserForm:
    return UserForm(account.login, account.display_name, account.role, account.agent_no,
                    password)  # fmt: skip


def _create_staff(now: datetime) -> dict[str, int]:
    """The manager through the set-up wizard's service, everyone else as the manager adds them.

    The services refuse a weak password such as the documented demo one, and that policy has
    no exception: the accounts are created with a strong random password, and then this demo
    seeding, not any service, writes the documented one into the demo's own rows."""
    placeholder = secrets.token_urlsafe(24)
    manager, *others = DEMO_ACCOUNTS
    with one_hash_for(placeholder):
        setup = BranchSetup(COMPANY, BRANCH, HOTLINE, _user_form(manager, placeholder))
        actor = initialize_branch(setup, now=now)
        ids = {manager.login: actor.id}
        for account in others:
            ids[account.login] = create_user(actor, _user_form(account, placeholder), now=now).id
    User.update(password_hash=hash_password(DEMO_PASSWORD), must_change_password=False).where(
        User.id.in_(list(ids.values()))
    ).execute()
    return ids


def seed_demo(now: datetime | None = None) -> None:
    """Fill a freshly migrated, empty database; refused (PermissionDenied) once set up."""
    now = now or clock_now()
    rng = random.Random(SEED)
    # The staff were taken on a month before the demo's fortnight (from last week's Monday).
    first_day = now.date() - timedelta(days=now.weekday() + 7)
    set_up_at = datetime.combine(first_day - timedelta(days=30), time(9, 0))
    with write_transaction():
        ids = _create_staff(set_up_at)
        actors = {
            a.login: Actor(ids[a.login], a.login, a.display_name, a.role, a.agent_no or None)
            for a in DEMO_ACCOUNTS
        }
        scene = DemoScene(actors, now, rng)
        events: list[DemoEvent] = []
        for area in load_areas():
            if area.demo_events is not None:
                events.extend(area.demo_events(scene))
        # Run in time order (a stable sort keeps each area's order within one moment), so the
        # audit log reads like the fortnight it records.
        for _at, action in sorted(events, key=lambda event: event[0]):
            action()
