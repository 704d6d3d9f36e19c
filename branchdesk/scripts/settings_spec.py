"""The call scripts' settings: the bodies a script may never name (R-C21)."""

from __future__ import annotations

from branchdesk.i18n import N_
from branchdesk.settings import SettingSpec
from branchdesk.settings.kinds import KeyList

SCRIPTS = N_("Call scripts")

# R-C21: government departments, carriers and companies the branch must never speak for, as
# a script in any of its three languages would name them.
DEFAULT_FORBIDDEN_BODIES = [
    "工信部",
    "工业和信息化部",
    "工業和信息化部",
    "商务部",
    "商務部",
    "国家版权局",
    "國家版權局",
    "中国移动",
    "中國移動",
    "中国电信",
    "中國電信",
    "中国联通",
    "中國聯通",
    "百度",
    "Ministry of Industry and Information Technology",
    "Ministry of Commerce",
    "National Copyright Administration",
    "China Mobile",
    "China Telecom",
    "China Unicom",
    "Baidu",
]

SCRIPT_SETTINGS: list[SettingSpec] = [
    SettingSpec(
        "script_forbidden_bodies",
        SCRIPTS,
        KeyList(max_item_length=80),
        DEFAULT_FORBIDDEN_BODIES,
        N_("Names a call script may not use"),
        hint=N_(
            "Government departments, carriers and companies the branch never speaks for: a "
            "script whose text names one of them is refused."
        ),
    ),
]
