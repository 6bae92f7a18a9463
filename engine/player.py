"""Live playback, started at the sample inside the audio callback, with no Python in the audio thread.

Two threads share the work and no lock. The scheduler (a feeder thread, a block ahead of the audio) turns
the steps of the playing pattern into note events up to LOOKAHEAD_S ahead and pushes them into a lock-free
ring; the audio callback (engine/native/glaudio.c, FluidSynth's driver thread, or the null clock when there
is no device) takes them from the ring and renders block by block, starting every note at its frame inside
the block as the WAV render does. The GUI never calls into FluidSynth while playing: it posts immutable
snapshots (pattern, mixer, options) to the scheduler and reads back an immutable timeline to draw the
playhead. Edits, tempo, swing, mute/solo take effect from the next step (queued note-ons from there on are
withdrawn and queued again); a tempo change keeps the playhead where it is; stop silences at the next block.
Where the C file cannot be built, a Python twin of the dispatcher runs inside a Python audio callback.
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
from .rolls import FLAM_BIT, FLAM_S
from .performance import (METRONOME_VELOCITY, NO_HUMANIZE, Humanize, audible_rows, click_times, hit_notes,
                          note_steps)
from .jack import server_rate
from .soundfont import Kit, pick_kit
from .native import EV_ALL_OFF, EV_OFF, EV_ON, EV_WITHDRAW, EVENT_FIELDS
from .native import load as load_native
from .native import why_not_loaded as native_why_not
from .fileio import quiet_stderr
from .synth import METRONOME_CHANNEL, AudioError, SynthRig, audio_drivers, channel_notes, row_channels
from .timing import step_quarters, unswing_quarters

AUDIO_SWITCH_INTERVAL = 0.0005   # seconds: how long other Python threads may hold the GIL from the feeder
LOOKAHEAD_S = 0.06   # steps are expanded into note events this far ahead (room for early humanized hits)
PRIORITY = {-1: "not started", 0: "normal", 1: "real-time (raised)", 2: "real-time", 3: "nice -11"}
START_S = 0.01       # play starts this far after the command reaches the scheduler (in time for the audio)
FEED_S = 0.01        # the feeder thread's period while playing (C callback); commands wake it at once
# without a named driver: FluidSynth's default first, then these (JACK is taken first when a server runs)
AUTO_ORDER = ("pipewire", "pulseaudio", "coreaudio", "wasapi", "dsound", "alsa", "sdl2", "oss")
IDLE_WAIT_S = 0.25   # stopped, it only wakes for commands (and to publish the frame count)


class _Timeline:
    """Where the loop is in time: step g (counted from the loop range start, across passes) sounds at frame
    frame(g). Immutable: the audio thread replaces it; the GUI reads it for the playhead. In song mode one
    timeline is one section (entry `section` of the song), its passes the section's repeats."""

    def __init__(self, pattern: Pattern, loop_range: tuple[int, int], anchor_frame: int, anchor_g: int,
                 samplerate: int, section: int = 0):
        self.pattern, self.range, self.section = pattern, loop_range, section
        self.anchor_frame, self.anchor_g, self.samplerate = anchor_frame, anchor_g, samplerate
        self.start, self.span = loop_range[0], loop_range[1] - loop_range[0]
        sq = step_quarters(pattern, np.arange(pattern.n_steps + 1))
        self._q_in = sq[self.start:loop_range[1] + 1] - sq[self.start]   # quarters from the range start
        self._span_q = self.span / pattern.steps_per_quarter
        self.frames_per_quarter = samplerate * 60.0 / pattern.tempo
        self._q_anchor = self._q(anchor_g)
        self._q0 = float(sq[self.start])                                 # the range start, from the bar line

    def _q(self, g: int) -> float:
        passes, k = divmod(g, self.span)
        return passes * self._span_q + float(self._q_in[k])

    def frame(self, g: int) -> int:
        return int(round(self.anchor_frame + (self._q(g) - self._q_anchor) * self.frames_per_quarter))

    def step(self, g: int) -> int:
        return self.start + g % self.span

    def position(self, frame: float) -> float | None:
        """The step (float, within the pattern) sounding at `frame`; None during the count-in."""
        q = self._q_anchor + (frame - self.anchor_frame) / self.frames_per_quarter
        if q < 0:
            return None
        p = self.pattern
        straight = float(unswing_quarters([self._q0 + q % self._span_q], p.bar_quarters, p.swing, p.swing_unit)[0])
        return min(straight * p.steps_per_quarter, self.range[1] - 1e-6)


