"""Every branch-wide setting is declared once, by the area that uses it, and registered here.

The service checks a change with the declaration's kind; the settings window builds its form
from the declarations, grouped by ``group``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, NamedTuple

from branchdesk.settings.kinds import SettingKind


class SettingSpec(NamedTuple):
    key: str
    group: str  # marked with N_, translated where shown ("Branch", "Visitors" …)
    kind: SettingKind
    default: Any
    label: str  # marked with N_
    hint: str = ""  # marked with N_: the rule the setting encodes, shown under the field
    # Wording the desk uses while the setting is empty, shown greyed in the empty field.
    built_in: Callable[[], str] | None = None
    # False for the branch's own names: "restoring" an empty default would only erase them.
    restorable: bool = True


SETTINGS_BY_KEY: dict[str, SettingSpec] = {}
_PLACE: dict[str, int] = {}  # key → its area's order; the desk's own settings come first


def register_settings(specs: Iterable[SettingSpec], order: int = 0) -> None:
    """Add an area's settings; a key declared twice is a programming error."""
    specs = list(specs)
    keys = [spec.key for spec in specs]
    twice = sorted({key for key in keys if key in SETTINGS_BY_KEY or keys.count(key) > 1})
    if twice:
        raise ValueError(f"setting declared twice: {', '.join(twice)}")
    for spec in specs:
        SETTINGS_BY_KEY[spec.key] = spec
        _PLACE[spec.key] = order


def registered_settings() -> list[SettingSpec]:
    """By area order, then as declared: the same whichever area was imported first."""
    return sorted(SETTINGS_BY_KEY.values(), key=lambda spec: _PLACE.get(spec.key, 1000))


def setting_spec(key: str) -> SettingSpec:
    return SETTINGS_BY_KEY[key]
