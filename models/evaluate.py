"""`python main.py evaluate [FILES|DIR ...] [--json]`: the drummer against count baselines.

Default data: the GMD test split (4/4). Figures:
- teacher-forced NLL of the hit pattern per 16th step (nats, joint over the 9 voices, velocity not
  included) for the model (through the LiteRT runtime the app uses) and for count baselines fitted on the
  GMD train split (position unigram, n-gram with position, copy-the-bar-before mix; lambda on validation);
- onset F1 of the greedy (temperature 0) next bar, given up to 8 bars of real context;
- for sampled continuations (4 bars after 2 real bars, temperature 1): the quality-filter pass rate and
  the overlapping area between generated and real bars for per-voice density, syncopation and
  inter-onset-interval histograms.
"""
from __future__ import annotations

import os

import numpy as np

from engine.errors import GrooveLoomError
from engine.midi import read_midi
from engine.quality import (bars_of, inter_onset_intervals, overlap_area, quality_filter, syncopation,
                            voice_density)

from .baselines import CountBaselines
from .data import Example, load_gmd
from .drummer import DEFAULT_DIR, Drummer
from .encoding import N_VOICES, condition_vector, pattern_to_voices, style_index
from .takes import fill_stats, takes_report

NLL_TARGET, PASS_TARGET, OA_TARGET = 1.45, 0.90, 0.80


def examples_from_files(paths: list[str]) -> list[Example]:
    files = []
    for p in paths:
        if os.path.isdir(p):
            for root, _, names in os.walk(p):
                files += [os.path.join(root, n) for n in sorted(names) if n.lower().endswith((".mid", ".midi"))]
        else:
            files.append(p)
    if not files:
        raise GrooveLoomError("no MIDI files found", paths[0] if paths else ".")
    out = []
    for f in files:
        pat = read_midi(f, grid=16, fold="voices").pattern
        if pat.meter != "4/4":
            continue
        out.append(Example(os.path.basename(f), pattern_to_voices(pat), style_index("other"), False,
                           pat.tempo, "files"))
    if not out:
        raise GrooveLoomError("none of the files is in 4/4 (the drummer plays 4/4)", paths[0])
    return out


