"""How loud real drummers play, per style, voice, metrical position and hat figure (issue 26; numpy only).

The reference the Feel is held to on programmed beats: from the 4/4 beat performances of the Groove MIDI
Dataset's train split, read on 16ths, every bar's mean velocity of each voice at each position (on the
beat, on the "and", on a 16th "e"/"a"), in bars whose closed hats play 8ths, 16ths or anything, with the
spread of those bar means and of the single hits (10, 25, 50, 75 and 90%). Counted by `python main.py
train-feel` and stored in resources/models/dynamics.json beside the feel model."""
from __future__ import annotations

import json
import os

import numpy as np

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
DEFAULT_PATH = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "resources", "models",
                            "dynamics.json")


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
    from .feel import load_performances
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
FEEL_STYLES = ("rock", "funk", "hiphop", "soul", "pop", "jazz", "latin")
STYLE_TEMPO = {"rock": 116, "funk": 100, "hiphop": 90, "soul": 96, "pop": 110, "jazz": 140, "latin": 110,
               "shuffle": 120}
MEANS = ("model", "held", "medians")
MEANS_TEXT = {"model": "the network's velocities as they come",
              "held": "the network's, held to the style's real dynamics (what GrooveLoom plays)",
              "medians": "every hit at the real median of its style, voice and position (no model)"}


def programmed_beats(bars: int = 4) -> list[tuple[str, np.ndarray]]:
    """Beats as programmed (hits (bars*16, 9), played flat): kick on 1 and 3&, snare on 2 and 4, closed hats
    on 8ths or 16ths, with and without ghost snares (the "a" of 2, the "e" of 3, the "a" of 4)."""
    kick, snare, hat = VOICE_NAMES.index("kick"), VOICE_NAMES.index("snare"), HAT
    out = []
    for figure, step in (("8th", 2), ("16th", 1)):
        for ghosts in (False, True):
            bar = np.zeros((16, N_VOICES), bool)
            bar[[0, 10], kick] = True
            bar[[4, 12], snare] = True
            bar[::step, hat] = True
            if ghosts:
                bar[[7, 9, 15], snare] = True
            out.append((f"{figure} hats" + (" + ghosts" if ghosts else ""), np.tile(bar, (bars, 1))))
    return out


def cells_of(vel: np.ndarray, hits: np.ndarray):
    """{(figure, voice, position): velocities of the take's hits there} (vel, hits (n, 9) on 16ths)."""
    return {(f, VOICE_NAMES[v], POSITIONS[k]): vel[m, v].astype(np.float64) for f, v, k, m in cell_masks(hits)}


ROUNDING = 0.5      # velocities are whole numbers: a level half a step outside the range is inside it


def dynamics_take(case: str, vel: np.ndarray, hits: np.ndarray, style: str, dyn: Dynamics):
    """A musician's rule on one felt take: every voice at every position plays at a level inside the
    style's real middle half (25-75% of GMD's bar means), its hits no wider apart than real hits (10-90%)."""
    from .takes import Take, grid_lines
    why, worst, cells = [], 0.0, []
    for (f, v, k), x in cells_of(vel, hits).items():
        c = dyn.cell(style, f, v, k)
        if c is None:
            continue
        lo, hi = c["bar_mean"][1], c["bar_mean"][3]
        mean = float(x.mean())
        spread, real = float(np.percentile(x, 90) - np.percentile(x, 10)), c["hit"][4] - c["hit"][0]
        cells.append({"figure": f, "voice": v, "position": k, "mean": round(mean, 1), "range": [lo, hi],
                      "spread": round(spread, 1), "real_spread": round(real, 1)})
        miss = max(lo - mean - ROUNDING, mean - hi - ROUNDING, 0.0)
        if miss > 0:
            why.append(f"{v} on the {k} {mean:.0f} (real {lo:.0f}-{hi:.0f})")
        if spread > real + 1e-6:
            why.append(f"{v} on the {k} spread {spread:.0f} (real {real:.0f})")
        worst = max(worst, miss, spread - real)
    t = Take(f"{style}, {case}", not why, why, -worst, grid_lines(np.where(hits, vel, 0)))
    t.cells = cells
    return t


