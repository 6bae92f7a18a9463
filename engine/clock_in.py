"""Following a MIDI clock that comes in on GrooveLoom's JACK MIDI in (a DAW, a drum machine, a sequencer
leading): Start, Continue (from the Song Position), Stop, and the tempo from the clock's 24 ticks a quarter.
The messages arrive with their frames (glaudio.c), so the first tick after Start is the downbeat to the
frame, and every sixteenth the loop is re-anchored on the tick that marks it: tempo and phase follow."""
from __future__ import annotations

from collections import deque

import numpy as np

from .midiout import CLOCKS_PER_QUARTER, CONTINUE, SONG_POSITION, START, STOP

CLOCK = 0xF8
TICKS_PER_16TH = CLOCKS_PER_QUARTER // 4
AVERAGED = 12          # tick intervals the tempo is read from (half a beat: a clock's jitter averages out)
RETEMPO = 0.001        # a tempo read this much off the one playing re-times the loop


class ClockFollow:
    """Fed every message of the MIDI in by the scheduler's thread; drives the scheduler (`start_at`,
    `retime`, `_cmd_stop`)."""

    kind = "midi"

    def __init__(self, sched):
        self.sched, self.sr = sched, sched.sr
        self.ticks: deque = deque(maxlen=AVERAGED + 1)
        self.state = "stopped"            # stopped, starting (the next tick is the downbeat), running
        self.song_position = 0            # sixteenths, from Song Position Pointer
        self.count = 0                    # ticks since the song's start (song position included)

    def tempo(self) -> float | None:
        """BPM from the last ticks' spacing, None before two ticks."""
        if len(self.ticks) < 2:
            return None
        return 60.0 * self.sr / (CLOCKS_PER_QUARTER * float(np.mean(np.diff(self.ticks))))

    def poll(self) -> None:
        """(The clock comes in through feed.)"""

    def feed(self, rows) -> None:
        for frame, _size, packed in rows:
            status = int(packed) & 0xFF
            if status == CLOCK:
                self._tick(int(frame))
            elif status == START:
                self.song_position, self.state = 0, "starting"
            elif status == CONTINUE:
                self.state = "starting"
            elif status == STOP:
                if self.state == "running":
                    self.song_position = self.count // TICKS_PER_16TH
                    self.sched.clock_stopped()
                self.state = "stopped"
            elif status == SONG_POSITION:
                self.song_position = ((int(packed) >> 8) & 0x7F) | (((int(packed) >> 16) & 0x7F) << 7)

    def _tick(self, frame: int) -> None:
        if self.ticks and frame - self.ticks[-1] > self.sr:       # a clock that paused: its rate starts afresh
            self.ticks.clear()
        self.ticks.append(frame)
        if self.state == "starting":
            self.state, self.count = "running", self.song_position * TICKS_PER_16TH
            self.sched.start_at(frame, self.count / CLOCKS_PER_QUARTER, self.tempo())
        elif self.state == "running":
            self.count += 1
            tempo = self.tempo()
            if tempo and (self.count % TICKS_PER_16TH == 0 or self.sched.tempo_override is None):
                self.sched.retime(tempo, frame, self.count / CLOCKS_PER_QUARTER)
