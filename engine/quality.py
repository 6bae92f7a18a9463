"""Bar features and quality filters for drum patterns on a 16th grid, shared by the drummer's evaluation
and the loop-pack recombiner (so 'good pattern' means one thing everywhere). Numpy only.

Inputs are (steps, voices) velocity arrays (0 = no hit) cut into bars of `steps_per_bar`.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

# Real GMD bars (train split, 4/4, 16th grid, 9 voices, non-empty bars): 5th and 95th percentiles of
# hits per bar.
# tests/test_quality.py recomputes them from the dataset and checks these figures.
GMD_DENSITY_P5, GMD_DENSITY_P95 = 8, 29
ENTROPY_FLOOR_BITS = 1.0
# Metrical weight of each 16th in a 4/4 bar (Longuet-Higgins & Lee style): beat 1 strongest.
_WEIGHTS_16 = np.array([0, -4, -3, -4, -2, -4, -3, -4, -1, -4, -3, -4, -2, -4, -3, -4], np.float64)


def bars_of(vel: np.ndarray, steps_per_bar: int = 16) -> np.ndarray:
    """(steps, V) -> (bars, steps_per_bar, V); a trailing partial bar is dropped."""
    n = len(vel) // steps_per_bar
    return np.asarray(vel)[:n * steps_per_bar].reshape(n, steps_per_bar, -1)


def density(bar: np.ndarray) -> int:
    return int(np.count_nonzero(bar))


def voice_density(bar: np.ndarray) -> np.ndarray:
    return np.count_nonzero(bar, axis=0)


def step_entropy(bar: np.ndarray) -> float:
    """Entropy (bits) of which voice combination sounds on each step of the bar: 0 for a bar that repeats
    one combination on every step (or is empty)."""
    combos = (np.asarray(bar) > 0).astype(np.int64) @ (1 << np.arange(bar.shape[1]))
    _, counts = np.unique(combos, return_counts=True)
    p = counts / counts.sum()
    return float(-(p * np.log2(p)).sum())


def syncopation(bar: np.ndarray) -> float:
    """Syncopation of the bar's onsets (any voice): for each onset on a weak 16th followed by silence on
    the next stronger position, the weight difference (Longuet-Higgins & Lee, simplified), per bar."""
    onset = np.any(np.asarray(bar) > 0, axis=1)
    n = len(onset)
    w = _WEIGHTS_16 if n == 16 else np.zeros(n)
    score = 0.0
    for i in np.flatnonzero(onset):
        for j in range(i + 1, n):  # the next position that is metrically stronger
            if w[j] > w[i]:
                if not onset[j]:
                    score += w[j] - w[i]
                break
    return score


def inter_onset_intervals(vel: np.ndarray) -> np.ndarray:
    """Steps between successive onsets (any voice)."""
    idx = np.flatnonzero(np.any(np.asarray(vel) > 0, axis=1))
    return np.diff(idx)


@dataclass
class FilterResult:
    passed: bool
    reasons: list[str]


def quality_filter(generated: np.ndarray, seed_bar: np.ndarray | None = None, steps_per_bar: int = 16,
                   density_range: tuple[int, int] = (GMD_DENSITY_P5, GMD_DENSITY_P95),
                   entropy_floor: float = ENTROPY_FLOOR_BITS) -> FilterResult:
    """Filters for a generated passage (or a recombined loop): not empty, at least 2 voices, mean step
    entropy above the floor, not an exact copy of the seed bar in every bar, mean density per bar within
    the 5th-95th percentile of real GMD bars."""
    bars = bars_of(generated, steps_per_bar)
    reasons = []
    if bars.size == 0 or not np.any(bars):
        return FilterResult(False, ["empty"])
    if np.count_nonzero(np.any(bars > 0, axis=(0, 1))) < 2:
        reasons.append("single voice")
    if np.mean([step_entropy(b) for b in bars]) < entropy_floor:
        reasons.append("step entropy below floor")
    if seed_bar is not None and all(np.array_equal(b > 0, np.asarray(seed_bar) > 0) for b in bars):
        reasons.append("copy of the seed bar")
    d = np.mean([density(b) for b in bars])
    if not density_range[0] <= d <= density_range[1]:
        reasons.append("too sparse" if d < density_range[0] else "too dense")
    return FilterResult(not reasons, reasons)


def overlap_area(a: np.ndarray, b: np.ndarray, bins) -> float:
    """Overlapping area of two normalized histograms over the same bins (1 = identical distributions)."""
    ha, _ = np.histogram(a, bins=bins)
    hb, _ = np.histogram(b, bins=bins)
    if ha.sum() == 0 or hb.sum() == 0:
        return 0.0
    return float(np.minimum(ha / ha.sum(), hb / hb.sum()).sum())
