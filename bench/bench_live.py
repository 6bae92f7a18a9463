"""Live playback through a real audio server (JACK, dummy backend: no sound card), at 64/256/1024-frame
buffers, 48 kHz:
1. onset spread: GrooveLoom's output recorded with jack_rec, onsets against ideal times (constant latency
   removed), straight and swung, idle machine;
2. xruns reported by the server and notes that reached the audio thread late, while two Python threads
   spin (a busy GUI) and the drummer generates, for the C audio callback against the Python callback it
   replaced, in the same run;
3. CPU per core while playing 32nds on 9 rows at 180 BPM, C callback, against FluidSynth's synthesis alone
   (an offline render of the same bars).
The JACK server runs in real-time mode as on a studio machine (falls back to --no-realtime where that is
not permitted; the line says which)."""
from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import jackserver  # noqa: E402  (test machinery: a JACK server with its dummy backend)
import numpy as np  # noqa: E402

from engine.drumkit import Row  # noqa: E402
from engine.jack import CLIENT_NAME  # noqa: E402
from engine.pattern import Pattern  # noqa: E402
from engine.player import Player  # noqa: E402
from engine.timing import step_seconds  # noqa: E402
from bench_audio import onsets  # noqa: E402

RATE = 48000


def probe(tempo: float, swing: float) -> tuple[Pattern, np.ndarray]:
    p = Pattern((Row("Claves", 75),), np.zeros((1, 32)), tempo=tempo, swing=swing)
    steps = np.arange(0, 32, 3)
    for s in steps:
        p = p.with_velocity(0, int(s), 100)
    return p, steps


def spread(jack, period: int, tmp: str) -> list[float]:
    out = []
    for swing in (0.5, 0.62):
        p, steps = probe(120, swing)
        with Player(driver="jack", samplerate=RATE, buffer_size=period) as pl:
            port = f"{CLIENT_NAME}:out_L"
            audio, _ = jack.record(port, os.path.join(tmp, "rec.wav"), 0.6 + 3 * p.duration_seconds,
                                   lambda t0: pl.play(p))
            pl.stop()
        found = onsets(audio, RATE)
        one = step_seconds(p, steps)
        ideal = np.concatenate([one + k * p.duration_seconds for k in range(4)]) * RATE
        n = min(len(found), len(ideal))
        err = found[:n] - (ideal[:n] - ideal[0] + found[0])
        dev = (err - np.median(err)) / RATE * 1000
        out.append(float(dev.max() - dev.min()))
    return out


def dense() -> Pattern:
    return Pattern(tuple(Row(f"r{n}", n) for n in (36, 38, 42, 46, 49, 51, 45, 48, 39)), np.full((9, 64), 90),
                   grid=32, tempo=180)


def under_load(jack, period: int, native: bool, drummer, seconds: float = 8.0) -> dict:
    before = jack.xruns()
    with Player(driver="jack", samplerate=RATE, buffer_size=period, native=native) as pl:
        pl.play(dense())
        until = time.monotonic() + seconds
        seed = Pattern((Row("Kick", 36), Row("Snare", 38), Row("Closed hat", 42)), np.zeros((3, 32)))
        seed = seed.with_velocity(0, 0, 100).with_velocity(1, 8, 100).with_velocity(2, 4, 80)
        gens = [0]

        def spin():
            while time.monotonic() < until:
                sum(i * i for i in range(2000))

        def generate():
            while time.monotonic() < until:
                drummer.continue_(seed, bars=4, variations=4)
                gens[0] += 1

        threads = [threading.Thread(target=spin), threading.Thread(target=spin)]
        if drummer is not None:
            threads.append(threading.Thread(target=generate))
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        st = pl.stats()
    return dict(xruns=jack.xruns() - before, late=st["late"], worst_late_ms=st["worst_late"] / RATE * 1000,
                callbacks=st["callbacks"], generations=gens[0], priority=st["priority"])


def synthesis_only(seconds: float = 6.0) -> float:
    from engine.render import render
    p = dense()
    t = time.process_time()
    r = render(p, loops=int(seconds / p.duration_seconds) + 1, samplerate=RATE, tail=0.0)
    return (time.process_time() - t) / (len(r.audio) / RATE)


def cpu(period: int) -> float:
    with Player(driver="jack", samplerate=RATE, buffer_size=period) as pl:
        pl.play(dense())
        time.sleep(0.5)
        c0, w0 = time.process_time(), time.perf_counter()
        time.sleep(6.0)
        used = (time.process_time() - c0) / (time.perf_counter() - w0)
        pl.stop()
    return used


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=None, help="unused")
    ap.add_argument("--model", default=None, help="drummer model folder (default: resources/model)")
    args = ap.parse_args()
    if not jackserver.available():
        print("error: jackd / jack_rec not installed (Debian package jackd2)", file=sys.stderr)
        return 2
    try:
        from models.drummer import Drummer
        drummer = Drummer(args.model) if args.model else Drummer()
    except Exception as exc:  # the bench still measures the rest
        print(f"(no drummer: {exc}; load without it)")
        drummer = None
    synth = synthesis_only()
    with tempfile.TemporaryDirectory() as tmp:
        for period in (64, 256, 1024):
            jack = jackserver.JackServer(rate=RATE, period=period).start()
            try:
                s = spread(jack, period, tmp)
                c = under_load(jack, period, True, drummer)
                py = under_load(jack, period, False, drummer)
                use = cpu(period)
            finally:
                jack.stop()
            mode = "real-time" if jack.realtime else "no-realtime"
            print(f"JACK ({mode}) {period} frames ({period / RATE * 1000:.1f} ms, latency "
                  f"{2 * period / RATE * 1000:.1f} ms): onset spread {s[0]:.2f} ms straight, {s[1]:.2f} ms swung; "
                  f"under load ({c['generations']} drummer runs, 2 spinning threads): C callback {c['xruns']} "
                  f"xruns, {c['late']} late notes (audio thread {c['priority']}); Python callback {py['xruns']} "
                  f"xruns, {py['late']} late; CPU playing 9 rows of 32nds at 180 BPM: {use * 100:.1f}% of one "
                  f"core (FluidSynth's synthesis alone, offline: {synth * 100:.1f}%)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
