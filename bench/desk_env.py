"""The Python the start-up children run: a venv holding what an SQLite desk installs.

The README's run command is ``python3 -m venv .venv && .venv/bin/pip install -e .``: a venv
without the system site packages and BranchDesk's default dependencies, no extras. Whatever
else this machine has installed globally (psycopg, which peewee imports whenever it can; .pth
files run by ``site``) is absent from such a desk, so it must not be timed either.

The venv is built once under bench/.data/venv and rebuilt only when what the default install
depends on changes: pyproject.toml's build-system requirements, ``requires-python`` and
``dependencies`` (not its optional extras or tool settings), or the interpreter. Their hash is
kept next to it in venv.json. If it cannot be built (no network, no index), the children fall
back to the interpreter running the benchmark, and the output says so.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import time
import tomllib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

INSTALL_TIMEOUT_S = 1800


@dataclass(frozen=True)
class DeskPython:
    executable: str
    isolated: bool  # the venv; False when falling back to the benchmark's own interpreter
    description: str  # where it comes from, for the output
    psycopg_importable: bool


def _install_key(root: Path) -> str:
    """Hash of what a default ``pip install -e .`` resolves, plus the interpreter."""
    pyproject = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject.get("project", {})
    relevant = {
        "build-system": pyproject.get("build-system", {}).get("requires", []),
        "requires-python": project.get("requires-python"),
        "dependencies": project.get("dependencies", []),
        "python": sys.version,
        "executable": sys.executable,
    }
    return hashlib.sha256(json.dumps(relevant, sort_keys=True).encode()).hexdigest()


def _shown(path: Path, root: Path) -> Path:
    return path.relative_to(root) if path.is_relative_to(root) else path


def _psycopg_importable(python: str) -> bool:
    done = subprocess.run(
        [python, "-c", "import psycopg"], capture_output=True, timeout=60, check=False
    )
    return done.returncode == 0


def _build(venv: Path, root: Path) -> None:
    """``python -m venv`` (no system site packages) and ``pip install -e ROOT``; raises on
    failure with the tail of pip's output."""
    shutil.rmtree(venv, ignore_errors=True)
    python = venv / "bin" / "python"
    for command in (
        [sys.executable, "-m", "venv", str(venv)],
        [str(python), "-m", "pip", "install", "-q", "-e", str(root)],
    ):
        done = subprocess.run(
            command, capture_output=True, text=True, timeout=INSTALL_TIMEOUT_S, check=False
        )
        if done.returncode != 0:
            output = (done.stdout + done.stderr).strip().splitlines()
            raise RuntimeError(f"{' '.join(command[-4:])}: " + " | ".join(output[-3:]))


def ensure_desk_python(data: Path, root: Path, progress: Callable[[str], None]) -> DeskPython:
    venv = data / "venv"
    stamp = data / "venv.json"
    python = venv / "bin" / "python"
    key = _install_key(root)
    try:
        meta = json.loads(stamp.read_text())
    except (OSError, ValueError):
        meta = {}
    how = "reused"
    if meta.get("key") != key or not python.exists():
        progress(f"Building {_shown(venv, root)}: python -m venv, pip install -e . …")
        stamp.unlink(missing_ok=True)
        started = time.monotonic()
        try:
            _build(venv, root)
        except (RuntimeError, OSError, subprocess.TimeoutExpired) as exc:
            shutil.rmtree(venv, ignore_errors=True)  # retried on the next run
            return DeskPython(
                sys.executable,
                False,
                f"{sys.executable}, the benchmark's own interpreter with its global packages "
                f"(FALLBACK: building the venv failed: {exc})",
                _psycopg_importable(sys.executable),
            )
        meta = {"key": key, "build_seconds": round(time.monotonic() - started, 1)}
        stamp.write_text(json.dumps(meta, indent=2))
        how = "built now"
    description = (
        f"{_shown(python, root)} (Python {sys.version.split()[0]}; venv without system "
        f"site packages, `pip install -e .`: default dependencies, no extras; {how}, "
        f"building took {meta['build_seconds']:.0f} s; dependency hash {key[:10]})"
    )
    return DeskPython(str(python), True, description, _psycopg_importable(str(python)))
