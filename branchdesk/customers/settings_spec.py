"""The customer files' settings: attachment size limit."""

from __future__ import annotations

from branchdesk.i18n import N_
from branchdesk.settings import SettingSpec
from branchdesk.settings.kinds import Integer

CUSTOMERS = N_("Customer files")

CUSTOMER_SETTINGS: list[SettingSpec] = [
    SettingSpec(
        "attachment_size_limit_mb",
        CUSTOMERS,
        Integer(1, 100),
        10,
        N_("Largest attachment (MB)"),
        hint=N_(
            "Contracts, signed forms and survey sheets are kept in the database, which every "
            "desk and every backup carries: larger files are refused."
        ),
    ),
]