def felt_velocities(feel, hits: np.ndarray, style: str, mean: str) -> np.ndarray:
    """(n, 9) velocities the Feel at amount 100 gives a flat programmed take, by one of MEANS."""
    from .encoding import style_index
    from .feel import predict_take
    if mean == "medians":
        out = np.zeros(hits.shape)
        for f, v, k, m in cell_masks(hits):
            c = feel.dynamics.cell(style, f, VOICE_NAMES[v], POSITIONS[k])
            out[m, v] = c["hit"][2] if c else 100
        return out
    _, vel = predict_take(feel, hits, style_index(style), float(STYLE_TEMPO.get(style, 110)))
    vel = hold(vel, hits, style, feel.dynamics) if mean == "held" else vel
    return np.clip(np.round(vel), 1, 127)          # as the app plays them


def feel_dynamics_report(feel, styles=FEEL_STYLES) -> dict:
    """The Feel at 100 on flat programmed beats, per style and beat, by each of MEANS, judged take by take."""
    from .takes import summary
    beats = programmed_beats()
    res: dict = {"styles": list(styles), "beats": [b[0] for b in beats], "means": {}}
    for mean in MEANS:
        takes = [dynamics_take(name, felt_velocities(feel, hits, s, mean), hits, s, feel.dynamics)
                 for s in styles for name, hits in beats]
        res["means"][mean] = {"summary": summary(takes, target=1.0),
                              "takes": [{"case": t.case, "passed": t.passed, "why": t.why, "cells": t.cells}
                                        for t in takes]}
    return res


TABLE_CELLS = (("8th", "closed_hat", "beat", "hat on the beat"), ("8th", "closed_hat", "and", 'hat on the "and"'),
               ("8th", "kick", "beat", "kick"), ("8th", "snare", "beat", "snare"))


def format_dynamics(r: dict) -> list[str]:
    """The issue's table (the 8th-hat beat: before, after, real) and every take's cells."""
    held, model = r["means"]["held"], r["means"]["model"]
    lines = ["feel dynamics on programmed beats (issue 26): Feel 100 on flat beats (every hit at 100); each voice's "
             "mean velocity per position against GMD train drummers' bar means (25-75%)"]
    for mean in MEANS:
        s = r["means"][mean]["summary"]
        verdict = f", target all: {'ok' if s['ok'] else 'MISS'}" if mean == "held" else ""
        lines.append(f"  {mean:8s} {s['passed']:3d}/{s['takes']} takes inside{verdict}  [{MEANS_TEXT[mean]}]")
    lines.append('  8th-hat beat, model -> held (real 25-75%):  ' + " | ".join(c[3] for c in TABLE_CELLS))
    by_case = {t["case"]: t for t in model["takes"]}
    for t in held["takes"]:
        if not t["case"].endswith("8th hats"):
            continue
        before = {(c["figure"], c["voice"], c["position"]): c for c in by_case[t["case"]]["cells"]}
        after = {(c["figure"], c["voice"], c["position"]): c for c in t["cells"]}
        parts = []
        for key in (c[:3] for c in TABLE_CELLS):
            a, b = after.get(key), before.get(key)
            parts.append(f"{b['mean']:4.0f} -> {a['mean']:3.0f} ({a['range'][0]:.0f}-{a['range'][1]:.0f})" if a and b else "-")
        lines.append(f"    {t['case'].split(',')[0]:8s} " + " | ".join(parts))
    lines.append("  every take, held (voice position: felt mean, real 25-75%):")
    for t in held["takes"]:
        cells = " ".join(f"{c['voice'].replace('closed_', '')}/{c['position']} {c['mean']:.0f} "
                         f"({c['range'][0]:.0f}-{c['range'][1]:.0f})" for c in t["cells"])
        lines.append(f"    {'ok  ' if t['passed'] else 'MISS'} {t['case']:26s} {cells}")
    return lines


# ---- swing: where a style's drummers play the off-beat 8th ---------------------------------------------
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


def offbeat_places(pattern, dt=None) -> np.ndarray:
    """Where the time keeper's (the ride or hat row that plays most) off-beat 8ths (its hits written on an
    "and") sound in their beat (0.5 straight, 0.667 triplet, 0.75 dotted), the swing and the feel's seconds
    `dt` (rows, steps) applied."""
    from engine.drumkit import voice_of_pitch
    from engine.timing import step_quarters
    spq = pattern.steps_per_quarter
    def places(rows):
        out = []
        for r in rows:
            on = np.flatnonzero(pattern.hits[r])
            on = on[np.isclose(on / spq % 1.0, 0.5)]
            q = step_quarters(pattern, on) + (0 if dt is None else dt[r, on] * pattern.tempo / 60.0)
            out.append(q - np.floor(on / spq))
        return np.concatenate(out) if out else np.zeros(0)
    keepers = [r for r, row in enumerate(pattern.rows) if voice_of_pitch(row.note) in TIME_KEEPERS]
    x = places(sorted(keepers, key=lambda r: -np.count_nonzero(pattern.hits[r]))[:1])
    # a shuffle whose hats keep quarters swings on its ghost snares (Purdie's): then every row's 8ths count
    return x if len(x) else places(range(len(pattern.rows)))


