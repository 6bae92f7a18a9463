"""Kit balance: GMD's e-kit velocities played so a kick sits with the snare as on a record.

The Groove MIDI Dataset was played on a Roland TD-11, whose kick pad fires hot: its drummers' kicks on the
beat sit at velocity 64 (median, train beats) beside backbeat snares at 116. Played at those velocities on a
General MIDI kit, the kick sounds some 13 dB under the snare (FluidR3 Standard). Here each kit is measured
as loudness, not velocity: every drum of the kit is rendered alone at a ladder of velocities and its
loudest 10 ms (RMS, dBFS) taken. The kick's channel is then turned up as far as its volume goes (CC7 127
for the mixer's 100: +4.1 dB) and the kick gets a velocity curve, v -> 127 * (v / 127) ** curve, whose
exponent brings the kick at the drummers' typical velocity to TARGETS against the snare at theirs (within
3 dB: it sits with it), or as near as MIN_CURVE allows (soft kicks stay softer than hard ones). A row's own
curve in the mixer (RowMix.curve) replaces the kit's. Sound only (playback, WAV): a MIDI export keeps the
velocities as written, for the DAW's own kit. No Qt, no TensorFlow."""
from __future__ import annotations

import numpy as np

LADDER = (8, 16, 24, 32, 48, 64, 80, 96, 112, 127)   # the velocities each drum is measured at
GMD_TYPICAL = {36: 64, 38: 116}      # GMD train beats: kick on the beat, snare on 2 and 4 (medians)
SNARE = 38
TARGETS = {36: -3.0, 35: -3.0}       # dB against the snare, each at its typical velocity: within 3 dB, as on a record
MAX_GAIN = 1.27                      # a channel's volume above the mixer's (CC7 127 for 100: +4.1 dB)
MIN_CURVE, MAX_CURVE = 0.25, 2.0     # the curves a row may have (1: as played; under 1 lifts the soft hits)
WINDOW_S, LISTEN_S = 0.010, 0.25
_measured: dict = {}                 # (soundfont, preset, samplerate) -> KitLevels: one measurement per kit


def curve_velocity(vel, curve: float) -> np.ndarray:
    """Velocities through a curve exponent (1: unchanged; 0 stays 0, the rest 1..127)."""
    v = np.asarray(vel, np.float64)
    if curve == 1.0:
        return np.asarray(vel, np.int64)
    out = np.clip(np.round(127.0 * (np.clip(v, 0, 127) / 127.0) ** curve), 1, 127).astype(np.int64)
    return np.where(v > 0, out, 0)


class KitLevels:
    """The loudness (dBFS, loudest 10 ms) of each measured note of one kit at each LADDER velocity."""

    def __init__(self, levels: dict[int, np.ndarray]):
        self.levels = {int(k): np.asarray(v, np.float64) for k, v in levels.items()}

    def level(self, note: int, vel) -> np.ndarray:
        """dBFS of `note` at velocities `vel` (interpolated between the measured ones)."""
        return np.interp(np.asarray(vel, np.float64), LADDER, self.levels[note])

    def balance(self) -> dict[int, tuple[float, float]]:
        """{note: (curve, gain)} for the notes with a target that they miss as played: the channel gain (up to
        MAX_GAIN) and the curve exponent that bring the note at its GMD-typical velocity to its target
        against the snare, or as near as MIN_CURVE allows."""
        if SNARE not in self.levels:
            return {}
        want = float(self.level(SNARE, GMD_TYPICAL[SNARE]))
        out = {}
        for note, target in TARGETS.items():
            if note not in self.levels:
                continue
            typical = GMD_TYPICAL.get(note, GMD_TYPICAL[36])
            if float(self.level(note, typical)) >= want + target:
                continue
            gain_db = min(want + target - float(self.level(note, typical)), cc7_db(MAX_GAIN))
            gain = gain_of_db(gain_db)
            gap = lambda c: (float(self.level(note, curve_velocity(typical, c))) + gain_db  # noqa: E731
                             - (want + target))
            lo, hi = MIN_CURVE, 1.0          # the gap rises as the curve falls: find where it crosses 0
            if gap(1.0) < 0 <= gap(lo):
                for _ in range(30):
                    mid = (lo + hi) / 2
                    lo, hi = (mid, hi) if gap(mid) >= 0 else (lo, mid)
                out[note] = (round(lo, 3), round(gain, 3))
            else:
                out[note] = (1.0 if gap(1.0) >= 0 else MIN_CURVE, round(gain, 3))
        return out

    def balance_db(self, balance: dict[int, tuple[float, float]], note: int = 36) -> float:
        """How loud `note` at its typical velocity sounds against the snare at its own, through `balance` (dB)."""
        curve, gain = balance.get(note, (1.0, 1.0))
        v = curve_velocity(GMD_TYPICAL.get(note, GMD_TYPICAL[36]), curve)
        return float(self.level(note, v) + cc7_db(gain) - self.level(SNARE, GMD_TYPICAL[SNARE]))


def cc7_db(gain: float) -> float:
    """dB a channel gains when its CC7 is `gain` times the mixer's (FluidSynth: 40 log10 of the ratio)."""
    return 40.0 * np.log10(max(gain, 1e-6))


def gain_of_db(db: float) -> float:
    return float(10 ** (db / 40.0))


def measure_kit(fs, soundfont: str, preset: int, notes=(36, 35, 38), samplerate: int = 44100) -> KitLevels:
    """Render each note alone on a FluidSynth synth of its own (pyfluidsynth module `fs`; reverb and chorus
    off, as GrooveLoom plays) at every LADDER velocity and measure its loudest 10 ms; cached per kit."""
    key = (soundfont, int(preset), int(samplerate), tuple(notes))
    if key in _measured:
        return _measured[key]
    synth = fs.Synth(gain=0.6, samplerate=float(samplerate),
                     **{"synth.reverb.active": 0, "synth.chorus.active": 0, "synth.polyphony": 64})
    try:
        sfid = synth.sfload(soundfont)
        synth.program_select(0, sfid, 128, int(preset))
        n, w = int(LISTEN_S * samplerate), int(WINDOW_S * samplerate)
        levels = {}
        for note in notes:
            row = []
            for vel in LADDER:
                synth.noteon(0, int(note), int(vel))
                x = np.asarray(synth.get_samples(n), np.float64).reshape(-1, 2).mean(axis=1) / 32768.0
                synth.noteoff(0, int(note))
                synth.all_sounds_off(0)
                synth.get_samples(int(0.05 * samplerate))            # let the cut voices go
                rms = np.sqrt((x[:len(x) // w * w].reshape(-1, w) ** 2).mean(axis=1)).max() if len(x) >= w else 0.0
                row.append(20 * np.log10(max(rms, 1e-9)))
            levels[int(note)] = np.maximum.accumulate(np.array(row))    # (never softer for a harder hit)
        kl = KitLevels(levels)
    finally:
        synth.delete()
    _measured[key] = kl
    return kl


def row_curves(notes, mixer, kit: dict[int, tuple[float, float]]) -> dict[int, float]:
    """{note: curve} the synth plays each note through: the row's own curve (mixer) else the kit's."""
    out = {}
    for note in notes:
        own = getattr(mixer.row(note), "curve", None) if mixer is not None else None
        c = own if own is not None else kit.get(int(note), (1.0, 1.0))[0]
        if c != 1.0:
            out[int(note)] = float(c)
    return out
