"""The audio side of live playback: the dispatcher that takes note events from the lock-free ring and
renders block by block, starting each note at its frame; in C (engine/native/glaudio.c) or, where it cannot
be built, its Python twin."""
from __future__ import annotations

import ctypes
import heapq
import sys
from typing import NamedTuple

import numpy as np

from .native import EV_ALL_OFF, EV_OFF, EV_ON, EV_WITHDRAW, EVENT_FIELDS, STARTS
from .synth import SynthRig

# the audio thread's priority, as the C callback reports it
PRIORITY = {-1: "not started", 0: "normal", 1: "real-time (raised)", 2: "real-time", 3: "nice -11"}


class PyDispatch:
    """glaudio.c's dispatcher in Python, for where the C library cannot be built: the same events and
    withdrawals, run inside a Python audio callback (which needs the GIL once per period)."""

    native = False

    def __init__(self, rig: SynthRig):
        self.rig = rig
        self.frame = 0
        self.pending: list = []      # heap of (frame, order, type, ch, note, vel, epoch, serial)
        self._order = 0
        self.callbacks = self.last_len = self.late = self.dispatched = self.worst_late = 0

    def push(self, events) -> None:
        for f, kind, ch, note, vel, ep, serial in events:
            if kind in (EV_WITHDRAW, EV_ALL_OFF):
                everything = kind == EV_ALL_OFF
                self.pending = [e for e in self.pending
                                if not (e[6] < ep and (everything or (e[2] in STARTS and e[7] >= serial)))]
                heapq.heapify(self.pending)
                if kind == EV_WITHDRAW:
                    continue
            self._order += 1
            heapq.heappush(self.pending, (f, self._order, kind, ch, note, vel, ep, serial))

    def render(self, n: int, lptr: int, rptr: int, incr: int) -> None:
        start, end, pos = self.frame, self.frame + n, 0
        synth = self.rig.synth
        while self.pending and self.pending[0][0] < end:
            f, _, kind, ch, note, vel, _, _ = heapq.heappop(self.pending)
            k = max(f - start, 0)
            if f < start and kind != EV_ALL_OFF:
                self.late, self.worst_late = self.late + 1, max(self.worst_late, start - f)
            if k > pos:
                self.rig.write(k - pos, lptr, rptr, pos * incr, incr)
                pos = k
            if kind == EV_ON:
                synth.noteon(ch, note, vel)
            elif kind == EV_OFF:
                synth.noteoff(ch, note)
            elif kind == EV_ALL_OFF:       # (MIDI out events: only a JACK client, glaudio.c, sends them)
                self.rig.fs.fluid_synth_all_sounds_off(synth.synth, -1)
            self.dispatched += 1
        if pos < n:
            self.rig.write(n - pos, lptr, rptr, pos * incr, incr)
        self.frame = end
        self.callbacks, self.last_len = self.callbacks + 1, n

    def stats(self) -> dict:
        return dict(callbacks=self.callbacks, period=self.last_len, dropped=0, late=self.late,
                    dispatched=self.dispatched, priority="normal (Python callback)", worst_late=self.worst_late)

    def close(self) -> None:
        pass


class Position(NamedTuple):
    """The JACK transport in one process cycle (glaudio.c's TR_ fields): state (0 stopped, 1 rolling,
    3 starting), the transport's frame and ours at the cycle's start, and the timebase master's bar, beat,
    tick, ticks a beat, beats a bar, beat type and beats a minute where bbt (else 0)."""
    state: float
    frame: float
    ours: float
    bbt: float
    bar: float
    beat: float
    tick: float
    ticks_per_beat: float
    beats_per_bar: float
    beat_type: float
    bpm: float
    hold: float          # events held for a start: 0 none, 1 armed, 2 released (moved by `shift`), 3 dropped
    shift: float
    cycles: float


