"""Read and write branch-wide settings in the database (values stored as JSON)."""

from __future__ import annotations

import copy
import json
import logging
from typing import Any, NamedTuple

from branchdesk.db.models import Setting
from branchdesk.settings.defaults import SETTINGS_BY_KEY
from branchdesk.settings.kinds import InvalidValue

log = logging.getLogger(__name__)


def get_setting(key: str) -> Any:
    """The value the desk works with.

    A value stored before its kind was checked (a region typed as "中国") would stop the desk
    from working, so one its kind refuses is read as the default until the manager corrects
    it in the settings window; free wording is always used as stored.
    """
    definition = SETTINGS_BY_KEY[key]
    row = Setting.get_or_none(Setting.key == key)
    # A copy: a caller that changes the list it got must not change the default.
    default = copy.deepcopy(definition.default)
    if row is None:
        return default
    value = json.loads(row.value)
    if not definition.kind.default_when_refused:
        return value
    try:
        return definition.kind.clean(value)
    except InvalidValue as exc:
        log.warning("setting %s: stored value %r refused (%s); using the default", key, value, exc)
        return default


def all_settings() -> dict[str, Any]:
    """Every registered setting as stored (for editing, so a wrong value shows to be
    corrected), else a copy of its default."""
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


class BranchInfo(NamedTuple):
    company_name: str
    branch_name: str
    hotline: str


def branch_info() -> BranchInfo:
    return BranchInfo(
        get_setting("company_name"), get_setting("branch_name"), get_setting("hotline")
    )
