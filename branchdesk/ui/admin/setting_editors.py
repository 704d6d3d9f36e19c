"""One input widget per kind of setting, each with ``value()``, ``set_value()`` and ``edited``.

The widgets hand back what was typed, even when it is wrong: the service checks it with the
setting's kind, and a refused value stays on screen to be corrected.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt, QTime, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QCompleter,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QTableWidget,
    QTableWidgetItem,
    QTimeEdit,
    QVBoxLayout,
    QWidget,
)

from branchdesk.config import SUPPORTED_LANGUAGES
from branchdesk.i18n import LANGUAGE_NAMES, _, babel_locale, qt_time_format
from branchdesk.phones import region_choices
from branchdesk.settings.kinds import (
    DURATION_UNITS,
    Choice,
    Duration,
    Integer,
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
from branchdesk.settings.registry import SettingSpec

_KEY = Qt.ItemDataRole.UserRole
_TIME_FORMAT = "HH:mm"


def _to_qtime(value: Any, fallback: QTime) -> QTime:
    time = QTime.fromString(str(value), _TIME_FORMAT)
    return time if time.isValid() else fallback


class _EmitsEdited:
    """``edited`` (declared by each widget class) fires on any change by the user."""

    def _emit_edited(self, *_args: object) -> None:
        self.edited.emit()


class LineTextEdit(_EmitsEdited, QLineEdit):
    edited = Signal()

    def __init__(self, max_length: int = 200):
        super().__init__()
        self.setMaxLength(max_length + 50)  # above the service's limit, so it can explain
        self.textEdited.connect(self._emit_edited)

    def value(self) -> str:
        return self.text()

    def set_value(self, value: Any) -> None:
        self.setText("" if value is None else str(value))


class MultilineTextEdit(_EmitsEdited, QPlainTextEdit):
    edited = Signal()

    def __init__(self):
        super().__init__()
        self.setFixedHeight(110)
        self.textChanged.connect(self._emit_edited)

    def value(self) -> str:
        return self.toPlainText()

    def set_value(self, value: Any) -> None:
        self.setPlainText("" if value is None else str(value))


class IntegerEdit(_EmitsEdited, QSpinBox):
    edited = Signal()

    def __init__(self, kind: Integer):
        super().__init__()
        self.setRange(kind.minimum, kind.maximum)
        self.valueChanged.connect(self._emit_edited)

    def set_value(self, value: Any) -> None:
        self.setValue(int(value))


class TimeOfDayEdit(_EmitsEdited, QTimeEdit):
    edited = Signal()

    def __init__(self):
        super().__init__()
        self.setDisplayFormat(qt_time_format())  # shown as every time is; stored as HH:mm
        self.timeChanged.connect(self._emit_edited)

    def value(self) -> str:
        return self.time().toString(_TIME_FORMAT)

    def set_value(self, value: Any) -> None:
        self.setTime(_to_qtime(value, QTime(18, 0)))


class KeyListEdit(_EmitsEdited, QWidget):
    """An editable list with add and remove; each entry keeps its stored key as item data."""

    edited = Signal()

    def __init__(self, label_for: Callable[[str], str] | None = None):
        super().__init__()
        self._label_for = label_for or (lambda key: key)
        self.lst_items = QListWidget()
        self.lst_items.setFixedHeight(150)
        self.lst_items.setEditTriggers(
            QAbstractItemView.EditTrigger.DoubleClicked
            | QAbstractItemView.EditTrigger.EditKeyPressed
        )
        self.lst_items.itemChanged.connect(self._renamed)
        model = self.lst_items.model()
        for signal in (model.rowsInserted, model.rowsRemoved, model.dataChanged):
            signal.connect(self._emit_edited)
        self.btn_add_item = QPushButton(_("Add"))
        self.btn_remove_item = QPushButton(_("Remove"))
        self.btn_add_item.clicked.connect(self.add_item)
        self.btn_remove_item.clicked.connect(self.remove_selected)
        buttons = QVBoxLayout()
        buttons.addWidget(self.btn_add_item)
        buttons.addWidget(self.btn_remove_item)
        buttons.addStretch()
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.lst_items)
        layout.addLayout(buttons)

    def _append(self, key: str) -> QListWidgetItem:
        item = QListWidgetItem(self._label_for(key))
        item.setData(_KEY, key)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsEditable)
        self.lst_items.addItem(item)
        return item

    def _renamed(self, item: QListWidgetItem) -> None:
        # Editing a translated label replaces the entry with exactly what was typed.
        if item.text() != self._label_for(item.data(_KEY) or ""):
            item.setData(_KEY, item.text().strip())

    def add_item(self) -> None:
        item = self._append("")
        self.lst_items.setCurrentItem(item)
        self.lst_items.editItem(item)

    def remove_selected(self) -> None:
        for item in self.lst_items.selectedItems():
            self.lst_items.takeItem(self.lst_items.row(item))

    def value(self) -> list[str]:
        keys = (self.lst_items.item(row).data(_KEY) for row in range(self.lst_items.count()))
        return [key for key in keys if key]

    def set_value(self, keys: Any) -> None:
        self.lst_items.clear()
        for key in keys or []:
            self._append(str(key))


class RegionComboBox(_EmitsEdited, QComboBox):
    """Countries and regions by name in the UI language, searchable by typing part of one."""

    edited = Signal()

    def __init__(self):
        super().__init__()
        self.setEditable(True)
        self.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        for code, name in region_choices():
            self.addItem(name, code)
        completer = QCompleter(self.model(), self)
        completer.setFilterMode(Qt.MatchFlag.MatchContains)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        self.setCompleter(completer)
        self.lineEdit().textEdited.connect(self._emit_edited)
        self.activated.connect(self._emit_edited)

    def value(self) -> str:
        """The chosen region's code; a name that matches none is handed on as typed."""
        text = self.currentText().strip()
        index = self.findText(text, Qt.MatchFlag.MatchFixedString)  # any letter case
        if index < 0:
            index = self.findData(text.upper())
        return self.itemData(index) if index >= 0 else text

    def set_value(self, value: Any) -> None:
        index = self.findData(str(value))
        if index >= 0:
            self.setCurrentIndex(index)
        else:
            self.setEditText(str(value))


