"""What the window starts once it is on screen: the sound, the drummer, the feel and the beat map load in
workers, but starting them (imports, a soundfont opened, threads made) cost the GUI thread ~100 ms before
the window was first painted. They now start right after the first paint (or a second after construction
for a window never shown). GROOVELOOM_STARTUP_LOG=FILE appends 'painted <epoch seconds>' and 'drummer
<epoch seconds>' to FILE: bench/bench_speed.py measures launch to first paint with it."""
from __future__ import annotations

import os
import time

from PySide6.QtCore import QEvent, QObject, QTimer

FALLBACK_MS = 1000


def log_startup(what: str) -> None:
    path = os.environ.get("GROOVELOOM_STARTUP_LOG")
    if path:
        with open(path, "a", encoding="utf-8") as f:
            f.write(f"{what} {time.time():.6f}\n")


class _FirstPaint(QObject):
    def __init__(self, widget, then):
        super().__init__(widget)
        self.then, self.done = then, False
        widget.installEventFilter(self)
        QTimer.singleShot(FALLBACK_MS, self._run)

    def eventFilter(self, obj, event) -> bool:
        if event.type() == QEvent.Type.Paint and not self.done:
            log_startup("painted")
            QTimer.singleShot(0, self._run)          # (after the paint, in the next turn of the event loop)
        return False

    def _run(self) -> None:
        if not self.done:
            self.done = True
            self.parent().removeEventFilter(self)
            self.then()


def after_first_paint(widget, then) -> None:
    """Call `then` once `widget` has been painted the first time."""
    _FirstPaint(widget, then)


def start_workers(window, start_sound: bool, start_drummer: bool, model_dir: str | None) -> None:
    """The sound and the models, each loading in a worker (the window works meanwhile: Play and the drummer's
    buttons say they are starting); once both have loaded (or failed), what their loading freed goes back."""
    if start_sound:
        window.sound.start(window.doc.project.mixer.kit)
    if start_drummer:
        window.drummerReady.connect(lambda: log_startup("drummer"))
        window.generation.load(model_dir)
        window.sound.load_feel(model_dir)
        window.beatmap.load(model_dir)
    _when_loaded(window, start_sound, start_drummer)


def _when_loaded(window, sound: bool, drummer: bool) -> None:
    from .generation import DrummerState
    from .sound import SoundState
    done = []

    def check() -> None:
        if done or (sound and window.sound.state is SoundState.STARTING) or \
                (drummer and window.generation.state is DrummerState.LOADING):
            return
        done.append(True)
        from .workers import run_async
        run_async(release_freed_memory)

    window.sound.stateChanged.connect(check)
    window.generation.stateChanged.connect(check)
    check()


def release_freed_memory() -> None:
    """Hand back to the system the heap that start-up freed (the soundfont parsed twice, the models' loading,
    the imports' transients): glibc keeps freed pages for reuse until told; ~4 MB of the window's RSS when
    ready. Nothing where the C library has no malloc_trim."""
    import ctypes
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):
        pass
