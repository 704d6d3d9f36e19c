"""Each kind of setting, without a database or a window: clean values pass, others are refused
with a message that names the problem."""

import pytest

from branchdesk.settings.kinds import (
    Duration,
    Integer,
    InvalidValue,
    KeyList,
    LocalizedText,
    MultilineText,
    PhoneNumber,
    PhoneRegion,
    Table,
    Text,
    TimeOfDay,
    WorkingHours,
)


def refused(kind, value, related=None) -> str:
    with pytest.raises(InvalidValue) as caught:
        kind.clean(value, related)
    return str(caught.value)


def test_text_is_trimmed_and_limited():
    assert Text().clean("  华信科技 ") == "华信科技"
    assert Text().clean(None) == ""
    assert refused(Text(required=True), "  ") == "This field is required."
    assert refused(Text(max_length=5), "abcdefg") == "At most 5 characters; this has 7."
    assert refused(Text(), "a\x00b") == "Contains control characters that cannot be stored."
    assert refused(Text(), "a\nb") == "Contains control characters that cannot be stored."
    assert refused(Text(), 42) == "Enter text."


def test_multiline_text_keeps_its_lines():
    assert MultilineText().clean("第一行\n第二行") == "第一行\n第二行"
    assert refused(MultilineText(max_length=3), "abcd") == "At most 3 characters; this has 4."


def test_integer_within_its_range():
    kind = Integer(1, 100)
    assert kind.clean("7") == 7
    assert kind.clean(100) == 100
    assert kind.clean(5.0) == 5
    assert refused(kind, 0) == "Enter a number from 1 to 100."
    assert refused(kind, "five") == "Enter a whole number."
    assert refused(kind, 2.5) == "Enter a whole number."
    assert refused(kind, True) == "Enter a whole number."


def test_key_list_drops_empty_entries_and_refuses_doubles():
    labels = {"consultation": "Consultation"}
    kind = KeyList(item_label=lambda key: labels.get(key, key))
    assert kind.clean(["consultation", " 售后 ", ""]) == ["consultation", "售后"]
    assert refused(kind, []) == "Keep at least one entry."
    assert refused(kind, ["", " "]) == "Keep at least one entry."
    assert refused(kind, ["consultation", "consultation"]) == "“Consultation” is listed twice."
    assert refused(kind, "consultation") == "Enter a list of entries."
    assert refused(kind, ["x" * 41]) == "At most 40 characters; this has 41."


def test_time_of_day_is_stored_as_hh_mm():
    assert TimeOfDay().clean("9:05") == "09:05"
    assert TimeOfDay().clean("18:00") == "18:00"
    for bad in ("25:00", "6pm", "", None, "18.00"):
        assert refused(TimeOfDay(), bad) == "Enter a time as HH:MM, for example 18:00."


def test_phone_region_is_an_iso_code_phonenumbers_knows():
    assert PhoneRegion().clean("CN") == "CN"
    assert PhoneRegion().clean(" hk ") == "HK"
    message = refused(PhoneRegion(), "中国")
    assert message.startswith("“中国” is not a phone region.")
    assert "CN for China" in message
    for bad in ("", "ZZ", "CHN", "001", None):
        assert "is not a phone region" in refused(PhoneRegion(), bad)


def test_phone_number_must_be_valid_in_the_region():
    kind = PhoneNumber(region_key="phone_region")
    assert kind.depends_on == ("phone_region",)
    assert kind.clean(" 400-800-1234 ", {"phone_region": "CN"}) == "400-800-1234"
    assert kind.clean("010-62345678", {"phone_region": "CN"}) == "010-62345678"
    assert kind.clean("", {"phone_region": "CN"}) == ""  # a branch may have no hotline
    assert kind.clean("+86 400-800-1234", {"phone_region": "HK"}) == "+86 400-800-1234"
    assert refused(kind, "12345", {"phone_region": "CN"}) == (
        "Not a valid phone number in China. A number from elsewhere needs its country code, "
        "for example +86 400-800-1234."
    )
    assert "in Hong Kong SAR China" in refused(kind, "400-800-1234", {"phone_region": "HK"})
    assert "Not a valid phone number" in refused(kind, "hotline", {"phone_region": "CN"})
    assert refused(PhoneNumber(required=True), " ") == "This field is required."


