"""A sample of the real Groove MIDI Dataset imports cleanly (bench/bench_import.py times all 1,150)."""
import random

from engine.midi import read_midi


def test_gmd_sample_imports_every_meter(gmd, gmd_rows):
    rng = random.Random(3)
    odd = [r for r in gmd_rows if r["time_signature"] != "4-4"]
    sample = odd + rng.sample([r for r in gmd_rows if r["time_signature"] == "4-4"], 25)
    for row in sample:
        res = read_midi(gmd / row["midi_filename"])
        p, rep = res.pattern, res.report
        num, den = row["time_signature"].split("-")
        assert p.meter == f"{num}/{den}", row["midi_filename"]
        assert abs(p.tempo - float(row["bpm"])) < 1.0
        assert rep.unmapped_total == 0 and rep.notes_read > 0
        assert rep.hits + rep.collided == rep.notes_read - rep.unmapped_total
        assert p.duration_seconds >= float(row["duration"]) - 60.0 / p.tempo * p.bar_quarters


def test_gmd_fold_to_voices_keeps_every_note(gmd, gmd_rows):
    for row in gmd_rows[:10]:
        res = read_midi(gmd / row["midi_filename"], fold="voices")
        assert len(res.pattern.rows) == 9 and res.report.unmapped_total == 0