class _Scheduler:
    """What plays, turned into note events a little ahead of the audio. Only one thread runs it: the audio
    thread itself (Python callback), or the feeder thread (C callback); commands arrive through `inbox`.
    Events go to a dispatcher (glaudio.c, or _PyDispatch) that starts each at its frame inside a block."""

    def __init__(self, rig: SynthRig, dispatch):
        self.rig, self.sr, self.dispatch = rig, rig.samplerate, dispatch
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.frame = 0                       # the earliest frame an event can still be heard at
        self.timeline: _Timeline | None = None
        self.previous: _Timeline | None = None   # song mode: the section before, still sounding for a while
        self.song: tuple | None = None           # song mode: ((pattern, repeats), ...), played in order, looped
        self.section = 0                         # song mode: the entry being expanded
        self.notes: list[int] = []               # the note of each channel (synth.channel_notes)
        self.channels = np.zeros(0, np.int64)    # the channel of each row of the playing pattern
        self.next_g = 0                      # the first step not yet expanded into events
        self.epoch = 0                       # each withdrawal starts a new epoch
        self.serial = 0                      # steps expanded so far (events carry their step's serial)
        self._out: list = []                 # for the dispatcher: (frame, type, ch, note, vel, epoch, serial)
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self._clicks: dict[int, int] = {}
        self.log: list[tuple[int, int]] | None = None   # (frame, g) of expanded steps, for tests/benches
        self.published: tuple[_Timeline | None, int, float, _Timeline | None] = (None, 0, time.monotonic(), None)
        self.error: str | None = None
        self._pending = None     # (pattern, loop range) handed over since the last tick (song mode: the song)
        self._rebase = False     # pattern, mixer or options changed: queue again from the next step, once

    # ---- commands from other threads (applied at the start of a tick) --------------------------------
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
            if self.song is not None:
                self.song = self._pending or self.song
                self.section = min(self.section, len(self.song) - 1)
                pattern = self.song[self.section][0]
                self._requeue(pattern, (0, pattern.n_steps))
            else:
                pattern, loop_range = self._pending or (self.timeline.pattern, self.timeline.range)
                self._requeue(pattern, loop_range)
        self._pending, self._rebase = None, False

    def _cmd_play(self, pattern, mixer, humanize, metronome, count_in, loop_range, song=None, section=0) -> None:
        self._cmd_stop()
        self.mixer, self.humanize, self.metronome = mixer, humanize, metronome
        self.song, self.section = song, section
        self._layout(pattern)
        start = self.frame + int(START_S * self.sr)
        if count_in:
            ct, cn = click_times(pattern, 1)
            for t, n in zip(ct, cn):   # before the first step: an edit during the count-in keeps them
                self._push(start + int(round(t * self.sr)), EV_ON, METRONOME_CHANNEL, int(n), METRONOME_VELOCITY,
                           self.serial - 1)
                self._push(start + int(round((t + 0.05) * self.sr)), EV_OFF, METRONOME_CHANNEL, int(n), 0,
                           self.serial - 1)
            start += int(round(pattern.bar_seconds * self.sr))
        elif (pattern.rolls[:, loop_range[0]] & FLAM_BIT).any():
            start += int(round(FLAM_S * self.sr))   # the first step's flam: its grace note sounds in full
        self.timeline = _Timeline(pattern, loop_range, start, 0, self.sr, section)
        self.next_g = 0
        self._clicks = _click_steps(pattern)

    def _layout(self, pattern: Pattern) -> None:
        """Channels for the notes of the pattern (song mode: of every pattern of the song) and their mix."""
        self.notes = channel_notes([p for p, _ in self.song] if self.song is not None else [pattern])
        self.channels = row_channels(pattern, self.notes)
        self.rig.apply_mixer(self.notes, self.mixer)

    def _cmd_stop(self, ring: bool = False) -> None:
        """Queued note-ons are withdrawn; unless ring, everything sounding is cut at once."""
        self.timeline = self.previous = None
        self.epoch += 1
        kind = EV_WITHDRAW if ring else EV_ALL_OFF
        self._out.append((0, kind, 0, 0, 0, self.epoch, 0))

    def _cmd_pattern(self, pattern, loop_range) -> None:
        if self.song is None:
            self._pending, self._rebase = (pattern, loop_range), True

    def _cmd_song(self, song) -> None:
        if self.song is not None:
            self._pending, self._rebase = song, True

    def _requeue(self, pattern, loop_range) -> None:
        """From the first step not yet sounded, the new pattern plays; a tempo change keeps the position (and
        in song mode the pass: the section's repeats count on)."""
        old = self.timeline
        g = self.next_g
        while g > old.anchor_g and old.frame(g - 1) >= self.frame:
            g -= 1
        s, passes = old.step(g), (g // old.span if self.song is not None else 0)
        start, end = loop_range
        if not start <= s < end:
            s = start
        self.epoch += 1          # note-ons queued for step g on are withdrawn; note-offs stay
        self._out.append((0, EV_WITHDRAW, 0, 0, 0, self.epoch, self.serial - (self.next_g - g)))
        self.serial -= self.next_g - g
        self.next_g = passes * (end - start) + s - start
        self.timeline = _Timeline(pattern, loop_range, old.frame(g), self.next_g, self.sr, old.section)
        self._clicks = _click_steps(pattern)
        self._layout(pattern)

    def _advance(self) -> None:
        """Song mode: the section's last pass is expanded; the next section (the first after the last)
        starts on the frame where it ends."""
        old = self.timeline
        self.section = (self.section + 1) % len(self.song)
        pattern = self.song[self.section][0]
        self.previous = old
        self.timeline = _Timeline(pattern, (0, pattern.n_steps), old.frame(self.next_g), 0, self.sr, self.section)
        self.next_g = 0
        self._clicks = _click_steps(pattern)
        self.channels = row_channels(pattern, self.notes)

    def _cmd_mixer(self, mixer) -> None:
        self.mixer, self._rebase = mixer, True
        if self.notes:                      # (stopped too: an audition or the next Play hears it as set)
            self.rig.apply_mixer(self.notes, mixer)

    def _cmd_options(self, humanize, metronome) -> None:
        if humanize is not None:
            self.humanize = humanize
        if metronome is not None:
            self.metronome = metronome
        self._rebase = True

    def _cmd_kit(self, kit: Kit, balance: dict) -> None:
        self.rig.select_kit(kit, balance)
        if self.notes:
            self.rig.apply_mixer(self.notes, self.mixer)    # (the new kit's balance on the channels)

    # ---- events ------------------------------------------------------------------------------------
    def _push(self, frame: int, kind: int, ch: int, note: int, vel: int, serial: int | None = None) -> None:
        serial = self.serial if serial is None else serial
        self._out.append((max(frame, self.frame), kind, ch, note, vel, self.epoch, serial))

    def _expand(self, until: int) -> None:
        """Turn every step that starts before `until` into note events."""
        tl = self.timeline
        if tl is None:
            return
        p = tl.pattern
        audible = audible_rows(p, self.mixer)
        while tl.frame(self.next_g) < until:
            if self.song is not None and self.next_g >= self.song[self.section][1] * tl.span:
                self._advance()
                tl = self.timeline
                p = tl.pattern
                audible = audible_rows(p, self.mixer)
                continue
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
                codes = p.rolls[rows, s]
                if codes.any():       # rolls and flams: each repeat at its own frame, through the swing warp
                    n = hit_notes(p, np.full(len(rows), s), codes, vel, dt * p.tempo / 60.0)
                    at = f + np.round((n.quarters - step_quarters(p, [s])[0]) * tl.frames_per_quarter).astype(np.int64)
                    rows, vel = rows[n.hit], n.velocity
                    steps = note_steps(p, rows, n)
                else:
                    at = f + np.round(dt * self.sr).astype(np.int64)
                    steps = np.array([p.rows[r].length or 1.0 for r in rows])
                for r, v, on, st in zip(rows, vel, at, steps):
                    on = int(on)
                    length = int(st * p.seconds_per_step * self.sr)
                    ch, note = int(self.channels[r]), p.rows[r].note
                    self._push(on, EV_ON, ch, note, self.rig.velocity(note, int(v)))
                    self._push(max(on, self.frame) + max(length, 1), EV_OFF, ch, note, 0)
            if self.metronome and s in self._clicks:
                self._push(f, EV_ON, METRONOME_CHANNEL, self._clicks[s], METRONOME_VELOCITY)
                self._push(f + int(0.05 * self.sr), EV_OFF, METRONOME_CHANNEL, self._clicks[s], 0)
            if self.log is not None:
                self.log.append((f, g))
            self.next_g += 1
            self.serial += 1

    def tick(self, now: int, published_frame: int) -> None:
        """Apply what the GUI sent and hand the dispatcher every event due before now + LOOKAHEAD_S.
        `now`: the earliest frame the dispatcher can still start a note at."""
        try:
            self.frame = now
            self._drain()
            self._expand(now + int(LOOKAHEAD_S * self.sr))
        except Exception as exc:  # never raise into the audio/feeder thread: log it, stop, tell the GUI
            traceback.print_exc(file=sys.stderr)
            self.error = f"{type(exc).__name__}: {exc}"
            self._out.clear()
            self._cmd_stop()
        if self._out:
            self.dispatch.push(self._out)
            self._out = []
        self.published = (self.timeline, published_frame, time.monotonic(), self.previous)


class _PyDispatch:
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
                                if not (e[6] < ep and (everything or (e[2] == EV_ON and e[7] >= serial)))]
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
            else:
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


