"""`python main.py train --data DIR --out resources/models/`: train the drummer on GMD.

Fixed seed, Keras progress bar, exact validation NLL (nats per 16th step over whole validation files)
after every epoch, early stopping on it, a wall-clock cap. Writes drummer.keras (the source of truth),
drummer.tflite (what the app runs, through LiteRT) and drummer.json (the model card).
"""
from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import time
from dataclasses import dataclass

import numpy as np

from .data import Example, load_gmd
from .encoding import CARD_FORMAT, N_FEATURES, STYLES, VEL_EDGES, condition_vector, sequence_inputs, sequence_targets
from .trainstats import BEAT_WINDOW, FILL_WINDOW, TrainStats, window_size, window_starts


def example_arrays(e: Example) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    cond = condition_vector(e.style, e.fill, e.tempo, len(e.vel))
    x = sequence_inputs(e.vel, 16, cond)
    hits, vel = sequence_targets(e.vel)
    return x, hits, vel


def pad_batch(arrays: list[tuple], length: int):
    n = len(arrays)
    x = np.zeros((n, length, N_FEATURES), np.float32)
    y = np.zeros((n, length), np.int32)
    v = np.full((n, length, 9), -1, np.int32)
    w = np.zeros((n, length), np.float32)
    for i, (xi, yi, vi) in enumerate(arrays):
        k = min(length, len(xi))
        x[i, :k], y[i, :k], v[i, :k], w[i, :k] = xi[:k], yi[:k], vi[:k], 1.0
    return x, y, v, w


