"""The feel's dynamics and swing judged take by take: programmed beats played at Feel 100 against the real
drummers' levels (models.dynamics), and Generate's swing against each style's (numpy only; `evaluate`)."""
from __future__ import annotations

import numpy as np

from engine.drumkit import N_VOICES, VOICE_NAMES

from .dynamics import HAT, POSITIONS, STRAIGHT, SWUNG, TIME_KEEPERS, Dynamics, cell_masks, hold
from .encoding import STYLES


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
    lines = ["feel dynamics on programmed beats: Feel 100 on flat beats (every hit at 100); each voice's "
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
    lines = format_summary("swing: Generate in swinging and straight styles, as written and at Feel 100",
                           r["summary"], "the time keeper's off-beat 8ths swung (median 0.58-0.71 of the beat, 80% in "
                           "0.58-0.75) where the style swings, straight (median and 80% in 0.42-0.58) where not")
    lines.append("  swing the styles generate on (GMD train, 8ths): " + ", ".join(f"{s} {v:.0%}" for s, v in r["swing"].items()))
    for s, d in r["median_place"].items():
        lines.append(f"  {s:8s} off-beat 8th at " + ", ".join(f"{v:.3f} of the beat (feel {a})" for a, v in d.items()))
    return lines
