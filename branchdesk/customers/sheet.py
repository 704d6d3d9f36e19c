"""The customer file sheet as PDF: what ``get_customer`` returns for the printing user, masked
as it is on screen, so a print can never show more than the window (R-S5). Opening the file
for the print is audited as a view, and the print itself is audited on the file, so "who
looked at this" lists it (R-S4). A sheet that shows secret or top-secret fields carries the
printing user's marks on every page."""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.desk import desk_name
from branchdesk.audit.log import Action, record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.config import configured_font_path
from branchdesk.customers.permissions import GRADES, KINDS, SOURCES, TITLES, TargetKind
from branchdesk.customers.records import CustomerDetail
from branchdesk.customers.service import get_customer
from branchdesk.i18n import _, current_language, format_datetime
from branchdesk.printing.secrecy_stamp import PrintedBy
from branchdesk.secrecy import Level, level_name
from branchdesk.settings.store import get_setting

FORM = "customer_sheet"
# Sheet field → the masking step's name for it (``customers.masking.FIELD_TIERS``). Phones and
# owner are not here: the service returns them masked, and the masked value is printed.
WITHHELD_AS = {
    "source": "source",
    "grade": "grade",
    "tags": "tags",
    "visited_at": "visited",
    "consent_told": "consent",
    "consent_at": "consent",
    "consent_withdrawn_at": "consent",
    "notes": "notes",
}


def printed_level(detail: CustomerDetail) -> Level:
    """The most secret data the sheet holds: what the user was shown, at most the file's own
    level (an internal file is internal whoever prints it)."""
    return min(Level(detail.row.seen_at), Level(detail.row.level))


def _sheet_data(detail: CustomerDetail, lang: str):
    from branchdesk.printing.customer_sheet import CustomerSheetData, SheetContact

    row = detail.row
    chinese = lang.startswith("zh")
    separator, brackets = ("、", "（{}）") if chinese else (", ", " ({})")
    values = {
        "name": row.name,
        "level": level_name(row.level),
        "kind": _(KINDS.get(row.kind, row.kind)),
        "organisation": row.organisation,
        "phones": separator.join(row.phones),
        "owner": row.owner_name,
        "source": _(SOURCES[row.source]) if row.source in SOURCES else row.source,
        "grade": _(GRADES.get(row.grade, row.grade)) if row.grade else "",
        "tags": separator.join(row.tags),
        "visited_at": format_datetime(detail.visited_at, lang),
        "consent_told": detail.consent_told,
        "consent_at": format_datetime(detail.consent_at, lang),
        "consent_withdrawn_at": format_datetime(detail.consent_withdrawn_at, lang),
        "notes": detail.notes,
        "attachments": "\n".join(
            f"{info.file_name}{brackets.format(level_name(info.level))}"
            for info in detail.attachments
        ),
    }
    contacts = tuple(
        SheetContact(
            contact.name,
            _(TITLES[contact.title]) if contact.title else "",
            contact.department,
            contact.address,
        )
        for contact in detail.contacts
    )
    hidden = frozenset(key for key, name in WITHHELD_AS.items() if name in detail.hidden)
    return CustomerSheetData(
        str(row.id), values, hidden, contacts, contacts_hidden="contacts" in detail.hidden
    )


def customer_sheet_pdf(
    actor: Actor, customer_id: int, lang: str | None = None, now: datetime | None = None
) -> bytes:
    """The sheet in ``lang`` (default: the desk's language, in which the values are
    translated too). Refused, and the refusal audited, where the policy refuses the file."""
    from branchdesk.printing.customer_sheet import render_customer_sheet

    detail = get_customer(actor, customer_id)  # the policy's check; the view is audited
    now = now or clock_now()
    lang = lang or current_language()
    level = printed_level(detail)
    secret = level >= Level.SECRET
    pdf = render_customer_sheet(
        _sheet_data(detail, lang),
        lang,
        printed_at=now,
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
        secrecy=level if secret else None,
        printed_by=PrintedBy.of(actor, desk_name(), now) if secret else None,
    )
    record(
        actor,
        Action.FORM_PRINTED,
        at=now,
        target_kind=TargetKind.CUSTOMER,
        target_id=customer_id,
        data={"form": FORM, "lang": lang, "level": int(level)},
    )
    return pdf
