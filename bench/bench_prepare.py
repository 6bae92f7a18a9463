"""`prepare` (the Apache Beam pipeline, issue 34) against the single-process path, in the same run:

- GMD (1,150 files): models.corpus.prepare_local in one process, then `main.py prepare` with the
  DirectRunner on 1 and on 2 worker processes. Wall time, files per second, the ratio against the single
  process, and the peak resident memory of the largest process.
- --synthetic N: a corpus of N files made from GMD's (each re-timed, cut to start on another bar and moved
  to another kit's notes for the same drums), prepared on 2 workers: wall time and peak memory, to show
  memory stays bounded as the corpus grows (files are read one at a time, never the corpus at once).

Each figure is the median of --rounds runs (1 by default: a run of GMD is a minute). This machine: 2 cores."""
from __future__ import annotations

import argparse
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)

# the same drum on another kit's note (the 9 voices fold them together again)
KIT_MOVES = ({36: 35, 38: 40, 42: 44, 51: 59, 49: 57}, {36: 36, 38: 37, 42: 42, 46: 26, 45: 41})


_MEASURE = ("import resource, subprocess, sys; r = subprocess.run(sys.argv[1:]); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss); sys.exit(r.returncode)")


def timed_cli(*args) -> tuple[float, float]:
    """(seconds, peak MB of its largest process) of `main.py ARGS`, in a fresh process of its own."""
    t = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", _MEASURE, sys.executable, os.path.join(ROOT, "main.py"), *args],
                       capture_output=True, text=True)
    if r.returncode:
        raise SystemExit(f"prepare failed: {r.stderr[-2000:]}")
    return time.perf_counter() - t, int(r.stdout.split()[-1]) / 1024


def local(data: str) -> tuple[float, int]:
    code = (f"import sys; sys.path.insert(0, {ROOT!r}); from models.corpus import prepare_local; "
            f"ex, _ = prepare_local({data!r}); print(len(ex))")
    t = time.perf_counter()
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    return time.perf_counter() - t, int(out.split()[-1])


def synthetic(data: str, n: int, out: str, seed: int = 0) -> None:
    """N files made from GMD's: tempo x0.8-1.25, the first 0-3 bars cut, notes moved to another kit."""
    import mido

    from models.corpus import sources
    rng = random.Random(seed)
    srcs = [s for s in sources(data) if s.meter == "4-4"]
    for i in range(n):
        src = srcs[i % len(srcs)]
        mid = mido.MidiFile(os.path.join(data, src.path))
        cut = rng.randrange(4) * 4 * mid.ticks_per_beat
        moves = KIT_MOVES[i % len(KIT_MOVES)]
        scale = rng.uniform(0.8, 1.25)
        for track in mid.tracks:
            t, kept, last = 0, [], 0
            for msg in track:
                t += msg.time
                if msg.type == "set_tempo":
                    msg = msg.copy(tempo=int(msg.tempo / scale))
                if msg.type in ("note_on", "note_off"):
                    if t < cut:
                        continue
                    msg = msg.copy(note=moves.get(msg.note, msg.note))
                at = max(t - cut, 0)
                kept.append(msg.copy(time=at - last))
                last = at
            track[:] = kept
        folder = os.path.join(out, f"{i // 1000:03d}")
        os.makedirs(folder, exist_ok=True)
        mid.save(os.path.join(folder, f"{i:06d}.mid"))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets", "groove"))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--synthetic", type=int, default=0, help="also prepare a corpus of N files made from GMD's")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-prepare-")
    try:
        single = [local(args.data) for _ in range(args.rounds)]
        base = statistics.median(s for s, _ in single)
        files = sum(1 for _ in __import__("models.corpus", fromlist=["sources"]).sources(args.data))
        print(f"GMD, {files:,} files, {os.cpu_count()} cores")
        print(f"  single process (corpus.prepare_local): {base:7.1f} s  {files / base:6.1f} files/s  "
              f"{single[0][1]:,} examples")
        for workers in (1, 2):
            runs = [timed_cli("prepare", args.data, "-o", os.path.join(tmp, f"w{workers}"), "--workers", str(workers))
                    for _ in range(args.rounds)]
            sec = statistics.median(s for s, _ in runs)
            print(f"  prepare, DirectRunner, {workers} worker(s): {sec:7.1f} s  {files / sec:6.1f} files/s  "
                  f"{sec / base:.2f}x the single process  {1000 * sec / files:.0f} ms/file  "
                  f"peak {max(m for _, m in runs):.0f} MB (largest process)")
        if args.synthetic:
            corpus = os.path.join(tmp, "synthetic")
            t = time.perf_counter()
            synthetic(args.data, args.synthetic, corpus)
            print(f"synthetic corpus: {args.synthetic:,} files made in {time.perf_counter() - t:.0f} s")
            sec, mb = timed_cli("prepare", corpus, "-o", os.path.join(tmp, "syn"), "--workers", "2")
            print(f"  prepare, DirectRunner, 2 workers: {sec:7.1f} s  {args.synthetic / sec:6.1f} files/s  "
                  f"{1000 * sec / args.synthetic:.0f} ms/file  peak {mb:.0f} MB (largest process)")
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
