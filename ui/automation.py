"""State for a driver outside the process (the soak test): where the controls are on screen and what the
document holds, written as JSON a few times a second when GROOVELOOM_AUTOMATION names a file.

It doubles as the event-loop heartbeat: it is written from a GUI-thread timer, so a file that stops
changing means a frozen GUI thread; `stall_ms` is the longest gap between two 50 ms ticks so far. When a tick
is more than STALL_DUMP_S late, faulthandler's own watchdog thread (C, no GIL needed) writes every Python
thread's stack to `<file>.stalls`, so a stall says where the GUI thread was."""
from __future__ import annotations

import faulthandler
import json
import os
import resource
import threading
import time

import numpy as np

from PySide6.QtCore import QObject, QPoint, QTimer
from PySide6.QtWidgets import QApplication, QWidget

ENV = "GROOVELOOM_AUTOMATION"
STALL_DUMP_S = 0.6


def _center(w: QWidget) -> dict:
    c = w.mapToGlobal(w.rect().center())
    return {"x": c.x(), "y": c.y(), "enabled": w.isEnabled(), "visible": w.isVisible()}


class Automation(QObject):
    def __init__(self, window, path: str):
        super().__init__(window)
        self.window, self.path = window, path
        self.beats = 0
        self.stall_ms = 0.0
        self.stall_at = 0.0      # time.time() when the longest stall ended
        self._last = time.monotonic()
        self._warm = time.monotonic() + 5.0   # start-up (imports, first paints) is not a stall
        self.generations = 0
        window.generationDone.connect(self._generation_done)
        self._stalls = open(path + ".stalls", "w")
        # the GUI thread makes each state; a thread writes it (a slow disk never holds up the event loop,
        # and the file still stops changing when the GUI thread stops)
        self._latest: str | None = None
        self._ready = threading.Condition()
        threading.Thread(target=self._writer, name="automation-writer", daemon=True).start()
        self.tick = QTimer(self, interval=50, timeout=self._tick)
        self.tick.start()

    def _generation_done(self) -> None:
        self.generations += 1

    def _tick(self) -> None:
        now = time.monotonic()
        if now > self._warm:
            gap = (now - self._last) * 1000 - 50
            if gap > self.stall_ms:
                self.stall_ms, self.stall_at = gap, time.time()
        self._last = now
        self.beats += 1
        if self.beats % 4 == 0:
            self.write()
        # re-armed each tick: it fires only when the next tick is late (past start-up)
        if now > self._warm:
            faulthandler.dump_traceback_later(STALL_DUMP_S, repeat=False, file=self._stalls)

    def state(self) -> dict:
        w = self.window
        g, doc = w.grid, w.doc
        p = doc.shown
        vp = w.scroll.viewport()
        tl = vp.mapToGlobal(QPoint(0, 0))
        origin = g.mapToGlobal(QPoint(0, 0))
        modal = QApplication.activeModalWidget()
        popup = QApplication.activePopupWidget()
        buttons = {name: _center(b) for name, b in w.automation_controls().items()}
        player = w.sound.player
        return {
            "t": time.time(), "pid": os.getpid(), "beats": self.beats, "stall_ms": round(self.stall_ms, 1),
            "stall_at": self.stall_at,
            "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
            "grid": {"x": origin.x(), "y": origin.y(), "header_w": g.header_w(), "ruler_h": g.ruler_h,
                     "cell_w": g.cell_w(), "row_h": g.row_h, "rows": len(p.rows), "steps": p.n_steps,
                     "bars": p.bars, "steps_per_bar": p.steps_per_bar,
                     "some_hits": [[int(r), int(c)] for r, c in zip(*np.nonzero(p.hits))][:64],
                     "view": [tl.x(), tl.y(), vp.width(), vp.height()], "selection": g.selection},
            "buttons": buttons,
            "doc": {"undo_index": doc.undo.index(), "undo_count": doc.undo.count(), "dirty": doc.dirty,
                    "path": doc.path, "patterns": len(doc.project.patterns), "current": doc.project.current,
                    "candidates": len(doc.candidates), "hits": int((doc.pattern.hits > 0).sum()), "rolls": doc.pattern.roll_count,
                    "title": w.windowTitle(), "pattern_name": doc.project.names[doc.project.current],
                    "edits": doc.edits, "candidate_index": doc.candidate_index},
            "status": w.status.currentMessage(),
            "player": {"ready": player is not None, "playing": bool(player and player.playing),
                       "frames": player.frames if player else 0, "error": player.error if player else None,
                       "state": w.sound.state.value, "status": w.sound.text},
            "drummer": {"ready": w.generation.drummer is not None, "generating": w.generation.busy,
                        "error": w.generation.error, "done": self.generations},
            "packs": {"visible": w.packs.isVisible(), "loops": len(w.packs.loops),
                      "items": w.packs.item_centers(8)},
            "beatmap": {"visible": w.beatmap_dock.isVisible(), "ready": w.beatmap.bm is not None, "kind": w.beatmap.kind,
                        "points": len(w.beatmap.xy), "items": w.beatmap_panel.canvas.item_centers(8),
                        "canvas": _center(w.beatmap_panel.canvas)},
            "modal": modal.windowTitle() if modal is not None else None,
            "modal_class": type(modal).__name__ if modal is not None else None,
            "popup": type(popup).__name__ if popup is not None else None,
        }

    def write(self) -> None:
        try:
            data = json.dumps(self.state())
        except RuntimeError:  # a widget is being torn down
            return
        with self._ready:
            self._latest = data
            self._ready.notify()

    def _writer(self) -> None:
        tmp = self.path + ".tmp"
        while True:
            with self._ready:
                while self._latest is None:
                    self._ready.wait()
                data, self._latest = self._latest, None
            with open(tmp, "w") as f:
                f.write(data)
            os.replace(tmp, self.path)


def install(window) -> Automation | None:
    path = os.environ.get(ENV)
    return Automation(window, path) if path else None
