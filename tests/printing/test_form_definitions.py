"""Form definitions in forms/: the shipped ones are valid, broken ones fail clearly."""

from __future__ import annotations

import copy
import json
import re

import pytest

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.printing import (
    customer_sheet,
    daily_visit_log,
    evacuation_list,
    form_definition,
    visit_form,
)
from branchdesk.printing.form_definition import (
    forms_dir,
    load_form_definition,
    parse_form_definition,
)

FORM_MODULES = [visit_form, evacuation_list, daily_visit_log, customer_sheet]
RENDERERS = [
    visit_form.VisitFormRenderer,
    evacuation_list.EvacuationListRenderer,
    daily_visit_log.DailyVisitLogRenderer,
    customer_sheet.CustomerSheetRenderer,
]


@pytest.fixture
def visit_definition() -> dict:
    path = forms_dir() / f"{visit_form.DEFINITION_NAME}.json"
    return json.loads(path.read_text(encoding="utf-8"))


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda renderer: renderer.definition_name)
def test_shipped_definitions_have_what_their_renderer_needs(renderer):
    definition = renderer.load_definition()

    assert definition.form_id == renderer.definition_name
    assert definition.layout or definition.columns
    for lang in SUPPORTED_LANGUAGES:
        assert definition.title.get(lang)


@pytest.mark.parametrize("renderer", RENDERERS, ids=lambda renderer: renderer.definition_name)
@pytest.mark.parametrize("breakage", ["missing", "empty"])
def test_a_definition_without_its_layout_or_columns_is_refused_on_load(
    tmp_path, monkeypatch, renderer, breakage
):
    name = renderer.definition_name
    key = "layout" if renderer is visit_form.VisitFormRenderer else "columns"
    data = json.loads((forms_dir() / f"{name}.json").read_text(encoding="utf-8"))
    if breakage == "missing":
        del data[key]
    else:
        data[key] = []
    (tmp_path / f"{name}.json").write_text(json.dumps(data), encoding="utf-8")
    monkeypatch.setattr(form_definition, "forms_dir", lambda: tmp_path)

    with pytest.raises(ValueError, match=f"{name}.json: top level: '{key}' is required"):
        renderer.load_definition()


def test_every_shipped_definition_is_valid():
    paths = sorted(forms_dir().glob("*.json"))
    assert {path.stem for path in paths} >= {module.DEFINITION_NAME for module in FORM_MODULES}
    for path in paths:
        load_form_definition(path.stem)


def test_visit_form_titles():
    title = load_form_definition(visit_form.DEFINITION_NAME).title
    assert dict(title.texts) == {
        "zh_CN": "客户来访登记",
        "zh_TW": "客戶來訪登記",
        "en": "Visitor Registration",
    }


def test_a_label_missing_its_traditional_chinese_text_is_refused(visit_definition):
    del visit_definition["fields"]["phone"]["label"]["zh_TW"]
    with pytest.raises(ValueError, match=r"fields\.phone\.label: the zh_TW text is missing"):
        parse_form_definition(visit_definition)


def test_an_empty_translation_is_refused(visit_definition):
    visit_definition["signatures"][0]["label"]["en"] = "  "
    with pytest.raises(ValueError, match=r"signatures\[0\]\.label\.en"):
        parse_form_definition(visit_definition)


@pytest.mark.parametrize(
    ("breakage", "message"),
    [
        (lambda d: d.pop("title"), "required key 'title' is missing"),
        (lambda d: d["layout"]["rows"][1]["cells"].pop(), "must add up to 4 columns"),
        (lambda d: d["layout"]["rows"].append({"cells": [{"value": "fax", "span": 4}]}), "'fax'"),
        (lambda d: d["layout"]["rows"].append({"section": "nowhere"}), "'nowhere'"),
        (lambda d: d["layout"]["column_widths"].__setitem__(0, -1), "positive number"),
        (lambda d: d["fields"]["purpose"]["options"]["other"].pop("en"), "en text is missing"),
        (lambda d: d["labels"]["form_no"].update(fr="N°"), "unknown language"),
    ],
)
def test_broken_definitions_are_refused_with_the_place_named(visit_definition, breakage, message):
    broken = copy.deepcopy(visit_definition)
    breakage(broken)
    with pytest.raises(ValueError, match=re.escape(message)):
        parse_form_definition(broken, source="visit_registration.json")


def test_translations_must_keep_the_placeholders():
    path = forms_dir() / f"{evacuation_list.DEFINITION_NAME}.json"
    data = json.loads(path.read_text(encoding="utf-8"))
    data["labels"]["totals"]["en"] = "Total: {visits} visits"
    with pytest.raises(ValueError, match="different placeholders"):
        parse_form_definition(data)


def test_a_label_the_renderer_needs_must_be_there(visit_definition):
    del visit_definition["labels"]["printed_at"]
    with pytest.raises(ValueError, match="label 'printed_at' is required"):
        parse_form_definition(visit_definition, required_labels=visit_form.REQUIRED_LABELS)


def test_unreadable_file_is_a_value_error(tmp_path):
    (tmp_path / "broken.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ValueError, match="broken.json is not valid JSON"):
        load_form_definition("broken", directory=tmp_path)
    with pytest.raises(ValueError, match="cannot be read"):
        load_form_definition("missing", directory=tmp_path)
