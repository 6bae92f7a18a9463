"""Translations. User-visible text goes through tr(); text listed as data (the actions, the menus) is marked
with QT_TR_NOOP() where it is written and passed through tr() where it is shown, so `make translations`
(pyside6-lupdate) finds every string and writes resources/translations/grooveloom.ts. A translation
grooveloom_<lang>.qm beside it is loaded for the system's language. PseudoTranslator lengthens every string
(a pseudo-locale) so a test can find labels that a longer language would cut."""
from __future__ import annotations

import os

from PySide6.QtCore import QT_TR_NOOP, QCoreApplication, QLocale, QTranslator

from engine.paths import RESOURCES

__all__ = ["QT_TR_NOOP", "tr", "install", "PseudoTranslator"]   # QT_TR_NOOP marks a literal for lupdate
TRANSLATIONS = os.path.join(RESOURCES, "translations")


def tr(text: str) -> str:
    return QCoreApplication.translate("", text)


def install(app, locale: QLocale | None = None) -> str | None:
    """Load grooveloom_<lang>.qm for the locale (the system's by default); its path, or None."""
    translator = QTranslator(app)
    if translator.load(locale or QLocale.system(), "grooveloom", "_", TRANSLATIONS, ".qm"):
        app.installTranslator(translator)
        app._grooveloom_translator = translator      # (kept alive with the application)
        return translator.filePath()
    return None


ACCENTED = str.maketrans("aeiouAEIOUcnyCNY", "àéîõüÀÉÎÕÜçñýÇÑÝ")


class PseudoTranslator(QTranslator):
    """Every string 40% longer and accented, its & mnemonic and {placeholders} kept: 'Play' -> '[Plàý~~]'."""

    def translate(self, context, source, disambiguation=None, n=-1):
        if not source:
            return source
        out, depth = [], 0
        for ch in source:
            depth += ch == "{"
            out.append(ch if depth else ch.translate(ACCENTED))
            depth -= ch == "}" and depth > 0
        return "[" + "".join(out) + "~" * max(1, round(len(source) * 0.4)) + "]"
