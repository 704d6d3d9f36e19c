"""Audit entries in the reader's language. Entries are stored in a fixed, language-neutral
form (they are evidence, hash-chained); only their display is translated."""

from __future__ import annotations

import json
from datetime import date, datetime
from typing import Any

from branchdesk.area_registry import AreaDeclaration, on_area_registered
from branchdesk.audit.entry_text import NOTE, details_from_text, split_target
from branchdesk.audit.export import EntryLabels
from branchdesk.audit.log import Action, AuditRecord, TargetKind
from branchdesk.auth.roles import ROLE_LABELS, Role
from branchdesk.i18n import LANGUAGE_NAMES, N_, _, format_date, format_datetime
from branchdesk.secrecy import Level, level_name
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
    Action.AUDIT_EXPORTED: N_("Audit log exported"),
}

CORE_DETAIL_KEYS = {
    "lang": N_("Language"),
    "role": N_("Role"),
    "fields": N_("Changed"),
    "count": N_("Count"),
    "blank": N_("Blank form"),
    "all": N_("All"),
    "day": N_("Day"),
    "username": N_("User name"),
    "display_name": N_("Name"),
    "agent_no": N_("Agent number"),
    "active": N_("Active"),
    "file": N_("File"),
    "format": N_("Format"),
    "filters": N_("Filters"),
}

# The desk's own kinds of target, for the view's target filter; areas add theirs.
CORE_TARGET_KINDS = {
    TargetKind.USER: N_("User"),
    TargetKind.SETTING: N_("Setting"),
    TargetKind.FORM: N_("Form"),
    TargetKind.DAY: N_("Day"),
    TargetKind.BACKUP: N_("Backup"),
    TargetKind.BRANCH: N_("Branch"),
    TargetKind.DATABASE_ROLE: N_("Database role"),
    TargetKind.AUDIT_LOG: N_("Audit log"),
}


# Every label an audit entry can need, by the declaration field it comes from: the desk's own,
# then each area's as it registers (read for every row shown, so merged once, not per row).
_LABELS: dict[str, dict[str, str]] = {
    "audit_actions": dict(CORE_ACTION_LABELS),
    "audit_targets": {},
    "forms": {},
    "audit_details": dict(CORE_DETAIL_KEYS),
}
_TARGET_KINDS: dict[str, str] = dict(CORE_TARGET_KINDS)
_VALUE_LABELS: dict[str, dict[str, str]] = {}
_USER_KEYS: set[str] = set()


def _add_area_labels(area: AreaDeclaration) -> None:
    for field, labels in _LABELS.items():
        labels.update(getattr(area, field))
    for key, labels in area.audit_value_labels.items():
        _VALUE_LABELS.setdefault(key, {}).update(labels)
    _USER_KEYS.update(area.audit_user_details)
    for kind, label in area.audit_targets.items():  # "Visit {id}" names the kind "Visit"
        _TARGET_KINDS[kind] = label.replace("{id}", "").strip()


on_area_registered(_add_area_labels)


def action_labels() -> dict[str, str]:
    return _LABELS["audit_actions"]


def action_label(action: str) -> str:
    """An action no area declares (a newer desk wrote it) shows its key."""
    label = action_labels().get(action)
    return _(label) if label else action


def all_actions() -> list[str]:
    return list(action_labels())


def target_kinds() -> dict[str, str]:
    """Each kind of target with its label (untranslated), for the view's filter."""
    return dict(_TARGET_KINDS)


YES_NO = {"yes": N_("yes"), "no": N_("no")}
LONGEST_VALUE = 60  # a privacy notice is pages long: the export carries it whole


