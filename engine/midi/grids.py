"""Which grid a file's notes lie on: the share of notes each grid holds, and the coarsest that holds them."""
from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..pattern import GRIDS, MIN_SWING, steps_per_bar_for
from ..timing import unswing_quarters


# coarsest first, straight before triplets: quarter and 8th notes lie on 8th triplets too, and are 16ths
DETECT_ORDER = (16, 12, 32, 24, 64, 48)


MIXED_SHARE = 0.9                         # a programmed file on mixed grids: the grid holding this share of notes


def grid_shares(ticks, ppq: int, num: int, den: int, swing: float = MIN_SWING, swing_unit: int = 16) -> dict:
    """The share of the notes on each supported grid (within 1/100 of a quarter, at least a tick), in
    DETECT_ORDER, up to the first grid that holds them all."""
    q = unswing_quarters(np.asarray(ticks, np.float64) / ppq, num * 4 / den, swing, swing_unit)
    tol = max(1.0 / ppq, 0.01)
    share = {}
    for g in DETECT_ORDER:
        try:
            steps_per_bar_for(num, den, g)
        except ValueError:
            continue
        pos = q * (g / 4)
        share[g] = float(np.mean(np.abs(pos - np.round(pos)) * 4 / g <= tol))
        if share[g] == 1.0:
            break
    return share


class GridGuess(NamedTuple):
    """What detect_grid found: the grid, how it knows (kind), and why in words (the import report's line)."""
    grid: int
    kind: str      # 'exact': every note lies on it; 'best': most notes do (programmed on mixed grids);
                   # 'by_hand': played by hand, off every grid (16ths); 'empty': no notes
    reason: str


def detect_grid(ticks, ppq: int, num: int, den: int, swing: float = MIN_SWING,
                swing_unit: int = 16) -> GridGuess:
    """The coarsest grid every note lies on (within 1/100 of a quarter, at least a tick: rounding of
    triplet ticks); notes played by hand, off every grid, go to 16ths as always."""
    if not len(ticks):
        return GridGuess(16, "empty", "no notes: 16ths")
    share = grid_shares(ticks, ppq, num, den, swing, swing_unit)
    for g, part in share.items():
        if part == 1.0:
            return GridGuess(g, "exact", f"every note lies on {GRIDS[g]} steps (the coarsest grid that holds them "
                                         f"all, straight before triplets)")
    best = max(share, key=lambda g: (share[g], -g)) if share else 16
    if share.get(best, 0.0) >= MIXED_SHARE:   # programmed on mixed grids (32nds and triplets): the best fit
        return GridGuess(best, "best", f"{share[best]:.0%} of the notes lie on {GRIDS[best]} steps, more than on "
                                       f"any other grid (the rest are moved; --grid chooses another)")
    off = 1.0 - share.get(16, 0.0)
    return GridGuess(16, "by_hand", f"played by hand: {off:.0%} of the notes lie off the 16th grid (and off the "
                                    f"others): 16ths")