def evaluate(data: str, files: list[str] | None = None, model_dir: str | None = None, seed: int = 0,
             progress=print) -> dict:
    """The drummer against count baselines: NLL, greedy next-bar F1, sampled continuations (quality-filter
    pass rate and overlap with real bars), fills, and the targets met."""
    drummer = Drummer(model_dir) if model_dir else Drummer()
    ds = load_gmd(data, splits=("train", "validation") + (() if files else ("test",)))
    test = examples_from_files(files) if files else ds.split("test")
    rng = np.random.default_rng(seed)
    res: dict = {"data": ("files" if files else "GMD test split"), "sequences": len(test),
                 "steps": int(sum(len(e.vel) for e in test))}
    progress(f"fitting count baselines on {len(ds.split('train'))} train sequences ...")
    res.update(_nll_figures(drummer, ds, test, progress))
    beats = [e for e in test if not e.fill and len(e.vel) >= 3 * 16]
    progress(f"greedy next-bar onset F1 on {len(beats)} beat sequences ...")
    res["greedy_next_bar"] = _greedy_f1(drummer, beats, rng)
    progress("sampled continuations ...")
    res["continuations"] = _continuation_figures(drummer, beats, rng)
    progress("fills ...")
    res["fills"] = fill_figures(drummer, test, beats, rng)
    progress("seed-conditional benchmark (GMD windows, programmed versions, drawn beats, Generate) ...")
    res["seed_conditional"] = seed_conditional(drummer, test, rng)
    here = model_dir or DEFAULT_DIR       # (the feel and the beat map beside the drummer)
    bm = bm_bars = None
    if not files and os.path.exists(os.path.join(here, "beatmap.json")):
        from .beatmap import BeatMap, gmd_bars
        bm, bm_bars = BeatMap(here), gmd_bars(data, ("test",), limit=60)[0]
    res["takes"] = takes_report(drummer, test, res["fills"]["real_fills"], bm, bm_bars, progress=progress)
    if not files and os.path.exists(os.path.join(here, "feel.tflite")):
        from .feel import Feel, feel_report
        progress("feel: each hit's timing and velocity against the baselines ...")
        feel = Feel(here)
        res["feel"] = feel_report(feel, data)
        if feel.dynamics is not None:
            from .dynamics_eval import feel_dynamics_report
            progress("feel dynamics: Feel 100 on flat programmed beats against the real drummers ...")
            res["feel_dynamics"] = feel_dynamics_report(feel)
        from .dynamics_eval import swing_report
        progress("swing: Generate in jazz, shuffle, rock and funk, as written and felt ...")
        res["swing"] = swing_report(drummer, feel)
    if not files:
        from .styleclass import style_report
        progress("style: a classifier fitted on GMD train beats hears Generate's takes ...")
        res["styles"] = style_report(drummer, data)
    if bm is not None:
        from .beatmap import beatmap_report
        progress("beat map: reconstruction, the prior's beats, interpolation, style separation ...")
        res["beatmap"] = beatmap_report(bm, data)
    ov = res["continuations"]["overlap"]
    res["targets"] = {"nll_model_le_1.45": res["nll"]["model"] <= NLL_TARGET,
                      "pass_rate_ge_0.90": res["continuations"]["pass_rate"] >= PASS_TARGET,
                      "overlap_each_ge_0.80": all(ov[k] >= OA_TARGET for k in ("density", "syncopation", "ioi")),
                      **seed_targets(res["seed_conditional"], res["fills"]),
                      **res["takes"]["targets"],
                      **(res["feel"]["targets"] if "feel" in res else {}),
                      **({"feel_dynamics_all_inside": res["feel_dynamics"]["means"]["held"]["summary"]["ok"]}
                         if "feel_dynamics" in res else {}),
                      **({"swing_styles_swing_ge_0.95": res["swing"]["summary"]["ok"]} if "swing" in res else {}),
                      **({"style_heard_ge_0.80": res["styles"]["summary"]["ok"]} if "styles" in res else {}),
                      **(res["beatmap"]["targets"] if "beatmap" in res else {})}
    return res


def seed_conditional(drummer, test, rng, windows: int = 80) -> dict:
    """Does the drummer continue the groove it was given (models/seedbench.py), at the default Variation."""
    from . import seedbench as sb
    from .drummer import DEFAULT_VARIATION
    win = sb.gmd_windows(test, rng, limit=windows)
    return {"variation": DEFAULT_VARIATION, "gmd": sb.gmd_figures(drummer, win, DEFAULT_VARIATION),
            "drawn": sb.drawn_figures(drummer, DEFAULT_VARIATION),
            "generate": sb.generate_figures(drummer, drummer.card.get("style_density") or {})}


def seed_targets(sc: dict, fills: dict) -> dict:
    """Pass/fail of the evaluation's targets at default settings."""
    t = {}
    for name, r in sc["gmd"].items():
        key = name.replace(" ", "_").replace("+", "_")
        t[f"gmd_{key}_f1_ge_repeat_bar"] = r["f1_generated"] >= r["f1_repeat_bar"]
        t[f"gmd_{key}_drift_within_0.05"] = abs(r["similarity"] - r["similarity_real"]) <= 0.05
        t[f"gmd_{key}_no_dead_bars"] = r["dead"] == 0
        if name != "as played":
            t[f"gmd_{key}_velocity_sd_le_seed_plus_8"] = r["sd_excess"] <= 8
    d = sc["drawn"]["total"]
    t["drawn_anchors_kept_ge_95%"] = d["anchored"] >= 0.95 * d["bars"]
    t["drawn_no_dead_bars"] = d["dead"] == 0
    t["drawn_new_voice_le_10%"] = d["new_voice"] <= 0.10 * d["bars"]
    g = sc["generate"]
    if g:
        t["generate_density_in_range_ge_90%"] = sum(x["inside"] for x in g.values()) >= 0.9 * sum(x["outputs"] for x in g.values())
        t["generate_no_near_empty"] = all(x["near_empty"] == 0 for x in g.values())
    gen, real = fills["generated"], fills["real_fills"]
    t["fill_toms_crash_ge_25%"] = gen["tom_crash_share"] >= 0.25
    t["fill_density_within_10%"] = abs(gen["density"] - real["density"]) <= 0.10 * real["density"]
    t["fill_next_downbeat_kept"] = fills.get("next_downbeat_kept", 0.0) == 1.0
    return {k: bool(v) for k, v in t.items()}


