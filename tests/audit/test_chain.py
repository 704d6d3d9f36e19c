"""The audit log is a hash chain: editing, deleting or slipping in a row is detected (R-S4)."""

from datetime import timedelta

import pytest

from branchdesk.audit.digest import entry_digest
from branchdesk.audit.log import Action, record, verify_chain
from branchdesk.db.models import AuditEntry
from branchdesk.visitors.permissions import VisitAction
from tests.audit.tampering import tamper
from tests.conftest import T0


@pytest.fixture
def chain(any_db, staff):
    for minute, action in enumerate(
        [
            Action.SIGN_IN,
            VisitAction.VISIT_REGISTERED,
            Action.FORM_PRINTED,
            VisitAction.VISIT_SIGNED_OUT,
            Action.SIGN_OUT,
        ]
    ):
        record(
            staff["front_desk"],
            action,
            f"target {minute}",
            "detail",
            at=T0 + timedelta(minutes=minute),
        )
    return [e.id for e in AuditEntry.select(AuditEntry.id).order_by(AuditEntry.id)]


_sql = tamper


def test_an_untouched_chain_verifies(chain):
    assert verify_chain() is None


def test_empty_log_verifies(any_db):
    assert verify_chain() is None


def test_raw_update_of_a_detail_is_pinned_to_that_row(chain, any_db):
    _sql(any_db, "UPDATE audit_entry SET detail = ? WHERE id = ?", "nothing happened", chain[2])
    assert verify_chain() == chain[2]


def test_changing_the_actor_is_detected(chain, any_db):
    _sql(any_db, "UPDATE audit_entry SET actor_name = ? WHERE id = ?", "王芳", chain[1])
    assert verify_chain() == chain[1]


def test_deleting_a_middle_row_is_detected_at_its_successor(chain, any_db):
    _sql(any_db, "DELETE FROM audit_entry WHERE id = ?", chain[2])
    assert verify_chain() == chain[3]


def test_deleting_the_first_row_is_detected(chain, any_db):
    _sql(any_db, "DELETE FROM audit_entry WHERE id = ?", chain[0])
    assert verify_chain() == chain[1]


def test_rehashing_an_edited_row_still_breaks_the_link_to_the_next(chain, any_db):
    # A forger who recomputes the edited row's own hash leaves the next row pointing at the old one.
    entry = AuditEntry.get_by_id(chain[1])
    entry.detail = "forged"
    forged = entry_digest(entry.prev_hash, entry)
    _sql(
        any_db,
        "UPDATE audit_entry SET detail = ?, hash = ? WHERE id = ?",
        "forged",
        forged,
        chain[1],
    )
    assert verify_chain() == chain[2]


def test_appending_after_tampering_does_not_repair_the_chain(chain, any_db, staff):
    _sql(any_db, "UPDATE audit_entry SET target = ? WHERE id = ?", "other", chain[0])
    record(staff["manager"], Action.SIGN_IN, "wang.fang", at=T0 + timedelta(hours=1))
    assert verify_chain() == chain[0]
