"""What the user's seed says about the bars to come, for sampling (no TensorFlow, no Qt):

- `groove_prior`: for each generated step, the probability that each voice plays there if the drummer
  kept the seed's groove: hits at the same place in the seed's bars, bars at the same place in a 4-bar
  (then 2-bar) phrase and recent ones weighing most. Mixed into the model's distribution as a product of experts,
  p ~ p_model * p_groove^weight, with the weight set by Variation (0: this groove with small variations,
  1: the model alone); anchors (hits in every seed bar) and voices the seed lacks keep a weight longer.
- `follow_seed_velocity`: generated velocities moved onto the seed's own, per voice: a hit where the seed
  has one takes the seed's velocity there; elsewhere the model's ghost/normal/accent class takes the seed
  voice's soft/typical/loud velocity. A flat programmed seed gets near-flat output, a dynamic one keeps its
  per-voice dynamics.
"""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .encoding import BITS, N_VOICES, velocity_class

PRIOR_FLOOR = 0.04        # the groove never rules a hit in or out completely
# Which seed bars a generated bar copies: drummers play in 4-bar phrases (on GMD test windows, repeating the
# 4 seed bars predicts the next 4 with onset F1 0.843; the last 2 bars 0.819; the last bar 0.793), so the bar
# at the same place in a 4-bar phrase weighs most, then the same place in a 2-bar phrase, then any.
TWO_BAR, ONE_BAR = 0.12, 0.04
BAR_DECAY = 0.6           # weight per phrase further back
MAX_PRIOR_WEIGHT = 3.0    # the prior's exponent at Variation 0 ...
KEEP_WEIGHT = 2.0         # ... and, at least, on anchors (hit in every seed bar)
LACKING_WEIGHT = 3.0      # ... and on voices the seed lacks
REST_FACTOR = 0.5        # ... and, at half that, on beats where every seed bar rests (see groove_prior)
# where the seed's bars differ (its phrase), the bar at the same place holds with this times the anchors' weight.
# Chosen on GMD validation windows (4 seed bars -> 4, Variation 0.5, onset F1 against the real next
# bars averaged over the five versions: 0 ... 0.669, 1: 0.669, 2: 0.676, 3: 0.675, 4: 0.672) and the phrase suite
# (tests/resources/phrase_beats.txt: new bars closer to their place in the phrase, 0: 65%, 1: 83%, 2: 94%)
PHRASE_HOLD = 2.0
PHRASE_END = 0.3          # the details' weight in the last bar of a 4-bar phrase, where drummers vary most
CLASS_BITS = ((np.arange(1 << N_VOICES)[:, None] & BITS) > 0).astype(np.float64)   # (512, 9)


def prior_weights(variation: float) -> tuple[float, float, float]:
    """Variation 0..1 -> the groove prior's exponent on the groove's details, on its anchors, and on voices
    the seed lacks; all 0 at Variation 1 (the model alone). The details loosen first: a drummer varies the
    hats and the kick pickups and keeps the backbeat. The curve puts Variation 0.5 where the benchmark's
    continuations vary as much as the real drummers' next bars do (evaluate)."""
    free = 1.0 - float(np.clip(variation, 0.0, 1.0))
    return MAX_PRIOR_WEIGHT * free ** 4.6, KEEP_WEIGHT * free ** 1.6, LACKING_WEIGHT * free ** 0.5


FOLD_BELOW = 0.8           # below this Variation, voices the seed lacks are folded away (see lacking_fold)


class Fold:
    """Moves each joint class's probability onto the same class without the voices in `drop` (a bit mask):
    apply(probs) sums, per batch row, the classes that differ only in those voices."""

    def __init__(self, drop: int):
        target = np.arange(1 << N_VOICES) & ~drop
        self.order = np.argsort(target, kind="stable")
        self.keep, self.starts = np.unique(target[self.order], return_index=True)

    def apply(self, probs: np.ndarray) -> np.ndarray:
        out = np.zeros_like(probs)
        out[:, self.keep] = np.add.reduceat(probs[:, self.order], self.starts, axis=1)
        return out


