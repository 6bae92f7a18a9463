"""Sound through FluidSynth: a GM drum kit, loop playback scheduled on FluidSynth's sequencer against the
synth's sample clock, a mixer, and offline render to WAV.

- Every row plays on its own MIDI channel (rows beyond 15 share), so volume (CC7) and pan (CC10) work per
  row; channel 16 is the metronome. All channels play the chosen bank-128 drum kit.
- Events are queued ahead on the sequencer (at least one bar) and the queue is topped up by a sequencer
  timer event; nothing sleeps per step. Edits and tempo changes take effect from the next step: queued
  note-ons are withdrawn and the pattern is rescheduled from there, anchored so time does not jump.
- With no audio device the synth is driven by a real-time null clock, so the playhead keeps moving.
- Shutdown order: clock/driver, then sequencer, then synth (deleting the synth first segfaults).
"""
from __future__ import annotations

import ctypes
import os
import threading
import time
import wave
from dataclasses import dataclass

import numpy as np

from .errors import GrooveLoomError
from .fileio import atomic_write_bytes
from .pattern import Pattern
from .performance import METRONOME_VELOCITY, NO_HUMANIZE, Humanize, audible_rows, click_times, hit_times
from .soundfont import (DRUM_BANK, INSTALL_HINT, Kit, SoundfontError, default_soundfont, find_soundfonts,
                        list_kits, load_fluidsynth, pick_kit)
from .timing import step_quarters, unswing_quarters

METRONOME_CHANNEL = 15
ROW_CHANNELS = 15
SAMPLE_RATES = (44100, 48000)
BLOCK = 64
SEQ_NOTEON = 1  # fluid_seq_event_type FLUID_SEQ_NOTEON
GEN_PAN = 17    # SoundFont generator 'pan', -500 (left) .. 500 (right)


def row_channel(row: int) -> int:
    return row % ROW_CHANNELS


class AudioError(GrooveLoomError):
    """Audio output or rendering problem."""


