"""The database key's recovery sheet: printed by a manager only, and audited (R-S4, R-S5)."""

from __future__ import annotations

from datetime import datetime

from branchdesk.audit.log import Action, details, form_target, record
from branchdesk.auth.roles import Permission
from branchdesk.auth.session import Actor, require
from branchdesk.clock import now as clock_now
from branchdesk.config import configured_font_path
from branchdesk.db import db
from branchdesk.db.connection import is_encrypted
from branchdesk.db.encryption_key import grouped, load_key
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _, current_language
from branchdesk.settings.store import get_setting

RECOVERY_SHEET = "database_key_recovery"


def has_database_key() -> bool:
    """Whether the open database is encrypted, so that a recovery sheet means something."""
    return db.obj is not None and is_encrypted(db.obj)


def recovery_sheet_pdf(actor: Actor, lang: str | None = None, now: datetime | None = None) -> bytes:
    """The key as text and QR code, for the safe. Whoever holds it reads every backup, so only
    a manager (who is responsible for the branch's data) may print it."""
    from branchdesk.printing.recovery_sheet import render_recovery_sheet

    require(actor, Permission.EDIT_SETTINGS)
    stored = load_key() if has_database_key() else None
    if stored is None:
        raise BranchDeskError(_("This database is not encrypted, so it has no key to print."))
    now = now or clock_now()
    pdf = render_recovery_sheet(
        grouped(stored.key),
        stored.key,
        now,
        lang or current_language(),
        company=get_setting("company_name"),
        branch=get_setting("branch_name"),
        font_path=configured_font_path(),
    )
    record(actor, Action.FORM_PRINTED, form_target(RECOVERY_SHEET), details(lang=lang), at=now)
    return pdf
