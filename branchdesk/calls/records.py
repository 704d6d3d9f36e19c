"""The values the call services take and return."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime


@dataclass(frozen=True)
class SkippedStep:
    """A mandatory script step the agent passed over, and why (asked when it was skipped)."""

    step: str
    reason: str


@dataclass(frozen=True)
class ScriptTrace:
    """What the script engine reports of the call: the script and version used, the steps
    taken in order, how many mandatory steps there were and how many were done."""

    script_id: str = ""
    script_version: int | None = None
    path: tuple[str, ...] = ()
    mandatory_total: int = 0
    mandatory_passed: int = 0
    skipped: tuple[SkippedStep, ...] = ()


@dataclass(frozen=True)
class CallForm:
    direction: str  # Direction
    customer_id: int | None
    started_at: datetime
    disposition: str  # Disposition
    ended_at: datetime | None = None  # None: when it is saved
    notes: str = ""
    # What the call recorded of the contact (R-C13).
    organisation: str = ""
    contact_surname: str = ""
    contact_title: str = ""  # department / title
    phone: str = ""
    trace: ScriptTrace = field(default_factory=ScriptTrace)
    # R-C5: the question the desk could not answer, handed to the responsible person.
    callback_issue: str = ""
    callback_owner_id: int | None = None  # None: the agent
    # R-C11: the customer was not satisfied; another follow-up call at this time.
    follow_up_at: datetime | None = None
    closes_callback_id: int | None = None  # the callback this follow-up call answers


@dataclass(frozen=True)
class CallRow:
    id: int
    agent_id: int
    agent_name: str
    agent_no: str
    customer_id: int | None
    direction: str
    script_id: str
    script_version: int | None
    started_at: datetime
    ended_at: datetime
    duration_seconds: int
    disposition: str
    complaint_flagged: bool
    organisation: str
    contact_surname: str
    contact_title: str
    phone: str
    effective: bool
    adherence: int | None  # percent of the mandatory steps done; None without a script
    notes: str
    path: tuple[str, ...] = ()
    skipped: tuple[SkippedStep, ...] = ()
    missing: tuple[str, ...] = ()  # what keeps the call from counting (R-C13), translated


@dataclass(frozen=True)
class CallCursor:
    """Where the previous page ended: its last (started_at, id)."""

    started_at: datetime
    id: int


@dataclass(frozen=True)
class CallFilter:
    text: str = ""  # part of an organisation, a contact or a phone number
    agent_id: int | None = None  # None: every call the actor may see
    day: date | None = None


@dataclass(frozen=True)
class CallbackRow:
    id: int
    call_id: int
    customer_id: int | None
    owner_id: int
    owner_name: str
    kind: str
    issue: str
    deadline: datetime
    created_at: datetime
    closed_at: datetime | None
    closed_by_call: int | None
    contact: str  # who to call back, as the call recorded them
    phone: str

    def overdue(self, now: datetime) -> bool:
        return self.closed_at is None and self.deadline < now


@dataclass(frozen=True)
class DayCounts:
    """An agent's day against the quota (R-C12)."""

    agent_id: int
    day: date
    calls: int
    effective_calls: int
    leads: int
    call_quota: int
    lead_quota: int
    new_staff: bool

    @property
    def calls_short(self) -> int:
        return max(self.call_quota - self.effective_calls, 0)

    @property
    def leads_short(self) -> int:
        return max(self.lead_quota - self.leads, 0)
