"""The drummer's feel (Magenta Studio's "Groove"): what a GMD drummer does with a quantized beat,
per hit a timing offset and a velocity (laid-back snares, pushed hats, swung 16ths, accents by position).

This module is the model's features, its runtime and the baselines it has to beat (numpy only): no offsets,
random humanize, and per style/voice/position means fitted on the train split (a strong count baseline).
The performances it learns from are read in models.performances."""
from __future__ import annotations

import os
import threading

import numpy as np

from engine.paths import MODELS_DIR
from engine.drumkit import N_VOICES, voice_of_pitch
from engine.timing import swings_8ths

from .encoding import STYLES, played_as, style_index
from .performances import WINDOW, Performance, load_performances, windows

N_IN = N_VOICES + 16 + len(STYLES) + 1      # model inputs per step (features)
OFF_SCALE, VEL_SCALE = 20.0, 20.0           # the model's outputs (and losses) in units of 20 ms and 20 velocity
FLAT_VELOCITY = 100  # what a programmed beat plays every hit at


def features(hits: np.ndarray, style: np.ndarray, tempo: np.ndarray, first: np.ndarray | None = None) -> np.ndarray:
    """(n, steps, N_IN) float32: hits 0/1, position in the bar (one-hot 16), style (one-hot), tempo."""
    n, steps = hits.shape[:2]
    first = np.zeros(n, np.int64) if first is None else first
    x = np.zeros((n, steps, N_IN), np.float32)
    x[..., :N_VOICES] = hits
    pos = (first[:, None] + np.arange(steps)[None]) % 16
    x[np.arange(n)[:, None], np.arange(steps)[None], N_VOICES + pos] = 1
    x[np.arange(n), :, N_VOICES + 16 + style] = 1
    x[..., -1] = ((tempo - 110.0) / 40.0)[:, None]
    return x


class CountBaseline:
    """Mean offset (ms) and velocity per style, voice and position in the bar, fitted on train windows;
    per voice and position where a style has too few hits there."""

    def __init__(self, hits, vel, off, style, min_count: int = 20):
        pos = np.arange(WINDOW) % 16
        shape = (len(STYLES), N_VOICES, 16)
        n, so, sv = np.zeros(shape), np.zeros(shape), np.zeros(shape)
        for s in range(len(STYLES)):
            m = hits[style == s]
            if not len(m):
                continue
            for k in range(16):
                at = m[:, pos == k]                       # (windows, 2, voices)
                n[s, :, k] = at.sum(axis=(0, 1))
                so[s, :, k] = (off[style == s][:, pos == k] * at).sum(axis=(0, 1))
                sv[s, :, k] = (vel[style == s][:, pos == k] * at).sum(axis=(0, 1))
        all_n, all_o, all_v = n.sum(0), so.sum(0), sv.sum(0)
        fallback_o = all_o / np.maximum(all_n, 1)
        fallback_v = np.where(all_n > 0, all_v / np.maximum(all_n, 1), FLAT_VELOCITY)
        ok = n >= min_count
        self.off = np.where(ok, so / np.maximum(n, 1), fallback_o[None])
        self.vel = np.where(ok, sv / np.maximum(n, 1), fallback_v[None])

    def predict(self, hits, style):
        pos = np.arange(hits.shape[1]) % 16
        off = self.off[style][:, :, pos].transpose(0, 2, 1)     # (n, steps, voices)
        vel = self.vel[style][:, :, pos].transpose(0, 2, 1)
        return off * hits, vel * hits


def mae(pred, true, hits) -> float:
    return float(np.abs(pred - true)[hits].mean())


def baselines(train, test, seed: int = 0) -> dict:
    """Timing MAE (ms) and velocity MAE on the test windows (input: the quantized hits at a flat
    velocity) for no offsets, today's random humanize (10 ms, 10 velocity, seeded) and the count baseline."""
    hits, vel, off, style = test[0], test[1], test[2], test[3]
    rng = np.random.default_rng(seed)
    out = {"none": (0.0 * off, np.full(vel.shape, FLAT_VELOCITY, np.float32)),
           "random humanize": (rng.uniform(-10, 10, off.shape), FLAT_VELOCITY + rng.uniform(-10, 10, vel.shape))}
    cb = CountBaseline(*train[:4])
    out["style/voice/position means"] = cb.predict(hits, style)
    return {k: {"timing_mae_ms": mae(o, off, hits), "velocity_mae": mae(v, vel, hits)} for k, (o, v) in out.items()}


