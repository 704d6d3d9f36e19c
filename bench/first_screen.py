"""The visit log's first screenful through the worker: from asking (the tab opens, or a filter
changes) until the first page's rows are in the model and its view.

That is what the user waits for: the question handed to the worker thread, the keyset query
there, the rows back on the GUI thread through a queued signal, and the view told of them.
"""

from __future__ import annotations

import os
import statistics
import time
from collections.abc import Callable

from branchdesk.auth.session import Actor
from branchdesk.visitors.visit_log import VisitFilter

RUNS = 9  # after one cold run
BUDGET_MS = 100


def _first_screen_ms(app, model, visit_filter: VisitFilter) -> tuple[float, int]:
    started = time.perf_counter()
    model.set_filter(visit_filter)
    while model.fetching:  # the page is on its way
        app.processEvents()
        time.sleep(0.0002)
    return (time.perf_counter() - started) * 1000, model.rowCount()


def measure_first_screen(actor: Actor, result: Callable, show: Callable) -> list:
    """``result(label, value, budget, unit, note)`` and ``show(result)`` are the caller's."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtWidgets import QApplication, QTableView

    from branchdesk.ui.runner import DeskRunner
    from branchdesk.ui.visitors.visit_log_model import VisitLogModel

    app = QApplication.instance() or QApplication([])
    errors: list[Exception] = []
    runner = DeskRunner(on_error=errors.append)
    view = QTableView()
    model = VisitLogModel(actor, runner, view)
    view.setModel(model)
    view.resize(1200, 640)
    view.show()
    print(
        f"Visit log, first screenful through the worker (VisitLogModel, median of {RUNS} "
        "after a cold run)"
    )
    results = []
    cases = [
        ("empty filter, newest first", VisitFilter()),
        ('"张伟"', VisitFilter(text="张伟")),
    ]
    for label, visit_filter in cases:
        cold, rows = _first_screen_ms(app, model, visit_filter)
        runs = [_first_screen_ms(app, model, visit_filter)[0] for _ in range(RUNS)]
        measured = result(
            label, statistics.median(runs), BUDGET_MS, "ms", f"{rows} rows, cold {cold:.1f} ms"
        )
        show(measured)
        results.append(measured)
    view.close()
    runner.wait()
    app.processEvents()
    if errors:
        raise errors[0]
    return results
