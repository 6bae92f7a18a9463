"""Live playback, scheduled inside the audio callback.

One thread owns the schedule: the audio thread (FluidSynth's driver callback, or a real-time null clock when
there is no device). It renders block by block and starts every note at its exact sample inside the block,
the way the WAV render does. The GUI never calls into FluidSynth while playing: it hands immutable
snapshots (pattern, mixer, options) to the audio thread through a queue, and reads back an immutable
timeline to draw the playhead. No lock is shared between the two, so there is no lock order to invert.
Edits, tempo, swing, mute/solo take effect from the next step; a tempo change keeps the playhead where it
is; stop silences at the next block.
"""
from __future__ import annotations

import ctypes
import heapq
import queue
import sys
import threading
import time
import traceback

import numpy as np

from .pattern import Pattern
from .performance import METRONOME_VELOCITY, NO_HUMANIZE, Humanize, audible_rows, click_times
from .soundfont import Kit, pick_kit
from .synth import METRONOME_CHANNEL, AudioError, SynthRig, quiet_stderr, row_channel
from .timing import step_quarters, unswing_quarters

AUDIO_SWITCH_INTERVAL = 0.0005   # seconds: how long other Python threads may hold the GIL from the audio thread
LOOKAHEAD_S = 0.06   # steps are expanded into note events this far ahead (room for early humanized hits)


class _Timeline:
    """Where the loop is in time: step g (counted from the loop range start, across passes) sounds at frame
    frame(g). Immutable: the audio thread replaces it; the GUI reads it for the playhead."""

    def __init__(self, pattern: Pattern, loop_range: tuple[int, int], anchor_frame: int, anchor_g: int,
                 samplerate: int):
        self.pattern, self.range = pattern, loop_range
        self.anchor_frame, self.anchor_g, self.samplerate = anchor_frame, anchor_g, samplerate
        self.start, self.span = loop_range[0], loop_range[1] - loop_range[0]
        sq = step_quarters(pattern, np.arange(pattern.n_steps + 1))
        self._q_in = sq[self.start:loop_range[1] + 1] - sq[self.start]   # quarters from the range start
        self._span_q = self.span / pattern.steps_per_quarter
        self._fpq = samplerate * 60.0 / pattern.tempo                     # frames per quarter note
        self._q_anchor = self._q(anchor_g)
        self._q0 = float(sq[self.start])                                 # the range start, from the bar line

    def _q(self, g: int) -> float:
        passes, k = divmod(g, self.span)
        return passes * self._span_q + float(self._q_in[k])

    def frame(self, g: int) -> int:
        return int(round(self.anchor_frame + (self._q(g) - self._q_anchor) * self._fpq))

    def step(self, g: int) -> int:
        return self.start + g % self.span

    def position(self, frame: float) -> float | None:
        """The step (float, within the pattern) sounding at `frame`; None during the count-in."""
        q = self._q_anchor + (frame - self.anchor_frame) / self._fpq
        if q < 0:
            return None
        p = self.pattern
        straight = float(unswing_quarters([self._q0 + q % self._span_q], p.bar_quarters, p.swing, p.swing_unit)[0])
        return min(straight * p.steps_per_quarter, self.range[1] - 1e-6)


