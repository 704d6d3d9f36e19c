"""The one masking step: every row and detail a customer service returns is shaped here for
the actor's level, so the window, the command line and exports cannot show more by mistake.

Each field has a tier; a field is shown when the actor's level for the file reaches the lower
of its tier and the file's own level (an internal file is shown whole to the front desk).
"""

from __future__ import annotations

from branchdesk.customers.records import (
    AttachmentInfo,
    ContactRow,
    CustomerDetail,
    CustomerRow,
)
from branchdesk.db.models import Customer, CustomerAttachment, CustomerContact, User
from branchdesk.secrecy import Level

# Internal: name, organisation, kind, the file's level and masked phones (R-S2: what the front
# desk's own work needs). Secret: how to reach and work the customer. Top secret: the rest.
FIELD_TIERS: dict[str, Level] = {
    "phones": Level.SECRET,
    "owner": Level.SECRET,
    "source": Level.SECRET,
    "grade": Level.SECRET,
    "tags": Level.SECRET,
    "contacts": Level.SECRET,
    "consent": Level.SECRET,
    "visited": Level.SECRET,
    "notes": Level.TOP_SECRET,
}


def shows(field: str, seen: Level, file_level: Level) -> bool:
    return seen >= min(FIELD_TIERS[field], Level(file_level))


def hidden_fields(seen: Level, file_level: Level) -> frozenset[str]:
    return frozenset(f for f in FIELD_TIERS if not shows(f, seen, file_level))


def mask_phone(phone: str) -> str:
    """139****5678: the first three and last four digits, as the desk reads a number aloud."""
    if len(phone) <= 7:
        return "*" * len(phone)
    return phone[:3] + "****" + phone[-4:]


def mask_name(name: str) -> str:
    """王*: the family name only (a colleague's full name is not needed below secret)."""
    return name[:1] + "*" * max(1, len(name) - 1) if name else ""


def visible_phone_digits(phone: str) -> tuple[str, str]:
    """The parts of a masked number the actor sees: a search may match only these."""
    if len(phone) <= 7:
        return "", ""
    return phone[:3], phone[-4:]


def shape_row(customer: Customer, phones: list[str], owner_name: str, seen: Level) -> CustomerRow:
    level = Level(customer.level)
    hidden = hidden_fields(seen, level)
    return CustomerRow(
        id=customer.id,
        kind=customer.kind,
        name=customer.name,
        organisation=customer.organisation,
        phones=tuple(phones if "phones" not in hidden else [mask_phone(p) for p in phones]),
        owner_name=owner_name if "owner" not in hidden else mask_name(owner_name),
        source="" if "source" in hidden else customer.source,
        grade="" if "grade" in hidden else customer.grade,
        tags=() if "tags" in hidden else split_tags(customer.tags),
        level=level,
        seen_at=seen,
        hidden=hidden,
    )


def split_tags(tags: str) -> tuple[str, ...]:
    return tuple(t for t in (tags or "").split(",") if t)


def attachment_info(attachment: CustomerAttachment, added_by: str) -> AttachmentInfo:
    return AttachmentInfo(
        attachment.id,
        attachment.file_name,
        attachment.mime,
        attachment.size,
        attachment.sha256,
        Level(attachment.level),
        attachment.added_at,
        added_by,
    )


def shape_detail(
    customer: Customer,
    row: CustomerRow,
    contacts: list[CustomerContact],
    attachments: list[AttachmentInfo],
    users: dict[int, str],
    contact_phones: dict[int, list[str]] | None = None,
) -> CustomerDetail:
    hidden = row.hidden
    numbers = contact_phones or {}

    def phones_of(contact_id: int) -> tuple[str, ...]:
        phones = numbers.get(contact_id, [])
        return tuple(mask_phone(p) for p in phones) if "phones" in hidden else tuple(phones)

    consent_hidden = "consent" in hidden
    visited_hidden = "visited" in hidden
    signed_by = users.get(customer.grade_signed_by_id or 0, "")
    return CustomerDetail(
        row=row,
        owner_id=None if "owner" in hidden else customer.owner_id,
        notes="" if "notes" in hidden else customer.notes,
        consent_told="" if consent_hidden else customer.consent_told,
        consent_at=None if consent_hidden else customer.consent_at,
        consent_withdrawn_at=None if consent_hidden else customer.consent_withdrawn_at,
        visited_at=None if visited_hidden else customer.visited_at,
        grade_signed_by="" if visited_hidden else signed_by,
        contacts=()
        if "contacts" in hidden
        else tuple(
            ContactRow(c.id, c.name, c.title, c.department, c.address, phones_of(c.id))
            for c in contacts
        ),
        # An attachment is listed only to whom may open it: its name may tell too much.
        attachments=tuple(a for a in attachments if row.seen_at >= a.level),
        created_at=customer.created_at,
        updated_at=customer.updated_at,
        hidden=hidden,
    )


def user_names(ids) -> dict[int, str]:
    wanted = {i for i in ids if i}
    if not wanted:
        return {}
    query = User.select(User.id, User.display_name).where(User.id.in_(sorted(wanted)))
    return {u.id: u.display_name for u in query}
