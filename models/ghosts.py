"""How many ghost notes real drummers play in a bar, per style: what Add ghosts aims for (numpy only).

Left to its own odds the drummer put 7-9 soft snares in every bar of a funk beat; GMD's funk drummers play
about 2.4 a bar (in the bars that have any: 1-6, 10-90%). Counted on the train split's beat bars by `python
main.py train-rolls` (a ghost: a snare under velocity 45, the drummer's ghost class), stored in
resources/models/ghosts.json: per style the share of bars with ghosts and, among those bars, the 10%, 50%
and 90% points of their number.
"""
from __future__ import annotations

import json
import os

import numpy as np

from engine.paths import MODELS_DIR
from engine.errors import GrooveLoomError

from .encoding import VEL_EDGES
from .style_bars import read_styles

DEFAULT_PATH = os.path.join(MODELS_DIR, "ghosts.json")
GHOST_BELOW = VEL_EDGES[0]   # a snare softer than this is a ghost note
SNARE = 1
MIN_HITS = 4                 # a bar with fewer hits is a break, not a groove


def ghosts_per_bar(vel: np.ndarray, spb: int = 16) -> np.ndarray:
    """Ghost notes (soft snares) in each whole bar of (steps, 9) velocities."""
    s = np.asarray(vel)[:len(vel) // spb * spb, SNARE].reshape(-1, spb)
    return ((s > 0) & (s < GHOST_BELOW)).sum(axis=1)


def count_style_ghosts(root: str, split: str = "train", limit: int | None = None) -> dict[str, dict]:
    """Per GMD style: bars counted, the share with ghost notes, and among those the 10/50/90% points
    (`limit`: the first N performances of the split, for tests)."""
    from .data import load_gmd
    from .encoding import STYLES
    per: dict[str, list[int]] = {}
    for e in load_gmd(root, splits=(split,), limit=limit).split(split):
        if e.fill:
            continue
        bars = e.vel[:len(e.vel) // 16 * 16].reshape(-1, 16, e.vel.shape[1])
        busy = np.count_nonzero(bars, axis=(1, 2)) >= MIN_HITS
        per.setdefault(STYLES[e.style], []).extend(ghosts_per_bar(e.vel)[busy].tolist())
    out = {}
    for style, counts in sorted(per.items()):
        c = np.array(counts)
        some = c[c > 0]
        if len(some):
            out[style] = {"bars": int(len(c)), "share": round(float(len(some) / len(c)), 3),
                          "range": [int(x) for x in np.percentile(some, [10, 50, 90]).round()]}
    return out


def write_style_ghosts(table: dict[str, dict], path: str = DEFAULT_PATH) -> None:
    from engine.fileio import atomic_write_bytes
    body = {"format": 1, "about": "ghost notes (snares under velocity 45) per bar in GMD's train beat bars of each "
                                  "style: bars counted, share with ghosts, 10/50/90% of the number among those "
                                  "(models.ghosts.count_style_ghosts)", "styles": table}
    atomic_write_bytes(path, json.dumps(body, indent=1).encode(), GrooveLoomError)


def read_style_ghosts(path: str = DEFAULT_PATH) -> dict[str, tuple[int, int, int]]:
    """{style: (10%, 50%, 90%) ghost notes per bar, in bars that have any}; {} without the file."""
    return read_styles(path, "the styles' ghost note counts", _ghost_range)


def _ghost_range(style, entry) -> tuple[int, int, int]:
    r = entry["range"]
    if not (isinstance(r, list) and len(r) == 3 and all(isinstance(x, int) and not isinstance(x, bool) for x in r)
            and 0 <= r[0] <= r[1] <= r[2] <= 16):
        raise ValueError(f"style {str(style)[:20]!r}: range {str(r)[:40]} is not 3 rising counts 0-16")
    return r[0], r[1], r[2]


def ghost_targets(rng: np.random.Generator, n_bars: int, span: tuple[int, int, int], amount: float) -> np.ndarray:
    """Ghost notes to aim for in each bar: around the style's median, inside its 10-90% range, times amount."""
    lo, mid, hi = span
    want = np.clip(np.round(mid + rng.normal(0.0, max(hi - lo, 1) / 4.0, n_bars)), lo, hi)
    return np.round(want * amount).astype(np.int64)
