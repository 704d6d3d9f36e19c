"""Read and write branch-wide settings in the database (values stored as JSON)."""

from __future__ import annotations

import copy
import json
from dataclasses import dataclass
from typing import Any

from branchdesk.db.models import Setting
from branchdesk.settings.defaults import SETTINGS_BY_KEY


def get_setting(key: str) -> Any:
    definition = SETTINGS_BY_KEY[key]
    row = Setting.get_or_none(Setting.key == key)
    # A copy: a caller that changes the list it got must not change the default.
    return copy.deepcopy(definition.default) if row is None else json.loads(row.value)


def all_settings() -> dict[str, Any]:
    """Every registered setting: the stored value, else a copy of its default."""
    stored = {row.key: json.loads(row.value) for row in Setting.select()}
    return {
        key: stored[key] if key in stored else copy.deepcopy(d.default)
        for key, d in SETTINGS_BY_KEY.items()
    }


def put_setting(key: str, value: Any) -> None:
    """Store without permission checks; callers above the store enforce who may change what."""
    if key not in SETTINGS_BY_KEY:
        raise KeyError(key)
    text = json.dumps(value, ensure_ascii=False)
    Setting.insert(key=key, value=text).on_conflict(
        conflict_target=[Setting.key], update={Setting.value: text}
    ).execute()


@dataclass(frozen=True)
class BranchInfo:
    company_name: str
    branch_name: str
    hotline: str


def branch_info() -> BranchInfo:
    return BranchInfo(
        get_setting("company_name"), get_setting("branch_name"), get_setting("hotline")
    )
