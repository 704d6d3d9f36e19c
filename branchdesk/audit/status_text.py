"""What a check of the audit log found, in the reader's language: one line for the command
line, the audit view and the start-up warning alike."""

from __future__ import annotations

from branchdesk.audit.seals import Seal
from branchdesk.audit.verify import ChainStatus
from branchdesk.i18n import _, format_datetime, format_number


def short_hash(entry_hash: str) -> str:
    # Enough to compare with the paper copy at a glance; the PDF carries the whole hash.
    return entry_hash[:16] + "…"


def seal_text(seal: Seal) -> str:
    return _("entry {n}, hash {hash}, sealed {at}").format(
        n=seal.entry_id,
        hash=short_hash(seal.entry_hash),
        at=format_datetime(seal.sealed_at, seconds=True),
    )


def status_line(status: ChainStatus) -> str:
    if status.broken_entry is not None:
        return _(
            "altered: entry {n} was changed, or an entry just before it was removed or slipped in"
        ).format(n=status.broken_entry)
    if status.broken_seal is not None:
        return _(
            "altered: the seal of {at} (entry {n}, hash {hash}) no longer matches; "
            "entries up to it were removed or rewritten"
        ).format(
            at=format_datetime(status.broken_seal.sealed_at, seconds=True),
            n=status.broken_seal.entry_id,
            hash=short_hash(status.broken_seal.entry_hash),
        )
    entries = format_number(status.entries)
    if status.last_seal is None:
        return _("intact ({n} entries, not sealed yet)").format(n=entries)
    return _("intact ({n} entries, last sealed {seal})").format(
        n=entries, seal=seal_text(status.last_seal)
    )
