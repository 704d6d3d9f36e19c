"""The values customer services take and return. Rows are already masked for the actor who
asked (``branchdesk.customers.masking``): a field the actor may not see holds a masked value
or is empty and named in ``hidden``, so no caller needs to mask anything."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from branchdesk.secrecy import Level


@dataclass(frozen=True)
class ContactForm:
    name: str
    title: str = ""  # "mr" | "ms" | ""
    department: str = ""
    address: str = ""
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class CustomerForm:
    name: str
    kind: str = "person"  # "person" | "organisation"
    organisation: str = ""
    source: str = "walk_in"
    phones: tuple[str, ...] = ()
    owner_id: int | None = None  # None: the actor
    tags: tuple[str, ...] = ()
    notes: str = ""
    consent_told: str = ""
    consent_at: datetime | None = None
    contacts: tuple[ContactForm, ...] = ()
    level: Level | None = None  # None: the default for a file (R-S1, top secret)


@dataclass(frozen=True)
class CustomerChanges:
    """Fields to change; None leaves a field as it is."""

    name: str | None = None
    kind: str | None = None
    organisation: str | None = None
    source: str | None = None
    tags: tuple[str, ...] | None = None
    notes: str | None = None
    consent_told: str | None = None
    consent_at: datetime | None = None
    consent_withdrawn: bool | None = None


@dataclass(frozen=True)
class ContactRow:
    id: int
    name: str
    title: str
    department: str
    address: str
    phones: tuple[str, ...] = ()


@dataclass(frozen=True)
class AttachmentInfo:
    id: int
    file_name: str
    mime: str
    size: int
    sha256: str
    level: Level
    added_at: datetime
    added_by: str


@dataclass(frozen=True)
class CustomerRow:
    """One file as a list shows it, masked for the actor. ``level`` is the file's; ``seen_at``
    the level of what the actor was shown (their clearance for this file)."""

    id: int
    kind: str
    name: str
    organisation: str
    phones: tuple[str, ...]  # full, or masked like 139****5678
    owner_name: str  # masked ("王*") below secret
    source: str  # "" when hidden
    grade: str
    tags: tuple[str, ...]
    level: Level
    seen_at: Level
    hidden: frozenset[str] = frozenset()


@dataclass(frozen=True)
class CustomerDetail:
    """One opened file, masked for the actor: hidden fields are empty and named in ``hidden``."""

    row: CustomerRow
    owner_id: int | None
    notes: str
    consent_told: str
    consent_at: datetime | None
    consent_withdrawn_at: datetime | None
    visited_at: datetime | None
    grade_signed_by: str
    contacts: tuple[ContactRow, ...]
    attachments: tuple[AttachmentInfo, ...]  # only those the actor may open
    created_at: datetime
    updated_at: datetime
    hidden: frozenset[str] = field(default_factory=frozenset)
    editable: bool = False  # the policy lets the actor change this file


@dataclass(frozen=True)
class CustomerCursor:
    """Where the previous page ended: the last row's id (files are listed newest first)."""

    id: int


@dataclass(frozen=True)
class OpenedAttachment:
    info: AttachmentInfo
    content: bytes
