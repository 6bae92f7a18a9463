"""Autosave and recovery: unsaved work reaches the autosave folder a few seconds after a change (written in
a worker: a big project takes tens of milliseconds), and the next start offers what a crash left."""
from __future__ import annotations

import os
import threading
import time

from PySide6.QtCore import QObject, QTimer, Signal

from engine.errors import GrooveLoomError
from engine.project import load_project, save_project

from engine.fileio import atomic_write_bytes

from .document import autosave_origin, autosave_path, pending_autosaves, remove_autosave
from .i18n import tr
from .workers import run_async

AUTOSAVE_DELAY_MS = 3000   # unsaved work reaches the disk at most this long after a change


class Autosave(QObject):
    message = Signal(str, int)

    def __init__(self, doc, prompts, parent=None):
        super().__init__(parent)
        self.doc, self.prompts = doc, prompts
        # started by the first unsaved change and not restarted by later ones: a steady stream of edits
        # is still written every few seconds
        self.timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS, timeout=self.write)
        self._busy = False
        self._finished: threading.Event | None = None
        doc.changed.connect(self._changed)

    def _changed(self) -> None:
        if not self.timer.isActive():   # (clean by the time it fires: nothing is written)
            self.timer.start()

    def write(self) -> None:
        if self._busy:
            self.timer.start()   # one write at a time; try again shortly
            return
        if not self.doc.dirty:
            return
        self._busy = True
        path, finished = autosave_path(self.doc.autosave_id), threading.Event()
        self._finished = finished
        origin = self.doc.path or ""

        def work(project):
            try:
                save_project(project, path)   # the project is immutable: a consistent snapshot
                atomic_write_bytes(autosave_origin(path), origin.encode("utf-8"))
            finally:
                finished.set()

        def done(_):
            self._busy = False
            if not self.doc.dirty:        # saved by hand meanwhile: this copy is stale
                remove_autosave(self.doc.autosave_id)
            else:
                self.message.emit(tr("Autosaved"), 1500)

        def failed(exc):
            self._busy = False
            self.message.emit(tr("Autosave failed: {error}").format(error=exc), 8000)

        run_async(work, self.doc.project, on_done=done, on_error=failed)

    def offer_recovery(self) -> bool:
        """Autosaves another session left behind: offer each, newest first; True when one was recovered."""
        for path in pending_autosaves():
            if self.doc.autosave_id in os.path.basename(path):
                continue
            try:
                with open(autosave_origin(path), encoding="utf-8") as f:
                    origin = f.read().strip()
            except OSError:
                origin = ""
            when = time.strftime("%d %b %H:%M", time.localtime(os.path.getmtime(path)))
            what = (tr("on {file}").format(file=os.path.basename(origin)) if origin else
                    tr("on an untitled project"))
            if not self.prompts.confirm(tr("GrooveLoom did not close properly last time. Recover the unsaved "
                                           "work {what}, autosaved {when}?").format(what=what, when=when)):
                _remove(path)
                continue
            try:
                project = load_project(path)
            except GrooveLoomError as exc:
                self.prompts.error(tr("Cannot recover"), str(exc))
                continue
            self.doc.replace(project, origin or None)   # (Save writes it to its own file again)
            self.doc.undo.resetClean()  # recovered work is unsaved work
            _remove(path)
            self.message.emit(tr("Recovered unsaved work {what}; save it to keep it").format(what=what), 8000)
            return True
        return False

    def close(self) -> None:
        """The window closes cleanly: wait for a write in flight, then leave no autosave behind."""
        self.timer.stop()
        if self._finished is not None:
            self._finished.wait(5)
        remove_autosave(self.doc.autosave_id)


def _remove(path: str) -> None:
    """An autosave and the note of its origin."""
    for f in (path, autosave_origin(path)):
        try:
            os.remove(f)
        except OSError:
            pass