class _CDispatch:
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


def _click_steps(p: Pattern) -> dict[int, int]:
    """Steps that start a metronome beat -> click note."""
    ct, cn = click_times(p, p.bars)
    steps = ct * p.tempo / 60.0 * p.steps_per_quarter
    return {int(round(s)): int(n) for s, n in zip(steps, cn) if abs(s - round(s)) < 1e-6}


class _NullClock(threading.Thread):
    """Renders in real time when there is no audio device (or for benches), optionally keeping what it
    rendered. `render(n, ptr)` fills n interleaved stereo float frames."""

    def __init__(self, render, period: int = 512, samplerate: int = 44100, capture: bool = False):
        super().__init__(daemon=True, name="grooveloom-null-clock")
        self.render, self.period, self.sr, self.capture = render, period, samplerate, capture
        self.captured: list[np.ndarray] = []
        self.frames = 0
        self._halt = threading.Event()

    def run(self) -> None:
        t0 = time.monotonic()
        buf = np.zeros((self.period, 2), np.float32)
        ptr = buf.ctypes.data
        while not self._halt.is_set():
            target = int((time.monotonic() - t0) * self.sr)
            while self.frames + self.period <= target and not self._halt.is_set():
                self.render(self.period, ptr)
                if self.capture:
                    self.captured.append(buf.copy())
                self.frames += self.period
            self._halt.wait(0.004)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


