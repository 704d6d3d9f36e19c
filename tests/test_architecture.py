"""The import direction is checked by import-linter (contracts in pyproject.toml)."""

import subprocess
import sys
from pathlib import Path

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
