"""Kinds of setting: each one turns a value typed or sent by a manager into a clean value, or
refuses it with a translated message saying what is wrong.

Kinds are plain values without Qt, so the command line, the settings window and the tests
check a setting the same way (``update_settings`` calls ``clean`` for every change). They are
declared as plain classes listing their ``fields``, not as dataclasses: every area declares its
settings when the desk starts, and building a dozen frozen dataclasses (their generated methods
compiled one by one) cost the window's start-up about 6 ms.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.i18n import LANGUAGE_NAMES, N_, _
from branchdesk.phones import InvalidPhone, parse_phone, phone_regions, region_name
from branchdesk.validation import clean_int, clean_text


class InvalidValue(ValueError):
    """A value a kind refuses; ``str(exc)`` is the translated message for the manager."""


def _checked_text(value: Any, **rules: Any) -> str:
    if value is not None and not isinstance(value, str):
        raise InvalidValue(_("Enter text."))
    errors: dict[str, str] = {}
    text = clean_text(errors, "value", value, **rules)
    if errors:
        raise InvalidValue(errors["value"])
    return text


def _checked_int(value: Any, minimum: int, maximum: int) -> int:
    if isinstance(value, bool) or isinstance(value, float) and not value.is_integer():
        raise InvalidValue(_("Enter a whole number."))
    if isinstance(value, float):
        value = int(value)  # 5.0 from a JSON client is the whole number 5
    errors: dict[str, str] = {}
    number = clean_int(errors, "value", value, minimum=minimum, maximum=maximum)
    if errors:
        raise InvalidValue(errors["value"])
    return number


def _checked_time(value: Any) -> str:
    try:
        return datetime.strptime(str(value).strip(), "%H:%M").strftime("%H:%M")
    except ValueError:
        raise InvalidValue(_("Enter a time as HH:MM, for example 18:00.")) from None


class SettingKind:
    """``clean(value, related)`` returns the value to store or raises InvalidValue.

    ``related`` holds the other settings' values as they will be after the save, for kinds
    that depend on another setting (``depends_on``).

    A kind is an immutable value: its ``fields``, in the order they may be given
    positionally, each required unless the class gives it a default; equal kinds compare equal.
    """

    fields: tuple[str, ...] = ()
    depends_on: tuple[str, ...] = ()
    # A stored value the kind refuses is read as the default (see ``get_setting``); free
    # wording is not, as the desk can always show it.
    default_when_refused = True

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        name = type(self).__name__
        if len(args) > len(self.fields):
            raise TypeError(f"{name} takes at most {len(self.fields)} arguments")
        given = dict(zip(self.fields, args, strict=False))
        for key, value in kwargs.items():
            if key not in self.fields or key in given:
                raise TypeError(f"{name}: unexpected or repeated argument {key!r}")
            given[key] = value
        for key in self.fields:
            if key not in given and not hasattr(type(self), key):
                raise TypeError(f"{name} needs {key!r}")
            object.__setattr__(self, key, given.get(key, getattr(type(self), key, None)))

    def _values(self) -> tuple:
        return tuple(getattr(self, key) for key in self.fields)

    def __setattr__(self, key: str, value: Any) -> None:
        raise AttributeError(f"{type(self).__name__} cannot be changed")

    def __eq__(self, other: object) -> bool:
        if type(other) is not type(self):
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash((type(self), *(v for v in self._values() if not isinstance(v, Mapping))))

    def __repr__(self) -> str:
        shown = ", ".join(f"{key}={getattr(self, key)!r}" for key in self.fields)
        return f"{type(self).__name__}({shown})"

    def clean(self, value: Any, related: Mapping[str, Any] | None = None) -> Any:
        raise NotImplementedError


class Text(SettingKind):
    fields = ("max_length", "required")
    default_when_refused = False
    max_length: int = 200
    required: bool = False

    def clean(self, value, related=None):
        return _checked_text(value, required=self.required, max_length=self.max_length)


class MultilineText(SettingKind):
    fields = ("max_length",)
    default_when_refused = False
    max_length: int = 2000

    def clean(self, value, related=None):
        return _checked_text(value, max_length=self.max_length, multiline=True)


class Integer(SettingKind):
    fields = ("minimum", "maximum")
    minimum: int
    maximum: int

    def clean(self, value, related=None):
        return _checked_int(value, self.minimum, self.maximum)


class KeyList(SettingKind):
    """Entries stored as keys; ``item_label`` shows a built-in key translated."""

    fields = ("item_label", "max_item_length")

    item_label: Callable[[str], str] | None = None
    max_item_length: int = 40

    def label(self, key: str) -> str:
        return self.item_label(key) if self.item_label else key

    def clean(self, value, related=None):
        if not isinstance(value, list | tuple):
            raise InvalidValue(_("Enter a list of entries."))
        items: list[str] = []
        for item in value:
            text = _checked_text(item, max_length=self.max_item_length)
            if text in items:
                raise InvalidValue(_("“{entry}” is listed twice.").format(entry=self.label(text)))
            if text:
                items.append(text)
        if not items:
            raise InvalidValue(_("Keep at least one entry."))
        return items


class TimeOfDay(SettingKind):
    """A time of day stored as "HH:MM"."""

    def clean(self, value, related=None):
        return _checked_time(value)


class PhoneRegion(SettingKind):
    """An ISO 3166 code of a region phonenumbers knows; the window shows the country's name."""

    def clean(self, value, related=None):
        code = str(value or "").strip().upper()
        if code not in phone_regions():
            raise InvalidValue(
                _(
                    "“{value}” is not a phone region. Choose a country or region from the "
                    "list (stored as its code, for example CN for {china})."
                ).format(value=str(value or "").strip(), china=region_name("CN"))
            )
        return code


