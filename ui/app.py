"""Application start-up: the QApplication, the main window, and the --screenshot mode."""
from __future__ import annotations

import os
import sys


def run_gui(file: str | None = None, screenshot: str | None = None, demo_continue: int = 0) -> int:
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .theme import apply_theme

    if screenshot and file:      # nobody answers a dialog in screenshot mode: a bad file fails here (status 2)
        from engine.commands import load_any
        load_any(file)
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GrooveLoom")
    app.setOrganizationName("GrooveLoom")
    apply_theme(app)
    window = MainWindow(check_recovery=screenshot is None)
    if screenshot:
        window.resize(1280, 760)   # the same picture whatever the screen
    if file:
        window.files.open_path(file)
    window.show()
    failed: list[str] = []
    if screenshot:
        def shoot():
            from PySide6.QtCore import QBuffer, QIODevice

            from engine.errors import GrooveLoomError
            from engine.fileio import atomic_write_bytes
            buf = QBuffer()
            buf.open(QIODevice.OpenModeFlag.WriteOnly)
            window.grab().save(buf, "PNG")
            try:     # (checked against the file opened: a screenshot never replaces it)
                atomic_write_bytes(os.fspath(screenshot), bytes(buf.data()))
            except GrooveLoomError as exc:
                failed.append(str(exc))
            window.doc.undo.setClean()
            window.close()
            app.quit()

        # wait for the sound and the drummer to load (they run in workers), then shoot
        state = {"waited": 0}

        def poll():
            from .generation import DrummerState
            from .sound import SoundState
            state["waited"] += 100
            ready = window.sound.state is not SoundState.STARTING
            ready = ready and window.generation.state is not DrummerState.LOADING
            if ready and demo_continue and window.generation.ready and not state.get("continued"):
                state["continued"] = True
                window.edits.set_generation({"bars": demo_continue, "variations": 3})
                window.generationDone.connect(lambda: QTimer.singleShot(200, shoot))
                window.run_drummer("continue")
            elif state.get("continued"):
                return
            elif ready or state["waited"] > 15000:
                QTimer.singleShot(200, shoot)
            else:
                QTimer.singleShot(100, poll)
        QTimer.singleShot(100, poll)
        QTimer.singleShot(100, poll)
    rc = app.exec()
    if failed:
        sys.stderr.write(f"error: {failed[0]}\n")
        return 2
    return rc
