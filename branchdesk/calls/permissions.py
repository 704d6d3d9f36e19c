"""What the call desk lets a role do, the audit actions it records, its dispositions and how an
entry names a call. Who holds each permission is declared in ``branchdesk.calls.area``."""

from __future__ import annotations

from enum import StrEnum

from branchdesk.i18n import N_


class CallPermission(StrEnum):
    # Taking and making calls; an agent sees the calls, callbacks and leads of their own.
    TAKE_CALLS = "take_calls"
    # The responsible person: every agent's calls, callbacks, leads and daily reports.
    VIEW_ALL_CALLS = "view_all_calls"


class CallAction:
    CALL_SAVED = "call_saved"
    CALLBACK_CLOSED = "callback_closed"
    LEAD_RECORDED = "lead_recorded"
    LEADS_HANDED_OVER = "leads_handed_over"
    CALL_REPORT_PRINTED = "call_report_printed"


class TargetKind:
    CALL = "call"
    CALLBACK = "callback"
    CALL_REPORT = "call_report"


class Direction(StrEnum):
    INBOUND = "inbound"
    OUTBOUND = "outbound"


DIRECTION_LABELS = {Direction.INBOUND: N_("Inbound"), Direction.OUTBOUND: N_("Outbound")}


class Disposition(StrEnum):
    RESOLVED = "resolved"
    COMPLAINT_OPENED = "complaint_opened"
    CALLBACK_PROMISED = "callback_promised"
    ESCALATED = "escalated"
    NOT_REACHED = "not_reached"
    WRONG_NUMBER = "wrong_number"


DISPOSITION_LABELS = {
    Disposition.RESOLVED: N_("Resolved"),
    Disposition.COMPLAINT_OPENED: N_("Complaint opened"),
    Disposition.CALLBACK_PROMISED: N_("Callback promised"),
    Disposition.ESCALATED: N_("Escalated to the responsible person"),
    Disposition.NOT_REACHED: N_("Customer not reached"),
    Disposition.WRONG_NUMBER: N_("Wrong number"),
}

# Nobody was spoken to: such a call records no contact and never counts as effective (R-C13).
NO_CONVERSATION = frozenset({Disposition.NOT_REACHED, Disposition.WRONG_NUMBER})


class CallbackKind(StrEnum):
    REPLY = "reply"  # R-C5, R-C7: a question the desk could not answer on the call
    FOLLOW_UP = "follow_up"  # R-C11: the customer was not satisfied; call again at a set time


CALLBACK_KIND_LABELS = {
    CallbackKind.REPLY: N_("Reply promised"),
    CallbackKind.FOLLOW_UP: N_("Follow-up call"),
}

# The shipped outbound follow-up script (R-C9 … R-C11): a callback is closed by a call using it.
FOLLOW_UP_SCRIPT = "follow-up"
LEAD_GRADES = ("A", "B", "C")
