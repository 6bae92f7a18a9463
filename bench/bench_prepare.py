"""`prepare` (the Apache Beam pipeline, issue 34) against the single-process path, in the same run:

- GMD (1,150 files): models.corpus.prepare_local in one process, then `main.py prepare` with the
  DirectRunner on 1 and on 2 worker processes. Wall time, files per second, the ratio against the single
  process, and the peak resident memory of the largest process.
- --train: `train --shards` steps per second on shards of --train-limit GMD files, the drummer's own network
  (LSTM 2 x 256, global batch 32), with 1 worker process and with 2 (MultiWorkerMirroredStrategy on
  localhost, TF_CONFIG), side by side: the steps of the epochs after the first, as the card records them.
- --synthetic N: a corpus of N files made from GMD's (each re-timed, cut to start on another bar and moved
  to another kit's notes for the same drums), prepared on 2 workers: wall time and peak memory, to show
  memory stays bounded as the corpus grows (files are read one at a time, never the corpus at once).

Each figure is the median of --rounds runs (1 by default: a run of GMD is a minute). This machine: 2 cores."""
from __future__ import annotations

import argparse
import json
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

from engine.midi.write import _varint  # noqa: E402  (a delta time's bytes, as GrooveLoom's export writes them)

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


def _events(path: str) -> tuple[int, list]:
    """A MIDI file as (ticks per beat, per track [(absolute tick, kind, payload)]): kind 'note' (status,
    note, velocity), 'tempo' (microseconds a beat) or 'raw' (the event's bytes, as they are)."""
    import mido
    mid = mido.MidiFile(path)
    tracks = []
    for track in mid.tracks:
        t, events = 0, []
        for msg in track:
            t += msg.time
            if msg.type in ("note_on", "note_off"):
                events.append((t, "note", (msg.bytes()[0], msg.note, msg.velocity)))
            elif msg.type == "set_tempo":
                events.append((t, "tempo", msg.tempo))
            elif msg.type == "sysex":      # (a file holds F0, the length, the data, F7: not the wire's bytes)
                events.append((t, "raw", b"\xf0" + _varint(len(msg.data) + 1) + bytes(msg.data) + b"\xf7"))
            elif msg.type != "end_of_track":
                events.append((t, "raw", bytes(msg.bin() if msg.is_meta else msg.bytes())))
        tracks.append(events)
    return mid.ticks_per_beat, tracks


def synthetic(data: str, n: int, out: str, seed: int = 0) -> None:
    """N files made from GMD's: tempo x0.8-1.25, the first 0-3 bars cut, notes moved to another kit. Each
    source is parsed once (mido) and every file written as bytes (2,000 files through mido's copy and save
    took 145 s)."""
    from models.corpus import sources
    rng = random.Random(seed)
    srcs = [s for s in sources(data) if s.meter == "4-4"]
    parsed: dict[str, tuple] = {}
    for i in range(n):
        src = srcs[i % len(srcs)]
        if src.path not in parsed:
            parsed[src.path] = _events(os.path.join(data, src.path))
        tpb, tracks = parsed[src.path]
        cut = rng.randrange(4) * 4 * tpb
        moves = KIT_MOVES[i % len(KIT_MOVES)]
        scale = rng.uniform(0.8, 1.25)
        chunks = []
        for events in tracks:
            body, last = bytearray(), 0
            for t, kind, payload in events:
                if kind == "note":
                    if t < cut:
                        continue
                    status, note, vel = payload
                    raw = bytes((status, moves.get(note, note), vel))
                elif kind == "tempo":
                    raw = b"\xff\x51\x03" + int(payload / scale).to_bytes(3, "big")
                else:
                    raw = payload
                at = max(t - cut, 0)
                body += _varint(at - last) + raw
                last = at
            body += b"\x00\xff\x2f\x00"
            chunks.append(b"MTrk" + len(body).to_bytes(4, "big") + bytes(body))
        folder = os.path.join(out, f"{i // 1000:03d}")
        os.makedirs(folder, exist_ok=True)
        with open(os.path.join(folder, f"{i:06d}.mid"), "wb") as f:
            f.write(b"MThd" + (6).to_bytes(4, "big") + (1).to_bytes(2, "big") + len(chunks).to_bytes(2, "big")
                    + tpb.to_bytes(2, "big") + b"".join(chunks))


def train_rows(data: str, tmp: str, limit: int, epochs: int = 3) -> None:
    from models.distributed import launch_worker, localhost_cluster
    shards = os.path.join(tmp, "train-shards")
    timed_cli("prepare", data, "-o", shards, "--limit", str(limit), "--workers", "2")
    options = dict(epochs=epochs, patience=50, max_minutes=120, verbose=0, export=False)
    rates = {}
    for workers in (1, 2):
        outs = [os.path.join(tmp, f"train{workers}-{i}") for i in range(workers)]
        configs = localhost_cluster(workers) if workers > 1 else [None]
        t = time.perf_counter()
        procs = [launch_worker(shards, out, cfg, **options) for out, cfg in zip(outs, configs)]
        for p in procs:
            _out, err = p.communicate()
            if p.returncode:
                raise SystemExit(f"train --shards failed: {err[-2000:]}")
        with open(os.path.join(outs[0], "drummer.json")) as f:
            training = json.load(f)["training"]
        rates[workers] = training["steps_per_second"]
        print(f"  train --shards, {workers} worker process(es), {training['replicas']} replica(s): "
              f"{rates[workers]:.3f} steps/s ({32 * rates[workers]:.1f} windows/s), {epochs} epochs in "
              f"{time.perf_counter() - t:.0f} s" + (f"; {rates[2] / rates[1]:.2f}x one worker" if workers == 2 else ""))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets", "groove"))
    ap.add_argument("--rounds", type=int, default=1)
    ap.add_argument("--synthetic", type=int, default=0, help="also prepare a corpus of N files made from GMD's")
    ap.add_argument("--train", action="store_true", help="train --shards steps/s with 1 and 2 workers")
    ap.add_argument("--train-limit", type=int, default=150, help="the first N GMD files make --train's shards")
    ap.add_argument("--skip-prepare", action="store_true", help="only the --train figures")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="bench-prepare-")
    try:
        if args.train:
            print(f"training, {os.cpu_count()} cores")
            train_rows(args.data, tmp, args.train_limit)
        if args.skip_prepare:
            return
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
