"""The settings a branch may change, with their defaults and the rule each one encodes."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from branchdesk.i18n import N_


@dataclass(frozen=True)
class SettingDef:
    key: str
    default: Any
    kind: str  # "text", "multiline", "int", "list", "time"
    label: str  # marked with N_, translated where shown
    minimum: int | None = None
    maximum: int | None = None


VISIT_PURPOSES = [
    "consultation",
    "complaint",
    "business",
    "contract_payment",
    "meeting",
    "delivery",
    "other",
]

SETTINGS: list[SettingDef] = [
    SettingDef("company_name", "", "text", N_("Company name")),
    SettingDef("branch_name", "", "text", N_("Branch name")),
    SettingDef("hotline", "", "text", N_("Service hotline")),
    SettingDef("phone_region", "CN", "text", N_("Default phone region")),
    SettingDef("signin_max_failures", 5, "int", N_("Failed sign-ins before lock-out"), 1, 100),
    SettingDef("signin_lockout_minutes", 15, "int", N_("Lock-out duration (minutes)"), 1, 1440),
    # R-V3: a question not answered on the spot gets a reply deadline.
    SettingDef("reply_deadline_hours", 24, "int", N_("Visitor reply deadline (hours)"), 1, 720),
    SettingDef("closing_time", "18:00", "time", N_("Closing time")),
    # R-V1: the purposes seen at the front desk; a branch may add its own.
    SettingDef("visit_purposes", VISIT_PURPOSES, "list", N_("Visit purposes")),
    # R-V2: greeting wording at the door. Empty means the built-in greeting in the desk's
    # language.
    SettingDef("greeting_template", "", "text", N_("Door greeting")),
    # PIPL / R-S5: what the visitor is told before their details are stored. Empty means
    # the built-in notice in the visitor's language.
    SettingDef("privacy_notice", "", "multiline", N_("Privacy notice shown to visitors")),
]

SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}