class ChoiceComboBox(_EmitsEdited, QComboBox):
    """One of a ``Choice`` kind's options, by its translated label."""

    edited = Signal()

    def __init__(self, kind: Choice):
        super().__init__()
        for key, label in kind.options:
            self.addItem(_(label), key)
        self.activated.connect(self._emit_edited)

    def value(self) -> str:
        return self.currentData()

    def set_value(self, value: Any) -> None:
        index = self.findData(value)
        self.setCurrentIndex(max(index, 0))


class LocalizedTextEdit(_EmitsEdited, QWidget):
    """One field per language of the desk, labelled with the language's name."""

    edited = Signal()

    def __init__(self, kind: LocalizedText):
        super().__init__()
        self.edt_by_language: dict[str, LineTextEdit | MultilineTextEdit] = {}
        form = QFormLayout(self)
        form.setContentsMargins(0, 0, 0, 0)
        for lang in SUPPORTED_LANGUAGES:
            edit = MultilineTextEdit() if kind.multiline else LineTextEdit(kind.max_length)
            edit.edited.connect(self._emit_edited)
            self.edt_by_language[lang] = edit
            form.addRow(LANGUAGE_NAMES[lang], edit)

    def value(self) -> dict[str, str]:
        return {lang: edit.value() for lang, edit in self.edt_by_language.items()}

    def set_value(self, value: Any) -> None:
        texts = value if isinstance(value, dict) else {}
        for lang, edit in self.edt_by_language.items():
            edit.set_value(texts.get(lang, ""))


class DurationEdit(_EmitsEdited, QWidget):
    """An amount and its unit; the amount's range follows the unit chosen."""

    edited = Signal()

    def __init__(self, kind: Duration):
        super().__init__()
        self._limits = dict(kind.limits)
        self.spn_amount = QSpinBox()
        self.cmb_unit = QComboBox()
        for unit in self._limits:
            self.cmb_unit.addItem(_(DURATION_UNITS[unit]), unit)
        self._unit_changed()
        self.cmb_unit.currentIndexChanged.connect(self._unit_changed)
        self.cmb_unit.currentIndexChanged.connect(self._emit_edited)
        self.spn_amount.valueChanged.connect(self._emit_edited)
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        line.addWidget(self.spn_amount)
        line.addWidget(self.cmb_unit)
        line.addStretch(1)

    def _unit_changed(self) -> None:
        self.spn_amount.setRange(*self._limits[self.cmb_unit.currentData()])

    def value(self) -> dict[str, Any]:
        return {"amount": self.spn_amount.value(), "unit": self.cmb_unit.currentData()}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        index = self.cmb_unit.findData(value.get("unit"))
        self.cmb_unit.setCurrentIndex(max(index, 0))
        self.spn_amount.setValue(int(value.get("amount") or 0))