def lacking_fold(seed: np.ndarray, variation: float) -> Fold | None:
    """Below FOLD_BELOW the drummer plays what it would have played, minus the voices the user left out: a
    hat it wanted beside the kick leaves the kick, not silence (down-weighting such classes instead left
    kick+snare seeds with dead bars). None when nothing is to be left out."""
    lacking = ~(np.asarray(seed) > 0).any(0)
    if variation >= FOLD_BELOW or not lacking.any() or lacking.all():
        return None
    return Fold(int((lacking.astype(np.int64) * BITS).sum()))


@dataclass(frozen=True)
class GroovePrior:
    logits: np.ndarray     # (length, 512) log-weights to add to the model's log-probabilities
    silence: np.ndarray    # (length,) the groove's probability of an empty step (voices it lacks left out)

    def weights(self, t: int) -> np.ndarray:
        """exp(logits) of step t, scaled to its largest (the product is renormalized): one exp of 512 weights
        a step for every take, not a log and an exp of each take's distribution. (Read each step: a fill's
        rounds push its logits in place.)"""
        return self.every_weights(self.logits[t])

    def every_weights(self, logits: np.ndarray | None = None) -> np.ndarray:
        """weights() of every step at once (the C sampler reads them all), or of the given rows."""
        logits = self.logits if logits is None else logits
        return np.exp(logits - logits.max(-1, keepdims=True))


