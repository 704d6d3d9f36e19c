"""Saving a finished call (R-C8): the record with its script trace and R-C13 fields, the
effective-call decision, a promised callback (R-C5, R-C7) or another follow-up (R-C11), the
callback a follow-up call closes, and the call's draft removed — one transaction, audited."""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_calls, sees_all
from branchdesk.calls.effective import is_effective
from branchdesk.calls.permissions import (
    FOLLOW_UP_SCRIPT,
    NO_CONVERSATION,
    CallAction,
    CallbackKind,
    Direction,
    Disposition,
    TargetKind,
)
from branchdesk.calls.records import CallForm, CallRow
from branchdesk.calls.rows import call_row
from branchdesk.calls.search_grams import call_grams
from branchdesk.clock import now as clock_now
from branchdesk.customers.service import check_owner
from branchdesk.db.models import Call, Callback, CallDraft, CallSearchGram, Customer
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_text

# Longest call the desk records: a start time left over from a draft days ago is a mistake.
MAX_DURATION = timedelta(hours=8)


def _clean(form: CallForm, ended_at: datetime) -> tuple[dict, dict[str, str]]:
    errors: dict[str, str] = {}
    values = {
        "notes": clean_text(errors, "notes", form.notes, max_length=4000, multiline=True),
        "organisation": clean_text(errors, "organisation", form.organisation, max_length=100),
        "contact_surname": clean_text(
            errors, "contact_surname", form.contact_surname, max_length=50
        ),  # fmt: skip
        "contact_title": clean_text(errors, "contact_title", form.contact_title, max_length=100),
        "phone": "",
    }
    if form.direction not in set(Direction):
        errors["direction"] = _("Choose inbound or outbound.")
    if form.disposition not in set(Disposition):
        errors["disposition"] = _("Choose how the call ended.")
    if (form.phone or "").strip():
        try:
            values["phone"] = normalize_phone(form.phone, get_setting("phone_region"))
        except InvalidPhone as exc:
            errors["phone"] = str(exc)
    # R-C16: a call is with a customer; only a wrong number has no file to link.
    if form.customer_id is None and form.disposition != Disposition.WRONG_NUMBER:
        errors["customer"] = _("Find or create the customer's file for this call.")
    elif (
        form.customer_id is not None
        and not Customer.select().where(Customer.id == form.customer_id).exists()
    ):
        errors["customer"] = _("This customer file does not exist.")
    if not form.started_at <= ended_at or ended_at - form.started_at > MAX_DURATION:
        errors["started_at"] = _("The call's start time is not plausible.")
    return values, errors


def _callback_rules(actor: Actor, form: CallForm, ended_at: datetime, errors: dict) -> dict | None:
    """The callback the call creates, if any: R-C5/R-C7 a reply within the deadline setting,
    R-C11 another follow-up at the chosen time."""
    owner_id = form.callback_owner_id or actor.id
    if form.disposition == Disposition.CALLBACK_PROMISED:
        issue = clean_text(errors, "callback_issue", form.callback_issue, required=True,
                           max_length=1000, multiline=True)  # fmt: skip
        minutes = get_setting("callback_deadline_minutes")
        kind, deadline = CallbackKind.REPLY, ended_at + timedelta(minutes=minutes)
    elif form.follow_up_at is not None:
        issue = clean_text(errors, "callback_issue", form.callback_issue, max_length=1000,
                           multiline=True)  # fmt: skip
        kind, deadline = CallbackKind.FOLLOW_UP, form.follow_up_at
        if deadline <= ended_at:
            errors["follow_up_at"] = _("Choose a time after the call.")
    else:
        return None
    owner_errors: dict[str, str] = {}
    check_owner(owner_errors, owner_id)
    if owner_errors:
        errors["callback_owner"] = _("Choose an active agent or manager to call back.")
    return {"kind": kind, "issue": issue, "deadline": deadline, "owner": owner_id}


def _callback_to_close(actor: Actor, form: CallForm, errors: dict) -> Callback | None:
    if form.closes_callback_id is None:
        return None
    callback = Callback.get_or_none(Callback.id == form.closes_callback_id)
    if callback is None or (callback.owner_id != actor.id and not sees_all(actor)):
        errors["callback"] = _("This callback is not yours to close.")
    elif callback.closed_at is not None:
        errors["callback"] = _("This callback was already closed.")
    elif form.direction != Direction.OUTBOUND or form.trace.script_id != FOLLOW_UP_SCRIPT:
        errors["callback"] = _(
            "A callback is closed by an outbound call with the follow-up script."
        )
    elif form.disposition in NO_CONVERSATION:
        return None  # nobody was spoken to: the call is kept, the callback stays open
    return callback


def save_call(actor: Actor, form: CallForm, now: datetime | None = None) -> CallRow:
    """Record the finished call for the actor (the agent on the phone)."""
    require_calls(actor)
    at = now or clock_now()
    ended_at = form.ended_at or at
    values, errors = _clean(form, ended_at)
    callback = _callback_rules(actor, form, ended_at, errors)
    closing = _callback_to_close(actor, form, errors)
    if errors:
        raise ValidationError(errors)
    trace = form.trace
    # Complaints have no area of their own yet: the disposition is stored and flagged.
    flagged = form.disposition == Disposition.COMPLAINT_OPENED
    fields = dict(
        agent=actor.id, customer=form.customer_id, direction=form.direction,
        script_id=trace.script_id, script_version=trace.script_version,
        started_at=form.started_at, ended_at=ended_at,
        duration_seconds=int((ended_at - form.started_at).total_seconds()),
        disposition=form.disposition, complaint_flagged=flagged,
        path=json.dumps(list(trace.path)),
        mandatory_total=trace.mandatory_total, mandatory_passed=trace.mandatory_passed,
        skipped=json.dumps([{"step": s.step, "reason": s.reason} for s in trace.skipped],
                           ensure_ascii=False),
        level=int(Level.SECRET), **values,
    )  # fmt: skip
    with write_transaction():
        call = Call(**fields)
        call.effective = is_effective(call)
        call.save()
        grams = call_grams(call.organisation, call.contact_surname, call.phone)
        if grams:
            CallSearchGram.insert_many(
                [(g, call.id) for g in sorted(grams)],
                fields=[CallSearchGram.gram, CallSearchGram.call],
            ).execute()
        data = {"disposition": call.disposition, "effective": call.effective,
                "duration": call.duration_seconds, "script": trace.script_id}  # fmt: skip
        if callback is not None:
            made = Callback.create(call=call, customer=form.customer_id, owner=callback["owner"],
                                   kind=callback["kind"], issue=callback["issue"],
                                   deadline=callback["deadline"], created_at=at,
                                   created_by=actor.id)  # fmt: skip
            data.update(callback=made.id, due=callback["deadline"].isoformat(sep=" "))
        record(actor, CallAction.CALL_SAVED, at=at, data=data,
               target_kind=TargetKind.CALL, target_id=call.id)  # fmt: skip
        if closing is not None:
            Callback.update(closed_at=at, closed_by_call=call.id).where(
                Callback.id == closing.id
            ).execute()
            record(actor, CallAction.CALLBACK_CLOSED, at=at, data={"call": call.id},
                   target_kind=TargetKind.CALLBACK, target_id=closing.id)  # fmt: skip
        CallDraft.delete().where(CallDraft.agent == actor.id).execute()
    return call_row(Call.get_by_id(call.id))
