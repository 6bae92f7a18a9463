"""The drummer's feel: how long the model takes per 4 bars (LiteRT, no TensorFlow) against the
random humanize it replaces, and what it does to a flat programmed beat in the WAV: each voice rendered
solo (the feel worked out on the whole beat), its onsets found in the audio and compared with the grid."""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
import numpy as np  # noqa: E402

from engine.drumkit import Row  # noqa: E402
from engine.pattern import Pattern  # noqa: E402
from engine.performance import Humanize, PlayedFeel  # noqa: E402
from engine.project import Mixer  # noqa: E402
from engine.render import render  # noqa: E402
from engine.timing import step_seconds  # noqa: E402
from models.feel import Feel, pattern_feel  # noqa: E402

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
from test_audio import detect_onsets  # noqa: E402


def beat(bars: int = 4, tempo: float = 100.0) -> Pattern:
    p = Pattern.empty((Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42)), bars, tempo=tempo)
    h = np.zeros(p.hits.shape, np.uint8)
    for b in range(bars):
        o = 16 * b
        h[0, [o, o + 8, o + 10]] = 100
        h[1, [o + 4, o + 12]] = 100
        h[2, o:o + 16:2] = 100
    return p.with_hits(h)


def main() -> int:
    feel = Feel()
    p = beat()
    runs = []
    for _ in range(20):
        t = time.perf_counter()
        pattern_feel(feel, p, "rock", 1.0)
        runs.append(time.perf_counter() - t)
    hum = Humanize(10, 10, 1)
    rruns = []
    for _ in range(20):
        t = time.perf_counter()
        hum.offsets(p, *np.nonzero(p.hits))
        rruns.append(time.perf_counter() - t)
    print(f"feel model: {np.median(runs) * 1000:.2f} ms per 4 bars (median of 20; random humanize "
          f"{np.median(rruns) * 1000:.3f} ms)")
    for style in ("rock", "funk", "jazz", "hiphop"):
        dt, vel = pattern_feel(feel, p, style, 1.0)
        played = PlayedFeel([(p, dt, vel)])
        line = []
        for r, name in enumerate(("kick", "snare", "hat")):
            m = Mixer().with_row(p.rows[r].note, solo=True)
            steps = np.flatnonzero(p.hits[r])
            res = []
            for h in (None, played):
                out = render(p, mixer=m, humanize=h or Humanize(), tail=0.3)
                found = detect_onsets(out.audio, out.samplerate, rel=0.02, quiet_ms=5)
                ideal = step_seconds(p, steps) * out.samplerate
                near = [found[np.argmin(np.abs(found - i))] - i for i in ideal] if len(found) else []
                near = np.array([d for d in near if abs(d) < 0.06 * out.samplerate])   # matched within 60 ms
                res.append(near / out.samplerate * 1000)
            shift = np.median(res[1]) - np.median(res[0])   # the renderer's own latency cancels
            v = vel[r][p.hits[r] > 0]
            line.append(f"{name} {shift:+5.1f} ms (model {np.median(dt[r][p.hits[r] > 0]) * 1000:+5.1f}; "
                        f"{len(res[1])}/{len(steps)} onsets found), "
                        f"velocity {v.min()}-{v.max()}")
        print(f"{style:7s} WAV onsets with feel 100% vs without, per voice: " + "; ".join(line))
    levels(feel, p)
    return 0


BARS = " ▁▂▃▄▅▆▇█"


def levels(feel, p: Pattern) -> None:
    """The felt flat beat heard as a WAV envelope. Each voice rendered solo with the feel's
    velocities (the kit's balance on, as the app plays); each hit's loudest 10 ms found at its onset; per
    voice and position (on the beat / on the "and") the mean level and velocity, and the hats' first two
    bars as velocity bars."""
    from engine.kitbalance import WINDOW_S
    print("felt flat beat (4 bars, every hit drawn at 100) as heard in the WAV: mean dBFS (velocity) per voice "
          "and position")
    for style in ("funk", "rock", "hiphop", "jazz"):
        dt, vel = pattern_feel(feel, p, style, 1.0)
        played = PlayedFeel([(p, dt, vel)])
        parts = []
        for r, name in enumerate(("kick", "snare", "hat")):
            out = render(p, mixer=Mixer().with_row(p.rows[r].note, solo=True), humanize=played, tail=0.3)
            steps = np.flatnonzero(p.hits[r])
            at = (step_seconds(p, steps) + dt[r, steps]) * out.samplerate
            w = int(WINDOW_S * out.samplerate)
            x = out.audio.mean(axis=1)
            db = []
            for a in at.astype(int):
                seg = x[max(a, 0):max(a, 0) + 12 * w]
                db.append(20 * np.log10(np.sqrt((seg[:len(seg) // w * w].reshape(-1, w) ** 2).mean(axis=1)).max() + 1e-12))
            db = np.array(db)
            for where, m in (("beat", steps % 4 == 0), ('"and"', steps % 4 == 2)):
                if m.any():
                    parts.append(f"{name} {where} {db[m].mean():5.1f} ({vel[r, steps[m]].mean():3.0f})")
            if name == "hat":
                hats = "".join(BARS[min(8, int(v / 128 * 9))] for v in vel[r, steps[:16]])
        print(f"  {style:7s} " + ", ".join(parts) + f"   hats, bars 1-2: {hats}")


if __name__ == "__main__":
    sys.exit(main())
