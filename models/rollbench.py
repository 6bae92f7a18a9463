"""The roll suite: does the drummer keep a seed's rolls?

Each drawn trap/drill/dnb beat with rolls (tests/resources/roll_beats.txt) is continued; the new bars are
measured against the seed: rolls per bar (the target: within 25% of the seed's), the share of bars with a
roll, where the rolls fall (16th of the bar) and what they are (repeats, shape, flam) as total-variation
distances, next to the same number of rolls laid on random hits of the same bars with random kinds (what
a roll button with no habits would do); and the anchors a drummer keeps in every bar. Generate in the roll
styles and Fill are counted too. numpy + LiteRT (no Qt, no TensorFlow).
"""
from __future__ import annotations

from collections import Counter

import numpy as np

from engine.rolls import COUNTS, SHAPES, Roll

from .beatsuite import ROLL_SUITE, load_suite
from .encoding import pattern_to_voices
from .rolls import ROLL_STYLES, _cells

RATE_TOLERANCE = 0.25


def tv(a: Counter, b: Counter) -> float:
    """Total-variation distance of two count distributions (0 same, 1 disjoint; 1 when one is empty and the
    other not, 0 when both are)."""
    na, nb = sum(a.values()), sum(b.values())
    if not na or not nb:
        return float(bool(na) != bool(nb))
    return 0.5 * sum(abs(a[k] / na - b[k] / nb) for k in set(a) | set(b))


def roll_stats(pattern, start16: int, end16: int) -> dict:
    """Rolls of [start16, end16): per bar, positions (16th of the bar), kinds (labels)."""
    spb16 = pattern.to_16ths(pattern.steps_per_bar)
    cells = _cells(pattern, start16, end16)
    bars = Counter()
    pos, kind = Counter(), Counter()
    for r, s, v, p, bar in cells:
        code = int(pattern.rolls[r, s])
        if code:
            bars[bar] += 1
            pos[p] += 1
            kind[Roll.from_code(code).label()] += 1
    n_bars = (end16 - start16) // spb16
    return {"bars": n_bars, "rolls": sum(bars.values()), "bars_with": len(bars), "pos": pos, "kind": kind,
            "hits": len(cells)}


def random_rolls(pattern, start16: int, end16: int, n: int, rng) -> dict:
    """The baseline: n rolls on random hits of the range, of random kinds."""
    cells = _cells(pattern, start16, end16)
    if not cells or not n:
        return {"pos": Counter(), "kind": Counter()}
    pick = rng.choice(len(cells), size=min(n, len(cells)), replace=False)
    kinds = [Roll(int(rng.choice(COUNTS[1:])), str(rng.choice(SHAPES))).label() for _ in pick]
    return {"pos": Counter(cells[i][3] for i in pick), "kind": Counter(kinds)}


def anchors_kept(beat, pattern, start16: int) -> tuple[int, int]:
    gen = pattern_to_voices(pattern)[start16:]
    spb = beat.pattern.to_16ths(beat.pattern.steps_per_bar)
    bars = [gen[i:i + spb] for i in range(0, len(gen) - spb + 1, spb)]
    return sum(all(b[s, v] > 0 for v, s in beat.anchors) for b in bars), len(bars)


def as_drawn(seed_pattern, pattern, start16: int) -> tuple[int, int]:
    """Of the new bars' hits where the seed's bar at the same place in its cycle rolled (same voice, same
    16th): how many roll exactly as drawn, of how many."""
    drawn = {(bar, v, pos): int(seed_pattern.rolls[r, s]) for r, s, v, pos, bar in _cells(seed_pattern)
             if seed_pattern.rolls[r, s]}
    same = n = 0
    for r, s, v, pos, bar in _cells(pattern, start16):
        code = drawn.get((bar % seed_pattern.bars, v, pos))
        if code:
            n += 1
            same += int(pattern.rolls[r, s]) == code
    return same, n


