"""Drumify's weights: a beat on a part's rhythm keeps a kick, snare or hat on every onset of the part (those
with a kick or snare favoured), time with the hats between them, and little else; and the figures that say
how well a drumified pattern follows its onsets."""
from __future__ import annotations

import numpy as np

from engine.pattern import Pattern

from .encoding import ALL_CLASSES, N_CLASSES


SNARE_BIT = 1 << 1


DRUMIFY_VOICES = (0, 1, 2)     # kick, snare, closed hat: an onset of the source gets at least one of them


# an onset's combinations with a kick or snare weigh this much more than hat-only ones: the beat follows the
# part with its kick and snare and keeps time with the hats (1: 61% of GMD rhythms' onsets got a kick or snare
# and 33% of the drummer's kicks stayed kicks; 10: 95.5% and 48%; bench/bench_drumify.py)
DRUMIFY_FOLLOW = 10.0


DRUMIFY_CANDIDATES = 4   # takes sampled per variation; those keeping time chosen (118 -> 120 of 120)


DRUMIFY_KEEP_TIME = 4.0   # combinations with a hat or ride weigh this much more where the style keeps time


TIME_VOICES = (2, 3, 8)         # closed hat, open hat, ride: what keeps time between the onsets


TIME_ONLY = (ALL_CLASSES > 0) & ((ALL_CLASSES & ~sum(1 << v for v in TIME_VOICES)) == 0)


WITH_TIME = (ALL_CLASSES & sum(1 << v for v in TIME_VOICES)) > 0   # combinations with a hat or ride


KICK_OR_SNARE = (ALL_CLASSES & 0b11) > 0                              # ... with a kick or a snare


TWO_HAT_STATES = (ALL_CLASSES & 0b1100) == 0b1100                    # a closed and an open hat at once


def drumify_figures(pattern: Pattern, onsets: np.ndarray) -> dict:
    """How a drumified pattern follows its onsets: onsets covered by a kick, snare or hat, by a kick or snare;
    steps off the onsets with hits other than hats and ride ('extra'), with hats or ride alone ('time')."""
    v = pattern.to_voices() > 0
    onsets = np.asarray(onsets, bool)
    time_only = v.any(axis=1) & ~np.delete(v, list(TIME_VOICES), axis=1).any(axis=1)
    return {"onsets": int(onsets.sum()), "covered": int(v[onsets][:, list(DRUMIFY_VOICES)].any(axis=1).sum()),
            "kick_or_snare": int(v[onsets][:, :2].any(axis=1).sum()), "steps_off": int((~onsets).sum()),
            "extra": int((v.any(axis=1) & ~time_only)[~onsets].sum()), "time": int(time_only[~onsets].sum())}


def drumify_weights(onsets: np.ndarray, extra: float, hats: bool = True, keeps: np.ndarray | None = None) -> np.ndarray:
    """Class weights for Drumify: on an onset step only combinations with a kick, snare or hat (those with a
    kick or snare favoured); elsewhere silence, hats and ride alone as the drummer likes (`hats`: they keep
    time), and anything else at `extra` (0: nothing off the onsets, 1: the drummer's own choice). `keeps`
    (16 bools: where the style's typical bars keep time) weighs combinations with a hat or ride there
    DRUMIFY_KEEP_TIME more, on an onset only those with its kick or snare (left alone, the drummer let the
    hats die out over a long part: 6 hat steps a bar in bars 1-8, 1 in 17-32)."""
    onsets = np.asarray(onsets, bool)
    anchor = np.zeros(N_CLASSES)
    for v in DRUMIFY_VOICES:
        anchor[(ALL_CLASSES >> v) & 1 == 1] = 1.0
    anchor[KICK_OR_SNARE] = DRUMIFY_FOLLOW      # a kick or a snare in the combination
    off = np.full(N_CLASSES, float(extra))
    off[0] = 1.0
    if hats:
        off[TIME_ONLY] = 1.0
    weights = np.where(onsets[:, None], anchor[None], off[None])
    weights[:, TWO_HAT_STATES] = 0.0         # one hi-hat: closed or open on a step, never both
    if hats and keeps is not None:
        boost = np.where(onsets[:, None], WITH_TIME & KICK_OR_SNARE, WITH_TIME)
        weights[np.tile(keeps, len(onsets) // 16)[:, None] & boost] *= DRUMIFY_KEEP_TIME
    return weights

