"""Drumify: a beat on the rhythm of another part.

1. Ten GMD test performances give ten rhythms (their kick + snare onsets, bars 2-5: bass-like rhythms a
   drummer really played). For each knob setting: the share of onsets that carry a kick, snare or hat
   (target >= 95%), the share of the other steps that get hits, and how often the beat's kick falls where
   the drummer's kick was (the rhythm is followed, not just covered).
2. A part as a DAW writes it (type 1, 960 PPQ, a tempo track, a syncopated bass on channel 2 with a program
   change and note lengths, chord stabs on channel 3): drumified from the command line and printed as a
   grid under the bass rhythm, for a musician to judge.
3. Real third-party parts (--part FILE:CHANNEL, any number; e.g. the Mozart serenade K.525 sequence that the
   music21 package ships as music21/omr/k525MIDIMvt1.mid, its contrabass on channel 5): the same figures, and
   the first 4 bars printed under the part.
4. Speed: ms per 4 bars (median), against Generate of the same 4 bars (the same sampler, unconstrained).
"""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import mido  # noqa: E402
import numpy as np  # noqa: E402

from engine.midi import part_onsets, read_midi  # noqa: E402
from models.drumify import drumify_figures  # noqa: E402
from models.drummer import DEFAULT_DIR, Drummer  # noqa: E402
from models.performances import load_performances  # noqa: E402

EXTRAS = (0.0, 0.02, 0.05, 0.15)


def gmd_rhythms(data: str, n: int = 10):
    """(name, onsets over 4 bars, the drummer's kick steps, tempo) from the first n test performances."""
    out = []
    for perf in load_performances(data, ("test",)):
        if len(perf.vel) < 80:
            continue
        v = perf.vel[16:80]
        onsets = (v[:, :2] > 0).any(axis=1)
        if onsets.sum() >= 8:
            out.append((perf.name, onsets, v[:, 0] > 0, perf.tempo))
        if len(out) == n:
            break
    return out


def daw_part(path: str) -> None:
    """A funk bass (channel 2) and chord stabs (channel 3) over 2 bars at 96 BPM, the way a DAW writes them."""
    ppq = 960
    s = ppq // 4   # a 16th
    mid = mido.MidiFile(type=1, ticks_per_beat=ppq)
    tempo = mido.MidiTrack([mido.MetaMessage("track_name", name="Tempo"),
                            mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(96)),
                            mido.MetaMessage("time_signature", numerator=4, denominator=4)])
    mid.tracks.append(tempo)
    bass = [(0, 2, 40), (3, 1, 40), (6, 1, 52), (7, 2, 43), (10, 1, 45), (12, 2, 40), (14, 1, 38),
            (16, 2, 40), (19, 1, 40), (22, 1, 52), (24, 1, 43), (26, 1, 45), (27, 1, 47), (30, 2, 38)]
    chords = [(4, 1, (64, 67, 71)), (12, 1, (64, 67, 71)), (20, 1, (62, 66, 69)), (28, 1, (62, 66, 69))]
    for name, ch, program, notes in (("Bass", 1, 33, [(a, b, (n,)) for a, b, n in bass]), ("Keys", 2, 4, chords)):
        ev = []
        for start, length, pitches in notes:
            for p in pitches:
                ev += [(start * s, 1, mido.Message("note_on", channel=ch, note=p, velocity=96)),
                       (start * s + length * s - 30, 0, mido.Message("note_off", channel=ch, note=p, velocity=64))]
        ev.sort(key=lambda e: (e[0], e[1]))
        tr = mido.MidiTrack([mido.MetaMessage("track_name", name=name), mido.Message("program_change", channel=ch, program=program)])
        last = 0
        for t, _, m in ev:
            tr.append(m.copy(time=t - last))
            last = t
        tr.append(mido.MetaMessage("end_of_track", time=32 * s - last))
        mid.tracks.append(tr)
    mid.save(path)


def grid(rows: dict[str, np.ndarray]) -> list[str]:
    width = max(map(len, rows))
    lines = []
    for name, on in rows.items():
        cells = "".join(("x" if o else ".") + (" " if (i + 1) % 16 == 0 else "") for i, o in enumerate(on))
        lines.append(f"  {name:<{width}} |{cells}")
    return lines


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets", "groove"))
    ap.add_argument("--model-dir", default=DEFAULT_DIR)
    ap.add_argument("--runs", type=int, default=20)
    ap.add_argument("--part", action="append", default=[], metavar="FILE:CHANNEL",
                    help="a real MIDI file's part to drumify too (channel 1-16; omitted: the busiest non-drum one)")
    a = ap.parse_args()
    d = Drummer(a.model_dir)

    rhythms = gmd_rhythms(a.data)
    gmd_figures(d, rhythms)
    if daw_file(a.model_dir):
        return 1
    for spec in a.part:
        real_part(d, spec)
    speed(d, rhythms[0][1], a.runs)
    return 0


