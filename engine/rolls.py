"""Rolls, ratchets and flams: what one step of one row plays besides its single hit.

A cell's roll is one byte beside its velocity (Pattern.rolls): the repeat count (1, 2, 3, 4, 6 or 8 hits
spread evenly over the step: 32nds, triplets, 64ths on a 16th grid), a velocity shape over the repeats
(flat, up = crescendo into the cell's velocity, down = from it) and a flam (a softer grace note FLAM_S
before the first hit). Code 0 is a plain hit, so a pattern without rolls is all zeros.

`expand` turns hits into the notes they play; playback, WAV and MIDI export all place notes through it
(and through engine.timing's swing warp at the repeat's fractional step), so a repeat sounds at the same
moment everywhere.
"""
from __future__ import annotations

from dataclasses import dataclass
from fractions import Fraction

import numpy as np

COUNTS = (1, 2, 3, 4, 6, 8)
SHAPES = ("flat", "up", "down")
FLAM_BIT = 0x20
FLAM_S = 0.025            # the grace note sounds this long before its hit (a drummer's flam: 15-35 ms)
FLAM_VELOCITY = 0.55      # ... at this share of the hit's velocity
RAMP_FLOOR = 0.45         # an up/down ramp starts (ends) at this share of the cell's velocity
MAX_CODE = FLAM_BIT | (2 << 3) | (len(COUNTS) - 1)


@dataclass(frozen=True)
class Roll:
    count: int = 1
    shape: str = "flat"
    flam: bool = False

    def __post_init__(self) -> None:
        if self.count not in COUNTS:
            raise ValueError(f"a roll plays {', '.join(map(str, COUNTS))} hits per step, got {self.count!r}")
        if self.shape not in SHAPES:
            raise ValueError(f"a roll's shape is one of {', '.join(SHAPES)}, got {self.shape!r}")
        if self.count == 1 and self.shape != "flat":
            object.__setattr__(self, "shape", "flat")    # one hit has no ramp (one code per sound)

    @property
    def code(self) -> int:
        return COUNTS.index(self.count) | (SHAPES.index(self.shape) << 3) | (FLAM_BIT if self.flam else 0)

    @classmethod
    def from_code(cls, code: int) -> "Roll":
        code = int(code)
        if not valid_codes(np.array([code])):
            raise ValueError(f"roll code {code} is not a roll")
        return cls(COUNTS[code & 7], SHAPES[(code >> 3) & 3], bool(code & FLAM_BIT))

    @property
    def plain(self) -> bool:
        return self.code == 0

    def label(self) -> str:
        """What the cell shows and `info` lists: 'x3', 'x4 up', 'flam', 'flam x2 down'."""
        parts = ["flam"] if self.flam else []
        if self.count > 1:
            parts.append(f"x{self.count}" + ("" if self.shape == "flat" else f" {self.shape}"))
        return " ".join(parts)

    def to_json(self) -> dict:
        out: dict = {}
        if self.count > 1:
            out["repeats"] = self.count
            if self.shape != "flat":
                out["shape"] = self.shape
        if self.flam:
            out["flam"] = True
        return out


def valid_codes(codes: np.ndarray) -> bool:
    codes = np.asarray(codes, np.int64)
    count, shape = codes & 7, (codes >> 3) & 3
    return bool(np.all((count < len(COUNTS)) & (shape < len(SHAPES)) & ((count > 0) | (shape == 0))
                       & (codes <= MAX_CODE) & (codes >= 0)))


def grace_velocity(velocity):
    """The velocity of a flam's grace note for a hit of this velocity (scalars or arrays)."""
    return np.clip(np.round(np.asarray(velocity, np.int64) * FLAM_VELOCITY), 1, 127).astype(np.int64)


def counts_of(codes: np.ndarray) -> np.ndarray:
    """Repeat count per code (1 for a plain hit or a flam alone)."""
    return np.asarray(COUNTS)[np.asarray(codes, np.int64) & 7]


