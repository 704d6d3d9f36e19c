"""A customer file owned by the agent of the ``staff`` fixture, a second agent, and a call
form that records every R-C13 field."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

import pytest

from branchdesk.auth.roles import Role
from branchdesk.calls.records import CallForm, ScriptTrace
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.customers.service import create_customer
from tests.conftest import T0, make_user

PHONE = "13912345678"


@dataclass(frozen=True)
class Desk:
    staff: dict
    customer_id: int


@pytest.fixture
def desk(any_db, staff) -> Desk:
    staff = {**staff, "other_agent": make_user("liu.yang", Role.AGENT, "刘洋", "A002")}
    form = CustomerForm(
        name="王建国", organisation="浦江物流有限公司", source="phone", phones=(PHONE,),
        owner_id=staff["agent"].id, contacts=(ContactForm("王建国", "mr", "采购部"),),
    )  # fmt: skip
    return Desk(staff, create_customer(staff["manager"], form, now=T0).row.id)


def complete_form(customer_id: int, at=T0, **changes) -> CallForm:
    values = dict(
        direction="inbound", customer_id=customer_id, started_at=at,
        ended_at=at + timedelta(minutes=4, seconds=10), disposition="resolved",
        notes="询问发货时间", organisation="浦江物流有限公司", contact_surname="王",
        contact_title="采购部经理", phone=PHONE,
        trace=ScriptTrace("inbound", 1, ("greeting", "inquiry", "closing"), 3, 3),
    )  # fmt: skip
    values.update(changes)
    return CallForm(**values)