class _Scheduler:
    """The audio thread's state: what plays, and the note events due in the next blocks. Only the audio
    thread touches it (commands arrive through `inbox`)."""

    def __init__(self, rig: SynthRig):
        self.rig, self.sr = rig, rig.samplerate
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.frame = 0                       # frames rendered so far
        self.timeline: _Timeline | None = None
        self.next_g = 0                      # the first step not yet expanded into events
        self.events: list = []               # heap of (frame, order, is_on, channel, note, velocity)
        self._order = 0
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self._clicks: dict[int, int] = {}
        self.log: list[tuple[int, int]] | None = None   # (frame, g) of expanded steps, for tests/benches
        self.published: tuple[_Timeline | None, int, float] = (None, 0, time.monotonic())
        self.error: str | None = None
        self._pending = None     # (pattern, loop range) handed over since the last block
        self._rebase = False     # pattern, mixer or options changed: queue again from the next step, once

    # ---- commands from other threads (applied at the start of a block) -------------------------------
    def _drain(self) -> None:
        while True:
            try:
                cmd, *args = self.inbox.get_nowait()
            except queue.Empty:
                break
            getattr(self, "_cmd_" + cmd)(*args)
            if cmd in ("play", "stop"):
                self._pending, self._rebase = None, False
        if self._rebase and self.timeline is not None:
            pattern, loop_range = self._pending or (self.timeline.pattern, self.timeline.range)
            self._requeue(pattern, loop_range)
        self._pending, self._rebase = None, False

    def _cmd_play(self, pattern, mixer, humanize, metronome, count_in, loop_range) -> None:
        self._cmd_stop()
        self.mixer, self.humanize, self.metronome = mixer, humanize, metronome
        self.rig.apply_mixer(pattern, mixer)
        start = self.frame
        if count_in:
            ct, cn = click_times(pattern, 1)
            for t, n in zip(ct, cn):
                self._push(start + int(round(t * self.sr)), True, METRONOME_CHANNEL, int(n), METRONOME_VELOCITY)
                self._push(start + int(round((t + 0.05) * self.sr)), False, METRONOME_CHANNEL, int(n), 0)
            start += int(round(pattern.bar_seconds * self.sr))
        self.timeline = _Timeline(pattern, loop_range, start, 0, self.sr)
        self.next_g = 0
        self._clicks = _click_steps(pattern)

    def _cmd_stop(self, ring: bool = False) -> None:
        self.timeline = None
        self.events = [e for e in self.events if not e[2]] if ring else []
        heapq.heapify(self.events)
        if not ring:
            self.rig.fs.fluid_synth_all_sounds_off(self.rig.synth.synth, -1)

    def _cmd_pattern(self, pattern, loop_range) -> None:
        self._pending, self._rebase = (pattern, loop_range), True

    def _requeue(self, pattern, loop_range) -> None:
        """From the first step not yet sounded, the new pattern plays; a tempo change keeps the position."""
        old = self.timeline
        g = self.next_g
        while g > old.anchor_g and old.frame(g - 1) >= self.frame:
            g -= 1
        s = old.step(g)
        start, end = loop_range
        if not start <= s < end:
            s = start
        self.timeline = _Timeline(pattern, loop_range, old.frame(g), s - start, self.sr)
        self.next_g = s - start
        self.events = [e for e in self.events if not e[2]]   # queued note-ons are withdrawn; note-offs stay
        heapq.heapify(self.events)
        self._clicks = _click_steps(pattern)
        self.rig.apply_mixer(pattern, self.mixer)

    def _cmd_mixer(self, mixer) -> None:
        self.mixer, self._rebase = mixer, True

    def _cmd_options(self, humanize, metronome) -> None:
        if humanize is not None:
            self.humanize = humanize
        if metronome is not None:
            self.metronome = metronome
        self._rebase = True

    def _cmd_kit(self, kit: Kit) -> None:
        self.rig.select_kit(kit)

    # ---- events ------------------------------------------------------------------------------------
    def _push(self, frame: int, on: bool, ch: int, note: int, vel: int) -> None:
        self._order += 1
        heapq.heappush(self.events, (max(frame, self.frame), self._order, on, ch, note, vel))

    def _expand(self, until: int) -> None:
        """Turn every step that starts before `until` into note events."""
        tl = self.timeline
        if tl is None:
            return
        p = tl.pattern
        audible = audible_rows(p, self.mixer)
        while tl.frame(self.next_g) < until:
            g = self.next_g
            s, passes = tl.step(g), g // tl.span
            f = tl.frame(g)
            rows = np.flatnonzero((p.hits[:, s] > 0) & audible)
            if len(rows):
                vel = p.hits[rows, s].astype(np.int64)
                dt = np.zeros(len(rows))
                if self.humanize.active:
                    dt, dv = self.humanize.offsets(p, rows, np.full(len(rows), s), passes)
                    vel = np.clip(vel + dv.astype(np.int64), 1, 127)
                for r, v, d in zip(rows, vel, dt):
                    on = f + int(round(d * self.sr))
                    length = int((p.rows[r].length or 1.0) * p.seconds_per_step * self.sr)
                    ch, note = row_channel(int(r)), p.rows[r].note
                    self._push(on, True, ch, note, int(v))
                    self._push(max(on, self.frame) + max(length, 1), False, ch, note, 0)
            if self.metronome and s in self._clicks:
                self._push(f, True, METRONOME_CHANNEL, self._clicks[s], METRONOME_VELOCITY)
                self._push(f + int(0.05 * self.sr), False, METRONOME_CHANNEL, self._clicks[s], 0)
            if self.log is not None:
                self.log.append((f, g))
            self.next_g += 1

    # ---- the audio callback's work -------------------------------------------------------------------
    def process(self, n: int, lptr: int, rptr: int, incr: int) -> None:
        """Render n frames into two float buffers (interleaved when incr is 2), events at their sample."""
        rig = self.rig
        try:
            self._drain()
            end = self.frame + n
            self._expand(end + int(LOOKAHEAD_S * self.sr))
            pos = 0
            synth = rig.synth
            while self.events and self.events[0][0] < end:
                f, _, on, ch, note, vel = heapq.heappop(self.events)
                k = f - self.frame
                if k > pos:
                    rig.write(k - pos, lptr, rptr, pos * incr, incr)
                    pos = k
                if on:
                    synth.noteon(ch, note, vel)
                else:
                    synth.noteoff(ch, note)
            if pos < n:
                rig.write(n - pos, lptr, rptr, pos * incr, incr)
            self.frame = end
        except Exception as exc:  # never raise into the audio driver's thread: log it, stop, and tell the GUI
            traceback.print_exc(file=sys.stderr)
            self.error = f"{type(exc).__name__}: {exc}"
            self.frame += n
            self.timeline, self.events = None, []
        self.published = (self.timeline, self.frame - n, time.monotonic())


