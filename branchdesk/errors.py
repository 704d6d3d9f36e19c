"""Domain exceptions a user can act on; their messages are already translated."""

from __future__ import annotations


class BranchDeskError(Exception):
    """Base of every error the user can fix or must be told about."""


class ValidationError(BranchDeskError):
    """Input rejected; ``errors`` maps a form field to its translated message."""

    def __init__(self, errors: dict[str, str]):
        self.errors = dict(errors)
        super().__init__("; ".join(f"{k}: {v}" for k, v in self.errors.items()))


class PermissionDenied(BranchDeskError):
    """The acting user's role does not allow the operation."""


class NotFound(BranchDeskError):
    """A record that the user asked for does not exist."""


class SignInFailed(BranchDeskError):
    """Wrong credentials, an inactive account or a locked account."""


class SchemaTooNew(BranchDeskError):
    """The database was written by a newer BranchDesk; we refuse to touch it."""


class NotADatabase(BranchDeskError):
    """The file named as the database is something else, or its key does not open it."""


class DatabaseBusy(BranchDeskError):
    """Another desk kept the database locked for longer than a write may wait."""
