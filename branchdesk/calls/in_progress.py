"""A call in progress: the script run (``branchdesk.scripts``), the timer's start, the notes
and the R-C13 fields typed so far. Qt-free and in memory: the window walks the script on the
GUI thread without the database; starting, resuming and the draft go through the services.

What the script recorded (the issue, the contact's phone, organisation …) fills the call's own
fields the agent left empty when the call is saved.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any

from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_calls
from branchdesk.calls.callbacks import follow_up_values
from branchdesk.calls.permissions import FOLLOW_UP_SCRIPT, Direction, Disposition
from branchdesk.calls.records import CallForm, ScriptTrace, SkippedStep
from branchdesk.clock import now as clock_now
from branchdesk.customers.service import get_customer
from branchdesk.errors import ValidationError
from branchdesk.i18n import _, current_language, format_time
from branchdesk.scripts import service as scripts
from branchdesk.scripts.engine import Passed, ScriptRun
from branchdesk.settings.store import get_setting

# The script's record steps' fields → the call's own fields.
RECORDED_FIELDS = {
    "organisation": "organisation",
    "contact": "contact_surname",
    "contact_phone": "phone",
    "phone": "phone",
    "issue": "callback_issue",
    "new_request": "callback_issue",  # R-C11: followed up as a new case
}
# Follow-up steps after which the customer is called again (R-C11: not satisfied, a new
# request, or no time to talk now).
CALL_AGAIN_STEPS = frozenset({"not_satisfied", "new_request", "another_time"})
CONTACT_FIELDS = ("organisation", "contact_surname", "contact_title", "phone")
DEFAULT_SCRIPTS = {Direction.INBOUND: "inbound", Direction.OUTBOUND: "telesales"}


@dataclass
class CallInProgress:
    direction: str
    run: ScriptRun
    started_at: datetime
    customer_id: int | None = None
    callback_id: int | None = None
    notes: str = ""
    fields: dict[str, str] = field(default_factory=lambda: dict.fromkeys(CONTACT_FIELDS, ""))

    def trace(self) -> ScriptTrace:
        run = self.run
        skipped = tuple(
            SkippedStep(p.step_id, p.reason or "")
            for p in run.path
            if p.how == Passed.SKIPPED and p.mandatory
        )
        return ScriptTrace(run.script.id, run.script.version, tuple(p.step_id for p in run.path),
                           run.mandatory_reached, run.mandatory_completed, skipped)  # fmt: skip

    def recorded(self) -> dict[str, str]:
        """The call's fields the script recorded, by the call's field names."""
        found: dict[str, str] = {}
        for name, value in self.run.recorded.items():
            target = RECORDED_FIELDS.get(name)
            if target and (value or "").strip():
                found[target] = value.strip()
        return found

    def form(
        self,
        disposition: str,
        ended_at: datetime | None = None,
        *,
        callback_owner_id: int | None = None,
        follow_up_at: datetime | None = None,
    ) -> CallForm:
        recorded = self.recorded()
        values = {name: self.fields.get(name, "") or recorded.get(name, "")
                  for name in CONTACT_FIELDS}  # fmt: skip
        return CallForm(
            direction=self.direction, customer_id=self.customer_id, started_at=self.started_at,
            disposition=disposition, ended_at=ended_at, notes=self.notes, trace=self.trace(),
            callback_issue=recorded.get("callback_issue", "") or self.notes,
            callback_owner_id=callback_owner_id, follow_up_at=follow_up_at,
            closes_callback_id=self.callback_id, **values,
        )  # fmt: skip

    def to_draft(self) -> dict[str, Any]:
        return {
            "direction": self.direction,
            "started_at": self.started_at.isoformat(sep=" "),
            "customer_id": self.customer_id,
            "callback_id": self.callback_id,
            "notes": self.notes,
            "fields": dict(self.fields),
            "run": self.run.to_state(),
        }


def _customer_fields(actor: Actor, customer_id: int) -> dict[str, str]:
    """The R-C13 fields as the file shows them to the actor; a masked value is left out, so
    that no mask is ever stored as the call's own record."""
    detail = get_customer(actor, customer_id)
    contact = detail.contacts[0] if detail.contacts else None
    found = {
        "organisation": detail.row.organisation or (
            detail.row.name if detail.row.kind == "organisation" else ""),
        "contact_surname": contact.name if contact else detail.row.name,
        "contact_title": contact.department if contact else "",
        "phone": detail.row.phones[0] if detail.row.phones else "",
    }  # fmt: skip
    return {k: v for k, v in found.items() if v and "*" not in v}