def _nll_figures(drummer, ds, test, progress) -> dict:
    cb = CountBaselines([e.vel for e in ds.split("train")])
    lam = cb.fit_lambda([e.vel for e in ds.split("validation")])
    vel_list = [e.vel for e in test]
    nll = {"position_unigram": cb.nll(vel_list, "unigram"), "ngram_position": cb.nll(vel_list, "ngram"),
           "copy_bar_mix": cb.nll(vel_list, "copy")}
    progress("model NLL (teacher forced, LiteRT) ...")
    logps, _ = drummer.teacher_forced(vel_list, [condition_vector(e.style, e.fill, e.tempo, len(e.vel)) for e in test])
    nll["model"] = float(-np.concatenate(logps).mean())
    return {"nll": {k: round(v, 4) for k, v in nll.items()}, "copy_lambda": round(lam, 3)}


def _greedy_f1(drummer, beats, rng) -> dict:
    """Onsets of the greedy next bar against the real one, after up to 8 bars of context."""
    tp = fp = fn = 0
    for e in beats:
        nbars = len(e.vel) // 16
        for k in range(2, nbars, max(1, (nbars - 2) // 4)):
            ctx = e.vel[max(0, k - 8) * 16:k * 16]
            cond = condition_vector(e.style, False, e.tempo, len(ctx) + 16)
            gen, _ = drummer.sample(ctx, 16, k * 16, 16, cond, 1, 0.0, rng)
            pred, true = gen[0] > 0, e.vel[k * 16:(k + 1) * 16] > 0
            tp += int((pred & true).sum())
            fp += int((pred & ~true).sum())
            fn += int((~pred & true).sum())
    prec, rec = tp / max(1, tp + fp), tp / max(1, tp + fn)
    return {"f1": round(2 * prec * rec / max(1e-9, prec + rec), 4), "precision": round(prec, 4),
            "recall": round(rec, 4)}


def _continuation_figures(drummer, beats, rng) -> dict:
    """4 sampled bars after 2 real ones: quality-filter pass rate, and how close their density, syncopation
    and inter-onset intervals are to real bars (overlap areas)."""
    gen_bars, passed, reasons, runs = [], 0, {}, 0
    for e in beats:
        nbars = len(e.vel) // 16
        for k in sorted({2, int(rng.integers(2, nbars)) if nbars > 2 else 2}):
            ctx = e.vel[(k - 2) * 16:k * 16]
            cond = condition_vector(e.style, False, e.tempo, len(ctx) + 64)
            gen, _ = drummer.sample(ctx, 64, k * 16, 16, cond, 1, 1.0, rng)
            r = quality_filter(gen[0], seed_bar=ctx[-16:])
            runs += 1
            passed += r.passed
            for why in r.reasons:
                reasons[why] = reasons.get(why, 0) + 1
            gen_bars.append(gen[0])
    real = [b for e in beats for b in bars_of(e.vel) if np.any(b)]
    fake = [b for g in gen_bars for b in bars_of(g)]
    dens_bins = np.arange(-0.5, 17.5)
    per_voice = [overlap_area(np.array([voice_density(b)[v] for b in fake]),
                              np.array([voice_density(b)[v] for b in real]), dens_bins) for v in range(N_VOICES)]
    real_use = np.array([voice_density(b) for b in real]).sum(0)
    weights = real_use / real_use.sum()
    return {"count": runs, "pass_rate": round(passed / max(1, runs), 4), "fail_reasons": reasons,
            "overlap": {
                "density": round(float(np.dot(weights, per_voice)), 4),
                "density_per_voice": [round(x, 3) for x in per_voice],
                "syncopation": round(overlap_area(np.array([syncopation(b) for b in fake]),
                                                  np.array([syncopation(b) for b in real]), np.arange(-0.5, 40.5)), 4),
                "ioi": round(overlap_area(np.concatenate([inter_onset_intervals(g) for g in gen_bars]),
                                          np.concatenate([inter_onset_intervals(e.vel) for e in beats]),
                                          np.arange(0.5, 33.5)), 4)}}


def fill_figures(drummer, test: list[Example], beats: list[Example], rng) -> dict:
    """Fills written into bar 4 of 5-bar excerpts of beat sequences (bar 5 is the groove they lead back
    to), against real GMD fill bars and the real beat bars they replaced."""
    from .encoding import STYLES, voices_to_pattern
    real_fills = [b for e in test if e.fill for b in bars_of(e.vel) if np.any(b)]
    generated, replaced, kept = [], [], []
    for e in beats:
        if len(e.vel) < 5 * 16:
            continue
        p = voices_to_pattern(e.vel[:5 * 16]).with_settings(tempo=min(max(e.tempo, 20), 400))
        c = drummer.fill(p, 3, seed=int(rng.integers(1 << 30)), style=STYLES[e.style])[0]
        v = pattern_to_voices(c.pattern)
        generated.append(v[48:64])
        replaced.append(e.vel[48:64])
        kept.append(bool(np.array_equal(v[64] > 0, e.vel[64] > 0)))
    return {"generated": fill_stats(generated), "real_fills": fill_stats(real_fills),
            "real_beat_bars_replaced": fill_stats(replaced),
            "next_downbeat_kept": round(float(np.mean(kept)), 4) if kept else 1.0}


def format_report(r: dict) -> str:
    n, g, c = r["nll"], r["greedy_next_bar"], r["continuations"]
    ov = c["overlap"]
    ok = lambda b: "meets target" if b else "MISSES target"  # noqa: E731
    lines = [
        f"data: {r['data']}, {r['sequences']} sequences, {r['steps']:,} 16th steps (4/4)",
        "NLL of the hit pattern, nats per 16th step (joint over 9 voices, no velocity):",
        f"  position unigram (counts)          {n['position_unigram']:.4f}",
        f"  n-gram with position (counts)      {n['ngram_position']:.4f}",
        f"  copy bar before + n-gram (l={r['copy_lambda']:.2f}) {n['copy_bar_mix']:.4f}",
        f"  GrooveLoom drummer (LiteRT)        {n['model']:.4f}   target <= {NLL_TARGET}: "
        f"{ok(r['targets']['nll_model_le_1.45'])}",
        f"greedy next bar onset F1: {g['f1']:.4f} (precision {g['precision']:.4f}, recall {g['recall']:.4f})",
        f"sampled continuations: {c['count']}, quality filters pass rate {c['pass_rate']:.1%} "
        f"(target >= 90%: {ok(r['targets']['pass_rate_ge_0.90'])}); failures {c['fail_reasons']}",
        f"overlapping area generated vs real bars: density {ov['density']:.3f} (per voice "
        f"{', '.join(f'{x:.2f}' for x in ov['density_per_voice'])}), syncopation {ov['syncopation']:.3f}, "
        f"IOI {ov['ioi']:.3f} (target >= 0.8 each: {ok(r['targets']['overlap_each_ge_0.80'])})",
    ]
    f = r.get("fills")
    if f:
        g, rf, rb = f["generated"], f["real_fills"], f["real_beat_bars_replaced"]
        lines.append(f"fills (bar 4 of 5): {g['bars']} generated: {g['density']:.1f} hits/bar, toms+crash "
                     f"{g['tom_crash_share']:.1%} of hits; real GMD fill bars: {rf['density']:.1f}, "
                     f"{rf['tom_crash_share']:.1%}; the real beat bars they replaced: {rb['density']:.1f}, "
                     f"{rb['tom_crash_share']:.1%}")
    sc = r.get("seed_conditional")
    if sc:
        lines += format_seed_conditional(sc, r["targets"])
    if r.get("takes"):
        from .takes import format_takes
        lines += format_takes(r["takes"])
    if r.get("feel"):
        from .feel import format_feel
        lines += format_feel(r["feel"])
    if r.get("feel_dynamics"):
        from .dynamics_eval import format_dynamics
        lines += format_dynamics(r["feel_dynamics"])
    if r.get("swing"):
        from .dynamics_eval import format_swing
        lines += format_swing(r["swing"])
    if r.get("styles"):
        from .styleclass import format_styles
        lines += format_styles(r["styles"])
    if r.get("beatmap"):
        from .beatmap import format_beatmap
        lines += format_beatmap(r["beatmap"])
    return "\n".join(lines)


def format_seed_conditional(sc: dict, targets: dict) -> list[str]:
    ok = lambda key: "ok" if targets.get(key) else "MISS"  # noqa: E731
    lines = [f"seed-conditional benchmark (Variation {sc['variation']}): 4 seed bars -> 4 bars, GMD test windows",
             f"  {'version':16s} {'win':>4s} {'F1 gen':>7s} {'repeat1':>7s} {'repeat2':>7s}   {'drift':>6s} "
             f"{'real':>6s}   dead  new voice  vel SD+  | F1 target  drift target"]
    for name, g in sc["gmd"].items():
        key = name.replace(" ", "_").replace("+", "_")
        lines.append(f"  {name:16s} {g['windows']:4d} {g['f1_generated']:7.3f} {g['f1_repeat_bar']:7.3f} "
                     f"{g['f1_repeat_two_bars']:7.3f}   {g['similarity']:6.3f} {g['similarity_real']:6.3f}   "
                     f"{g['dead']:4d}  {g['new_voice']:4d}/{g['bars']:<4d} {g['sd_excess']:7.1f}  | "
                     f"{ok(f'gmd_{key}_f1_ge_repeat_bar'):9s}  {ok(f'gmd_{key}_drift_within_0.05')}")
    d = sc["drawn"]
    t = d["total"]
    lines.append(f"drawn beats ({len(d['beats'])}, 4 bars x 4 variations each): anchors kept in {t['anchored']}/"
                 f"{t['bars']} bars ({ok('drawn_anchors_kept_ge_95%')}), dead bars {t['dead']} "
                 f"({ok('drawn_no_dead_bars')}), a voice the seed lacks in {t['new_voice']} "
                 f"({ok('drawn_new_voice_le_10%')}), crash on a downbeat {t['crash_downbeat']}")
    for b in d["beats"]:
        lines.append(f"  {b['beat']:32s} anchors {b['anchors_kept']:2d}/{b['bars']}  dead {b['dead']}  new voice "
                     f"{b['new_voice']}  velocity SD vs seed {b['sd_excess']:+.1f}")
    if sc["generate"]:
        parts = [f"{s} {x['inside']}/{x['outputs']} (range {x['range'][0]:.0f}-{x['range'][1]:.0f}, empty "
                 f"{x['near_empty']})" for s, x in sc["generate"].items()]
        lines.append(f"Generate (4 bars, seeds 1-10): hits/bar inside the style's 10-90% range: {'; '.join(parts)} "
                     f"({ok('generate_density_in_range_ge_90%')}, near-empty {ok('generate_no_near_empty')})")
        lines.append("  bars with a snare on 2 and 4; different rhythms among the bars: " + "; ".join(
            f"{s} {x.get('backbeat_bars', 0)}/{x.get('bars', 0)}, {x.get('distinct_bars', 0)}"
            for s, x in sc["generate"].items()))
    lines.append(f"Fill targets: toms+crash >= 25% {ok('fill_toms_crash_ge_25%')}, density within 10% of real "
                 f"fills {ok('fill_density_within_10%')}, next bar's downbeat kept {ok('fill_next_downbeat_kept')}")
    return lines