SWING_RULE = {True: (SWUNG, (0.58, 0.75)), False: (STRAIGHT, STRAIGHT)}   # (median, each) per swings
SWING_EACH = 0.8


def swing_verdict(x: np.ndarray, swings: bool) -> list[str]:
    """Why a take's off-beat 8ths (their places in the beat) do not swing (or, in a straight style, are not
    straight): the rule a jazz drummer applies, with the windows GMD's drummers were counted in (count_swing):
    their median swung (0.58-0.71 of the beat; the triplet is 0.667, dotted 0.75) and 80% of them inside
    0.58-0.75; straight: median and 80% inside 0.42-0.58."""
    (mlo, mhi), (lo, hi) = SWING_RULE[swings]
    if not len(x):
        return ["no off-beat 8th on the ride or hats"] if swings else []
    why, med, inside = [], float(np.median(x)), float(np.mean((x >= lo) & (x <= hi)))
    if not mlo <= med <= mhi:
        why.append(f"off-beat 8ths at {med:.2f} of the beat ({'swung' if swings else 'straight'}: {mlo}-{mhi})")
    if inside < SWING_EACH:
        why.append(f"{inside:.0%} of the off-beat 8ths in {lo}-{hi}")
    return why


def swing_takes(drummer, feel=None, styles=("jazz", "shuffle", "rock", "funk"), seeds=range(1, 9), bars: int = 4):
    """Generate in swinging and straight styles, each take heard as written and with the Feel at 100, judged
    by swing_verdict."""
    from .encoding import pattern_to_voices
    from .feel import pattern_feel
    from .takes import Take, grid_lines
    out = []
    for style in styles:
        swings = style in drummer.style_swing
        feel_style = style if style in STYLES else "rock"
        for s in seeds:
            p = drummer.generate(style, bars=bars, seed=s, tempo=STYLE_TEMPO.get(style, 120))[0].pattern
            for amount in (0.0, 1.0) if feel is not None else (0.0,):
                dt = None if amount == 0 else pattern_feel(feel, p, feel_style, amount)[0]
                x = offbeat_places(p, dt)
                why = swing_verdict(x, swings)
                t = Take(f"{style} seed {s}, feel {amount * 100:.0f}", not why, why,
                         -abs(float(np.median(x)) - (0.667 if swings else 0.5)) if len(x) else -1.0,
                         grid_lines(pattern_to_voices(p)))
                t.places, t.swing = [round(float(v), 3) for v in x], p.swing
                out.append(t)
    return out


SWING_PASS = 0.95


def swing_report(drummer, feel=None) -> dict:
    from .takes import summary
    takes = swing_takes(drummer, feel)
    per = {}
    for t in takes:
        style, amount = t.case.split(" seed")[0], t.case.rsplit("feel ", 1)[1]
        per.setdefault(style, {}).setdefault(amount, []).extend(t.places)
    return {"summary": summary(takes, target=SWING_PASS), "swing": dict(drummer.style_swing),
            "median_place": {s: {a: round(float(np.median(x)), 3) if x else None for a, x in d.items()}
                             for s, d in per.items()},
            "takes": [{"case": t.case, "passed": t.passed, "why": t.why, "swing": t.swing} for t in takes]}


def format_swing(r: dict) -> list[str]:
    from .takes import format_summary
    lines = format_summary("swing (issue 26): Generate in swinging and straight styles, as written and at Feel 100",
                           r["summary"], "the time keeper's off-beat 8ths swung (median 0.58-0.71 of the beat, 80% in "
                           "0.58-0.75) where the style swings, straight (median and 80% in 0.42-0.58) where not")
    lines.append("  swing the styles generate on (GMD train, 8ths): " + ", ".join(f"{s} {v:.0%}" for s, v in r["swing"].items()))
    for s, d in r["median_place"].items():
        lines.append(f"  {s:8s} off-beat 8th at " + ", ".join(f"{v:.3f} of the beat (feel {a})" for a, v in d.items()))
    return lines
