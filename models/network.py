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


def state_spec(config: dict) -> list[tuple[str, tuple[int, ...]]]:
    """The state a single-step model carries between steps (name, shape without batch), in order."""
    if config["arch"] == "lstm":
        return [(f"{k}{i}", (config["units"],)) for i in range(config["layers"]) for k in "hc"]
    if config["arch"] == "tcn":
        if config["kernel"] != 2:
            raise ValueError("streaming needs kernel size 2")
        return [(f"buf{d}", (d, config["filters"])) for d in config["dilations"]]
    raise ValueError(f"unknown architecture {config['arch']!r}")


def build_step_model(trained: keras.Model, config: dict) -> keras.Model:
    """One step with explicit state: (x, state...) -> (hit probs, velocity probs, new state...).
    LSTM: the cells' (h, c). TCN: per dilated layer, a buffer of the last d inputs to that layer (kernel 2
    means output t needs only input t-d and t). Weights come from the trained sequence model, so both give
    the same probabilities (a test checks it)."""
    x_in = keras.Input((N_FEATURES,), name="x")
    states_in = [keras.Input(shape, name=name) for name, shape in state_spec(config)]
    states_out = []
    copies = []  # (step layer, trained layer name, weight transform)
    if config["arch"] == "lstm":
        x = x_in
        for i in range(config["layers"]):
            cell = layers.LSTMCell(config["units"], name=f"lstm{i}")  # no time loop: plain LiteRT ops
            x, (h2, c2) = cell(x, [states_in[2 * i], states_in[2 * i + 1]])
            states_out += [h2, c2]
            copies.append((cell, f"lstm{i}", None))
    else:
        f = config["filters"]
        proj = layers.Dense(f, name="proj")
        x = proj(x_in)
        copies.append((proj, "proj", lambda w: [w[0][0], w[1]]))
        for d, buf in zip(config["dilations"], states_in):
            past = layers.Lambda(lambda b: b[:, 0])(buf)
            conv_a = layers.Dense(f, activation="relu", name=f"conv{d}a")
            y = conv_a(layers.Concatenate()([past, x]))
            copies.append((conv_a, f"conv{d}a", lambda w: [w[0].reshape(2 * w[0].shape[1], -1), w[1]]))
            conv_b = layers.Dense(f, name=f"conv{d}b")
            y = conv_b(y)
            copies.append((conv_b, f"conv{d}b", lambda w: [w[0][0], w[1]]))
            now = layers.Reshape((1, f))(x)
            states_out.append(now if d == 1 else layers.Concatenate(axis=1)([layers.Lambda(lambda b: b[:, 1:])(buf), now]))
            norm = layers.LayerNormalization(name=f"norm{d}")
            x = norm(layers.Add()([x, y]))
            copies.append((norm, f"norm{d}", None))
        x = layers.Activation("relu")(x)
    hits = layers.Dense(N_CLASSES, name="hits")
    vel = layers.Dense(N_VOICES * 3, name="vel_dense")
    probs = layers.Softmax(name="hit_probs")(hits(x))
    vprobs = layers.Softmax(name="vel_probs")(layers.Reshape((N_VOICES, 3))(vel(x)))
    copies += [(hits, "hits", None), (vel, "vel_dense", None)]
    step = keras.Model([x_in] + states_in, [probs, vprobs] + states_out, name="drummer_step")
    for layer, name, transform in copies:
        w = trained.get_layer(name).get_weights()
        layer.set_weights(transform(w) if transform else w)
    return step


def masked_velocity_loss(y_true, y_pred):
    """Cross-entropy over ghost/normal/accent, only where the voice hits (y_true >= 0)."""
    y_true = ops.cast(y_true, "int32")
    mask = ops.cast(y_true >= 0, "float32")
    ce = keras.losses.sparse_categorical_crossentropy(ops.maximum(y_true, 0), y_pred, from_logits=True)
    return ops.sum(ce * mask, axis=-1) / float(N_VOICES)
