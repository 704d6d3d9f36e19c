"""The "Save PDF…", "Open" and "Print…" actions of every printout, built off the GUI thread.

The file dialog, the system viewer and the printer are reached through module-level functions
(``choose_save_path``, ``open_in_viewer``, ``make_printer``) so a test can replace them instead
of blocking or printing on paper. "Print…" shows Qt's print preview, whose Print button opens
Qt's print dialog; the pages are the PDF's own, drawn by PDFium (printing/page_images.py).
A PDF that carries warnings (characters no installed font has, printed as markers) is written
or printed only once the user has read them and chosen to go on.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

# Classes used only when a PDF is saved, opened or printed are reached through their module at
# call time: PySide builds each class (and its enums) on first use, and the window's first
# paint needs none of them. Qt's print support is a library of its own, loaded on first print.
from PySide6 import QtCore, QtGui, QtWidgets
from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QMenu, QWidget

from branchdesk.config import MachineConfig
from branchdesk.errors import BranchDeskError
from branchdesk.i18n import _
from branchdesk.private_files import create_private_file
from branchdesk.ui.common.text_action import text_action
from branchdesk.ui.common.viewer_copies import VIEWER_COPIES, new_viewer_file
from branchdesk.ui.context import DeskContext
from branchdesk.ui.error_reporting import report_error

if TYPE_CHECKING:
    from PySide6 import QtPrintSupport

    from branchdesk.printing.page_images import PageImage

BuildPdf = Callable[[], bytes]
log = logging.getLogger(__name__)


def choose_save_path(parent: QWidget | None, default_path: str) -> str:
    """Ask where to save; an empty string when the user cancels."""
    path, _selected = QtWidgets.QFileDialog.getSaveFileName(
        parent, _("Save PDF"), default_path, _("PDF files (*.pdf)")
    )
    return path


def confirm_unprintable(parent: QWidget | None, warnings: tuple[str, ...]) -> bool:
    """True when there is nothing to warn about or the user goes on anyway (not the default:
    Enter keeps a name with a missing character from reaching paper unnoticed)."""
    if not warnings:
        return True
    text = _(
        "Some characters are in no installed font and will be printed as markers:\n\n"
        "{characters}\n\nContinue anyway?"
    ).format(characters="\n".join(warnings))
    buttons = QtWidgets.QMessageBox.StandardButton.Ok | QtWidgets.QMessageBox.StandardButton.Cancel
    answer = QtWidgets.QMessageBox.warning(
        parent,
        _("Characters cannot be printed"),
        text,
        buttons,
        QtWidgets.QMessageBox.StandardButton.Cancel,
    )
    return answer == QtWidgets.QMessageBox.StandardButton.Ok


def open_in_viewer(path: Path) -> bool:
    return QtGui.QDesktopServices.openUrl(QtCore.QUrl.fromLocalFile(str(path)))


def make_printer() -> QtPrintSupport.QPrinter:
    from PySide6 import QtPrintSupport

    return QtPrintSupport.QPrinter(QtPrintSupport.QPrinter.PrinterMode.HighResolution)


def default_folder() -> Path:
    paths = QtCore.QStandardPaths
    folder = paths.writableLocation(paths.StandardLocation.DocumentsLocation)
    return Path(folder) if folder else Path.home()


def start_folder(config: MachineConfig) -> Path:
    """Where a file dialog opens: the folder last saved into on this machine, else the user's
    documents folder (never the program's working directory)."""
    last = Path(config.last_folder) if config.last_folder else None
    return last if last is not None and last.is_dir() else default_folder()


def remember_folder(config: MachineConfig, chosen: Path) -> None:
    config.last_folder = str(chosen.parent)
    try:
        config.save()
    except OSError as exc:  # the file is saved all the same; next time opens in documents
        log.warning("could not remember the folder %s: %s", chosen.parent, exc)


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


def page_image(page: PageImage) -> QtGui.QImage:
    image = QtGui.QImage(
        page.pixels, page.width, page.height, page.stride, QtGui.QImage.Format.Format_RGBX8888
    )
    return image.copy()  # its own pixels: the bytes it was made from may go


def paint_pages(printer: QtPrintSupport.QPrinter, pages: list[PageImage]) -> None:
    """Each PDF page fills the paper as the PDF lays it out (its own margins included)."""
    painter = QtGui.QPainter()
    if not painter.begin(printer):
        raise BranchDeskError(_("The printer could not be started."))
    try:
        for number, page in enumerate(pages):
            if number:
                printer.newPage()
            paper = QtCore.QRectF(printer.pageLayout().fullRectPixels(printer.resolution()))
            scale = min(paper.width() / page.width_pt, paper.height() / page.height_pt)
            target = QtCore.QRectF(0, 0, page.width_pt * scale, page.height_pt * scale)
            painter.drawImage(target, page_image(page))
    finally:
        painter.end()


def preview_printer(pages: list[PageImage]) -> QtPrintSupport.QPrinter:
    printer = make_printer()
    printer.setFullPage(True)  # the PDF has its margins; the printer's would add to them
    if pages:
        size = QtCore.QSizeF(pages[0].width_pt, pages[0].height_pt)
        printer.setPageSize(
            QtGui.QPageSize(
                size, QtGui.QPageSize.Unit.Point, "", QtGui.QPageSize.SizeMatchPolicy.FuzzyMatch
            )
        )
    return printer


class PdfActions(QObject):
    """ "Print…", "Save PDF…" and "Open" for one kind of printout, and a menu holding them.

    ``build`` runs on the worker thread and must not touch widgets; ``file_name`` is asked on
    the GUI thread each time, because the selected visit changes.
    """

    saved = Signal(str)  # the path written
    opened = Signal(str)
    previewed = Signal(object)  # the print preview dialog, open

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
        self.preview_dialog: QtPrintSupport.QPrintPreviewDialog | None = None
        self.act_print = text_action(_("Print…"), self)
        self.act_save = text_action(_("Save PDF…"), self)
        self.act_open = text_action(_("Open in PDF viewer"), self)
        self.act_print.triggered.connect(self.print)
        self.act_save.triggered.connect(self.save)
        self.act_open.triggered.connect(self.open)
        self.menu = QMenu(parent)
        for action in (self.act_print, self.act_save, self.act_open):
            self.menu.addAction(action)

    def actions(self) -> list[QAction]:
        return [self.act_print, self.act_save, self.act_open]

    def setEnabled(self, enabled: bool) -> None:  # noqa: N802 - Qt naming, like QAction
        for action in self.actions():
            action.setEnabled(enabled)

    def bind_shortcuts(self, widget: QWidget) -> None:
        """Ctrl+P prints and Ctrl+S saves while ``widget`` (a tab, a dialog) has the focus."""
        for action, keys in ((self.act_print, "Ctrl+P"), (self.act_save, "Ctrl+S")):
            action.setShortcuts([QtGui.QKeySequence(keys)])
            action.setShortcutContext(QtCore.Qt.ShortcutContext.WidgetWithChildrenShortcut)
            widget.addAction(action)

    def print(self) -> None:
        """The PDF is built (and its printing audited) and drawn off the GUI thread."""
        build = self._build()
        if build is None:
            return
        from branchdesk.printing.page_images import render_pages  # PDFium, on first print

        self._build_then(build, render_pages, self._preview)

    def _preview(self, pages: list[PageImage]) -> None:
        from PySide6 import QtPrintSupport

        printer = preview_printer(pages)
        dialog = QtPrintSupport.QPrintPreviewDialog(printer, self._parent)
        dialog.paintRequested.connect(lambda target: self._paint(target, pages))
        dialog.setAttribute(QtCore.Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.destroyed.connect(lambda: setattr(self, "preview_dialog", None))
        self._printer = printer  # the dialog prints on it: kept as long as the dialog
        self.preview_dialog = dialog
        dialog.open()
        self.previewed.emit(dialog)

    def save(self) -> None:
        build = self._build()
        if build is None:
            return
        start = start_folder(self._context.config) / self._file_name()
        path = choose_save_path(self._parent, str(start))
        if not path:
            return
        target = Path(path if path.lower().endswith(".pdf") else path + ".pdf")
        remember_folder(self._context.config, target)

        def write(pdf: bytes) -> str:
            write_pdf(target, pdf)
            return str(target)

        self._build_then(build, write, self.saved.emit)

    def open(self) -> None:
        build = self._build()
        if build is None:
            return
        name = self._file_name()
        folder = VIEWER_COPIES.folder()  # removed when the desk quits

        def write(pdf: bytes) -> str:
            target = new_viewer_file(folder, name)
            write_pdf(target, pdf)
            return str(target)

        self._build_then(build, write, self._show)

    def _build_then(
        self, build: BuildPdf, write: Callable[[bytes], object], done: Callable[[object], None]
    ) -> None:
        """Build on the worker; show its warnings here; write (or draw the pages to print) on
        the worker if confirmed."""

        def built(pdf: bytes) -> None:
            if confirm_unprintable(self._parent, getattr(pdf, "warnings", ())):
                self._context.runner.run(lambda: write(pdf), done, self._failed)

        self._context.runner.run(build, built, self._failed)

    def _show(self, path: str) -> None:
        if open_in_viewer(Path(path)):
            self.opened.emit(path)
        else:
            message = _("No PDF viewer could be started. The file is at {path}.")
            report_error(self._parent, BranchDeskError(message.format(path=path)))

    def _paint(self, printer: QtPrintSupport.QPrinter, pages: list[PageImage]) -> None:
        try:
            paint_pages(printer, pages)
        except BranchDeskError as exc:  # a printer that would not start: said calmly
            report_error(self.preview_dialog or self._parent, exc)

    def _failed(self, exc: Exception) -> None:
        report_error(self._parent, exc)
