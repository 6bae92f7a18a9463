"""The immutable drum pattern: rows x steps of velocities, with meter, grid, tempo and swing.

Every edit returns a new Pattern, so a pattern can be handed to the player thread, the drummer worker
or the undo stack without locks or copies. The velocity array is read-only.

Grids are named by steps per whole note: 16 (16ths), 32 (32nds), 12 (8th triplets), 24 (16th triplets).
A bar holds numerator * grid / denominator steps; that must be a whole number (7/8 has no 8th-triplet grid).
"""
from __future__ import annotations

from dataclasses import dataclass, field, replace
from typing import Iterable, Sequence

import numpy as np

from .drumkit import DEFAULT_ROWS, N_VOICES, Row, row_sort_key, voice_of_pitch
from .rolls import Roll, on_grid, valid_codes

GRIDS: dict[int, str] = {16: "16th", 32: "32nd", 12: "8th triplet", 24: "16th triplet", 48: "32nd triplet",
                         64: "64th"}
DENOMINATORS = (1, 2, 4, 8, 16, 32)
MAX_NUMERATOR = 32
MAX_BARS = 1024
MAX_ROWS = 128           # one row per MIDI note at most
MAX_STEPS = 1 << 16      # steps in one pattern (1,024 bars of 4/4 in 64ths): checked before allocating
EDIT_MAX_BARS = 32       # the longest pattern the window edits and the drummer writes (imports are cut to it)
MIN_TEMPO, MAX_TEMPO = 20.0, 400.0
MIN_SWING, MAX_SWING = 0.5, 0.75
SWING_UNITS = (8, 16)
DEFAULT_VELOCITY = 100
ACCENT_VELOCITY = 120
GHOST_VELOCITY = 40
MAX_NUDGE = 0.5          # a hit's played timing: at most half a step off its grid line (steps, straight time)


def steps_per_bar_for(numerator: int, denominator: int, grid: int) -> int:
    """Steps in one bar, or ValueError when the meter does not fit the grid."""
    if not isinstance(numerator, (int, np.integer)) or not 1 <= numerator <= MAX_NUMERATOR:
        raise ValueError(f"time signature numerator must be 1-{MAX_NUMERATOR}, got {numerator!r}")
    if denominator not in DENOMINATORS:
        raise ValueError(f"time signature denominator must be one of {DENOMINATORS}, got {denominator!r}")
    if grid not in GRIDS:
        raise ValueError(f"grid must be one of {sorted(GRIDS)} (steps per whole note), got {grid!r}")
    n = numerator * grid
    if n % denominator:
        raise ValueError(f"a {numerator}/{denominator} bar does not divide into {GRIDS[grid]} steps "
                         f"({numerator}*{grid}/{denominator} is not a whole number)")
    return n // denominator


def check_size(rows: int, steps: int) -> None:
    """ValueError, before anything is allocated, for a pattern larger than GrooveLoom holds."""
    if rows > MAX_ROWS:
        raise ValueError(f"{rows} rows; a pattern holds at most {MAX_ROWS} (engine.pattern.MAX_ROWS)")
    if steps > MAX_STEPS:
        raise ValueError(f"{steps} steps; a pattern holds at most {MAX_STEPS} (engine.pattern.MAX_STEPS: "
                         f"1,024 bars of 4/4 in 64ths)")


def parse_meter(text: str) -> tuple[int, int]:
    """'7/8' -> (7, 8). ValueError names the text; the numbers themselves are checked by the Pattern."""
    parts = str(text).strip().split("/")
    try:
        if len(parts) != 2:
            raise ValueError
        return int(parts[0]), int(parts[1])
    except ValueError:
        raise ValueError(f"time signature must be n/d like 4/4 or 7/8, got {text!r}") from None