def expand(codes: np.ndarray, velocities: np.ndarray):
    """The notes the given hits play: (index into the hits, fraction of the step, velocity, grace).

    codes, velocities: one per hit. A hit with n repeats gives n notes at fractions k/n of its step, their
    velocities shaped; a flam adds a grace note at fraction 0 (`grace` True: it sounds FLAM_S earlier).
    Plain hits come out as themselves, in order."""
    codes = np.asarray(codes, np.int64)
    vel = np.asarray(velocities, np.int64)
    if not codes.size or not codes.any():
        n = len(vel)
        return np.arange(n), np.zeros(n), vel.copy(), np.zeros(n, bool)
    counts = counts_of(codes)
    flam = (codes & FLAM_BIT) > 0
    idx = np.repeat(np.arange(len(codes)), counts)
    k = np.arange(len(idx)) - np.repeat(np.cumsum(counts) - counts, counts)
    n = counts[idx]
    frac = k / n
    shape = (codes[idx] >> 3) & 3
    ramp = k / np.maximum(n - 1, 1)
    share = np.select([(shape == 1) & (n > 1), (shape == 2) & (n > 1)],
                      [RAMP_FLOOR + (1 - RAMP_FLOOR) * ramp, 1.0 - (1 - RAMP_FLOOR) * ramp], 1.0)
    v = np.clip(np.round(vel[idx] * share), 1, 127).astype(np.int64)
    grace = np.zeros(len(idx), bool)
    g = np.flatnonzero(flam)
    if len(g):
        idx = np.concatenate([idx, g])
        frac = np.concatenate([frac, np.zeros(len(g))])
        v = np.concatenate([v, grace_velocity(vel[g])])
        grace = np.concatenate([grace, np.ones(len(g), bool)])
    return idx, frac, v, grace


def describe(pattern) -> list[tuple[str, int, int, str]]:
    """(row name, bar (1-based), step in bar (1-based), label) of every rolled or flammed cell (a label per
    distinct code: a 16-bar 32/1 pattern rolled in every cell lists its 131,072 cells in 0.1 s, not 9 s)."""
    r_idx, s_idx = np.nonzero((pattern.rolls > 0) & (pattern.hits > 0))
    codes = pattern.rolls[r_idx, s_idx].tolist()
    labels = {c: Roll.from_code(c).label() for c in set(codes)}
    bars, steps = np.divmod(s_idx, pattern.steps_per_bar)
    names = [row.name for row in pattern.rows]
    return [(names[r], b + 1, s + 1, labels[c]) for r, b, s, c in zip(r_idx.tolist(), bars.tolist(), steps.tolist(),
                                                                      codes)]


def played_notes(hits: np.ndarray, rolls: np.ndarray) -> int:
    """The notes cells play: one per hit, a roll's strokes, a flam's grace note (bounds checks use it before
    any note is made)."""
    on = np.asarray(hits) > 0
    codes = np.asarray(rolls)[on].astype(np.int64)
    counts = np.asarray(COUNTS, np.int64)[codes & 7] + ((codes & FLAM_BIT) > 0)
    return int(counts.sum())



def on_grid(code: int, velocity: int, old_grid: int, new_grid: int):
    """A cell (its roll code and velocity) whose step starts on a step of another grid, as cells of that grid:
    [(steps after that step, code, velocity)] playing the same notes at the same moments; None where no
    cells can (a roll's notes not evenly spaced from a step's start there, or a ramp cut across steps). A
    roll x2 on a 16th becomes two 32nd hits, x4 two x2 rolls, x3 on 16th triplets an x2 and a hit; x3 on a
    16th has no 32nd cells."""
    roll = Roll.from_code(code)
    if roll.count == 1:
        return [(0, int(code), int(velocity))]
    ratio = Fraction(new_grid, old_grid)
    _, _, vel, grace = expand(np.array([code]), np.array([velocity]))
    groups: dict[int, list] = {}
    for k, v in zip(range(roll.count), vel[~grace]):
        at = Fraction(k, roll.count) * ratio
        groups.setdefault(int(at), []).append((at - int(at), int(v)))
    cells = []
    for i, (step, notes) in enumerate(sorted(groups.items())):
        cell = _one_cell([p for p, _ in notes], [v for _, v in notes], roll.flam and i == 0, velocity)
        if cell is None:
            return None
        cells.append((step, *cell))
    return cells


def _one_cell(places: list, vels: list, flam: bool, velocity: int):
    """(code, velocity) of one cell that plays notes at these places in its step (Fractions) with these
    velocities (and the flam of a hit of `velocity`), or None."""
    m = len(vels)
    if m not in COUNTS or places != [Fraction(j, m) for j in range(m)]:
        return None
    want = vels + ([int(grace_velocity(velocity))] if flam else [])
    for shape in SHAPES:
        for v in (max(vels), vels[0]):
            code = Roll(m, shape, flam).code
            if [int(x) for x in expand(np.array([code]), np.array([v]))[2]] == want:
                return code, v
    return None
