"""Advancing a call-script step against its budget of one frame (16 ms, issue 10 §5).
Run as ``python bench/script_step.py``.

Walks the shipped inbound script's complaint path again and again (the engine's ``complete`` /
``back``, the text with every placeholder filled, the numbered choices), first alone and then
painted into a large word-wrapped label offscreen, as a call's script panel shows it. Prints
the median and the slowest step of each; exit status 1 when a median is over budget.
"""

from __future__ import annotations

import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT)]

from branchdesk.scripts.engine import ScriptRun  # noqa: E402
from branchdesk.scripts.loading import load_script_file, shipped_script_paths  # noqa: E402
from branchdesk.scripts.model import StepKind  # noqa: E402

BUDGET_MS = 16.0
ROUNDS = 200
VALUES = {
    "company": "华信贸易有限公司",
    "branch": "上海浦东分公司",
    "agent_no": "1001",
    "agent_name": "赵磊",
    "customer": "林春梅",
    "title": "女士",
    "reply_time": "15:30",
    "hotline": "400-820-1234",
}
# greeting → purpose → complaint path → company at fault → anything else → closing → hang up
CHOICES = {"purpose": "complaint", "complaint_fault": "company_fault", "anything_else": "nothing"}


def _advance(run: ScriptRun) -> str:
    step = run.current
    value = "发票抬头开错" if step.kind == StepKind.RECORD else None
    run.complete(CHOICES.get(step.id), value)
    shown = run.text()
    for choice in run.choices():
        shown += f"\n{choice.number}. {choice.label}"
    return shown


def measure(paint=None) -> list[float]:
    script = load_script_file(shipped_script_paths()[0])
    times = []
    for _round in range(ROUNDS):
        run = ScriptRun(script, VALUES, "zh_CN")
        while not run.finished:
            started = time.perf_counter()
            shown = _advance(run)
            if paint is not None:
                paint(shown)
            times.append((time.perf_counter() - started) * 1000)
    return times


def _label_painter():
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtGui import QFont
    from PySide6.QtWidgets import QApplication, QLabel

    app = QApplication.instance() or QApplication([])
    label = QLabel()
    label.setWordWrap(True)
    font = QFont(label.font())
    font.setPointSize(22)
    label.setFont(font)
    label.resize(900, 300)
    label.show()

    def paint(text: str) -> None:
        label.setText(text)
        label.repaint()  # paints now, as the frame after the key press would

    paint("")
    app.processEvents()
    return paint


def measure_script_step(result, show) -> list:
    """For ``bench/run.py``: each figure as ``result(label, value, budget, unit, note)``."""
    print("Advancing a call-script step (inbound complaint path, median of every step)")
    results = []
    for name, painter in (("script step: advance + text filled", None),
                          ("script step: painted in a 22 pt label", _label_painter())):  # fmt: skip
        times = measure(painter)
        note = f"slowest {max(times):.1f} ms of {len(times)} steps"
        results.append(result(name, statistics.median(times), BUDGET_MS, "ms", note))
        show(results[-1])
    return results


def main() -> int:
    ok = True
    for name, painter in (("engine: advance + text filled", None),
                          ("engine + painted in a 22 pt label", _label_painter())):  # fmt: skip
        times = measure(painter)
        median = statistics.median(times)
        worst = max(times)
        verdict = "PASS" if median <= BUDGET_MS else "FAIL"
        ok &= median <= BUDGET_MS
        print(f"{name:<36} median {median:8.3f} ms   max {worst:7.3f} ms   "
              f"budget {BUDGET_MS:.0f} ms   {verdict}   ({len(times)} steps)")  # fmt: skip
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