def tile_to(hits: np.ndarray, n_steps: int) -> np.ndarray:
    """Repeat a (rows x steps) loop to n_steps, cutting the last repeat (loops laid onto longer patterns)."""
    hits = np.asarray(hits)
    reps = -(-n_steps // hits.shape[-1])
    return np.tile(hits, (1,) * (hits.ndim - 1) + (reps,))[..., :n_steps]


@dataclass(frozen=True)
class Clip:
    """Whole bars copied from a pattern: velocities, rolls and played timing (rows x steps each)."""
    hits: np.ndarray
    rolls: np.ndarray
    nudge: np.ndarray | None = None

    @property
    def shape(self) -> tuple[int, ...]:
        return self.hits.shape


def clip_parts(clip, n_rows: int | None = None) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(velocities, rolls, nudges) of a Clip or a bare velocity array (no rolls, on the grid)."""
    if isinstance(clip, Clip):
        hits, rolls = np.asarray(clip.hits), np.asarray(clip.rolls)
        nudge = np.zeros(hits.shape, np.float32) if clip.nudge is None else np.asarray(clip.nudge)
    else:
        hits = np.asarray(clip)
        rolls, nudge = np.zeros(hits.shape, np.uint8), np.zeros(hits.shape, np.float32)
    if hits.ndim != 2 or (n_rows is not None and hits.shape[0] != n_rows):
        raise ValueError(f"clip has {hits.shape[0] if hits.ndim == 2 else '?'} rows, pattern has {n_rows}")
    return hits, rolls, nudge


@dataclass(frozen=True, eq=False)
class Pattern:
    rows: tuple[Row, ...]
    hits: np.ndarray  # uint8 (len(rows), bars * steps_per_bar); 0 = no hit, 1..127 = velocity
    numerator: int = 4
    denominator: int = 4
    grid: int = 16
    tempo: float = 120.0
    swing: float = 0.5
    swing_unit: int = 16
    rolls: np.ndarray | None = None  # uint8 like hits: engine.rolls codes (0 = a plain hit); None = no rolls
    nudge: np.ndarray | None = None  # float32: each hit's played timing, steps off its grid line (straight time)
    steps_per_bar: int = field(init=False)

    def __post_init__(self) -> None:
        rows = tuple(self.rows)
        if not all(isinstance(r, Row) for r in rows):
            raise ValueError("rows must be Row objects")
        spb = steps_per_bar_for(self.numerator, self.denominator, self.grid)
        shape = np.shape(self.hits)
        if len(shape) == 2:
            check_size(shape[0], shape[1])
        hits = np.array(self.hits, dtype=np.int64, copy=True)
        if hits.ndim != 2 or hits.shape[0] != len(rows):
            raise ValueError(f"hits must have shape (rows={len(rows)}, steps), got {hits.shape}")
        if hits.shape[1] == 0 or hits.shape[1] % spb:
            raise ValueError(f"steps ({hits.shape[1]}) must be a positive multiple of the bar ({spb} steps)")
        if hits.shape[1] // spb > MAX_BARS:
            raise ValueError(f"a pattern holds at most {MAX_BARS} bars, got {hits.shape[1] // spb}")
        if hits.size and (hits.min() < 0 or hits.max() > 127):
            raise ValueError("velocities must be 0-127")
        if not MIN_TEMPO <= float(self.tempo) <= MAX_TEMPO:
            raise ValueError(f"tempo must be {MIN_TEMPO:g}-{MAX_TEMPO:g} BPM, got {self.tempo!r}")
        if not MIN_SWING <= float(self.swing) <= MAX_SWING:
            raise ValueError(f"swing must be {MIN_SWING}-{MAX_SWING}, got {self.swing!r}")
        if self.swing_unit not in SWING_UNITS:
            raise ValueError(f"swing unit must be 8 or 16, got {self.swing_unit!r}")
        hits = hits.astype(np.uint8)
        hits.setflags(write=False)
        if self.rolls is None:
            rolls = np.zeros(hits.shape, np.uint8)
        else:
            rolls = np.array(self.rolls, dtype=np.int64, copy=True)
            if rolls.shape != hits.shape:
                raise ValueError(f"rolls must have the shape of hits {hits.shape}, got {rolls.shape}")
            if not valid_codes(rolls):
                raise ValueError("rolls hold codes that are not rolls (engine.rolls)")
            rolls = np.where(hits > 0, rolls, 0).astype(np.uint8)   # a roll lives on a hit
        rolls.setflags(write=False)
        nudge = np.zeros(hits.shape, np.float64) if self.nudge is None else np.array(self.nudge, np.float64)
        if nudge.shape != hits.shape or not np.isfinite(nudge).all():
            raise ValueError(f"nudges must be finite, in the shape of hits {hits.shape}, got {nudge.shape}")
        nudge = np.where(hits > 0, np.clip(np.round(nudge, 4), -MAX_NUDGE, MAX_NUDGE), 0).astype(np.float32)
        nudge.setflags(write=False)
        object.__setattr__(self, "nudge", nudge)
        object.__setattr__(self, "rows", rows)
        object.__setattr__(self, "hits", hits)
        object.__setattr__(self, "rolls", rolls)
        object.__setattr__(self, "numerator", int(self.numerator))
        object.__setattr__(self, "tempo", round(float(self.tempo), 2))
        object.__setattr__(self, "swing", round(float(self.swing), 4))
        object.__setattr__(self, "steps_per_bar", spb)

    # ---- construction -------------------------------------------------------------------------
    @classmethod
    def empty(cls, rows: Sequence[Row] = DEFAULT_ROWS, bars: int = 1, numerator: int = 4,
              denominator: int = 4, grid: int = 16, **kw) -> "Pattern":
        spb = steps_per_bar_for(numerator, denominator, grid)
        return cls(tuple(rows), np.zeros((len(rows), spb * bars), np.uint8), numerator, denominator,
                   grid, **kw)

    # ---- derived facts ------------------------------------------------------------------------
    @property
    def n_steps(self) -> int:
        return self.hits.shape[1]

    @property
    def bars(self) -> int:
        return self.n_steps // self.steps_per_bar

    @property
    def steps_per_quarter(self) -> float:
        return self.grid / 4

    @property
    def meter(self) -> str:
        return f"{self.numerator}/{self.denominator}"

    @property
    def bar_quarters(self) -> float:
        """Length of one bar in quarter notes."""
        return self.numerator * 4 / self.denominator

    @property
    def bar_seconds(self) -> float:
        """Length of one bar in seconds (straight time)."""
        return self.bar_quarters * 60.0 / self.tempo

    @property
    def seconds_per_step(self) -> float:
        return 60.0 / self.tempo / self.steps_per_quarter

    @property
    def duration_seconds(self) -> float:
        return self.n_steps * self.seconds_per_step

    def beat_steps(self) -> float:
        """Steps per notated beat (a 1/denominator note); 1.5 on an 8th-triplet grid in 6/8."""
        return self.grid / self.denominator

    def hit_counts(self) -> dict[str, int]:
        return {r.name: int(np.count_nonzero(self.hits[i])) for i, r in enumerate(self.rows)}

    @property
    def total_hits(self) -> int:
        return int(np.count_nonzero(self.hits))

    def to_voices(self, unmapped_voice: int | None = None) -> np.ndarray:
        """(steps, 9) velocities on this pattern's grid: rows fold onto the drummer's voices by their GM note
        (loudest wins); rows with no voice go to `unmapped_voice`, or are left out."""
        out = np.zeros((self.n_steps, N_VOICES), np.uint8)
        for i, row in enumerate(self.rows):
            v = voice_of_pitch(row.note)
            v = unmapped_voice if v is None else v
            if v is not None:
                out[:, v] = np.maximum(out[:, v], self.hits[i])
        return out

    def row_index(self, note: int) -> int | None:
        for i, r in enumerate(self.rows):
            if r.note == note:
                return i
        return None

    def velocity(self, row: int, step: int) -> int:
        return int(self.hits[row, step])

    def roll(self, row: int, step: int) -> Roll:
        return Roll.from_code(self.rolls[row, step])

    @property
    def has_rolls(self) -> bool:
        return bool(self.rolls.any())

    @property
    def has_feel(self) -> bool:
        """Some hits keep a played timing off the grid (Quantize puts them on it)."""
        return bool(self.nudge.any())

    def quantized(self, start: int = 0, end: int | None = None) -> "Pattern":
        """Steps [start, end) (all by default) put on the grid: their hits lose their played timing."""
        nudge = np.array(self.nudge, copy=True)
        nudge[:, start:end] = 0
        return replace(self, nudge=nudge)

    @property
    def roll_count(self) -> int:
        """Cells that roll or flam."""
        return int(np.count_nonzero(self.rolls))

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Pattern):
            return NotImplemented
        return (self.rows == other.rows and self.numerator == other.numerator
                and self.denominator == other.denominator and self.grid == other.grid
                and self.tempo == other.tempo and self.swing == other.swing
                and self.swing_unit == other.swing_unit and self.hits.shape == other.hits.shape
                and bool(np.array_equal(self.hits, other.hits)) and bool(np.array_equal(self.rolls, other.rolls))
                and bool(np.array_equal(self.nudge, other.nudge)))

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        rolls = (f", {self.roll_count} rolls" if self.has_rolls else "") + (", played feel" if self.has_feel else "")
        return (f"Pattern({len(self.rows)} rows, {self.bars} bars of {self.meter}, grid {self.grid}, "
                f"{self.tempo:g} BPM, swing {self.swing:g}, {self.total_hits} hits{rolls})")

    # ---- edits (each returns a new Pattern) ---------------------------------------------------
    def with_hits(self, hits: np.ndarray, rolls: np.ndarray | None = None,
                  nudge: np.ndarray | None = None) -> "Pattern":
        """New velocities. Without `rolls` (`nudge`), a cell keeps its roll (timing) while it keeps a hit (same
        shape only: hits moved or resized by hand lose them; the methods below carry them)."""
        same = np.shape(hits) == self.hits.shape
        return replace(self, hits=hits, rolls=self.rolls if rolls is None and same else rolls,
                       nudge=self.nudge if nudge is None and same else nudge)

    def _cols(self, fn) -> "Pattern":
        """The same column (or row) operation on velocities, rolls and timing."""
        return replace(self, hits=fn(self.hits), rolls=fn(self.rolls), nudge=fn(self.nudge))

    def with_roll(self, row: int, step: int, roll: Roll) -> "Pattern":
        """Set a cell's roll (the cell must hold a hit; a plain Roll() removes it)."""
        self._check_cell(row, step)
        if not self.hits[row, step]:
            raise ValueError(f"no hit at row {row}, step {step} to roll")
        r = np.array(self.rolls, copy=True)
        r[row, step] = roll.code
        return replace(self, rolls=r)

    def _edited(self) -> np.ndarray:
        return np.array(self.hits, copy=True)

    def with_velocity(self, row: int, step: int, velocity: int) -> "Pattern":
        self._check_cell(row, step)
        if not 0 <= int(velocity) <= 127:
            raise ValueError(f"velocity must be 0-127, got {velocity!r}")
        h = self._edited()
        h[row, step] = int(velocity)
        return self.with_hits(h)

    def toggle(self, row: int, step: int, velocity: int = DEFAULT_VELOCITY) -> "Pattern":
        self._check_cell(row, step)
        return self.with_velocity(row, step, 0 if self.hits[row, step] else velocity)

    def _check_cell(self, row: int, step: int) -> None:
        if not 0 <= row < len(self.rows):
            raise IndexError(f"row {row} out of range (0-{len(self.rows) - 1})")
        if not 0 <= step < self.n_steps:
            raise IndexError(f"step {step} out of range (0-{self.n_steps - 1})")

    def _row_indices(self, rows: Iterable[int] | None) -> list[int]:
        return list(range(len(self.rows))) if rows is None else list(rows)

    def clear_range(self, start: int, end: int, rows: Iterable[int] | None = None) -> "Pattern":
        """Clear steps [start, end) on the given rows (all rows by default)."""
        h = self._edited()
        h[self._row_indices(rows), max(0, start):max(0, end)] = 0
        return self.with_hits(h)

    def slice_steps(self, start: int, end: int) -> "Pattern":
        """Steps [start, end) (whole bars) as a pattern of their own, rolls included."""
        return self._cols(lambda a: a[:, start:end])

    def bar_span(self, first_bar: int, count: int = 1) -> tuple[int, int]:
        if not (0 <= first_bar and count >= 1 and first_bar + count <= self.bars):
            raise IndexError(f"bars {first_bar + 1}-{first_bar + count} outside the pattern's {self.bars} bars")
        return first_bar * self.steps_per_bar, (first_bar + count) * self.steps_per_bar

    def copy_bars(self, first_bar: int, count: int = 1) -> Clip:
        """A clip of whole bars (velocities and rolls), for paste_bars."""
        a, b = self.bar_span(first_bar, count)
        return Clip(*(np.array(x[:, a:b], copy=True) for x in (self.hits, self.rolls, self.nudge)))

    def paste(self, clip, at_step: int) -> "Pattern":
        """Overwrite steps from at_step with the clip (a Clip, or bare velocities: no rolls); what runs past
        the end is cut off."""
        parts = clip_parts(clip, len(self.rows))
        n = max(0, min(parts[0].shape[1], self.n_steps - at_step))
        out = [np.array(x, copy=True) for x in (self.hits, self.rolls, self.nudge)]
        for mine, theirs in zip(out, parts):
            mine[:, at_step:at_step + n] = theirs[:, :n]
        return self.with_hits(*out)

    def paste_bars(self, clip, at_bar: int) -> "Pattern":
        return self.paste(clip, at_bar * self.steps_per_bar)

    def paste_aligned(self, rows: Sequence[Row], clip, at_bar: int) -> "Pattern":
        """Paste a clip copied from a pattern with other rows: each clip row goes to the row with its note;
        notes this pattern lacks are left out."""
        parts = clip_parts(clip)
        aligned = [np.zeros((len(self.rows), parts[0].shape[1]), x.dtype) for x in parts]
        for i, r in enumerate(rows):
            j = self.row_index(r.note)
            if j is not None:
                for mine, theirs in zip(aligned, parts):
                    mine[j] = theirs[i]
        return self.paste_bars(Clip(*aligned), at_bar)

    def from_16ths(self, step16: int) -> int:
        """A position counted in 16th steps (the drummer's grid) as a step of this pattern's grid."""
        return step16 * self.grid // 16 if self.grid in (16, 32) else step16

    def to_16ths(self, step: int) -> int:
        return step * 16 // self.grid if self.grid in (16, 32) else step

    def insert_bars(self, clip, at_bar: int) -> "Pattern":
        """Insert the clip (whole bars) before bar `at_bar`, making the pattern longer."""
        at = at_bar * self.steps_per_bar
        parts = clip_parts(clip, len(self.rows))
        return self.with_hits(*(np.concatenate([x[:, :at], y, x[:, at:]], axis=1)
                                for x, y in zip((self.hits, self.rolls, self.nudge), parts)))

    def delete_bars(self, first_bar: int, count: int = 1) -> "Pattern":
        a, b = self.bar_span(first_bar, count)
        if b - a >= self.n_steps:
            raise ValueError("cannot delete every bar of a pattern")
        return self._cols(lambda x: np.concatenate([x[:, :a], x[:, b:]], axis=1))

    def duplicate_bars(self, first_bar: int, count: int = 1) -> "Pattern":
        return self.insert_bars(self.copy_bars(first_bar, count), first_bar + count)

    def shift(self, steps: int, start: int = 0, end: int | None = None,
              rows: Iterable[int] | None = None) -> "Pattern":
        """Rotate the hits of [start, end) by `steps` (wrapping inside the range)."""
        end = self.n_steps if end is None else end
        idx = self._row_indices(rows)

        def rotate(a):
            a = np.array(a, copy=True)
            a[idx, start:end] = np.roll(a[idx, start:end], steps, axis=1)
            return a
        return self._cols(rotate)

    def resized(self, bars: int) -> "Pattern":
        """Longer: empty bars are added at the end. Shorter: the last bars are cut."""
        n = bars * self.steps_per_bar
        k = min(n, self.n_steps)

        def fit(a):
            out = np.zeros((len(self.rows), n), a.dtype)
            out[:, :k] = a[:, :k]
            return out
        return self._cols(fit)

    def with_grid(self, grid: int) -> tuple["Pattern", list[tuple[int, int, int]]]:
        """Change resolution. Hits (and rolls' notes) that land exactly on the new grid are kept; the others
        are returned as (row, step, velocity) on the old grid so the caller can report them."""
        new_spb = steps_per_bar_for(self.numerator, self.denominator, grid)
        h = np.zeros((2, len(self.rows), new_spb * self.bars), np.uint8)
        nudge = np.zeros(h.shape[1:], np.float64)
        lost: list[tuple[int, int, int]] = []
        for r, s in zip(*np.nonzero(self.hits)):      # (a roll is cut into the new steps its notes lie on)
            num = int(s) * grid
            cells = None if num % self.grid else on_grid(self.rolls[r, s], self.hits[r, s], self.grid, grid)
            if cells is None:
                lost.append((int(r), int(s), int(self.hits[r, s])))
            for k, code, vel in cells or ():
                h[:, r, num // self.grid + k] = vel, code
                nudge[r, num // self.grid + k] = self.nudge[r, s] * grid / self.grid   # (the same time, new steps)
        return replace(self, grid=grid, hits=h[0], rolls=h[1], nudge=nudge), lost

    def with_meter(self, numerator: int, denominator: int) -> "Pattern":
        """Re-bar the same steps in another meter; the last bar is padded with silence."""
        spb = steps_per_bar_for(numerator, denominator, self.grid)
        bars = -(-self.n_steps // spb)
        h = np.zeros((3, len(self.rows), bars * spb), np.float64)
        h[:, :, :self.n_steps] = self.hits, self.rolls, self.nudge
        return replace(self, numerator=numerator, denominator=denominator, hits=h[0], rolls=h[1], nudge=h[2])

    def with_meter_per_bar(self, numerator: int, denominator: int) -> tuple["Pattern", list[tuple[int, int, int]]]:
        """The same bars in another meter, each keeping its own content from its downbeat: a longer bar ends in
        silence, a shorter one loses its last steps, returned as (row, step, velocity) on the old steps."""
        spb = steps_per_bar_for(numerator, denominator, self.grid)
        keep = min(spb, self.steps_per_bar)
        old = self.hits.reshape(len(self.rows), self.bars, self.steps_per_bar)
        h = np.zeros((3, len(self.rows), self.bars, spb), np.float64)
        for k, x in enumerate((self.hits, self.rolls, self.nudge)):
            h[k, :, :, :keep] = x.reshape(old.shape)[:, :, :keep]
        r, b, s = np.nonzero(old[:, :, keep:])
        lost = [(int(i), int(j) * self.steps_per_bar + keep + int(k), int(old[i, j, keep + k])) for i, j, k in zip(r, b, s)]
        n = self.bars * spb
        return replace(self, numerator=numerator, denominator=denominator, hits=h[0].reshape(-1, n),
                       rolls=h[1].reshape(-1, n), nudge=h[2].reshape(-1, n)), lost

    def with_settings(self, **kw) -> "Pattern":
        """tempo, swing, swing_unit (validated like the constructor)."""
        return replace(self, **kw)

    def with_rows(self, rows: Sequence[Row], hits: np.ndarray | None = None, rolls: np.ndarray | None = None,
                  nudge: np.ndarray | None = None) -> "Pattern":
        """Other rows. Without `rolls` (`nudge`), they are kept when the velocities keep their shape."""
        hits = self.hits if hits is None else hits
        same = np.shape(hits) == self.hits.shape
        return replace(self, rows=tuple(rows), hits=hits, rolls=self.rolls if rolls is None and same else rolls,
                       nudge=self.nudge if nudge is None and same else nudge)

    def _each(self, fn) -> tuple:      # (hits, rolls, nudge), each through fn (a row operation)
        return tuple(fn(x) for x in (self.hits, self.rolls, self.nudge))

    def add_row(self, row: Row, index: int | None = None) -> "Pattern":
        if self.row_index(row.note) is not None:
            raise ValueError(f"a row for note {row.note} already exists")
        index = len(self.rows) if index is None else index
        rows = self.rows[:index] + (row,) + self.rows[index:]
        return self.with_rows(rows, *self._each(lambda x: np.insert(x, index, 0, axis=0)))

    def add_row_sorted(self, row: Row) -> "Pattern":
        """Add a row where it belongs in kit order (kick, snares, hats, toms, cymbals, percussion)."""
        key = row_sort_key(row.note)
        index = next((i for i, r in enumerate(self.rows) if row_sort_key(r.note) > key), len(self.rows))
        return self.add_row(row, index)

    def remove_row(self, index: int) -> "Pattern":
        rows = self.rows[:index] + self.rows[index + 1:]
        return self.with_rows(rows, *self._each(lambda x: np.delete(x, index, axis=0)))

    def move_row(self, src: int, dst: int) -> "Pattern":
        order = list(range(len(self.rows)))
        order.insert(dst, order.pop(src))
        return self.with_rows([self.rows[i] for i in order], *self._each(lambda x: x[order]))

    def rename_row(self, index: int, name: str | None = None, note: int | None = None) -> "Pattern":
        r = self.rows[index]
        new = Row(name if name is not None else r.name, note if note is not None else r.note, r.length)
        if new.note != r.note and self.row_index(new.note) is not None:
            raise ValueError(f"a row for note {new.note} already exists")
        return self.with_rows(self.rows[:index] + (new,) + self.rows[index + 1:])