def oracle_lean_mae(cb: CountBaseline, perfs: list[Performance]) -> float:
    """For scale, not a baseline (it uses the answers): the count baseline plus each performance's own
    per-voice lean (the median of what the drummer played minus the count baseline, per voice, over the
    whole performance): how far knowing this drummer's habit on this take gets. Timing MAE in ms over the
    same 2-bar windows as the evaluation."""
    err, n = 0.0, 0
    for p in perfs:
        hits, _, off, style, _, _ = windows([p], hop=WINDOW)
        if not len(hits):
            continue
        po, _ = cb.predict(hits, style)
        for v in range(N_VOICES):
            m = hits[..., v]
            if m.any():
                lean = np.median((off - po)[..., v][m])
                err += float(np.abs(po[..., v][m] + lean - off[..., v][m]).sum())
                n += int(m.sum())
    return err / max(n, 1)


FEEL_FORMAT = 1
DEFAULT_DIR = MODELS_DIR


class Feel:
    """The trained feel model (feel.tflite + feel.json), run with LiteRT: no TensorFlow in the app."""

    def __init__(self, model_dir: str = DEFAULT_DIR):
        from engine.fileio import quiet_stderr
        from .runtime import DrummerError, open_litert, read_card
        card_path, model_path = os.path.join(model_dir, "feel.json"), os.path.join(model_dir, "feel.tflite")
        self.card = read_card(card_path, "feel model card")
        if not isinstance(self.card, dict) or self.card.get("format") != FEEL_FORMAT:
            raise DrummerError("not a feel model card this GrooveLoom reads; train one with train-feel", card_path)
        self._runner = open_litert(model_path, self.card.get("tflite_sha256"))
        # the real drummers' dynamics the velocities are held to; a model folder without one
        # plays the network's velocities as they come
        from .dynamics import Dynamics
        dyn_path = os.path.join(model_dir, "dynamics.json")
        self.dynamics = Dynamics.load(dyn_path) if os.path.exists(dyn_path) else None
        self._lock = threading.Lock()         # one run at a time (a window's workers may share the model)
        try:
            with quiet_stderr():   # (the delegate is made on the first run: its message too)
                self._runner(x=np.zeros((1, WINDOW, N_IN), np.float32))
        except Exception as exc:
            raise DrummerError(f"not a usable feel model ({' '.join(str(exc).split())[:100]})", model_path) from None

    def predict(self, hits: np.ndarray, style: np.ndarray, tempo: np.ndarray, first: np.ndarray | None = None):
        """(offset ms, velocity) per step and voice for windows (n, WINDOW, 9) of hits."""
        x = features(hits, style, tempo, first)
        with self._lock:
            ys = [next(iter(self._runner(x=x[i:i + 64]).values())) for i in range(0, len(x), 64)]
        y = np.concatenate(ys) if ys else np.zeros((0, WINDOW, 2 * N_VOICES), np.float32)
        return y[..., :N_VOICES] * OFF_SCALE, np.clip(y[..., N_VOICES:] * VEL_SCALE, 1, 127)


class FeelOnDemand:
    """A folder's feel model, loaded the first time a worker asks for it: Feel is 0% until a user turns it up,
    and the window holds no feel model (~9 MB) before. A model that fails to load raises its DrummerError
    again on every later call."""

    def __init__(self, model_dir: str = DEFAULT_DIR):
        self.model_dir = model_dir
        self._lock = threading.Lock()
        self._feel: Feel | None = None
        self.error: Exception | None = None

    def get(self) -> Feel:
        with self._lock:
            if self._feel is None:
                if self.error is not None:
                    raise self.error
                try:
                    self._feel = Feel(self.model_dir)
                except Exception as exc:
                    self.error = exc
                    raise
            return self._feel


SHIFTS = (0, 8, 16, 24)   # a take is read in 2-bar windows starting at each of these offsets, and averaged


