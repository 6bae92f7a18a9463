"""Sampling helpers of the drummer: a class drawn at a temperature (within what is allowed), indices drawn
by their odds, the model's distribution times the groove prior's, and the checks a take's bars must pass
(no dead bar in a busy groove, a style's density)."""
from __future__ import annotations

import numpy as np

from engine.drumkit import N_VOICES

from .encoding import ALL_CLASSES


def prior_product(probs: np.ndarray, prior_w: np.ndarray, cap: np.ndarray) -> np.ndarray:
    """The model's (batch, 512) distribution times the groove prior's (its weights, exp of its log-weights),
    renormalized, except that silence (class 0) gets no likelier than `cap`: the model's own chance of an
    empty step (before voices the seed lacks were folded away) or the groove's, whichever is higher. Where the
    two disagree everywhere, a plain product puts its mass on the one class neither rules out, the empty
    step: a busy groove died into silence. (A product, not a sum of logs: the same numbers to the last bits
    or two, without a log and an exp of 512 classes per take and step.)"""
    out = np.maximum(probs, 1e-12) * prior_w
    out /= out.sum(-1, keepdims=True)
    over = out[:, 0] > cap
    if over.any():
        rest = 1.0 - out[over, 0]
        out[over, 1:] *= ((1.0 - cap[over]) / np.maximum(rest, 1e-12))[:, None]
        out[over, 0] = cap[over]
    return out


def dead_bars(gen: np.ndarray, seed: np.ndarray, spb: int) -> np.ndarray:
    """Per candidate: has it a dead bar (under 2 hits, or under a quarter of the seed's hits per bar) where
    the seed's bars average 6 hits or more?"""
    nb = len(seed) // spb
    busy = np.count_nonzero(seed[:nb * spb]) / max(nb, 1)
    if busy < 6 or gen.shape[1] < spb:
        return np.zeros(len(gen), bool)
    per_bar = np.count_nonzero(gen[:, :gen.shape[1] // spb * spb].reshape(len(gen), -1, spb * N_VOICES), axis=2)
    return (per_bar < max(2.0, busy / 4)).any(axis=1)


def outside_density(mean_hits: np.ndarray, density) -> np.ndarray:
    """How far beats' mean hits per bar lie outside a style's 10-90% range (density: [10%, median, 90%])."""
    return np.maximum(density[0] - mean_hits, 0) + np.maximum(mean_hits - density[2], 0)


def draw(rng: np.random.Generator, odds: np.ndarray, n: int) -> np.ndarray:
    """n indices drawn without replacement in proportion to odds (fewer if fewer have any)."""
    n = min(int(n), int(np.count_nonzero(odds)))
    return rng.choice(len(odds), n, replace=False, p=odds / odds.sum()) if n else np.zeros(0, np.int64)


def pick(probs: np.ndarray, temperature: float, rng: np.random.Generator, allowed=None) -> np.ndarray:
    """One class per row of probs at a temperature (0: the likeliest), among the `allowed` ones."""
    p = np.asarray(probs, np.float64)
    if allowed is not None:
        p = p * allowed
    if temperature <= 1e-3:
        return p.argmax(-1)
    if temperature == 1.0 and allowed is None:   # (exp(log p) is p: the same draw without 2 x 512 log and exp)
        w = np.maximum(p, 1e-30)
        w /= w.sum(-1, keepdims=True)
        u = rng.random((len(w), 1))
        return np.minimum((np.cumsum(w, -1) < u).sum(-1), w.shape[-1] - 1)
    logp = np.log(np.maximum(p, 1e-30)) / temperature
    if allowed is not None:
        logp = np.where(allowed, logp, -np.inf)
    logp -= logp.max(-1, keepdims=True)
    w = np.exp(logp)
    w /= w.sum(-1, keepdims=True)
    u = rng.random((len(w), 1))
    return np.minimum((np.cumsum(w, -1) < u).sum(-1), w.shape[-1] - 1)


def shape_step(probs: np.ndarray, t: int, prior, fold, class_weights, want: int, lock_bits: int):
    """Step t's 512-way distribution as it is sampled, and the combinations allowed: the fold first (voices
    the seed lacks left out), then the seed's groove prior (with the network's own silence as the floor),
    Drumify's class weights (0: not playable there), and the locked rows' hits (want) kept."""
    raw_silence = probs[:, 0]
    if fold is not None:
        probs = fold.apply(probs)
    if prior is not None:
        probs = prior_product(probs, prior.weights(t), np.maximum(raw_silence, prior.silence[t]))
    allowed = None
    if class_weights is not None:
        probs = probs * class_weights[t]
        allowed = class_weights[t] > 0
    if lock_bits:
        allowed = ((ALL_CLASSES & lock_bits) == want) & (True if allowed is None else allowed)
    return probs, allowed
