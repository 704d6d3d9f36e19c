"""The "Save PDF…" and "Open" actions of the visitor printouts, built off the GUI thread.

The file dialog and the system viewer are reached through module-level functions
(``choose_save_path``, ``open_in_viewer``) so a test can replace them instead of blocking.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# Classes used only when a PDF is saved or opened are reached through their module at call
# time: PySide builds each class (and its enums) on first use, and the window's first paint
# needs none of them.
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _
from branchdesk.private_files import create_private_file
from branchdesk.ui.common.viewer_copies import VIEWER_COPIES, new_viewer_file
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

BuildPdf = Callable[[], bytes]


def choose_save_path(parent: QWidget | None, default_path: str) -> str:
    """Ask where to save; an empty string when the user cancels."""
    path, _selected = QtWidgets.QFileDialog.getSaveFileName(
        parent, _("Save PDF"), default_path, _("PDF files (*.pdf)")
    )
    return path


def open_in_viewer(path: Path) -> bool:
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


def default_folder() -> Path:
    paths = QtCore.QStandardPaths
    folder = paths.writableLocation(paths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def visit_form_file_name(visit_id: int | None) -> str:
    """客户来访登记-<id>.pdf once translated; the blank form has no number."""
    if visit_id is None:
        return _("visit-registration-blank.pdf")
    return _("visit-registration-{id}.pdf").format(id=visit_id)


def evacuation_file_name(stamp: str) -> str:
    return _("evacuation-list-{stamp}.pdf").format(stamp=stamp)


def write_pdf(target: Path, pdf: bytes) -> None:
    """A full disk or a read-only folder is the user's to fix: say so, without a traceback."""
    try:
        create_private_file(target).write_bytes(pdf)  # printouts name visitors
    except OSError as exc:
        message = _("Could not write {path}: {reason}")
        raise BranchDeskError(message.format(path=target, reason=exc.strerror or exc)) from exc


class PdfActions(QObject):
    """A "Save PDF…" and an "Open" action for one kind of printout, and a menu holding both.

    ``build`` runs on the worker thread and must not touch widgets; ``file_name`` is asked on
    the GUI thread each time, because the selected visit changes.
    """

    saved = Signal(str)  # the path written
    opened = Signal(str)

    def __init__(
        self,
        context: DeskContext,
        parent: QWidget,
        build: Callable[[], BuildPdf | None],
        file_name: Callable[[], str],
    ) -> None:
        super().__init__(parent)
        self._context = context
        self._parent = parent
        self._build = build
        self._file_name = file_name
        self.act_save = QAction(_("Save PDF…"), self)
        self.act_open = QAction(_("Open in PDF viewer"), self)
        self.act_save.triggered.connect(self.save)
        self.act_open.triggered.connect(self.open)
        self.menu = QMenu(parent)
        self.menu.addAction(self.act_save)
        self.menu.addAction(self.act_open)

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt naming, like QAction
        self.act_save.setEnabled(enabled)
        self.act_open.setEnabled(enabled)

    def save(self) -> None:
        build = self._build()
        if build is None:
            return
        path = choose_save_path(self._parent, str(default_folder() / self._file_name()))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")

        def work() -> str:
            write_pdf(target, build())
            return str(target)

        self._context.runner.run(work, self.saved.emit, self._failed)

    def open(self) -> None:
        build = self._build()
        if build is None:
            return
        name = self._file_name()
        folder = VIEWER_COPIES.folder()  # removed when the desk quits

        def work() -> str:
            target = new_viewer_file(folder, name)
            write_pdf(target, build())
            return str(target)

        self._context.runner.run(work, self._show, self._failed)

    def _show(self, path: str) -> None:
        if open_in_viewer(Path(path)):
            self.opened.emit(path)
        else:
            message = _("No PDF viewer could be started. The file is at {path}.")
            report_error(self._parent, BranchDeskError(message.format(path=path)))

    def _failed(self, exc: Exception) -> None:
        report_error(self._parent, exc)
