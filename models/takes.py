"""Every take counts: the rule a musician applies to one take of each of the drummer's moves, applied to
every take of a suite, reported as the share passing, the worst takes and the worst take's grid.

A mean hides the takes nobody would keep (fills averaging 15 hits a bar while a third of them stopped on
beat 3), so each move has a per-take rule:
- Fill: a real fill (>= 8 hits, a snare, tom or crash in the bar's last beat, >= 30% of its hits on those, no
  silent beat and a half, the next bar's downbeat as it was), never under 5 hits.
- Continue: the seed's phrase kept (each new bar closer to the seed bar at its place in the phrase than to
  the seed's other bars).
- Add ghosts: ghost notes per bar inside the style's real range (GMD train drummers, 10-90%).
- Drumify: one hi-hat, one state (never a closed and an open hat on one step), hats keeping a time figure.
- Interpolate: the first and last steps are the two input bars as played.
- Generate: hits per bar in the style's real range, no near-empty bar, the backbeat kept where the style has one.
No Qt, no TensorFlow (the drummer runs through LiteRT).
"""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from engine.drumkit import VOICE_NAMES

from .encoding import BACKBEAT_STYLES

SNARE, CLOSED_HAT, OPEN_HAT, RIDE = 1, 2, 3, 8
FILL_VOICES = (1, 4, 5, 6, 7)        # snare, the three toms, crash: what a fill is played on
FILL_MIN_HITS, FILL_FLOOR, FILL_SHARE = 8, 5, 0.30
FILL_PASS, FILL_TOLERANCE = 0.95, 0.10
PHRASE_PASS = 0.90
TIME_VOICES = (CLOSED_HAT, OPEN_HAT, RIDE)
TIME_FIGURE_F1 = 0.6     # a bar's hats against the take's own figure (the steps its bars mostly play)


@dataclass
class Take:
    """One take of a move on one case: passed or not, why not, a score to rank the worst by (lower is
    worse) and the take as a text grid."""
    case: str
    passed: bool
    why: list[str] = field(default_factory=list)
    score: float = 0.0
    grid: list[str] = field(default_factory=list)
    vel: np.ndarray | None = None     # the take's own steps (steps, 9), for figures over many takes


def grid_lines(vel: np.ndarray, spb: int = 16, seed: np.ndarray | None = None) -> list[str]:
    """Velocities (steps, 9) as text, one line per voice that plays (o ghost, x normal, X accent), bars
    split by '|'; a seed before them (the bars the user gave) is printed first, set apart by '||'."""
    vel = np.asarray(vel)
    both = vel if seed is None else np.concatenate([np.asarray(seed), vel])
    lines = []
    for v in range(both.shape[1]):
        if not both[:, v].any():
            continue
        cells = ["." if x == 0 else ("o" if x < 45 else ("x" if x < 95 else "X")) for x in both[:, v]]
        text, n0 = "", 0 if seed is None else len(seed)
        for k, c in enumerate(cells):
            if k and k % spb == 0:
                text += "||" if k == n0 else "|"
            text += c
        lines.append(f"  {VOICE_NAMES[v]:<10s} |{text}|")
    return lines


