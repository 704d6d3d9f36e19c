"""Printed-form definitions: titles, labels and layouts kept as JSON in ``forms/``.

A branch edits these files, so everything is checked on load and a mistake becomes a
``ValueError`` naming the file and the place in it. No reportlab here: the settings editor
validates definitions without loading the PDF machinery.
"""

from __future__ import annotations

import json
import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.shipped import shipped_dir

CELL_KINDS = ("label", "value", "text")


def forms_dir() -> Path:
    """``branchdesk/_data/forms`` in a wheel install, else the checkout's top-level ``forms/``."""
    return shipped_dir("forms")


@dataclass(frozen=True)
class LocalizedText:
    texts: Mapping[str, str]

    def get(self, lang: str) -> str:
        try:
            return self.texts[lang]
        except KeyError:
            raise ValueError(
                f"unsupported language {lang!r}; choose one of {SUPPORTED_LANGUAGES}"
            ) from None


@dataclass(frozen=True)
class FieldDefinition:
    key: str
    label: LocalizedText
    options: Mapping[str, LocalizedText] = field(default_factory=dict)  # key → printed choice


@dataclass(frozen=True)
class LayoutCell:
    kind: str  # "label" (a field's label), "value" (a field's value), "text" (a label key)
    key: str
    span: int = 1


@dataclass(frozen=True)
class LayoutRow:
    cells: tuple[LayoutCell, ...] = ()
    section: str | None = None  # a full-width heading row; the label key of its text
    min_height_mm: float = 0.0  # room to write by hand on the blank form


@dataclass(frozen=True)
class Layout:
    column_widths: tuple[float, ...]  # relative; scaled to the printable width
    rows: tuple[LayoutRow, ...]


@dataclass(frozen=True)
class TableColumn:
    field: str
    width: float  # relative


@dataclass(frozen=True)
class SignatureLine:
    key: str
    label: LocalizedText


@dataclass(frozen=True)
class FormDefinition:
    form_id: str
    form_no: str
    title: LocalizedText
    labels: Mapping[str, LocalizedText]
    fields: Mapping[str, FieldDefinition]
    layout: Layout | None = None
    columns: tuple[TableColumn, ...] = ()
    signatures: tuple[SignatureLine, ...] = ()
    consent_notice: LocalizedText | None = None

    def label(self, key: str, lang: str) -> str:
        return self.labels[key].get(lang)

    def field_label(self, key: str, lang: str) -> str:
        return self.fields[key].label.get(lang)


def load_form_definition(
    name: str,
    *,
    directory: Path | None = None,
    required_keys: Iterable[str] = (),
    required_fields: Iterable[str] = (),
    required_labels: Iterable[str] = (),
) -> FormDefinition:
    """Read and validate ``<directory>/<name>.json`` (default: :func:`forms_dir`)."""
    path = (directory or forms_dir()) / f"{name}.json"
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ValueError(f"form definition {path} cannot be read: {exc}") from exc
    except json.JSONDecodeError as exc:
        raise ValueError(f"form definition {path} is not valid JSON: {exc}") from exc
    return parse_form_definition(
        data,
        source=path.name,
        required_keys=required_keys,
        required_fields=required_fields,
        required_labels=required_labels,
    )


def parse_form_definition(
    data: Any,
    *,
    source: str = "form definition",
    required_keys: Iterable[str] = (),
    required_fields: Iterable[str] = (),
    required_labels: Iterable[str] = (),
) -> FormDefinition:
    """Validate parsed JSON. ``required_*`` are what the form's renderer uses: top-level keys
    that must be there and not empty (its ``layout`` or its ``columns``), fields and labels."""
    required = (tuple(required_keys), tuple(required_fields), tuple(required_labels))
    return _Parser(source).definition(data, *required)


