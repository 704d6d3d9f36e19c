"""Signing visitors out from the presence list: named in the question and in the answer, and
undone the same day when it was a mistake."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QPushButton, QWidget

from branchdesk.i18n import _, babel_locale, format_number, ngettext
from branchdesk.ui.common.confirm import confirm
from branchdesk.ui.common.why_disabled import enable_or_explain
from branchdesk.ui.context import DeskContext
from branchdesk.visitors.presence import sign_out, sign_out_all, undo_sign_out
from branchdesk.visitors.records import VisitRow

MAX_NAMES = 12  # a longer list is cut in the question: the count says how many


def may_not_register() -> str:
    return _("Your role may not register visitors; the front desk does.")


def names_text(names: list[str]) -> str:
    """Names as a reader of the language lists them (张伟、王芳和李娜)."""
    from babel.lists import format_list  # loaded when someone signs out, not at start-up

    shown = names[:MAX_NAMES]
    if len(names) > MAX_NAMES:
        shown = [*shown[:-1], _("{n} more").format(n=format_number(len(names) - MAX_NAMES + 1))]
    return format_list(shown, locale=babel_locale()) if shown else ""


class SigningOut:
    """The tab's sign-out buttons and what they do; ``say`` puts a line in the tab's status,
    ``changed`` re-reads the list and tells the other tabs; ``failed`` shows a refusal."""

    def __init__(
        self,
        context: DeskContext,
        parent: QWidget,
        say: Callable[[str], None],
        changed: Callable[[], None],
        failed: Callable[[Exception], None],
    ) -> None:
        self._context, self._parent = context, parent
        self._say, self._changed, self._failed = say, changed, failed
        self.last_signed_out: list[int] = []  # what Undo brings back
        self.btn_sign_out = QPushButton(_("Sign out selected…"))
        self.btn_sign_out_all = QPushButton(_("Sign out all…"))
        self.btn_undo = QPushButton(_("Undo sign-out"))
        self.btn_undo.setObjectName("btn_undo_sign_out")
        self.btn_undo.hide()
        self.btn_undo.clicked.connect(self.undo)

    def update(self, can_register: bool, selected: int, listed: int) -> None:
        may_not = _("Your role may not sign visitors out; the front desk does.")
        enable_or_explain(
            self.btn_sign_out,
            can_register and selected > 0,
            may_not if not can_register else _("Select the visitors who are leaving first."),
        )
        enable_or_explain(
            self.btn_sign_out_all,
            can_register and listed > 0,
            may_not if not can_register else _("Nobody is signed in."),
        )

    def sign_out(self, rows: list[VisitRow], everyone: bool = False) -> None:
        """Asks with the names, then signs out exactly those visits (one another desk
        registered meanwhile is not among them)."""
        if not rows:
            return
        names = names_text([row.name for row in rows])
        n = len(rows)
        if everyone:
            question = ngettext(
                "Sign out the {n} visitor still in the building: {names}?",
                "Sign out all {n} visitors still in the building: {names}?",
                n,
            )
        else:
            question = ngettext("Sign out {names}?", "Sign out these {n} visitors: {names}?", n)
        title = _("Sign out all") if everyone else _("Sign out")
        text = question.format(n=format_number(n), names=names)
        if not confirm(self._parent, title, text, _("Sign out")):
            return
        actor, now, ids = self._context.actor, self._context.now(), [row.id for row in rows]
        if everyone:
            work = lambda: (ids, sign_out_all(actor, now, ids))  # noqa: E731
        else:
            work = lambda: (ids, [sign_out(actor, visit_id, now) for visit_id in ids])  # noqa: E731
        self._context.runner.run(work, lambda result: self._signed_out(rows, result), self._failed)

    def _signed_out(self, rows: list[VisitRow], result: tuple[list[int], object]) -> None:
        ids, _result = result
        self.last_signed_out = ids
        names = [row.name for row in rows if row.id in ids]
        self.btn_undo.show()
        self._changed()
        self._say(
            ngettext("Signed out {names}.", "Signed out {n} visitors: {names}.", len(names)).format(
                n=format_number(len(names)), names=names_text(names)
            )
        )

    def undo(self) -> None:
        ids = self.last_signed_out
        if not ids:
            return
        actor, now = self._context.actor, self._context.now()

        def work() -> list[str]:
            return [undo_sign_out(actor, visit_id, now) for visit_id in ids]

        self._context.runner.run(work, self._undone, self._undo_failed)

    def _undone(self, names: list[str]) -> None:
        self.forget()
        self._changed()
        self._say(
            ngettext(
                "{names} is in the building again.",
                "{n} visitors are in the building again: {names}.",
                len(names),
            ).format(n=format_number(len(names)), names=names_text(names))
        )

    def _undo_failed(self, exc: Exception) -> None:
        self.forget()
        self._failed(exc)

    def forget(self) -> None:
        """Undo no longer applies (it was used, or another change came first)."""
        self.last_signed_out = []
        self.btn_undo.hide()
