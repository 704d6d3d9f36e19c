"""Audit entries in the reader's language. Entries are stored in a fixed, language-neutral
form (they are evidence, hash-chained); only their display is translated."""

from __future__ import annotations

from datetime import date, datetime

from branchdesk.audit.log import Action, AuditRecord, parse_details
from branchdesk.auth.roles import ROLE_LABELS, Role
from branchdesk.i18n import LANGUAGE_NAMES, N_, _, format_date, format_datetime
from branchdesk.settings.defaults import SETTINGS_BY_KEY

ACTION_LABELS = {
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
    Action.VISIT_REGISTERED: N_("Visit registered"),
    Action.VISIT_SIGNED_OUT: N_("Visitor signed out"),
    Action.REPLY_PENDING: N_("Reply pending"),
    Action.REPLY_ANSWERED: N_("Reply given"),
    Action.VISIT_ESCALATED: N_("Visit escalated"),
    Action.DATABASE_BACKED_UP: N_("Database backed up"),
    Action.DAILY_LOG_CLOSED: N_("Daily visit log closed"),
}


def action_label(action: str) -> str:
    """Actions added by later features show their key until they get a label here."""
    label = ACTION_LABELS.get(action)
    return _(label) if label else action


def all_actions() -> list[str]:
    return [value for name, value in vars(Action).items() if name.isupper()]


FORM_LABELS = {
    "visit_registration": N_("Visit registration form"),
    "evacuation_list": N_("Evacuation list"),
    "daily_visit_log": N_("Daily visit log"),
}

DETAIL_KEYS = {
    "consent": N_("Consent"),
    "lang": N_("Language"),
    "answerer": N_("Assigned to"),
    "due": N_("Deadline"),
    "to": N_("Escalated to"),
    "role": N_("Role"),
    "fields": N_("Changed"),
    "count": N_("Count"),
    "visit": N_("Visit"),
    "blank": N_("Blank form"),
    "all": N_("All"),
    "day": N_("Day"),
    "archived": N_("Archived copy"),
}

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
            return format_datetime(datetime.fromisoformat(value), "short")
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
    if sep and kind == "visit":
        return _("Visit {id}").format(id=rest)
    if sep and kind == "day":
        return _date_text(rest)
    if sep and kind == "form":
        return _(FORM_LABELS[rest]) if rest in FORM_LABELS else rest
    if entry.action == Action.SETTINGS_CHANGED:
        keys = [key for key in entry.target.split(",") if key]
        return ", ".join(_(SETTINGS_BY_KEY[k].label) if k in SETTINGS_BY_KEY else k for k in keys)
    if entry.target == "(unknown user)":
        return _("(unknown user)")
    return entry.target


def detail_text(detail: str) -> str:
    """``key=value`` pairs with translated keys; free text as it was written."""
    parts = []
    for key, value in parse_details(detail):
        if key in DETAIL_KEYS:
            parts.append(f"{_(DETAIL_KEYS[key])}: {_value_text(key, value)}")
        else:
            parts.append(f"{key}={value}" if key else value)
    return "; ".join(parts)
