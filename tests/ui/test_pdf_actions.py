"""Print… through Qt's print preview (pages drawn by PDFium), and the file dialogs' folder."""

from __future__ import annotations

import json

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtGui import QPageSize
from PySide6.QtPrintSupport import QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import QApplication, QFileDialog, QLabel

from branchdesk.config import config_path
from branchdesk.db.models import AuditEntry
from branchdesk.ui.common import pdf_actions
from branchdesk.ui.qt_translations import install_qt_translations, with_mnemonic
from branchdesk.ui.visitors.presence_tab import PresenceTab
from tests.ui.conftest import wait_for


@pytest.fixture
def tab(qtbot, context, add_visit) -> PresenceTab:
    add_visit("张伟", organisation="北京华信科技有限公司")
    widget = PresenceTab(context)
    qtbot.addWidget(widget)
    widget.show()
    wait_for(qtbot, context)
    widget.tbl_visitors.selectRow(0)
    return widget


@pytest.fixture
def pdf_printer(monkeypatch, tmp_path):
    """A printer that writes a PDF file: no paper, no print server."""
    target = tmp_path / "printed.pdf"

    def make() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(target))
        return printer

    monkeypatch.setattr(pdf_actions, "make_printer", make)
    return target


def printed_forms() -> int:
    return AuditEntry.select().where(AuditEntry.action == "form_printed").count()


def test_print_previews_the_visit_form_and_prints_its_pages(qtbot, context, tab, pdf_printer):
    with qtbot.waitSignal(tab.visit_pdf.previewed, timeout=20_000) as shown:
        tab.visit_pdf.act_print.trigger()
    dialog = shown.args[0]
    assert dialog.isVisible()
    assert printed_forms() == 1  # audited as a print, as "Save PDF…" is
    preview = dialog.findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 1)
    printer = dialog.printer()
    assert printer.pageLayout().pageSize().id() == QPageSize.PageSizeId.A4
    assert printer.fullPage()  # the PDF's margins, not the printer's on top of them

    preview.print()  # what the print dialog's Print button does once a printer is chosen

    pages = PdfReader(pdf_printer).pages
    assert len(pages) == 1
    images = pages[0].images
    assert len(images) == 1 and images[0].image.width >= 2400  # drawn at 300 dpi
    # The form is on the page: the top is not blank paper.
    pixels = images[0].image.convert("L").crop((0, 0, images[0].image.width, 600))
    assert pixels.getextrema()[0] < 100
    dialog.close()


def test_ctrl_p_prints_the_selected_visit(qtbot, context, tab, pdf_printer):
    tab.activateWindow()
    qtbot.waitUntil(tab.isActiveWindow)
    tab.tbl_visitors.setFocus()
    with qtbot.waitSignal(tab.visit_pdf.previewed, timeout=20_000) as shown:
        qtbot.keySequence(tab.tbl_visitors, "Ctrl+P")
    shown.args[0].close()
    assert [a.text() for a in tab.visit_pdf.menu.actions()] == [
        "Print…",
        "Save PDF…",
        "Open in PDF viewer",
    ]


def test_save_opens_in_the_documents_folder_then_where_the_last_file_went(
    qtbot, context, tab, monkeypatch, tmp_path
):
    offered: list[str] = []
    chosen = tmp_path / "forms"
    chosen.mkdir()

    def choose(parent, default_path):
        offered.append(default_path)
        return str(chosen / f"form{len(offered)}.pdf")

    monkeypatch.setattr(pdf_actions, "choose_save_path", choose)
    for _ in range(2):
        with qtbot.waitSignal(tab.visit_pdf.saved, timeout=20_000):
            tab.visit_pdf.act_save.trigger()
        wait_for(qtbot, context)

    assert offered[0].startswith(str(pdf_actions.default_folder()))
    assert offered[1].startswith(str(chosen))
    # Remembered on this machine, for the next start too.
    assert json.loads(config_path().read_text(encoding="utf-8"))["last_folder"] == str(chosen)


def test_a_remembered_folder_that_is_gone_falls_back_to_documents(context, tmp_path):
    context.config.last_folder = str(tmp_path / "removed")
    assert pdf_actions.start_folder(context.config) == pdf_actions.default_folder()


@pytest.mark.parametrize(
    ("lang", "look_in", "file_type"),
    [("zh_CN", "查找范围(&L)：", "文件类型(&T)："), ("zh_TW", "尋找於(&L)：", "檔案型態(&T)：")],
)
def test_qts_file_dialog_speaks_the_interface_language(qtbot, lang, look_in, file_type):
    app = QApplication.instance()
    install_qt_translations(app, lang)
    try:
        dialog = QFileDialog(None, "", "", "PDF (*.pdf)")
        dialog.setOption(QFileDialog.Option.DontUseNativeDialog, True)
        dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
        qtbot.addWidget(dialog)
        labels = [label.text() for label in dialog.findChildren(QLabel)]
    finally:
        install_qt_translations(app, "en")
    assert look_in in labels and file_type in labels
    assert not any("Look in" in label or "Files of" in label for label in labels)


def test_a_mnemonic_goes_before_the_colon_as_qts_catalogs_write_it():
    assert with_mnemonic("查找范围：", "l") == "查找范围(&L)："
    assert with_mnemonic("详情视图", "d") == "详情视图(&D)"


def test_the_daily_log_prints_too(qtbot, context, add_visit, pdf_printer):
    from branchdesk.ui.visitors.daily_log_dialog import DailyLogDialog

    add_visit("张伟")
    dialog = DailyLogDialog(context)
    qtbot.addWidget(dialog)
    dialog.show()
    wait_for(qtbot, context)
    assert dialog.btn_print.isEnabled()
    with qtbot.waitSignal(dialog.pdf.previewed, timeout=20_000) as shown:
        qtbot.mouseClick(dialog.btn_print, Qt.MouseButton.LeftButton)
    preview = shown.args[0].findChild(QPrintPreviewWidget)
    qtbot.waitUntil(lambda: preview.pageCount() == 1)
    shown.args[0].close()


def test_a_printer_that_will_not_start_is_reported_calmly(
    qtbot, context, tab, monkeypatch, tmp_path, message_boxes
):
    def unwritable() -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(str(tmp_path / "no-such-folder" / "printed.pdf"))
        return printer

    monkeypatch.setattr(pdf_actions, "make_printer", unwritable)
    with qtbot.waitSignal(tab.visit_pdf.previewed, timeout=20_000) as shown:
        tab.visit_pdf.act_print.trigger()
    shown.args[0].findChild(QPrintPreviewWidget).print()
    assert message_boxes == [("warning", "The printer could not be started.")]
    message_boxes.clear()
    shown.args[0].close()
