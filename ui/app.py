"""Application start-up: the QApplication, the main window, and the --screenshot mode."""
from __future__ import annotations

import os
import sys


def run_gui(file: str | None = None, screenshot: str | None = None, demo_continue: int = 0) -> int:
    from PySide6.QtWidgets import QApplication

    from .main_window import MainWindow
    from .theme import SCHEMES, apply_theme, follow_system

    if screenshot and file:      # nobody answers a dialog in screenshot mode: a bad file fails here (status 2)
        from engine.commands import load_any
        load_any(file)
    from PySide6.QtGui import QIcon

    from engine.paths import APP_ID, ICON_SVG, migrate_old_layout
    moved = migrate_old_layout() if screenshot is None else []
    app = QApplication.instance() or QApplication(sys.argv[:1])
    app.setApplicationName("GrooveLoom")
    app.setDesktopFileName(APP_ID)          # the launcher's icon and name in docks and task bars
    app.setWindowIcon(QIcon(ICON_SVG))
    from .i18n import install, tr
    install(app)                       # grooveloom_<lang>.qm for the system's language, where there is one
    forced = os.environ.get("GROOVELOOM_THEME", "")          # dark, light or contrast instead of the system's
    apply_theme(app, forced if forced in SCHEMES else None)
    if forced not in SCHEMES:
        follow_system(app)
    from .workers import cancel_all
    app.aboutToQuit.connect(cancel_all)      # (long jobs stop: the exit waits for the thread pool)
    window = MainWindow(check_recovery=screenshot is None)
    if moved:
        window.statusBar().showMessage(
            tr("Moved what an older GrooveLoom kept to the grooveloom folders: {moves}").format(
                moves="; ".join(moved)), 15000)
    if screenshot:
        window.resize(1280, 760)   # the same picture whatever the screen
    if file:
        window.files.open_path(file)
    window.show()
    shot = _Screenshot(app, window, screenshot, demo_continue) if screenshot else None
    rc = app.exec()
    if shot and shot.failed:
        sys.stderr.write(f"error: {shot.failed[0]}\n")
        return 2
    return rc


class _Screenshot:
    """--screenshot: wait for the sound and the drummer to load (they run in workers), let the drummer continue
    first where asked (--demo-continue), then save the window as a PNG and quit."""

    WAIT_MS = 15000

    def __init__(self, app, window, path: str, demo_continue: int):
        from PySide6.QtCore import QTimer
        self.app, self.window, self.path, self.demo_continue = app, window, path, demo_continue
        self.failed: list[str] = []
        self.waited = 0
        self.continued = False
        QTimer.singleShot(100, self.poll)

    def poll(self) -> None:
        from PySide6.QtCore import QTimer

        from .generation import DrummerState
        from .sound import SoundState
        window = self.window
        self.waited += 100
        ready = window.sound.state is not SoundState.STARTING and window.generation.state is not DrummerState.LOADING
        if ready and self.demo_continue and window.generation.ready and not self.continued:
            self.continued = True
            window.edits.set_generation({"bars": self.demo_continue, "variations": 3})
            window.generationDone.connect(lambda: QTimer.singleShot(200, self.shoot))
            window.run_drummer("continue")
        elif self.continued:
            return
        elif ready or self.waited > self.WAIT_MS:
            QTimer.singleShot(200, self.shoot)
        else:
            QTimer.singleShot(100, self.poll)

    def shoot(self) -> None:
        from PySide6.QtCore import QBuffer, QIODevice

        from engine.errors import GrooveLoomError
        from engine.fileio import atomic_write_bytes
        buf = QBuffer()
        buf.open(QIODevice.OpenModeFlag.WriteOnly)
        self.window.grab().save(buf, "PNG")
        try:     # (checked against the file opened: a screenshot never replaces it)
            atomic_write_bytes(os.fspath(self.path), bytes(buf.data()))
        except GrooveLoomError as exc:
            self.failed.append(str(exc))
        self.window.doc.mark_clean()
        self.window.close()
        self.app.quit()