def gmd_figures(d: Drummer, rhythms) -> None:
    """1. Drumify on GMD test rhythms: coverage of the onsets and extra hits, with and without hats."""
    print(f"1. {len(rhythms)} rhythms from GMD test performances (kick + snare onsets, bars 2-5), style funk, 4 "
          f"seeds each")
    for hats in (True, False):
        print(f"   {'hats and ride keep time between the onsets (default)' if hats else '--no-hats'}:")
        for extra in EXTRAS:
            tot = dict.fromkeys(("onsets", "covered", "kick_or_snare", "steps_off", "extra", "time"), 0)
            kick_same = kick_n = 0
            for k, (_, onsets, kicks, tempo) in enumerate(rhythms):
                for seed in range(4):
                    p = d.drumify(onsets, "funk", tempo, extra=extra, seed=100 * k + seed, hats=hats)[0].pattern
                    for key, n in drumify_figures(p, onsets).items():
                        tot[key] += n
                    kick_same += int((p.to_voices()[:, 0] > 0)[kicks].sum())
                    kick_n += int(kicks.sum())
            print(f"   extra {extra:4.2f}: onsets with a kick, snare or hat {tot['covered'] / tot['onsets']:6.1%} "
                  f"(target >= 95%), with a kick or snare {tot['kick_or_snare'] / tot['onsets']:5.1%}; other steps "
                  f"with extra hits {tot['extra'] / tot['steps_off']:5.1%}, with hats/ride alone "
                  f"{tot['time'] / tot['steps_off']:5.1%}; the drummer's kicks kept as kicks {kick_same / kick_n:5.1%}")


def daw_file(model_dir: str) -> int:
    """2. The CLI on a DAW-written file (bass on channel 2, chord stabs on 3): 1 where it failed."""
    with tempfile.TemporaryDirectory() as tmp:
        src, out = os.path.join(tmp, "groove.mid"), os.path.join(tmp, "drums.mid")
        daw_part(src)
        for channel in (None, 3):
            part = part_onsets(src, channel)
            onsets, ch = part.onsets, part.channel
            cmd = [sys.executable, os.path.join(ROOT, "main.py"), "drumify", src, "-o", out, "--style", "funk",
                   "--seed", "7", "--model-dir", model_dir] + (["--channel", str(channel)] if channel else [])
            r = subprocess.run(cmd, capture_output=True, text=True)
            if r.returncode:
                print(r.stderr.strip())
                return 1
            print(f"2. a DAW-written file (bass on channel 2, chord stabs on 3), channel {ch}: {r.stdout.strip()}")
            p = read_midi(out).pattern
            rows = {f"part (ch {ch})": onsets}
            rows.update({row.name: p.hits[i] > 0 for i, row in enumerate(p.rows) if p.hits[i].any()})
            print("\n".join(grid(rows)))
    return 0


def real_part(d: Drummer, spec: str) -> None:
    """3. A real MIDI file's part (FILE:CHANNEL)."""
    path, _, channel = spec.rpartition(":") if spec.rpartition(":")[2].isdigit() else (spec, "", "")
    part = part_onsets(path, int(channel) if channel else None)
    onsets, tempo, ch = part.onsets, part.tempo, part.channel
    tot = dict.fromkeys(("onsets", "covered", "kick_or_snare", "steps_off", "extra", "time"), 0)
    for seed in range(4):
        p = d.drumify(onsets, "rock", tempo, seed=seed)[0].pattern
        for key, n in drumify_figures(p, onsets).items():
            tot[key] += n
    print(f"3. {os.path.basename(path)} channel {ch}: {len(onsets) // 16} bars at {tempo:g} BPM, {int(onsets.sum())} "
          f"onsets, style rock, 4 seeds: onsets with a kick, snare or hat {tot['covered'] / tot['onsets']:.1%} "
          f"(with a kick or snare {tot['kick_or_snare'] / tot['onsets']:.1%}); other steps with extra hits "
          f"{tot['extra'] / tot['steps_off']:.1%}, with hats/ride alone {tot['time'] / tot['steps_off']:.1%}")
    rows = {f"part (ch {ch})": onsets[:64]}
    rows.update({row.name: p.hits[i][:64] > 0 for i, row in enumerate(p.rows) if p.hits[i][:64].any()})
    print("\n".join(grid(rows)))


def speed(d: Drummer, onsets, runs: int) -> None:
    """4. Drumify against Generate, 4 bars each."""
    for _ in range(3):
        d.drumify(onsets, "funk", 100.0, seed=0)
        d.generate("funk", bars=4, seed=0)
    t_dr, t_gen = [], []
    for i in range(runs):
        t = time.perf_counter()
        d.drumify(onsets, "funk", 100.0, seed=i)
        t_dr.append(time.perf_counter() - t)
        t = time.perf_counter()
        d.generate("funk", bars=4, seed=i)
        t_gen.append(time.perf_counter() - t)
    md, mg = statistics.median(t_dr) * 1000, statistics.median(t_gen) * 1000
    print(f"4. Drumify 4 bars: median {md:.1f} ms over {runs}; Generate 4 bars (unconstrained): {mg:.1f} ms; "
          f"ratio {md / mg:.2f}")


if __name__ == "__main__":
    sys.exit(main())
