"""A benchmark database built once and kept in ``bench/.data``: written under a ``.building``
name and renamed when complete, so an interrupted build is never taken for a finished one."""

from __future__ import annotations

import time
from collections.abc import Callable
from pathlib import Path


def build_once(path: Path, build: Callable[[Path], None]) -> None:
    if path.exists():
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".building")
    partial.unlink(missing_ok=True)
    print(f"Building {path.name} once …", flush=True)
    started = time.perf_counter()
    build(partial)
    partial.rename(path)
    print(f"  built in {time.perf_counter() - started:.0f} s", flush=True)