class PhoneNumber(SettingKind):
    """A number valid when dialled in the branch's phone region; stored as typed."""

    fields = ("region_key", "required")

    region_key: str = "phone_region"
    required: bool = False
    default_when_refused = False  # checked against the region only when saved

    @property
    def depends_on(self) -> tuple[str, ...]:
        return (self.region_key,)

    def clean(self, value, related=None):
        text = _checked_text(value, required=self.required, max_length=40)
        if not text:
            return text
        region = (related or {}).get(self.region_key) or "CN"
        try:
            parse_phone(text, region)
        except InvalidPhone:
            raise InvalidValue(
                _(
                    "Not a valid phone number in {region}. A number from elsewhere needs its "
                    "country code, for example +86 400-800-1234."
                ).format(region=region_name(region))
            ) from None
        return text


class LocalizedText(SettingKind):
    """Wording per language of the desk; an empty one means the built-in wording."""

    fields = ("max_length", "multiline")

    max_length: int = 200
    multiline: bool = False
    default_when_refused = False

    def clean(self, value, related=None):
        if value is None:
            value = {}  # no wording of the branch's own yet
        if not isinstance(value, Mapping):
            raise InvalidValue(_("Enter the wording for each language."))
        unknown = sorted(set(value) - set(SUPPORTED_LANGUAGES))
        if unknown:
            raise InvalidValue(_("Unknown language: {code}.").format(code=", ".join(unknown)))
        cleaned = {}
        for lang in SUPPORTED_LANGUAGES:
            try:
                cleaned[lang] = _checked_text(
                    value.get(lang), max_length=self.max_length, multiline=self.multiline
                )
            except InvalidValue as exc:
                raise InvalidValue(f"{LANGUAGE_NAMES[lang]}: {exc}") from None
        return cleaned


DURATION_UNITS = {
    "minutes": N_("minutes"),
    "hours": N_("hours"),
    "business_days": N_("business days"),
    "months": N_("months"),
    "years": N_("years"),
}


class Duration(SettingKind):
    """An amount of one of ``limits``' units, stored as {"amount": 2, "unit": "hours"}.

    ``limits`` maps each unit the setting allows to its (lowest, highest) amount.
    """

    fields = ("limits",)

    limits: Mapping[str, tuple[int, int]]

    def clean(self, value, related=None):
        if not isinstance(value, Mapping):
            raise InvalidValue(_("Enter an amount and a unit."))
        unit = value.get("unit")
        if unit not in self.limits:
            raise InvalidValue(
                _("Choose a unit: {units}.").format(
                    units=", ".join(_(DURATION_UNITS[u]) for u in self.limits)
                )
            )
        low, high = self.limits[unit]
        return {"amount": _checked_int(value.get("amount"), low, high), "unit": unit}


class WorkingHours(SettingKind):
    """Working days (0 = Monday, as ``date.weekday()``) and the hours of a working day."""

    def clean(self, value, related=None):
        if not isinstance(value, Mapping):
            raise InvalidValue(_("Choose the working days and hours."))
        days = value.get("days")
        if not isinstance(days, list | tuple) or any(
            isinstance(d, bool) or d not in range(7) for d in days
        ):
            raise InvalidValue(_("Days are numbered 0 (Monday) to 6 (Sunday)."))
        if not days:
            raise InvalidValue(_("Tick at least one working day."))
        start, end = _checked_time(value.get("start")), _checked_time(value.get("end"))
        if start >= end:
            raise InvalidValue(
                _("The working day must end after it starts ({start}–{end}).").format(
                    start=start, end=end
                )
            )
        return {"days": sorted(set(days)), "start": start, "end": end}


class Table(SettingKind):
    """Numbers by row and column (keys, labels marked with N_), each from minimum to maximum.

    Stored as {row: {column: number}}; a whole number stays an int.
    """

    fields = ("rows", "columns", "minimum", "maximum")

    rows: tuple[tuple[str, str], ...]
    columns: tuple[tuple[str, str], ...]
    minimum: float
    maximum: float

    def _cell(self, value: Any) -> int | float:
        try:
            number = float(str(value).strip()) if not isinstance(value, bool) else math.nan
        except ValueError:
            number = math.nan
        if not self.minimum <= number <= self.maximum:  # also refuses NaN
            raise InvalidValue(
                _("Enter a number from {low} to {high}.").format(
                    low=f"{self.minimum:g}", high=f"{self.maximum:g}"
                )
            )
        return int(number) if number.is_integer() else number

    def clean(self, value, related=None):
        if not isinstance(value, Mapping):
            raise InvalidValue(_("Fill in every cell of the table."))
        cleaned: dict[str, dict[str, int | float]] = {}
        for row, row_label in self.rows:
            cells = value.get(row)
            cleaned[row] = {}
            for column, column_label in self.columns:
                cell = cells.get(column, "") if isinstance(cells, Mapping) else ""
                try:
                    cleaned[row][column] = self._cell(cell)
                except InvalidValue as exc:
                    raise InvalidValue(f"{_(row_label)} × {_(column_label)}: {exc}") from None
        return cleaned


class Choice(SettingKind):
    """One of a few named options, stored as its key; ``options`` pairs each key with its
    label (marked with N_, shown translated)."""

    fields = ("options",)

    options: tuple[tuple[str, str], ...]

    def clean(self, value, related=None):
        if value not in [key for key, _label in self.options]:
            raise InvalidValue(_("Choose one of the options in the list."))
        return value
