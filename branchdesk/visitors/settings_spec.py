"""The visitors area's settings (R-V1 … R-V3 and the privacy notice), with their defaults."""

from __future__ import annotations

from branchdesk.i18n import N_
from branchdesk.settings import SettingSpec
from branchdesk.settings.kinds import (
    Choice,
    Duration,
    Integer,
    KeyList,
    MultilineText,
    Text,
    TimeOfDay,
)
from branchdesk.visitors.purposes import PURPOSE_LABELS, purpose_label

VISITORS = N_("Visitors")

# PIPL Art. 56: records are kept at least three years.
RETENTION_LIMITS = {"years": (3, 30), "months": (36, 360)}
DEFAULT_RETENTION = {"amount": 3, "unit": "years"}

# The visitor pass: an A6 sheet for any printer, or a label for a label printer.
PASS_SIZES = (("a6", N_("A6 sheet")), ("label_90x54", N_("Label, 90 × 54 mm")))

# R-V1: the purposes seen at the front desk; a branch may add its own.
VISIT_PURPOSES = list(PURPOSE_LABELS)


def _built_in_greeting() -> str:
    # Imported when the settings window asks, so using the area does not load registration.
    from branchdesk.visitors.registration import built_in_greeting

    return built_in_greeting()


def _built_in_privacy_notice() -> str:
    from branchdesk.visitors.registration import built_in_privacy_notice

    return built_in_privacy_notice()


VISITOR_SETTINGS: list[SettingSpec] = [
    SettingSpec(
        "reply_deadline_hours",
        VISITORS,
        Integer(1, 720),
        24,
        N_("Visitor reply deadline (hours)"),
        hint=N_("R-V3: a question not answered on the spot must be answered within this time."),
    ),
    SettingSpec(
        "closing_time",
        VISITORS,
        TimeOfDay(),
        "18:00",
        N_("Closing time"),
        hint=N_("Visitors still signed in after this time are flagged in the building list."),
    ),
    SettingSpec(
        "visit_purposes",
        VISITORS,
        KeyList(item_label=purpose_label),
        VISIT_PURPOSES,
        N_("Visit purposes"),
        hint=N_("R-V1: the purposes offered when a visitor is registered."),
    ),
    # R-V2: greeting wording at the door.
    SettingSpec(
        "greeting_template",
        VISITORS,
        Text(),
        "",
        N_("Door greeting"),
        hint=N_(
            "{company} is replaced by the company name. Leave empty to use the built-in "
            "greeting in the visitor's language."
        ),
        built_in=_built_in_greeting,
    ),
    # PIPL / R-S5: what the visitor is told before their details are stored.
    SettingSpec(
        "privacy_notice",
        VISITORS,
        MultilineText(),
        "",
        N_("Privacy notice shown to visitors"),
        hint=N_("Leave empty to use the built-in notice in the visitor's language."),
        built_in=_built_in_privacy_notice,
    ),
    # PIPL: how long a visitor's personal details are kept before a manager's purge erases them.
    SettingSpec(
        "visitor_data_retention",
        VISITORS,
        Duration(RETENTION_LIMITS),
        DEFAULT_RETENTION,
        N_("Keep visitors' personal details for"),
        hint=N_(
            "PIPL Art. 56: at least three years. A manager's purge erases the names, phone "
            "numbers and notes of older visits (the statistics stay) and the archived daily "
            "logs; the privacy notice tells visitors this period."
        ),
    ),
    SettingSpec(
        "visitor_pass_size",
        VISITORS,
        Choice(PASS_SIZES),
        "a6",
        N_("Visitor pass size"),
        hint=N_("Print the visitor pass on an A6 sheet or on a 90 × 54 mm label."),
    ),
]
