"""The hash that links each audit entry to the one before it, in two formats.

Format 1 covers the columns entries had before they named their target as a (kind, id) pair;
those entries keep it, so logs written then, and the seals printed on paper, still verify.
Format 2, written from then on, covers every column an entry has. The format is part of the
format-2 payload, so relabelling an entry's format breaks its hash either way.
"""

from __future__ import annotations

import hashlib
from datetime import datetime

GENESIS = "0" * 64
LEGACY_FORMAT = 1
CURRENT_FORMAT = 2


def legacy_digest(
    prev_hash: str, at: datetime, actor_id, actor_name, action, target, detail
) -> str:
    payload = "\x1f".join(
        [prev_hash, at.isoformat(), str(actor_id or ""), actor_name, action, target, detail]
    )
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def current_digest(
    prev_hash: str,
    at: datetime,
    actor_id,
    actor_name: str,
    action: str,
    target: str,
    detail: str,
    target_kind: str,
    target_id: str,
    details: str,
    desk: str,
) -> str:
    # actor_id 0 (the old command line) hashes as "", like a missing actor, as in format 1.
    payload = "\x1f".join(
        [str(CURRENT_FORMAT), prev_hash, at.isoformat(), str(actor_id or ""), actor_name, action,
         target, detail, target_kind, target_id, details, desk]
    )  # fmt: skip
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


def entry_digest(prev_hash: str, entry) -> str:
    """The hash ``entry`` (an ``AuditEntry`` or anything with its attributes) should carry
    after ``prev_hash``, in the entry's own format."""
    if entry.hash_format == LEGACY_FORMAT:
        return legacy_digest(
            prev_hash, entry.at, entry.actor_id, entry.actor_name, entry.action, entry.target,
            entry.detail,
        )  # fmt: skip
    return current_digest(
        prev_hash, entry.at, entry.actor_id, entry.actor_name, entry.action, entry.target,
        entry.detail, entry.target_kind, entry.target_id, entry.details, entry.desk,
    )  # fmt: skip