class _Feeder(threading.Thread):
    """Runs the scheduler every FEED_S for the C dispatcher, one block ahead of the audio thread."""

    def __init__(self, sched: _Scheduler, period: int):
        super().__init__(daemon=True, name="grooveloom-feeder")
        self.sched, self.period = sched, period
        self._halt = threading.Event()
        self.wake = threading.Event()

    def run(self) -> None:
        disp, sched = self.sched.dispatch, self.sched
        while not self._halt.is_set():
            # a command wakes it at once; while playing it also runs every FEED_S, stopped it just waits
            self.wake.wait(FEED_S if sched.timeline is not None else IDLE_WAIT_S)
            self.wake.clear()
            frame = disp.frame
            sched.tick(frame + max(self.period, disp.stats()["period"]), frame)

    def stop(self) -> None:
        self._halt.set()
        self.wake.set()
        self.join(timeout=2)


# int (*fluid_audio_func_t)(void *data, int len, int nfx, float *fx[], int nout, float *out[])
_AUDIO_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                               ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.POINTER(ctypes.c_void_p))


class Player:
    """Loop playback of a pattern, scheduled ahead of the audio callback and started there at the sample.
    The setters only post snapshots to the scheduler and return at once; the GUI polls position().

    driver: a FluidSynth audio driver name (pulseaudio, pipewire, alsa, jack, ...), None for the platform
    default, or 'null' to run on the real-time null clock (no sound, clock keeps going).
    The audio callback is glaudio.c (no Python in the audio thread) where it builds, else Python."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, driver: str | None = None,
                 buffer_size: int = 512, samplerate: int | None = None, capture: bool = False,
                 native: bool | None = None):
        jack_rate = server_rate() if driver in (None, "jack") else None
        if driver is None and jack_rate:
            driver = "jack"      # a running JACK server is where the user's audio goes (Hydrogen does the same)
        if samplerate is None:   # FluidSynth's JACK driver does not resample: run at the server's rate
            samplerate = jack_rate or 44100
        self.rig = SynthRig(soundfont, kit, samplerate)
        self.samplerate = samplerate
        self.status = "ok"
        self.period = int(buffer_size)
        self.driver_name = "null"
        lib = load_native() if native is not False else None
        if native and lib is None:
            self.rig.delete()
            raise AudioError(f"the C audio callback is not available: {native_why_not()}")
        self._dispatch = _CDispatch(self.rig, lib) if lib else _PyDispatch(self.rig)
        self._sched = _Scheduler(self.rig, self._dispatch)
        self._driver = None
        self._clock: _NullClock | None = None
        self._feeder: _Feeder | None = None
        self._callback = _AUDIO_FUNC(self._audio)   # kept alive as long as the driver
        self.pattern: Pattern | None = None
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self.playing = False
        self.song = None                             # song mode: what play_song/set_song handed over
        self.range = (0, 0)
        self._seen = (0, time.monotonic())           # (frames, when) for device-loss detection
        if driver != "null":
            self._open_driver(driver)
        if sys.getswitchinterval() > AUDIO_SWITCH_INTERVAL:
            # The feeder (or a Python callback) needs the GIL every few ms; with Python's default 5 ms switch
            # interval two busy threads (GUI, drummer) can keep it from the feeder for 100 ms and more, past
            # its lookahead (late notes), and a Python callback past a 256-frame JACK period (490 xruns in 8 s).
            sys.setswitchinterval(AUDIO_SWITCH_INTERVAL)
        if self._dispatch.native:
            self._feeder = _Feeder(self._sched, self.period)
            self._feeder.start()
        if not self._driver:
            render = self._dispatch.render if self._dispatch.native else self._render_python
            self._clock = _NullClock(render, period=self.period, samplerate=samplerate, capture=capture)
            self._clock.start()

    def _open_driver(self, driver: str | None) -> None:
        fs, s = self.rig.fs, self.rig.synth
        s.setting("audio.period-size", self.period)
        try:   # JACK: our ports go to the system's playback ports at once (else nothing is heard until patched)
            s.setting("audio.jack.autoconnect", 1)
        except Exception:   # (a FluidSynth without the JACK driver has no such setting)
            pass
        s.setting("audio.periods", 2)
        new_driver2 = fs.cfunc("new_fluid_audio_driver2", ctypes.c_void_p, ("settings", ctypes.c_void_p, 1),
                               ("func", ctypes.c_void_p, 1), ("data", ctypes.c_void_p, 1))
        if self._dispatch.native:
            func, data = self._dispatch.callback, self._dispatch.handle
        else:
            func, data = ctypes.cast(self._callback, ctypes.c_void_p).value, None
        default = s.get_setting("audio.driver")
        # a named driver is tried alone; the default, then the others this FluidSynth has, in AUTO_ORDER
        if driver:
            names = [driver]
        else:
            built = audio_drivers()
            names = [default] + [d for d in AUTO_ORDER if d != default and d in built]
        for name in names:
            s.setting("audio.driver", name)
            with quiet_stderr():  # ALSA and FluidSynth print to fd 2 when there is no device
                self._driver = new_driver2(s.settings, func, data)
            if self._driver:
                self.driver_name = name
                return
        self.status = (f"no audio output: FluidSynth could not open the '{names[0]}' audio driver (no sound device?)"
                       if len(names) == 1 else
                       f"no audio output: none of FluidSynth's audio drivers opened ({', '.join(names)}; no sound device?)")

    def _audio(self, _data, n, _nfx, _fx, nout, out) -> int:
        if nout >= 2:
            d = self._dispatch
            self._sched.tick(d.frame, d.frame)
            d.render(n, out[0], out[1], 1)
        return 0

    def _render_python(self, n: int, ptr: int) -> None:
        d = self._dispatch
        self._sched.tick(d.frame, d.frame)
        d.render(n, ptr, ptr + 4, 2)

    @property
    def native(self) -> bool:
        """True when the audio callback is glaudio.c (no Python in the audio thread)."""
        return self._dispatch.native

    def stats(self) -> dict:
        """callbacks, period (frames of the last callback), dropped and late events, dispatched events."""
        return self._dispatch.stats()

    @property
    def latency(self) -> float:
        """Output latency in seconds: two periods of the audio callback (as measured once it ran)."""
        period = self.stats()["period"] or self.period
        return 2 * period / self.samplerate

    def describe(self) -> str:
        """One line on the output: driver, period, rate, latency, and how the audio thread runs."""
        if not self._driver:
            return "no audio output (null clock)"
        st = self.stats()
        period = st["period"] or self.period
        how = f"C callback, {st['priority']}" if self.native else "Python callback"
        return (f"{self.driver_name}: {period}-frame periods at {self.samplerate} Hz, latency "
                f"{self.latency * 1000:.1f} ms ({how})")

    def device_lost(self, after_s: float = 1.0) -> bool:
        """True when an audio driver is open but its callback has not run for after_s seconds."""
        if not self._driver:
            return False
        frames, now = self.frames, time.monotonic()
        if frames != self._seen[0]:
            self._seen = (frames, now)
            return False
        return now - self._seen[1] > after_s

    def _post(self, *cmd) -> None:
        self._sched.inbox.put(cmd)
        if self._feeder is not None:
            self._feeder.wake.set()

    # ---- reading back ---------------------------------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames the audio thread has rendered."""
        return self._dispatch.frame

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
        where = self.where()
        return where[1] if where else None

    def where(self) -> tuple[int, float] | None:
        """(song entry, step within its pattern) sounding now (entry 0 outside song mode), or None when
        stopped or counting in."""
        tl, frame, at, previous = self._sched.published
        if not self.playing or tl is None:
            return None
        now = frame + min((time.monotonic() - at) * self.samplerate, 2 * self.period)
        # The audio clock never runs back: a reading extrapolated past a late-published frame must not make
        # the next one step back over a section's start (song mode reported entries 0, 1, 0, 1 under load).
        # A clock restarted by a new audio output runs back by more than a second: that is taken as is.
        last = getattr(self, "_where_now", None)
        if last is not None and last - self.samplerate < now < last:
            now = last
        self._where_now = now
        step = tl.position(now)
        if step is None and previous is not None:   # the next section is queued; the last one still sounds
            tl, step = previous, previous.position(now)
        return None if step is None else (tl.section, step)

    # ---- public API --------------------------------------------------------------------------------
    def play(self, pattern: Pattern, *, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
             count_in: bool = False, loop_range: tuple[int, int] | None = None) -> None:
        r = self._checked_range(pattern, loop_range)
        self.pattern, self.mixer, self.humanize, self.metronome, self.range = pattern, mixer, humanize, metronome, r
        self.playing, self.song = True, None
        self._post("play", pattern, mixer, humanize, metronome, count_in, r)

    def play_song(self, song, *, section: int = 0, mixer=None, humanize: Humanize = NO_HUMANIZE,
                  metronome: bool = False, count_in: bool = False) -> None:
        """Song mode: ((pattern, repeats), ...) played in order from entry `section`, each pattern at its
        own tempo, meter and swing, each entry following the last on its frame; after the last, the first."""
        song = self._checked_song(song)
        pattern = song[section][0]
        self.pattern, self.mixer, self.humanize, self.metronome = pattern, mixer, humanize, metronome
        self.range, self.song, self.playing = (0, pattern.n_steps), song, True
        self._post("play", pattern, mixer, humanize, metronome, count_in, self.range, song, section)

    def set_song(self, song) -> None:
        """Hand over an edited song (patterns or repeats): heard from the next step, the entry playing and
        its pass kept."""
        self.song = self._checked_song(song)
        if self.playing:
            self._post("song", self.song)

    @staticmethod
    def _checked_song(song) -> tuple:
        song = tuple((p, int(n)) for p, n in song)
        if not song or any(n < 1 for _, n in song):
            raise AudioError("a song needs at least one entry, each played at least once")
        return song

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
        """Switch kits; the new kit's balance (engine.kitbalance) is measured in a thread of its own, so
        neither the caller nor the audio waits: the kit changes once it is known (at once when cached)."""
        chosen = pick_kit(self.rig.kits, kit, self.rig.path)   # raises for an unknown kit, here
        self._kit_asked = asked = getattr(self, "_kit_asked", 0) + 1

        def measured():
            balance = self.rig.measure_balance(chosen)
            if asked == self._kit_asked:          # (a later choice wins)
                self._post("kit", chosen, balance)
        threading.Thread(target=measured, daemon=True, name="grooveloom-kit-balance").start()
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
        if self._feeder is not None:
            self._feeder.stop()
            self._feeder = None
        self._dispatch.close()
        self.rig.delete()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
