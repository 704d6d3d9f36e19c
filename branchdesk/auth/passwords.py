"""Password hashing with argon2id (argon2-cffi's defaults follow RFC 9106).

The hasher is created on first use, so the library loads at sign-in, not at start-up."""

from __future__ import annotations

import functools
from collections.abc import Iterator
from contextlib import contextmanager

_shared_hashes: dict[str, str] = {}


@functools.cache
def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def hash_password(password: str) -> str:
    return _shared_hashes.get(password) or _hasher().hash(password)


@contextmanager
def one_hash_for(password: str) -> Iterator[None]:
    """Within the block, every account given ``password`` gets one argon2 hash made on entry
    (the demo's staff share one documented password, and argon2 is slow by design); any other
    password is hashed as usual. Each stored hash is still a real argon2 hash."""
    _shared_hashes[password] = _hasher().hash(password)
    try:
        yield
    finally:
        _shared_hashes.pop(password, None)


def verify_password(password_hash: str, password: str) -> bool:
    from argon2.exceptions import InvalidHashError, VerificationError

    from branchdesk.validation import unstorable_reason

    if unstorable_reason(password) is not None:
        return False  # no password set here holds a broken character or a control code

    try:
        return _hasher().verify(password_hash, password)
    except (VerificationError, InvalidHashError):
        return False


def needs_rehash(password_hash: str) -> bool:
    return _hasher().check_needs_rehash(password_hash)
