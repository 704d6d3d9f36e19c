"""Database writes, slow queries and PDF building run here, off the GUI thread.

One worker thread serialises all work, so two writes never race for the SQLite lock; results
and errors come back to callbacks on the GUI thread (never touch widgets from ``work``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal


class _Relay(QObject):
    succeeded = Signal(object)
    failed = Signal(object)


class _Job(QRunnable):
    def __init__(self, work: Callable[[], Any], relay: _Relay):
        super().__init__()
        self.setAutoDelete(True)
        self._work = work
        self._relay = relay

    def run(self) -> None:
        try:
            result = self._work()
        except Exception as exc:  # noqa: BLE001 - handed to the GUI thread's failure callback
            self._deliver(self._relay.failed, exc)
        else:
            self._deliver(self._relay.succeeded, result)

    @staticmethod
    def _deliver(signal, value) -> None:
        with contextlib.suppress(RuntimeError):
            # Only when the process is shutting down and Qt has deleted the relay already:
            # nobody is left to tell.
            signal.emit(value)


class DeskRunner(QObject):
    """``run(work, on_success, on_failure)``; ``wait()`` for tests and shutdown."""

    def __init__(self, on_error: Callable[[Exception], None], parent: QObject | None = None):
        super().__init__(parent)
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(1)
        self._on_error = on_error
        self._relays: set[_Relay] = set()

    @property
    def busy(self) -> bool:
        """True until every submitted job's callback has run on the GUI thread."""
        return bool(self._relays)

    def run(
        self,
        work: Callable[[], Any],
        on_success: Callable[[Any], None] | None = None,
        on_failure: Callable[[Exception], None] | None = None,
    ) -> None:
        relay = _Relay()
        self._relays.add(relay)

        def finish(callback, value):
            self._relays.discard(relay)
            relay.deleteLater()
            if callback is not None:
                callback(value)

        relay.succeeded.connect(lambda result: finish(on_success, result))
        relay.failed.connect(lambda exc: finish(on_failure or self._on_error, exc))
        self._pool.start(_Job(work, relay))

    def wait(self, msecs: int = -1) -> bool:
        """Block until the worker is idle (callbacks still arrive through the event loop)."""
        return self._pool.waitForDone(msecs)