def suite_figures(drummer, bars_out: int = 4, variations: int = 4, seed: int = 0, path: str = ROLL_SUITE,
                  variation: float = 0.5) -> dict:
    rows = []
    tot = Counter()
    rng = np.random.default_rng(seed)
    for beat in load_suite(path):
        p = beat.pattern
        n16 = p.to_16ths(p.n_steps)
        s = roll_stats(p, 0, n16)
        cands = drummer.continue_(p, bars=bars_out, variations=variations, seed=seed, style=beat.style,
                                  variation=variation)
        out = {"bars": 0, "rolls": 0, "bars_with": 0, "pos": Counter(), "kind": Counter()}
        base = {"pos": Counter(), "kind": Counter()}
        kept = nb = same = at_drawn = 0
        for c in cands:
            a, b = as_drawn(p, c.pattern, c.start)
            same, at_drawn = same + a, at_drawn + b
            o = roll_stats(c.pattern, c.start, c.end)
            for k in ("bars", "rolls", "bars_with"):
                out[k] += o[k]
            out["pos"].update(o["pos"])
            out["kind"].update(o["kind"])
            b = random_rolls(c.pattern, c.start, c.end, o["rolls"], rng)
            base["pos"].update(b["pos"])
            base["kind"].update(b["kind"])
            k, n = anchors_kept(beat, c.pattern, c.start)
            kept, nb = kept + k, nb + n
        row = {"beat": beat.name, "style": beat.style,
               "seed_per_bar": s["rolls"] / s["bars"], "out_per_bar": out["rolls"] / max(1, out["bars"]),
               "seed_bars_with": s["bars_with"] / s["bars"], "out_bars_with": out["bars_with"] / max(1, out["bars"]),
               "pos_tv": tv(s["pos"], out["pos"]), "pos_tv_random": tv(s["pos"], base["pos"]),
               "kind_tv": tv(s["kind"], out["kind"]), "kind_tv_random": tv(s["kind"], base["kind"]),
               "anchors_kept": kept, "bars": nb, "as_drawn": same, "at_drawn": at_drawn}
        rows.append(row)
        tot["seed_rolls"] += s["rolls"] / s["bars"]
        tot["out_rolls"] += out["rolls"] / max(1, out["bars"])
    n = len(rows)
    mean = lambda k: float(np.mean([r[k] for r in rows]))   # noqa: E731
    total = {"beats": n, "seed_per_bar": mean("seed_per_bar"), "out_per_bar": mean("out_per_bar"),
             "rate_ratio": mean("out_per_bar") / max(1e-9, mean("seed_per_bar")),
             "within_25": sum(abs(r["out_per_bar"] / r["seed_per_bar"] - 1) <= RATE_TOLERANCE for r in rows),
             "seed_bars_with": mean("seed_bars_with"), "out_bars_with": mean("out_bars_with"),
             "pos_tv": mean("pos_tv"), "pos_tv_random": mean("pos_tv_random"),
             "kind_tv": mean("kind_tv"), "kind_tv_random": mean("kind_tv_random"),
             "anchors_kept": sum(r["anchors_kept"] for r in rows), "bars": sum(r["bars"] for r in rows),
             "as_drawn": sum(r["as_drawn"] for r in rows), "at_drawn": sum(r["at_drawn"] for r in rows),
             "variation": variation}
    return {"beats": rows, "total": total}


STYLE_ANCHORS = {"trap": ((0, 0), (1, 8)), "drill": ((1, 8),), "dnb": ((0, 0), (1, 4), (1, 12))}  # (voice, 16th)


def generate_figures(drummer, styles=ROLL_STYLES, seeds=range(1, 11), bars_out: int = 4) -> dict:
    """Generate in the roll styles: bars with a roll, the rolls' kinds, and bars keeping the style's
    anchors (trap: kick on 1, snare on 3; drill: snare on 3; dnb: kick on 1, snare on 2 and 4)."""
    out = {}
    for style in styles:
        bars_with = rolls = n = anchored = 0
        kinds = Counter()
        for sd in seeds:
            p = drummer.generate(style, bars=bars_out, seed=sd, tempo=140.0 if style != "dnb" else 172.0)[0].pattern
            st = roll_stats(p, 0, p.to_16ths(p.n_steps))
            bars_with, rolls, n = bars_with + st["bars_with"], rolls + st["rolls"], n + st["bars"]
            kinds.update(st["kind"])
            v = pattern_to_voices(p)
            anchored += sum(all(v[b * 16 + s, voice] > 0 for voice, s in STYLE_ANCHORS.get(style, ()))
                            for b in range(bars_out))
        out[style] = {"bars": n, "bars_with": bars_with, "rolls": rolls, "kinds": dict(kinds.most_common(5)),
                      "anchored": anchored}
    return out


