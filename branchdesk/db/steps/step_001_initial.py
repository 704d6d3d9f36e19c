"""Schema version 1: users, settings, the audit log, visitors and their visits.

The models below are the version-1 tables exactly as released; later steps change them.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from peewee import (
    BooleanField,
    CompositeKey,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    TextField,
)

from branchdesk.db import db
from branchdesk.db.steps import FrozenTable

if TYPE_CHECKING:
    from playhouse.migrate import SchemaMigrator


class Setting(FrozenTable):
    key = TextField(primary_key=True)
    value = TextField()


class User(FrozenTable):
    username = TextField(unique=True)
    display_name = TextField()
    agent_no = TextField(null=True, unique=True)
    role = TextField()
    password_hash = TextField()
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()


class AuditEntry(FrozenTable):
    at = DateTimeField(index=True)
    actor_id = IntegerField(null=True)
    actor_name = TextField()
    action = TextField(index=True)
    target = TextField(default="")
    detail = TextField(default="")
    prev_hash = TextField()
    hash = TextField()


class Visitor(FrozenTable):
    name = TextField()
    phone = TextField(unique=True)
    organisation = TextField(default="")
    address = TextField(default="")
    created_at = DateTimeField()
    last_visit_at = DateTimeField()


class Visit(FrozenTable):
    visitor = ForeignKeyField(Visitor, backref="+", on_delete="RESTRICT")
    name = TextField()
    phone = TextField()
    organisation = TextField(default="")
    purpose = TextField()
    people_count = IntegerField(default=1)
    host = TextField(default="")
    note = TextField(default="")
    arrived_at = DateTimeField()
    left_at = DateTimeField(null=True)
    consent_given = BooleanField(null=True)
    consent_notice = TextField(default="")  # a copy of the wording in every visit (step 3)
    registered_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    signed_out_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("arrived_at", "id"), False),
            (("visitor", "arrived_at"), False),
            (("purpose", "arrived_at"), False),
            (("left_at",), False),
        )


class PendingReply(FrozenTable):
    visit = ForeignKeyField(Visit, backref="+", on_delete="CASCADE")
    question = TextField()
    answerer = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    deadline = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    answer = TextField(default="")
    answered_at = DateTimeField(null=True)
    answered_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("answered_at", "deadline"), False),)


class Escalation(FrozenTable):
    visit = ForeignKeyField(Visit, backref="+", on_delete="CASCADE")
    responsible = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    reason = TextField()
    at = DateTimeField()
    by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")


class VisitorSearchGram(FrozenTable):
    gram = TextField()
    visitor = ForeignKeyField(Visitor, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "visitor")


TABLES = [Setting, User, AuditEntry, Visitor, Visit, PendingReply, Escalation, VisitorSearchGram]


def apply(migrator: SchemaMigrator) -> None:
    db.create_tables(TABLES)
