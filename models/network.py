"""Keras models for the drummer (functional API, TensorFlow backend).

Both architectures read step inputs (see encoding) and output, per step:
  hits: logits over the 512 joint hit combinations of the 9 voices (which voices hit together),
  vel:  logits over ghost / normal / accent for each voice (used where the voice hits).

- "lstm": 2 stacked LSTMs (DrumsRNN-like in size, but joint over voices with velocity and conditioning).
- "tcn":  a causal dilated temporal CNN with residual blocks (receptive field 128 steps = 8 bars).
The LSTM has a single-step twin with explicit state (build_step_model) for fast sampling and export.
"""
from __future__ import annotations

import keras
from keras import layers, ops

from .encoding import N_CLASSES, N_FEATURES, N_VOICES

DEFAULTS = {
    "lstm": {"arch": "lstm", "units": 256, "layers": 2, "dropout": 0.25},
    "tcn": {"arch": "tcn", "filters": 160, "kernel": 2, "dilations": [1, 2, 4, 8, 16, 32, 64], "dropout": 0.15},
}


def _heads(x):
    hits = layers.Dense(N_CLASSES, name="hits")(x)
    vel = layers.Reshape((-1, N_VOICES, 3), name="vel")(layers.Dense(N_VOICES * 3, name="vel_dense")(x))
    return {"hits": hits, "vel": vel}


def build_model(config: dict) -> keras.Model:
    arch = config["arch"]
    inp = keras.Input((None, N_FEATURES), name="steps")
    if arch == "lstm":
        x = inp
        for i in range(config["layers"]):
            x = layers.LSTM(config["units"], return_sequences=True, name=f"lstm{i}")(x)
            x = layers.Dropout(config["dropout"], name=f"drop{i}")(x)
    elif arch == "tcn":
        x = layers.Conv1D(config["filters"], 1, name="proj")(inp)
        for d in config["dilations"]:
            y = layers.Conv1D(config["filters"], config["kernel"], padding="causal", dilation_rate=d,
                              activation="relu", name=f"conv{d}a")(x)
            y = layers.Dropout(config["dropout"])(y)
            y = layers.Conv1D(config["filters"], 1, name=f"conv{d}b")(y)
            x = layers.Add()([x, y])
            x = layers.LayerNormalization(name=f"norm{d}")(x)
        x = layers.Activation("relu")(x)
    else:
        raise ValueError(f"unknown architecture {arch!r}")
    return keras.Model(inp, _heads(x), name=f"drummer_{arch}")


def build_step_model(trained: keras.Model, config: dict) -> keras.Model:
    """The LSTM as one step with explicit state: (x, h0, c0, h1, c1, ...) -> (hits, vel, states...).
    Weights are copied from the trained sequence model, so both give the same probabilities."""
    if config["arch"] != "lstm":
        raise ValueError("only the LSTM has a stateful step model")
    u = config["units"]
    x_in = keras.Input((N_FEATURES,), name="x")
    states_in, states_out = [], []
    x = x_in
    cells = []
    for i in range(config["layers"]):
        h = keras.Input((u,), name=f"h{i}")
        c = keras.Input((u,), name=f"c{i}")
        states_in += [h, c]
        cell = layers.LSTMCell(u, name=f"lstm{i}")  # one step, no time loop: exports to plain LiteRT ops
        cells.append(cell)
        x, (h2, c2) = cell(x, [h, c])
        states_out += [h2, c2]
    hits = layers.Dense(N_CLASSES, name="hits")(x)
    vel = layers.Reshape((N_VOICES, 3), name="vel")(layers.Dense(N_VOICES * 3, name="vel_dense")(x))
    probs = layers.Softmax(name="hit_probs")(hits)
    vprobs = layers.Softmax(name="vel_probs")(vel)
    step = keras.Model([x_in] + states_in, [probs, vprobs] + states_out, name="drummer_step")
    for name in [f"lstm{i}" for i in range(config["layers"])] + ["hits", "vel_dense"]:
        step.get_layer(name).set_weights(trained.get_layer(name).get_weights())
    return step


def masked_velocity_loss(y_true, y_pred):
    """Cross-entropy over ghost/normal/accent, only where the voice hits (y_true >= 0)."""
    y_true = ops.cast(y_true, "int32")
    mask = ops.cast(y_true >= 0, "float32")
    ce = keras.losses.sparse_categorical_crossentropy(ops.maximum(y_true, 0), y_pred, from_logits=True)
    return ops.sum(ce * mask, axis=-1) / float(N_VOICES)
