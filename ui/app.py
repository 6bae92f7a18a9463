"""Application start-up: the QApplication, the main window, and the --screenshot mode."""
from __future__ import annotations

import os
import sys


def run_gui(file: str | None = None, screenshot: str | None = None) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GrooveLoom")
    app.setOrganizationName("GrooveLoom")
    window = MainWindow()
    if file:
        window.open_path(file)
    window.resize(1280, 720)
    window.show()
    if screenshot:
        def shoot():
            window.grab().save(os.fspath(screenshot))
            app.quit()
        QTimer.singleShot(300, shoot)
    return app.exec()
