"""Every manager/admin service, called with a front-desk account: each must refuse.

The services are found, not listed: every public function of the Qt-free packages whose first
parameter is the acting user (named ``actor`` or annotated ``Actor``). Which permission a
service needs is read from its own source (the ``require(actor, …)`` calls in it and in the
functions of its module that it calls), so a service added tomorrow is tried tomorrow, and a
``require`` that stops working (removed from the module, a check that lets anyone through)
shows as a service running for the front desk.
"""

from __future__ import annotations

import ast
import importlib
import inspect
import pkgutil
import textwrap
from collections.abc import Callable, Iterator
from dataclasses import dataclass

import branchdesk
from branchdesk.area_registry import registered_areas
from branchdesk.auth.roles import CORE_GRANTS, has_permission
from branchdesk.auth.session import Actor
from branchdesk.errors import PermissionDenied

# The window and the command line call the services; they are not services themselves.
NOT_SERVICES = ("branchdesk.ui", "branchdesk.cli", "branchdesk.__main__")


@dataclass(frozen=True)
class Service:
    module: str
    name: str
    function: Callable
    permissions: frozenset[str]  # what its source requires

    @property
    def label(self) -> str:
        return f"{self.module}.{self.name}"


def core_modules() -> Iterator:
    for info in pkgutil.walk_packages(branchdesk.__path__, "branchdesk."):
        if not info.name.startswith(NOT_SERVICES):
            yield importlib.import_module(info.name)


def _resolve(node: ast.expr, scope: dict) -> object | None:
    """``Permission.BACKUP`` or ``BACKUP`` as the module sees it; None for anything computed."""
    if isinstance(node, ast.Name):
        return scope.get(node.id)
    if isinstance(node, ast.Attribute):
        owner = _resolve(node.value, scope)
        return getattr(owner, node.attr, None) if owner is not None else None
    return None


def _called_names(function: Callable) -> tuple[set[str], list[ast.Call]]:
    """The plain names the function calls, and its ``require(…)`` calls."""
    try:
        tree = ast.parse(textwrap.dedent(inspect.getsource(function)))
    except (OSError, TypeError, SyntaxError):
        return set(), []
    names, requires = set(), []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            callee = node.func
            name = callee.id if isinstance(callee, ast.Name) else getattr(callee, "attr", None)
            if name == "require" and len(node.args) >= 2:
                requires.append(node)
            elif isinstance(callee, ast.Name):
                names.add(callee.id)
    return names, requires


def required_permissions(function: Callable) -> frozenset[str]:
    """The permissions the function requires itself or through its own module's functions."""
    module = inspect.getmodule(function)
    found: set[str] = set()
    seen: set[str] = set()
    pending = [function]
    while pending:
        current = pending.pop()
        if current.__name__ in seen:
            continue
        seen.add(current.__name__)
        names, requires = _called_names(current)
        for call in requires:
            permission = _resolve(call.args[1], current.__globals__)
            if permission is not None:
                found.add(str(permission))
        for name in names:
            callee = getattr(module, name, None)
            if inspect.isfunction(callee) and callee.__module__ == module.__name__:
                pending.append(callee)
    return frozenset(found)


def _takes_the_actor(function: Callable) -> bool:
    """Its first parameter is the acting user: named so, or annotated as an ``Actor``."""
    first = next(iter(inspect.signature(function).parameters.values()), None)
    if first is None:
        return False
    return first.name == "actor" or "Actor" in str(first.annotation)


def find_services() -> list[Service]:
    services = []
    for module in core_modules():
        for name, function in inspect.getmembers(module, inspect.isfunction):
            if name.startswith("_") or function.__module__ != module.__name__:
                continue
            if _takes_the_actor(function):
                permissions = required_permissions(function)
                services.append(Service(module.__name__, name, function, permissions))
    return services


def all_permissions() -> set[str]:
    permissions = {str(p) for p in CORE_GRANTS}
    for area in registered_areas():
        permissions |= {str(p) for p in area.grants}
    return permissions


def withheld_from(actor: Actor) -> set[str]:
    return {p for p in all_permissions() if not has_permission(actor.role, p)}


def _arguments(function: Callable) -> list[None]:
    """None for every argument after the actor that has no default: a service that checks
    first never looks at them, one that does not fails on them or does its work."""
    parameters = list(inspect.signature(function).parameters.values())[1:]
    return [
        None
        for p in parameters
        if p.default is inspect.Parameter.empty
        and p.kind in (p.POSITIONAL_ONLY, p.POSITIONAL_OR_KEYWORD)
    ]


@dataclass(frozen=True)
class ServiceOutcome:
    service: Service
    refused: bool
    outcome: str  # "refused", "returned …" or the exception that was not a refusal


def try_service(service: Service, actor: Actor) -> ServiceOutcome:
    try:
        result = service.function(actor, *_arguments(service.function))
    except PermissionDenied as exc:
        return ServiceOutcome(service, True, f"refused: {exc}")
    except Exception as exc:  # past the gate: whatever stopped it, it was not the permission
        return ServiceOutcome(service, False, f"ran and raised {type(exc).__name__}: {exc}")
    return ServiceOutcome(service, False, f"ran and returned {type(result).__name__}")


def try_services(actor: Actor) -> tuple[list[ServiceOutcome], list[Service]]:
    """Every service needing a permission ``actor`` lacks, called as ``actor``; and the
    services that name no permission (open to every signed-in user), for the report."""
    services = find_services()  # first: importing an area registers its permissions
    withheld = withheld_from(actor)
    tried = [try_service(s, actor) for s in services if s.permissions & withheld]
    open_to_all = [s for s in services if not s.permissions]
    return tried, open_to_all
