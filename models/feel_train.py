"""Training the feel model (TensorFlow/Keras; only `python main.py train-feel` and the tests import this).

The network reads a 2-bar window of quantized hits (which voices hit on each 16th, at no velocity), the
position of each step in the bar, the style and the tempo, and writes for every step and voice a timing
offset (ms) and a velocity. Non-causal dilated convolutions (it may hear the whole 2 bars: a drummer's
feel on a hit depends on what comes next too), trained with masked L1 losses (the median: what MAE
rewards) on the train split, early-stopped on validation."""
from __future__ import annotations

import os
import time

import numpy as np

from engine.drumkit import N_VOICES

from .feel import N_IN, OFF_SCALE, VEL_SCALE, WINDOW, features



def build(filters: int = 96, dilations=(1, 2, 4, 8, 1, 2, 4, 8), dropout: float = 0.1):
    import keras
    from keras import layers
    inp = keras.Input((WINDOW, N_IN), name="x")
    x = layers.Conv1D(filters, 1, name="proj")(inp)
    for i, d in enumerate(dilations):
        y = layers.Conv1D(filters, 3, padding="same", dilation_rate=d, activation="relu", name=f"c{i}a")(x)
        y = layers.Dropout(dropout)(y)
        y = layers.Conv1D(filters, 1, name=f"c{i}b")(y)
        x = layers.LayerNormalization(name=f"n{i}")(layers.Add()([x, y]))
    out = layers.Dense(2 * N_VOICES, name="out")(layers.Activation("relu")(x))
    return keras.Model(inp, out, name="feel")


def _loss(y_true, y_pred):
    """y_true: (batch, steps, 3*9): offset/OFF_SCALE, velocity/VEL_SCALE, hit mask."""
    from keras import ops
    off, vel, mask = y_true[..., :N_VOICES], y_true[..., N_VOICES:2 * N_VOICES], y_true[..., 2 * N_VOICES:]
    err = ops.abs(y_pred[..., :N_VOICES] - off) + ops.abs(y_pred[..., N_VOICES:] - vel)
    return ops.sum(err * mask) / ops.maximum(ops.sum(mask), 1.0)


def targets(hits, vel, off) -> np.ndarray:
    return np.concatenate([off / OFF_SCALE, vel / VEL_SCALE, hits.astype(np.float32)], axis=-1).astype(np.float32)


def train_feel(train, val, *, epochs: int = 40, batch: int = 64, seed: int = 0, max_minutes: float = 20.0,
               verbose: int = 0, **config):
    """Fit on train windows (windows() tuples), keep the weights of the best validation loss (patience 4)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    keras.utils.set_random_seed(seed)
    model = build(**config)
    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=_loss)
    xt, yt = features(train[0], train[3], train[4], train[5]), targets(*train[:3])
    xv, yv = features(val[0], val[3], val[4], val[5]), targets(*val[:3])
    t0 = time.time()

    class Budget(keras.callbacks.Callback):
        def on_epoch_end(self, epoch, logs=None):
            if time.time() - t0 > max_minutes * 60:
                self.model.stop_training = True

    stop = keras.callbacks.EarlyStopping(patience=4, restore_best_weights=True)
    hist = model.fit(xt, yt, validation_data=(xv, yv), epochs=epochs, batch_size=batch, verbose=verbose,
                     callbacks=[stop, Budget()], shuffle=True)
    return model, hist.history


def predict(model, hits, style, tempo, first=None):
    """(offset ms, velocity) per step and voice for windows of hits."""
    y = model.predict(features(hits, style, tempo, first), verbose=0, batch_size=256)
    return y[..., :N_VOICES] * OFF_SCALE, np.clip(y[..., N_VOICES:] * VEL_SCALE, 1, 127)


def export_feel(model, path: str) -> int:
    """The model as LiteRT (.tflite, one 2-bar window batch in, offsets and velocities out), loaded by
    models.feel.Feel without TensorFlow. Same route as the drummer's (models/export.py)."""
    from .export import export_one_input
    return export_one_input(model, (WINDOW, N_IN), path)


def average(models):
    """One model whose output is the mean of several (an ensemble exported as one LiteRT file)."""
    import keras
    if len(models) == 1:
        return models[0]
    inp = keras.Input((WINDOW, N_IN), name="x")
    members = [keras.Model(m.inputs[0], m.outputs[0], name=f"feel_{k}") for k, m in enumerate(models)]
    return keras.Model(inp, keras.layers.Average()([m(inp) for m in members]), name="feel_ensemble")


def train_and_export(data: str, out: str, *, epochs: int = 40, max_minutes: float = 20.0, limit: int | None = None,
                     seed: int = 0, ensemble: int = 1, verbose: int = 0, **config) -> dict:
    """Train `ensemble` models (seeds seed, seed+1, ...) on the GMD train split (each early-stopped on
    validation), export their average as feel.tflite and its card feel.json to `out`. The test split is for
    `evaluate` only. (Validation timing MAE: one model 18.54 ms, two 18.16 ms.)"""
    import hashlib
    import json
    from engine.fileio import atomic_write_bytes
    from .feel import FEEL_FORMAT
    from .performances import load_performances, windows
    t0 = time.time()
    perfs = load_performances(data, ("train", "validation"), limit=limit)
    train = windows([p for p in perfs if p.split == "train"])
    val = windows([p for p in perfs if p.split == "validation"], hop=WINDOW)
    if not len(train[0]) or not len(val[0]):
        from engine.errors import GrooveLoomError
        raise GrooveLoomError("no 4/4 performances to train the feel on (train and validation splits)", data)
    models, losses, epochs_run = [], [], []
    for k in range(ensemble):
        m, history = train_feel(train, val, epochs=epochs, seed=seed + k, max_minutes=max_minutes / ensemble,
                                verbose=verbose, **config)
        models.append(m)
        losses.append(float(min(history["val_loss"])))
        epochs_run.append(len(history["loss"]))
    model = average(models)
    os.makedirs(out, exist_ok=True)
    path = os.path.join(out, "feel.tflite")
    size = export_feel(model, path)
    with open(path, "rb") as f:
        sha = hashlib.sha256(f.read()).hexdigest()
    card = {"format": FEEL_FORMAT, "tflite_sha256": sha, "window": WINDOW, "config": config,
            "train_windows": int(len(train[0])), "validation_windows": int(len(val[0])),
            "ensemble": ensemble, "epochs": epochs_run, "validation_loss": losses,
            "seconds": round(time.time() - t0, 1), "bytes": size}
    atomic_write_bytes(os.path.join(out, "feel.json"), json.dumps(card, indent=1).encode())
    from .dynamics import write_dynamics
    write_dynamics(data, out, limit=limit)     # the real dynamics its velocities are held to
    return card
