"""Pattern <-> model tensors: the one encoding that training, evaluation and inference share.

A step is the 9 drum voices' hits (a 512-way joint class, bit v = voice v) plus a velocity class per hit
(ghost / normal / accent). The model reads, at step t, what was played at step t-1 (hits and velocities),
what was played one and two bars before step t (lookback, as in Magenta's Lookback RNN: grooves repeat),
where step t sits in the bar, and the conditioning (style, beat or fill, tempo); it predicts step t.
Pure numpy: no TensorFlow, no Qt.
"""
from __future__ import annotations

from dataclasses import replace

import numpy as np

from engine.drumkit import N_VOICES, VOICE_ROWS
from engine.pattern import Pattern

N_CLASSES = 1 << N_VOICES          # 512 joint hit combinations
ALL_CLASSES = np.arange(N_CLASSES)   # every combination, as bits of the voices that hit
VEL_CLASSES = ("ghost", "normal", "accent")
VEL_EDGES = (45, 95)               # ghost 1-44, normal 45-94, accent 95-127
DEFAULT_VEL_VALUES = ((30, 80, 110),) * N_VOICES  # velocity each class plays back as (per voice)
STEPS_PER_BEAT = 4                 # the drummer plays a 16th grid
MAX_BEATS = 8
POS_FEATURES = STEPS_PER_BEAT + MAX_BEATS + 1
BITS = (1 << np.arange(N_VOICES)).astype(np.int64)
TEMPO_CENTER, TEMPO_SCALE = 110.0, 40.0
STYLES = ("rock", "funk", "jazz", "latin", "hiphop", "soul", "punk", "neworleans", "country", "pop",
          "reggae", "gospel", "afrobeat", "other")
# the styles whose beats keep a backbeat (snare on 2 and 4): Generate and Infill are held to it
BACKBEAT_STYLES = ("rock", "funk", "hiphop", "soul", "pop", "punk", "trap", "drill", "dnb")
STYLE_ALIASES = {"afrocuban": "latin", "highlife": "afrobeat", "dance": "pop", "blues": "soul",
                 "middleeastern": "other",
                 "trap": "hiphop", "drill": "hiphop", "dnb": "funk",   # (+ their roll habits: models.rolls)
                 "shuffle": "rock"}                                      # (+ GMD's shuffles' swing: models.dynamics)
DRUMMER_STYLES = (STYLES[:3] + ("shuffle",) + STYLES[3:-1] + ("trap", "drill", "dnb", STYLES[-1]))  # the panel's
N_COND = len(STYLES) + 2           # style one-hot, fill flag, tempo
LOOKBACK_BARS = (1, 2)
CARD_FORMAT = 1                    # the model card's format (train writes it, the drummer checks it)
N_FEATURES = 2 * N_VOICES + len(LOOKBACK_BARS) * N_VOICES + POS_FEATURES + N_COND


def style_index(style: str) -> int:
    s = style.lower().split("/")[0].replace("-", "").replace(" ", "")
    s = STYLE_ALIASES.get(s, s)
    if s not in STYLES:
        raise ValueError(f"unknown style '{style}'; styles: {', '.join(DRUMMER_STYLES)}")
    return STYLES.index(s)


def pattern_to_voices(pattern: Pattern) -> np.ndarray:
    """(steps, 9) velocities on the 16th grid. Rows fold onto voices by their GM note (loudest wins);
    rows with no voice (e.g. clap is a snare, cowbell too; a note outside the table) are left out."""
    if pattern.grid != 16:     # (a hit is a hit here, rolled or not: the hits on 16ths, rolls aside)
        pattern, _ = replace(pattern, rolls=np.zeros_like(pattern.rolls)).with_grid(16)
    return pattern.to_voices()


def played_as(vel: np.ndarray, first: int = 0) -> np.ndarray:
    """(steps, 9) voices of a pattern swung on 8ths as GMD's 16ths hold such playing: a swung "and" (2/3 of
    the beat) lies nearest the 16th "a", where the drummer learned it. `first`: the 16th step vel starts on."""
    return _move(vel, first, 2, 3)