def call_values(actor: Actor, callback_id: int | None, lang: str, at: datetime) -> dict[str, str]:
    """The placeholders only the call knows besides the customer: the reply time (R-C5: the
    callback deadline), and for a follow-up the original call's date and issue (R-C10)."""
    minutes = get_setting("callback_deadline_minutes")
    values = {"reply_time": format_time(at + timedelta(minutes=minutes), lang)}
    if callback_id is not None:
        values.update(follow_up_values(actor, callback_id))
    return values


def begin_call(
    actor: Actor,
    direction: str,
    *,
    customer_id: int | None = None,
    callback_id: int | None = None,
    script_id: str | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> CallInProgress:
    """Start a call: the timer from ``now``, the script (the direction's default) with every
    placeholder the desk knows filled, the contact fields from the customer's file (opening
    it, as the agent does, audited by the customer files)."""
    require_calls(actor)
    lang = lang or current_language()
    customer: dict[str, str] = {}
    fields: dict[str, str] = {}
    if customer_id is not None:
        customer = scripts.customer_values(actor, customer_id, lang)
        fields = _customer_fields(actor, customer_id)
    return start_call(actor, direction, customer, fields, customer_id=customer_id,
                      callback_id=callback_id, script_id=script_id, lang=lang, now=now)  # fmt: skip


def start_call(
    actor: Actor,
    direction: str,
    customer: dict[str, str],
    fields: dict[str, str],
    *,
    customer_id: int | None = None,
    callback_id: int | None = None,
    script_id: str | None = None,
    lang: str | None = None,
    now: datetime | None = None,
) -> CallInProgress:
    """``begin_call`` with the customer's placeholders and fields already known."""
    require_calls(actor)
    if direction not in set(Direction):
        raise ValidationError({"direction": _("Choose inbound or outbound.")})
    at = now or clock_now()
    lang = lang or current_language()
    script_id = script_id or DEFAULT_SCRIPTS[Direction(direction)]
    if callback_id is not None:
        script_id = FOLLOW_UP_SCRIPT
    values = {**call_values(actor, callback_id, lang, at), **customer}
    run = scripts.start_run(actor, script_id, lang, values=values)
    call = CallInProgress(direction, run, at, customer_id, callback_id)
    call.fields.update({k: v for k, v in fields.items() if k in CONTACT_FIELDS})
    return call


def customer_for_call(
    actor: Actor, customer_id: int, lang: str
) -> tuple[dict[str, str], dict[str, str]]:
    """The customer found after the call began: (placeholder values, contact fields)."""
    require_calls(actor)
    return scripts.customer_values(actor, customer_id, lang), _customer_fields(actor, customer_id)


def apply_customer(
    call: CallInProgress, customer_id: int, found: tuple[dict[str, str], dict[str, str]]
) -> None:
    """Link the call to the file: its placeholders filled, the fields the agent left empty."""
    values, fields = found
    call.customer_id = customer_id
    call.run.set_values(values)
    for name, value in fields.items():
        if not call.fields.get(name):
            call.fields[name] = value


def calls_again(call: CallInProgress) -> bool:
    """Whether the path taken asks for another follow-up call at a chosen time (R-C11)."""
    return call.callback_id is not None and bool(
        CALL_AGAIN_STEPS & {p.step_id for p in call.run.path}
    )


def suggested_disposition(call: CallInProgress) -> str:
    """What the path taken suggests as the call's end: the agent confirms or changes it."""
    steps = {p.step_id for p in call.run.path} | {call.run.current.id}
    if "wrong_person" in steps:
        return Disposition.WRONG_NUMBER
    if "cannot_answer" in steps:
        return Disposition.CALLBACK_PROMISED
    if "supervisor" in steps:
        return Disposition.ESCALATED
    if "complaint_listen" in steps:
        return Disposition.COMPLAINT_OPENED
    return Disposition.RESOLVED


def resume_call(actor: Actor, draft: dict[str, Any], lang: str | None = None) -> CallInProgress:
    """The call saved as a draft, as it was: the same script version, path and fields."""
    from branchdesk.scripts.engine import ScriptRun

    require_calls(actor)
    state = draft["run"]
    script = scripts.script_version(actor, state["script"], state["version"])
    started_at = datetime.fromisoformat(draft["started_at"])
    lang = lang or state.get("lang") or current_language()
    values = {**scripts.standard_values(actor),
              **call_values(actor, draft.get("callback_id"), lang, started_at)}  # fmt: skip
    if draft.get("customer_id") is not None:
        values.update(scripts.customer_values(actor, draft["customer_id"], lang))
    run = ScriptRun.from_state(script, state, values=values, lang=lang)
    call = CallInProgress(draft["direction"], run, started_at, draft.get("customer_id"),
                          draft.get("callback_id"), draft.get("notes", ""))  # fmt: skip
    call.fields.update({k: v for k, v in draft.get("fields", {}).items() if k in CONTACT_FIELDS})
    return call
