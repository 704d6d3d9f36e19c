"""Tables. Rules live in the area packages; these are plain records."""

from __future__ import annotations

import hashlib

from peewee import (
    SQL,
    BlobField,
    BooleanField,
    CompositeKey,
    DateField,
    DateTimeField,
    ForeignKeyField,
    IntegerField,
    Model,
    TextField,
)

from branchdesk.db import db


class BaseModel(Model):
    class Meta:
        database = db
        legacy_table_names = False


class SchemaVersion(BaseModel):
    version = IntegerField()


class Setting(BaseModel):
    """Branch-wide settings shared by every desk; values are JSON text."""

    key = TextField(primary_key=True)
    value = TextField()


class User(BaseModel):
    username = TextField(unique=True)
    display_name = TextField()
    agent_no = TextField(null=True, unique=True)  # 工号
    role = TextField()
    password_hash = TextField()
    active = BooleanField(default=True)
    failed_attempts = IntegerField(default=0)
    locked_until = DateTimeField(null=True)
    created_at = DateTimeField()
    # Set when someone else chose the password (a new account, a reset): changed at sign-in.
    must_change_password = BooleanField(default=False)
    last_failed_at = DateTimeField(null=True)  # failures older than the lockout window expire
    # Customer files (step 12): the secrecy level the user may see and whose files; None means
    # the role's default (``branchdesk.customers.clearance``).
    clearance = IntegerField(null=True)
    scope = TextField(null=True)
    # The day the user started at the branch (step 14): the first two weeks have the smaller
    # call quota (R-C12). None: the day the account was created.
    start_date = DateField(null=True)


class AuditEntry(BaseModel):
    """Append-only; each row hashes its predecessor so that edits and deletions show (R-S4)."""

    at = DateTimeField(index=True)
    actor_id = IntegerField(null=True)
    actor_name = TextField()
    action = TextField(index=True)
    target = TextField(default="")  # the target as the caller named it ("visit:7", a login)
    detail = TextField(default="")  # details as ``key=value`` text, as older callers wrote them
    # The target as an indexed pair, ("visit", "123") or ("setting", "closing_time"), and the
    # details as JSON with the old and new values of a change (step 7).
    target_kind = TextField(default="", constraints=[SQL("DEFAULT ''")])
    target_id = TextField(default="", constraints=[SQL("DEFAULT ''")])
    details = TextField(default="{}", constraints=[SQL("DEFAULT '{}'")])
    desk = TextField(default="", constraints=[SQL("DEFAULT ''")])  # the machine that wrote it
    # Entries written before step 7 keep their hash over the columns they had (format 1).
    hash_format = IntegerField(default=1, constraints=[SQL("DEFAULT 1")])
    prev_hash = TextField()
    hash = TextField()

    class Meta:
        indexes = (
            (("target_kind", "target_id", "id"), False),
            (("actor_id", "id"), False),
        )


class AuditSeal(BaseModel):
    """The chain's head as it was at a moment (daily-log closing, a new day): entries up to it
    can be neither removed nor rewritten without the seal showing it. Append-only, like the
    entries; the same numbers are on the archived daily log's paper copy."""

    sealed_at = DateTimeField()
    entry_id = IntegerField(index=True)
    entry_hash = TextField()
    reason = TextField()
    day = DateField(null=True)  # the day whose log was closed, for a closing seal


class Visitor(BaseModel):
    """A person who has visited, recognised again by phone."""

    name = TextField()
    phone = TextField(unique=True)
    organisation = TextField(default="")
    address = TextField(default="")
    created_at = DateTimeField()
    last_visit_at = DateTimeField()


class ConsentNotice(BaseModel):
    """One wording of the privacy notice (PIPL), stored once for every visit that showed it."""

    text = TextField()
    # Looked up by hash: neither database indexes long TEXT well.
    digest = TextField(unique=True)
    first_shown_at = DateTimeField()

    @staticmethod
    def digest_of(text: str) -> str:
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


class Visit(BaseModel):
    """One visit. Name, phone and organisation are kept as entered that day. No visitor when
    the visitor refused consent or the visit's personal fields were erased (PIPL)."""

    visitor = ForeignKeyField(Visitor, null=True, backref="visits", on_delete="RESTRICT")
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
    # The wording the visitor agreed to or refused; null only for a visit migrated without one.
    # No index: nothing looks visits up by notice, and a notice in use is never deleted.
    notice = ForeignKeyField(
        ConsentNotice, null=True, backref="+", on_delete="RESTRICT", index=False
    )
    registered_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    signed_out_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = (
            (("arrived_at", "id"), False),
            # The visit log's search takes a page's ids from here, its purpose checked in the
            # index; names and phones are checked on the page's rows: schema steps 11 and 16.
            (("visitor", "arrived_at", "purpose"), False),
            (("purpose", "arrived_at"), False),
            (("left_at",), False),
        )


