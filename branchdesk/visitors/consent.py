"""The privacy-notice wording a visitor consented to or refused (PIPL), stored once per wording."""

from __future__ import annotations

from datetime import datetime

from branchdesk.db.models import ConsentNotice


def stored_notice(text: str, shown_at: datetime) -> ConsentNotice:
    """The row holding exactly ``text``, created the first time it is shown. Call inside the
    visit's transaction."""
    digest = ConsentNotice.digest_of(text)
    notice = ConsentNotice.get_or_none(ConsentNotice.digest == digest)
    if notice is None:
        # Two desks may show a new wording at once: the loser's insert is ignored and both
        # read the one row.
        ConsentNotice.insert(
            text=text, digest=digest, first_shown_at=shown_at
        ).on_conflict_ignore().execute()
        notice = ConsentNotice.get(ConsentNotice.digest == digest)
    return notice