class SynthRig:
    """A FluidSynth synth loaded with a soundfont, a drum kit on every channel, reverb/chorus off."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, samplerate: int = 44100,
                 gain: float = 0.6):
        if samplerate not in SAMPLE_RATES:
            raise AudioError(f"sample rate must be 44100 or 48000, got {samplerate}")
        self.fs = load_fluidsynth()
        self.samplerate = samplerate
        self.synth = self.fs.Synth(gain=gain, samplerate=float(samplerate),
                                   **{"synth.reverb.active": 0, "synth.chorus.active": 0,
                                      "synth.polyphony": 512})
        # The user's choice must load; otherwise the first discovered soundfont that loads is used.
        candidates = [default_soundfont(soundfont)] if soundfont else find_soundfonts()
        self.sfid, failed = -1, []
        for path in candidates:
            self.sfid = self.synth.sfload(path)
            if self.sfid >= 0:
                self.path = path
                break
            failed.append(path)
        if self.sfid < 0:
            self.synth.delete()
            if soundfont:
                raise SoundfontError("FluidSynth cannot load this soundfont (damaged or not a soundfont)", soundfont)
            if failed:
                raise SoundfontError(f"no usable General MIDI soundfont: FluidSynth cannot load "
                                     f"{', '.join(failed)}; {INSTALL_HINT}")
            default_soundfont(None)  # raises the 'none found' message
        self.kits: list[Kit] = list_kits(self.synth, self.sfid)
        self.kit = pick_kit(self.kits, kit, self.path)
        for ch in range(16):
            self.synth.program_select(ch, self.sfid, DRUM_BANK, self.kit.preset)
        self._write = self.fs.cfunc("fluid_synth_write_float", ctypes.c_int, ("synth", ctypes.c_void_p, 1),
                                    ("len", ctypes.c_int, 1), ("lout", ctypes.c_void_p, 1),
                                    ("loff", ctypes.c_int, 1), ("lincr", ctypes.c_int, 1),
                                    ("rout", ctypes.c_void_p, 1), ("roff", ctypes.c_int, 1),
                                    ("rincr", ctypes.c_int, 1))
        self._set_gain = self.fs.cfunc("fluid_synth_set_gain", None, ("synth", ctypes.c_void_p, 1),
                                       ("gain", ctypes.c_float, 1))
        self._set_gen = self.fs.cfunc("fluid_synth_set_gen", ctypes.c_int, ("synth", ctypes.c_void_p, 1),
                                      ("chan", ctypes.c_int, 1), ("param", ctypes.c_int, 1),
                                      ("value", ctypes.c_float, 1))
        self.base_gain = gain

    def set_kit(self, kit: str | None) -> Kit:
        self.kit = pick_kit(self.kits, kit, self.path)
        for ch in range(16):
            self.synth.program_select(ch, self.sfid, DRUM_BANK, self.kit.preset)
        return self.kit

    def apply_mixer(self, pattern: Pattern, mixer) -> None:
        """Per-row volume (channel CC7) and pan (the channel's pan generator: the SoundFont default CC10
        modulator only reaches half-way); master volume as synth gain."""
        if mixer is None:
            return
        for i, r in enumerate(pattern.rows[:ROW_CHANNELS]):
            m = mixer.row(r.note)
            self.synth.cc(row_channel(i), 7, int(np.clip(round(m.volume * 100), 0, 127)))
            self._set_gen(self.synth.synth, row_channel(i), GEN_PAN, float(np.clip(m.pan, -1, 1) * 500))
        self._set_gain(self.synth.synth, float(self.base_gain * mixer.master / 0.8))

    def render_into(self, buf: np.ndarray) -> None:
        """Render len(buf) stereo frames (float32, shape (n, 2), C-contiguous) from the synth."""
        ptr = buf.ctypes.data
        self._write(self.synth.synth, len(buf), ptr, 0, 2, ptr + 4, 0, 2)

    def delete(self) -> None:
        if self.synth is not None:
            self.synth.delete()
            self.synth = None


# ---- offline render ----------------------------------------------------------------------------

@dataclass
class Render:
    audio: np.ndarray      # float32 (frames, 2)
    samplerate: int
    kit: Kit
    soundfont: str
    onsets: np.ndarray     # the scheduled onset of every hit, in samples (ideal times, before FluidSynth)


def performance_events(pattern: Pattern, loops: int, samplerate: int, mixer=None,
                       humanize: Humanize = NO_HUMANIZE, metronome: bool = False, count_in: bool = False):
    """All note events of a render: arrays (on_sample, off_sample, channel, note, velocity)."""
    loop_s = pattern.duration_seconds
    lead = pattern.bar_seconds if count_in else 0.0
    audible = audible_rows(pattern, mixer)
    step_s = pattern.seconds_per_step
    on, off, ch, note, vel = [], [], [], [], []
    for loop in range(loops):
        rows, steps, t, v = hit_times(pattern, humanize, loop)
        keep = audible[rows]
        rows, t, v = rows[keep], t[keep], v[keep]
        start = lead + loop * loop_s
        on.append(start + t)
        off.append(start + t + np.array([(pattern.rows[r].length or 1.0) for r in rows]) * step_s)
        ch.append(np.array([row_channel(r) for r in rows], np.int64))
        note.append(np.array([pattern.rows[r].note for r in rows], np.int64))
        vel.append(v)
    click_bars = (1 if count_in else 0) + (pattern.bars * loops if metronome else 0)
    if click_bars:
        first = 0.0 if count_in else lead
        ct, cn = click_times(pattern, click_bars, first)
        on.append(ct)
        off.append(ct + 0.05)
        ch.append(np.full(len(ct), METRONOME_CHANNEL))
        note.append(cn)
        vel.append(np.full(len(ct), METRONOME_VELOCITY))
    cat = lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dt)  # noqa: E731
    to_samples = lambda s: np.round(cat(s, np.float64) * samplerate).astype(np.int64)  # noqa: E731
    return to_samples(on), to_samples(off), cat(ch, np.int64), cat(note, np.int64), cat(vel, np.int64)


def render(pattern: Pattern, *, loops: int = 1, soundfont: str | None = None, kit: str | None = None,
           samplerate: int = 44100, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
           count_in: bool = False, tail: float = 2.5, progress=None, cancel=None) -> Render:
    """Render N loops offline (faster than real time), with a tail for ringing cymbals."""
    if not 1 <= loops <= 256:
        raise AudioError(f"loops must be 1-256, got {loops}")
    rig = SynthRig(soundfont, kit if kit is not None else (mixer.kit if mixer is not None else None), samplerate)
    try:
        rig.apply_mixer(pattern, mixer)
        on, off, ch, note, vel = performance_events(pattern, loops, samplerate, mixer, humanize, metronome, count_in)
        # Events go to the synth between writes, at their exact sample: FluidSynth starts them at its next
        # 64-sample block (1.45 ms at 44.1 kHz). Its sequencer would add a millisecond clock on top.
        times = np.concatenate([on, np.maximum(off, on + 1)])
        kinds = np.concatenate([np.ones(len(on), bool), np.zeros(len(on), bool)])
        idx = np.concatenate([np.arange(len(on))] * 2)
        order = np.lexsort((kinds, times))  # note-offs before note-ons at the same sample
        lead = pattern.bar_seconds if count_in else 0.0
        total = int(round((lead + loops * pattern.duration_seconds + tail) * samplerate))
        audio = np.zeros((total, 2), np.float32)
        pos, chunk, done_report = 0, 8192, 0
        for e in list(order) + [None]:
            target = total if e is None else min(int(times[e]), total)
            while pos < target:
                n = min(chunk, target - pos)
                rig.render_into(audio[pos:pos + n])
                pos += n
                if cancel is not None and cancel():
                    raise AudioError("render cancelled")
                if progress and pos - done_report >= chunk:
                    progress(pos / total)
                    done_report = pos
            if e is not None:
                i = idx[e]
                if kinds[e]:
                    rig.synth.noteon(int(ch[i]), int(note[i]), int(vel[i]))
                else:
                    rig.synth.noteoff(int(ch[i]), int(note[i]))
        if progress:
            progress(1.0)
        return Render(audio, samplerate, rig.kit, rig.path, on)
    finally:
        rig.delete()


def wav_bytes(audio: np.ndarray, samplerate: int, bits: int = 16) -> bytes:
    if bits not in (16, 24):
        raise AudioError(f"WAV bit depth must be 16 or 24, got {bits}")
    x = np.clip(audio, -1.0, 1.0)
    if bits == 16:
        data = (x * 32767).round().astype("<i2").tobytes()
    else:
        v = (x * 8388607).round().astype("<i4").reshape(-1)
        data = np.stack([(v & 0xFF), (v >> 8) & 0xFF, (v >> 16) & 0xFF], axis=1).astype(np.uint8).tobytes()
    import io
    buf = io.BytesIO()
    with wave.open(buf, "wb") as w:
        w.setnchannels(2)
        w.setsampwidth(bits // 8)
        w.setframerate(samplerate)
        w.writeframes(data)
    return buf.getvalue()


def write_wav(path: str | os.PathLike, audio: np.ndarray, samplerate: int, bits: int = 16) -> None:
    atomic_write_bytes(path, wav_bytes(audio, samplerate, bits), AudioError)


def read_wav(path: str | os.PathLike) -> tuple[np.ndarray, int]:
    """A 16/24-bit PCM WAV as float32 (frames, channels) and its sample rate (tests, benches)."""
    with wave.open(os.fspath(path), "rb") as w:
        n, ch, width, sr = w.getnframes(), w.getnchannels(), w.getsampwidth(), w.getframerate()
        raw = w.readframes(n)
    if width == 2:
        x = np.frombuffer(raw, "<i2").astype(np.float32) / 32767
    else:
        b = np.frombuffer(raw, np.uint8).reshape(-1, 3).astype(np.int32)
        v = b[:, 0] | (b[:, 1] << 8) | (b[:, 2] << 16)
        x = np.where(v >= 1 << 23, v - (1 << 24), v).astype(np.float32) / 8388607
    return x.reshape(-1, ch), sr


# ---- live playback ------------------------------------------------------------------------------

class _quiet_stderr:
    """Silence file descriptor 2 (C libraries' own messages) for the duration of a with-block."""

    def __enter__(self):
        import sys
        sys.stderr.flush()
        self._saved = os.dup(2)
        null = os.open(os.devnull, os.O_WRONLY)
        os.dup2(null, 2)
        os.close(null)

    def __exit__(self, *exc):
        os.dup2(self._saved, 2)
        os.close(self._saved)


class _NullClock(threading.Thread):
    """Drives the synth in real time when there is no audio device (or for benches), optionally keeping
    what it rendered."""

    def __init__(self, rig: SynthRig, period: int = 512, capture: bool = False):
        super().__init__(daemon=True, name="grooveloom-null-clock")
        self.rig, self.period, self.capture = rig, period, capture
        self.captured: list[np.ndarray] = []
        self.frames = 0
        self._halt = threading.Event()

    def run(self) -> None:
        sr = self.rig.samplerate
        t0 = time.monotonic()
        buf = np.zeros((self.period, 2), np.float32)
        while not self._halt.is_set():
            target = int((time.monotonic() - t0) * sr)
            while self.frames + self.period <= target and not self._halt.is_set():
                self.rig.render_into(buf)
                if self.capture:
                    self.captured.append(buf.copy())
                self.frames += self.period
            self._halt.wait(0.004)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


class Player:
    """Loop playback of a pattern on FluidSynth's sequencer. Thread-safe setters; the GUI polls position().

    driver: a FluidSynth audio driver name (pulseaudio, pipewire, alsa, coreaudio, ...), None for the
    platform default, or 'null' to run on the real-time null clock (no sound, clock keeps going)."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, driver: str | None = None,
                 buffer_size: int = 512, samplerate: int = 44100, capture: bool = False):
        self.rig = SynthRig(soundfont, kit, samplerate)
        self.samplerate = samplerate
        self.status = "ok"
        self._driver = None
        self._clock: _NullClock | None = None
        fs = self.rig.fs
        if driver != "null":
            s = self.rig.synth
            if driver:
                s.setting("audio.driver", driver)
            s.setting("audio.period-size", int(buffer_size))
            s.setting("audio.periods", 2)
            with _quiet_stderr():  # ALSA and FluidSynth print to fd 2 when there is no device
                self._driver = fs.new_fluid_audio_driver(s.settings, s.synth)
            if not self._driver:
                name = driver or s.get_setting("audio.driver")
                self.status = f"no audio output: FluidSynth could not open the '{name}' audio driver (no sound device?)"
        if self._driver is None:
            self._clock = _NullClock(self.rig, period=buffer_size, capture=capture)
        self.seq = fs.Sequencer(time_scale=samplerate, use_system_timer=False)
        self.dest = self.seq.register_fluidsynth(self.rig.synth)
        self._client = self.seq.register_client("grooveloom", self._on_timer)
        self._remove = fs.cfunc("fluid_sequencer_remove_events", None, ("seq", ctypes.c_void_p, 1),
                                ("source", ctypes.c_short, 1), ("dest", ctypes.c_short, 1),
                                ("type", ctypes.c_int, 1))
        self._lock = threading.RLock()
        self.pattern: Pattern | None = None
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self.playing = False
        self.range = (0, 0)            # steps [start, end) being looped
        self._anchor_tick = 0          # sequencer tick at which step `_anchor_g` sounds (straight time)
        self._anchor_g = 0             # steps since the loop range start (unbounded across passes)
        self._next_g = 0               # first step not yet queued
        self.scheduled: list[tuple[int, int]] = []  # (tick, g) of queued steps, for benches
        self.keep_schedule_log = False
        if self._clock is not None:
            self._clock.start()

    # ---- musical time <-> ticks -----------------------------------------------------------------
    def _span(self) -> int:
        return self.range[1] - self.range[0]

    def _q(self, g: float) -> float:
        """Quarter notes from the range start to step g (g may run over many passes); swing applied."""
        p, span = self.pattern, self._span()
        passes, k = divmod(g, span)
        start = self.range[0]
        span_q = span / p.steps_per_quarter
        q0 = float(step_quarters(p, [start])[0])
        return passes * span_q + float(step_quarters(p, [start + k])[0]) - q0

    def _tick(self, g: float) -> int:
        spq = self.samplerate * 60.0 / self.pattern.tempo
        return int(round(self._anchor_tick + (self._q(g) - self._q(self._anchor_g)) * spq))

    def position(self) -> float | None:
        """The step (float, within the pattern) sounding now, or None when stopped."""
        with self._lock:
            if not self.playing or self.pattern is None:
                return None
            p, span = self.pattern, self._span()
            now = self.seq.get_tick()
            spq = self.samplerate * 60.0 / p.tempo
            q = self._q(self._anchor_g) + (now - self._anchor_tick) / spq
            if q < 0:
                return None  # count-in
            span_q = span / p.steps_per_quarter
            q_in = q % span_q
            q0 = float(step_quarters(p, [self.range[0]])[0])
            straight = float(unswing_quarters([q0 + q_in], p.bar_quarters, p.swing, p.swing_unit)[0])
            return min(straight * p.steps_per_quarter, self.range[1] - 1e-6)

    # ---- scheduling ------------------------------------------------------------------------------
    def _lookahead_ticks(self) -> int:
        return int(max(self.pattern.bar_seconds * 1.25, 0.5) * self.samplerate)

    def _fill(self) -> None:
        """Queue every step up to now + lookahead, then a timer to come back in half that time."""
        if not self.playing:
            return
        now = self.seq.get_tick()
        horizon = now + self._lookahead_ticks()
        p, span, start = self.pattern, self._span(), self.range[0]
        audible = audible_rows(p, self.mixer)
        clicks = self._click_steps() if self.metronome else {}
        while self._tick(self._next_g) < horizon:
            g = self._next_g
            passes, k = divmod(g, span)
            s = start + k
            tick = self._tick(g)
            rows = np.flatnonzero((p.hits[:, s] > 0) & audible)
            if len(rows):
                vel = p.hits[rows, s].astype(np.int64)
                dt = np.zeros(len(rows))
                if self.humanize.active:
                    dt, dv = self.humanize.offsets(p, rows, np.full(len(rows), s), passes)
                    vel = np.clip(vel + dv.astype(np.int64), 1, 127)
                for r, v, d in zip(rows, vel, dt):
                    t_on = max(now, tick + int(round(d * self.samplerate)))
                    length = (p.rows[r].length or 1.0) * p.seconds_per_step
                    self.seq.note_on(t_on, row_channel(int(r)), p.rows[r].note, int(v), source=self._client,
                                     dest=self.dest)
                    self.seq.note_off(t_on + int(length * self.samplerate), row_channel(int(r)), p.rows[r].note,
                                      source=self._client, dest=self.dest)
            if s in clicks:
                self.seq.note_on(max(now, tick), METRONOME_CHANNEL, clicks[s], METRONOME_VELOCITY,
                                 source=self._client, dest=self.dest)
            if self.keep_schedule_log:
                self.scheduled.append((tick, g))
            self._next_g += 1
        self.seq.timer(now + self._lookahead_ticks() // 2, source=-1, dest=self._client)

    def _click_steps(self) -> dict[int, int]:
        """Steps that start a metronome beat -> click note."""
        p = self.pattern
        ct, cn = click_times(p, p.bars)
        q = ct * p.tempo / 60.0
        steps = q * p.steps_per_quarter
        return {int(round(s)): int(n) for s, n in zip(steps, cn) if abs(s - round(s)) < 1e-6}

    def _on_timer(self, time_, event, seq, data) -> None:
        try:
            with self._lock:
                self._fill()
        except Exception:  # never raise into FluidSynth's audio thread
            pass

    def _first_unplayed(self) -> int:
        """The first queued step that has not sounded yet."""
        now = self.seq.get_tick()
        g = self._next_g
        while g > self._anchor_g and self._tick(g - 1) > now:
            g -= 1
        return g

    def _reschedule(self) -> None:
        """Withdraw queued note-ons and queue again from the next step (edits, tempo, mixer)."""
        g = self._first_unplayed()
        self._remove(self.seq.sequencer, self._client, self.dest, SEQ_NOTEON)
        self._next_g = g
        self._fill()

    # ---- public API --------------------------------------------------------------------------------
    def play(self, pattern: Pattern, *, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
             count_in: bool = False, loop_range: tuple[int, int] | None = None) -> None:
        with self._lock:
            self.stop()
            self.pattern, self.mixer, self.humanize, self.metronome = pattern, mixer, humanize, metronome
            self.range = self._checked_range(pattern, loop_range)
            self.rig.apply_mixer(pattern, mixer)
            now = self.seq.get_tick()
            start = now + int(0.05 * self.samplerate)
            if count_in:
                ct, cn = click_times(pattern, 1)
                for t, n in zip(ct, cn):
                    self.seq.note_on(start + int(t * self.samplerate), METRONOME_CHANNEL, int(n),
                                     METRONOME_VELOCITY, source=self._client, dest=self.dest)
                start += int(pattern.bar_seconds * self.samplerate)
            self._anchor_tick, self._anchor_g, self._next_g = start, 0, 0
            self.scheduled = []
            self.playing = True
            self._fill()

    def stop(self) -> None:
        with self._lock:
            if self.playing:
                self.playing = False
                self._remove(self.seq.sequencer, self._client, self.dest, SEQ_NOTEON)
                self._remove(self.seq.sequencer, -1, self._client, -1)  # pending timers

    def set_pattern(self, pattern: Pattern) -> None:
        """Hand over an edited pattern (immutable: no copy, no lock held by the caller). Heard from the next
        step; a tempo change keeps the current position (no jump)."""
        with self._lock:
            if not self.playing:
                self.pattern = pattern
                return
            g = self._first_unplayed()
            tick_g = self._tick(g)
            old_start, old_span = self.range[0], self._span()
            s = old_start + g % old_span
            self.pattern = pattern
            if self.range[1] > pattern.n_steps:
                self.range = (0, pattern.n_steps)
            if not self.range[0] <= s < self.range[1]:
                s = self.range[0]
            self._anchor_tick, self._anchor_g = tick_g, s - self.range[0]
            self._remove(self.seq.sequencer, self._client, self.dest, SEQ_NOTEON)
            self._next_g = self._anchor_g
            self._fill()

    def set_mixer(self, mixer) -> None:
        with self._lock:
            self.mixer = mixer
            if self.pattern is not None:
                self.rig.apply_mixer(self.pattern, mixer)
                if self.playing:
                    self._reschedule()

    def set_options(self, *, humanize: Humanize | None = None, metronome: bool | None = None) -> None:
        with self._lock:
            if humanize is not None:
                self.humanize = humanize
            if metronome is not None:
                self.metronome = metronome
            if self.playing:
                self._reschedule()

    def set_loop_range(self, loop_range: tuple[int, int] | None) -> None:
        with self._lock:
            if self.pattern is None:
                return
            if not self.playing:
                self.range = self._checked_range(self.pattern, loop_range)
                return
            self.play(self.pattern, mixer=self.mixer, humanize=self.humanize, metronome=self.metronome,
                      loop_range=loop_range)

    def set_kit(self, kit: str | None) -> Kit:
        with self._lock:
            return self.rig.set_kit(kit)

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
        with self._lock:
            self.stop()
        if self._clock is not None:
            self._clock.stop()
            self._clock = None
        if self._driver:
            self.rig.fs.delete_fluid_audio_driver(self._driver)  # the driver before the synth
            self._driver = None
        if self.seq is not None:
            self.seq.delete()
            self.seq = None
        self.rig.delete()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

