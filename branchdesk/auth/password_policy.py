"""What a new password must be: long enough, not the person's own names, hard to guess.

Guessability is zxcvbn's estimate (0 = trivial … 4 = very hard); its feedback is English, so
its warning is mapped to our own translated reasons, with a general one for the rest."""

from __future__ import annotations

import re

from branchdesk.i18n import _
from branchdesk.validation import unstorable_reason

MIN_PASSWORD_LENGTH = 10
MIN_SCORE = 3  # zxcvbn: "safely unguessable", about 10^8 guesses or more

# A word in zxcvbn's warning → our reason (zxcvbn 4.x wordings).
_WARNINGS = (
    (("keyboard", "rows of keys"), lambda: _("Keyboard patterns are easy to guess.")),
    (("Repeats",), lambda: _("Repeated characters are easy to guess.")),
    (("Sequences",), lambda: _("Sequences like abc or 6543 are easy to guess.")),
    (("year", "Dates"), lambda: _("Dates and years are easy to guess.")),
    (("common",), lambda: _("This is a commonly used password.")),
    (("word", "names"), lambda: _("Single words and names are easy to guess.")),
)


def _reason(warning: str) -> str:
    for words, reason in _WARNINGS:
        if any(word in warning for word in words):
            return reason()
    return _("This password is easy to guess.")


def password_problem(password: str, *, login: str = "", display_name: str = "") -> str | None:
    """Why ``password`` is refused, translated; None when it is good enough."""
    unusable = unstorable_reason(password)  # it could be neither hashed nor typed again
    if unusable is not None:
        return unusable
    if len(password) < MIN_PASSWORD_LENGTH:
        return _("The password needs at least {n} characters.").format(n=MIN_PASSWORD_LENGTH)
    folded = password.strip().casefold()
    names = {name.strip().casefold() for name in (login, display_name) if name.strip()}
    if folded in names:
        return _("The password may not be your user name or your name.")
    from zxcvbn import zxcvbn  # loads its dictionaries: only when a password is set

    # Also the names without their dots and dashes: "wangfang2026" for "wang.fang".
    hints = names | {re.sub(r"[\W_]+", "", name) for name in names}
    result = zxcvbn(password, user_inputs=sorted(hints))
    if result["score"] >= MIN_SCORE:
        return None
    reason = _reason(result["feedback"].get("warning") or "")
    return _("{reason} Add another word or two; uncommon words are better.").format(reason=reason)