def _value_text(key: str, value: Any, names: dict[int, str] | None = None) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        value = "yes" if value else "no"
    if key == "level" and value in {level.value for level in Level}:
        return level_name(Level(value))  # a secrecy level, as the file shows it (R-S1, R-S2)
    if key in _USER_KEYS and isinstance(value, int):
        # A user named by id: their name, read with the page (a deleted one keeps the id).
        return (names or {}).get(value) or _("User {id}").format(id=value)
    if isinstance(value, str) and value in _VALUE_LABELS.get(key, {}):
        return _(_VALUE_LABELS[key][value])  # a coded value (a file's source) by its label
    if not isinstance(value, str):
        text = json.dumps(value, ensure_ascii=False)
    elif value in YES_NO:
        return _(YES_NO[value])
    elif key == "lang":
        return LANGUAGE_NAMES.get(value, value)
    elif key == "role" and value in {r.value for r in Role}:
        return _(ROLE_LABELS[Role(value)])
    elif key == "day":
        return _date_text(value)
    elif key == "due" or key.endswith("_at"):
        text = _datetime_text(value)
    else:
        text = value
    return text if len(text) <= LONGEST_VALUE else text[: LONGEST_VALUE - 1] + "…"


def _date_text(value: str) -> str:
    try:
        return format_date(date.fromisoformat(value))
    except ValueError:
        return value


def _datetime_text(value: str) -> str:
    try:
        return format_datetime(datetime.fromisoformat(value))
    except ValueError:
        return value


def _setting_label(key: str) -> str:
    return _(SETTINGS_BY_KEY[key].label) if key in SETTINGS_BY_KEY else key


def _key_label(key: str) -> str:
    keys = _LABELS["audit_details"]
    if key in keys:
        return _(keys[key])
    return _setting_label(key)


def target_text(entry: AuditRecord) -> str:
    """Visits and forms by name, days as dates, settings by their labels, people by the
    login they had then."""
    kind, target_id = entry.target_kind, entry.target_id
    if not kind:  # a record made without the pair names its target as "kind:id"
        kind, target_id = split_target(entry.target)
    targets = _LABELS["audit_targets"]
    if kind in targets:
        return _(targets[kind]).format(id=target_id)
    if kind == TargetKind.DAY:
        return _date_text(target_id)
    if kind == TargetKind.FORM:
        forms = _LABELS["forms"]
        return _(forms[target_id]) if target_id in forms else target_id
    if kind == TargetKind.SETTING or entry.action == Action.SETTINGS_CHANGED:
        # Before each setting had its own entry, one entry named every setting it changed.
        keys = [target_id] if target_id else [k for k in entry.target.split(",") if k]
        return ", ".join(_setting_label(key) for key in keys)
    if kind == TargetKind.AUDIT_LOG:
        return _("Audit log")
    if entry.target == "(unknown user)" or (kind == TargetKind.USER and not entry.target):
        return _("(unknown user)")
    return entry.target or target_id


def details_text(entry: AuditRecord) -> str:
    """The entry's details with translated keys; a change as "field: old → new"."""
    return values_text(entry.details, entry.user_names)


def values_text(values: dict[str, Any], names: dict[int, str] | None = None) -> str:
    parts = []
    for key, value in values.items():
        if key in ("old", "new"):
            continue
        if key == NOTE:
            parts.append(str(value))
        elif key == "filters" and isinstance(value, dict):
            shown = ", ".join(f"{k}={v}" for k, v in value.items())
            parts.append(f"{_key_label(key)}: {shown}")
        else:
            parts.append(f"{_key_label(key)}: {_value_text(key, value, names)}")
    old, new = values.get("old") or {}, values.get("new") or {}
    for key in [*old, *(k for k in new if k not in old)]:
        if key in old and key in new:
            before, after = _value_text(key, old[key], names), _value_text(key, new[key], names)
            change = f"{before} → {after}"
        else:
            change = _value_text(key, new.get(key, old.get(key)), names)
        parts.append(f"{_key_label(key)}: {change}")
    return "; ".join(parts)


def detail_text(detail: str) -> str:
    """``key=value`` text as older callers wrote it, keys translated."""
    return values_text(details_from_text(detail))


def who_text(entry: AuditRecord) -> str:
    """The name the actor had when the entry was written, and today's when it changed."""
    if not entry.actor_name:
        return _("(nobody signed in)")
    if entry.actor_name_now:
        return _("{then} (now {now})").format(then=entry.actor_name, now=entry.actor_name_now)
    return entry.actor_name


# How an exported entry reads: as in the audit view (the window and the command line).
ENTRY_LABELS = EntryLabels(action_label, target_text, details_text)
