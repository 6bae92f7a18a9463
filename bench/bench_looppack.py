"""Loop packs at scale: builds a 5,000-file pack from real GMD grooves (2-bar kit loops on channel 10, and
single-part loops named like pack files - '01_Kick', 'Trap Hat Roll 2', 'snr-ghost_b' - written as type 0 on
channel 1 on foreign notes without tempo or meter), then times the scan (target: under a minute) and the
recombination. Baseline in the same run: mido parsing the same files alone. Then the other generator's pack
(tests/packs.big_pack: one-bar kit loops at 360 PPQ, 32 steps of 120 ticks written 3 times,
velocity 127): target 500 new loops from 5,000 files in under 60 s, scan included."""
from __future__ import annotations

import argparse
import csv
import os
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import mido  # noqa: E402
import numpy as np  # noqa: E402

from engine.looppack import recombine, scan_pack  # noqa: E402
from engine.midi import read_midi, write_midi  # noqa: E402

PART_NAMES = {36: ["{i:02d}_Kick", "KIK {i}", "bd-loop_{i}"], 38: ["snr-ghost_{i}", "Snare {i}", "SD_{i}"],
              42: ["Trap Hat Roll {i}", "hh_{i}", "HiHat-{i}"], 51: ["Ride {i}"], 46: ["OH_{i}"]}
FOREIGN = {36: 24, 38: 61, 42: 62, 51: 70, 46: 63}


def build(data: str, out: str, n_files: int) -> int:
    with open(os.path.join(data, "info.csv")) as f:
        rows = [r for r in csv.DictReader(f) if r["split"] == "train" and r["time_signature"] == "4-4"
                and r["beat_type"] == "beat"]
    count, i = 0, 0
    while count < n_files:
        r = rows[i % len(rows)]
        i += 1
        p = read_midi(os.path.join(data, r["midi_filename"])).pattern
        for start in range(0, p.bars - 2, 4):
            if count >= n_files:
                break
            seg = p.with_hits(p.hits[:, start * 16:(start + 2) * 16]) if p.bars >= 2 else p
            if seg.total_hits < 8:
                continue
            write_midi(seg, os.path.join(out, f"groove_{count:05d}.mid"))
            count += 1
            for note, names in PART_NAMES.items():
                ri = seg.row_index(note)
                if ri is None or count >= n_files or not seg.hits[ri].any():
                    continue
                mid = mido.MidiFile(type=0, ticks_per_beat=96)
                tr = mido.MidiTrack()
                last = 0
                for s in np.flatnonzero(seg.hits[ri]):
                    t = int(s) * 24
                    tr.append(mido.Message("note_on", channel=0, note=FOREIGN[note], velocity=int(seg.hits[ri, s]), time=t - last))
                    tr.append(mido.Message("note_off", channel=0, note=FOREIGN[note], velocity=0, time=12))
                    last = t + 12
                tr.append(mido.MetaMessage("end_of_track", time=2 * 16 * 24 - last))
                mid.tracks.append(tr)
                name = names[count % len(names)].format(i=count)
                mid.save(os.path.join(out, f"{name}.mid"))
                count += 1
    return count


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets", "groove"))
    ap.add_argument("--files", type=int, default=5000)
    ap.add_argument("-n", type=int, default=500)
    ap.add_argument("--kind", choices=("gmd", "generator", "both"), default="both")
    a = ap.parse_args()
    if a.kind in ("gmd", "both"):
        _gmd(a)
    if a.kind in ("generator", "both"):
        _generator(a)
    return 0


def _generator(a) -> None:
    sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
    from packs import big_pack
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        big_pack(tmp, a.files)
        print(f"\nbuilt another generator's pack of {a.files} repeated-bar kit loops in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        res = scan_pack(tmp)
        scan = time.perf_counter() - t
        steps = sum(l.meter_source == "steps" for l in res.loops)
        aug = recombine(res.loops, a.n, seed=0)
        total = time.perf_counter() - t
        print(f"scan {scan:.1f} s ({res.files / scan:.0f} files/s), {len(res.loops)} loops ({steps} read as 16ths, "
              f"bars {dict(sorted(__import__('collections').Counter(l.bars for l in res.loops).items()))}); "
              f"recombine {a.n}: {len(aug.loops)} kept from {aug.attempts} attempts, filters {dict(aug.filtered)}; "
              f"total {total:.1f} s (target < 60 s)")


def _gmd(a) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        t = time.perf_counter()
        n = build(a.data, tmp, a.files)
        print(f"built a pack of {n} files from GMD grooves in {time.perf_counter() - t:.1f} s")
        t = time.perf_counter()
        for f in os.listdir(tmp):
            mido.MidiFile(os.path.join(tmp, f), clip=True)
        parse = time.perf_counter() - t
        t = time.perf_counter()
        res = scan_pack(tmp)
        scan = time.perf_counter() - t
        roles = dict(sorted(res.roles().items()))
        print(f"scan + normalize: {scan:.1f} s for {res.files} files ({res.files / scan:.0f} files/s; target < 60 s); "
              f"mido parse alone {parse:.1f} s (ratio {scan / parse:.2f}); skipped {len(res.skipped)}; roles {roles}")
        t = time.perf_counter()
        aug = recombine(res.loops, a.n, seed=0)
        rec = time.perf_counter() - t
        print(f"recombine {a.n}: {len(aug.loops)} kept in {rec:.1f} s from {aug.attempts} attempts; dropped "
              f"{aug.duplicates} duplicates (rotations included), filters {dict(aug.filtered)}")


if __name__ == "__main__":
    sys.exit(main())
