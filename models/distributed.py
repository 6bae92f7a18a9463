"""`train --shards SHARDS/`: the drummer trained from `prepare`'s shards with tf.data and a
tf.distribute strategy, so the same command runs on one CPU, on several GPUs (MirroredStrategy) or on
several machines (MultiWorkerMirroredStrategy, from the TF_CONFIG each worker is started with).

Input: the train shards through tf.data: files interleaved and shuffled, each record cut into bar-aligned
windows (8 bars of a beat from a random bar, 2 bars of a fill, as the single-process trainer cuts them),
beats and fills batched apart to the global batch (as `train` batches them: a fill's 2 bars are not padded
to 8, which cost 15% of an epoch on GMD and weighed each fill a quarter), the two mixed in proportion to
their windows, split among the replicas, prefetched.

The card's figures of the training data (counts, styles, velocities, densities, windows an epoch) come from
one streamed pass over the train records (models.trainstats): only the validation split is held in memory.
Every epoch ends with the exact validation NLL over whole validation performances (models.train.
sequence_nll), early stopping on it, and a checkpoint (tf.train.Checkpoint) a stopped run resumes from.
The training step is our own (strategy.run): Keras 3's fit does not run under MultiWorkerMirroredStrategy.
Only the chief (worker 0) writes the model, its LiteRT export and the model card; the card is the one
`train` writes, so `evaluate` and the app take the model as they take any other.
"""
from __future__ import annotations

import json
import os
import shutil
import time

import numpy as np

from engine.errors import GrooveLoomError

from .data import Example
from .encoding import N_VOICES
from .shards import dataset, read_manifest, read_split, to_example
from .train import EarlyStop, TrainOptions, _card, _compiled_model, _save, pad_batch, sequence_nll, windows
from .trainstats import BEAT_WINDOW, FILL_WINDOW, TrainStats


def strategy():
    """MultiWorkerMirrored where TF_CONFIG names a cluster, Mirrored on several GPUs, else the default."""
    import tensorflow as tf
    if os.environ.get("TF_CONFIG"):
        return tf.distribute.MultiWorkerMirroredStrategy()
    if len(tf.config.list_logical_devices("GPU")) > 1:
        return tf.distribute.MirroredStrategy()
    return tf.distribute.get_strategy()


def worker() -> tuple[int, int]:
    """(this worker's index, number of workers) from TF_CONFIG; (0, 1) without one."""
    cfg = json.loads(os.environ.get("TF_CONFIG") or "{}")
    n = len(cfg.get("cluster", {}).get("worker", [])) or 1
    return int(cfg.get("task", {}).get("index", 0)), n


def _windows_of(seed: int, size: int):
    """A record's (vel, style, fill, tempo) -> its windows as arrays padded to `size`, a random phase per
    record."""
    rng = np.random.default_rng(seed)

    def cut(vel, style, fill, tempo):
        steps = len(vel) // N_VOICES
        e = Example("", np.frombuffer(vel, np.uint8).reshape(steps, N_VOICES), int(style), bool(fill),
                    float(tempo), "train")
        return pad_batch([arrays for _size, arrays in windows([e], rng)], size)
    return cut


def train_stats(shards: str) -> TrainStats:
    """The card's figures of the train split, its records streamed one at a time (never all in memory)."""
    stats = TrainStats()
    for rec in dataset(shards, "train").as_numpy_iterator():
        stats.add(to_example(rec)[0])
    return stats


def _read(shards: str):
    """The manifest, the train split's figures (streamed) and the validation examples, checked against it."""
    manifest = read_manifest(shards)
    stats, val_ex = train_stats(shards), [e for e, _h in read_split(shards, "validation")]
    counted(shards, manifest, "train", stats.sequences)
    counted(shards, manifest, "validation", len(val_ex))
    return manifest, stats, val_ex


def counted(shards: str, manifest: dict, split: str, n: int) -> None:
    """GrooveLoomError unless the split holds the records its manifest says."""
    if n != manifest["examples"][split]:
        raise GrooveLoomError(f"{n} {split} records, the manifest says {manifest['examples'][split]}", shards)


