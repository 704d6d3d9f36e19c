"""Audit entries in the reader's language. Entries are stored in a fixed, language-neutral
form (they are evidence, hash-chained); only their display is translated."""

from __future__ import annotations

from datetime import date, datetime

from branchdesk.area_registry import AreaDeclaration, on_area_registered
from branchdesk.audit.log import Action, AuditRecord, parse_details
from branchdesk.auth.roles import ROLE_LABELS, Role
from branchdesk.i18n import LANGUAGE_NAMES, N_, _, format_date, format_datetime
from branchdesk.settings.registry import SETTINGS_BY_KEY

# The desk's own actions; each area declares the labels of its own (``area_registry``).
CORE_ACTION_LABELS = {
    Action.SIGN_IN: N_("Signed in"),
    Action.SIGN_IN_FAILED: N_("Sign-in failed"),
    Action.SIGN_OUT: N_("Signed out"),
    Action.USER_CREATED: N_("User added"),
    Action.USER_UPDATED: N_("User changed"),
    Action.USER_ACTIVATED: N_("User activated"),
    Action.USER_DEACTIVATED: N_("User deactivated"),
    Action.PASSWORD_RESET: N_("Password set"),
    Action.BRANCH_INITIALIZED: N_("Branch set up"),
    Action.SETTINGS_CHANGED: N_("Settings changed"),
    Action.FORM_PRINTED: N_("Form printed"),
    Action.DATABASE_BACKED_UP: N_("Database backed up"),
    Action.DESK_ROLE_SET_UP: N_("Desk database role set up"),
}

CORE_DETAIL_KEYS = {
    "lang": N_("Language"),
    "role": N_("Role"),
    "fields": N_("Changed"),
    "count": N_("Count"),
    "blank": N_("Blank form"),
    "all": N_("All"),
    "day": N_("Day"),
}


# Every label an audit entry can need, by the declaration field it comes from: the desk's own,
# then each area's as it registers (read for every row shown, so merged once, not per row).
_LABELS: dict[str, dict[str, str]] = {
    "audit_actions": dict(CORE_ACTION_LABELS),
    "audit_targets": {},
    "forms": {},
    "audit_details": dict(CORE_DETAIL_KEYS),
}


def _add_area_labels(area: AreaDeclaration) -> None:
    for field, labels in _LABELS.items():
        labels.update(getattr(area, field))


on_area_registered(_add_area_labels)


def action_labels() -> dict[str, str]:
    return _LABELS["audit_actions"]


def action_label(action: str) -> str:
    """An action no area declares (a newer desk wrote it) shows its key."""
    label = action_labels().get(action)
    return _(label) if label else action


def all_actions() -> list[str]:
    return list(action_labels())


YES_NO = {"yes": N_("yes"), "no": N_("no")}


def _value_text(key: str, value: str) -> str:
    if value in YES_NO:
        return _(YES_NO[value])
    if key == "lang":
        return LANGUAGE_NAMES.get(value, value)
    if key == "role" and value in {r.value for r in Role}:
        return _(ROLE_LABELS[Role(value)])
    if key == "day":
        return _date_text(value)
    if key == "due":
        try:
            return format_datetime(datetime.fromisoformat(value))
        except ValueError:
            return value
    return value


def _date_text(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def target_text(entry: AuditRecord) -> str:
    """Visits and forms by name, days as dates; changed settings by their labels."""
    kind, sep, rest = entry.target.partition(":")
    targets = _LABELS["audit_targets"]
    if sep and kind in targets:
        return _(targets[kind]).format(id=rest)
    if sep and kind == "day":
        return _date_text(rest)
    if sep and kind == "form":
        forms = _LABELS["forms"]
        return _(forms[rest]) if rest in forms else rest
    if entry.action == Action.SETTINGS_CHANGED:
        keys = [key for key in entry.target.split(",") if key]
        return ", ".join(_(SETTINGS_BY_KEY[k].label) if k in SETTINGS_BY_KEY else k for k in keys)
    if entry.target == "(unknown user)":
        return _("(unknown user)")
    return entry.target


def detail_text(detail: str) -> str:
    """``key=value`` pairs with translated keys; free text as it was written."""
    keys = _LABELS["audit_details"]
    parts = []
    for key, value in parse_details(detail):
        if key in keys:
            parts.append(f"{_(keys[key])}: {_value_text(key, value)}")
        else:
            parts.append(f"{key}={value}" if key else value)
    return "; ".join(parts)
