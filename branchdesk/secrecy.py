"""Secrecy levels of the branch's records (R-S1, R-S2): what every area labels its records
with, what a user's clearance is measured against, and what a printed page says it is."""

from __future__ import annotations

from enum import IntEnum

from branchdesk.i18n import N_, _


class Level(IntEnum):
    """Ordered: a clearance of a level lets its holder see that level and those below."""

    INTERNAL = 0  # names, organisations, masked phones
    SECRET = 1  # 机密: visit and call records, handover records, work logs (R-S2)
    TOP_SECRET = 2  # 绝密: contracts, development tracking records, customer files (R-S1)


LEVEL_NAMES = {
    Level.INTERNAL: N_("Internal"),
    Level.SECRET: N_("Secret"),
    Level.TOP_SECRET: N_("Top secret"),
}


def level_name(level: Level) -> str:
    return _(LEVEL_NAMES[Level(level)])
