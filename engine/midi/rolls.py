"""Rolls and flams inside a step: even repeats and grace notes that a coarser grid reads as one cell."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..rolls import COUNTS as ROLL_COUNTS
from ..rolls import FLAM_BIT, FLAM_S, Roll, expand, grace_velocity


FLAM_MIN_S, FLAM_MAX_S = 0.008, 0.045   # a grace note this long before its hit (GrooveLoom writes FLAM_S)


ROLL_SHARE = 0.5                        # rolls instead of a finer grid that holds every note: at most this share of


                                        # cells roll (a trap file rolls 5 of its 16 hat steps a bar: 31%)
ROLL_GRIDS = (16, 12, 32, 24)           # the grids a file's rolls may sit on, coarsest (most likely) first


@dataclass
class _RollFind:
    """What _find_rolls read on one grid."""
    cells: dict            # (row, step) -> (roll code, the cell's velocity; None: the hit's own)
    absorbed: np.ndarray   # bool per note: a roll's later repeat or a flam's grace (no hit of its own)
    unexplained: int       # notes (of a row) neither on a grid line, nor in a roll, nor a grace note
    hit_cells: int         # cells with a note on their grid line
    labels: Counter        # roll label -> cells
    flams: int
    row_cells: dict = field(default_factory=dict)   # row -> (hit cells, rolled cells)

    @property
    def roll_cells(self) -> int:
        return sum(self.labels.values())

    def few_rolls(self) -> bool:
        """Rolls are the exception, in the file and on each row that has them (at most ROLL_SHARE of the hit
        cells): a roll, not a finer grid that holds every note."""
        return self.roll_cells <= ROLL_SHARE * self.hit_cells and \
            all(rolled <= ROLL_SHARE * cells for cells, rolled in self.row_cells.values())


def _roll_fits(pos: np.ndarray, tol: float) -> bool:
    """pos (steps, in order, the first on its grid line): an even roll of 2, 3, 4, 6 or 8 inside the step."""
    m = len(pos)
    if m not in ROLL_COUNTS or m < 2:
        return False
    return bool(np.all(np.abs(pos - np.round(pos[0]) - np.arange(m) / m) <= tol))


RAMP_TOLERANCE = 0.1      # a roll's velocities within this share of GrooveLoom's ramp (at least 2) are that ramp


def _roll_shape(v: np.ndarray) -> tuple[str, int]:
    """A roll's velocity shape and the cell's velocity: 'up' or 'down' only where the velocities follow the
    ramp engine.rolls.expand plays (from 45% of the loudest); any other roll is flat at its mean velocity
    (a programmed roll of 84 and 91 stays about 88 each: a ramp would play 41 and 91)."""
    v = np.asarray(v, np.int64)
    for shape, top in (("up", int(v[-1])), ("down", int(v[0]))):
        if v[-1] != v[0]:
            want = expand(np.array([Roll(len(v), shape).code]), np.array([top]))[2]
            if np.all(np.abs(want - v) <= np.maximum(2, RAMP_TOLERANCE * top)):
                return shape, top
    return "flat", int(np.clip(np.round(v.mean()), 1, 127))


def _may_roll(pos: np.ndarray, tol: float, targets: np.ndarray, sec: np.ndarray, end_sec: float) -> bool:
    """A quick look before _find_rolls: a note off the grid in a step with no hit on its line can only be a
    grace note, 8-45 ms before a hit of its row (or at the loop's end). A performance fails at once."""
    keep = targets >= 0
    pos, rows, sec = pos[keep], targets[keep], sec[keep]
    line = np.floor(pos + 0.5).astype(np.int64)
    on = np.abs(pos - line) <= tol
    span = int(line.max()) + 2 if len(line) else 1
    cell = np.where(on, line, np.floor(pos + tol).astype(np.int64))
    lone = ~on & ~np.isin(rows * span + cell, rows[on] * span + line[on])
    if not lone.any():
        return True
    t = float(sec.max()) + 1.0           # one number per (row, time), rows apart
    hit_key = np.sort(rows[on] * t + sec[on])
    key = rows[lone] * t + sec[lone]
    k = np.searchsorted(hit_key, key, side="right")
    nxt = np.where(k < len(hit_key), hit_key[np.minimum(k, len(hit_key) - 1)], np.inf) if len(hit_key) else \
        np.full(len(key), np.inf)
    dt = nxt - key
    near_end = end_sec - sec[lone] <= FLAM_MAX_S
    return bool(np.all(((dt >= FLAM_MIN_S - 1e-9) & (dt <= FLAM_MAX_S + 1e-9)) | near_end))


@dataclass
class _RowNotes:
    """One grid's view of the notes that _find_rolls reads, row by row (arrays per note)."""
    pos: np.ndarray       # straight position in steps
    sec: np.ndarray       # when each note sounds
    vel: np.ndarray
    line: np.ndarray      # the nearest grid line
    on: np.ndarray        # on its grid line (within tol) and mapped
    cell: np.ndarray      # the step a note off the grid belongs to
    tol: float

    def cell_of(self, j) -> int:
        return int(self.line[j]) if self.on[j] else int(self.cell[j])

    def settle_early_graces(self, idx: np.ndarray) -> None:
        """A grace note within the tolerance of its hit's line (slow tempos): the softer, earlier of the two
        is the grace, off the grid."""
        for a, b in zip(idx, idx[1:]):
            if self.on[a] and self.on[b] and self.line[a] == self.line[b] \
                    and FLAM_MIN_S <= self.sec[b] - self.sec[a] <= FLAM_MAX_S and self.vel[a] < self.vel[b]:
                self.on[a] = False
                self.cell[a] = self.line[a] - 1

    def grace_candidates(self, idx: np.ndarray, end_sec: float, ticks: np.ndarray, grace_tick) -> dict:
        """hit note -> (its best grace note, seconds before, rank): the note off the grid 8-45 ms before a
        hit of the row, softer than the cell's loudest, GrooveLoom's own grace note (its tick, its velocity)
        ranked first, then the nearest FLAM_S before."""
        hits = idx[self.on[idx]]
        vmax: dict = {}
        for j in idx:
            c = self.cell_of(j)
            vmax[c] = max(vmax.get(c, 0), int(self.vel[j]))
        grace_of: dict = {}
        first = next((h for h in hits if self.line[h] == 0), None)
        hit_sec = self.sec[hits]
        sec, vel = self.sec, self.vel
        for j in idx[~self.on[idx]]:
            k = int(np.searchsorted(hit_sec, sec[j], side="right"))
            if k < len(hits):
                h, dt, wrap = hits[k], sec[hits[k]] - sec[j], False
            elif first is not None:        # the loop's first step: its grace written at the end of the file
                h, dt, wrap = first, end_sec - sec[j] + sec[first], True
            else:
                continue
            peak = vmax[int(self.line[h])]
            if not FLAM_MIN_S <= dt <= FLAM_MAX_S or not (vel[j] < peak or vel[j] == 1):
                continue
            # the cell's velocity is its loudest note, or the hit's for a roll whose louder notes are unknown
            on_tick = ticks[j] == grace_tick(int(self.line[h]), wrap)
            rank = (not on_tick, vel[j] != grace_velocity(peak), vel[j] != grace_velocity(vel[h]),
                    abs(dt - FLAM_S))
            if h not in grace_of or rank < grace_of[h][2]:
                grace_of[h] = (j, dt, rank)
        return grace_of

    def read_cells(self, r: int, idx: np.ndarray, grace_of: dict, find: _RollFind) -> None:
        """Each cell of row r: one hit, a roll (its even repeats), or notes no rule explains; then the graces
        left are flams on their hits. Adds to find."""
        grace = {g: h for h, (g, _, _) in grace_of.items()}
        by_cell: dict = {}
        for j in idx:
            by_cell.setdefault(self.cell_of(j), []).append(j)
        for c, members in by_cell.items():
            lead = [j for j in members if self.on[j]]
            rest = [j for j in members if not self.on[j] and j not in grace]
            find.hit_cells += bool(lead)
            if len(lead) != 1:
                find.unexplained += len(rest)
                continue
            roll = self._roll_of(lead + rest, [j for j in members if j in grace], grace, grace_of)
            if roll is None:
                find.unexplained += len(rest)
            elif len(roll) > 1:
                shape, v = _roll_shape(self.vel[roll])
                find.labels[Roll(len(roll), shape).label()] += 1
                find.absorbed[roll[1:]] = True
                find.cells[(r, c)] = (Roll(len(roll), shape).code, v)
        for g, h in grace.items():
            key = (r, int(self.line[h]))
            code, v = find.cells.get(key, (0, None))
            find.cells[key] = (code | FLAM_BIT, v)
            find.absorbed[g] = True
            find.flams += 1

    def _roll_of(self, roll: list, candidates: list, grace: dict, grace_of: dict) -> list | None:
        """The cell's roll (its hit first), taking in a grace candidate that is the roll's even repeat (and
        dropping it from grace) unless the cell already rolls without it and the grace is GrooveLoom's own
        exact one; None when the notes are no even roll."""
        ok = len(roll) == 1 or _roll_fits(self.pos[roll], self.tol)
        for g in candidates:
            alt = sorted(roll + [g], key=lambda j: self.pos[j])
            if not _roll_fits(self.pos[alt], self.tol):
                continue
            rank = grace_of[grace[g]][2]
            exact = rank[0] + min(rank[1:3]) == 0
            if not ok or not exact:
                roll, ok = alt, True
                del grace[g]
        return roll if ok else None


def _find_rolls(targets: np.ndarray, pos: np.ndarray, sec: np.ndarray, vel: np.ndarray, tol: float,
                end_sec: float, ticks: np.ndarray, grace_tick) -> _RollFind:
    """Rolls and flams of one row's notes on one grid.

    targets: row per note (-1: unmapped); pos: straight positions in steps of the grid; sec: when each note
    sounds; tol: the grid tolerance in steps; end_sec: when the loop ends (a flam on its first step is written
    just before it). A cell's notes at s + k/m (m = 2, 3, 4, 6, 8) are one hit rolled m times; a softer note
    of the row 8-45 ms before a hit on a grid line, off the grid itself, is that hit's flam."""
    line = np.floor(pos + 0.5).astype(np.int64)
    notes = _RowNotes(pos, sec, vel, line, (np.abs(pos - line) <= tol) & (targets >= 0),
                      np.floor(pos + tol).astype(np.int64), tol)
    find = _RollFind({}, np.zeros(len(pos), bool), 0, 0, Counter(), 0)
    for r in np.unique(targets[targets >= 0]):
        before = (find.hit_cells, find.roll_cells)
        idx = np.flatnonzero(targets == r)
        idx = idx[np.argsort(pos[idx], kind="stable")]
        notes.settle_early_graces(idx)
        notes.read_cells(int(r), idx, notes.grace_candidates(idx, end_sec, ticks, grace_tick), find)
        find.row_cells[int(r)] = (find.hit_cells - before[0], find.roll_cells - before[1])
    return find
