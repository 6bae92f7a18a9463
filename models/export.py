"""Export the trained Keras drummer to a LiteRT (.tflite) single-step model with explicit state,
so the app samples without TensorFlow (import 0.2 s instead of 5 s). Route: Keras step model ->
keras.export.ExportArchive (SavedModel) -> TFLiteConverter.from_saved_model (from_concrete_functions
silently drops the weights; see ../shared/DESIGN.md)."""
from __future__ import annotations

import os
import tempfile


def export_tflite(model, config: dict, path: str) -> int:
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    import keras
    import tensorflow as tf

    from .encoding import N_FEATURES
    from .network import build_step_model, state_spec

    step = build_step_model(model, config)
    sig = [tf.TensorSpec((None, N_FEATURES), tf.float32, name="x")]
    sig += [tf.TensorSpec((None,) + shape, tf.float32, name=name) for name, shape in state_spec(config)]
    with tempfile.TemporaryDirectory() as tmp:
        archive = keras.export.ExportArchive()
        archive.track(step)
        archive.add_endpoint("serve", lambda *args: step(list(args), training=False), input_signature=sig)
        archive.write_out(tmp, verbose=False)
        conv = tf.lite.TFLiteConverter.from_saved_model(tmp, signature_keys=["serve"])
        conv.target_spec.supported_ops = [tf.lite.OpsSet.TFLITE_BUILTINS]
        blob = conv.convert()
    if len(blob) < 3.5 * model.count_params():  # float32 weights: ~4 bytes per parameter
        raise RuntimeError(f"LiteRT export is only {len(blob)} bytes for {model.count_params()} parameters: "
                           f"the weights were lost")
    tmp_path = path + ".tmp"
    with open(tmp_path, "wb") as f:
        f.write(blob)
    os.replace(tmp_path, path)
    return len(blob)