def test_localized_text_has_one_wording_per_language():
    kind = LocalizedText(max_length=10)
    assert kind.clean({"zh_CN": " 您好 ", "en": "Hello"}) == {
        "zh_CN": "您好",
        "zh_TW": "",
        "en": "Hello",
    }
    assert kind.clean(None) == {"zh_CN": "", "zh_TW": "", "en": ""}
    assert refused(kind, {"en": "Hello, welcome"}) == (
        "English: At most 10 characters; this has 14."
    )
    assert refused(kind, {"fr": "Bonjour"}) == "Unknown language: fr."
    assert refused(kind, "您好") == "Enter the wording for each language."
    assert refused(kind, {"zh_TW": "a\nb"}).startswith("繁體中文: Contains control")
    assert LocalizedText(multiline=True).clean({"en": "a\nb"})["en"] == "a\nb"


def test_duration_has_a_range_per_unit():
    kind = Duration(limits={"minutes": (1, 120), "business_days": (1, 10)})
    assert kind.clean({"amount": "30", "unit": "minutes"}) == {"amount": 30, "unit": "minutes"}
    assert kind.clean({"amount": 3, "unit": "business_days"}) == {
        "amount": 3,
        "unit": "business_days",
    }
    assert refused(kind, {"amount": 11, "unit": "business_days"}) == (
        "Enter a number from 1 to 10."
    )
    assert refused(kind, {"amount": 2, "unit": "hours"}) == (
        "Choose a unit: minutes, business days."
    )
    assert refused(kind, 30) == "Enter an amount and a unit."


def test_working_hours_need_a_day_and_a_start_before_the_end():
    kind = WorkingHours()
    assert kind.clean({"days": [4, 0, 1, 1], "start": "9:00", "end": "18:00"}) == {
        "days": [0, 1, 4],
        "start": "09:00",
        "end": "18:00",
    }
    monday = {"days": [0], "start": "09:00", "end": "18:00"}
    assert refused(kind, {**monday, "days": []}) == "Tick at least one working day."
    assert refused(kind, {**monday, "days": [7]}) == ("Days are numbered 0 (Monday) to 6 (Sunday).")
    assert refused(kind, {**monday, "days": [True]}) == (
        "Days are numbered 0 (Monday) to 6 (Sunday)."
    )
    assert refused(kind, {**monday, "end": "09:00"}) == (
        "The working day must end after it starts (09:00–09:00)."
    )
    assert refused(kind, {**monday, "start": "9"}) == ("Enter a time as HH:MM, for example 18:00.")
    assert refused(kind, "Mon-Fri") == "Choose the working days and hours."


DEADLINES = Table(
    rows=(("serious", "Serious"), ("general", "General")),
    columns=(("urgent", "Urgent"), ("normal", "Normal")),
    minimum=0.5,
    maximum=720,
)


def test_table_cells_are_numbers_in_range():
    value = {"serious": {"urgent": "1", "normal": 4}, "general": {"urgent": 0.5, "normal": "24"}}
    assert DEADLINES.clean(value) == {
        "serious": {"urgent": 1, "normal": 4},
        "general": {"urgent": 0.5, "normal": 24},
    }
    bad = {**value, "general": {"urgent": "0", "normal": "24"}}
    assert refused(DEADLINES, bad) == "General × Urgent: Enter a number from 0.5 to 720."
    missing = {"serious": value["serious"]}
    assert refused(DEADLINES, missing).startswith("General × Urgent:")
    for cell in ("nan", "inf", "", "x", True):
        assert refused(DEADLINES, {**value, "serious": {"urgent": cell, "normal": 4}})
    assert refused(DEADLINES, [[1, 4], [1, 24]]) == "Fill in every cell of the table."


def test_a_kind_is_an_immutable_value():
    assert Integer(1, 720) == Integer(minimum=1, maximum=720) != Integer(1, 24)
    assert hash(Integer(1, 720)) == hash(Integer(1, 720))
    assert hash(Duration({"hours": (1, 2)})) == hash(Duration({"hours": (1, 2)}))
    assert Text().max_length == 200 and Text(required=True).required
    assert repr(Integer(1, 2)) == "Integer(minimum=1, maximum=2)"
    with pytest.raises(AttributeError):
        Text().max_length = 5
    with pytest.raises(TypeError):
        Integer(1)  # a field without a default must be given
    with pytest.raises(TypeError):
        Text(maximum=5)