def fill_figures(drummer, styles=("rock", "funk", "hiphop"), seeds=range(1, 11)) -> dict:
    """Fills in the last bar of the drawn beats of each style: fills with a snare roll, fills with a snare in
    their last beat, and those of them rolled there."""

    beats = [b for b in load_suite() if b.style in styles and b.pattern.steps_per_bar == 16]
    fills = snare = last_beat = snare_last = 0
    for b in beats:
        for sd in seeds:
            c = drummer.fill(b.pattern, b.pattern.bars - 1, seed=sd, style=b.style)[0]
            fills += 1
            cells = _cells(c.pattern, c.start, c.end)
            rolled = [(v, pos) for r, s, v, pos, _ in cells if c.pattern.rolls[r, s]]
            snare += any(v == 1 for v, _ in rolled)
            last_beat += any(v == 1 and pos >= 12 for v, pos in rolled)
            snare_last += any(v == 1 and pos >= 12 for _, _, v, pos, _ in cells)
    return {"fills": fills, "with_snare_roll": snare, "snare_roll_last_beat": last_beat,
            "snare_in_last_beat": snare_last}


def format_rollbench(fig: dict) -> str:
    t = fig["suite"]["total"]
    lines = [f"Roll suite: {t['beats']} drawn trap/drill/dnb beats with rolls, each continued 4 bars x 4 variations "
             f"(variation {t['variation']})",
             f"{'beat':24s} {'rolls/bar seed':>14s} {'out':>5s} {'bars w/ roll seed':>17s} {'out':>5s} "
             f"{'where TV':>8s} {'(random)':>8s} {'kind TV':>7s} {'(random)':>8s} {'anchors':>8s}"]
    for r in fig["suite"]["beats"]:
        lines.append(f"{r['beat'][:24]:24s} {r['seed_per_bar']:14.2f} {r['out_per_bar']:5.2f} "
                     f"{r['seed_bars_with']:17.0%} {r['out_bars_with']:5.0%} {r['pos_tv']:8.2f} {r['pos_tv_random']:8.2f} "
                     f"{r['kind_tv']:7.2f} {r['kind_tv_random']:8.2f} {r['anchors_kept']:>4d}/{r['bars']}")
    lines.append(f"{'mean':24s} {t['seed_per_bar']:14.2f} {t['out_per_bar']:5.2f} {t['seed_bars_with']:17.0%} "
                 f"{t['out_bars_with']:5.0%} {t['pos_tv']:8.2f} {t['pos_tv_random']:8.2f} {t['kind_tv']:7.2f} "
                 f"{t['kind_tv_random']:8.2f} {t['anchors_kept']:>4d}/{t['bars']}")
    lines.append(f"rolls per bar, continued / seed: {t['rate_ratio']:.2f} (target within 1 +- {RATE_TOLERANCE}); "
                 f"beats within it: {t['within_25']} of {t['beats']}")
    lines.append(f"where the seed's bar rolled and the new bar has the hit: rolled exactly as drawn "
                 f"{t['as_drawn']} of {t['at_drawn']} ({t['as_drawn'] / max(1, t['at_drawn']):.0%})")
    for style, g in fig.get("generate", {}).items():
        lines.append(f"Generate {style}: {g['bars_with']} of {g['bars']} bars with a roll, {g['rolls']} rolls "
                     f"({', '.join(f'{k} x{n}' for k, n in g['kinds'].items())}); the style's anchors in "
                     f"{g['anchored']} of {g['bars']} bars")
    if "fill" in fig:
        f = fig["fill"]
        lines.append(f"Fill (drawn rock/funk/hiphop beats, last bar): {f['with_snare_roll']} of {f['fills']} fills "
                     f"with a snare roll; the fill's last beat has a snare in {f['snare_in_last_beat']}, rolled in "
                     f"{f['snare_roll_last_beat']}")
    return "\n".join(lines)
