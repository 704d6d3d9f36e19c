"""A call as the services return it."""

from __future__ import annotations

import json

from branchdesk.calls.effective import missing_for_effective
from branchdesk.calls.records import CallRow, SkippedStep
from branchdesk.db.models import Call, User


def adherence(mandatory_total: int, mandatory_passed: int) -> int | None:
    """Script adherence: the percentage of the call's mandatory steps done (None: no script)."""
    if mandatory_total <= 0:
        return None
    return round(100 * mandatory_passed / mandatory_total)


def call_row(call: Call, agent: User | None = None) -> CallRow:
    agent = agent or call.agent
    skipped = tuple(SkippedStep(s["step"], s["reason"]) for s in json.loads(call.skipped or "[]"))
    return CallRow(
        id=call.id,
        agent_id=agent.id,
        agent_name=agent.display_name,
        agent_no=agent.agent_no or "",
        customer_id=call.customer_id,
        direction=call.direction,
        script_id=call.script_id,
        script_version=call.script_version,
        started_at=call.started_at,
        ended_at=call.ended_at,
        duration_seconds=call.duration_seconds,
        disposition=call.disposition,
        complaint_flagged=call.complaint_flagged,
        organisation=call.organisation,
        contact_surname=call.contact_surname,
        contact_title=call.contact_title,
        phone=call.phone,
        effective=call.effective,
        adherence=adherence(call.mandatory_total, call.mandatory_passed),
        notes=call.notes,
        path=tuple(json.loads(call.path or "[]")),
        skipped=skipped,
        missing=tuple(missing_for_effective(call)),
    )
