"""Import all of the Groove MIDI Dataset through GrooveLoom's importer and report files/s, the median per
file, and the quantization report totals. Baseline in the same run: mido.MidiFile parsing alone."""
from __future__ import annotations

import argparse
import csv
import os
import statistics
import sys
import time
from collections import Counter

sys.path.insert(0, os.path.join(os.path.dirname(__file__), ".."))
import mido  # noqa: E402

from engine.midi import read_midi  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(os.path.dirname(__file__), "..", "..", "shared", "datasets", "groove"))
    ap.add_argument("--grid", type=int, default=16)
    a = ap.parse_args()
    with open(os.path.join(a.data, "info.csv"), newline="") as f:
        files = [os.path.join(a.data, r["midi_filename"]) for r in csv.DictReader(f)]
    parse_t, import_t = [], []
    totals, remapped, meters, errors = Counter(), Counter(), Counter(), []
    for path in files:
        t0 = time.perf_counter()
        mido.MidiFile(path, clip=True)
        t1 = time.perf_counter()
        try:
            res = read_midi(path, grid=a.grid)
        except Exception as exc:  # noqa: BLE001 - a bench reports every failure
            errors.append(f"{path}: {exc}")
            continue
        t2 = time.perf_counter()
        parse_t.append(t1 - t0)
        import_t.append(t2 - t1)
        r = res.report
        totals.update(notes=r.notes_read, hits=r.hits, moved=r.moved, collided=r.collided,
                      unmapped=r.unmapped_total, remapped=r.remapped_total, tempo_changes=r.tempo_changes,
                      meter_changes=r.meter_changes, bars=res.pattern.bars)
        remapped.update({f"{k[0]}->{k[1]}": v for k, v in r.remapped.items()})
        meters[res.pattern.meter] += 1
    n = len(import_t)
    total = sum(import_t)
    print(f"files: {len(files)} imported: {n} errors: {len(errors)}")
    for e in errors[:10]:
        print("  ", e)
    print(f"import (parse + quantize, grid {a.grid}): {total:.2f} s total, {n / total:.0f} files/s, "
          f"median {statistics.median(import_t) * 1000:.2f} ms/file, "
          f"slowest {max(import_t) * 1000:.0f} ms")
    print(f"baseline mido.MidiFile parse only: {sum(parse_t):.2f} s total, median "
          f"{statistics.median(parse_t) * 1000:.2f} ms/file; import/parse ratio (totals) {total / sum(parse_t):.2f}")
    print(f"meters: {dict(meters)}")
    print("quantization totals: " + ", ".join(f"{k} {v}" for k, v in totals.items()))
    print(f"  moved share {totals['moved'] / max(1, totals['notes']):.1%}, collided share "
          f"{totals['collided'] / max(1, totals['notes']):.2%}")
    print("  folded notes: " + ", ".join(f"{k} x{v}" for k, v in remapped.most_common()))
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
