"""Schema step 5 on a database that already has an audit log: its head is sealed at the
upgrade and, on SQLite, the log refuses changes from then on."""

from datetime import timedelta

import pytest
from peewee import IntegrityError

from branchdesk.audit.digest import GENESIS, legacy_digest
from branchdesk.audit.log import Action
from branchdesk.audit.seals import SealReason, all_seals
from branchdesk.audit.verify import verify_log
from branchdesk.db import migrations
from branchdesk.db.steps import step_001_initial as v1
from tests.conftest import T0
from tests.db.test_migrations import _drop_everything, _upgrade_to, versions_from


def test_upgrading_seals_the_existing_head(any_db):
    _drop_everything(any_db)
    _upgrade_to(4)
    prev = GENESIS
    for minute in range(3):  # as version 4 appended them: today's ``record`` writes step 7's
        at = T0 + timedelta(minutes=minute)
        digest = legacy_digest(prev, at, None, "", Action.SIGN_IN_FAILED, "li.na", "")
        v1.AuditEntry.create(at=at, actor_name="", action=Action.SIGN_IN_FAILED,
                             target="li.na", prev_hash=prev, hash=digest)  # fmt: skip
        prev = digest
    head = v1.AuditEntry.select().order_by(v1.AuditEntry.id.desc()).first()

    assert migrations.upgrade() == versions_from(5)

    assert [(s.entry_id, s.entry_hash, s.reason) for s in all_seals()] == [
        (head.id, head.hash, SealReason.UPGRADE)
    ]
    assert verify_log().intact
    if any_db.__class__.__name__.startswith("Sqlite"):
        with pytest.raises(IntegrityError):
            any_db.execute_sql("DELETE FROM audit_entry")
