"""Which imports a start-up pays for, read from ``python -X importtime`` output.

Lists the outside packages our code (or the probe) imports directly, by cumulative time, each
with its costliest nested import: "peewee 146 ms (psycopg 115 ms)" says where to look.
"""

from __future__ import annotations

from dataclasses import dataclass, field

OURS = ("branchdesk", "__main__")


@dataclass
class _Import:
    name: str
    cumulative_us: int
    depth: int
    children: list[_Import] = field(default_factory=list)


def _parse(stderr: str) -> list[_Import]:
    """The import tree; -X importtime prints children before their parent, deeper indented."""
    pending: dict[int, list[_Import]] = {}
    roots: list[_Import] = []
    for line in stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _self, cumulative, raw_name = line.removeprefix("import time:").split("|")
        depth = (len(raw_name) - len(raw_name.lstrip()) - 1) // 2
        node = _Import(raw_name.strip(), int(cumulative), depth, pending.pop(depth + 1, []))
        (roots if depth == 0 else pending.setdefault(depth, [])).append(node)
    return roots


def _direct_outside_imports(nodes: list[_Import]) -> list[_Import]:
    found = []
    for node in nodes:
        if node.name.startswith(OURS):
            found += _direct_outside_imports(node.children)
        else:
            found.append(node)
    return found


def costly_imports(stderr: str, minimum_ms: float = 10, limit: int = 10) -> list[str]:
    """ "peewee 146 ms (psycopg 115 ms)" for each outside import of at least ``minimum_ms``."""
    # Each module is imported (and listed) once, so there is nothing to merge.
    ranked = sorted(_direct_outside_imports(_parse(stderr)), key=lambda n: -n.cumulative_us)
    lines = []
    for node in ranked[:limit]:
        if node.cumulative_us < minimum_ms * 1000:
            break
        text = f"{node.name} {node.cumulative_us / 1000:.0f} ms"
        heaviest = max(node.children, key=lambda n: n.cumulative_us, default=None)
        if heaviest is not None and heaviest.cumulative_us >= minimum_ms * 1000:
            text += f" ({heaviest.name} {heaviest.cumulative_us / 1000:.0f} ms)"
        lines.append(text)
    return lines


def branchdesk_self_ms(stderr: str) -> float:
    """Time spent running our own modules' top-level code (their imports excluded)."""
    total = 0
    for line in stderr.splitlines():
        if line.startswith("import time:") and "self [us]" not in line:
            self_us, _cumulative, name = line.removeprefix("import time:").split("|")
            if name.strip().startswith("branchdesk"):
                total += int(self_us)
    return total / 1000
