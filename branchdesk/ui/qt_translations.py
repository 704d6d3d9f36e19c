"""Qt's own strings (OK, Cancel, the file and print dialogs) in the desk's language."""

from __future__ import annotations

from PySide6.QtCore import QLibraryInfo, QLocale, QTranslator
from PySide6.QtWidgets import QApplication

from branchdesk.i18n import BABEL_LOCALES

_installed: list[QTranslator] = []
_COLONS = ("：", ":")


def with_mnemonic(translated: str, letter: str) -> str:
    """ "查找范围：" with the mnemonic L becomes "查找范围(&L)：", as Qt's catalogs write it."""
    for colon in _COLONS:
        if translated.endswith(colon):
            return f"{translated[: -len(colon)]}(&{letter.upper()}){colon}"
    return f"{translated}(&{letter.upper()})"


class MnemonicFallback(QTranslator):
    """Qt 6's file dialog asks for "&Look in:" and "Files of &type:", while the qtbase catalogs
    that PySide6 ships still translate "Look in:" and "Files of type:": the Chinese save dialog
    showed those labels in English. Asked only after the real catalogs found nothing, this
    translates the text without its "&" and puts the mnemonic back."""

    def __init__(self, catalogs: list[QTranslator], parent=None) -> None:
        super().__init__(parent)
        self._catalogs = catalogs

    def isEmpty(self) -> bool:  # noqa: N802 - Qt's name
        return False

    def translate(self, context, source_text, disambiguation=None, n=-1):  # noqa: D102
        position = source_text.find("&") if source_text else -1
        if position < 0 or position + 1 >= len(source_text):
            return ""
        bare = source_text[:position] + source_text[position + 1 :]
        for catalog in self._catalogs:
            translated = catalog.translate(context, bare, disambiguation, n)
            if translated:
                return with_mnemonic(translated, source_text[position + 1])
        return ""


def install_qt_translations(app: QApplication, lang: str) -> None:
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    QLocale.setDefault(QLocale(BABEL_LOCALES[lang].replace("_Hans", "").replace("_Hant", "")))
    if lang == "en":
        return
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    catalogs = []
    for catalog in ("qtbase", "qt"):
        translator = QTranslator(app)
        if translator.load(f"{catalog}_{lang}", folder):
            catalogs.append(translator)
    # Installed first, so asked last: Qt asks the most recently installed translator first.
    fallback = MnemonicFallback(catalogs, app)
    for translator in (fallback, *catalogs):
        app.installTranslator(translator)
        _installed.append(translator)
