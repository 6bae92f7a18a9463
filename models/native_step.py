"""The sampler's step in C (engine/native/glstep.c): the fold, the groove prior, the class weights, the locks,
the draws of hits and velocities and the next step's inputs, for a whole batch in one call.

models/sampling.py and Drummer.sample's numpy loop are the reference: drawing from the take's own numpy
Generator (its bit generator, with numpy's algorithms, in the loop's order) the C step draws the same takes
(tests/test_native_step.py). Where the library cannot be had, `NativeStep.of` returns None and the numpy
loop runs.
"""
from __future__ import annotations

import ctypes
import time

import numpy as np

from engine import native
from engine.drumkit import N_VOICES

from .encoding import LOOKBACK_BARS, N_CLASSES, N_FEATURES, hits_to_class

P, I64, F64 = ctypes.c_void_p, ctypes.c_int64, ctypes.c_double


class _Ctx(ctypes.Structure):
    """glstep.c's gs_ctx, field for field."""
    _fields_ = [("batch", I64), ("steps", I64), ("spb", I64), ("hist", P), ("fixed", P), ("n_fixed", I64),
                ("lookback", P), ("n_lookback", I64), ("fold_order", P), ("fold_keep", P), ("fold_starts", P),
                ("fold_n", I64), ("prior_weights", P), ("prior_silence", P), ("class_weights", P),
                ("lock_bits", I64), ("lock_want", P), ("locked", P), ("vel_values", P), ("temperature", F64),
                ("x", P), ("work", P), ("probs", P), ("vprobs", P), ("rng", P), ("u", P), ("jitter", P)]


SHARE_GIL_S = 0.001


def share_gil(since: float) -> float:
    """The GIL to the audio feeder at least every SHARE_GIL_S while the drummer samples (it would otherwise
    wait a switch interval, 5 ms, for it: a drummer asked again and again at batch 1 made late notes in 2 of
    3 runs of test_jack). A sleep of 0 lets it in (~60 us: the timer's slack), so not at every step. Returns
    when it last did."""
    now = time.perf_counter()
    if now - since < SHARE_GIL_S:
        return since
    time.sleep(0)
    return time.perf_counter()


def _ptr(a: np.ndarray | None):
    return None if a is None else a.ctypes.data


class NativeStep:
    """One sample call's state for gs_step: the arrays it reads, kept alive with the struct that points at
    them."""

    @classmethod
    def of(cls, hist: np.ndarray, inputs, spb: int, temperature: float, vel_values: np.ndarray,
           rng: np.random.Generator, prior=None, fold=None, class_weights=None, lock_bits: int = 0, locked=None,
           lock_mask=None):
        lib = native.step_library()
        if lib is None:
            return None
        return cls(lib, hist, inputs, spb, temperature, vel_values, rng, prior, fold, class_weights, lock_bits,
                   locked, lock_mask)

    def __init__(self, lib, hist, inputs, spb, temperature, vel_values, rng, prior, fold, class_weights,
                 lock_bits, locked, lock_mask):
        batch, steps, _ = hist.shape
        self.lib, self.batch, self.temperature = lib, batch, float(temperature)
        if hist.dtype != np.uint8 or not hist.flags.c_contiguous:
            raise ValueError("the history must be a C-contiguous uint8 array (glstep.c writes into it)")
        keep = [hist, np.ascontiguousarray(inputs.fixed, np.float32), np.asarray(LOOKBACK_BARS, np.int64),
                np.ascontiguousarray(np.reshape(vel_values, (N_VOICES, 3)), np.int64)]
        if len(keep[1]) < steps or (2 + len(LOOKBACK_BARS)) * N_VOICES + keep[1].shape[1] != N_FEATURES:
            raise ValueError(f"inputs for {len(keep[1])} steps of {keep[1].shape[1]} features, the history has "
                             f"{steps} steps")        # (glstep.c reads a step's features for every history step)
        self.x = np.zeros((batch, N_FEATURES), np.float32)
        self.work = np.empty((batch, N_CLASSES), np.float64)
        self.probs = np.empty((batch, N_CLASSES), np.float32)
        self.vprobs = np.empty((batch, N_VOICES, 3), np.float32)
        keep += [np.empty(batch * (1 + N_VOICES), np.float64), np.empty(batch * N_VOICES, np.int64),
                 rng.bit_generator]    # (its state lives as long as it does)
        c = _Ctx(batch=batch, steps=steps, spb=spb, hist=_ptr(hist), fixed=_ptr(keep[1]), n_fixed=keep[1].shape[1],
                 lookback=_ptr(keep[2]), n_lookback=len(LOOKBACK_BARS), vel_values=_ptr(keep[3]),
                 temperature=self.temperature, x=_ptr(self.x), work=_ptr(self.work), probs=_ptr(self.probs),
                 vprobs=_ptr(self.vprobs), rng=rng.bit_generator.ctypes.bit_generator.value, u=_ptr(keep[4]),
                 jitter=_ptr(keep[5]))
        if fold is not None:
            order, kept, starts = (np.ascontiguousarray(a, np.int64) for a in (fold.order, fold.keep, fold.starts))
            keep += [order, kept, starts]
            c.fold_order, c.fold_keep, c.fold_starts, c.fold_n = _ptr(order), _ptr(kept), _ptr(starts), len(kept)
        if prior is not None:   # (every step's GroovePrior.weights, at once)
            weights = prior.every_weights()
            silence = np.ascontiguousarray(prior.silence, np.float64)
            keep += [weights, silence]
            c.prior_weights, c.prior_silence = _ptr(weights), _ptr(silence)
        if class_weights is not None:
            cw = np.ascontiguousarray(class_weights, np.float64)
            keep.append(cw)
            c.class_weights = _ptr(cw)
        if lock_bits:
            want = (hits_to_class(locked) & lock_bits).astype(np.int64)
            lk = np.ascontiguousarray(np.where(lock_mask, locked, 0), np.int64)
            keep += [want, lk]
            c.lock_bits, c.lock_want, c.locked = lock_bits, _ptr(want), _ptr(lk)
        # (glstep.c reads these per generated step: run() checks they cover the steps it draws)
        self._rows = [len(a) for a in (prior.logits if prior is not None else None, class_weights,
                                       locked if lock_bits else None) if a is not None]
        self._keep, self._ctx = keep, c
        self._ref = ctypes.byref(c)

    def inputs(self, k: int, batch: int | None = None) -> np.ndarray:
        """StepInputs.at(hist[:batch], k): the network's inputs of step k (a buffer the next call reuses)."""
        b = self.batch if batch is None else batch
        self.lib.gs_inputs(self._ref, k, b)
        return self.x[:b]

    def step(self, t: int, k: int, probs: np.ndarray, vprobs: np.ndarray) -> np.ndarray:
        """Draws generated step t (history step k) from the network's outputs into the history; returns the
        inputs of step k + 1."""
        self.probs[...] = probs
        self.vprobs[...] = vprobs
        self.lib.gs_step(self._ref, t, k)
        return self.x

    def run(self, network, state, first: int, length: int):
        """Draws `length` steps into the history from its step `first` on, each from `network(x, state)`;
        returns the network's state after the last."""
        if any(rows < length for rows in self._rows) or first + length > self._ctx.steps:
            raise ValueError(f"{length} steps to draw from step {first}: the prior, weights or locks hold "
                             f"{self._rows}, the history {self._ctx.steps}")
        x, shared = self.inputs(first), time.perf_counter()
        for t in range(length):
            shared = share_gil(shared)
            probs, vprobs, state = network(x, state)
            x = self.step(t, first + t, probs, vprobs)
        return state
