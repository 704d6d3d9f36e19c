"""Checking what was typed into a customer file: messages keyed by field, translated."""

from __future__ import annotations

from branchdesk.auth.roles import Role
from branchdesk.customers.permissions import KINDS, SOURCES, TITLES
from branchdesk.customers.records import ContactForm, CustomerForm
from branchdesk.db.models import User
from branchdesk.errors import ValidationError
from branchdesk.i18n import _
from branchdesk.phones import InvalidPhone, normalize_phone
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_name, clean_text

MAX_NOTES = 4000
MAX_TAGS = 20
# Who may own a file: the staff who work customers (R-F5 hands files between them).
OWNER_ROLES = (Role.AGENT, Role.MANAGER)


def clean_phones(errors: dict[str, str], field: str, phones) -> list[str]:
    region = get_setting("phone_region")
    cleaned: list[str] = []
    for typed in phones:
        if not (typed or "").strip():
            continue
        try:
            phone = normalize_phone(typed, region)
        except InvalidPhone as exc:
            errors[field] = str(exc)
            continue
        if phone not in cleaned:
            cleaned.append(phone)
    return cleaned


def clean_tags(errors: dict[str, str], tags) -> list[str]:
    cleaned = []
    for tag in tags:
        text = clean_text(errors, "tags", tag.replace(",", " "), max_length=30)
        if text and text not in cleaned:
            cleaned.append(text)
    if len(cleaned) > MAX_TAGS:
        errors["tags"] = _("At most {limit} tags.").format(limit=MAX_TAGS)
    return cleaned


def check_owner(errors: dict[str, str], owner_id: int) -> None:
    owner = User.get_or_none(User.id == owner_id)
    if owner is None or not owner.active or owner.role not in OWNER_ROLES:
        errors["owner"] = _("Choose an active agent or manager as the owner.")


def clean_contact(errors: dict[str, str], prefix: str, form: ContactForm) -> dict:
    values = {
        "name": clean_name(errors, f"{prefix}name", form.name),
        "title": form.title if form.title in TITLES else "",
        "department": clean_text(errors, f"{prefix}department", form.department, max_length=100),
        "address": clean_text(errors, f"{prefix}address", form.address, max_length=200),
    }
    if form.title not in TITLES:
        errors[f"{prefix}title"] = _("Choose a title.")
    values["phones"] = clean_phones(errors, f"{prefix}phones", form.phones)
    return values


def clean_customer_form(form: CustomerForm, owner_id: int) -> dict:
    errors: dict[str, str] = {}
    values = {
        "kind": form.kind,
        "name": clean_name(errors, "name", form.name, max_length=100),
        "organisation": clean_text(errors, "organisation", form.organisation, max_length=100),
        "source": form.source,
        "notes": clean_text(errors, "notes", form.notes, max_length=MAX_NOTES, multiline=True),
        "consent_told": clean_text(
            errors, "consent_told", form.consent_told, max_length=1000, multiline=True
        ),
        "consent_at": form.consent_at,
        "tags": ",".join(clean_tags(errors, form.tags)),
        "phones": clean_phones(errors, "phones", form.phones),
    }
    if form.kind not in KINDS:
        errors["kind"] = _("Choose a person or an organisation.")
    if form.source not in SOURCES:
        errors["source"] = _("Choose where the customer came from.")
    if form.kind == "organisation" and not values["organisation"]:
        values["organisation"] = values["name"]
    check_owner(errors, owner_id)
    contacts = [clean_contact(errors, f"contact{i}.", c) for i, c in enumerate(form.contacts)]
    if errors:
        raise ValidationError(errors)
    values["contacts"] = contacts
    return values
