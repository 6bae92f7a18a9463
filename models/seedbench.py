"""The seed-conditional benchmark: does the drummer continue the groove it was given?

- GMD windows (test split, 4/4 beats): 4 seed bars -> 4 generated bars, against the 4 bars the drummer
  really played next, as played and in "programmed" versions of the same windows (velocity 100; kick+snare
  only; kick+snare+closed hat; no cymbals). Next to the repeat baselines (the last bar, the last two bars).
- Drawn beats (tests/resources/drawn_beats.txt): anchors kept, dead bars, voices the seed lacks, velocity.
- Generate from nothing (hits per bar against real bars of the style) and Fill (toms+crash, density).
No Qt, no TensorFlow (the drummer runs through LiteRT).
"""
from __future__ import annotations

import numpy as np

from .beatsuite import load_suite
from .encoding import N_VOICES, STYLES, pattern_to_voices, voices_to_pattern

SEED_BARS, NEXT_BARS = 4, 4
VERSIONS = {"as played": None, "velocity 100": tuple(range(N_VOICES)), "kick+snare": (0, 1),
            "kick+snare+hat": (0, 1, 2), "no cymbals": (0, 1, 2, 4, 5, 6)}
CRASH, TOMS_CRASH = 7, (4, 5, 6, 7)
DEAD_HITS, BUSY_SEED = 2, 6


def onset_f1(a: np.ndarray, b: np.ndarray) -> float:
    """F1 of the (step, voice) onsets of a against b (1.0 when both are empty)."""
    pa, pb = np.asarray(a) > 0, np.asarray(b) > 0
    tp = int((pa & pb).sum())
    n = int(pa.sum()) + int(pb.sum())
    return 1.0 if n == 0 else 2 * tp / n


def version_of(vel: np.ndarray, voices) -> np.ndarray:
    """A window as a beat maker would program it: velocity 100, only `voices` (None: as played)."""
    if voices is None:
        return vel
    out = np.zeros_like(vel)
    keep = list(voices)
    out[:, keep] = np.where(vel[:, keep] > 0, 100, 0)
    return out


def bars(v: np.ndarray, spb: int) -> list[np.ndarray]:
    return [v[i:i + spb] for i in range(0, len(v) - spb + 1, spb)]


