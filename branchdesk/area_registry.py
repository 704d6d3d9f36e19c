"""What each area of the desk declares once: its permissions and which roles hold them, its
audit actions, audit targets and detail keys with their labels, its printed forms, its settings
and its demo data. Roles, the audit view, the settings tab and demo seeding are built from the
declarations, so adding an area touches no shared file.

An area package registers its declaration when it is imported (its ``__init__`` imports its
``area`` module), so any use of its services finds its permissions and settings in place.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime
from types import MappingProxyType
from typing import Any, NamedTuple

# A demo event: when it happens, and the service call that makes it happen.
DemoEvent = tuple[datetime, Callable[[], object]]


NOTHING: Mapping[str, Any] = MappingProxyType({})  # the default of every mapping below


class DemoScene(NamedTuple):
    """What an area's demo hook gets: the demo staff as actors by login, the moment the demo
    ends at, and the shared random generator (so the demo is the same every time)."""

    actors: Mapping[str, Any]
    now: datetime
    rng: Any


class AreaDeclaration(NamedTuple):
    key: str
    # Where the area's settings come in the Settings tab (lower first, after the desk's own),
    # as its window declaration's ``order`` places its tabs.
    order: int = 100
    # permission → the roles that hold it (role values such as "front_desk")
    grants: Mapping[str, frozenset[str]] = NOTHING
    # labels are marked with N_ and translated where shown
    audit_actions: Mapping[str, str] = NOTHING
    # "visit" → N_("Visit {id}"): how a target "visit:12" reads in the audit view
    audit_targets: Mapping[str, str] = NOTHING
    audit_details: Mapping[str, str] = NOTHING
    # Detail keys whose values are user ids (a file's owner, who took files over): the audit
    # view shows the user's name, read with the page, not the id.
    audit_user_details: frozenset[str] = frozenset()
    # Detail key → {stored value → label}: how a coded value reads (a file's source).
    audit_value_labels: Mapping[str, Mapping[str, str]] = NOTHING
    forms: Mapping[str, str] = NOTHING
    settings: Sequence[Any] = ()
    demo_events: Callable[[DemoScene], list[DemoEvent]] | None = None
    # R-F5: how many of the area's records (customer files, leads) a user owns; a user who
    # owns any cannot be deactivated before they are handed to another owner. Given the
    # user's id, returns (count, what they are: a translated phrase with {count}).
    owned_records: Callable[[int], tuple[int, str]] | None = None
    # Records that carry a customer's phone number (visits, calls) link to the customer file
    # holding it. Given a file's id (None: no file any more) and numbers just given to it or
    # taken from it, links the area's records with those numbers; runs inside the caller's
    # write transaction, so the file and its links change together.
    link_phones: Callable[[int | None, Sequence[str]], None] | None = None
    # R-F5: hands every record ``from_user`` owns to ``to_user`` (actor, from_user, to_user),
    # for the areas whose records are not customer files (those go by the customer files' own
    # hand-over, which picks files); returns how many.
    hand_over_records: Callable[[Any, int, int], int] | None = None


_AREAS: dict[str, AreaDeclaration] = {}
_listeners: list[Callable[[AreaDeclaration], None]] = []


def register_area(declaration: AreaDeclaration) -> None:
    """Called once per area, from the area's own package."""
    known = _AREAS.get(declaration.key)
    if known is declaration:
        return
    if known is not None:
        raise ValueError(f"area {declaration.key!r} is declared twice")
    _check_unique(declaration)
    _AREAS[declaration.key] = declaration
    for listener in _listeners:
        listener(declaration)


def on_area_registered(listener: Callable[[AreaDeclaration], None]) -> None:
    """``listener`` sees every area registered so far and every one registered later."""
    _listeners.append(listener)
    for declaration in list(_AREAS.values()):
        listener(declaration)


def registered_areas() -> list[AreaDeclaration]:
    return list(_AREAS.values())


def owned_records_of(user_id: int) -> list[str]:
    """What ``user_id`` still owns, area by area, as translated phrases (empty: nothing)."""
    found = []
    for area in _AREAS.values():
        if area.owned_records is not None:
            count, phrase = area.owned_records(user_id)
            if count:
                found.append(phrase.format(count=count))
    return found


def audit_user_detail_keys() -> set[str]:
    """Every detail key any area declares as holding a user id."""
    return set().union(*(area.audit_user_details for area in _AREAS.values()))


def link_phones_to_file(customer_id: int | None, phones: Sequence[str]) -> None:
    """Every area's records with these numbers now link to ``customer_id`` (or to none)."""
    if not phones:
        return
    for area in _AREAS.values():
        if area.link_phones is not None:
            area.link_phones(customer_id, list(phones))


def hand_over_owned_records(actor: Any, from_user: int, to_user: int) -> int:
    """Every area's records of a leaver to the owner the manager chose (R-F5)."""
    return sum(
        area.hand_over_records(actor, from_user, to_user)
        for area in _AREAS.values()
        if area.hand_over_records is not None
    )


def _check_unique(new: AreaDeclaration) -> None:
    for area in _AREAS.values():
        for name in ("grants", "audit_actions", "audit_targets", "forms"):
            clash = set(getattr(area, name)) & set(getattr(new, name))
            if clash:
                raise ValueError(f"{new.key} and {area.key} both declare {name} {sorted(clash)}")
