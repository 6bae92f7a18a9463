"""Application start-up: the QApplication, the main window, and the --screenshot mode."""
from __future__ import annotations

import os
import sys


def run_gui(file: str | None = None, screenshot: str | None = None, demo_continue: int = 0) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .theme import apply_theme

    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GrooveLoom")
    app.setOrganizationName("GrooveLoom")
    apply_theme(app)
    window = MainWindow(check_recovery=screenshot is None)
    if screenshot:
        window.resize(1280, 760)   # the same picture whatever the screen
    if file:
        window.open_path(file)
    window.show()
    if screenshot:
        def shoot():
            window.grab().save(os.fspath(screenshot))
            window.doc.undo.setClean()
            window.close()
            app.quit()

        # wait for the sound and the drummer to load (they run in workers), then shoot
        state = {"waited": 0}

        def poll():
            state["waited"] += 100
            ready = window.player is not None or "No sound" in window.sound_status
            ready = ready and (window.drummer is not None or window.drummer_error != "loading the drummer ...")
            if ready and demo_continue and window.drummer is not None and not state.get("continued"):
                state["continued"] = True
                window.gen_bars.setValue(demo_continue)
                window.variations.setValue(3)
                window._gen_settings_changed()
                window.generationDone.connect(lambda: QTimer.singleShot(200, shoot))
                window.do_continue()
            elif state.get("continued"):
                return
            elif ready or state["waited"] > 15000:
                QTimer.singleShot(200, shoot)
            else:
                QTimer.singleShot(100, poll)
        QTimer.singleShot(100, poll)
    return app.exec()