class _Parser:
    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, where: str, problem: str) -> ValueError:
        return ValueError(f"{self.source}: {where}: {problem}")

    def definition(
        self,
        data: Any,
        required_keys: tuple[str, ...],
        required_fields: tuple[str, ...],
        required_labels: tuple[str, ...],
    ) -> FormDefinition:
        data = self.mapping(data, "top level")
        for key in ("form_id", "title", "fields"):
            if key not in data:
                raise self.fail("top level", f"required key {key!r} is missing")
        for key in required_keys:
            if not data.get(key):
                raise self.fail("top level", f"{key!r} is required by this form")
        labels = {
            key: self.text(value, f"labels.{key}")
            for key, value in self.mapping(data.get("labels", {}), "labels").items()
        }
        fields = {
            key: self.field_definition(key, value)
            for key, value in self.mapping(data["fields"], "fields").items()
        }
        if not fields:
            raise self.fail("fields", "at least one field is required")
        for key in required_fields:
            if key not in fields:
                raise self.fail("fields", f"field {key!r} is required by this form")
        for key in required_labels:
            if key not in labels:
                raise self.fail("labels", f"label {key!r} is required by this form")
        consent = data.get("consent")
        return FormDefinition(
            form_id=self.string(data["form_id"], "form_id"),
            form_no=self.string(data.get("form_no", ""), "form_no", allow_empty=True),
            title=self.text(data["title"], "title"),
            labels=labels,
            fields=fields,
            layout=self.layout(data["layout"], fields, labels) if "layout" in data else None,
            columns=self.columns(data.get("columns", []), fields),
            signatures=self.signatures(data.get("signatures", [])),
            consent_notice=(
                self.text(self.mapping(consent, "consent").get("notice"), "consent.notice")
                if consent is not None
                else None
            ),
        )

    def mapping(self, value: Any, where: str) -> Mapping[str, Any]:
        if not isinstance(value, dict):
            raise self.fail(where, f"expected an object, got {type(value).__name__}")
        return value

    def sequence(self, value: Any, where: str) -> list[Any]:
        if not isinstance(value, list):
            raise self.fail(where, f"expected a list, got {type(value).__name__}")
        return value

    def string(self, value: Any, where: str, *, allow_empty: bool = False) -> str:
        if not isinstance(value, str) or not (value.strip() or allow_empty):
            raise self.fail(where, "expected a non-empty string")
        return value

    def number(self, value: Any, where: str) -> float:
        if isinstance(value, bool) or not isinstance(value, int | float) or value <= 0:
            raise self.fail(where, "expected a positive number")
        return float(value)

    def text(self, value: Any, where: str) -> LocalizedText:
        texts = self.mapping(value, where)
        for lang in SUPPORTED_LANGUAGES:
            if lang not in texts:
                raise self.fail(
                    where, f"the {lang} text is missing (need {', '.join(SUPPORTED_LANGUAGES)})"
                )
            self.string(texts[lang], f"{where}.{lang}")
        unknown = set(texts) - set(SUPPORTED_LANGUAGES)
        if unknown:
            raise self.fail(where, f"unknown language(s) {sorted(unknown)}")
        # "{people}" must survive translation, or formatting the label fails at print time.
        placeholders = {lang: self.placeholders(texts[lang], where) for lang in SUPPORTED_LANGUAGES}
        if len({frozenset(names) for names in placeholders.values()}) > 1:
            raise self.fail(where, f"the languages use different placeholders: {placeholders}")
        return LocalizedText({lang: texts[lang] for lang in SUPPORTED_LANGUAGES})

    def field_definition(self, key: str, value: Any) -> FieldDefinition:
        where = f"fields.{key}"
        value = self.mapping(value, where)
        if "label" not in value:
            raise self.fail(where, "required key 'label' is missing")
        options = self.mapping(value.get("options", {}), f"{where}.options")
        return FieldDefinition(
            key=key,
            label=self.text(value["label"], f"{where}.label"),
            options={
                name: self.text(text, f"{where}.options.{name}") for name, text in options.items()
            },
        )

    def layout(self, value: Any, fields: Mapping[str, Any], labels: Mapping[str, Any]) -> Layout:
        value = self.mapping(value, "layout")
        widths = self.sequence(value.get("column_widths"), "layout.column_widths")
        if not widths:
            raise self.fail("layout.column_widths", "at least one column is required")
        column_widths = tuple(
            self.number(width, f"layout.column_widths[{i}]") for i, width in enumerate(widths)
        )
        rows = []
        for i, raw_row in enumerate(self.sequence(value.get("rows"), "layout.rows")):
            where = f"layout.rows[{i}]"
            raw_row = self.mapping(raw_row, where)
            if "section" in raw_row:
                section = self.string(raw_row["section"], f"{where}.section")
                if section not in labels:
                    raise self.fail(where, f"section label {section!r} is not in 'labels'")
                rows.append(LayoutRow(section=section))
                continue
            cells = tuple(
                self.cell(raw_cell, f"{where}.cells[{j}]", fields, labels)
                for j, raw_cell in enumerate(self.sequence(raw_row.get("cells"), f"{where}.cells"))
            )
            if sum(cell.span for cell in cells) != len(column_widths):
                raise self.fail(where, f"cell spans must add up to {len(column_widths)} columns")
            min_height = raw_row.get("min_height_mm")
            rows.append(
                LayoutRow(
                    cells=cells,
                    min_height_mm=0.0 if min_height is None else self.number(min_height, where),
                )
            )
        return Layout(column_widths=column_widths, rows=tuple(rows))

    def cell(
        self, value: Any, where: str, fields: Mapping[str, Any], labels: Mapping[str, Any]
    ) -> LayoutCell:
        value = self.mapping(value, where)
        kinds = [kind for kind in CELL_KINDS if kind in value]
        if len(kinds) != 1:
            raise self.fail(where, f"a cell needs exactly one of {CELL_KINDS}")
        kind = kinds[0]
        key = self.string(value[kind], f"{where}.{kind}")
        known = labels if kind == "text" else fields
        if key not in known:
            raise self.fail(where, f"{key!r} is not in {'labels' if kind == 'text' else 'fields'}")
        span = value.get("span", 1)
        if isinstance(span, bool) or not isinstance(span, int) or span < 1:
            raise self.fail(f"{where}.span", "expected a whole number of columns, at least 1")
        return LayoutCell(kind=kind, key=key, span=span)

    def columns(self, value: Any, fields: Mapping[str, Any]) -> tuple[TableColumn, ...]:
        columns = []
        for i, raw in enumerate(self.sequence(value, "columns")):
            where = f"columns[{i}]"
            raw = self.mapping(raw, where)
            key = self.string(raw.get("field"), f"{where}.field")
            if key not in fields:
                raise self.fail(where, f"{key!r} is not in 'fields'")
            columns.append(TableColumn(field=key, width=self.number(raw.get("width"), where)))
        return tuple(columns)

    def signatures(self, value: Any) -> tuple[SignatureLine, ...]:
        lines = []
        for i, raw in enumerate(self.sequence(value, "signatures")):
            where = f"signatures[{i}]"
            raw = self.mapping(raw, where)
            key = self.string(raw.get("key"), f"{where}.key")
            lines.append(
                SignatureLine(key=key, label=self.text(raw.get("label"), f"{where}.label"))
            )
        return tuple(lines)

    def placeholders(self, text: str, where: str) -> set[str]:
        try:
            return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}
        except ValueError:
            raise self.fail(where, "unbalanced { or } (write {{ or }} for a brace)") from None