# ---- Fill --------------------------------------------------------------------------------------------
def beat_steps(pattern, spb: int) -> int:
    """16th steps in one beat of the pattern's meter (a dotted quarter in 6/8, 9/8, 12/8)."""
    compound = pattern.denominator == 8 and pattern.numerator % 3 == 0 and pattern.numerator > 3
    return max(1, spb // pattern.numerator * (3 if compound else 1))


def fill_verdict(bar: np.ndarray, beat_steps: int = 4, downbeat_kept: bool = True) -> tuple[bool, list[str], float]:
    """A drummer's rule for one fill bar (steps, 9): enough hits, the fill's drums (snare, toms, crash) playing
    into the bar's last beat (a soft hat there is a fill that stopped), on the drums a fill is played on, no
    hole of a beat and a half where nothing plays (93% of GMD's real fills that pass the rest have none), and
    the groove back on the next downbeat. Returns (passed, reasons, score)."""
    hits = np.asarray(bar) > 0
    n = int(hits.sum())
    drums = hits[:, list(FILL_VOICES)].any(axis=1)
    share = float(hits[:, list(FILL_VOICES)].sum() / n) if n else 0.0
    last = bool(drums[-beat_steps:].any())
    why = []
    if n < FILL_MIN_HITS:
        why.append(f"{n} hits")
    if not last:
        quiet = len(drums) - (int(np.flatnonzero(drums)[-1]) + 1 if drums.any() else 0)
        why.append(f"no snare, tom or crash in its last {quiet} steps")
    if share < FILL_SHARE:
        why.append(f"{share:.0%} on snare/toms/crash")
    gap = longest_rest(hits.any(axis=1))
    if gap >= beat_steps * 3 // 2:
        why.append(f"silent for {gap} steps in a row")
    if not downbeat_kept:
        why.append("the next downbeat changed")
    score = (min(n, FILL_MIN_HITS) / FILL_MIN_HITS + last + min(share / FILL_SHARE, 1.0) + downbeat_kept
             + (gap < beat_steps * 3 // 2))
    return not why, why, score


def longest_rest(played: np.ndarray) -> int:
    """The longest run of steps where nothing plays."""
    best = cur = 0
    for x in played:
        cur = 0 if x else cur + 1
        best = max(best, cur)
    return best


def fill_takes(drummer, cases, seeds=range(1, 9)) -> list[Take]:
    """Fills written by the drummer into `cases`: (name, pattern, bar (0-based), style); one take per seed."""
    from .encoding import pattern_to_voices
    out = []
    for name, pattern, bar, style in cases:
        before = pattern_to_voices(pattern)
        spb = len(before) // pattern.bars
        beat = beat_steps(pattern, spb)
        nxt = ((bar + 1) % pattern.bars) * spb
        for s in seeds:
            c = drummer.fill(pattern, bar, seed=s, style=style)[0]
            v = pattern_to_voices(c.pattern)
            kept = bool(np.array_equal(v[nxt] > 0, before[nxt] > 0))
            ok, why, score = fill_verdict(v[bar * spb:(bar + 1) * spb], max(1, beat), kept)
            out.append(Take(f"{name}, bar {bar + 1} of {pattern.bars}, seed {s}", ok, why, score,
                            grid_lines(v[bar * spb:(bar + 1) * spb], spb, v[max(0, bar - 1) * spb:bar * spb]),
                            v[bar * spb:(bar + 1) * spb]))
    return out


def fill_cases(bars_list=(4, 8), bar: int = 3, tempo: float = 100.0):
    """Fills on the drawn beats (tests/resources/drawn_beats.txt, every meter, 16ths and the trap beat's 32nds):
    in bar 4 of a 4-bar pattern (its last bar: the loop comes back to bar 1) and of an 8-bar one (the groove
    goes on)."""
    from .beatsuite import load_suite
    out = []
    for beat in load_suite():
        p = beat.pattern
        for nb in bars_list:
            q = p.resized(nb)
            q = q.with_hits(np.tile(p.hits, (1, nb // p.bars + 1))[:, :q.n_steps]).with_settings(tempo=tempo)
            out.append((beat.name, q, bar, beat.style))
    return out


def fill_stats(bars: list[np.ndarray]) -> dict:
    """Mean hits per bar and the share of hits on toms and crash (what evaluate compares with real fills)."""
    if not bars:
        return {"bars": 0, "density": 0.0, "tom_crash_share": 0.0}
    hits = np.array([(np.asarray(b) > 0).sum(0) for b in bars]).sum(0)
    return {"bars": len(bars), "density": round(float(np.mean([np.count_nonzero(b) for b in bars])), 2),
            "tom_crash_share": round(float(hits[4:8].sum() / max(1, hits.sum())), 3)}


# ---- Continue: the phrase ---------------------------------------------------------------------------
def phrase_verdicts(gen: np.ndarray, seed: np.ndarray, spb: int, phrase: int) -> list[tuple[bool, float]]:
    """For each new bar (gen follows the seed), is it closer (onset F1) to the seed bar at its place in the
    `phrase`-bar phrase than to every seed bar that differs from that one? (passed, margin) per bar; bars
    whose place holds the same bar as every other are left out."""
    from .seedbench import onset_f1
    nb = len(seed) // spb
    sb = [seed[i * spb:(i + 1) * spb] for i in range(nb)]
    out = []
    for j in range(len(gen) // spb):
        bar = gen[j * spb:(j + 1) * spb]
        own = sb[(nb + j) % phrase]
        others = [b for b in sb if not np.array_equal(b > 0, own > 0)]
        if not others:
            continue
        margin = onset_f1(bar, own) - max(onset_f1(bar, b) for b in others)
        out.append((margin > 0, margin))
    return out


def phrase_takes(drummer, variation: float = 0.5, seeds=range(1, 9), bars_out: int = 4) -> list[Take]:
    """The phrase suite (tests/resources/phrase_beats.txt) continued `bars_out` bars: one take per new bar."""
    from .beatsuite import PHRASE_SUITE, load_suite
    from .encoding import pattern_to_voices
    out = []
    for beat in load_suite(PHRASE_SUITE, bars=4):
        phrase = int(beat.name.split(":", 1)[0])
        p = beat.pattern if phrase == 4 else beat.pattern.resized(phrase)
        spb = p.to_16ths(p.steps_per_bar)
        seed = pattern_to_voices(p)
        for s in seeds:
            c = drummer.continue_(p, bars=bars_out, seed=s, style=beat.style, variation=variation)[0]
            gen = pattern_to_voices(c.pattern)[len(seed):]
            for j, (ok, margin) in enumerate(phrase_verdicts(gen, seed, spb, phrase)):
                why = [] if ok else [f"closer to another seed bar (F1 margin {margin:+.2f})"]
                out.append(Take(f"{beat.name.split(':', 1)[1].strip()}, seed {s}, new bar {j + 1}", ok, why, margin,
                                grid_lines(gen, spb, seed), gen))
    return out


# ---- Add ghosts --------------------------------------------------------------------------------------
def ghost_takes(drummer, seeds=range(1, 9)) -> list[Take]:
    """Add ghosts on the drawn beats in 4/4 (4 bars), one take per seed: every bar's ghost notes
    inside the style's real range (GMD's bars with ghosts, 10-90%)."""
    from .beatsuite import load_suite
    from .encoding import pattern_to_voices
    from .ghosts import ghosts_per_bar
    out = []
    for beat in load_suite(bars=4):
        p = beat.pattern
        span = drummer.style_ghosts.get(beat.style)
        if p.meter != "4/4" or span is None:
            continue
        for s in seeds:
            v = pattern_to_voices(drummer.ghosts(p, beat.style, seed=s)[0].pattern)
            n = ghosts_per_bar(v)
            bad = [f"bar {i + 1}: {int(k)} ghosts" for i, k in enumerate(n) if not span[0] <= k <= span[2]]
            why = bad + ([f"(the style's range {span[0]}-{span[2]})"] if bad else [])
            score = -float(np.maximum(span[0] - n, 0).sum() + np.maximum(n - span[2], 0).sum())
            out.append(Take(f"{beat.name} ({beat.style}), seed {s}", not bad, why, score, grid_lines(v), v))
    return out


# ---- Drumify: one hi-hat, keeping time ---------------------------------------------------------------
def time_verdict(vel: np.ndarray, spb: int = 16) -> tuple[bool, list[str], float]:
    """A drumified beat (steps, 9) as a drummer would check it: never a closed and an open hat on one step
    (one hi-hat), and the hats or ride keeping a time figure: the steps most bars play on (its figure) reach
    every beat, and every bar's time steps match the figure (onset F1 >= TIME_FIGURE_F1)."""
    from .seedbench import onset_f1
    v = np.asarray(vel) > 0
    both = int((v[:, CLOSED_HAT] & v[:, OPEN_HAT]).sum())
    nb = len(v) // spb
    t = v[:nb * spb, list(TIME_VOICES)].any(axis=1).reshape(nb, spb)
    figure = t.mean(axis=0) >= 0.5
    beats = figure.reshape(-1, spb // 4).any(axis=1).all() if spb % 4 == 0 else figure.any()
    f1 = np.array([onset_f1(b, figure) for b in t]) if nb else np.zeros(0)
    why = []
    if both:
        why.append(f"closed and open hat together on {both} steps")
    if not beats:
        why.append(f"no time figure on every beat (hats in {int(t.any(axis=1).sum())} of {nb} bars)")
    loose = int((f1 < TIME_FIGURE_F1).sum())
    if loose:
        why.append(f"{loose} bars off the time figure")
    return not why, why, float(f1.min() if len(f1) else 0.0) - both


def drumify_takes(drummer, rhythms, styles=("rock", "funk", "hiphop"), seeds=range(1, 5)) -> list[Take]:
    """Drumify on `rhythms` ((name, onsets on 16ths, tempo)): one take per style and seed."""
    from .encoding import pattern_to_voices
    out = []
    for name, onsets, tempo in rhythms:
        for style in styles:
            for s in seeds:
                v = pattern_to_voices(drummer.drumify(onsets, style, tempo, seed=s)[0].pattern)
                ok, why, score = time_verdict(v)
                out.append(Take(f"{name}, {style}, seed {s}", ok, why, score, grid_lines(v[:64]), v))
    return out


def gmd_rhythms(examples, n: int = 10, bars: int = 4) -> list[tuple[str, np.ndarray, float]]:
    """Rhythms to drumify: the kick + snare onsets of the first n GMD beat performances (bars 2..), as a bass
    part under a drummer would play them."""
    out = []
    for e in examples:
        if e.fill or len(e.vel) < (bars + 1) * 16:
            continue
        onsets = (e.vel[16:(bars + 1) * 16, :2] > 0).any(axis=1)
        if onsets.sum() >= 2 * bars:
            out.append((e.name, onsets, float(np.clip(e.tempo, 40, 300))))
        if len(out) == n:
            break
    return out


# ---- Interpolate -------------------------------------------------------------------------------------
def interpolate_takes(beatmap, bars: np.ndarray, pairs: int = 40, steps: int = 8, seed: int = 0) -> list[Take]:
    """Interpolations between pairs of real bars: the first and last steps are the two bars as played, and
    every inner step is a beat (at least 2 hits, or as many as the sparser end: the model's path, not silence)."""
    from .beatmap import jaccard
    rng = np.random.default_rng(seed)
    out = []
    for k in range(min(pairs, len(bars) * (len(bars) - 1) // 2)):
        i, j = rng.choice(len(bars), 2, replace=False)
        path = beatmap.interpolate(bars[i], bars[j], steps)
        why = []
        if not np.array_equal(path[0], bars[i]):
            why.append(f"first step shares {jaccard(path[0], bars[i]):.0%} of the first bar's hits")
        if not np.array_equal(path[-1], bars[j]):
            why.append(f"last step shares {jaccard(path[-1], bars[j]):.0%} of the last bar's hits")
        least = min(2, np.count_nonzero(bars[i]), np.count_nonzero(bars[j]))   # (a real bar may be that sparse)
        thin = [n + 2 for n, b in enumerate(path[1:-1]) if np.count_nonzero(b) < least]
        if thin:
            why.append(f"steps {', '.join(map(str, thin))} are no beat")
        out.append(Take(f"pair {k + 1} (bars {i} and {j})", not why, why, -len(why),
                        grid_lines(np.concatenate(path)), np.concatenate(path)))
    return out


# ---- Generate and Infill ------------------------------------------------------------------------------


def generate_takes(drummer, styles=("rock", "funk", "hiphop", "jazz", "latin", "pop", "trap"), seeds=range(1, 9),
                   bars: int = 4) -> list[Take]:
    """Generate from nothing: hits per bar inside the style's real range (10-90% of GMD's bars; styles GMD
    lacks: none asked), no near-empty bar (< 2 hits), and in a backbeat style the backbeat (snare on 2 and 4;
    on 3 in half-time trap and drill) in at least half of the bars."""
    from .encoding import pattern_to_voices
    density = drummer.card.get("style_density") or {}
    out = []
    for style in styles:
        for s in seeds:
            v = pattern_to_voices(drummer.generate(style, bars=bars, seed=s)[0].pattern)
            per = np.count_nonzero(v[:bars * 16].reshape(bars, -1), axis=1)
            why = []
            if style in density and not density[style][0] <= per.mean() <= density[style][2]:
                why.append(f"{per.mean():.1f} hits a bar (the style's {density[style][0]:.0f}-{density[style][2]:.0f})")
            if (per < 2).any():
                why.append(f"{int((per < 2).sum())} near-empty bars")
            if style in BACKBEAT_STYLES:
                snares = v[:bars * 16, SNARE].reshape(bars, 16) > 0
                beat = snares[:, 8] if style in ("trap", "drill") else snares[:, 4] & snares[:, 12]
                if beat.sum() * 2 < bars:
                    why.append(f"backbeat in {int(beat.sum())} of {bars} bars")
            out.append(Take(f"{style}, seed {s}", not why, why, -len(why), grid_lines(v), v))
    return out


def infill_takes(drummer, seeds=range(1, 5)) -> list[Take]:
    """Infill bars 2-3 of each drawn beat (4 bars): the anchors a drummer keeps in every bar kept, no dead bar
    (< 2 hits where the seed is busy), no voice the seed lacks."""
    from .beatsuite import load_suite
    from .encoding import pattern_to_voices
    from .seedbench import bar_figures
    out = []
    for beat in load_suite(bars=4):
        p = beat.pattern
        spb = p.to_16ths(p.steps_per_bar)
        seed_v = pattern_to_voices(p)
        for s in seeds:
            v = pattern_to_voices(drummer.infill(p, spb, 3 * spb, seed=s, style=beat.style)[0].pattern)
            new = v[spb:3 * spb]
            why = []
            lost = sum(not all(new[b * spb + st, vo] > 0 for vo, st in beat.anchors) for b in range(2))
            if lost:
                why.append(f"anchors lost in {lost} bars")
            bf = bar_figures(new, seed_v[:spb], spb)
            if bf["dead"]:
                why.append(f"{bf['dead']} dead bars")
            if bf["new_voice"]:
                why.append(f"a voice the seed lacks in {bf['new_voice']} bars")
            out.append(Take(f"{beat.name}, seed {s}", not why, why, -len(why), grid_lines(new, spb, v[:spb]), new))
    return out


# ---- the report ---------------------------------------------------------------------------------------
def summary(takes: list[Take], target: float | None = None) -> dict:
    """Share passing, the reasons of the worst 10% and the worst take's grid."""
    n = len(takes)
    order = sorted(range(n), key=lambda i: (takes[i].passed, takes[i].score))
    worst = [takes[i] for i in order[:max(1, n // 10)]] if n else []
    passed = sum(t.passed for t in takes)
    out = {"takes": n, "passed": passed, "share": round(passed / n, 4) if n else 0.0,
           "worst": [{"case": t.case, "why": t.why} for t in worst],
           "worst_grid": worst[0].grid if worst else [], "worst_case": worst[0].case if worst else ""}
    if target is not None:
        out["target"] = target
        out["ok"] = bool(n and passed >= target * n)
    return out


def format_summary(title: str, s: dict, rule: str) -> list[str]:
    lines = [f"{title}: {s['passed']}/{s['takes']} takes pass ({s['share']:.1%})"
             + (f", target >= {s['target']:.0%}: {'ok' if s['ok'] else 'MISS'}" if "target" in s else "")
             + f"  [rule: {rule}]"]
    if s["worst"]:
        lines.append("  worst 10%: " + "; ".join(f"{w['case']} ({', '.join(w['why']) or 'passes'})"
                                                for w in s["worst"][:8])
                     + (f"; ... {len(s['worst']) - 8} more" if len(s["worst"]) > 8 else ""))
        lines.append(f"  the worst take ({s['worst_case']})" + (", what it was given || the take:"
                                                                  if any("||" in g for g in s["worst_grid"]) else ":"))
        lines += ["  " + g for g in s["worst_grid"]]
    return lines


# ---- every move, as evaluate reports it ----------------------------------------------------------------
GHOST_PASS, DRUMIFY_PASS, GENERATE_PASS, INFILL_PASS = 0.95, 0.95, 0.90, 0.90


def gmd_fill_cases(examples, n: int = 40):
    """Fills in bar 4 of 5-bar excerpts of GMD beat performances (bar 5: the groove they lead back to)."""
    from .encoding import STYLES, voices_to_pattern
    out = []
    for e in examples:
        if e.fill or len(e.vel) < 5 * 16:
            continue
        p = voices_to_pattern(e.vel[:5 * 16]).with_settings(tempo=float(np.clip(e.tempo, 20, 400)))
        out.append((e.name, p, 3, STYLES[e.style]))
        if len(out) == n:
            break
    return out


def takes_report(drummer, test, real_fills: dict, beatmap=None, beatmap_bars=None, seeds=range(1, 9),
                 progress=print) -> dict:
    """Every move judged take by take: share passing, worst takes, targets. `test`: GMD test
    examples (fills in their beats, rhythms to drumify); real_fills: fill_stats of GMD's real fill bars."""
    r: dict = {}
    progress("every take: Fill on the drawn beats and GMD test beats ...")
    drawn = fill_takes(drummer, fill_cases(), seeds)
    gmd = fill_takes(drummer, gmd_fill_cases(test), seeds)
    last = [t for t in drawn if ", bar 4 of 4," in t.case]
    inner = [t for t in drawn if ", bar 4 of 4," not in t.case]
    r["fill"] = {"drawn": summary(drawn, FILL_PASS), "gmd": summary(gmd, FILL_PASS),
                 "last_bar": summary(last, FILL_PASS), "not_last_bar": summary(inner, FILL_PASS),
                 "under_5_hits": sum(int(np.count_nonzero(t.vel)) < FILL_FLOOR for t in drawn + gmd),
                 "stats": fill_stats([t.vel for t in drawn + gmd]), "real": real_fills}
    progress("every take: Continue, the seed's phrase (Variation 0.5 and 0.25) ...")
    r["phrase"] = {str(v): summary(phrase_takes(drummer, v, seeds), PHRASE_PASS) for v in (0.5, 0.25)}
    progress("every take: Add ghosts, Drumify, Generate, Infill ...")
    r["ghosts"] = summary(ghost_takes(drummer, seeds), GHOST_PASS)
    dr = drumify_takes(drummer, gmd_rhythms(test, 10, 8), seeds=seeds[:4])
    both = sum(int(((t.vel[:, CLOSED_HAT] > 0) & (t.vel[:, OPEN_HAT] > 0)).sum()) for t in dr)
    r["drumify"] = {**summary(dr, DRUMIFY_PASS), "two_hat_steps": both}
    r["generate"] = summary(generate_takes(drummer, seeds=seeds), GENERATE_PASS)
    r["infill"] = summary(infill_takes(drummer, seeds), INFILL_PASS)
    if beatmap is not None and beatmap_bars is not None:
        progress("every take: Interpolate ...")
        r["interpolate"] = summary(interpolate_takes(beatmap, beatmap_bars), 1.0)
    f, real = r["fill"], real_fills
    r["targets"] = {
        "fill_drawn_real_ge_95%": f["drawn"]["ok"], "fill_gmd_real_ge_95%": f["gmd"]["ok"],
        "fill_none_under_5_hits": f["under_5_hits"] == 0,
        "fill_last_bar_and_not_ge_95%": f["last_bar"]["ok"] and f["not_last_bar"]["ok"],
        "fill_density_within_10%": abs(f["stats"]["density"] - real["density"]) <= FILL_TOLERANCE * real["density"],
        "fill_toms_crash_within_10%": abs(f["stats"]["tom_crash_share"] - real["tom_crash_share"])
        <= FILL_TOLERANCE * real["tom_crash_share"],
        **{f"continue_phrase_kept_ge_90%_at_variation_{v}": x["ok"] for v, x in r["phrase"].items()},
        "ghosts_in_style_range_ge_95%": r["ghosts"]["ok"],
        "drumify_no_two_hat_states": r["drumify"]["two_hat_steps"] == 0,
        "drumify_hats_keep_time_ge_95%": r["drumify"]["ok"],
        "generate_takes_ge_90%": r["generate"]["ok"], "infill_takes_ge_90%": r["infill"]["ok"],
        **({"interpolate_ends_as_played": r["interpolate"]["ok"]} if "interpolate" in r else {})}
    return r


def format_takes(r: dict) -> list[str]:
    ok = lambda key: "ok" if r["targets"].get(key) else "MISS"  # noqa: E731
    f = r["fill"]
    lines = ["every take: a musician's rule applied to each take; the share passing, the worst 10%, "
             "the worst take"]
    lines += format_summary("Fill, drawn beats (bar 4 of 4 and of 8)", f["drawn"],
                            "a real fill: >= 8 hits, snare/tom/crash in the last beat, >= 30% of hits on them, no "
                            "silent 1.5 beats, the next downbeat kept")
    lines += format_summary("Fill, GMD test beats (bar 4 of 5)", f["gmd"], "the same")
    st, real = f["stats"], f["real"]
    lines.append(f"  fills under 5 hits: {f['under_5_hits']} ({ok('fill_none_under_5_hits')}); the pattern's last bar "
                 f"{f['last_bar']['share']:.1%}, another bar {f['not_last_bar']['share']:.1%} "
                 f"({ok('fill_last_bar_and_not_ge_95%')}); {st['density']:.1f} hits a bar against "
                 f"{real['density']:.1f} in real GMD fills ({ok('fill_density_within_10%')}), toms+crash {st['tom_crash_share']:.1%} against "
                 f"{real['tom_crash_share']:.1%} ({ok('fill_toms_crash_within_10%')})")
    for v, x in r["phrase"].items():
        lines += format_summary(f"Continue, the seed's 2- and 4-bar phrase (Variation {v})", x,
                                "each new bar closer to the seed bar at its place in the phrase than to the others")
    lines += format_summary("Add ghosts (drawn beats, 4 bars)", r["ghosts"],
                            "every bar's ghost notes in the style's real range, GMD bars with ghosts 10-90%")
    lines += format_summary("Drumify (GMD test rhythms, 8 bars)", r["drumify"], "one hi-hat state a step, the hats "
                            "keeping a time figure on every beat in every bar")
    lines.append(f"  steps with a closed and an open hat: {r['drumify']['two_hat_steps']} "
                 f"({ok('drumify_no_two_hat_states')})")
    lines += format_summary("Generate (4 bars)", r["generate"], "hits a bar in the style's range, no near-empty bar, "
                            "the backbeat in half the bars where the style has one")
    lines += format_summary("Infill (bars 2-3 of the drawn beats)", r["infill"],
                            "the anchors kept, no dead bar, no voice the pattern lacks")
    if "interpolate" in r:
        lines += format_summary("Interpolate (GMD test bar pairs, 8 steps)", r["interpolate"],
                                "first and last steps the two bars as played, every inner step a beat")
    return lines
