"""Every role × level × path: nothing above what the role may see leaves a service, and every
refusal is audited (R-S4, R-S5). The expectations are written out here, not asked of the
policy, so a policy that shows too much or too little fails."""

from __future__ import annotations

import argparse
import json

import pytest

from branchdesk.audit.log import entries_for_target
from branchdesk.cli_commands import Invocation, customers_find
from branchdesk.customers.listing import CustomerFilter, search_customers
from branchdesk.customers.service import find_customers, get_customer
from branchdesk.db.models import AuditEntry
from branchdesk.errors import PermissionDenied
from branchdesk.secrecy import Level
from tests.customers.conftest import CONTACTS, NOTES, PHONES

# What each role sees of the agent's files: None is nothing at all.
SEES = {
    "front_desk": Level.INTERNAL,
    "agent": Level.SECRET,  # the owner
    "other_agent": Level.INTERNAL,  # not theirs, not assigned
    "manager": Level.TOP_SECRET,
    "admin": None,  # no customer content without a clearance
}
ROLES = list(SEES)


def _phone_shown(role: str, level: Level) -> bool:
    seen = SEES[role]
    return seen is not None and seen >= min(Level.SECRET, level)


def _notes_shown(role: str, level: Level) -> bool:
    seen = SEES[role]
    return seen is not None and seen >= level


def _opens(role: str, level: Level) -> bool:
    return _phone_shown(role, level)


def _details(action: str) -> list[dict]:
    query = AuditEntry.select().where(AuditEntry.action == action).order_by(AuditEntry.id)
    return [json.loads(entry.details) for entry in query]


def _refusals(customer_id=None) -> int:
    query = AuditEntry.select().where(AuditEntry.action == "customer_access_refused")
    if customer_id is not None:
        query = query.where(AuditEntry.target_id == str(customer_id))
    return query.count()


def _check_text(text: str, role: str, level: Level) -> None:
    full = PHONES[level]
    masked = full[:3] + "****" + full[-4:]
    assert (full in text) == _phone_shown(role, level), text
    assert NOTES[level] not in text or _notes_shown(role, level)
    if not _phone_shown(role, level):
        assert masked in text
        assert "赵磊" not in text and "赵*" in text


@pytest.mark.parametrize("level", list(Level), ids=lambda level: level.name)
@pytest.mark.parametrize("role", ROLES)
def test_view(files, role, level):
    actor = files.staff[role]
    customer_id = files.ids[level]
    if not _opens(role, level):
        before = _refusals(customer_id)
        with pytest.raises(PermissionDenied):
            get_customer(actor, customer_id)
        assert _refusals(customer_id) == before + 1
        return
    detail = get_customer(actor, customer_id)
    text = repr(detail)
    _check_text(text, role, level)
    assert (NOTES[level] in text) == _notes_shown(role, level)
    assert (CONTACTS[level] in text) == _phone_shown(role, level)
    viewed = [
        e for e in entries_for_target("customer", customer_id) if e.action == "customer_viewed"
    ]
    assert len(viewed) == (1 if level >= Level.SECRET else 0)


@pytest.mark.parametrize("role", ROLES)
def test_list_search_and_find(files, role):
    actor = files.staff[role]
    if SEES[role] is None:
        before = _refusals()
        for path in (
            lambda: search_customers(actor),
            lambda: search_customers(actor, CustomerFilter("客户")),
            lambda: find_customers(actor, PHONES[Level.INTERNAL]),
        ):
            with pytest.raises(PermissionDenied):
                path()
        assert _refusals() == before + 3
        return
    listed = {row.id: repr(row) for row in search_customers(actor)}
    by_name = {row.id: repr(row) for row in search_customers(actor, CustomerFilter("客户"))}
    found = {row.id: repr(row) for row in find_customers(actor, "浦江")}
    for level, customer_id in files.ids.items():
        for rows in (listed, by_name, found):
            _check_text(rows[customer_id], role, level)
            assert NOTES[level] not in rows[customer_id]  # lists never carry notes
        by_phone = find_customers(actor, PHONES[level])
        # A full number the role may not see finds nothing: the same answer as a miss.
        assert [r.id for r in by_phone] == ([customer_id] if _phone_shown(role, level) else [])


@pytest.mark.parametrize("role", ROLES)
def test_command_line_find(files, role, capsys):
    actor = files.staff[role]
    args = argparse.Namespace(text="浦江", limit=50)
    if SEES[role] is None:
        with pytest.raises(PermissionDenied):
            customers_find(Invocation(args, "", "en", actor))
        return
    assert customers_find(Invocation(args, "", "en", actor)) == 0
    lines = capsys.readouterr().out.splitlines()
    assert len(lines) == len(files.ids)
    for level, customer_id in files.ids.items():
        (line,) = [x for x in lines if x.startswith(f"{customer_id}\t")]
        _check_text(line, role, level)


def test_listing_records_the_query_once_not_each_row(files):
    manager = files.staff["manager"]
    before = len(_details("customers_listed"))
    first = search_customers(manager, CustomerFilter(""), limit=2)
    from branchdesk.customers.listing import cursor_after

    rest = search_customers(manager, CustomerFilter(""), after=cursor_after(first[-1]), limit=2)
    assert len(first) == 2 and len(rest) == 1
    assert {r.id for r in first + rest} == set(files.ids.values())
    entries = _details("customers_listed")
    assert len(entries) == before + 1
    assert entries[-1]["rows"] == 2


def test_a_full_number_typed_into_search_is_kept_masked_in_the_log(files):
    find_customers(files.staff["front_desk"], PHONES[Level.TOP_SECRET])
    entry = _details("customers_listed")[-1]
    assert entry["query"] == "138****0003"
    assert PHONES[Level.TOP_SECRET] not in repr(entry)


@pytest.mark.parametrize("role", ["front_desk", "other_agent", "agent", "manager"])
def test_part_of_a_number_matches_a_masked_file_only_in_the_digits_the_mask_shows(files, role):
    actor = files.staff[role]
    top = files.ids[Level.TOP_SECRET]
    # 13800000003 is shown as 138****0003: "0003" is in the mask, "8000" only in the number.
    assert top in [r.id for r in find_customers(actor, "0003")]
    middle = [r.id for r in find_customers(actor, "8000")]
    assert (top in middle) == _phone_shown(role, Level.TOP_SECRET)
    assert files.ids[Level.INTERNAL] in middle  # an internal file's number is shown whole
