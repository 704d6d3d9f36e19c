"""Finding the desk's areas: every package under ``branchdesk/`` with an ``area.py`` declares
one, and importing it registers the declaration (``branchdesk.area_registry``)."""

from __future__ import annotations

import importlib
from functools import cache
from pathlib import Path

from branchdesk.area_registry import AreaDeclaration, registered_areas

_ROOT = Path(__file__).resolve().parent


def area_packages(root: Path = _ROOT) -> list[str]:
    """The names of the packages in ``root`` that hold an ``area.py``, found on disk so a new
    area is one folder (the window's areas are found the same way under ``branchdesk/ui``)."""
    return sorted(
        folder.name
        for folder in root.iterdir()
        if (folder / "area.py").is_file() and (folder / "__init__.py").is_file()
    )


@cache
def _import_areas() -> None:
    for name in area_packages():
        importlib.import_module(f"branchdesk.{name}")


def load_areas() -> list[AreaDeclaration]:
    _import_areas()
    return registered_areas()
