"""The demo's customer files (filled in below)."""

from __future__ import annotations


def demo_events(scene):
    return []