def written_as(vel: np.ndarray, first: int = 0) -> np.ndarray:
    """The inverse for writing into a pattern swung on 8ths: the drummer's "a" goes onto the "and", which
    the swing plays at 2/3 of the beat (a jazz ride's skip note on its triplet, not dotted)."""
    return _move(vel, first, 3, 2)


def _move(vel: np.ndarray, first: int, src: int, dst: int) -> np.ndarray:
    out = np.array(vel, copy=True)
    at = np.flatnonzero((first + np.arange(len(out))) % 4 == src)
    to = at + (dst - src)
    ok = (to >= 0) & (to < len(out))
    at, to = at[ok], to[ok]
    out[to] = np.maximum(out[to], out[at])
    out[at] = 0
    return out


def voices_to_pattern(vel: np.ndarray, like: Pattern | None = None) -> Pattern:
    """(steps, 9) velocities -> a Pattern with the 9 voice rows (meter/tempo/swing from `like`)."""
    kw = {}
    if like is not None:
        kw = dict(numerator=like.numerator, denominator=like.denominator, tempo=like.tempo,
                  swing=like.swing, swing_unit=like.swing_unit)
    return Pattern(VOICE_ROWS, np.asarray(vel).T, grid=16, **kw)


def hits_to_class(vel: np.ndarray) -> np.ndarray:
    """(..., 9) velocities -> (...,) joint class 0..511."""
    return ((np.asarray(vel) > 0).astype(np.int64) * BITS).sum(-1)


def class_to_hits(cls: np.ndarray) -> np.ndarray:
    """(...,) joint class -> (..., 9) 0/1."""
    return ((np.asarray(cls)[..., None] & BITS) > 0).astype(np.uint8)


def velocity_class(vel: np.ndarray) -> np.ndarray:
    """(..., 9) velocities -> classes 0 ghost, 1 normal, 2 accent; -1 where no hit."""
    v = np.asarray(vel)
    c = (v >= VEL_EDGES[0]).astype(np.int64) + (v >= VEL_EDGES[1]).astype(np.int64)
    return np.where(v > 0, c, -1)


