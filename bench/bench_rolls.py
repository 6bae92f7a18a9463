"""Rolls: the roll suite (continued beats keep the seed's rolls), Generate and Fill, and the WAV (every
repeat's onset against where it belongs). Prints its figures; run: python bench/bench_rolls.py"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

import numpy as np  # noqa: E402

from engine.drumkit import Row  # noqa: E402
from engine.midi import EXPORT_PPQ, pattern_to_midi  # noqa: E402
from engine.pattern import Pattern  # noqa: E402
from engine.performance import hit_times  # noqa: E402
from engine.project import Mixer  # noqa: E402
from engine.render import render  # noqa: E402
from models.beatsuite import ROLL_SUITE, load_suite  # noqa: E402
from models.drummer import Drummer  # noqa: E402
from models.rollbench import fill_figures, format_rollbench, generate_figures, suite_figures  # noqa: E402

ATTACK_S, SEARCH_S = 0.004, 0.004


def attack(note: int, velocity: int, cache: dict) -> tuple[np.ndarray, int]:
    """The first 4 ms of one hit of `note` at `velocity` as this synth plays it, and the samples from the
    note-on to its first sound (the renderer's constant latency)."""
    if (note, velocity) not in cache:
        one = Pattern((Row("probe", note),), np.zeros((1, 16)), tempo=60.0).toggle(0, 0, velocity)
        y = render(one, tail=0.3).audio.mean(axis=1)
        first = int(np.flatnonzero(np.abs(y) > 1e-4)[0])
        cache[(note, velocity)] = (y[first:first + int(ATTACK_S * 44100)], first)
    return cache[(note, velocity)]


def repeat_onsets(pattern: Pattern, row: int) -> np.ndarray:
    """Rendered with the row solo, where each of its notes starts against where it belongs (ms): each note
    found by the best match of its own attack within 4 ms (repeats 13 ms apart overlap: an envelope cannot
    tell them apart). A note sounding exactly on time reads 0."""
    out = render(pattern, mixer=Mixer().with_row(pattern.rows[row].note, solo=True), tail=0.3)
    x, sr = out.audio.mean(axis=1), out.samplerate
    rows, _, t, vel, _ = hit_times(pattern)
    cache, err = {}, []
    for ti, v in zip(t[rows == row], vel[rows == row]):
        tm, lat = attack(pattern.rows[row].note, int(v), cache)
        c, w = int(round(ti * sr)) + lat, int(SEARCH_S * sr)
        lags = [lag for lag in range(-w, w + 1) if c + lag >= 0]
        score = [float(x[c + lag:c + lag + len(tm)] @ tm) / (np.linalg.norm(x[c + lag:c + lag + len(tm)]) + 1e-12)
                 for lag in lags]
        err.append(lags[int(np.argmax(score))] / sr * 1000)
    return np.array(err)


def exactness() -> list[str]:
    lines = []
    beat = load_suite(ROLL_SUITE)[0].pattern          # trap 1: hats with x2, x3, x4, x6 rolls, 140 BPM
    for swing in (0.5, 0.6):
        p = beat.with_settings(swing=swing)
        e = repeat_onsets(p, 2)
        rows, _, t, _, _ = hit_times(p)
        ticks, now = [], 0
        for m in pattern_to_midi(p).tracks[1]:
            now += m.time
            if m.type == "note_on" and m.note == 42:
                ticks.append(now)
        want = np.sort(t[rows == 2]) * p.tempo / 60 * EXPORT_PPQ
        lines.append(f"trap 1 hats, swing {swing:.2f}: {len(e)} notes; WAV onset - ideal: median {np.median(e):.2f} ms, "
                     f"range {e.min():.2f} to {e.max():.2f} ms (FluidSynth starts a note on its next 64-sample block: "
                     f"0-1.45 ms); MIDI export: {len(ticks)} notes, largest tick error "
                     f"{np.abs(np.array(ticks) - want).max():.2f} ticks ({EXPORT_PPQ} PPQ)")
    return lines


def main() -> int:
    for line in exactness():
        print(line)
    d = Drummer()
    t = time.perf_counter()
    t0 = suite_figures(d, variation=0.0)["total"]
    print(f"Roll suite at variation 0: rolls per bar {t0['seed_per_bar']:.2f} -> {t0['out_per_bar']:.2f}, where TV "
          f"{t0['pos_tv']:.2f}, kind TV {t0['kind_tv']:.2f}, rolled exactly as drawn {t0['as_drawn']} of {t0['at_drawn']} "
          f"({t0['as_drawn'] / max(1, t0['at_drawn']):.0%})")
    fig = {"suite": suite_figures(d), "generate": generate_figures(d), "fill": fill_figures(d)}
    print(format_rollbench(fig))
    print(f"({time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
