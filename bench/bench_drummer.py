"""Drummer speed: 'Continue 4 bars x 4 variations' after a 2-bar seed (median of 30 after warm-up), Fill
(1, 4 and 8 variations), and
'drummer ready' (LiteRT import + model load) in fresh processes. Alternatives measured in the same run:
the same stateful loop through the Keras step model (TensorFlow, eager), and the naive approach of
calling the whole-sequence Keras model once per generated step."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from engine.pattern import Pattern  # noqa: E402
from models.drummer import DEFAULT_DIR, Drummer  # noqa: E402

READY = ("import time; t=time.perf_counter(); import sys; sys.path.insert(0, {root!r}); "
         "from models.drummer import Drummer; d=Drummer({model!r}); print(time.perf_counter()-t)")


def seed_pattern() -> Pattern:
    p = Pattern.empty(bars=2, tempo=100)
    for s in range(0, 32, 2):
        p = p.toggle(2, s, 80)
    for s in (0, 10, 16, 26):
        p = p.toggle(0, s, 110)
    for s in (4, 12, 20, 28):
        p = p.toggle(1, s, 105)
    return p


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--model-dir", default=DEFAULT_DIR)
    ap.add_argument("--data", default=None, help="unused (make bench passes it to every bench)")
    ap.add_argument("--runs", type=int, default=30)
    a = ap.parse_args()

    print_ready(a.model_dir)
    d = Drummer(a.model_dir)
    p = seed_pattern()
    ours = litert_figures(d, p, a.runs)
    keras_figures(a.model_dir, p, ours)
    return 0


def print_ready(model_dir: str) -> None:
    """LiteRT import and model load in a fresh process."""
    ready = []
    for _ in range(5):
        out = subprocess.run([sys.executable, "-c", READY.format(root=ROOT, model=model_dir)],
                             capture_output=True, text=True, check=True)
        ready.append(float(out.stdout.strip().splitlines()[-1]))
    print(f"drummer ready (LiteRT import + load) in a fresh process: median {statistics.median(ready) * 1000:.0f} ms "
          f"over 5 (target <= 1000 ms)")



def litert_figures(d: Drummer, p, runs: int) -> float:
    """Continue (4 bars x 4, 32 bars x 8) and Fill through LiteRT; the median of the first, in seconds."""
    for _ in range(3):
        d.continue_(p, bars=4, variations=4, seed=0)
    times = []
    for i in range(runs):
        t = time.perf_counter()
        d.continue_(p, bars=4, variations=4, seed=i)
        times.append(time.perf_counter() - t)
    ours = statistics.median(times)
    print(f"continue 4 bars x 4 variations (LiteRT stateful loop, groove prior): median "
          f"{ours * 1000:.1f} ms over {runs} (target <= 150 ms)")
    long = []
    for i in range(5):
        t = time.perf_counter()
        d.continue_(p, bars=32 - p.bars, variations=8, seed=i)
        long.append(time.perf_counter() - t)
    print(f"continue to 32 bars x 8 variations: median {statistics.median(long) * 1000:.0f} ms (target <= 300 ms)")
    four = p.resized(4).with_hits(np.tile(p.hits, (1, 2)))
    for variations in (1, 4, 8):   # the takes a drummer keeps, chosen among 16-32 (models.drummer FILL_*)
        fills = []
        for i in range(5):
            t = time.perf_counter()
            d.fill(four, 3, variations=variations, seed=i)
            fills.append(time.perf_counter() - t)
        print(f"fill bar 4 of 4 x {variations} variations: median {statistics.median(fills) * 1000:.0f} ms "
              f"(a worker; target <= 500 ms)")

    return ours


def keras_figures(model_dir: str, p, ours: float) -> None:
    """The same loop through the Keras step model, and a naive whole-sequence predict per step."""
    t0 = time.perf_counter()
    import keras  # noqa: E402
    print(f"(import keras/TensorFlow: {time.perf_counter() - t0:.1f} s)")
    from models.encoding import condition_vector, pattern_to_voices, sequence_inputs
    from models.network import build_step_model
    import json
    card = json.load(open(os.path.join(model_dir, "drummer.json")))
    model = keras.saving.load_model(os.path.join(model_dir, "drummer.keras"), compile=False)
    step = build_step_model(model, card["config"])
    x = np.zeros((4, sequence_inputs(pattern_to_voices(p), 16, condition_vector(0, False, 100, 32)).shape[1]), np.float32)
    st = [np.zeros((4,) + tuple(shape), np.float32) for _, shape in card["state"]]
    step([x] + st)
    keras_times = []
    for _ in range(3):
        t = time.perf_counter()
        s = st
        for _ in range(32 + 64):  # the same number of model steps as the LiteRT loop (seed + 4 bars)
            outs = step([x] + s)
            s = [np.asarray(o) for o in outs[2:]]
        keras_times.append(time.perf_counter() - t)
    kt = statistics.median(keras_times)
    print(f"same loop through the Keras step model (eager TF): median {kt * 1000:.0f} ms; "
          f"LiteRT is {kt / ours:.1f}x faster")

    vel = pattern_to_voices(p)
    seq = np.concatenate([vel, np.zeros((64, 9), np.uint8)])
    xs = sequence_inputs(seq, 16, condition_vector(0, False, 100, len(seq)))[None].repeat(4, 0)
    t = time.perf_counter()
    for k in range(32, 96):
        model.predict(xs[:, :k + 1], verbose=0)
    naive = time.perf_counter() - t
    print(f"naive: whole-sequence model.predict per generated step (64 calls): {naive * 1000:.0f} ms; "
          f"LiteRT is {naive / ours:.0f}x faster")


if __name__ == "__main__":
    sys.exit(main())