def groove_prior(seed: np.ndarray, spb: int, first_step: int, length: int,
                 variation: float = 0.0) -> GroovePrior | None:
    """The groove prior for steps first_step.. from the seed's whole bars (seed step 0 is on a bar line);
    None when the seed has no whole bar with a hit or Variation is 1."""
    nb = len(seed) // spb
    w_all, w_keep, w_lack = prior_weights(variation)
    if nb == 0 or w_lack <= 0:
        return None
    bars = (np.asarray(seed[:nb * spb]) > 0).reshape(nb, spb, N_VOICES).astype(np.float64)
    if not bars.any():
        return None
    counts = bars.sum(axis=(1, 2))
    source = counts >= max(2.0, 0.25 * counts.mean())   # a break bar in the seed is not a bar to copy
    q = np.empty((length, N_VOICES))
    steps = first_step + np.arange(length)
    for j in np.unique(steps // spb):
        age = j - np.arange(nb)                       # >= 1 for every seed bar
        level = np.where(age % 4 == 0, 2, np.where(age % 2 == 0, 1, 0))
        # the bar at this place in the longest phrase the seed holds weighs most (a 2-bar seed's bar 1 for
        # the first new bar, as its bar 3 would if it had one): levels below it as far below as in a 4-bar seed
        level = level + 2 - (level[source].max() if source.any() else 2)
        w = BAR_DECAY ** ((age - 1) // 4) * np.choose(np.clip(level, 0, 2), [ONE_BAR, TWO_BAR, 1.0])
        w = w * source + 1e-9
        sel = steps // spb == j
        q[sel] = np.tensordot(w / w.sum(), bars, axes=1)[(steps % spb)[sel]]
    pos = steps % spb
    anchor = (bars.all(axis=0) & (nb >= 2))[pos]        # hit in every seed bar (two bars at least)
    lacking = np.broadcast_to(~bars.any(axis=(0, 1)), q.shape)
    # a sparse groove changes more with each hit changed: hold it tighter (16 hits per bar: as it is); and a
    # seed whose bars are all alike (a drawn loop) asks for that loop: up to 3x tighter than a played one
    w_all *= float(np.clip((16.0 / max(bars.sum() / nb, 1.0)) ** 2.0, 1.0, 6.0)) * (1.0 + 2.0 * _sameness(bars))
    detail = np.where((steps // spb) % 4 == 3, w_all * PHRASE_END, w_all)[:, None]   # drummers vary bar 4 most
    # where the seed's bars differ (the user's phrase: a kick pickup in bar 2, an open hat closing bar 4), the
    # bar at the same place holds like an anchor
    phrase = ((bars.any(axis=0) & ~bars.all(axis=0)) & (nb >= 2))[pos]
    detail = np.where(phrase, np.maximum(detail, PHRASE_HOLD * w_keep), detail)
    # a rest on a beat that the seed keeps in every bar, on a voice it plays (no kick on 1 in a one-drop),
    # holds like an anchor at half the weight
    rest = (~bars.any(axis=0) & (nb >= 2))[pos] & ~lacking & (pos % 4 == 0)[:, None]
    weight = np.where(lacking, max(w_all, w_lack),
                      np.where(anchor, max(w_all, w_keep), np.where(rest, np.maximum(detail, REST_FACTOR * w_keep),
                                                                      detail)))
    q = PRIOR_FLOOR + (1 - 2 * PRIOR_FLOOR) * q
    silence = np.prod(np.where(lacking, 1.0, 1.0 - q), axis=1)    # the groove's own chance of an empty step
    return GroovePrior((weight * np.log(q)) @ CLASS_BITS.T + (weight * np.log1p(-q)) @ (1 - CLASS_BITS).T,
                       silence)


def _sameness(bars: np.ndarray) -> float:
    """0 for bars as varied as a drummer plays them (onset F1 <= 0.8 between neighbours) .. 1 for bars all alike."""
    if len(bars) < 2:
        return 0.0
    a, b = bars[1:] > 0, bars[:-1] > 0
    both = (a & b).sum(axis=(1, 2))
    total = a.sum(axis=(1, 2)) + b.sum(axis=(1, 2))
    f1 = np.where(total > 0, 2 * both / np.maximum(total, 1), 1.0).mean()
    return float(np.clip((f1 - 0.8) / 0.2, 0.0, 1.0))


def follow_seed_velocity(gen: np.ndarray, seed: np.ndarray, spb: int, first_step: int,
                         rng: np.random.Generator | None = None) -> np.ndarray:
    """gen (variations, length, 9) velocities from the model -> the same hits with the seed's velocities."""
    seed = np.asarray(seed)
    if not seed.any():
        return gen
    out = np.array(gen, np.int64)
    nb = len(seed) // spb
    bars = seed[:nb * spb].reshape(nb, spb, N_VOICES).astype(np.int64) if nb else None
    pos = (first_step + np.arange(gen.shape[1])) % spb
    all_seed = seed[seed > 0]
    overall = float(np.median(all_seed))
    spread = float(all_seed.std())
    for v in range(N_VOICES):
        mine = seed[:, v][seed[:, v] > 0]
        hit = out[..., v] > 0
        if not hit.any():
            continue
        model = out[..., v]
        if len(mine) == 0:    # a voice the seed lacks: the model's dynamics around the seed's level
            out[..., v] = np.where(hit, np.clip(model * overall / 80.0, 1, 127), 0)
            continue
        soft, mid, loud = np.percentile(mine, 10), np.median(mine), np.percentile(mine, 90)
        mapped = np.choose(np.maximum(velocity_class(model), 0), [soft, mid, loud])
        if bars is not None:  # where the seed played this voice at this place: its velocity there (latest)
            here = bars[:, :, v][:, pos]                       # (nb, length)
            last_hit = np.zeros(len(pos))
            for b in range(nb):
                last_hit = np.where(here[b] > 0, here[b], last_hit)
            mapped = np.where(last_hit > 0, last_hit, mapped)
        jitter = 0 if rng is None else rng.integers(-3, 4, mapped.shape) * (1 if spread < 4 else 2)
        out[..., v] = np.where(hit, np.clip(np.round(mapped + jitter), 1, 127), 0)
    return out.astype(np.uint8)