def position_features(steps: np.ndarray, steps_per_bar: int) -> np.ndarray:
    """Where each step sits: 16th within the beat, beat within the bar, and 'downbeat'."""
    steps = np.asarray(steps)
    in_bar = steps % steps_per_bar
    out = np.zeros(steps.shape + (POS_FEATURES,), np.float32)
    sub = in_bar % STEPS_PER_BEAT
    beat = np.minimum(in_bar // STEPS_PER_BEAT, MAX_BEATS - 1)
    np.put_along_axis(out, sub[..., None], 1.0, axis=-1)
    np.put_along_axis(out, (STEPS_PER_BEAT + beat)[..., None], 1.0, axis=-1)
    out[..., -1] = (in_bar == 0)
    return out


def condition_vector(style: str | int, fill: bool | np.ndarray, tempo: float, n: int) -> np.ndarray:
    """(n, N_COND) conditioning; `fill` may be a per-step array."""
    out = np.zeros((n, N_COND), np.float32)
    out[:, style if isinstance(style, (int, np.integer)) else style_index(style)] = 1.0
    out[:, len(STYLES)] = np.broadcast_to(np.asarray(fill, np.float32), (n,))
    out[:, len(STYLES) + 1] = (tempo - TEMPO_CENTER) / TEMPO_SCALE
    return out


def step_inputs(prev_vel: np.ndarray, lookback: np.ndarray, steps: np.ndarray, steps_per_bar: int,
                cond: np.ndarray) -> np.ndarray:
    """Model input rows. prev_vel (..., 9): velocities of the step before; lookback (..., 2, 9): velocities
    one and two bars before this step (0 where there is none); steps: this step's index in the pattern."""
    prev_vel = np.asarray(prev_vel, np.float32)
    lb = (np.asarray(lookback) > 0).astype(np.float32)
    lb = lb.reshape(lb.shape[:-2] + (-1,))
    return np.concatenate([(prev_vel > 0).astype(np.float32), prev_vel / 127.0, lb,
                           position_features(steps, steps_per_bar), cond], axis=-1).astype(np.float32)


class StepInputs:
    """step_inputs for the steps of one history, built into one buffer per batch size (the sampler's loop
    runs this once per generated 16th): each step's position and conditioning are made once for all steps.
    The same float32 values as step_inputs(prev, lookback_of(...), first + k, steps_per_bar, cond[k])."""

    def __init__(self, first: int, steps_per_bar: int, cond: np.ndarray):
        n = len(cond)
        self.spb = steps_per_bar
        self.fixed = np.concatenate([position_features(first + np.arange(n), steps_per_bar),
                                     np.asarray(cond, np.float32)], axis=-1).astype(np.float32)
        self._x: dict[int, np.ndarray] = {}

    def at(self, hist: np.ndarray, k: int) -> np.ndarray:
        """(batch, N_FEATURES) inputs of step k of `hist` (batch, steps, 9): a buffer reused by the next call
        for the same batch size (the model copies it in)."""
        b = len(hist)
        x = self._x.get(b)
        if x is None:
            x = self._x[b] = np.empty((b, N_FEATURES), np.float32)
        if k > 0:
            prev = hist[:, k - 1]
            x[:, :N_VOICES] = prev > 0
            x[:, N_VOICES:2 * N_VOICES] = prev.astype(np.float32) / 127.0
        else:
            x[:, :2 * N_VOICES] = 0.0
        for j, bars in enumerate(LOOKBACK_BARS):
            lo, kk = (2 + j) * N_VOICES, k - bars * self.spb
            x[:, lo:lo + N_VOICES] = (hist[:, kk] > 0) if kk >= 0 else 0.0
        x[:, (2 + len(LOOKBACK_BARS)) * N_VOICES:] = self.fixed[k]
        return x


def lookback_of(history: np.ndarray, t: int, steps_per_bar: int) -> np.ndarray:
    """(..., 2, 9) lookback for step t from a history (..., steps, 9) holding steps before t."""
    out = np.zeros(history.shape[:-2] + (len(LOOKBACK_BARS), N_VOICES), history.dtype)
    for j, b in enumerate(LOOKBACK_BARS):
        k = t - b * steps_per_bar
        if k >= 0:
            out[..., j, :] = history[..., k, :]
    return out


def sequence_inputs(vel: np.ndarray, steps_per_bar: int, cond: np.ndarray) -> np.ndarray:
    """Teacher-forced inputs for a whole sequence (steps, 9): step t sees step t-1 and the bars before
    (silence before step 0)."""
    n = len(vel)
    prev = np.concatenate([np.zeros((1, N_VOICES), vel.dtype), vel[:-1]], axis=0)
    lb = np.zeros((n, len(LOOKBACK_BARS), N_VOICES), vel.dtype)
    for j, b in enumerate(LOOKBACK_BARS):
        k = b * steps_per_bar
        if k < n:
            lb[k:, j] = vel[:n - k]
    return step_inputs(prev, lb, np.arange(n), steps_per_bar, cond)


def sequence_targets(vel: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Targets for a sequence: joint hit class (steps,) and velocity class (steps, 9) with -1 = no hit."""
    return hits_to_class(vel), velocity_class(vel)


def decode_velocity(classes: np.ndarray, values=DEFAULT_VEL_VALUES) -> np.ndarray:
    """(..., 9) velocity classes (-1 = no hit) -> velocities."""
    table = np.asarray(values, np.int64)  # (9, 3)
    c = np.asarray(classes)
    v = table[np.arange(N_VOICES), np.clip(c, 0, 2)]
    return np.where(c >= 0, v, 0).astype(np.uint8)