def _click_steps(p: Pattern) -> dict[int, int]:
    """Steps that start a metronome beat -> click note."""
    ct, cn = click_times(p, p.bars)
    steps = ct * p.tempo / 60.0 * p.steps_per_quarter
    return {int(round(s)): int(n) for s, n in zip(steps, cn) if abs(s - round(s)) < 1e-6}


class _NullClock(threading.Thread):
    """Drives the scheduler in real time when there is no audio device (or for benches), optionally
    keeping what it rendered."""

    def __init__(self, sched: _Scheduler, period: int = 512, capture: bool = False):
        super().__init__(daemon=True, name="grooveloom-null-clock")
        self.sched, self.period, self.capture = sched, period, capture
        self.captured: list[np.ndarray] = []
        self.frames = 0
        self._halt = threading.Event()

    def run(self) -> None:
        sr = self.sched.sr
        t0 = time.monotonic()
        buf = np.zeros((self.period, 2), np.float32)
        ptr = buf.ctypes.data
        while not self._halt.is_set():
            target = int((time.monotonic() - t0) * sr)
            while self.frames + self.period <= target and not self._halt.is_set():
                self.sched.process(self.period, ptr, ptr + 4, 2)
                if self.capture:
                    self.captured.append(buf.copy())
                self.frames += self.period
            self._halt.wait(0.004)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


# int (*fluid_audio_func_t)(void *data, int len, int nfx, float *fx[], int nout, float *out[])
_AUDIO_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                               ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.POINTER(ctypes.c_void_p))


