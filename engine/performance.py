"""A pattern as a performance: the note events of N loops with swing, humanize, mixer (mute/solo),
metronome and count-in. Playback, WAV export and MIDI export all take their times from here, so a hit
sounds at the same moment everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .pattern import Pattern
from .rolls import FLAM_S, counts_of, expand
from .timing import step_quarters

METRONOME_HIGH, METRONOME_LOW = 76, 77   # GM Hi / Low Wood Block: beat 1 / other beats
METRONOME_VELOCITY = 100


@dataclass(frozen=True)
class Humanize:
    """Seeded random timing (+-ms) and velocity (+-units) offsets, the same on every render of a loop."""

    timing_ms: float = 0.0
    velocity: int = 0
    seed: int = 0

    def __post_init__(self) -> None:
        if not 0 <= self.timing_ms <= 50:
            raise ValueError(f"humanize timing must be 0-50 ms, got {self.timing_ms}")
        if not 0 <= self.velocity <= 64:
            raise ValueError(f"humanize velocity must be 0-64, got {self.velocity}")

    @property
    def active(self) -> bool:
        return self.timing_ms > 0 or self.velocity > 0

    def offsets(self, pattern: Pattern, rows: np.ndarray, steps: np.ndarray, loop: int = 0):
        """(seconds, velocity units) for the given hits of one loop pass. Each hit's offsets depend only on
        (seed, loop, row, step), so an edit elsewhere in the pattern does not reshuffle them."""
        rng = np.random.Generator(np.random.PCG64([self.seed, loop]))
        table = rng.uniform(-1.0, 1.0, (2, len(pattern.rows), pattern.n_steps))
        return table[0, rows, steps] * self.timing_ms / 1000.0, np.round(table[1, rows, steps] * self.velocity)


NO_HUMANIZE = Humanize()


class PlayedFeel:
    """A drummer's feel worked out for given patterns (models.feel.pattern_feel: each hit's seconds off the
    grid and its velocity), played wherever Humanize is (the live scheduler, hit_times for the WAV, MIDI
    export): the same hit sounds at the same moment everywhere. Pure lookups, so any thread may read it;
    a pattern it was not worked out for plays as drawn (the window works the feel out in a worker before
    it hands a pattern to the player)."""

    active = True

    def __init__(self, tables):
        """tables: (pattern, seconds (rows, steps), velocities (rows, steps)) per pattern."""
        self._tables = {id(p): (p, np.asarray(dt, np.float64), np.asarray(v, np.int64)) for p, dt, v in tables}

    def offsets(self, pattern: Pattern, rows: np.ndarray, steps: np.ndarray, loop: int = 0):
        e = self._tables.get(id(pattern))
        if e is None or e[0] is not pattern:
            return np.zeros(len(rows)), np.zeros(len(rows))
        return e[1][rows, steps], e[2][rows, steps] - pattern.hits[rows, steps].astype(np.int64)


@dataclass(frozen=True)
class Notes:
    """The notes some hits play, rolls and flams expanded: `hit` indexes the hits each note comes from,
    `pos` is its straight position in steps (a repeat sits between grid lines), `quarters` where it
    sounds (swing, humanize or feel, and a flam's lead applied; a grace note of the first step may sit
    before 0), `share` the part of the step it may last (1/repeats), `grace` a flam's grace note."""
    hit: np.ndarray
    pos: np.ndarray
    quarters: np.ndarray
    velocity: np.ndarray
    share: np.ndarray
    grace: np.ndarray


def hit_notes(pattern: Pattern, steps: np.ndarray, codes: np.ndarray, velocities: np.ndarray,
              offset_quarters: np.ndarray | None = None, rows: np.ndarray | None = None) -> Notes:
    """The notes of the given hits (one step, code, velocity, and timing offset in quarters each; with
    `rows`, each hit's played timing, the pattern's nudge, moves it in straight time): every repeat of a roll
    at its fraction of the step through the swing warp, the whole roll moved by its hit's offset. The one
    place rolls and played timing meet time, for playback, WAV and MIDI alike."""
    steps = np.asarray(steps, np.int64)
    idx, frac, vel, grace = expand(codes, velocities)
    pos = steps[idx] + frac
    if rows is not None:
        pos = pos + pattern.nudge[np.asarray(rows, np.int64), steps].astype(np.float64)[idx]
    q = step_quarters(pattern, pos) - grace * (FLAM_S * pattern.tempo / 60.0)
    if offset_quarters is not None:
        q = q + np.asarray(offset_quarters, np.float64)[idx]
    return Notes(idx, pos, q, vel, 1.0 / counts_of(np.asarray(codes)[idx]), grace)


