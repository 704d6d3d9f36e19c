"""The manager's call scripts: the scripts and their versions, the steps of the one opened, a
step's form, a preview with sample values, saving as a new version and restoring an older one.

The edit (``ScriptEdit``) is kept here until it is saved: a refused save shows the validator's
messages, marks the steps they name, and leaves the edit as it was. Everything
that reads or writes the database goes through ``context.runner``.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from branchdesk.errors import ValidationError
from branchdesk.i18n import LANGUAGE_NAMES, _, current_language
from branchdesk.scripts import service
from branchdesk.scripts.editing import ScriptEdit
from branchdesk.scripts.loading import ScriptInvalid
from branchdesk.scripts.model import SCRIPT_LANGUAGES
from branchdesk.scripts.preview import preview_lines, sample_values, version_line
from branchdesk.ui.common.confirm import confirm
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error
from branchdesk.ui.scripts.problems_box import ProblemsBox
from branchdesk.ui.scripts.step_form import StepForm


class ScriptsTab(QWidget):
    def __init__(self, context: DeskContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._context = context
        self._list_slot = context.runner.slot(self)
        self._script_slot = context.runner.slot(self)
        self._notice = ""  # said once the script is read again ("Saved as version 3.")
        self._edit: ScriptEdit | None = None  # not yet saved
        self._newest = 0
        self._step_id: str | None = None
        self._dirty = False
        self._values: dict[str, str] = {}

        self.lst_scripts = QListWidget()
        self.lst_versions = QListWidget()
        self.btn_restore = QPushButton(_("Restore this version"))
        self.edt_title = {lang: QLineEdit() for lang in SCRIPT_LANGUAGES}
        self.cmb_start = QComboBox()
        self.lst_steps = QListWidget()
        self.edt_new_step = QLineEdit()
        self.edt_new_step.setPlaceholderText(_("New step id, e.g. ask_order_no"))
        self.btn_add_step = QPushButton(_("Add step"))
        self.btn_remove_step = QPushButton(_("Remove step"))
        self.step_form = StepForm()
        self.cmb_preview_lang = QComboBox()
        for lang in SCRIPT_LANGUAGES:
            self.cmb_preview_lang.addItem(LANGUAGE_NAMES[lang], lang)
        self.cmb_preview_lang.setCurrentIndex(max(0, self.cmb_preview_lang.findData(
            current_language())))  # fmt: skip
        self.btn_preview = QPushButton(_("Preview"))
        self.txt_preview = QPlainTextEdit()
        self.txt_preview.setReadOnly(True)
        self.btn_save = QPushButton(_("Save as new version"))
        self.box_problems = ProblemsBox(self.lst_steps)
        self.lbl_error = self.box_problems.lbl_error
        self.lbl_status = QLabel()
        self.lbl_status.setObjectName("lbl_status")
        self._lay_out()

        self.lst_scripts.currentItemChanged.connect(self._script_chosen)
        self.lst_versions.currentItemChanged.connect(self._version_chosen)
        self.lst_steps.currentItemChanged.connect(self._step_chosen)
        self.btn_restore.clicked.connect(self.restore)
        self.btn_add_step.clicked.connect(self.add_step)
        self.edt_new_step.returnPressed.connect(self.add_step)
        self.btn_remove_step.clicked.connect(self.remove_step)
        self.btn_preview.clicked.connect(self.preview)
        self.cmb_preview_lang.currentIndexChanged.connect(lambda _i: self.preview())
        self.btn_save.clicked.connect(self.save)
        self.step_form.edited.connect(self._edited)
        for edit in self.edt_title.values():
            edit.textEdited.connect(self._edited)
        self.cmb_start.activated.connect(self._edited)
        self._update_buttons()
        self.refresh()

    def _lay_out(self) -> None:
        left = QGroupBox(_("Scripts and versions"))
        column = QVBoxLayout(left)
        column.addWidget(self.lst_scripts, 1)
        column.addWidget(QLabel(_("Versions:")))
        column.addWidget(self.lst_versions, 1)
        column.addWidget(self.btn_restore)

        middle = QGroupBox(_("Script"))
        form = QFormLayout()
        for lang in SCRIPT_LANGUAGES:
            form.addRow(_("Title ({language}):").format(language=LANGUAGE_NAMES[lang]),
                        self.edt_title[lang])  # fmt: skip
        form.addRow(_("Starts with:"), self.cmb_start)
        new_step = QHBoxLayout()
        new_step.addWidget(self.edt_new_step, 1)
        new_step.addWidget(self.btn_add_step)
        column = QVBoxLayout(middle)
        column.addLayout(form)
        column.addWidget(QLabel(_("Steps, in the order written:")))
        column.addWidget(self.lst_steps, 1)
        column.addLayout(new_step)
        column.addWidget(self.btn_remove_step)

        step = QGroupBox(_("Step"))
        QVBoxLayout(step).addWidget(self.step_form)

        preview = QGroupBox(_("Preview with sample values"))
        column = QVBoxLayout(preview)
        row = QHBoxLayout()
        row.addWidget(self.cmb_preview_lang, 1)
        row.addWidget(self.btn_preview)
        column.addLayout(row)
        column.addWidget(self.txt_preview, 1)

        splitter = QSplitter(Qt.Orientation.Horizontal)
        for part, stretch in ((left, 2), (middle, 2), (step, 4), (preview, 3)):
            splitter.addWidget(part)
            splitter.setStretchFactor(splitter.count() - 1, stretch)
        splitter.setSizes([240, 240, 480, 320])
        bottom = QHBoxLayout()
        bottom.addWidget(self.lbl_status, 1)
        bottom.addWidget(self.btn_save)
        layout = QVBoxLayout(self)
        layout.addWidget(splitter, 1)
        layout.addWidget(self.box_problems)
        layout.addLayout(bottom)

    # -- reading ------------------------------------------------------------------------------
    def refresh(self) -> None:
        actor = self._context.actor

        def work():
            return service.list_scripts(actor), service.standard_values(actor)

        self._list_slot.ask(work, self._scripts_listed, self._failed)

    def _scripts_listed(self, answer) -> None:
        summaries, self._values = answer
        chosen = self._script_id()
        self.lst_scripts.blockSignals(True)
        self.lst_scripts.clear()
        lang = current_language()
        for summary in summaries:
            text = _("{title} ({id}), version {version}").format(
                title=summary.title.get(lang, summary.id), id=summary.id, version=summary.version
            )
            item = QListWidgetItem(text)
            item.setData(Qt.ItemDataRole.UserRole, summary.id)
            self.lst_scripts.addItem(item)
        ids = [s.id for s in summaries]
        if ids:
            self.lst_scripts.setCurrentRow(ids.index(chosen) if chosen in ids else 0)
        self.lst_scripts.blockSignals(False)
        # Read again (F5, after a save) the script on show, unless it holds an unsaved edit.
        current = self._script_id()
        editing = self._edit is not None and self._edit.script_id == current and self._dirty
        if current is not None and not editing:
            self.open_script(current)

    def _script_id(self) -> str | None:
        item = self.lst_scripts.currentItem()
        return item.data(Qt.ItemDataRole.UserRole) if item is not None else None

    def _script_chosen(self, current, previous) -> None:
        if current is None:
            return
        if not self._may_leave_edit():
            self._reselect(self.lst_scripts, previous)
            return
        self.open_script(current.data(Qt.ItemDataRole.UserRole))

    def _version_chosen(self, current, previous) -> None:
        if current is None or self._edit is None:
            return
        version = current.data(Qt.ItemDataRole.UserRole)
        if version == self._edit.version:
            return
        if not self._may_leave_edit():
            self._reselect(self.lst_versions, previous)
            return
        self.open_script(self._edit.script_id, version)

    @staticmethod
    def _reselect(widget: QListWidget, item) -> None:
        widget.blockSignals(True)
        widget.setCurrentItem(item)
        widget.blockSignals(False)

    def _may_leave_edit(self) -> bool:
        return not self._dirty or confirm(
            self, _("Call scripts"),
            _("The changes to this script are not saved. Discard them?"),
            _("Discard changes"),
        )  # fmt: skip

    def open_script(self, script_id: str, version: int | None = None) -> None:
        actor = self._context.actor

        def work():
            script = (service.current_script(actor, script_id) if version is None
                      else service.script_version(actor, script_id, version))  # fmt: skip
            return script, service.list_versions(actor, script_id)

        self._script_slot.ask(work, self._script_opened, self._failed)

    def _script_opened(self, answer) -> None:
        script, versions = answer
        self._edit = ScriptEdit(script)
        self._newest = versions[0].version
        self._step_id = None
        self.lst_versions.blockSignals(True)
        self.lst_versions.clear()
        for version in versions:
            item = QListWidgetItem(version_line(version))
            item.setData(Qt.ItemDataRole.UserRole, version.version)
            self.lst_versions.addItem(item)
            if version.version == script.version:
                self.lst_versions.setCurrentItem(item)
        self.lst_versions.blockSignals(False)
        for lang, edit in self.edt_title.items():
            edit.setText(script.title.get(lang, ""))
        self._fill_steps(select=script.start)
        self.box_problems.show_problems(None)
        self._set_dirty(False)
        if self._notice:
            self.lbl_status.setText(f"{self.lbl_status.text()} · {self._notice}")
            self._notice = ""
        self.preview()

    def _fill_steps(self, select: str | None) -> None:
        ids = self._edit.step_ids()
        self.lst_steps.blockSignals(True)
        self.lst_steps.clear()
        for step_id in ids:
            item = QListWidgetItem(step_id)
            item.setData(Qt.ItemDataRole.UserRole, step_id)
            self.lst_steps.addItem(item)
        self.lst_steps.blockSignals(False)
        self.cmb_start.clear()
        self.cmb_start.addItems(ids)
        self.cmb_start.setCurrentIndex(max(0, self.cmb_start.findText(self._edit.start)))
        self._step_id = None
        if select in ids:
            self.lst_steps.setCurrentRow(ids.index(select))
        else:
            self.step_form.setEnabled(False)
        self._update_buttons()

    # -- editing ------------------------------------------------------------------------------
    def _step_chosen(self, current, _previous) -> None:
        self._commit_form()
        if current is None:
            self._step_id = None
            self.step_form.setEnabled(False)
            self._update_buttons()
            return
        self._step_id = current.data(Qt.ItemDataRole.UserRole)
        self.step_form.load(self._edit.step(self._step_id), self._edit.step_ids())
        self._update_buttons()

    def _commit_form(self) -> None:
        """The form's and the title's edits into the edit kept here."""
        if self._edit is None:
            return
        if self._step_id is not None:
            self._edit.put_step(self.step_form.data(self._step_id))
        title = {lang: edit.text().strip() for lang, edit in self.edt_title.items()}
        self._edit.put_title_and_start(title, self.cmb_start.currentText())

    def add_step(self) -> None:
        if self._edit is None:
            return
        self._commit_form()
        step_id = self.edt_new_step.text().strip()
        try:
            self._edit.add_step(step_id)
        except ValidationError as exc:
            self.box_problems.show_message(exc.errors["step"])
            return
        self.edt_new_step.clear()
        self.box_problems.show_problems(None)
        self._set_dirty(True)
        self._fill_steps(select=step_id)

    def remove_step(self) -> None:
        if self._edit is None or self._step_id is None:
            return
        self._edit.remove_step(self._step_id)
        self._step_id = None  # nothing of its form to keep
        self._set_dirty(True)
        self._fill_steps(select=self._edit.start)

    def _edited(self, *_args) -> None:
        self._set_dirty(True)

    def _set_dirty(self, dirty: bool) -> None:
        self._dirty = dirty
        if self._edit is None:
            self.lbl_status.clear()
            return
        status = _("Version {version} of {newest}").format(
            version=self._edit.version, newest=self._newest
        )
        if dirty:
            status = _("{status}, changed (not saved)").format(status=status)
        self.lbl_status.setText(status)
        self._update_buttons()

    def _update_buttons(self) -> None:
        opened = self._edit is not None
        self.btn_save.setEnabled(opened)
        self.btn_add_step.setEnabled(opened)
        self.btn_remove_step.setEnabled(opened and self._step_id is not None)
        self.btn_preview.setEnabled(opened)
        self.btn_restore.setEnabled(
            opened and self._edit.version != self._newest and not self._dirty
        )

    # -- preview, save, restore ---------------------------------------------------------------
    def edited_script(self):
        """The edit as a script (ScriptInvalid for a defect of its structure)."""
        self._commit_form()
        return self._edit.script()

    def _checked_edit(self):
        """The edit as a script, or None once its structure's defects are shown."""
        if self._edit is None:
            return None
        try:
            return self.edited_script()
        except ScriptInvalid as exc:
            self.box_problems.show_problems(exc)
            return None

    def preview(self) -> None:
        script = self._checked_edit()
        if script is None:
            return
        values = {**sample_values(), **{k: v for k, v in self._values.items() if v}}
        lang = self.cmb_preview_lang.currentData()
        self.txt_preview.setPlainText("\n".join(preview_lines(script, values, lang)))

    def save(self) -> None:
        script = self._checked_edit()
        if script is None:
            return
        actor = self._context.actor
        self.btn_save.setEnabled(False)
        self._context.runner.run(
            lambda: service.save_script(actor, script, now=self._context.now()),
            self._saved,
            self._save_failed,
        )

    def restore(self) -> None:
        if self._edit is None or self._edit.version == self._newest:
            return
        version = self._edit.version
        if not confirm(
            self, _("Call scripts"),
            _("Save version {version} again as the newest version? Calls keep the version "
              "they used.").format(version=version),
            _("Restore"),
        ):  # fmt: skip
            return
        actor, script_id = self._context.actor, self._edit.script_id
        self._context.runner.run(
            lambda: service.restore_version(actor, script_id, version, now=self._context.now()),
            self._saved,
            self._save_failed,
        )

    def _saved(self, script) -> None:
        """The list is read again, and with it the script, now at its new version."""
        self._set_dirty(False)
        self._notice = _("Saved as version {version}.").format(version=script.version)
        self.refresh()

    def _save_failed(self, exc: Exception) -> None:
        self._update_buttons()
        if isinstance(exc, ValidationError):
            self.box_problems.show_problems(exc)
        else:
            report_error(self, exc)

    def _failed(self, exc: Exception) -> None:
        report_error(self, exc)
