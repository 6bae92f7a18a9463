"""How loud real drummers play, per style, voice, metrical position and hat figure (numpy only).

The reference the Feel is held to on programmed beats: from the 4/4 beat performances of the Groove MIDI
Dataset's train split, read on 16ths, every bar's mean velocity of each voice at each position (on the
beat, on the "and", on a 16th "e"/"a"), in bars whose closed hats play 8ths, 16ths or anything, with the
spread of those bar means and of the single hits (10, 25, 50, 75 and 90%). Counted by `python main.py
train-feel` and stored in resources/models/dynamics.json beside the feel model."""
from __future__ import annotations

import json
import os

import numpy as np

from engine.paths import MODELS_DIR
from engine.drumkit import N_VOICES, VOICE_NAMES
from engine.errors import GrooveLoomError
from engine.fileio import read_json_file

from .encoding import STYLES

POSITIONS = ("beat", "and", "16th")     # a 16th step's place in its beat: 1, the "and", the "e" or "a"
FIGURES = ("8th", "16th", "any")        # what the closed hats play in the bar ("any": every bar)
QUANTILES = (10, 25, 50, 75, 90)
MIN_BARS = 20        # a cell counted from fewer bars than this, or from fewer takes than MIN_TAKES (one
MIN_TAKES = 5        # drummer's habit), is not the style's: the style's "any" bars stand in
HAT = VOICE_NAMES.index("closed_hat")
DYNAMICS_FORMAT = 1
DEFAULT_PATH = os.path.join(MODELS_DIR, "dynamics.json")


def position_of(steps) -> np.ndarray:
    """0, 1 or 2 (POSITIONS) for 16th steps counted from a bar line."""
    s = np.asarray(steps) % 4
    return np.where(s == 0, 0, np.where(s == 2, 1, 2))


def hat_figure(bar_hits: np.ndarray) -> str:
    """What a bar's closed hats (hits (16, 9)) play: "8th" (6 or more, all on 8ths), "16th" (12 or more,
    4 or more of them on a 16th "e"/"a"), else "other"."""
    hat = np.flatnonzero(bar_hits[:, HAT])
    odd = int((hat % 2 == 1).sum())
    if len(hat) >= 12 and odd >= 4:
        return "16th"
    if len(hat) >= 6 and odd == 0:
        return "8th"
    return "other"


def bar_cells(vel: np.ndarray):
    """Per bar (vel (16, 9)): {(voice, position): (bar mean, hit velocities)} for the cells it plays."""
    pos = position_of(np.arange(16))
    out = {}
    for v in range(N_VOICES):
        for k in range(len(POSITIONS)):
            h = vel[pos == k, v]
            h = h[h > 0].astype(np.float64)
            if len(h):
                out[(v, k)] = (float(h.mean()), h)
    return out


def count_dynamics(perfs) -> dict:
    """The reference from performances (models.feel.Performance, beats of one split): per style, figure,
    voice and position the bars it was counted on, quantiles of the bar means and of the hits."""
    acc: dict[tuple, tuple[list, list, set]] = {}
    for i, p in enumerate(perfs):
        for a in range(0, len(p.vel) - 15, 16):
            bar = p.vel[a:a + 16]
            if (bar > 0).sum() < 4:
                continue
            fig = hat_figure(bar > 0)
            for (v, k), (mean, hits) in bar_cells(bar).items():
                for f in {fig, "any"} & set(FIGURES):
                    means, all_hits, takes = acc.setdefault((STYLES[p.style], f, VOICE_NAMES[v], POSITIONS[k]),
                                                            ([], [], set()))
                    means.append(mean)
                    all_hits.append(hits)
                    takes.add(i)
    styles: dict = {}
    for (s, f, v, k), (means, hits, takes) in sorted(acc.items()):
        h = np.concatenate(hits)
        styles.setdefault(s, {}).setdefault(f, {}).setdefault(v, {})[k] = {
            "bars": len(means), "takes": len(takes), "bar_mean": [round(float(q), 1) for q in np.percentile(means, QUANTILES)],
            "hit": [round(float(q), 1) for q in np.percentile(h, QUANTILES)]}
    return {"format": DYNAMICS_FORMAT, "quantiles": list(QUANTILES), "min_bars": MIN_BARS, "min_takes": MIN_TAKES,
            "styles": styles}


def count_from_gmd(root: str, split: str = "train", limit: int | None = None) -> dict:
    from .performances import load_performances
    perfs = load_performances(root, (split,), limit=limit, beat_type="beat")
    if not perfs:
        raise GrooveLoomError(f"no 4/4 beat performances in the {split} split", root)
    ref = count_dynamics(perfs)
    ref["split"], ref["performances"] = split, len(perfs)
    ref["swing"] = count_swing(perfs)
    return ref


