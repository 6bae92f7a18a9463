"""What a model card says of its training data, gathered one example at a time: `train` adds its examples,
`train --shards` streams the train shards through it (a corpus bigger than memory is never held at once).
Counts, steps and styles; each voice's velocities per class and each style's hits per beat bar, kept as
histograms, from which the medians and percentiles are read exactly as numpy reads them from the values."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.drumkit import N_VOICES

from .encoding import DEFAULT_VEL_VALUES, STYLES, velocity_class

BAR = 16                         # the drummer's 16th steps a 4/4 bar
MIN_STYLE_BARS = 50              # a style with fewer beat bars gets the figures of all styles
BEAT_WINDOW, FILL_WINDOW = 128, 32   # training windows: 8 bars of a beat, 2 bars of a fill


def window_size(fill: bool) -> int:
    """The steps of a training window: 2 bars of a fill (GMD fills are short), 8 bars of a beat."""
    return FILL_WINDOW if fill else BEAT_WINDOW


def window_starts(n: int, size: int, start: int = 0) -> range:
    """Where the training windows of a sequence of n steps start (from step `start`; none in its last bar)."""
    return range(start, max(1, n - BAR), size)


def _sorted_at(hist: np.ndarray, k: np.ndarray) -> np.ndarray:
    """The k-th values (0-based) of the sorted values a histogram (value -> count) holds."""
    return np.searchsorted(np.cumsum(hist), np.asarray(k) + 1)


@dataclass
class TrainStats:
    sequences: int = 0
    steps: int = 0
    styles: np.ndarray = field(default_factory=lambda: np.zeros(len(STYLES), np.int64))
    velocities: np.ndarray = field(default_factory=lambda: np.zeros((N_VOICES, 3, 128), np.int64))
    bar_hits: np.ndarray = field(default_factory=lambda: np.zeros((len(STYLES), BAR * N_VOICES + 1), np.int64))
    windows: dict = field(default_factory=lambda: {BEAT_WINDOW: 0, FILL_WINDOW: 0})

    @classmethod
    def of(cls, examples) -> "TrainStats":
        stats = cls()
        for e in examples:
            stats.add(e)
        return stats

    def add(self, e) -> None:
        vel = np.asarray(e.vel)
        self.sequences += 1
        self.steps += len(vel)
        self.styles[e.style] += 1
        cls = velocity_class(vel)
        hit = cls >= 0
        index = (np.arange(N_VOICES)[None, :] * 3 + cls) * 128 + vel
        self.velocities += np.bincount(index[hit], minlength=self.velocities.size).reshape(self.velocities.shape)
        if not e.fill:
            n = len(vel) // BAR
            counts = np.count_nonzero(vel[:n * BAR].reshape(n, -1), axis=1)
            self.bar_hits[e.style] += np.bincount(counts[counts > 0], minlength=self.bar_hits.shape[1])
        size = window_size(e.fill)                          # (as train.windows cuts them, from the first bar)
        self.windows[size] += len(window_starts(len(vel), size))

    def velocity_values(self) -> list[list[int]]:
        """Per voice, the median velocity of each class (what each class plays as): int(np.median(...))."""
        out = []
        for v in range(N_VOICES):
            row = []
            for c in range(3):
                h = self.velocities[v, c]
                m = int(h.sum())
                row.append(int(_sorted_at(h, [(m - 1) // 2, m // 2]).mean()) if m else DEFAULT_VEL_VALUES[v][c])
            out.append(row)
        return out

    def style_density(self) -> dict[str, list[float]]:
        """Hits per non-empty beat bar (10th, 50th, 90th percentile, numpy's linear interpolation) of each
        style; a style with fewer than MIN_STYLE_BARS bars gets the figures of all styles."""
        every = self.bar_hits.sum(axis=0)

        def pct(h):
            m = int(h.sum())
            if not m:
                return [float("nan")] * 3
            pos = (m - 1) * np.array([10, 50, 90]) / 100.0
            lo = np.floor(pos).astype(np.int64)
            a, b = _sorted_at(h, lo).astype(float), _sorted_at(h, np.minimum(lo + 1, m - 1)).astype(float)
            t = pos - lo
            val = np.where(t >= 0.5, b - (b - a) * (1 - t), a + (b - a) * t)      # (numpy's _lerp)
            return [round(float(x), 1) for x in val]
        return {s: pct(self.bar_hits[i] if self.bar_hits[i].sum() >= MIN_STYLE_BARS else every)
                for i, s in enumerate(STYLES)}

    def style_counts(self) -> dict[str, int]:
        return {s: int(n) for s, n in zip(STYLES, self.styles)}
