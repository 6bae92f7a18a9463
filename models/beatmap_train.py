"""Training the beat map (TensorFlow/Keras; only `python main.py train-beatmap` and the tests import this).

A variational autoencoder of one-bar beats (MLP encoder and decoder: a bar is only 16 x 9 cells): hits as
Bernoulli cells, each hit's velocity class (ghost / normal / accent) as a 3-way choice, a KL term weighted
by `beta` (annealed in over the first epochs). Then a parametric t-SNE head (van der Maaten 2009): a small
network from the latent mean to 2D trained so that neighbours in the latent stay neighbours on the map;
unlike UMAP or t-SNE run on the collection it places any new bar (a user's pattern, a pack) at once,
without recomputing the map, and runs as an 86 KB LiteRT model."""
from __future__ import annotations

import os
import time

import numpy as np

from .beatmap import N_CELLS, N_IN, bar_features, vel_classes


def build_vae(latent: int = 16, hidden: int = 512, beta: float = 0.5):
    import keras
    from keras import layers, ops

    class Sample(layers.Layer):
        """z = mu + sigma * eps while training (the mean otherwise); adds beta * KL as a loss."""

        def __init__(self, beta, **kw):
            super().__init__(**kw)
            self.beta = self.add_weight(shape=(), initializer=keras.initializers.Constant(beta), trainable=False,
                                        name="beta")

        def call(self, inputs, training=None):
            mu, logvar = inputs
            kl = -0.5 * ops.mean(ops.sum(1 + logvar - mu ** 2 - ops.exp(logvar), axis=-1))
            self.add_loss(self.beta * kl / N_CELLS)
            if training:
                return mu + ops.exp(0.5 * logvar) * keras.random.normal(ops.shape(mu))
            return mu

    x_in = keras.Input((N_IN,), name="bar")
    h = layers.Dense(hidden, activation="relu")(x_in)
    h = layers.Dense(hidden // 2, activation="relu")(h)
    mu = layers.Dense(latent, name="mu")(h)
    logvar = layers.Dense(latent, name="logvar")(h)
    encoder = keras.Model(x_in, mu, name="encoder")
    z_in = keras.Input((latent,), name="z")
    d = layers.Dense(hidden // 2, activation="relu")(z_in)
    d = layers.Dense(hidden, activation="relu")(d)
    out = layers.Dense(N_CELLS * 4, name="logits")(d)          # hit logit, then 3 velocity-class logits
    decoder = keras.Model(z_in, out, name="decoder")
    z = Sample(beta, name="sample")([mu, logvar])
    vae = keras.Model(x_in, decoder(z), name="beatmap_vae")
    return vae, encoder, decoder


def _loss(y_true, y_pred):
    """y_true: (batch, 288): hits, then velocity class (as float); y_pred: (batch, 576) logits."""
    from keras import ops
    hits, vcls = y_true[:, :N_CELLS], ops.cast(y_true[:, N_CELLS:], "int32")
    hl = y_pred[:, :N_CELLS]
    vl = ops.reshape(y_pred[:, N_CELLS:], (-1, N_CELLS, 3))
    bce = ops.mean(ops.maximum(hl, 0) - hl * hits + ops.log1p(ops.exp(-ops.abs(hl))), axis=-1)
    logp = vl - ops.logsumexp(vl, axis=-1, keepdims=True)
    ce = -ops.sum(ops.take_along_axis(logp, ops.expand_dims(vcls, -1), axis=-1)[..., 0] * hits, axis=-1)
    return bce + ce / N_CELLS


def targets(bars: np.ndarray) -> np.ndarray:
    b = np.asarray(bars).reshape(len(bars), N_CELLS)
    return np.concatenate([(b > 0), vel_classes(bars)], axis=1).astype(np.float32)


def train_vae(train_bars, val_bars, *, latent: int = 16, hidden: int = 512, beta: float = 0.5, epochs: int = 60,
              batch: int = 128, seed: int = 0, max_minutes: float = 15.0, verbose: int = 0):
    """Fit the VAE (beta annealed from 0 over the first 10 epochs), keep the best validation loss."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    keras.utils.set_random_seed(seed)
    vae, encoder, decoder = build_vae(latent, hidden, beta)
    vae.compile(optimizer=keras.optimizers.Adam(1e-3), loss=_loss)
    xt, yt = bar_features(train_bars), targets(train_bars)
    xv, yv = bar_features(val_bars), targets(val_bars)
    t0 = time.time()
    sample = vae.get_layer("sample")

    class Schedule(keras.callbacks.Callback):
        def on_epoch_begin(self, epoch, logs=None):
            sample.beta.assign(beta * min(1.0, epoch / 10))

        def on_epoch_end(self, epoch, logs=None):
            if time.time() - t0 > max_minutes * 60:
                self.model.stop_training = True

    stop = keras.callbacks.EarlyStopping(patience=6, restore_best_weights=True, start_from_epoch=10)
    hist = vae.fit(xt, yt, validation_data=(xv, yv), epochs=epochs, batch_size=batch, verbose=verbose,
                   callbacks=[Schedule(), stop], shuffle=True)
    return vae, encoder, decoder, hist.history


def _tsne_p(z: np.ndarray, perplexity: float = 30.0) -> np.ndarray:
    """Symmetric t-SNE affinities P (n, n) of points z, each row's Gaussian width found by bisection to the
    perplexity."""
    n = len(z)
    d = ((z[:, None] - z[None]) ** 2).sum(-1).astype(np.float64)
    p = np.zeros((n, n))
    target = np.log(perplexity)
    for i in range(n):
        lo, hi, beta = 0.0, np.inf, 1.0
        di = np.delete(d[i], i)
        for _ in range(50):
            e = np.exp(-(di - di.min()) * beta)
            s = e.sum()
            h = np.log(s) + beta * ((di - di.min()) * e).sum() / s
            if abs(h - target) < 1e-4:
                break
            if h > target:
                lo, beta = beta, beta * 2 if hi == np.inf else (beta + hi) / 2
            else:
                hi, beta = beta, (beta + lo) / 2
        p[i, np.arange(n) != i] = e / s
    p = (p + p.T) / (2 * n)
    return np.maximum(p, 1e-12)


def train_map(z: np.ndarray, *, batch: int = 500, epochs: int = 40, perplexity: float = 30.0, seed: int = 0,
              verbose: int = 0):
    """A parametric t-SNE head: latent -> 2D, trained on fixed batches of the latent means."""
    import keras
    from keras import layers, ops
    keras.utils.set_random_seed(seed)
    rng = np.random.default_rng(seed)
    order = rng.permutation(len(z))[: len(z) // batch * batch]
    zs = z[order].astype(np.float32)
    P = np.concatenate([_tsne_p(zs[a:a + batch], perplexity) for a in range(0, len(zs), batch)]).astype(np.float32)
    inp = keras.Input((z.shape[1],), name="z")
    h = layers.Dense(128, activation="relu")(inp)
    h = layers.Dense(128, activation="relu")(h)
    model = keras.Model(inp, layers.Dense(2, name="xy")(h), name="beatmap_map")

    def kl(p, y):
        d = ops.sum((ops.expand_dims(y, 1) - ops.expand_dims(y, 0)) ** 2, axis=-1)
        q = 1.0 / (1.0 + d)
        q = q * (1.0 - ops.eye(ops.shape(y)[0]))
        q = ops.maximum(q / ops.sum(q), 1e-12)
        return ops.sum(p * ops.log(p / q)) * ops.cast(ops.shape(y)[0], "float32")

    model.compile(optimizer=keras.optimizers.Adam(1e-3), loss=kl)
    model.fit(zs, P, batch_size=batch, epochs=epochs, shuffle=False, verbose=verbose)
    return model


def train_and_export(data: str, out: str, *, latent: int = 32, hidden: int = 512, beta: float = 0.25,
                     epochs: int = 60, map_epochs: int = 150, map_batch: int = 500, max_minutes: float = 15.0,
                     limit: int | None = None, seed: int = 0, verbose: int = 0) -> dict:
    """Train the VAE on the GMD train split's bars (early-stopped on validation), then the map head on the
    train bars' latent means; export beatmap_{encoder,decoder,map}.tflite and the card beatmap.json to
    `out`. The test split is for `evaluate` only."""
    import hashlib
    import json
    from engine.errors import GrooveLoomError
    from engine.fileio import atomic_write_bytes
    from .beatmap import BEATMAP_FORMAT, PARTS, class_velocities, gmd_bars
    from .export import export_one_input
    t0 = time.time()
    bars, style, split, _ = gmd_bars(data, ("train", "validation"), limit=limit)
    train, val = bars[split == "train"], bars[split == "validation"]
    if len(train) < 2 or not len(val):
        raise GrooveLoomError("no 4/4 bars to train the beat map on (train and validation splits)", data)
    vae, encoder, decoder, history = train_vae(train, val, latent=latent, hidden=hidden, beta=beta, epochs=epochs,
                                               seed=seed, max_minutes=max_minutes, verbose=verbose)
    z = encoder.predict(bar_features(train), verbose=0, batch_size=1024)
    mapper = train_map(z, batch=min(map_batch, len(z)), epochs=map_epochs, seed=seed, verbose=verbose)
    os.makedirs(out, exist_ok=True)
    shas, sizes = {}, {}
    for part, model, shape in (("encoder", encoder, (N_IN,)), ("decoder", decoder, (latent,)),
                               ("map", mapper, (latent,))):
        path = os.path.join(out, f"beatmap_{part}.tflite")
        sizes[part] = export_one_input(model, shape, path)
        with open(path, "rb") as f:
            shas[part] = hashlib.sha256(f.read()).hexdigest()
    assert set(shas) == set(PARTS)
    card = {"format": BEATMAP_FORMAT, "latent": latent, "hidden": hidden, "beta": beta, "sha256": shas,
            "bytes": sizes, "velocity_values": class_velocities(train).tolist(), "train_bars": int(len(train)),
            "validation_bars": int(len(val)), "epochs": len(history["loss"]),
            "validation_loss": float(min(history["val_loss"])), "seconds": round(time.time() - t0, 1)}
    atomic_write_bytes(os.path.join(out, "beatmap.json"), json.dumps(card, indent=1).encode())
    return card