class PendingReply(BaseModel):
    """A question not answered on the spot (R-V3): owned by a person, due by a deadline."""

    visit = ForeignKeyField(Visit, backref="pending_replies", on_delete="CASCADE")
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


class Escalation(BaseModel):
    """A difficult question handed to a responsible person while the visitor waits (R-V4)."""

    visit = ForeignKeyField(Visit, backref="escalations", on_delete="CASCADE")
    responsible = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    reason = TextField()
    at = DateTimeField()
    by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")


class VisitorSearchGram(BaseModel):
    """Short substrings of visitors' names and phones, so that a two-character name or any
    part of a number is found through an index instead of a scan of every visit."""

    gram = TextField()
    visitor = ForeignKeyField(Visitor, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "visitor")


class DailyVisitLog(BaseModel):
    """A day's visit log, closed after the daily meeting and handed to the responsible
    person's office (R-V6). The PDF is kept exactly as printed at closing: it is the record."""

    day = DateField(unique=True)
    closed_at = DateTimeField()
    closed_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    visit_count = IntegerField()
    people_count = IntegerField()
    open_questions = IntegerField()
    pdf = BlobField()
    lang = TextField()


class ExpectedVisit(BaseModel):
    """A visitor someone expects (预约): entered ahead, registered on arrival with its details
    filled in (``visit`` links the arrival), or cancelled; expected and never linked is a
    no-show at closing."""

    name = TextField()
    phone = TextField(default="")  # normalised; the visitor may not have given one yet
    organisation = TextField(default="")
    host = TextField(default="")
    purpose = TextField()
    note = TextField(default="")
    expected_at = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    cancelled_at = DateTimeField(null=True)
    cancelled_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    visit = ForeignKeyField(Visit, null=True, unique=True, backref="+", on_delete="RESTRICT")

    class Meta:
        indexes = ((("expected_at", "id"), False),)


class Customer(BaseModel):
    """A customer file (R-S1: top secret by default): a person or an organisation."""

    kind = TextField()  # "person" | "organisation"
    name = TextField()
    organisation = TextField(default="")
    source = TextField()
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT")
    grade = TextField(default="")  # "", "A", "B", "C" (R-C14)
    tags = TextField(default="")  # comma-separated
    notes = TextField(default="")
    level = IntegerField(default=2)  # branchdesk.secrecy.Level
    consent_told = TextField(default="")  # what the customer was told the data is for (R-S5)
    consent_at = DateTimeField(null=True)
    consent_withdrawn_at = DateTimeField(null=True)
    # R-C14: an A or B grade needs a salesperson's visit and their signed confirmation.
    visited_at = DateTimeField(null=True)
    grade_signed_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT")
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    updated_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "id"), False),)


# A visit links to the customer file holding its phone number (schema step 15): set when the
# visit is registered or its number corrected, and when a file gets the number. Declared here,
# after Customer, as the visit table comes first.
Visit._meta.add_field(
    "customer",
    ForeignKeyField(Customer, null=True, backref="+", on_delete="SET NULL", index=False),
)
# A file's visits, newest first; the visits of a number a file gets or loses.
Visit._meta.indexes = (
    *Visit._meta.indexes,
    (("customer", "arrived_at"), False),
    (("phone",), False),
)


class CustomerContact(BaseModel):
    customer = ForeignKeyField(Customer, backref="contacts", on_delete="CASCADE")
    name = TextField()
    title = TextField(default="")  # "mr" (先生) | "ms" (女士) | ""
    department = TextField(default="")
    address = TextField(default="")


class CustomerPhone(BaseModel):
    """One number belongs to one file (one person, one file), stored normalised."""

    customer = ForeignKeyField(Customer, backref="phones", on_delete="CASCADE")
    contact = ForeignKeyField(
        CustomerContact, null=True, backref="phones", on_delete="SET NULL", index=False
    )
    phone = TextField(unique=True)


class CustomerAssignee(BaseModel):
    """Staff assigned to a file besides its owner (an agent's scope "assigned")."""

    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")
    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("customer", "user")
        indexes = ((("user", "customer"), False),)


class CustomerSearchGram(BaseModel):
    """Short substrings of a file's name, organisation and phones (as VisitorSearchGram)."""

    gram = TextField()
    customer = ForeignKeyField(Customer, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "customer")


class CustomerAttachment(BaseModel):
    """A contract, signed form or survey sheet, kept in the database so every desk sees it."""

    customer = ForeignKeyField(Customer, backref="attachments", on_delete="CASCADE")
    file_name = TextField()
    mime = TextField()
    size = IntegerField()
    sha256 = TextField()
    level = IntegerField(default=2)
    content = BlobField()
    added_at = DateTimeField()
    added_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)


