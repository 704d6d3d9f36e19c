"""The call in progress, saved as it goes (through the worker) so nothing typed is lost when
the window closes or the desk crashes mid-call; offered for resumption at the next start and
removed when the call is saved or the agent discards it."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from branchdesk.auth.session import Actor
from branchdesk.calls.access import require_calls
from branchdesk.clock import now as clock_now
from branchdesk.db.models import CallDraft
from branchdesk.db.transactions import write_transaction
from branchdesk.validation import require_storable

MAX_DRAFT = 64_000  # characters of JSON: far more than a call's notes and fields


def save_draft(actor: Actor, content: dict[str, Any], now: datetime | None = None) -> None:
    """Replace the actor's draft with ``content`` (plain JSON values)."""
    require_calls(actor)
    text = require_storable("draft", json.dumps(content, ensure_ascii=False, default=str),
                            multiline=True)  # fmt: skip
    if len(text) > MAX_DRAFT:
        text = json.dumps({**content, "notes": str(content.get("notes", ""))[:8000]},
                          ensure_ascii=False, default=str)  # fmt: skip
    at = now or clock_now()
    with write_transaction():
        updated = CallDraft.update(saved_at=at, content=text).where(CallDraft.agent == actor.id)
        if not updated.execute():
            CallDraft.create(agent=actor.id, saved_at=at, content=text)


def pending_draft(actor: Actor) -> dict[str, Any] | None:
    """The actor's unfinished call, or None."""
    require_calls(actor)
    draft = CallDraft.get_or_none(CallDraft.agent == actor.id)
    if draft is None:
        return None
    try:
        content = json.loads(draft.content)
    except ValueError:
        return None
    return {**content, "saved_at": draft.saved_at.isoformat(sep=" ")}


def discard_draft(actor: Actor) -> None:
    require_calls(actor)
    with write_transaction():
        CallDraft.delete().where(CallDraft.agent == actor.id).execute()
