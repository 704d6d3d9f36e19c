"""A manager's changes checked against each setting's kind, before anything is stored."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from branchdesk.i18n import _
from branchdesk.settings.kinds import InvalidValue
from branchdesk.settings.registry import SETTINGS_BY_KEY


def clean_changes(
    changes: Mapping[str, Any], current: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """(clean values by key, translated message by key) for ``changes`` to ``current``.

    A setting checked against another (the hotline against the phone region) is checked
    against that one's new value, and checked again when only the other one changes.
    """
    errors: dict[str, str] = {}
    cleaned: dict[str, Any] = {}
    after = dict(current)
    for key in changes:
        if key not in SETTINGS_BY_KEY:
            errors[key] = _("There is no setting named “{key}”.").format(key=key)
    known = [key for key in changes if key in SETTINGS_BY_KEY]
    # Settings others depend on first, so the dependants see the new value.
    known.sort(key=lambda key: bool(SETTINGS_BY_KEY[key].kind.depends_on))
    for key in known:
        kind = SETTINGS_BY_KEY[key].kind
        if any(other in errors for other in kind.depends_on):
            continue  # judged once the setting it depends on is right
        try:
            cleaned[key] = after[key] = kind.clean(changes[key], after)
        except InvalidValue as exc:
            errors[key] = str(exc)
    for key, spec in SETTINGS_BY_KEY.items():
        depends_on = spec.kind.depends_on
        if key in changes or key not in current or not any(o in cleaned for o in depends_on):
            continue
        try:
            spec.kind.clean(current[key], after)
        except InvalidValue as exc:
            errors[key] = str(exc)
    return cleaned, errors
