"""The call desk's settings (R-C7, R-C12), with their defaults."""

from __future__ import annotations

from branchdesk.i18n import N_
from branchdesk.settings import SettingSpec
from branchdesk.settings.kinds import Integer

CALLS = N_("Calls")

CALL_SETTINGS: list[SettingSpec] = [
    SettingSpec(
        "callback_deadline_minutes",
        CALLS,
        Integer(1, 1440),
        30,
        N_("Reply to an unanswered question within (minutes)"),
        hint=N_("R-C7: a question not answered on the call gets a reply within this time."),
    ),
    SettingSpec(
        "callback_notice_minutes",
        CALLS,
        Integer(0, 240),
        5,
        N_("Remind the owner of a callback before its deadline (minutes)"),
        hint=N_("A desktop notification this long before a callback's deadline."),
    ),
    SettingSpec(
        "daily_call_quota",
        CALLS,
        Integer(0, 1000),
        120,
        N_("Effective calls per agent and day"),
        hint=N_("R-C12: the daily quota of effective calls."),
    ),
    SettingSpec(
        "daily_lead_quota",
        CALLS,
        Integer(0, 1000),
        25,
        N_("Leads per agent and day"),
        hint=N_("R-C12: the daily quota of leads worth following up."),
    ),
    SettingSpec(
        "new_staff_call_quota",
        CALLS,
        Integer(0, 1000),
        80,
        N_("Effective calls per day for new staff"),
        hint=N_("R-C12: the smaller quota in the first weeks after the start date."),
    ),
    SettingSpec(
        "new_staff_lead_quota",
        CALLS,
        Integer(0, 1000),
        15,
        N_("Leads per day for new staff"),
        hint=N_("R-C12: the smaller quota in the first weeks after the start date."),
    ),
    SettingSpec(
        "new_staff_days",
        CALLS,
        Integer(0, 365),
        14,
        N_("New staff period (days after the start date)"),
        hint=N_("R-C12: staff in their first two weeks have the smaller quota."),
    ),
]