class WorkingHoursEdit(_EmitsEdited, QWidget):
    """A box per weekday (Monday first) and the day's opening and closing times."""

    edited = Signal()

    def __init__(self):
        super().__init__()
        day_names = babel_locale().days["format"]["abbreviated"]  # 0 is Monday
        self.chk_days = [QCheckBox(day_names[day]) for day in range(7)]
        self.tim_start, self.tim_end = TimeOfDayEdit(), TimeOfDayEdit()
        line = QHBoxLayout(self)
        line.setContentsMargins(0, 0, 0, 0)
        for box in self.chk_days:
            box.toggled.connect(self._emit_edited)
            line.addWidget(box)
        line.addSpacing(12)
        line.addWidget(self.tim_start)
        line.addWidget(QLabel("–"))
        line.addWidget(self.tim_end)
        line.addStretch(1)
        self.tim_start.edited.connect(self._emit_edited)
        self.tim_end.edited.connect(self._emit_edited)

    def value(self) -> dict[str, Any]:
        days = [day for day, box in enumerate(self.chk_days) if box.isChecked()]
        return {"days": days, "start": self.tim_start.value(), "end": self.tim_end.value()}

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        days = value.get("days") or []
        for day, box in enumerate(self.chk_days):
            box.setChecked(day in days)
        self.tim_start.setTime(_to_qtime(value.get("start"), QTime(9, 0)))
        self.tim_end.setTime(_to_qtime(value.get("end"), QTime(18, 0)))


class TableEdit(_EmitsEdited, QTableWidget):
    """Numbers by row and column; cells hold the text typed until the service checks it."""

    edited = Signal()

    def __init__(self, kind: Table):
        super().__init__(len(kind.rows), len(kind.columns))
        self._rows = [key for key, _label in kind.rows]
        self._columns = [key for key, _label in kind.columns]
        self.setVerticalHeaderLabels([_(label) for _key, label in kind.rows])
        self.setHorizontalHeaderLabels([_(label) for _key, label in kind.columns])
        self.itemChanged.connect(self._emit_edited)
        height = self.horizontalHeader().sizeHint().height() + 4
        height += sum(self.rowHeight(row) for row in range(self.rowCount()))
        self.setFixedHeight(height)

    def value(self) -> dict[str, dict[str, str]]:
        def text(row: int, column: int) -> str:
            item = self.item(row, column)
            return item.text() if item is not None else ""

        return {
            row_key: {key: text(row, column) for column, key in enumerate(self._columns)}
            for row, row_key in enumerate(self._rows)
        }

    def set_value(self, value: Any) -> None:
        value = value if isinstance(value, dict) else {}
        for row, row_key in enumerate(self._rows):
            cells = value.get(row_key) or {}
            for column, key in enumerate(self._columns):
                number = cells.get(key, "")
                text = f"{number:g}" if isinstance(number, int | float) else str(number)
                self.setItem(row, column, QTableWidgetItem(text))


def _text_edit(spec: SettingSpec) -> QWidget:
    return LineTextEdit(spec.kind.max_length)


def _phone_edit(spec: SettingSpec) -> QWidget:
    edit = LineTextEdit(40)
    edit.setPlaceholderText(_("for example 400-800-1234"))
    return edit


_EDITORS: dict[type, Callable[[SettingSpec], QWidget]] = {
    Text: _text_edit,
    MultilineText: lambda spec: MultilineTextEdit(),
    Integer: lambda spec: IntegerEdit(spec.kind),
    KeyList: lambda spec: KeyListEdit(spec.kind.label),
    TimeOfDay: lambda spec: TimeOfDayEdit(),
    PhoneRegion: lambda spec: RegionComboBox(),
    PhoneNumber: _phone_edit,
    LocalizedText: lambda spec: LocalizedTextEdit(spec.kind),
    Duration: lambda spec: DurationEdit(spec.kind),
    WorkingHours: lambda spec: WorkingHoursEdit(),
    Table: lambda spec: TableEdit(spec.kind),
    Choice: lambda spec: ChoiceComboBox(spec.kind),
}


def editor_for(spec: SettingSpec) -> QWidget:
    """The input widget for ``spec``'s kind, with the built-in wording greyed when empty."""
    widget = _EDITORS[type(spec.kind)](spec)
    if spec.built_in is not None and hasattr(widget, "setPlaceholderText"):
        widget.setPlaceholderText(spec.built_in())
    return widget
