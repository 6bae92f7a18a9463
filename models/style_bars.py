"""Each GMD style's typical bars: where Generate starts (numpy only).

From silence the network keeps silent or keeps time (many GMD takes start with a count-in); primed with a
bar of hats it plays hats with a snare now and then (funk: snare on 2 and 4 in 4 of 40 bars). So, per style, the most central real beat bars of the GMD train split (the bars
with the least Hamming distance to the style's other bars: its common grooves, not one drummer's oddity) are
kept; Generate continues one of them (drawn by the seed) and drops it. Counted by `python main.py
train-rolls` with the roll habits, stored in resources/models/style_bars.json."""
from __future__ import annotations

import json
import os

import numpy as np

from engine.paths import MODELS_DIR
from engine.drumkit import N_VOICES
from engine.errors import GrooveLoomError
from engine.fileio import read_json_file

from .encoding import BACKBEAT_STYLES

DEFAULT_PATH = os.path.join(MODELS_DIR, "style_bars.json")
POOL = 24             # bars kept per style
MIN_HITS = 6          # a bar with fewer hits is no groove to start from
MAX_BARS = 3000       # bars compared per style (drawn evenly when a style has more)


DISTINCT = 0.5        # how much a bar's distance from the other styles' bars counts against its own style's
OTHERS_MAX = 4000     # the other styles' bars it is compared with (drawn evenly)


def central_bars(bars: np.ndarray, pool: int = POOL, others: np.ndarray | None = None,
                 backbeat: bool = False) -> np.ndarray:
    """The `pool` bars (n, 16, 9 velocities) nearest the others of their style on average (Hamming distance
    of their hits) and, given the other styles' bars, farthest from those (own - DISTINCT * other: a rock
    beat that says rock, not the backbeat every style shares), each a different rhythm, most
    central first; among the bars of a middling number of hits (the middle half of the style's bars: the
    sparsest bars are nearest everything); in a backbeat style, among its bars with a snare on 2 and 4.
    Each rhythm comes at the median velocity of the bars that play it (one bar's soft kick is not the style's)."""
    on = (bars > 0).reshape(len(bars), -1).astype(np.float32)
    dist = on @ (1 - on).T + (1 - on) @ on.T
    hits = on.sum(axis=1)
    lo, hi = np.percentile(hits, [25, 75])
    score = dist.mean(axis=1) + 1e6 * ((hits < lo) | (hits > hi))
    if backbeat:
        score += 1e6 * ~((bars[:, 4, 1] > 0) & (bars[:, 12, 1] > 0))
    if others is not None and len(others):
        oo = (others > 0).reshape(len(others), -1).astype(np.float32)
        score = score - DISTINCT * (on @ (1 - oo).T + (1 - on) @ oo.T).mean(axis=1)
    order = np.argsort(score, kind="stable")
    same: dict[bytes, list[int]] = {}
    for i in range(len(on)):
        same.setdefault(on[i].tobytes(), []).append(i)
    out, seen = [], set()
    for i in order:
        key = on[i].tobytes()
        if key not in seen:           # the rhythm, at the median velocity of every bar that plays it
            seen.add(key)
            vel = np.median(bars[same[key]].astype(np.float64), axis=0)
            out.append(np.where(bars[i] > 0, np.clip(np.round(vel), 1, 127), 0))
        if len(out) == pool:
            break
    return np.array(out, np.uint8).reshape(-1, 16, N_VOICES)


def count_style_bars(root: str, split: str = "train", pool: int = POOL) -> dict[str, np.ndarray]:
    """Per GMD style, its central beat bars (4/4 beats of one split, read on 16ths)."""
    from engine.midi import read_midi
    from models.corpus import gmd_rows
    from models.encoding import STYLES, pattern_to_voices, style_index

    by_style: dict[str, list] = {}
    rows = [r for r in gmd_rows(root)
            if r["split"] == split and r["time_signature"] == "4-4" and r["beat_type"] == "beat"]
    for r in rows:
        try:
            v = pattern_to_voices(read_midi(os.path.join(root, r["midi_filename"]), grid=16, fold="voices").pattern)
        except GrooveLoomError:
            continue
        bars = v[:len(v) // 16 * 16].reshape(-1, 16, N_VOICES)
        key = "shuffle" if "shuffle" in r["style"] else STYLES[style_index(r["style"])]   # (GMD's shuffles: their own)
        by_style.setdefault(key, []).extend(b for b in bars if np.count_nonzero(b) >= MIN_HITS)
    thin = lambda b, n: b[np.linspace(0, len(b) - 1, n).astype(np.int64)] if len(b) > n else b  # noqa: E731
    kept = {s: thin(np.array(bars), MAX_BARS) for s, bars in sorted(by_style.items())}
    out = {}
    for s, bars in kept.items():
        others = [b for k, b in kept.items() if k != s]
        out[s] = central_bars(bars, pool, thin(np.concatenate(others), OTHERS_MAX) if others else None,
                              s in BACKBEAT_STYLES)
    return out


def write_style_bars(table: dict[str, np.ndarray], path: str = DEFAULT_PATH) -> None:
    from engine.fileio import atomic_write_bytes
    body = {"format": 1, "about": "the most central real beat bars of each GMD style, train split "
                                  "(models.style_bars.count_style_bars): [[step, voice, velocity], ...] per bar",
            "styles": {s: [[[int(t), int(v), int(b[t, v])] for t, v in zip(*np.nonzero(b))] for b in bars]
                       for s, bars in sorted(table.items())}}
    atomic_write_bytes(path, json.dumps(body, separators=(",", ":")).encode(), GrooveLoomError)


def read_styles(path: str, what: str, entry) -> dict:
    """A per-style table written by `train-rolls` ({"styles": {style: value}}) as {style: entry(style, value)},
    styles whose entry is None left out; {} without the file. A broken file: GrooveLoomError naming it and
    `what` (entry raises ValueError for a bad value)."""
    if not os.path.lexists(path):
        return {}
    d = read_json_file(path, what)
    try:
        out = {str(style): entry(style, value) for style, value in d["styles"].items()}
        return {style: value for style, value in out.items() if value is not None}
    except (OSError, ValueError, KeyError, TypeError, IndexError, AttributeError, RecursionError) as exc:
        raise GrooveLoomError(f"{what} cannot be read ({exc})", path) from None


def read_style_bars(path: str = DEFAULT_PATH) -> dict[str, np.ndarray]:
    """{style: bars (n, 16, 9) velocities}; {} without the file."""
    return read_styles(path, "the styles' typical bars", _style_bars)


def _style_bars(style, bars) -> np.ndarray | None:
    if not isinstance(bars, list) or len(bars) > 1000:
        raise ValueError(f"style {str(style)[:20]!r}: not a list of at most 1000 bars")
    arr = np.zeros((len(bars), 16, N_VOICES), np.uint8)
    for k, hits in enumerate(bars):
        if not isinstance(hits, list) or len(hits) > 16 * N_VOICES:
            raise ValueError(f"style {str(style)[:20]!r} bar {k + 1}: not a list of [step, voice, velocity]")
        for t, v, vel in hits:
            if not all(isinstance(x, int) and not isinstance(x, bool) for x in (t, v, vel)) or \
                    not (0 <= t < 16 and 0 <= v < N_VOICES and 1 <= vel <= 127):
                raise ValueError(f"style {str(style)[:20]!r} bar {k + 1}: [{t!r:.12}, {v!r:.12}, {vel!r:.12}] "
                                 f"is not [step 0-15, voice 0-{N_VOICES - 1}, velocity 1-127]")
            arr[k, t, v] = vel
    return arr if len(arr) else None