class CDispatch:
    """The dispatcher in glaudio.c: its render runs in the audio thread without Python."""

    native = True

    def __init__(self, rig: SynthRig, lib):
        fs = rig.fs
        addr = lambda name: ctypes.cast(getattr(fs._fl, name), ctypes.c_void_p).value  # noqa: E731
        self.lib, self.rig = lib, rig
        self.handle = lib.gl_new(rig.synth.synth, addr("fluid_synth_write_float"), addr("fluid_synth_noteon"),
                                 addr("fluid_synth_noteoff"), addr("fluid_synth_all_sounds_off"))
        if not self.handle:
            raise MemoryError("glaudio: out of memory")
        self.callback = ctypes.cast(lib.gl_audio, ctypes.c_void_p).value
        self._stats = (ctypes.c_int64 * 7)()
        self._in = np.zeros((1024, 3), np.int64)       # read_midi_in's buffer

    @property
    def frame(self) -> int:
        return self.lib.gl_frame(self.handle)

    def push(self, events) -> None:
        arr = np.asarray(events, dtype=np.int64).reshape(-1, EVENT_FIELDS)   # the layout glaudio.c reads
        sent = self.lib.gl_push(self.handle, arr.ctypes.data, len(arr))
        if sent < len(arr):
            print(f"grooveloom: audio event queue full, {len(arr) - sent} events dropped", file=sys.stderr)

    def render(self, n: int, buf_ptr: int) -> None:
        self.lib.gl_render(self.handle, n, buf_ptr)

    def jack_stats(self) -> dict:
        """The JACK client's: offset (JACK frame time minus ours), frames skipped by xruns, MIDI events sent
        and lost (port buffer full), shutdown (the server closed the client)."""
        out = (ctypes.c_int64 * 6)()
        self.lib.gl_jack_stats(self.handle, out)
        return dict(zip(("offset", "skipped", "midi_sent", "midi_lost", "shutdown", "in_lost"), out))

    def read_midi_in(self) -> np.ndarray:
        """MIDI received on the JACK client's midi_in since the last call: (n, 3) int64 of frame (ours),
        byte count, bytes (the first in the low byte). (The feeder calls it every few ms: one buffer.)"""
        n = self.lib.gl_jack_read(self.handle, self._in.ctypes.data, len(self._in))
        return self._in[:n].copy()

    def read_transport(self) -> Position | None:
        """The JACK transport as the process callback last read it, None before its first cycle."""
        out = (ctypes.c_double * len(Position._fields))()
        while not self.lib.gl_jack_transport(self.handle, out):
            pass                              # (the callback was writing it: a few microseconds)
        return Position(*out) if out[-1] else None

    def hold(self, x: int, pos: int) -> None:
        """The events pushed with EV_HOLD were queued from our frame x for the transport's frame pos: they
        sound when it rolls from there, moved to where it rolled (x < 0: drop them)."""
        self.lib.gl_jack_hold(self.handle, x, pos)

    def lead(self, bpm: float, numerator: int = 4, denominator: int = 4) -> None:
        """The tempo and meter the timebase callback counts bars in (0 BPM: none)."""
        self.lib.gl_jack_lead(self.handle, bpm, numerator, denominator)

    def monitor(self, notes: dict[int, int], channel: int, on: bool = True) -> None:
        """Pads heard at once through the synth: MIDI in note -> the kit's note, on the synth's `channel`."""
        table = np.zeros(128, np.uint8)
        for src, dst in notes.items():
            if 0 <= src < 128 and 0 < dst < 128:
                table[src] = dst
        self.lib.gl_jack_monitor(self.handle, table.ctypes.data, channel, int(on))

    def stats(self) -> dict:
        self.lib.gl_stats(self.handle, self._stats)
        st = dict(zip(("callbacks", "period", "dropped", "late", "dispatched"), self._stats))
        st["priority"] = PRIORITY.get(self._stats[5], "normal")
        st["worst_late"] = self._stats[6]
        return st

    def close(self) -> None:
        if self.handle:
            self.lib.gl_free(self.handle)
            self.handle = None
