"""A private X server (Xvfb) for the start-up figures on Qt's xcb platform.

Offscreen paints into memory without a window system; a desk paints through X: the window is
mapped, the server sends the expose, and only then does Qt paint. The benchmark measures both.
Xvfb picks a free display itself (``-displayfd``), so runs of other people on the machine are
never disturbed; the server is stopped when the measurement ends.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
from collections.abc import Iterator

SCREEN = "1600x1200x24"  # room for the 1200×760 window


@contextlib.contextmanager
def private_x_server() -> Iterator[str | None]:
    """Yields the DISPLAY of a running Xvfb, or None when Xvfb is not installed."""
    executable = shutil.which("Xvfb")
    if executable is None:
        yield None
        return
    server = subprocess.Popen(
        [executable, "-displayfd", "1", "-screen", "0", SCREEN, "-nolisten", "tcp"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        number = server.stdout.readline().strip()  # written once the server accepts clients
        if not number:
            raise RuntimeError(f"Xvfb did not start (exit status {server.poll()})")
        yield f":{number}"
    finally:
        server.terminate()
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