def train_dataset(shards: str, batch: int, seed: int, counts: tuple[int, int]):
    """The training windows as a tf.data pipeline: (x, targets, sample weights), `batch` windows a step,
    beats (8 bars) and fills (2 bars) in batches of their own, drawn in proportion to `counts`."""
    import tensorflow as tf
    from .encoding import N_FEATURES
    streams = []
    for fill, size in ((False, BEAT_WINDOW), (True, FILL_WINDOW)):
        cut = _windows_of(seed + fill, size)
        ds = dataset(shards, "train", shuffle=True, seed=seed + fill).filter(lambda r, f=fill: r["fill"] == int(f))
        ds = ds.map(lambda r, cut=cut: tf.numpy_function(cut, [r["vel"], r["style"], r["fill"], r["tempo"]],
                                                         [tf.float32, tf.int32, tf.int32, tf.float32]),
                    num_parallel_calls=tf.data.AUTOTUNE)
        ds = ds.unbatch().map(lambda x, y, v, w, n=size: (tf.ensure_shape(x, [n, N_FEATURES]), tf.ensure_shape(y, [n]),
                                                          tf.ensure_shape(v, [n, 9]), tf.ensure_shape(w, [n])))
        streams.append(ds.shuffle(2048, seed=seed).repeat().batch(batch, drop_remainder=True))
    weights = [c / max(1, sum(counts)) for c in counts] if sum(counts) else [1.0, 0.0]
    ds = tf.data.Dataset.sample_from_datasets(streams, weights=weights, seed=seed)
    ds = ds.map(lambda x, y, v, w: (x, {"hits": y, "vel": v}, {"hits": w, "vel": w}))
    options = tf.data.Options()
    options.experimental_distribute.auto_shard_policy = tf.data.experimental.AutoShardPolicy.DATA
    return ds.with_options(options).prefetch(tf.data.AUTOTUNE)


def _step_fn(model, optimizer, strat, global_batch: int, spec):
    """One synchronous training step on every replica: the compiled trainer's losses (hits cross-entropy +
    0.5 x velocity), each replica's share averaged over the global batch, gradients summed across replicas
    (Keras 3's fit does not run under MultiWorkerMirroredStrategy: keras-team/keras#20585)."""
    import keras
    import tensorflow as tf

    from .network import masked_velocity_loss

    def replica(x, targets, weights):
        with tf.GradientTape() as tape:
            out = model(x, training=True)
            hits = keras.losses.sparse_categorical_crossentropy(targets["hits"], out["hits"], from_logits=True)
            vel = masked_velocity_loss(targets["vel"], out["vel"])
            per_window = (tf.reduce_mean(hits * weights["hits"], axis=-1)
                          + 0.5 * tf.reduce_mean(vel * weights["vel"], axis=-1))
            loss = tf.nn.compute_average_loss(per_window, global_batch_size=global_batch)
        grads = tape.gradient(loss, model.trainable_variables)
        optimizer.apply_gradients(zip(grads, model.trainable_variables))
        return loss

    @tf.function(input_signature=[spec])     # one trace for 8-bar and 2-bar batches: every worker's
    def step(batch):                          # collectives are the same whichever it draws
        per = strat.run(replica, args=batch)
        return strat.reduce(tf.distribute.ReduceOp.SUM, per, axis=None)
    return step


