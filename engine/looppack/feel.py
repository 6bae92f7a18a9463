"""A loop's feel: straight 8ths or 16ths, swung 16ths (and by how much), triplets, or on the beats only;
which feels play together; the swing a file was played with."""
from __future__ import annotations

import numpy as np

from ..pattern import Pattern
from ..timing import swings_8ths


SWUNG_16THS = 0.54       # 16ths played this late (or later) on the "e" and "a" are swung, not straight


def _near(a, b):
    """np.isclose(a, b) for finite numbers (its tolerances), without its generality's cost: augment asks
    the feel of every part of a pack (2.6 s of 5,000 loops' 8 s went to isclose)."""
    return np.abs(a - b) <= 1e-08 + 1e-05 * np.abs(b)


def feel_of(pattern: Pattern, hits: np.ndarray | None = None) -> str:
    """Where a loop's (or one part's, `hits` on its rows) off-beat notes lie: '8ths' (straight 8ths only),
    'straight' (16ths or 32nds), 'swung N%' (16ths played swung, N its amount to 2%), 'triplet' (on the
    triplets, or 8ths swung 58% or more: a shuffle), 'mixed' (straight and triplet) or 'any' (on the beats
    only). feels_fit says which go together."""
    h = pattern.hits if hits is None else hits
    steps = np.flatnonzero(np.asarray(h).any(axis=0))
    frac = (steps / pattern.steps_per_quarter) % 1.0
    off = frac[(frac > 1e-6) & (frac < 1 - 1e-6)]
    if not len(off):
        return "any"
    straight = _near(off * 8, np.round(off * 8))
    triplet = ~straight & _near(off * 12, np.round(off * 12))
    if swings_8ths(pattern):                   # swung 8ths: a straight grid played as a shuffle
        triplet, straight = triplet | straight, np.zeros_like(straight)
    if triplet.any() and straight.any():
        return "mixed"
    if triplet.any():
        return "triplet"
    if _near(off, 0.5).all():
        return "8ths"
    if pattern.swing_unit == 16 and pattern.swing >= SWUNG_16THS:
        return f"swung {round(pattern.swing * 50) * 2}%"
    return "straight"


def feels_fit(feels) -> bool:
    """Whether parts of these feels play together: one feel, with parts on the beats fitting any and straight
    8ths fitting straight or swung 16ths (16th swing leaves the 8ths where they are)."""
    rest = set(feels) - {"any"}
    if len(rest) > 1:
        rest.discard("8ths")
    return len(rest) <= 1 and not (len(set(feels) - {"any"}) > 1 and rest & {"triplet", "mixed"})


def played_swing(mid, pattern: Pattern) -> tuple[float, int] | None:
    """The swing a file was played with where its notes were read onto a straight grid (16 or 32) and it
    has no GrooveLoom swing of its own: (amount, 16) from where its "e" and "a" notes lie in their 8th, else
    (amount, 8) from where its "and" notes lie in their beat; None when straight (within 4%)."""
    if pattern.grid not in (16, 32) or pattern.swing != 0.5:
        return None
    ppq = mid.ticks_per_beat
    ticks = []
    for t in mid.tracks:
        tick = 0
        for m in t:
            tick += m.time
            if m.type == "note_on" and m.velocity:
                ticks.append(tick)
    ticks = np.asarray(ticks, dtype=np.float64)
    sixteenths = ticks / (ppq / 4)
    if np.all(np.abs(sixteenths - np.round(sixteenths)) < 0.06):   # every note on a straight 16th
        return None
    for unit, span in ((16, ppq / 2), (8, ppq)):
        frac = (ticks % span) / span
        off = frac[(frac > 0.3) & (frac < 0.85)]
        if len(off) >= 2:
            amount = float(np.clip(np.median(off), 0.5, 0.75))
            return (round(amount, 3), unit) if amount - 0.5 >= 0.04 else None
    return None
