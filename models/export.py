"""Export trained Keras models to LiteRT (.tflite), so the app runs them without TensorFlow (import 0.2 s
instead of 5 s): the drummer as a single-step model with explicit state, the feel model and the beat map's
encoder, decoder and map as plain one-input models. Route: keras.export.ExportArchive (SavedModel) ->
TFLiteConverter.from_saved_model (from_concrete_functions silently drops the weights; see
../shared/DESIGN.md)."""
from __future__ import annotations

import os
import tempfile


def convert(model, call, signature, params: int) -> bytes:
    """LiteRT bytes of `call` (a function of the signature's tensors) over the tracked `model`, checked to
    hold the weights (float32: about 4 bytes per parameter)."""
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf
    with tempfile.TemporaryDirectory() as tmp:
        archive = keras.export.ExportArchive()
        archive.track(model)
        archive.add_endpoint("serve", call, input_signature=signature)
        archive.write_out(tmp, verbose=False)
        conv = tf.lite.TFLiteConverter.from_saved_model(tmp, signature_keys=["serve"])
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
        blob = conv.convert()
    if len(blob) < 3.5 * params:
        raise RuntimeError(f"LiteRT export is only {len(blob)} bytes for {params} parameters: the weights were lost")
    return blob


def export_one_input(model, shape: tuple, path: str, name: str = "x") -> int:
    """A one-input Keras model as LiteRT at `path` (written atomically): input `name` of (None,) + shape."""
    import tensorflow as tf
    from engine.fileio import atomic_write_bytes
    sig = [tf.TensorSpec((None,) + tuple(shape), tf.float32, name=name)]
    blob = convert(model, lambda x: model(x, training=False), sig, model.count_params())
    atomic_write_bytes(path, blob)
    return len(blob)


def export_tflite(model, config: dict, path: str) -> int:
    """The drummer: one step (features + state in, probabilities + state out)."""
    import tensorflow as tf
    from engine.fileio import atomic_write_bytes

    from .encoding import N_FEATURES
    from .network import build_step_model, state_spec

    step = build_step_model(model, config)
    sig = [tf.TensorSpec((None, N_FEATURES), tf.float32, name="x")]
    sig += [tf.TensorSpec((None,) + shape, tf.float32, name=name) for name, shape in state_spec(config)]
    blob = convert(step, lambda *args: step(list(args), training=False), sig, model.count_params())
    atomic_write_bytes(path, blob)
    return len(blob)
