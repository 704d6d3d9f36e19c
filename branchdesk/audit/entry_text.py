"""How an audit entry's target and details are stored: a (kind, id) pair and canonical JSON.

Entries are evidence and are hashed as stored, so the JSON is written one way only (sorted
keys, no spaces, UTF-8 as it is) and never re-encoded when it is checked.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime, time
from typing import Any

# "visit:123", "form:visit", "day:2026-11-23": how callers named a target before the pair.
_KIND_AND_ID = re.compile(r"^([a-z_]+):(.+)$")


def form_target(form: str) -> str:
    return f"form:{form}"


def split_target(target: str) -> tuple[str, str]:
    """("visit", "123") for "visit:123"; ("", "") for text that names no kind (a login)."""
    match = _KIND_AND_ID.match(target)
    return (match.group(1), match.group(2)) if match else ("", "")


def details(**pairs: object) -> str:
    """Detail text as ``key=value; key=value``, as callers wrote it before details were JSON;
    ``record`` stores the pairs in the entry's JSON details."""
    return "; ".join(f"{key}={value}" for key, value in pairs.items())


def parse_details(text: str) -> list[tuple[str, str]]:
    pairs = []
    for part in text.split("; "):
        key, sep, value = part.partition("=")
        pairs.append((key, value) if sep else ("", part))
    return [pair for pair in pairs if pair != ("", "")]


NOTE = "note"  # free text written without a key


def details_from_text(text: str) -> dict[str, str]:
    return {key or NOTE: value for key, value in parse_details(text)}


def _plain(value: Any) -> Any:
    if isinstance(value, datetime | date | time):
        return value.isoformat()
    if isinstance(value, set | frozenset | tuple):
        return sorted(value) if isinstance(value, set | frozenset) else list(value)
    return str(value)


def encode_details(values: dict[str, Any]) -> str:
    return json.dumps(
        values, ensure_ascii=False, sort_keys=True, separators=(",", ":"), default=_plain
    )


def decode_details(text: str) -> dict[str, Any]:
    """A text that is not a JSON object (written by hand) shows as a note."""
    try:
        values = json.loads(text) if text else {}
    except ValueError:
        return {NOTE: text}
    return values if isinstance(values, dict) else {NOTE: text}
