"""Work off the GUI thread (Picard's pattern): a function runs on the thread pool and its result, its
exception object or its progress comes back to the GUI thread through queued signals.

Handlers get the exception itself, so they decide by type (NoDrumNotesError, Cancelled, ...) rather than
by matching message text. Anything that is not a GrooveLoomError is a bug: its traceback is printed (the
soak test fails on it) and it is handed over like any other error, so the window keeps running."""
from __future__ import annotations

import threading
import traceback

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal

from engine.errors import GrooveLoomError


class _Signals(QObject):
    done = Signal(object)
    failed = Signal(object)     # the exception object
    progress = Signal(float)


class Task(QRunnable):
    def __init__(self, fn, *args, with_progress: bool = False, **kwargs):
        super().__init__()
        self.setAutoDelete(False)
        self.fn, self.args, self.kwargs = fn, args, kwargs
        self.signals = _Signals()
        self.cancelled = False
        self.finished = threading.Event()   # set when fn has returned or raised (for a clean shutdown)
        if with_progress:
            self.kwargs["progress"] = lambda f: self._say(self.signals.progress, f, done=False)
            self.kwargs["cancel"] = lambda: self.cancelled

    def run(self) -> None:
        try:
            result = self.fn(*self.args, **self.kwargs)
        except GrooveLoomError as exc:
            self._say(self.signals.failed, exc)
        except Exception as exc:  # a bug: say so loudly, but keep the app running
            traceback.print_exc()
            self._say(self.signals.failed, exc)
        else:
            self._say(self.signals.done, result)

    def _say(self, signal, what, done: bool = True) -> None:
        if done:
            self.finished.set()
        try:
            signal.emit(what)
        except RuntimeError:     # (the application has quit and deleted the signals: nobody is left to tell)
            if not _quitting.is_set():
                raise


_running: set[Task] = set()
_quitting = threading.Event()


def quitting() -> bool:
    """The window is closing: long jobs (a collection read, a pack scan) stop at their next file, so that the
    thread pool, which the application waits for as it exits, is not left holding a quit."""
    return _quitting.is_set()


def cancel_all() -> None:
    """Quit: every running job that can stop is told to (Task.cancelled; the jobs that check quitting())."""
    _quitting.set()
    for task in list(_running):
        task.cancelled = True


def run_async(fn, *args, on_done=None, on_error=None, on_progress=None, **kwargs) -> Task:
    task = Task(fn, *args, with_progress=on_progress is not None, **kwargs)
    _running.add(task)
    if on_done:
        task.signals.done.connect(on_done)
    if on_error:
        task.signals.failed.connect(on_error)
    if on_progress:
        task.signals.progress.connect(on_progress)
    task.signals.done.connect(lambda _=None: _running.discard(task))
    task.signals.failed.connect(lambda _=None: _running.discard(task))
    QThreadPool.globalInstance().start(task)
    return task


def wait_all(timeout_ms: int = 30000) -> bool:
    return QThreadPool.globalInstance().waitForDone(timeout_ms)