def predict_take(feel: Feel, hits: np.ndarray, style: int, tempo: float):
    """(offset ms, velocity) per step and voice of a whole take or pattern (hits (n, 9) on 16ths): the
    2-bar windows laid from each of SHIFTS and their predictions averaged, so no hit is judged only from
    the edge of a window (on validation: timing MAE 18.74 -> 18.54 ms)."""
    n = len(hits)
    ks = [-(-(n + s) // WINDOW) for s in SHIFTS]
    h = np.zeros((sum(ks), WINDOW, N_VOICES), bool)
    first = np.zeros(sum(ks), np.int64)
    at = 0
    for s, k in zip(SHIFTS, ks):              # every shift's windows in one batch: one model run
        lay = np.zeros((k * WINDOW, N_VOICES), bool)
        lay[s:s + n] = hits
        h[at:at + k] = lay.reshape(k, WINDOW, N_VOICES)
        first[at:at + k] = (np.arange(k) * WINDOW - s) % 16
        at += k
    o, v = feel.predict(h, np.full(len(h), style), np.full(len(h), tempo, np.float32), first)
    offs, vels, at = [], [], 0
    for s, k in zip(SHIFTS, ks):
        offs.append(o[at:at + k].reshape(-1, N_VOICES)[s:s + n])
        vels.append(v[at:at + k].reshape(-1, N_VOICES)[s:s + n])
        at += k
    return np.mean(offs, axis=0), np.mean(vels, axis=0)


def pattern_feel(feel: Feel, pattern, style: str = "rock", amount: float = 1.0):
    """What the drummer plays for each hit of a pattern: (seconds to move it, velocity), arrays shaped like
    pattern.hits. Hits are read on the 16th grid (a 32nd or a triplet takes the feel of the 16th it lies on
    or follows; bars are read as 16-step bars of 4/4); rows of no drummer voice stay as they are.
    amount 0..1 scales both from the grid and the drawn velocity toward the drummer's. Velocities come from
    the drummer only on rows drawn flat (every hit at one velocity, as programmed beats are): a row whose
    velocities were shaped (accents, ghost notes) keeps them, and only its timing is played."""
    p = pattern
    steps16 = int(np.ceil(p.n_steps * 16 / p.grid / WINDOW)) * WINDOW      # the pattern's 16ths, whole windows
    at16 = np.floor(np.arange(p.n_steps) / p.steps_per_quarter * 4 + 1e-9).astype(np.int64)   # each step's 16th
    hits16 = np.zeros((steps16, N_VOICES), bool)
    voices = [voice_of_pitch(r.note) for r in p.rows]
    for r, v in enumerate(voices):
        if v is not None:
            hits16[at16[p.hits[r] > 0], v] = True
    # A pattern swung on 8ths is heard as GMD's drummers were read: its swung "and" where they played it, on
    # the 16th "a" (models.encoding.played_as); the drummer then plays it from the swing toward there.
    swung = swings_8ths(p)
    read = played_as(hits16) if swung else hits16
    moved = (at16 % 4 == 2) & np.isclose(np.arange(p.n_steps) / p.steps_per_quarter * 4, at16) if swung else \
        np.zeros(p.n_steps, bool)
    src = at16 + moved
    from engine.timing import step_quarters
    swing_s = (step_quarters(p, np.arange(p.n_steps)) - np.arange(p.n_steps) / p.steps_per_quarter) * 60.0 / p.tempo
    aim_s = np.where(moved, 60.0 / p.tempo / 4 - swing_s, 0.0)     # from where the swing plays it to the "a"
    off, vel = predict_take(feel, read, style_index(style), p.tempo)
    if feel.dynamics is not None:
        from .dynamics import hold
        vel = hold(vel, read, STYLES[style_index(style)], feel.dynamics)
    dt = np.zeros(p.hits.shape, np.float64)
    out_vel = p.hits.astype(np.float64)
    for r, v in enumerate(voices):
        if v is None:
            continue
        on = p.hits[r] > 0
        dt[r, on] = amount * (off[src[on], v] / 1000.0 + aim_s[on])
        if len(np.unique(p.hits[r, on])) <= 1:          # flat: the drummer's dynamics
            out_vel[r, on] = p.hits[r, on] + amount * (vel[src[on], v] - p.hits[r, on])
    return dt, np.clip(np.round(out_vel), 1, 127).astype(np.int64) * (p.hits > 0)


def feel_timing(feel: Feel, style: str, amount: float):
    """A `timing` for engine.midi.write_midi: the pattern's hits where the drummer plays them."""
    def timing(pattern, rows, steps, vel):
        from engine.timing import step_quarters
        dt, v = pattern_feel(feel, pattern, style, amount)
        q = step_quarters(pattern, steps) + dt[rows, steps] * pattern.tempo / 60.0
        return q, v[rows, steps]      # (a hit may move before the start: pattern_to_midi places it)
    return timing


FEEL_TARGET = 0.15     # the model beats the best baseline by this share on timing and on velocity


def swing_ratio(off_ms: np.ndarray, hits: np.ndarray, step_ms: np.ndarray) -> float:
    """Where the off-beat 16ths sit between their neighbours (0.5 straight, 0.67 triplet swing): from the
    mean offsets of the hits on odd and even 16ths."""
    odd = (np.arange(hits.shape[1]) % 2 == 1)[None, :, None] & hits
    even = (np.arange(hits.shape[1]) % 2 == 0)[None, :, None] & hits
    if not odd.any() or not even.any():
        return 0.5
    rel = off_ms / step_ms[:, None, None]
    return float(0.5 + (rel[odd].mean() - rel[even].mean()) / 2)


def feel_report(feel: Feel, data: str, limit: int | None = None) -> dict:
    """The feel model on the GMD test split (input: the quantized hits at a flat velocity) against the
    baselines, and per style the swing ratio and each voice's mean offset, played vs the model's. The
    model's velocities are judged as played (held to the real dynamics); "network" keeps them raw."""
    from .dynamics import hold
    perfs = load_performances(data, ("train", "test"), limit=limit)
    train = windows([p for p in perfs if p.split == "train"])
    takes = [p for p in perfs if p.split == "test"]
    test = windows(takes, hop=WINDOW)
    hits, vel, off, style, tempo, first = test
    res = {"windows": int(len(hits)), "hits": int(hits.sum()), "baselines": baselines(train, test),
           "oracle_lean_timing_mae_ms": oracle_lean_mae(CountBaseline(*train[:4]), takes)}
    po_w, pv_w, ph_w = [], [], []     # the model reads each whole take; judged on the same windows' hits
    for p in takes:
        o, v = predict_take(feel, p.vel > 0, p.style, p.tempo)
        held = v if feel.dynamics is None else hold(v, p.vel > 0, STYLES[p.style], feel.dynamics)
        for a in windows([p], hop=WINDOW)[5]:
            po_w.append(o[a:a + WINDOW])
            pv_w.append(v[a:a + WINDOW])
            ph_w.append(held[a:a + WINDOW])
    po = np.array(po_w).reshape(off.shape) * hits
    pv = np.array(pv_w).reshape(vel.shape) * hits
    ph = np.array(ph_w).reshape(vel.shape) * hits
    res["network"] = {"timing_mae_ms": mae(po, off, hits), "velocity_mae": mae(pv, vel, hits)}
    res["model"] = {"timing_mae_ms": mae(po, off, hits), "velocity_mae": mae(ph, vel, hits)}
    best_t = min(b["timing_mae_ms"] for b in res["baselines"].values())
    best_v = min(b["velocity_mae"] for b in res["baselines"].values())
    res["gain"] = {"timing": 1 - res["model"]["timing_mae_ms"] / best_t, "velocity": 1 - res["model"]["velocity_mae"] / best_v}
    res["targets"] = {"feel_timing_15pct": res["gain"]["timing"] >= FEEL_TARGET,
                      "feel_velocity_15pct": res["gain"]["velocity"] >= FEEL_TARGET}
    step_ms = 60_000.0 / tempo / 4
    per_style = {}
    for s in np.unique(style):
        m = style == s
        if hits[m].sum() < 200:
            continue
        row = {"hits": int(hits[m].sum()), "swing_real": swing_ratio(off[m], hits[m], step_ms[m]),
               "swing_model": swing_ratio(po[m], hits[m], step_ms[m])}
        for v, name in ((0, "kick"), (1, "snare"), (2, "hat")):
            h = hits[m][..., v]
            if h.sum():
                row[f"{name}_ms_real"] = float(off[m][..., v][h].mean())
                row[f"{name}_ms_model"] = float(po[m][..., v][h].mean())
        per_style[STYLES[s]] = row
    res["per_style"] = per_style
    return res


def format_feel(r: dict) -> list[str]:
    ok = lambda b: "meets target" if b else "MISSES target"   # noqa: E731
    lines = [f"feel (timing and velocity of each hit) on {r['windows']} GMD test windows of 2 bars, {r['hits']:,} hits; "
             f"input: the quantized hits at velocity {FLAT_VELOCITY}",
             f"  {'':32s} timing MAE ms   velocity MAE"]
    for k, b in r["baselines"].items():
        lines.append(f"  {k:32s} {b['timing_mae_ms']:10.2f}   {b['velocity_mae']:10.2f}")
    m, g = r["model"], r["gain"]
    if "network" in r:
        lines.append(f"  {'the network, velocities not held':32s} {r['network']['timing_mae_ms']:10.2f}   "
                     f"{r['network']['velocity_mae']:10.2f}")
    lines.append(f"  {'GrooveLoom feel (LiteRT, held)':32s} {m['timing_mae_ms']:10.2f}   {m['velocity_mae']:10.2f}")
    lines.append(f"  {'oracle: means + the take' + chr(39) + 's lean':32s} {r['oracle_lean_timing_mae_ms']:10.2f}   "
                 f"(for scale, uses the answers: each take's own per-voice lean known)")
    lines.append(f"  better than the best baseline: timing {g['timing']:.1%} ({ok(r['targets']['feel_timing_15pct'])}"
                 f" >= 15%), velocity {g['velocity']:.1%} ({ok(r['targets']['feel_velocity_15pct'])} >= 15%)")
    lines.append("  per style: swing ratio real/model; mean offset ms real/model for kick, snare, hat")
    for s, row in r["per_style"].items():
        parts = " ".join(f"{n} {row.get(n + '_ms_real', 0):+5.1f}/{row.get(n + '_ms_model', 0):+5.1f}"
                         for n in ("kick", "snare", "hat"))
        lines.append(f"  {s:10s} {row['hits']:7,d} hits  swing {row['swing_real']:.3f}/{row['swing_model']:.3f}  {parts}")
    return lines