GRACE_LENGTH = 0.8   # a flam's grace note lasts this share of its lead: it ends before its hit starts


def note_steps(pattern: Pattern, rows: np.ndarray, notes: Notes, default: float = 1.0) -> np.ndarray:
    """How long each note lasts, in steps: its row's length (or `default`) over the roll's repeats; a grace
    note ends before its hit (a DAW sees two notes, not one cut short)."""
    own = np.array([pattern.rows[r].length or default for r in rows], np.float64) * notes.share
    return np.where(notes.grace, GRACE_LENGTH * FLAM_S / pattern.seconds_per_step, own)


def pass_notes(pattern: Pattern, humanize: Humanize = NO_HUMANIZE, loop: int = 0):
    """The notes of one pass as played: (rows, steps, seconds from the pass's start, velocities, length in
    steps, grace). A roll gives a note per repeat; a note may sit before 0 (a hit the feel or humanize plays
    early on the first step, a flam's grace note of it: they sound in the pass before) or past the end."""
    rows, steps = np.nonzero(pattern.hits)
    vel = pattern.hits[rows, steps].astype(np.int64)
    dq = None
    if humanize.active:
        dt, dv = humanize.offsets(pattern, rows, steps, loop)
        dq = dt * pattern.tempo / 60.0
        vel = np.clip(vel + dv.astype(np.int64), 1, 127)
    n = hit_notes(pattern, steps, pattern.rolls[rows, steps], vel, dq, rows)
    return (rows[n.hit], steps[n.hit], n.quarters * (60.0 / pattern.tempo), n.velocity,
            note_steps(pattern, rows[n.hit], n), n.grace)


def hit_times(pattern: Pattern, humanize: Humanize = NO_HUMANIZE, loop: int = 0):
    """pass_notes without the grace flags: (rows, steps, seconds, velocities, length in steps)."""
    return pass_notes(pattern, humanize, loop)[:5]


def from_zero(on: np.ndarray, grace: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Where a file starts, its zero is the grid's (a DAW's bar line): a note played before it sounds on
    it, a flam's grace note before it is left out. (on shifts, keep) for note times `on` (any unit)."""
    keep = ~(grace & (on < 0))
    return np.maximum(on, 0) - on, keep


def midi_timing(humanize: Humanize, loop: int = 0):
    """A `timing` hook for midi.pattern_to_midi that applies the same humanize as playback (its pass
    `loop`; a hit may move before the pass's start)."""
    def timing(pattern, rows, steps, vel):
        q = step_quarters(pattern, steps)
        if not humanize.active:
            return q, vel
        dt, dv = humanize.offsets(pattern, rows, steps, loop)
        return q + dt * pattern.tempo / 60.0, np.clip(vel + dv.astype(np.int64), 1, 127)
    return timing


def audible_rows(pattern: Pattern, mixer) -> np.ndarray:
    """Bool per row: not muted, and soloed when any row is soloed."""
    if mixer is None:
        return np.ones(len(pattern.rows), bool)
    mix = [mixer.row(r.note) for r in pattern.rows]
    solo = any(m.solo for m in mix)
    return np.array([(m.solo if solo else True) and not m.mute for m in mix], bool)


def click_times(pattern: Pattern, bars: int, start: float = 0.0):
    """Metronome clicks for `bars` bars from `start` seconds: (seconds, notes). One click per notated beat
    (per dotted quarter in compound meters such as 6/8, 9/8, 12/8)."""
    compound = pattern.denominator >= 8 and pattern.numerator % 3 == 0 and pattern.numerator > 3
    beat_q = (4.0 / pattern.denominator) * (3 if compound else 1)
    beats = int(round(pattern.bar_quarters / beat_q))
    q = np.arange(bars * beats) * beat_q
    notes = np.where(np.arange(bars * beats) % beats == 0, METRONOME_HIGH, METRONOME_LOW)
    return start + q * 60.0 / pattern.tempo, notes
