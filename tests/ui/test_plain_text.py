"""What people typed shows as typed: a question written as HTML is not rendered, and its
``<img src=…>`` loads no local file (labels and tooltips)."""

from __future__ import annotations

from datetime import timedelta

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QTextDocument

from branchdesk.auth.session import Actor
from branchdesk.settings.store import put_setting
from branchdesk.ui.main_window import MainWindow
from branchdesk.ui.visitors.replies_tab import PendingRepliesTab
from branchdesk.ui.visitors.reply_dialogs import AnswerDialog
from branchdesk.visitors.replies import mark_pending
from tests.conftest import T0
from tests.ui.conftest import wait_for


def picture(tmp_path) -> str:
    """A large local picture: rendered as rich text, the label would grow to hold it."""
    path = tmp_path / "secret.png"
    image = QImage(400, 400, QImage.Format.Format_RGB32)
    image.fill(QColor("red"))
    assert image.save(str(path))
    return str(path)


def test_a_question_written_as_html_shows_literally(
    qtbot, make_context, staff, add_visit, tmp_path
):
    question = f'<b>x</b><img src="{picture(tmp_path)}">'
    mark_pending(
        staff["front_desk"], add_visit(), question, staff["agent"].id,
        deadline=T0 + timedelta(hours=2), now=T0,
    )  # fmt: skip
    context = make_context(staff["agent"])
    tab = PendingRepliesTab(context)
    qtbot.addWidget(tab)
    tab.show()
    wait_for(qtbot, context)
    tab.tbl_replies.selectRow(0)
    qtbot.mouseClick(tab.btn_answer, Qt.MouseButton.LeftButton)
    dialog = tab.findChild(AnswerDialog)
    qtbot.waitExposed(dialog)

    label = dialog.lbl_question
    assert label.text() == question
    assert label.textFormat() == Qt.TextFormat.PlainText
    assert label.sizeHint().height() < 100  # one line of text; no 400-pixel picture

    tooltip = tab.model.index(0, 3).data(Qt.ItemDataRole.ToolTipRole)
    document = QTextDocument()
    document.setHtml(tooltip)
    assert document.toPlainText() == question  # what the tooltip shows
    dialog.reject()


def test_names_in_the_status_bar_show_as_typed(qtbot, make_context, staff):
    put_setting("branch_name", "<i>浦东</i>")
    actor = Actor(staff["agent"].id, "zhao.lei", "<b>赵磊</b>", staff["agent"].role, "A001")
    context = make_context(actor)
    window = MainWindow(context)
    qtbot.addWidget(window)
    window.show()
    wait_for(qtbot, context)
    assert window.lbl_user.text().startswith("User: <b>赵磊</b>")
    assert window.lbl_branch.text().endswith("<i>浦东</i>")
    for label in (window.lbl_user, window.lbl_branch, window.lbl_database):
        assert label.textFormat() == Qt.TextFormat.PlainText