def train_distributed(shards: str, out: str, options: TrainOptions | None = None, **kw) -> dict | None:
    """Train from shards under `strategy()`; the chief writes drummer.keras/.tflite/.json to `out` and gets
    the card back (other workers: None). A run stopped part way resumes from OUT/.checkpoint."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    opt = options or TrainOptions(**kw)
    keras.utils.set_random_seed(opt.seed)
    t_start = time.time()
    index, workers = worker()
    strat = strategy()
    manifest, stats, val_ex = _read(shards)
    with strat.scope():
        model, config = _compiled_model(opt, None)       # (compiled for the card and the saved model)
        optimizer = keras.optimizers.Adam(opt.lr, clipnorm=1.0)
    # the global batch is the single-process trainer's whatever the replicas: each takes its share of it and
    # the gradients add up, so the loss curve is the one a single process follows
    counts = (stats.windows[BEAT_WINDOW], stats.windows[FILL_WINDOW])
    data = iter(strat.experimental_distribute_dataset(train_dataset(shards, opt.batch, opt.seed, counts)))
    steps = max(1, sum(c // opt.batch for c in counts))
    step = _step_fn(model, optimizer, strat, opt.batch, data.element_spec)
    ckpt, manager = _checkpoint(model, optimizer, out, index)
    first = int(ckpt.epoch.numpy())
    history, stop, t_start = (_resumed(manager.directory, ckpt, opt, t_start, first) if first
                              else ([], EarlyStop(opt, t_start), t_start))
    if opt.verbose:
        print(f"distributed: {strat.num_replicas_in_sync} replica(s), worker {index} of {workers}; "
              f"{stats.sequences} train / {len(val_ex)} validation sequences; {steps} steps an epoch "
              f"({counts[0]} beat and {counts[1]} fill windows)"
              + (f"; resuming after epoch {first}" if first else ""))
    timed = [0, 0.0]         # training steps and their seconds, from the second epoch of this run on (the
    for epoch in range(first, opt.epochs):     # first traces the step)
        t_epoch = time.perf_counter()
        losses = [float(step(next(data))) for _ in range(steps)]
        if epoch > first:
            timed[0], timed[1] = timed[0] + steps, timed[1] + time.perf_counter() - t_epoch
        val, _ = sequence_nll(model, val_ex)
        history.append({"epoch": epoch + 1, "loss": round(float(np.mean(losses)), 4), "val_nll": round(val, 4),
                        "minutes": round((time.time() - t_start) / 60, 2)})
        if opt.verbose:
            print(f"epoch {epoch + 1}/{opt.epochs}: loss {np.mean(losses):.4f}, validation NLL {val:.4f} nats/step")
        done = stop.update(val, model)
        _save_epoch(ckpt, manager, index, history, stop, epoch + 1)
        if done:
            break
    if stop.best_weights is not None:
        model.set_weights(stop.best_weights)
    shutil.rmtree(manager.directory, ignore_errors=True)     # finished: a later run starts afresh
    if index != 0:
        return None
    card = _card(config, opt, shards, sum(manifest.get("rejected", {}).values()), stats, val_ex, stop.best, history,
                 stop.stopped, t_start, model)
    card["training"].update(replicas=int(strat.num_replicas_in_sync), workers=workers,
                            **({"steps_per_second": round(timed[0] / timed[1], 3)} if timed[0] else {}))
    _save(model, config, card, os.path.join(out, "drummer"), opt.export)
    if opt.verbose:
        print(f"best validation NLL {stop.best:.4f} nats/step; wrote {out}/drummer.keras/.tflite/.json "
              f"in {card['training']['minutes']} min ({stop.stopped})")
    return card


def _checkpoint(model, optimizer, out: str, index: int):
    """A tf.train checkpoint of the weights, the optimizer and the epochs done, in OUT/.checkpoint (the
    chief's; the other workers write theirs to a folder of their own, as tf.distribute asks)."""
    import tensorflow as tf
    folder = os.path.join(out, ".checkpoint" if index == 0 else f".checkpoint-worker{index}")
    ckpt = tf.train.Checkpoint(model=model, optimizer=optimizer, epoch=tf.Variable(0, dtype=tf.int64),
                               best=[tf.Variable(w, trainable=False) for w in model.get_weights()])
    manager = tf.train.CheckpointManager(ckpt, folder, max_to_keep=1)
    if manager.latest_checkpoint:
        ckpt.restore(manager.latest_checkpoint)
    return ckpt, manager


STATE = "history.json"     # beside the checkpoint: the epochs so far (written before it, so it never lacks one)


def _save_epoch(ckpt, manager, index: int, history: list, stop, epochs_done: int) -> None:
    """The checkpoint after an epoch: the weights, the optimizer, the epochs done, the best weights so far
    (when this epoch was the best), and the history beside it (written first)."""
    if stop.best_weights is not None and stop.bad == 0:
        for var, w in zip(ckpt.best, stop.best_weights):
            var.assign(w)
    ckpt.epoch.assign(epochs_done)
    _write_state(manager.directory, index, history)
    manager.save()


def _write_state(folder: str, index: int, history: list) -> None:
    from engine.fileio import atomic_write_bytes
    if index == 0:
        os.makedirs(folder, exist_ok=True)
        atomic_write_bytes(os.path.join(folder, STATE), json.dumps(history).encode())


def _resumed(folder: str, ckpt, opt, t_start: float, first: int):
    """A resumed run's history up to its checkpoint's epoch, early stopping replayed over it (the best so far,
    its weights from the checkpoint, the epochs since) and its start time less the minutes it had trained:
    the card and the time cap cover the whole run, not the epochs since the resume."""
    stop = EarlyStop(opt, t_start)
    try:
        with open(os.path.join(folder, STATE), encoding="utf-8") as f:
            history = [h for h in json.load(f) if h["epoch"] <= first]
    except (OSError, ValueError, TypeError, KeyError):     # (a worker's folder: the chief keeps the history)
        return [], stop, t_start
    for h in history:
        stop.note(h["val_nll"])
    if history:
        stop.best_weights = [v.numpy() for v in ckpt.best]
        stop.t_start = t_start - 60 * float(history[-1]["minutes"])
    return history, stop, stop.t_start


def launch_worker(shards: str, out: str, tf_config: dict | None = None, **options):
    """train_distributed in a process of its own (a worker of a cluster when tf_config is given, as TF_CONFIG;
    CPU only): a subprocess.Popen with its stdout and stderr piped. Tests and benches start localhost
    clusters with it."""
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    code = (f"import sys; sys.path.insert(0, {root!r}); from models.distributed import train_distributed; "
            f"train_distributed({str(shards)!r}, {str(out)!r}, **{options!r})")
    env = dict(os.environ, TF_CPP_MIN_LOG_LEVEL="3", CUDA_VISIBLE_DEVICES="")
    env.pop("TF_CONFIG", None)
    if tf_config:
        env["TF_CONFIG"] = json.dumps(tf_config)
    return subprocess.Popen([sys.executable, "-c", code], env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)


def localhost_cluster(n: int) -> list[dict]:
    """TF_CONFIG for n workers on this machine (free ports)."""
    import socket
    socks = [socket.socket() for _ in range(n)]
    for s in socks:
        s.bind(("127.0.0.1", 0))
    cluster = {"worker": [f"localhost:{s.getsockname()[1]}" for s in socks]}
    for s in socks:
        s.close()
    return [{"cluster": cluster, "task": {"type": "worker", "index": i}} for i in range(n)]

