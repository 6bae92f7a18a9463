"""What the transport follows, said in the status line: a MIDI clock's state and tempo while Transport >
Follow MIDI clock is on (the engine's ClockFollow reads it from the JACK MIDI in)."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal

from .i18n import tr

POLL_MS = 300


class ClockStatus(QObject):
    message = Signal(str, int)

    def __init__(self, sound, parent=None):
        super().__init__(parent)
        self.sound = sound
        self.shown: tuple | None = None
        self.timer = QTimer(self, interval=POLL_MS, timeout=self._poll)
        self.timer.start()

    def text(self, state: tuple | None) -> str:
        if state is None:
            return ""
        what, tempo = state
        if what == "running" and tempo:
            return tr("Following MIDI clock: {bpm:.1f} BPM").format(bpm=tempo)
        if tempo:
            return tr("Following MIDI clock: waiting for Start (the clock runs at {bpm:.1f} BPM)").format(bpm=tempo)
        return tr("Following MIDI clock: waiting for Start on the MIDI input")

    def _poll(self) -> None:
        p = self.sound.player
        state = p.clock_state if p is not None else None
        if state is not None:
            state = (state[0], round(state[1], 1) if state[1] else None)
        if state != self.shown:
            self.shown = state
            if state is not None:
                self.message.emit(self.text(state), 0)