def _cells(styles: dict):
    """(where, cell) for every cell of a reference's styles; where names a level that is not a table."""
    for s, figs in styles.items():
        for f, voices in (figs.items() if isinstance(figs, dict) else [("?", None)]):
            for v, positions in (voices.items() if isinstance(voices, dict) else [("?", None)]):
                for k, c in (positions.items() if isinstance(positions, dict) else [("?", None)]):
                    yield f"{s}/{f}/{v}/{k}", c


def _good_cell(c) -> bool:
    if not isinstance(c, dict):
        return False
    num = lambda x: isinstance(x, (int, float)) and not isinstance(x, bool)  # noqa: E731
    qs = [c.get("bar_mean"), c.get("hit")]
    return (all(isinstance(c.get(k), int) and not isinstance(c.get(k), bool) and c[k] >= 0 for k in ("bars", "takes"))
            and all(isinstance(q, list) and len(q) == len(QUANTILES) and all(num(x) and 0 <= x <= 127 for x in q)
                    and all(a <= b for a, b in zip(q, q[1:])) for q in qs))


def write_dynamics(root: str, out: str, limit: int | None = None) -> dict:
    """Count the reference on GMD's train split and write it as out/dynamics.json (beside feel.tflite)."""
    ref = count_from_gmd(root, limit=limit)
    os.makedirs(out, exist_ok=True)
    Dynamics(ref).write(os.path.join(out, "dynamics.json"))
    return ref


class Dynamics:
    """The stored reference (dynamics.json), looked up per style, figure, voice and position."""

    def __init__(self, ref: dict, path: str = "dynamics.json"):
        if not isinstance(ref, dict) or ref.get("format") != DYNAMICS_FORMAT or not isinstance(ref.get("styles"), dict):
            raise GrooveLoomError("not a dynamics reference this GrooveLoom reads; count one with train-feel", path)
        for where, c in _cells(ref["styles"]):
            if not _good_cell(c):
                raise GrooveLoomError(f"dynamics reference: {where[:60]} is not bars, takes and 5 rising "
                                      "velocities (bar_mean, hit)", path)
        for key in ("min_bars", "min_takes"):
            if not isinstance(ref.get(key, 0), int) or isinstance(ref.get(key), bool):
                raise GrooveLoomError(f"dynamics reference: {key} is not a whole number", path)
        self.ref, self.path = ref, path

    @classmethod
    def load(cls, path: str = DEFAULT_PATH) -> "Dynamics":
        try:
            ref = read_json_file(path, "the dynamics reference")
        except FileNotFoundError:
            raise GrooveLoomError("no dynamics reference; count one with train-feel", path) from None
        return cls(ref, path)

    def cell(self, style: str, figure: str, voice: str, position: str) -> dict | None:
        """The reference cell, from the style's bars of that figure when it has MIN_BARS of them, else
        from all its bars; None when the style's drummers never play that voice there."""
        st = self.ref["styles"].get(style, {})
        for f in (figure, "any"):
            c = st.get(f, {}).get(voice, {}).get(position)
            if (isinstance(c, dict) and c.get("bars", 0) >= self.ref.get("min_bars", MIN_BARS)
                    and c.get("takes", 0) >= self.ref.get("min_takes", MIN_TAKES)):
                return c
        return None

    def write(self, path: str) -> None:
        from engine.fileio import atomic_write_bytes
        atomic_write_bytes(path, json.dumps(self.ref, indent=0, sort_keys=True).encode())


HOLD_MARGIN = 0.1    # a take's level is held this share of the middle half inside its edges


def cell_masks(hits: np.ndarray, voices=None):
    """(hat figure, voice, position, mask (n,)) for every cell a take (hits (n, 9) on 16ths from a bar line)
    plays, voice by voice, figure by figure; the steps after its last whole bar are in no cell."""
    n = len(hits) // 16 * 16
    figs = np.repeat([hat_figure(hits[a:a + 16]) for a in range(0, n, 16)], 16)
    pos = position_of(np.arange(n))
    for v in range(N_VOICES) if voices is None else voices:
        for f in np.unique(figs):
            for k in range(len(POSITIONS)):
                m = np.zeros(len(hits), bool)
                m[:n] = hits[:n, v] & (pos == k) & (figs == f)
                if m.any():
                    yield str(f), v, k, m


