"""TFRecord shards of training examples: what `prepare` writes and `train --shards` reads.

Each record is a tf.train.Example with the features in FEATURES. The writer builds the protobuf bytes
itself (a few lines of wire format), so `prepare` and its Beam workers need no TensorFlow; the reader is
tf.data (files interleaved, records parsed in parallel, shuffled, prefetched) and checks every field.
Files: SHARDS/{train,validation,test}-NNNNN-of-MMMMM.tfrecord and SHARDS/manifest.json.
"""
from __future__ import annotations

import glob
import json
import os
import struct

import numpy as np

from engine.errors import GrooveLoomError

from .data import Example
from .encoding import N_VOICES

SUFFIX = ".tfrecord"
MANIFEST = "manifest.json"
# name -> (kind, what): bytes_list, int64_list or float_list, one value each
FEATURES = {"name": "bytes", "source": "bytes", "split": "bytes", "hash": "bytes", "vel": "bytes",
            "steps": "int64", "style": "int64", "fill": "int64", "tempo": "float"}


def _varint(n: int) -> bytes:
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        out.append(b | (0x80 if n else 0))
        if not n:
            return bytes(out)


def _field(number: int, payload: bytes) -> bytes:
    """A length-delimited protobuf field."""
    return _varint(number << 3 | 2) + _varint(len(payload)) + payload


def _feature(kind: str, value) -> bytes:
    if kind == "bytes":
        return _field(1, _field(1, value))                        # Feature.bytes_list{value}
    if kind == "float":
        return _field(2, _field(1, struct.pack("<f", value)))     # Feature.float_list{packed value}
    return _field(3, _field(1, _varint(int(value))))              # Feature.int64_list{packed value}


def record_bytes(e: Example, pattern_hash: str) -> bytes:
    """The serialized tf.train.Example of one training example."""
    vel = np.ascontiguousarray(e.vel, np.uint8)
    values = {"name": e.name.encode("utf-8", "surrogateescape"), "source": e.source.encode("utf-8", "surrogateescape"),
              "split": e.split.encode(), "hash": pattern_hash.encode(), "vel": vel.tobytes(), "steps": len(vel),
              "style": e.style, "fill": int(e.fill), "tempo": e.tempo}
    entries = b"".join(_field(1, _field(1, k.encode()) + _field(2, _feature(FEATURES[k], values[k])))
                       for k in sorted(FEATURES))
    return _field(1, entries)                                       # Example.features{feature map}


def shard_files(shards: str, split: str) -> list[str]:
    return sorted(glob.glob(os.path.join(shards, f"{split}-*{SUFFIX}")))


def read_manifest(shards: str) -> dict:
    path = os.path.join(shards, MANIFEST)
    try:
        with open(path, encoding="utf-8") as f:
            return json.load(f)
    except FileNotFoundError:
        raise GrooveLoomError("no manifest.json: not a folder `prepare` wrote", shards) from None
    except (OSError, ValueError) as exc:
        raise GrooveLoomError(f"manifest.json cannot be read: {exc}", path) from None


def dataset(shards: str, split: str, *, shuffle: bool = False, seed: int = 0, buffer: int = 4096):
    """tf.data records of one split: files interleaved (in a seeded order when shuffling), parsed in parallel,
    shuffled in a buffer of `buffer` examples, prefetched. Elements: dicts of FEATURES' tensors."""
    import tensorflow as tf
    files = shard_files(shards, split)
    if not files:
        raise GrooveLoomError(f"no {split} shards ({split}-*{SUFFIX})", shards)
    spec = {k: tf.io.FixedLenFeature([], {"bytes": tf.string, "int64": tf.int64, "float": tf.float32}[kind])
            for k, kind in FEATURES.items()}
    ds = tf.data.Dataset.from_tensor_slices(files)
    if shuffle:
        ds = ds.shuffle(len(files), seed=seed, reshuffle_each_iteration=True)
    ds = ds.interleave(tf.data.TFRecordDataset, cycle_length=min(4, len(files)),
                       num_parallel_calls=tf.data.AUTOTUNE, deterministic=not shuffle)
    ds = ds.map(lambda r: tf.io.parse_single_example(r, spec), num_parallel_calls=tf.data.AUTOTUNE,
                deterministic=not shuffle)
    if shuffle:
        ds = ds.shuffle(buffer, seed=seed, reshuffle_each_iteration=True)
    return ds.prefetch(tf.data.AUTOTUNE)


def to_example(rec: dict) -> tuple[Example, str]:
    """A parsed record (numpy values) as the trainer's Example and its pattern hash."""
    steps = int(rec["steps"])
    vel = np.frombuffer(rec["vel"], np.uint8)
    if vel.size != steps * N_VOICES:
        raise GrooveLoomError(f"a record of {vel.size} velocities for {steps} steps of {N_VOICES} voices",
                              rec["name"].decode("utf-8", "replace"))
    name = rec["name"].decode("utf-8", "surrogateescape")
    return (Example(name, vel.reshape(steps, N_VOICES).copy(), int(rec["style"]), bool(rec["fill"]),
                    float(rec["tempo"]), rec["split"].decode(), rec["source"].decode("utf-8", "surrogateescape")),
            rec["hash"].decode())


def read_split(shards: str, split: str) -> list[tuple[Example, str]]:
    """Every record of a split through tf.data, in path order: [(example, hash)]."""
    got = [to_example(r) for r in dataset(shards, split).as_numpy_iterator()]
    return sorted(got, key=lambda eh: eh[0].name)
