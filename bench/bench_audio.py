"""Sound benches (FluidSynth, real soundfont):
1. live playback on the null clock: scheduled event ticks against ideal times, and onsets measured in the
   audio the clock rendered against ideal times (constant latency removed), straight and swung;
2. CPU use while playing a dense 32nd-note pattern at 180 BPM;
3. offline render speed, against FluidSynth's own MIDI file renderer (pyfluidsynth midi2audio) on the same
   pattern exported as MIDI."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import numpy as np  # noqa: E402

from engine.player import Player  # noqa: E402
from engine.render import render  # noqa: E402
from engine.drumkit import Row  # noqa: E402
from engine.midi import write_midi  # noqa: E402
from engine.pattern import Pattern  # noqa: E402
from engine.timing import step_seconds  # noqa: E402


def onsets(audio, sr, rel=0.05, quiet_ms=20):
    env = np.abs(audio).max(axis=1)
    above = env > rel * env.max()
    idx = np.flatnonzero(above & ~np.concatenate([[False], above[:-1]]))
    q = int(quiet_ms * sr / 1000)
    return np.array([i for i in idx if not above[max(0, i - q):i].any()])


def live_spread(swing: float) -> tuple[float, float, int]:
    p = Pattern((Row("Claves", 75),), np.zeros((1, 32)), tempo=120, swing=swing)
    for s in range(0, 32, 3):
        p = p.with_velocity(0, s, 100)
    with Player(driver="null", capture=True) as pl:
        pl.keep_schedule_log = True
        pl.play(p)
        time.sleep(4 * p.duration_seconds + 0.3)
        anchor = pl.timeline().anchor_frame   # the captured audio starts at frame 0 of the audio thread
        pl.stop()
        log = pl.scheduled
        audio = pl.captured_audio()
    g = np.array([x[1] for x in log])
    ticks = np.array([x[0] for x in log])
    steps = g % p.n_steps
    ideal = anchor + (g // p.n_steps * p.duration_seconds + step_seconds(p, steps)) * pl.samplerate
    sched_err = np.abs(ticks - ideal).max() / pl.samplerate * 1000
    found = onsets(audio, 44100)
    hits = [int(x) for x in np.flatnonzero(p.hits[0])]
    want = []
    for loop in range(4):
        want += [anchor + (loop * p.duration_seconds + step_seconds(p, [s])[0]) * 44100 for s in hits]
    want = np.array(want)
    n = min(len(found), len(want))
    err = found[:n] - want[:n]
    dev = (err - np.median(err)) / 44.1
    return sched_err, float(dev.max() - dev.min()), n


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None, help="unused")
    ap.parse_args()
    for swing in (0.5, 0.62):
        sched, spread, n = live_spread(swing)
        print(f"live playback (null clock, 120 BPM, swing {swing}): scheduled ticks vs ideal max error "
              f"{sched:.3f} ms; {n} onsets in the rendered audio: spread {spread:.2f} ms (constant latency removed)")

    dense = Pattern.empty(bars=2, grid=32, tempo=180)
    h = np.zeros(dense.hits.shape, np.uint8)
    h[0, ::8] = 110
    h[1, 4::8] = 100
    h[2, :] = np.tile([90, 40, 70, 40], dense.n_steps // 4)
    dense = dense.with_hits(h)
    with Player(driver="null") as pl:
        pl.play(dense)
        time.sleep(0.5)
        c0, w0 = time.process_time(), time.perf_counter()
        time.sleep(8.0)
        cpu = (time.process_time() - c0) / (time.perf_counter() - w0)
        pl.stop()
    print(f"CPU while playing 32nds on 3 rows at 180 BPM (synthesis on the null clock included): "
          f"{cpu * 100:.1f}% of one core")

    p = Pattern.empty(bars=4, tempo=110)
    h = np.zeros(p.hits.shape, np.uint8)
    h[0, ::8] = 110
    h[1, 4::8] = 100
    h[2, ::2] = 80
    p = p.with_hits(h)
    ours = []
    for _ in range(5):
        t = time.perf_counter()
        r = render(p, loops=4, tail=2.0)
        ours.append(time.perf_counter() - t)
    secs = len(r.audio) / r.samplerate
    from engine.soundfont import default_soundfont, load_fluidsynth
    fluidsynth = load_fluidsynth()
    theirs = []
    with tempfile.TemporaryDirectory() as tmp:
        mid = os.path.join(tmp, "p.mid")
        write_midi(p.resized(16), mid)
        for _ in range(3):
            fs = fluidsynth.Synth()
            fs.sfload(default_soundfont())
            t = time.perf_counter()
            fs.midi2audio(mid, os.path.join(tmp, "p.wav"))
            theirs.append(time.perf_counter() - t)
            fs.delete()
    print(f"offline render of {secs:.1f} s (16 bars + tail): median {statistics.median(ours) * 1000:.0f} ms "
          f"({secs / statistics.median(ours):.0f}x real time); FluidSynth's MIDI file renderer (midi2audio) on "
          f"the same bars: {statistics.median(theirs) * 1000:.0f} ms; ratio {statistics.median(theirs) / statistics.median(ours):.2f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
