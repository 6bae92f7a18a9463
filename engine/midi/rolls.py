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


def _find_rolls(targets: np.ndarray, pos: np.ndarray, sec: np.ndarray, vel: np.ndarray, tol: float,
                end_sec: float, ticks: np.ndarray, grace_tick) -> _RollFind:
    """Rolls and flams of one row's notes on one grid.

    targets: row per note (-1: unmapped); pos: straight positions in steps of the grid; sec: when each note
    sounds; tol: the grid tolerance in steps; end_sec: when the loop ends (a flam on its first step is written
    just before it). A cell's notes at s + k/m (m = 2, 3, 4, 6, 8) are one hit rolled m times; a softer note
    of the row 8-45 ms before a hit on a grid line, off the grid itself, is that hit's flam."""
    n = len(pos)
    line = np.floor(pos + 0.5).astype(np.int64)
    on = (np.abs(pos - line) <= tol) & (targets >= 0)
    cell = np.floor(pos + tol).astype(np.int64)
    absorbed = np.zeros(n, bool)
    cells: dict = {}
    labels: Counter = Counter()
    flams = unexplained = hit_cells = 0
    row_cells: dict = {}
    for r in np.unique(targets[targets >= 0]):
        before = (hit_cells, sum(labels.values()))
        idx = np.flatnonzero(targets == r)
        idx = idx[np.argsort(pos[idx], kind="stable")]
        # a grace note within the tolerance of its hit's line (slow tempos): the softer, earlier of the two
        for a, b in zip(idx, idx[1:]):
            if on[a] and on[b] and line[a] == line[b] and FLAM_MIN_S <= sec[b] - sec[a] <= FLAM_MAX_S \
                    and vel[a] < vel[b]:
                on[a] = False
                cell[a] = line[a] - 1
        hits = idx[on[idx]]
        vmax: dict = {}
        for j in idx:
            c = int(line[j]) if on[j] else int(cell[j])
            vmax[c] = max(vmax.get(c, 0), int(vel[j]))
        # grace candidates: the best one (nearest FLAM_S before) per hit
        grace_of: dict = {}         # hit note -> (grace note, seconds before)
        first = next((h for h in hits if line[h] == 0), None)
        hit_sec = sec[hits]
        for j in idx[~on[idx]]:
            k = int(np.searchsorted(hit_sec, sec[j], side="right"))
            if k < len(hits):
                h, dt, wrap = hits[k], sec[hits[k]] - sec[j], False
            elif first is not None:        # the loop's first step: its grace written at the end of the file
                h, dt, wrap = first, end_sec - sec[j] + sec[first], True
            else:
                continue
            if not FLAM_MIN_S <= dt <= FLAM_MAX_S or not (vel[j] < vmax[int(line[h])] or vel[j] == 1):
                continue
            # GrooveLoom's own grace note first: on its tick, at its velocity for the cell's (the loudest note,
            # or the hit's for a roll whose louder notes are not known yet)
            on_tick = ticks[j] == grace_tick(int(line[h]), wrap)
            rank = (not on_tick, vel[j] != grace_velocity(vmax[int(line[h])]), vel[j] != grace_velocity(vel[h]),
                    abs(dt - FLAM_S))
            if h not in grace_of or rank < grace_of[h][2]:
                grace_of[h] = (j, dt, rank)
        grace = {g: h for h, (g, _, _) in grace_of.items()}
        by_cell: dict = {}
        for j in idx:
            by_cell.setdefault(int(line[j]) if on[j] else int(cell[j]), []).append(j)
        for c, members in by_cell.items():
            lead = [j for j in members if on[j]]
            rest = [j for j in members if not on[j] and j not in grace]
            if len(lead) != 1:
                hit_cells += bool(lead)
                unexplained += len(rest)
                continue
            hit_cells += 1
            roll = lead + rest
            ok = len(roll) == 1 or _roll_fits(pos[roll], tol)
            for g in [j for j in members if j in grace]:     # a grace candidate that is this cell's repeat
                alt = sorted(roll + [g], key=lambda j: pos[j])
                if not _roll_fits(pos[alt], tol):
                    continue
                h = grace[g]
                exact = grace_of[h][2][0] + min(grace_of[h][2][1:3]) == 0
                if not ok or not exact:
                    roll, ok = alt, True
                    del grace[g]
            if not ok:
                unexplained += len(rest)
                continue
            if len(roll) > 1:
                shape, v = _roll_shape(vel[roll])
                code = Roll(len(roll), shape).code
                labels[Roll(len(roll), shape).label()] += 1
                absorbed[roll[1:]] = True
                cells[(int(r), c)] = (code, v)
        for g, h in grace.items():
            key = (int(r), int(line[h]))
            code, v = cells.get(key, (0, None))
            cells[key] = (code | FLAM_BIT, v)
            absorbed[g] = True
            flams += 1
        row_cells[int(r)] = (hit_cells - before[0], sum(labels.values()) - before[1])
    return _RollFind(cells, absorbed, unexplained, hit_cells, labels, flams, row_cells)
