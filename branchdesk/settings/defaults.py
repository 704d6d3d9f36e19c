"""The branch's core settings, with their defaults; each area declares its own settings."""

from __future__ import annotations

from branchdesk.i18n import N_
from branchdesk.settings.kinds import Integer, PhoneNumber, PhoneRegion, Text, WorkingHours
from branchdesk.settings.registry import SETTINGS_BY_KEY, SettingSpec, register_settings

__all__ = ["CORE_SETTINGS", "SETTINGS_BY_KEY"]

BRANCH = N_("Branch")
SIGN_IN = N_("Sign-in")

CORE_SETTINGS: list[SettingSpec] = [
    # The branch's own names appear on every form and window title; they may not go blank.
    SettingSpec(
        "company_name", BRANCH, Text(required=True), "", N_("Company name"), restorable=False
    ),
    SettingSpec(
        "branch_name", BRANCH, Text(required=True), "", N_("Branch name"), restorable=False
    ),
    SettingSpec(
        "hotline",
        BRANCH,
        PhoneNumber(region_key="phone_region"),
        "",
        N_("Service hotline"),
        hint=N_(
            "Must be a valid number in the default phone region; a number from elsewhere "
            "needs its country code."
        ),
        restorable=False,
    ),
    SettingSpec(
        "phone_region",
        BRANCH,
        PhoneRegion(),
        "CN",
        N_("Default phone region"),
        hint=N_("Phone numbers typed without a country code are numbers of this region."),
    ),
    SettingSpec(
        "business_hours",
        BRANCH,
        WorkingHours(),
        {"days": [0, 1, 2, 3, 4], "start": "09:00", "end": "18:00"},
        N_("Business hours"),
        hint=N_("The days and hours the branch is open for business."),
    ),
    SettingSpec(
        "signin_max_failures",
        SIGN_IN,
        Integer(1, 100),
        5,
        N_("Failed sign-ins before lock-out"),
    ),
    SettingSpec(
        "signin_lockout_minutes",
        SIGN_IN,
        Integer(1, 1440),
        15,
        N_("Lock-out duration (minutes)"),
    ),
    # R-S5: an unattended desk shows no visitor's data to whoever walks up to it.
    SettingSpec(
        "idle_lock_minutes",
        SIGN_IN,
        Integer(1, 240),
        10,
        N_("Lock the screen after (minutes without use)"),
        hint=N_(
            "The window hides its content and asks for the password again; nothing typed is lost."
        ),
    ),
]

register_settings(CORE_SETTINGS)
