"""Attachments (contracts, signed forms, survey sheets) kept in the database so every desk of
an office sees them: type checked by the file's first bytes, size within the setting, a
SHA-256 checksum checked again on every opening, and every opening audited (R-S4)."""

from __future__ import annotations

import hashlib
from datetime import datetime

from branchdesk.audit.log import record
from branchdesk.auth.session import Actor
from branchdesk.clock import now as clock_now
from branchdesk.customers.loading import access_of, assigned_to
from branchdesk.customers.masking import attachment_info
from branchdesk.customers.permissions import CustomerAction, Policy, TargetKind
from branchdesk.customers.policy import can, require_can
from branchdesk.customers.records import AttachmentInfo, OpenedAttachment
from branchdesk.db.models import Customer, CustomerAttachment, User
from branchdesk.db.transactions import write_transaction
from branchdesk.errors import BranchDeskError, NotFound, ValidationError
from branchdesk.i18n import _
from branchdesk.secrecy import Level
from branchdesk.settings.store import get_setting
from branchdesk.validation import clean_text

# The kinds of file a customer file takes, told by their first bytes (not by the name, which
# anyone can change): documents and scans.
SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (b"%PDF-", "application/pdf"),
    (b"\x89PNG\r\n\x1a\n", "image/png"),
    (b"\xff\xd8\xff", "image/jpeg"),
    (b"GIF87a", "image/gif"),
    (b"GIF89a", "image/gif"),
    (b"II*\x00", "image/tiff"),
    (b"MM\x00*", "image/tiff"),
)
# R-S1: contracts are top secret; an attachment is filed at that level unless a manager says.
DEFAULT_ATTACHMENT_LEVEL = Level.TOP_SECRET


class DamagedAttachment(BranchDeskError):
    """The stored bytes no longer match their checksum."""


def detect_type(content: bytes) -> str | None:
    for signature, mime in SIGNATURES:
        if content.startswith(signature):
            return mime
    if content[:4] == b"RIFF" and content[8:12] == b"WEBP":
        return "image/webp"
    return None


def size_limit_bytes() -> int:
    return int(get_setting("attachment_size_limit_mb")) * 1024 * 1024


def _file_access(actor: Actor, customer_id: int):
    customer = Customer.get_or_none(Customer.id == customer_id)
    if customer is None:
        raise NotFound(_("This customer file does not exist."))
    return access_of(customer, customer.id in assigned_to(actor.id, [customer.id]))


def add_attachment(
    actor: Actor,
    customer_id: int,
    file_name: str,
    content: bytes,
    level: Level | None = None,
    now: datetime | None = None,
) -> AttachmentInfo:
    access = _file_access(actor, customer_id)
    require_can(actor, Policy.EDIT, access)
    level = DEFAULT_ATTACHMENT_LEVEL if level is None else Level(level)
    errors: dict[str, str] = {}
    name = clean_text(errors, "file_name", file_name, required=True, max_length=200)
    mime = detect_type(content)
    limit = size_limit_bytes()
    if not content:
        errors["file"] = _("The file is empty.")
    elif len(content) > limit:
        errors["file"] = _("The file is {size} MB; attachments may be at most {limit} MB.").format(
            size=round(len(content) / 1024 / 1024, 1), limit=limit // 1024 // 1024
        )
    elif mime is None:
        errors["file"] = _("Attach a PDF or an image (PNG, JPEG, GIF, TIFF, WebP).")
    if level < DEFAULT_ATTACHMENT_LEVEL and not can(actor, Policy.RAISE_LEVEL, access):
        errors["level"] = _("Only a manager may file an attachment below top secret.")
    if errors:
        raise ValidationError(errors)
    at = now or clock_now()
    checksum = hashlib.sha256(content).hexdigest()
    with write_transaction():
        attachment = CustomerAttachment.create(
            customer=customer_id, file_name=name, mime=mime, size=len(content),
            sha256=checksum, level=int(level), content=content, added_at=at, added_by=actor.id,
        )  # fmt: skip
        Customer.update(updated_at=at).where(Customer.id == customer_id).execute()
        data = {"customer": customer_id, "size": len(content), "sha256": checksum,
                "level": int(level)}  # fmt: skip
        record(actor, CustomerAction.ATTACHMENT_ADDED, at=at, data=data,
               target_kind=TargetKind.ATTACHMENT, target_id=attachment.id)  # fmt: skip
    return attachment_info(attachment, actor.display_name)


def open_attachment(actor: Actor, attachment_id: int) -> OpenedAttachment:
    """The attachment's bytes, for a temporary copy the window removes afterwards. Audited
    with the file it belongs to; a refusal is audited by the policy."""
    attachment = CustomerAttachment.get_or_none(CustomerAttachment.id == attachment_id)
    if attachment is None:
        raise NotFound(_("This attachment does not exist."))
    access = _file_access(actor, attachment.customer_id)
    require_can(actor, Policy.OPEN_ATTACHMENT, access, level=attachment.level)
    content = bytes(attachment.content)
    if hashlib.sha256(content).hexdigest() != attachment.sha256:
        raise DamagedAttachment(
            _("The attachment is damaged: its content no longer matches its checksum.")
        )
    record(actor, CustomerAction.ATTACHMENT_OPENED,
           data={"customer": attachment.customer_id, "level": attachment.level},
           target_kind=TargetKind.ATTACHMENT, target_id=attachment.id)  # fmt: skip
    added_by = User.get_by_id(attachment.added_by_id).display_name
    return OpenedAttachment(attachment_info(attachment, added_by), content)
