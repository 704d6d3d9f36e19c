"""The import direction is checked by import-linter (contracts in pyproject.toml)."""

import subprocess
import sys
import tomllib
from pathlib import Path

import grimp

ROOT = Path(__file__).resolve().parents[1]


def test_import_contracts_hold():
    """ui → areas → db/auth/audit/printing; the core never imports PySide6."""
    lint = Path(sys.executable).with_name("lint-imports")
    command = [str(lint)] if lint.exists() else ["lint-imports"]
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Contracts: 2 kept, 0 broken" in result.stdout


def test_core_modules_import_without_qt():
    """Importing every core module in a fresh interpreter leaves PySide6 unloaded."""
    core = [
        "branchdesk.visitors.registration",
        "branchdesk.visitors.visit_log",
        "branchdesk.visitors.printouts",
        "branchdesk.auth.users",
        "branchdesk.branch.service",
        "branchdesk.scripts.service",
        "branchdesk.audit.log",
        "branchdesk.db.migrations",
        "branchdesk.demo",
        "branchdesk.cli",
    ]
    code = (
        "import sys\n"
        + "".join(f"import {m}\n" for m in core)
        + ("assert not any(m.startswith('PySide6') for m in sys.modules), 'PySide6 imported'")
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)


def _contracts() -> list[dict]:
    with (ROOT / "pyproject.toml").open("rb") as file:
        return tomllib.load(file)["tool"]["importlinter"]["contracts"]


def _layer_names(layer: str) -> list[str]:
    return [name.strip().strip("()") for name in layer.split("|")]


def _top_level_modules() -> set[str]:
    package = ROOT / "branchdesk"
    found = {p.parent.name for p in package.glob("*/__init__.py")}
    found |= {p.stem for p in package.glob("*.py") if p.stem not in ("__init__", "__main__")}
    return {f"branchdesk.{name}" for name in found}


def test_every_package_is_placed_in_the_layers_and_the_core_is_kept_free_of_qt():
    """A package added under branchdesk/ and forgotten in the contracts fails here."""
    layers, no_qt = _contracts()
    placed = {name for layer in layers["layers"] for name in _layer_names(layer)}
    assert _top_level_modules() - placed == set()
    core = _top_level_modules() - {"branchdesk.ui", "branchdesk.cli"}
    assert core - set(no_qt["source_modules"]) == set()


AREAS_BY_LAYER = ["reports", "calls complaints followups visitors", "scripts", "customers"]
# Besides its service, what another area may import of an area: a call walks a script with the
# scripts' engine over their model's values.
PUBLIC_MODULES = {"scripts": ("engine", "model")}


def area_import_violations(imports: list[tuple[str, str]]) -> list[str]:
    """Imports from one area into another that skip the rules: only a lower area, and only
    through its ``service`` module (never its models or widgets); siblings never."""
    rank = {area: level for level, names in enumerate(AREAS_BY_LAYER) for area in names.split()}
    problems = []
    for importer, imported in imports:
        source, target = importer.split(".")[1], imported.split(".")[1]
        if source not in rank or target not in rank or source == target:
            continue
        if rank[target] <= rank[source]:
            problems.append(f"{importer} → {imported}: {target} is not below {source}")
        elif imported != f"branchdesk.{target}" and imported.split(".")[2] not in (
            "service",
            *PUBLIC_MODULES.get(target, ()),
        ):
            problems.append(f"{importer} → {imported}: only branchdesk.{target}.service")
    return problems


def test_area_import_rules_catch_siblings_upward_and_private_imports():
    assert (
        area_import_violations(
            [
                ("branchdesk.calls.log", "branchdesk.customers.service"),
                ("branchdesk.reports.weekly", "branchdesk.visitors.service"),
                ("branchdesk.visitors.registration", "branchdesk.phones"),
                ("branchdesk.calls.taking", "branchdesk.scripts.engine"),
                ("branchdesk.calls.taking", "branchdesk.scripts.model"),
                ("branchdesk.scripts.service", "branchdesk.customers.service"),
            ]
        )
        == []
    )
    assert area_import_violations(
        [
            ("branchdesk.calls.log", "branchdesk.complaints.service"),
            ("branchdesk.customers.files", "branchdesk.calls.service"),
            ("branchdesk.calls.log", "branchdesk.customers.models"),
            ("branchdesk.calls.log", "branchdesk.scripts.loading"),
            ("branchdesk.scripts.service", "branchdesk.calls.service"),
        ]
    ) == [
        "branchdesk.calls.log → branchdesk.complaints.service: complaints is not below calls",
        "branchdesk.customers.files → branchdesk.calls.service: calls is not below customers",
        "branchdesk.calls.log → branchdesk.customers.models: only branchdesk.customers.service",
        "branchdesk.calls.log → branchdesk.scripts.loading: only branchdesk.scripts.service",
        "branchdesk.scripts.service → branchdesk.calls.service: calls is not below scripts",
    ]


def test_areas_reach_each_other_only_through_service_modules():
    graph = grimp.build_graph("branchdesk")
    imports = [
        (importer, imported)
        for importer in graph.modules
        for imported in graph.find_modules_directly_imported_by(importer)
        if imported.startswith("branchdesk.")
    ]
    assert len(imports) > 100  # the graph was really read
    assert area_import_violations(imports) == []