def bar_figures(gen: np.ndarray, seed: np.ndarray, spb: int) -> dict:
    """Per generated bars: drift (similarity to the last seed bar), dead bars, bars with a voice the seed
    lacks (a crash on a bar's first step alone counted apart), velocity against the seed."""
    last = seed[-spb:]
    used = (seed > 0).any(0)
    seed_busy = np.count_nonzero(seed) / max(1, len(seed) // spb) >= BUSY_SEED
    sims, dead, new, crash_only = [], 0, 0, 0
    for b in bars(gen, spb):
        sims.append(onset_f1(b, last))
        dead += int(seed_busy and np.count_nonzero(b) < DEAD_HITS)
        extra = (b > 0) & ~used
        if extra.any():
            if extra[:, CRASH].sum() == extra.sum() and extra[0, CRASH] and extra.sum() == 1:
                crash_only += 1
            else:
                new += 1
    sv, gv = seed[seed > 0].astype(float), gen[gen > 0].astype(float)
    dmean, dsd = [], []
    for v in range(N_VOICES):
        a, b = seed[:, v][seed[:, v] > 0].astype(float), gen[:, v][gen[:, v] > 0].astype(float)
        if len(a) and len(b):
            dmean.append(abs(a.mean() - b.mean()))
            dsd.append(abs(a.std() - b.std()))
    return {"bars": len(sims), "similarity": float(np.mean(sims)) if sims else 0.0, "dead": dead, "new_voice": new,
            "crash_downbeat": crash_only, "seed_sd": float(sv.std()) if len(sv) else 0.0,
            "out_sd": float(gv.std()) if len(gv) else 0.0,
            "vel_mean_dist": float(np.mean(dmean)) if dmean else 0.0,
            "vel_sd_dist": float(np.mean(dsd)) if dsd else 0.0}


def gmd_windows(test, rng, limit: int = 60) -> list[tuple]:
    """(example, first bar) of 8-bar windows of beat sequences (busy seeds), at most `limit`, seeded."""
    out = []
    for e in test:
        nb = len(e.vel) // 16
        if e.fill or nb < SEED_BARS + NEXT_BARS:
            continue
        k = int(rng.integers(0, nb - SEED_BARS - NEXT_BARS + 1))
        if np.count_nonzero(e.vel[k * 16:(k + SEED_BARS) * 16]) / SEED_BARS >= BUSY_SEED:
            out.append((e, k))
    order = rng.permutation(len(out))[:limit]
    return [out[i] for i in sorted(order)]


def gmd_figures(drummer, windows, variation: float, seed: int = 0, variations: int = 1) -> dict:
    """Per version: mean F1 generated / repeat last bar / repeat last two bars against the real next bars,
    drift against the real bars', dead bars, new-voice bars, velocity."""
    res = {}
    for name, voices in VERSIONS.items():
        f1 = {"generated": [], "repeat_bar": [], "repeat_two_bars": []}
        agg = {"bars": 0, "dead": 0, "new_voice": 0, "crash_downbeat": 0}
        sims, real_sims, sd_excess, vmd = [], [], [], []
        for i, (e, k) in enumerate(windows):
            win = version_of(e.vel[k * 16:(k + SEED_BARS + NEXT_BARS) * 16], voices)
            s, truth = win[:SEED_BARS * 16], win[SEED_BARS * 16:]
            if not s.any():
                continue
            p = voices_to_pattern(s).with_settings(tempo=float(np.clip(e.tempo, 20, 400)))
            cands = drummer.continue_(p, bars=NEXT_BARS, variations=variations, seed=seed + i,
                                      style=STYLES[e.style], variation=variation)
            for c in cands:
                gen = pattern_to_voices(c.pattern)[SEED_BARS * 16:]
                f1["generated"].append(onset_f1(gen, truth))
                bf = bar_figures(gen, s, 16)
                for key in agg:
                    agg[key] += bf[key]
                sims.append(bf["similarity"])
                sd_excess.append(bf["out_sd"] - bf["seed_sd"])
                vmd.append(bf["vel_mean_dist"])
            f1["repeat_bar"].append(onset_f1(np.tile(s[-16:], (NEXT_BARS, 1)), truth))
            f1["repeat_two_bars"].append(onset_f1(np.tile(s[-32:], (NEXT_BARS // 2, 1)), truth))
            real_sims.append(np.mean([onset_f1(b, s[-16:]) for b in bars(truth, 16)]))
        res[name] = {"windows": len(real_sims), **{f"f1_{k}": round(float(np.mean(v)), 4) for k, v in f1.items()},
                     "similarity": round(float(np.mean(sims)), 4), "similarity_real": round(float(np.mean(real_sims)), 4),
                     **agg, "sd_excess": round(float(np.mean(sd_excess)), 2),
                     "vel_mean_dist": round(float(np.mean(vmd)), 2)}
    return res


def drawn_figures(drummer, variation: float, seed: int = 0, variations: int = 4, bars_out: int = 4) -> dict:
    """Each drawn beat continued `bars_out` bars x `variations`: anchors kept, dead bars, new voices."""
    rows, tot = [], {"bars": 0, "anchored": 0, "dead": 0, "new_voice": 0, "crash_downbeat": 0}
    for beat in load_suite():
        p = beat.pattern
        spb = p.to_16ths(p.steps_per_bar)
        s = pattern_to_voices(p)
        cands = drummer.continue_(p, bars=bars_out, variations=variations, seed=seed, style=beat.style,
                                  variation=variation)
        kept = n = dead = new = crash = 0
        sd = []
        for c in cands:
            gen = pattern_to_voices(c.pattern)[len(s):]
            for b in bars(gen, spb):
                n += 1
                kept += all(b[step, v] > 0 for v, step in beat.anchors)
            bf = bar_figures(gen, s, spb)
            dead, new, crash = dead + bf["dead"], new + bf["new_voice"], crash + bf["crash_downbeat"]
            sd.append(bf["out_sd"] - bf["seed_sd"])
        rows.append({"beat": beat.name, "bars": n, "anchors_kept": kept, "dead": dead, "new_voice": new,
                     "crash_downbeat": crash, "sd_excess": round(float(np.mean(sd)), 1)})
        for key, val in (("bars", n), ("anchored", kept), ("dead", dead), ("new_voice", new), ("crash_downbeat", crash)):
            tot[key] += val
    return {"beats": rows, "total": tot}


def generate_figures(drummer, density: dict, styles=("rock", "funk", "hiphop", "jazz", "latin"), seeds=range(1, 11),
                     bars_out: int = 4) -> dict:
    """Generate from nothing: outputs whose hits per bar (their mean) lie inside the 10-90% range of real
    bars of the style, and near-empty outputs (< 2 hits per bar on average)."""
    out = {}
    for style in styles:
        lo, hi = density[style][0], density[style][2]
        inside = empty = backbeat = 0
        counts, rhythms = [], set()
        for sd in seeds:
            g = pattern_to_voices(drummer.generate(style, bars=bars_out, seed=sd)[0].pattern)
            per = [np.count_nonzero(b) for b in bars(g, 16)]
            counts.append(int(sum(per)))
            inside += int(lo <= np.mean(per) <= hi)
            empty += int(np.mean(per) < DEAD_HITS)
            backbeat += sum(int(b[4, 1] > 0 and b[12, 1] > 0) for b in bars(g, 16))
            rhythms.update((b > 0).tobytes() for b in bars(g, 16))
        out[style] = {"range": [lo, hi], "inside": inside, "outputs": len(list(seeds)), "near_empty": int(empty),
                      "hits": counts, "bars": bars_out * len(list(seeds)), "backbeat_bars": backbeat,
                      "distinct_bars": len(rhythms)}
    return out
