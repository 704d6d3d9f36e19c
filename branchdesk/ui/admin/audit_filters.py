"""The audit view's filters: action, person, target (a kind, and an id if wanted) and a date
range. Each change asks the service again for the newest page (keyset, indexed)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from PySide6.QtCore import QDate, Signal
from PySide6.QtWidgets import QComboBox, QDateEdit, QHBoxLayout, QLabel, QLineEdit, QWidget

from branchdesk.audit.log import AuditFilter
from branchdesk.auth.audit_access import AuditPerson
from branchdesk.i18n import _, qt_date_format
from branchdesk.ui.admin.audit_text import action_label, all_actions, target_kinds

DEFAULT_DAYS = 30  # the range opens on the last 30 days, today included


@dataclass(frozen=True)
class AuditQuery:
    """What the pages shown were read with, so an older page continues the same list."""

    action: str | None
    since: datetime
    until: datetime
    person: int | None = None
    target_kind: str | None = None
    target_id: str | None = None

    def as_filter(self) -> AuditFilter:
        return AuditFilter(
            self.action, self.person, self.target_kind, self.target_id, self.since, self.until
        )


class AuditFilterBar(QWidget):
    """``changed`` when any filter was changed (a typed target id: on Enter or leaving it)."""

    changed = Signal()

    def __init__(self, today: date, parent: QWidget | None = None):
        super().__init__(parent)
        self.cmb_action = QComboBox()
        self.cmb_action.addItem(_("All actions"), None)
        for action in sorted(all_actions(), key=action_label):
            self.cmb_action.addItem(action_label(action), action)
        self.cmb_person = QComboBox()
        self.cmb_person.addItem(_("Everyone"), None)  # the people arrive from the worker
        self.cmb_kind = QComboBox()
        self.cmb_kind.addItem(_("All targets"), None)
        for kind, label in sorted(target_kinds().items(), key=lambda item: _(item[1])):
            self.cmb_kind.addItem(_(label), kind)
        self.edt_target_id = QLineEdit()
        self.edt_target_id.setPlaceholderText(_("any"))
        self.edt_target_id.setToolTip(_("The number or key of one target, e.g. a visit number"))
        self.edt_target_id.setMaximumWidth(120)
        self.edt_target_id.setEnabled(False)  # an id means something only with its kind
        self.dte_from = self._date_edit(today - timedelta(days=DEFAULT_DAYS - 1))
        self.dte_to = self._date_edit(today)

        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        for label, widget in (
            (_("Action:"), self.cmb_action),
            (_("Person:"), self.cmb_person),
            (_("Target:"), self.cmb_kind),
            (None, self.edt_target_id),
            (_("From"), self.dte_from),
            (_("To"), self.dte_to),
        ):
            if label:
                row.addWidget(QLabel(label))
            row.addWidget(widget)

        self._typed_id = ""
        for combo in (self.cmb_action, self.cmb_person):
            combo.currentIndexChanged.connect(lambda _index: self.changed.emit())
        self.cmb_kind.currentIndexChanged.connect(self._kind_chosen)
        self.edt_target_id.editingFinished.connect(self._id_typed)
        self.dte_from.dateChanged.connect(lambda _date: self.changed.emit())
        self.dte_to.dateChanged.connect(lambda _date: self.changed.emit())

    @staticmethod
    def _date_edit(initial: date) -> QDateEdit:
        edit = QDateEdit(QDate(initial))
        edit.setCalendarPopup(True)
        edit.setDisplayFormat(qt_date_format())
        return edit

    def set_people(self, people: list[AuditPerson]) -> None:
        chosen = self.cmb_person.currentData()
        self.cmb_person.blockSignals(True)  # the list changes, the filter does not
        self.cmb_person.clear()
        self.cmb_person.addItem(_("Everyone"), None)
        for person in people:
            self.cmb_person.addItem(f"{person.display_name} ({person.username})", person.id)
        self.cmb_person.setCurrentIndex(max(self.cmb_person.findData(chosen), 0))
        self.cmb_person.blockSignals(False)

    def _kind_chosen(self, _index: int) -> None:
        self.edt_target_id.setEnabled(self.cmb_kind.currentData() is not None)
        self.changed.emit()

    def _id_typed(self) -> None:
        typed = self.edt_target_id.text().strip()
        if typed != self._typed_id:  # leaving the field unchanged asks nothing again
            self._typed_id = typed
            self.changed.emit()

    def query(self) -> AuditQuery | None:
        """The filters as set, or None when From is after To (the range holds no day)."""
        date_from, date_to = self.dte_from.date().toPython(), self.dte_to.date().toPython()
        if date_from > date_to:
            return None
        kind = self.cmb_kind.currentData()
        return AuditQuery(
            action=self.cmb_action.currentData(),
            since=datetime.combine(date_from, time()),
            until=datetime.combine(date_to + timedelta(days=1), time()),  # To is inclusive
            person=self.cmb_person.currentData(),
            target_kind=kind,
            target_id=(self.edt_target_id.text().strip() or None) if kind else None,
        )
