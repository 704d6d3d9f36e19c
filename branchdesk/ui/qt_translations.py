"""Qt's own strings (OK, Cancel, the file dialog) in the desk's language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from branchdesk.i18n import BABEL_LOCALES

_installed: list[QTranslator] = []


def install_qt_translations(app: QApplication, lang: str) -> None:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(BABEL_LOCALES[lang].replace("_Hans", "").replace("_Hant", "")))
    if lang == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    for catalog in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{lang}", folder):
            app.installTranslator(translator)
            _installed.append(translator)