class ClearanceRequest(BaseModel):
    """Raising a clearance to top secret waits for a second manager (four eyes)."""

    user = ForeignKeyField(User, backref="+", on_delete="CASCADE")
    level = IntegerField()
    reason = TextField(default="")
    requested_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    requested_at = DateTimeField()
    approved_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    approved_at = DateTimeField(null=True)


class ScriptVersion(BaseModel):
    """One version of a call script, kept for good: a call names the (script, version) it
    used. ``body`` is the script as JSON (``branchdesk.scripts.model.script_to_data``)."""

    script_id = TextField()
    version = IntegerField()
    body = TextField()
    saved_at = DateTimeField()
    # None: shipped with the product (loaded as version 1 on first run).
    saved_by = ForeignKeyField(User, null=True, backref="+", on_delete="RESTRICT", index=False)
    restored_from = IntegerField(null=True)

    class Meta:
        indexes = ((("script_id", "version"), True),)


class Call(BaseModel):
    """One telephone call taken or made at the desk (R-C8), secret (R-S2). What the call
    recorded of the contact (R-C13) is kept on the call itself: the file may change later."""

    agent = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="RESTRICT")
    direction = TextField()  # "inbound" | "outbound"
    script_id = TextField(default="")
    script_version = IntegerField(null=True)
    started_at = DateTimeField()
    ended_at = DateTimeField()
    duration_seconds = IntegerField()
    notes = TextField(default="")
    disposition = TextField()  # branchdesk.calls.permissions.Disposition
    # A complaint disposition with no complaints area to open a record in: flagged for one.
    complaint_flagged = BooleanField(default=False)
    path = TextField(default="[]")  # JSON: the script steps taken, in order
    mandatory_total = IntegerField(default=0)
    mandatory_passed = IntegerField(default=0)
    skipped = TextField(default="[]")  # JSON: [{"step": id, "reason": text}]
    organisation = TextField(default="")
    contact_surname = TextField(default="")
    contact_title = TextField(default="")  # department / title
    phone = TextField(default="")
    effective = BooleanField(default=False)  # R-C13, decided on the saved record
    level = IntegerField(default=1)  # branchdesk.secrecy.Level.SECRET

    class Meta:
        indexes = (
            (("agent", "started_at", "id"), False),
            (("started_at", "id"), False),
            (("phone",), False),  # a whole number searched for
        )


class CallSearchGram(BaseModel):
    """Short substrings of a call's organisation, contact and phone (as CustomerSearchGram)."""

    gram = TextField()
    call = ForeignKeyField(Call, backref="+", on_delete="CASCADE")

    class Meta:
        primary_key = CompositeKey("gram", "call")


class Callback(BaseModel):
    """A promised call back (R-C5, R-C7) or another follow-up (R-C11), owned by the person
    responsible, closed by the follow-up call that used the outbound script."""

    call = ForeignKeyField(Call, backref="+", on_delete="RESTRICT")
    customer = ForeignKeyField(Customer, null=True, backref="+", on_delete="RESTRICT",
                               index=False)  # fmt: skip
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    kind = TextField()  # "reply" (R-C5) | "follow_up" (R-C11)
    issue = TextField(default="")
    deadline = DateTimeField()
    created_at = DateTimeField()
    created_by = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    closed_at = DateTimeField(null=True)
    closed_by_call = ForeignKeyField(Call, null=True, backref="+", on_delete="RESTRICT",
                                     index=False)  # fmt: skip

    class Meta:
        indexes = ((("owner", "closed_at", "deadline"), False),)


class CallDraft(BaseModel):
    """The call in progress, saved as it goes, offered for resumption at the next start."""

    agent = ForeignKeyField(User, backref="+", on_delete="CASCADE", unique=True)
    saved_at = DateTimeField()
    content = TextField()  # JSON


class Lead(BaseModel):
    """A customer worth following up, recorded from a call (R-C12), graded A / B / C (R-C14)
    and owned by the agent who recorded it (R-F5)."""

    call = ForeignKeyField(Call, null=True, backref="+", on_delete="RESTRICT", index=False)
    customer = ForeignKeyField(Customer, backref="+", on_delete="RESTRICT", index=False)
    owner = ForeignKeyField(User, backref="+", on_delete="RESTRICT", index=False)
    grade = TextField()
    created_at = DateTimeField()

    class Meta:
        indexes = ((("owner", "created_at"), False),)


ALL_MODELS = [
    SchemaVersion,
    Setting,
    User,
    AuditEntry,
    AuditSeal,
    Visitor,
    ConsentNotice,
    Visit,
    PendingReply,
    Escalation,
    VisitorSearchGram,
    DailyVisitLog,
    ExpectedVisit,
    Customer,
    CustomerContact,
    CustomerPhone,
    CustomerAssignee,
    CustomerSearchGram,
    CustomerAttachment,
    ClearanceRequest,
    ScriptVersion,
    Call,
    CallSearchGram,
    Callback,
    CallDraft,
    Lead,
]