def hold(vel: np.ndarray, hits: np.ndarray, style: str, dyn: Dynamics, voices=None) -> np.ndarray:
    """The drummer's velocities (vel (n, 9) on 16ths from a bar line, n whole bars) held to real dynamics:
    per hat figure, voice and position, the take's mean level moved into the style's middle half of bar
    means (HOLD_MARGIN inside it) and the hits' spread around it (10-90%) kept within the real hits'
    spread; the model's accents, shape and phrasing within that level are kept. `voices`: the voices
    whose velocities come from the drummer (the others are left as they are)."""
    out = vel.astype(np.float64).copy()
    for f, v, k, m in cell_masks(hits, voices):
        c = dyn.cell(style, f, VOICE_NAMES[v], POSITIONS[k])
        if not c:
            continue
        lo, hi = c["bar_mean"][1], c["bar_mean"][3]
        pad = HOLD_MARGIN * (hi - lo)
        x = out[m, v]
        mean = x.mean()
        dev = x - mean
        spread, real = np.percentile(x, 90) - np.percentile(x, 10), c["hit"][4] - c["hit"][0]
        if spread > real - 1:               # (a step inside: the velocities are rounded after)
            dev *= max(real - 1, 0) / spread
        level = np.clip(mean, lo + pad, hi - pad)
        for a in (1.0, 0.75, 0.5, 0.25, 0.0):     # near 1 or 127 the hits close in, keeping the level
            x = np.clip(level + a * dev, 1, 127)
            if abs(x.mean() - level) <= 0.25:
                break
        out[m, v] = x
    return np.where(hits, np.clip(out, 1, 127), out)


# ---- the Feel on programmed beats, take by take -------------------------------------------------------
TIME_KEEPERS = tuple(VOICE_NAMES.index(v) for v in ("closed_hat", "open_hat", "ride"))
STRAIGHT, SWUNG = (0.42, 0.58), (0.58, 0.71)   # the off-beat 8th's place in its beat: straight, swung (0.75: a 16th)
SWING_MIN_HITS = 200   # a style swings when its drummers play at least SWING_SHARE of its off-beat 8ths swung
SWING_SHARE = 1 / 3    # (GMD train: jazz 0.44, shuffles 0.53; then rock 0.18, latin 0.16: straight styles)


def swing_key(p) -> str:
    """The drummer style a GMD take's swing counts for: "shuffle" for GMD's shuffles, else its style."""
    return "shuffle" if "shuffle" in getattr(p, "kind", "") else STYLES[p.style]


def count_swing(perfs) -> dict:
    """Per drummer style, the time keepers' (hats, ride) off-beat 8ths: the share played swung (0.58-0.71
    of the beat; 0.75 is the 16th "a") rather than straight (0.42-0.58) and the median place of the swung ones (0.667: triplet)."""
    acc: dict[str, list] = {}
    for p in perfs:
        pos = ((np.arange(len(p.vel))[:, None] + p.offset) % 4) / 4
        x = pos[:, TIME_KEEPERS][p.vel[:, TIME_KEEPERS] > 0]
        acc.setdefault(swing_key(p), []).append(x[(x >= STRAIGHT[0]) & (x < SWUNG[1])])
    out = {}
    for key, xs in sorted(acc.items()):
        x = np.concatenate(xs)
        swung = x[x >= SWUNG[0]]
        out[key] = {"hits": int(len(x)), "swung_share": round(float(len(swung) / max(len(x), 1)), 3),
                    "ratio": round(float(np.median(swung)), 3) if len(swung) else 0.5}
    return out


def read_style_swing(path: str = DEFAULT_PATH) -> dict[str, float]:
    """{drummer style: the swing it generates on (swing on 8ths, 0.5-0.75)} for the styles that swing (as
    counted in dynamics.json); {} where the file has no swing table (nothing swings) or is not there."""
    try:
        d = read_json_file(path, "the dynamics reference")
    except FileNotFoundError:
        return {}
    if not isinstance(d, dict):
        raise GrooveLoomError("the dynamics reference cannot be read (not a JSON object)", path)
    table = d.get("swing", {})
    out = {}
    for style, row in table.items() if isinstance(table, dict) else ():
        try:
            hits, share, ratio = int(row["hits"]), float(row["swung_share"]), float(row["ratio"])
        except (TypeError, KeyError, ValueError, OverflowError):
            raise GrooveLoomError(f"dynamics reference: swing of '{style}' is not hits/swung_share/ratio", path) from None
        if hits >= SWING_MIN_HITS and share >= SWING_SHARE and 0.5 < ratio <= 0.75:
            out[style] = round(ratio, 3)
    return out
