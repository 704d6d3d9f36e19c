"""Schema step 5 on a database that already has an audit log: its head is sealed at the
upgrade and, on SQLite, the log refuses changes from then on."""

from datetime import timedelta

import pytest
from peewee import IntegrityError

from branchdesk.audit.log import Action, record
from branchdesk.audit.seals import SealReason, all_seals
from branchdesk.audit.verify import verify_log
from branchdesk.db import migrations
from branchdesk.db.models import AuditEntry
from tests.conftest import T0
from tests.db.test_migrations import _drop_everything, _upgrade_to, _versions_from


def test_upgrading_seals_the_existing_head(any_db):
    _drop_everything(any_db)
    _upgrade_to(4)
    for minute in range(3):
        record(None, Action.SIGN_IN_FAILED, "li.na", at=T0 + timedelta(minutes=minute))
    head = AuditEntry.select().order_by(AuditEntry.id.desc()).first()

    assert migrations.upgrade() == _versions_from(5)

    assert [(s.entry_id, s.entry_hash, s.reason) for s in all_seals()] == [
        (head.id, head.hash, SealReason.UPGRADE)
    ]
    assert verify_log().intact
    if any_db.__class__.__name__.startswith("Sqlite"):
        with pytest.raises(IntegrityError):
            any_db.execute_sql("DELETE FROM audit_entry")