def windows(examples: list[Example], rng: np.random.Generator) -> list[tuple]:
    """Bar-aligned training windows: 8 bars of beats (random phase each epoch), 2 bars of fills."""
    out = []
    for e in examples:
        arrays = example_arrays(e)
        size, n = window_size(e.fill), len(e.vel)
        start = int(rng.integers(0, max(1, min(size, n) // 16))) * 16 if n > size else 0
        for a in window_starts(n, size, start):
            out.append((size, tuple(arr[a:a + size] for arr in arrays)))
    return out


def sequence_nll(model, examples: list[Example], batch: int = 16) -> tuple[float, int]:
    """Teacher-forced NLL of the hit pattern (nats per step, joint over 9 voices) over whole sequences."""
    total, count = 0.0, 0
    order = sorted(range(len(examples)), key=lambda i: len(examples[i].vel))
    for b in range(0, len(order), batch):
        group = [example_arrays(examples[i]) for i in order[b:b + batch]]
        length = max(len(g[0]) for g in group)
        x, y, _, w = pad_batch(group, length)
        logits = np.asarray(model(x, training=False)["hits"], np.float64)
        m = logits.max(-1, keepdims=True)
        logp = logits - m - np.log(np.exp(logits - m).sum(-1, keepdims=True))
        nll = -np.take_along_axis(logp, y[..., None].astype(np.int64), -1)[..., 0]
        total += float((nll * w).sum())
        count += int(w.sum())
    return total / max(count, 1), count


def code_version() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], capture_output=True, text=True,
                              cwd=os.path.dirname(__file__), timeout=5).stdout.strip() or "unknown"
    except (OSError, subprocess.SubprocessError):
        return "unknown"


@dataclass
class TrainOptions:
    arch: str = "lstm"
    epochs: int = 40
    batch: int = 32
    seed: int = 1234
    patience: int = 3               # epochs without a better validation NLL before stopping
    max_minutes: float = 28.0       # wall-clock cap
    limit: int | None = None        # first N sequences per split (quick runs, tests)
    lr: float = 2e-3
    config_overrides: dict | None = None
    export: bool = True             # also write the LiteRT model the app runs
    verbose: int = 1


def train(data: str, out: str, options: TrainOptions | None = None, *, dataset=None, base_model: str | None = None,
          **kw) -> dict:
    """Train on GMD's train split (or `dataset`), early-stopped on validation; write drummer.keras, .tflite
    and the model card .json to `out`; return the card. Options as TrainOptions or its fields as keywords."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    opt = options or TrainOptions(**kw)
    keras.utils.set_random_seed(opt.seed)
    t_start = time.time()
    ds = dataset if dataset is not None else load_gmd(data, splits=("train", "validation"), limit=opt.limit)
    train_ex, val_ex = ds.split("train"), ds.split("validation")
    if not train_ex or not val_ex:
        from engine.errors import GrooveLoomError
        raise GrooveLoomError(f"need training and validation examples, found {len(train_ex)} and {len(val_ex)}",
                              data)
    model, config = _compiled_model(opt, base_model)
    if opt.verbose:
        print(f"data: {len(train_ex)} train / {len(val_ex)} validation sequences "
              f"({sum(len(e.vel) for e in train_ex)} / {sum(len(e.vel) for e in val_ex)} steps), "
              f"{len(ds.skipped)} skipped; model {opt.arch}: {model.count_params():,} parameters")
    best, history, stopped = _fit(model, train_ex, val_ex, opt, t_start)
    card = _card(config, opt, data, len(ds.skipped), TrainStats.of(train_ex), val_ex, best, history, stopped,
                 t_start, model)
    _save(model, config, card, os.path.join(out, "drummer"), opt.export)
    if opt.verbose:
        print(f"best validation NLL {best:.4f} nats/step; wrote {out}/drummer.keras/.tflite/.json "
              f"in {card['training']['minutes']} min ({stopped})")
    return card


def _compiled_model(opt: TrainOptions, base_model: str | None):
    import keras

    from .network import DEFAULTS, build_model, masked_velocity_loss
    if base_model:
        model = keras.saving.load_model(base_model, compile=False, safe_mode=True)
        config = json.load(open(os.path.splitext(base_model)[0] + ".json"))["config"]
    else:
        config = dict(DEFAULTS[opt.arch], **(opt.config_overrides or {}))
        model = build_model(config)
    model.compile(optimizer=keras.optimizers.Adam(opt.lr, clipnorm=1.0),
                  loss={"hits": keras.losses.SparseCategoricalCrossentropy(from_logits=True),
                        "vel": masked_velocity_loss},
                  loss_weights={"hits": 1.0, "vel": 0.5})
    return model, config


def _epoch_batches(train_ex, rng, batch: int) -> list:
    """One epoch: random windows of every sequence, batched by window length, in random order."""
    wins = windows(train_ex, rng)
    order = rng.permutation(len(wins))
    batches = []
    for size in (BEAT_WINDOW, FILL_WINDOW):
        group = [wins[i][1] for i in order if wins[i][0] == size]
        batches += [pad_batch(group[b:b + batch], size) for b in range(0, len(group), batch)]
    return [batches[i] for i in rng.permutation(len(batches))]


def _fit(model, train_ex, val_ex, opt: TrainOptions, t_start: float):
    """Epochs until early stopping, the time cap or the last epoch; the best weights are kept."""
    import keras
    rng = np.random.default_rng(opt.seed)
    history, stop = [], EarlyStop(opt, t_start)
    for epoch in range(opt.epochs):
        batches = _epoch_batches(train_ex, rng, opt.batch)
        if opt.verbose:
            print(f"epoch {epoch + 1}/{opt.epochs}")
        bar = keras.utils.Progbar(len(batches), verbose=opt.verbose)
        for i, (x, y, v, w) in enumerate(batches):
            logs = model.train_on_batch(x, {"hits": y, "vel": v}, sample_weight={"hits": w, "vel": w},
                                        return_dict=True)
            bar.update(i + 1, [("loss", logs["loss"])])
        val, _ = sequence_nll(model, val_ex)
        history.append({"epoch": epoch + 1, "val_nll": round(val, 4), "minutes": round((time.time() - t_start) / 60, 2)})
        if opt.verbose:
            print(f"  validation NLL {val:.4f} nats/step")
        if stop.update(val, model):
            break
    model.set_weights(stop.best_weights)
    return stop.best, history, stop.stopped


class EarlyStop:
    """Early stopping on the validation NLL (opt.patience epochs without a better one) and the wall-clock cap
    (opt.max_minutes); the best weights kept. `stopped`: why the epochs ended."""

    def __init__(self, opt: TrainOptions, t_start: float):
        self.opt, self.t_start = opt, t_start
        self.best, self.best_weights, self.bad, self.stopped = float("inf"), None, 0, "epochs"

    def note(self, val: float) -> bool:
        """Count an epoch's validation NLL: True when it is the best so far (by more than 1e-4)."""
        if val < self.best - 1e-4:
            self.best, self.bad = val, 0
            return True
        self.bad += 1
        return False

    def update(self, val: float, model) -> bool:
        """After an epoch: True when training should stop."""
        if self.note(val):
            self.best_weights = model.get_weights()
        elif self.bad >= self.opt.patience:
            self.stopped = "early stopping"
            return True
        if (time.time() - self.t_start) / 60 > self.opt.max_minutes:
            self.stopped = "time cap"
            return True
        return False


def _card(config, opt, data, skipped: int, stats: TrainStats, val_ex, best, history, stopped, t_start,
          model) -> dict:
    return {
        "format": CARD_FORMAT, "name": "GrooveLoom drummer", "config": config,
        "features": N_FEATURES, "styles": list(STYLES), "velocity_edges": list(VEL_EDGES),
        "velocity_values": stats.velocity_values(), "style_density": stats.style_density(),
        "data": {"source": os.path.basename(os.path.normpath(data)) if data else "custom",
                 "split": "official GMD train/validation (test untouched)", "train_sequences": stats.sequences,
                 "validation_sequences": len(val_ex), "train_steps": int(stats.steps),
                 "skipped": skipped, "styles": stats.style_counts(),
                 "license": "Groove MIDI Dataset, CC BY 4.0 (Gillick et al., ICML 2019)"},
        "metrics": {"validation_nll": round(best, 4), "history": history, "stopped": stopped},
        "training": {"seed": opt.seed, "batch": opt.batch, "learning_rate": opt.lr, "epochs_run": len(history),
                     "minutes": round((time.time() - t_start) / 60, 2)},
        "date": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
        "code_version": code_version(), "parameters": int(model.count_params()),
    }


def _save(model, config, card: dict, stem: str, export: bool) -> None:
    from .network import build_model
    os.makedirs(os.path.dirname(stem), exist_ok=True)
    clean = build_model(config)  # saved without optimizer state: a few MB
    clean.set_weights(model.get_weights())
    clean.save(stem + ".keras")
    if export:
        from .export import export_tflite
        from .network import state_spec
        export_tflite(model, config, stem + ".tflite")
        card["state"] = [[name, list(shape)] for name, shape in state_spec(config)]
        card["tflite_sha256"] = hashlib.sha256(open(stem + ".tflite", "rb").read()).hexdigest()
    with open(stem + ".json", "w") as f:
        json.dump(card, f, indent=1)
