"""Files at every level, owned by the agent of the ``staff`` fixture, and a second agent who
owns none of them: the cases every access test walks."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from branchdesk.auth.roles import Role
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from branchdesk.secrecy import Level
from tests.conftest import T0, make_user

PHONES = {
    Level.INTERNAL: "13800000001",
    Level.SECRET: "13800000002",
    Level.TOP_SECRET: "13800000003",
}
NOTES = {level: f"NOTE-{level.name}" for level in Level}
CONTACTS = {level: f"联系人{level.value}" for level in Level}


@dataclass(frozen=True)
class Files:
    ids: dict[Level, int]
    staff: dict


@pytest.fixture
def files(any_db, staff) -> Files:
    return make_files(staff)


def make_files(staff: dict) -> Files:
    """The files of every level, the staff and a second agent, on the open database."""
    staff = {**staff, "other_agent": make_user("liu.yang", Role.AGENT, "刘洋", "A002")}
    ids = {}
    for level in Level:
        form = CustomerForm(
            name=f"客户{level.value}",
            organisation="浦江物流",
            source="referral",
            phones=(PHONES[level],),
            owner_id=staff["agent"].id,
            notes=NOTES[level],
            contacts=(ContactForm(CONTACTS[level], "ms", "采购部"),),
            level=level,
        )
        ids[level] = create_customer(staff["manager"], form, now=T0).row.id
    return Files(ids, staff)
