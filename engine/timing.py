"""Musical time -> real time: the one place swing is computed, so playback, WAV export and MIDI export
place every hit at the same moment.

Swing is MPC-style: within each pair of 8ths (or 16ths), counted from the bar line, the first of the pair
takes `swing` of the pair's length (0.5 = straight, 0.667 = triplet feel, 0.75 = dotted). Positions
between grid lines (32nds, triplets) are warped piecewise-linearly, so any grid swings consistently and
the warp can be inverted exactly when reading a swung file back. A bar that ends on an unpaired unit
(the last 8th of 7/8) plays that unit straight.
"""
from __future__ import annotations

import numpy as np


def _warp(pos: np.ndarray, bar_quarters: float, swing: float, unit: int, inverse: bool) -> np.ndarray:
    pos = np.asarray(pos, dtype=np.float64)
    if swing == 0.5:
        return pos.copy()
    pair = 8.0 / unit  # a pair of 8ths = 1 quarter, of 16ths = half a quarter
    half = pair / 2
    bar_start = np.floor(pos / bar_quarters + 1e-9) * bar_quarters
    in_bar = pos - bar_start
    pair_start = np.floor(in_bar / pair + 1e-9) * pair
    phi = in_bar - pair_start
    split = swing * pair
    # In odd meters (7/8) the bar ends on an unpaired unit: it has no partner to swing against.
    whole_pair = pair_start + pair <= bar_quarters + 1e-9
    if not inverse:
        out = np.where(phi <= half, phi * (split / half), split + (phi - half) * ((pair - split) / half))
    else:
        out = np.where(phi <= split, phi * (half / split), half + (phi - split) * (half / (pair - split)))
    return bar_start + pair_start + np.where(whole_pair, out, phi)


def swing_quarters(pos_quarters, bar_quarters: float, swing: float, unit: int) -> np.ndarray:
    """Straight position (in quarter notes) -> swung position."""
    return _warp(pos_quarters, bar_quarters, swing, unit, inverse=False)


def unswing_quarters(pos_quarters, bar_quarters: float, swing: float, unit: int) -> np.ndarray:
    """Swung position -> straight position (the exact inverse of swing_quarters)."""
    return _warp(pos_quarters, bar_quarters, swing, unit, inverse=True)


def step_quarters(pattern, steps) -> np.ndarray:
    """Where steps of a pattern sound, in quarter notes from the start, swing applied."""
    pos = np.asarray(steps, dtype=np.float64) / pattern.steps_per_quarter
    return swing_quarters(pos, pattern.bar_quarters, pattern.swing, pattern.swing_unit)


SWUNG_8THS = 0.58   # swung on 8ths this far, the off-beat 8th is a shuffle's (GMD's 16ths hold it on the "a")


def swings_8ths(pattern) -> bool:
    """Whether a pattern plays its 8ths swung as a shuffle (models.encoding reads the drummer's 16ths through
    it; engine.looppack counts such a loop's feel as triplet)."""
    return pattern.swing_unit == 8 and pattern.swing >= SWUNG_8THS


def step_seconds(pattern, steps) -> np.ndarray:
    """Where steps of a pattern sound, in seconds from the start, swing applied."""
    return step_quarters(pattern, steps) * (60.0 / pattern.tempo)
