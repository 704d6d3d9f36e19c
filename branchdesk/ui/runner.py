"""Database writes, slow queries and PDF building run here, off the GUI thread.

One worker thread serialises all work, so two writes never race for the SQLite lock; results
and errors come back to callbacks on the GUI thread (never touch widgets from ``work``).
A widget that asks the same question again (a new filter, another phone number) asks through
its ``QuerySlot``: only the latest answer is delivered, and none once the widget is gone.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

from branchdesk.auth.session import SessionEnded


class _Relay(QObject):
    """Carries each job's answer from the worker thread to the GUI thread: (job, ok, value).
    One for the runner's lifetime, so no job's answer is emitted on an object being deleted."""

    delivered = Signal(int, bool, object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay, job: int):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay
        self._job = job

    def run(self) -> None:
        try:
            ok, value = True, self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread's failure callback
            ok, value = False, exc
        with contextlib.suppress(RuntimeError):
            # Only when the process is shutting down and Qt has deleted the relay already:
            # nobody is left to tell.
            self._relay.delivered.emit(self._job, ok, value)


class DeskRunner(QObject):
    """``run(work, on_success, on_failure)``; ``wait()`` for tests and shutdown.

    ``on_session_ended``, when set, receives every ``SessionEnded`` instead of the job's own
    failure callback: whichever widget asked, the account changed and the window signs out."""

    def __init__(self, on_error: Callable[[Exception], None], parent: QObject | None = None):
        super().__init__(parent)
        self.on_session_ended: Callable[[Exception], None] | None = None
        # The pool is the first child, so it is destroyed first: it waits for a running job
        # before the relay that job answers through goes.
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._relay = _Relay(self)
        self._relay.delivered.connect(self._deliver)  # queued: runs on the GUI thread
        self._on_error = on_error
        self._waiting: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._jobs = 0

    @property
    def busy(self) -> bool:
        """True until every submitted job's callback has run on the GUI thread."""
        return bool(self._waiting)

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._jobs += 1
        self._waiting[self._jobs] = (on_success, on_failure)
        self._pool.start(_Job(work, self._relay, self._jobs))

    def _deliver(self, job: int, ok: bool, value: Any) -> None:
        on_success, on_failure = self._waiting.pop(job)
        if ok:
            callback = on_success
        elif isinstance(value, SessionEnded) and self.on_session_ended is not None:
            callback = self.on_session_ended
        else:
            callback = on_failure or self._on_error
        if callback is not None:
            callback(value)

    def slot(self, owner: QObject) -> QuerySlot:
        """A query slot for ``owner``, the widget whose answers it delivers."""
        return QuerySlot(self, owner)

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (callbacks still arrive through the event loop)."""
        return self._pool.waitForDone(msecs)


class QuerySlot:
    """One question a widget keeps asking (Anki's QueryOp, with the newest asker winning).

    ``ask`` supersedes whatever this slot asked before: an earlier answer that arrives later
    is dropped, as is any answer once the owner has been deleted. Failures of a superseded
    question are dropped too; the newer question reports its own."""

    def __init__(self, runner: DeskRunner, owner: QObject):
        self._runner = runner
        self._owner = owner
        self._ticket = 0
        self._waiting = False

    @property
    def waiting(self) -> bool:
        """True from ``ask`` until its answer (not a superseded one) was delivered."""
        return self._waiting

    def ask(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None],
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        self._ticket += 1
        ticket = self._ticket
        self._waiting = True

        def current(callback):
            def deliver(value):
                if ticket != self._ticket or not isValid(self._owner):
                    return
                self._waiting = False
                (callback or self._runner._on_error)(value)

            return deliver

        self._runner.run(work, current(on_success), current(on_failure))

    def drop(self) -> None:
        """Forget the question on its way: its answer will not be delivered."""
        self._ticket += 1
        self._waiting = False
