"""FluidSynth as GrooveLoom plays it: a synth loaded with a GM soundfont and a drum kit on every channel.

Every note plays on its own MIDI channel (beyond 15 notes they share), so volume (CC7) and pan work per row;
channel 16 is the metronome. Shutdown order elsewhere: driver/clock, then synth (the synth first segfaults).
"""
from __future__ import annotations

import ctypes

import numpy as np

from .errors import GrooveLoomError
from .fileio import quiet_stderr
from .kitbalance import curve_velocity, measure_kit, row_curves
from .pattern import Pattern
from .soundfont import (DRUM_BANK, INSTALL_HINT, Kit, SoundfontError, check_soundfont, default_soundfont,
                        find_soundfonts, list_kits, load_fluidsynth, pick_kit)

METRONOME_CHANNEL = 15
ROW_CHANNELS = 15
SAMPLE_RATES = (22050, 32000, 44100, 48000, 88200, 96000, 176400, 192000)   # export offers 44.1/48 kHz
BLOCK = 64
GEN_PAN = 17    # SoundFont generator 'pan', -500 (left) .. 500 (right)


def channel_notes(patterns) -> list[int]:
    """The note of each channel for playing these patterns one after another: every note keeps one channel
    (and with it its volume and pan) across all of them, so a song changes section without a mixer change.
    For one pattern: its rows' notes in order. Beyond ROW_CHANNELS notes, channels are shared."""
    notes: list[int] = []
    for p in patterns:
        notes += [r.note for r in p.rows if r.note not in notes]
    return notes


def row_channels(pattern: Pattern, notes: list[int] | None = None) -> np.ndarray:
    """The MIDI channel of each row of `pattern` (int64), by channel_notes (default: the pattern's own)."""
    index = {n: i for i, n in enumerate(notes if notes is not None else channel_notes([pattern]))}
    return np.array([index[r.note] % ROW_CHANNELS for r in pattern.rows], np.int64)


class AudioError(GrooveLoomError):
    """Audio output or rendering problem."""


class SynthRig:
    """A FluidSynth synth loaded with a soundfont, a drum kit on every channel, reverb/chorus off."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, samplerate: int = 44100,
                 gain: float = 0.6):
        if samplerate not in SAMPLE_RATES:
            raise AudioError(f"sample rate must be one of {', '.join(map(str, SAMPLE_RATES))}, got {samplerate}")
        self.fs = load_fluidsynth()
        self.samplerate = samplerate
        self.synth = self.fs.Synth(gain=gain, samplerate=float(samplerate),
                                   **{"synth.reverb.active": 0, "synth.chorus.active": 0,
                                      "synth.polyphony": 512})
        # The user's choice must load; otherwise the first discovered soundfont that loads is used.
        candidates = [default_soundfont(soundfont)] if soundfont else find_soundfonts()
        self.sfid, failed = -1, []
        for path in candidates:
            try:
                check_soundfont(path)
            except SoundfontError:
                if soundfont:
                    self.synth.delete()
                    raise
                failed.append(path)
                continue
            with quiet_stderr():   # FluidSynth and libinstpatch explain a bad file in several lines on fd 2
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
        self.kit_balance: dict = {}                # engine.kitbalance: {note: (curve, gain)} of the kit
        self.curves: dict[int, float] = {}         # note -> the curve it plays through (the row's or the kit's)
        self.select_kit(pick_kit(self.kits, kit, self.path))
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
        return self.select_kit(pick_kit(self.kits, kit, self.path))

    def select_kit(self, kit: Kit, balance: dict | None = None) -> Kit:
        """Another kit of the soundfont, with its balance (measured here unless given: Player measures it
        off the audio threads)."""
        self.kit = kit
        for ch in range(16):
            self.synth.program_select(ch, self.sfid, DRUM_BANK, kit.preset)
        self.kit_balance = balance if balance is not None else self.measure_balance(kit)
        self.curves = row_curves(self.kit_balance, None, self.kit_balance)   # (no mixer yet: the kit's own)
        return kit

    def measure_balance(self, kit: Kit) -> dict:
        """engine.kitbalance's {note: (curve, gain)} for a kit of this soundfont ({} if it cannot be measured)."""
        try:
            return measure_kit(self.fs, self.path, kit.preset, samplerate=self.samplerate).balance()
        except Exception:      # (a soundfont FluidSynth plays but cannot render alone: the kit as it is)
            return {}

    def velocity(self, note: int, vel: int) -> int:
        """The velocity the synth gets for a note: through the row's or the kit's curve (engine.kitbalance)."""
        c = self.curves.get(note)
        return int(vel) if c is None else int(curve_velocity(vel, c))

    def apply_mixer(self, notes: list[int], mixer) -> None:
        """Per-note volume (channel CC7) and pan (the channel's pan generator: the SoundFont default CC10
        modulator only reaches half-way) on the channels of channel_notes; master volume as synth gain."""
        self.curves = row_curves(notes, mixer, self.kit_balance)
        for ch, note in enumerate(notes[:ROW_CHANNELS]):
            m = mixer.row(note) if mixer is not None else None
            own = m is not None and getattr(m, "curve", None) is not None    # (a row's own curve: no kit balance)
            gain = 1.0 if own else self.kit_balance.get(note, (1.0, 1.0))[1]  # the kit's balance: a weak kick up
            if m is None and gain == 1.0:
                continue
            self.synth.cc(ch, 7, int(np.clip(round((m.volume if m else 1.0) * 100 * gain), 0, 127)))
            if m is not None:
                self._set_gen(self.synth.synth, ch, GEN_PAN, float(np.clip(m.pan, -1, 1) * 500))
        if mixer is not None:
            self._set_gain(self.synth.synth, float(self.base_gain * mixer.master / 0.8))

    def render_into(self, buf: np.ndarray) -> None:
        """Render len(buf) stereo frames (float32, shape (n, 2), C-contiguous) from the synth."""
        ptr = buf.ctypes.data
        self._write(self.synth.synth, len(buf), ptr, 0, 2, ptr + 4, 0, 2)

    def write(self, n: int, lptr: int, rptr: int, offset: int, incr: int) -> None:
        """Render n frames into float buffers at lptr/rptr, starting `offset` floats in, every incr floats."""
        self._write(self.synth.synth, n, lptr, offset, incr, rptr, offset, incr)

    def delete(self) -> None:
        if self.synth is not None:
            self.synth.delete()
            self.synth = None



BUFFER_SIZES = (64, 128, 256, 512, 1024, 2048)   # audio periods offered (frames); JACK uses its server's


def audio_drivers() -> list[str]:
    """The audio drivers this FluidSynth was built with (jack, pulseaudio, pipewire, alsa, sdl2, file, ...),
    'file' left out: it writes a file instead of playing."""
    fs = load_fluidsynth()
    found: list[str] = []
    each = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p)(
        lambda _data, _name, option: found.append(option.decode()))
    foreach = fs.cfunc("fluid_settings_foreach_option", None, ("settings", ctypes.c_void_p, 1),
                       ("name", ctypes.c_char_p, 1), ("data", ctypes.c_void_p, 1), ("func", type(each), 1))
    settings = fs.new_fluid_settings()
    try:
        foreach(settings, b"audio.driver", None, each)
    finally:
        fs.delete_fluid_settings(settings)
    return [d for d in found if d != "file"]
