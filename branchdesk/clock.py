"""The one place the current time comes from, so rules can be tested with a fixed time."""

from __future__ import annotations

from datetime import datetime


def now() -> datetime:
    """Local office time, naive, to the second (all desks of an office share one zone)."""
    return datetime.now().replace(microsecond=0)
