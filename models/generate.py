"""Generate: a beat from nothing in a style. A roll style continues its written bar, a GMD style one of
its typical real bars, anything else a bar of time on the closed hat; the drummer keeps the takes as busy
as real bars of the style."""
from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from engine.drumkit import N_VOICES, VOICE_ROWS
from engine.pattern import Pattern
from engine.timing import swings_8ths

from .candidates import Candidate, merge_voices
from .runtime import check_range, style_of
from .encoding import STYLES, condition_vector, pattern_to_voices
from .rolls import PRIMERS, ROLL_STYLES, lay_rolls, primer
from .sampling import outside_density

if TYPE_CHECKING:
    from .drummer import Drummer

GENERATE_OVERSAMPLE = 4  # Generate samples this many beats per variation and keeps those of a real density
PRIMER_VARIATION = 0.25   # Generate in a roll style continues its written bar this freely (0.6 let the
                          # snare wander off trap's beat 3 in most bars) ...
FILL_GAPS = 0.9           # ... and a hat roll before an empty 16th rolls on through it this often (0.6 left
                          # half of them clipped)
STYLE_BAR_VARIATION = 0.5  # Generate in a GMD style continues one of its typical bars (models.style_bars) this freely


def generate(drummer: "Drummer", style: str = "rock", bars: int = 4, temperature: float = 1.0, variations: int = 1,
             seed: int | None = None, tempo: float = 110.0, like: Pattern | None = None) -> list[Candidate]:
    """A beat from nothing, in a style."""
    check_range("bars", bars)
    check_range("variations", variations)
    style_name, style = style.lower(), style_of(style)
    swing = drummer.style_swing.get(style_name)
    if swing and (like is None or not swings_8ths(like)):   # jazz, shuffle: on the style's swing
        like = (Pattern.empty(VOICE_ROWS, bars=bars, tempo=tempo) if like is None else like).with_settings(
            swing=swing, swing_unit=8)
    if style_name in PRIMERS:
        return from_primer(drummer, style_name, bars, temperature, variations, seed, tempo, like)
    if style_name in drummer.style_bars or STYLES[style] in drummer.style_bars:   # (shuffle: GMD's shuffles' own)
        return from_style_bars(drummer, style, bars, temperature, variations, seed, tempo, like,
                               style_name if style_name in drummer.style_bars else STYLES[style])
    empty = Pattern.empty(VOICE_ROWS, bars=bars, tempo=tempo) if like is None else \
        like.resized(bars).clear_range(0, 10**9)
    cond = condition_vector(style, False, empty.tempo, bars * 16)
    density = drummer.card.get("style_density", {}).get(STYLES[style])
    k = variations * (GENERATE_OVERSAMPLE if density else 1)
    # From silence the model mostly keeps silent (many recordings start with a count-in): it hears a bar
    # of time kept on the closed hat first, then plays a warm-up bar; both are dropped.
    primer = np.zeros((16, N_VOICES), np.uint8)
    primer[::1 if density and density[1] >= 20 else 2, 2] = 80   # 16ths for the busier styles
    cond = condition_vector(style, False, empty.tempo, (bars + 2) * 16)
    gen, _ = drummer.sample(primer, (bars + 1) * 16, 16, 16, cond, k, temperature, np.random.default_rng(seed))
    gen = gen[:, 16:]
    if density:   # keep beats as busy as real bars of the style (10-90%), with no near-empty bar
        per_bar = np.count_nonzero(gen.reshape(k, bars, -1), axis=2)
        score = outside_density(per_bar.mean(1), density) + 4 * (per_bar < 2).sum(1)
        gen = gen[np.argsort(score, kind="stable")[:variations]]
    habits = drummer.style_rolls.habits(style_name)
    if habits is not None and style_name not in ROLL_STYLES and not habits.source.startswith("pack"):
        habits = None     # GMD styles generate without laid rolls; the roll styles and a fine-tuned pack's roll
    rng = np.random.default_rng(None if seed is None else seed + 1)
    return [Candidate(lay_rolls(merge_voices(empty, g, 0, ()), 0, bars * 16, habits, rng) if habits
                      else merge_voices(empty, g, 0, ()), 0, bars * 16) for g in gen]

def from_style_bars(drummer: "Drummer", style: int, bars: int, temperature: float, variations: int, seed,
                    tempo: float, like: Pattern | None, pool_name: str | None = None) -> list[Candidate]:
    """A GMD style's beat (style: its index): one of its typical real bars (models.style_bars, drawn by
    the seed for each variation) continued by the network at STYLE_BAR_VARIATION, the bar dropped."""
    pool = drummer.style_bars[pool_name or STYLES[style]]
    density = drummer.card.get("style_density", {}).get(STYLES[style])
    tempo = like.tempo if like is not None else tempo
    empty = Pattern.empty(VOICE_ROWS, bars=bars, tempo=tempo) if like is None else \
        like.resized(bars).clear_range(0, 10**9)
    rng = np.random.default_rng(seed)
    out = []
    for _ in range(variations):
        tries = []
        n = GENERATE_OVERSAMPLE if density else 1
        for k in rng.choice(len(pool), size=n, replace=n > len(pool)):
            start = merge_voices(Pattern.empty(VOICE_ROWS, bars=1, tempo=tempo), pool[k], 0, ())
            c = drummer.continue_(start, bars, temperature, 1, int(rng.integers(2**31)), STYLES[style],
                                  variation=STYLE_BAR_VARIATION, sampled=4)[0]
            tries.append(pattern_to_voices(c.pattern)[16:])
        if density:   # keep the beat as busy as real bars of the style (10-90%)
            mean = np.array([np.count_nonzero(t) / bars for t in tries])
            tries = [tries[int(np.argmin(outside_density(mean, density)))]]
        out.append(Candidate(merge_voices(empty, tries[0], 0, ()), 0, bars * 16))
    return out

def from_primer(drummer: "Drummer", style: str, bars: int, temperature: float, variations: int, seed, tempo: float,
                like: Pattern | None) -> list[Candidate]:
    """A roll style's beat: its written bar (models.rolls.PRIMERS) continued by the network at
    PRIMER_VARIATION, the bar dropped, the style's roll habits laid on."""
    start = primer(style, like.tempo if like is not None else tempo)
    cands = drummer.continue_(start, bars, temperature, variations, seed, style, variation=PRIMER_VARIATION)
    empty = Pattern.empty(VOICE_ROWS, bars=bars, tempo=start.tempo) if like is None else \
        like.resized(bars).clear_range(0, 10**9)
    habits = drummer.style_rolls.habits(style)
    rng = np.random.default_rng(None if seed is None else seed + 1)
    out = []
    for c in cands:
        gen = pattern_to_voices(c.pattern)[16:]
        out.append(Candidate(lay_rolls(merge_voices(empty, gen, 0, ()), 0, bars * 16, habits, rng,
                                       fill_gaps=FILL_GAPS), 0, bars * 16))
    return out