class Player:
    """Loop playback of a pattern, scheduled inside the audio callback (sample-accurate). The setters only
    post snapshots to the audio thread and return at once; the GUI polls position().

    driver: a FluidSynth audio driver name (pulseaudio, pipewire, alsa, jack, ...), None for the platform
    default, or 'null' to run on the real-time null clock (no sound, clock keeps going)."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, driver: str | None = None,
                 buffer_size: int = 512, samplerate: int = 44100, capture: bool = False):
        self.rig = SynthRig(soundfont, kit, samplerate)
        self.samplerate = samplerate
        self.status = "ok"
        self.period = int(buffer_size)
        self._sched = _Scheduler(self.rig)
        self._driver = None
        self._clock: _NullClock | None = None
        self._callback = _AUDIO_FUNC(self._audio)   # kept alive as long as the driver
        self.pattern: Pattern | None = None
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self.playing = False
        self.range = (0, 0)
        if driver != "null":
            # The audio callback runs Python and so needs the GIL once per period. With Python's default 5 ms
            # switch interval a busy GUI thread or the drummer can hold it past a 256-frame JACK period
            # (5.3 ms at 48 kHz): measured 490 xruns in 8 s at 5 ms, 90 at 0.5 ms (2 at 1024 frames).
            if sys.getswitchinterval() > AUDIO_SWITCH_INTERVAL:
                sys.setswitchinterval(AUDIO_SWITCH_INTERVAL)
            fs, s = self.rig.fs, self.rig.synth
            if driver:
                s.setting("audio.driver", driver)
            s.setting("audio.period-size", self.period)
            s.setting("audio.periods", 2)
            new_driver2 = fs.cfunc("new_fluid_audio_driver2", ctypes.c_void_p, ("settings", ctypes.c_void_p, 1),
                                   ("func", _AUDIO_FUNC, 1), ("data", ctypes.c_void_p, 1))
            with quiet_stderr():  # ALSA and FluidSynth print to fd 2 when there is no device
                self._driver = new_driver2(s.settings, self._callback, None)
            if not self._driver:
                name = driver or s.get_setting("audio.driver")
                self.status = f"no audio output: FluidSynth could not open the '{name}' audio driver (no sound device?)"
        if not self._driver:
            self._clock = _NullClock(self._sched, period=self.period, capture=capture)
            self._clock.start()

    def _audio(self, _data, n, _nfx, _fx, nout, out) -> int:
        if nout >= 2:
            self._sched.process(n, out[0], out[1], 1)
        return 0

    def _post(self, *cmd) -> None:
        self._sched.inbox.put(cmd)

    # ---- reading back ---------------------------------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames the audio thread has rendered."""
        return self._sched.frame

    @property
    def error(self) -> str | None:
        """The last error inside the audio thread (playback stopped), if any."""
        return self._sched.error

    @property
    def scheduled(self) -> list[tuple[int, int]]:
        return self._sched.log or []

    @property
    def keep_schedule_log(self) -> bool:
        return self._sched.log is not None

    @keep_schedule_log.setter
    def keep_schedule_log(self, on: bool) -> None:
        self._sched.log = [] if on else None

    def timeline(self) -> "_Timeline | None":
        return self._sched.published[0]

    def position(self) -> float | None:
        """The step (float, within the pattern) sounding now, or None when stopped."""
        tl, frame, at = self._sched.published
        if not self.playing or tl is None:
            return None
        now = frame + min((time.monotonic() - at) * self.samplerate, 2 * self.period)
        return tl.position(now)

    # ---- public API --------------------------------------------------------------------------------
    def play(self, pattern: Pattern, *, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
             count_in: bool = False, loop_range: tuple[int, int] | None = None) -> None:
        r = self._checked_range(pattern, loop_range)
        self.pattern, self.mixer, self.humanize, self.metronome, self.range = pattern, mixer, humanize, metronome, r
        self.playing = True
        self._post("play", pattern, mixer, humanize, metronome, count_in, r)

    def stop(self, ring: bool = False) -> None:
        """Stop; sound is silenced at the next block unless ring (cymbals ring out)."""
        self.playing = False
        self._post("stop", ring)

    def set_pattern(self, pattern: Pattern) -> None:
        """Hand over an edited pattern (immutable: no copy). Heard from the next step; a tempo change keeps
        the current position (no jump)."""
        self.pattern = pattern
        if self.range[1] > pattern.n_steps or self.range[1] <= self.range[0]:
            self.range = (0, pattern.n_steps)
        if self.playing:
            self._post("pattern", pattern, self.range)

    def set_mixer(self, mixer) -> None:
        self.mixer = mixer
        self._post("mixer", mixer)

    def set_options(self, *, humanize: Humanize | None = None, metronome: bool | None = None) -> None:
        self.humanize = humanize if humanize is not None else self.humanize
        self.metronome = metronome if metronome is not None else self.metronome
        self._post("options", humanize, metronome)

    def set_loop_range(self, loop_range: tuple[int, int] | None) -> None:
        if self.pattern is None:
            return
        self.range = self._checked_range(self.pattern, loop_range)
        if self.playing:
            self._post("pattern", self.pattern, self.range)

    def set_kit(self, kit: str | None) -> Kit:
        chosen = pick_kit(self.rig.kits, kit, self.rig.path)   # raises for an unknown kit, here
        self._post("kit", chosen)
        return chosen

    @staticmethod
    def _checked_range(pattern: Pattern, r):
        if r is None:
            return (0, pattern.n_steps)
        a, b = int(r[0]), int(r[1])
        if not 0 <= a < b <= pattern.n_steps:
            raise AudioError(f"loop range {a}-{b} outside the pattern's {pattern.n_steps} steps")
        return (a, b)

    def captured_audio(self) -> np.ndarray:
        clock = self._clock
        return np.concatenate(clock.captured) if clock and clock.captured else np.zeros((0, 2), np.float32)

    def close(self) -> None:
        self.playing = False
        if self._clock is not None:
            self._clock.stop()
            self._clock = None
        if self._driver:
            self.rig.fs.delete_fluid_audio_driver(self._driver)  # the driver (and its thread) before the synth
            self._driver = None
        self.rig.delete()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
