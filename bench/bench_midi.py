"""MIDI out through JACK (dummy backend, 48 kHz) at 64/256/1024-frame periods, recorded by jack_midi_dump:
how far each note-on lands from the frame the MIDI export gives it (a swung 62%, rolled, flammed bar at
120 BPM, four passes), and the MIDI clock's jitter, while two Python threads spin (a busy GUI). Against the
way a Python app usually sends MIDI, measured in the same run: python-rtmidi's JACK backend (as mido uses
it) fed by a Python thread that sleeps until each note's time."""
from __future__ import annotations

import argparse
import os
import sys
import threading
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests"))
import jackserver  # noqa: E402  (test machinery: a JACK server with its dummy backend, a MIDI recorder)
import numpy as np  # noqa: E402

from engine.midiout import MidiOut  # noqa: E402
from engine.player import Player  # noqa: E402
from test_midi_in import follow_take  # noqa: E402
from test_transport import on_beats, transport_take  # noqa: E402
from test_midi_out import RATE, groove, ideal_note_ons  # noqa: E402

PASSES = 4


def _busy(seconds: float) -> list[threading.Thread]:
    until = time.monotonic() + seconds

    def spin():
        while time.monotonic() < until:
            sum(i * i for i in range(2000))
    threads = [threading.Thread(target=spin, daemon=True) for _ in range(2)]
    for t in threads:
        t.start()
    return threads


def _errors(events, p) -> tuple[np.ndarray, int, np.ndarray]:
    """(note-on errors in frames against the export, notes missing or extra, clock tick intervals)."""
    t0 = next(f for f, b in events if b == bytes([0xFA]))
    ons = sorted((f - t0, b[1]) for f, b in events if len(b) == 3 and b[0] == 0x99 and b[2])
    ideal = [(f, n) for f, n, _ in ideal_note_ons(p, PASSES)]
    n = min(len(ons), len(ideal))
    wrong = abs(len(ons) - len(ideal)) + sum(a[1] != b[1] for a, b in zip(ons[:n], ideal[:n]))
    ticks = np.array([f for f, b in events if b == bytes([0xF8])])
    return np.array([a[0] - b[0] for a, b in zip(ons[:n], ideal[:n])]), wrong, np.diff(ticks)


def ours(p) -> tuple[np.ndarray, int, np.ndarray]:
    with jackserver.MidiDump() as dump:
        with Player(driver="jack", midi_to=dump.port) as pl:
            pl.set_midi(MidiOut(clock=True, synth=True))
            threads = _busy(PASSES * p.duration_seconds + 0.5)
            pl.play(p, passes=PASSES)
            time.sleep(PASSES * p.duration_seconds + 0.4)
            for t in threads:
                t.join()
        events = dump.stop()
    return _errors(events, p)


def rtmidi_thread(p) -> tuple[np.ndarray, int, np.ndarray]:
    import rtmidi
    ideal = ideal_note_ons(p, PASSES)
    with jackserver.MidiDump() as dump:
        out = rtmidi.MidiOut(rtapi=rtmidi.API_UNIX_JACK, name="rtmidi-alt")
        out.open_virtual_port("out")
        os.system(f"jack_connect rtmidi-alt:out {dump.port} >/dev/null 2>&1")
        time.sleep(0.3)
        threads = _busy(PASSES * p.duration_seconds + 0.5)
        sends = sorted([(f / RATE, [0x99, n, v]) for f, n, v in ideal] +
                       [(k / 24 * 60 / p.tempo, [0xF8]) for k in range(int(PASSES * p.duration_seconds * 48))])
        t0 = time.perf_counter() + 0.05
        while time.perf_counter() < t0:
            pass
        out.send_message([0xFA])
        for at, msg in sends:
            wait = t0 + at - time.perf_counter()
            if wait > 0:
                time.sleep(wait)
            out.send_message(msg)
        for t in threads:
            t.join()
        time.sleep(0.2)
        out.close_port()
        del out
        events = dump.stop()
    return _errors(events, p)


def following(period: int) -> str:
    """A row of the clock-follow table: GrooveLoom's beats against the clock's as they arrived."""
    events, state, n = follow_take(period)
    ticks = [f for f, b in events if b == bytes([0xF8])][:n]
    stop = next(f for f, b in events if b == bytes([0xFC]))
    ons = [f for f, b in events if len(b) == 3 and b[0] == 0x99 and b[2] and f < stop]
    err = (np.array(ons) - np.array(ticks[::24][:len(ons)])) / RATE * 1000
    return (f"| {period} | {err[0]:.1f} ms | {np.abs(err[1:4]).max():.3f} ms | {err[4]:+.1f} ms | "
            f"{np.abs(err[5:]).max():.3f} ms | {state[2]:.2f} |")


def transport_row(period: int) -> str:
    """A row of the JACK transport table: notes in transport frames (recorded by a JACK-Client DAW)."""
    quarter = RATE * 60 / 120
    started, stood, located, jumped = transport_take(period)
    err, right = on_beats(started, quarter)
    lerr, lright = on_beats(located, quarter)
    back = [f for n, f in jumped if f < quarter * 1.5]
    ms = lambda frames: frames / RATE * 1000  # noqa: E731
    return (f"| {period} | {ms(err[0]):.3f} ms | {ms(np.abs(err[1:]).max()):.3f} ms | {len(stood)} | "
            f"{ms(np.abs(lerr).max()):.3f} ms | {ms(back[0]) if back else float('nan'):.3f} ms | "
            f"{'yes' if right and lright else 'NO'} |")


def link_row(period: int) -> str:
    """A row of the Link table (tests/linkpeer.py in a network namespace: a second peer, 100 then 90 BPM)."""
    import tempfile
    from pathlib import Path
    from test_link import _namespace_ok, link_take, phase_errors_ms
    if not _namespace_ok():
        return f"| {period} | (no network namespace here: not measured) | | | |"
    with tempfile.TemporaryDirectory() as tmp:
        r = link_take(Path(tmp) / "link.json", period)
    off = np.abs(phase_errors_ms(r))
    after = [us for _, us, _, _ in r["notes"] if us > r["change_us"]]
    return (f"| {period} | {r['found_s']:.2f} s | {np.median(off):.3f} / {off.max():.3f} ms | "
            f"{(after[0] - r['change_us']) / 1000:.0f} ms (a beat at 90: 667 ms) | {r['peer_tempo']:.1f} |")


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", help="(unused; make bench passes it to every bench)")
    ap.parse_args()
    p = groove()
    print("| period | sender | note-on error: median / worst | notes wrong | clock interval error (worst) |")
    print("|---|---|---|---|---|")
    for period in (64, 256, 1024):
        with jackserver.JackServer(rate=RATE, period=period) as server:
            time.sleep(1.0)
            for name, run in (("GrooveLoom (glaudio.c, JACK frame time)", ours),
                              ("python-rtmidi JACK + Python thread", rtmidi_thread)):
                err, wrong, gaps = run(p)
                ms = np.abs(err) / RATE * 1000
                jitter = np.abs(gaps - RATE * 60 / p.tempo / 24).max() / RATE * 1000
                print(f"| {period} | {name} | {np.median(ms):.3f} / {ms.max():.3f} ms | {wrong} of {len(err)} | "
                      f"{jitter:.3f} ms |")
            rt, xruns = ("real-time" if server.realtime else "no-realtime"), server.xruns()
        print(f"(server {rt}, {xruns} xrun lines over the period's runs)")
    print("\nFollowing a MIDI clock (a JACK-Client sender at exact frames): 120 BPM for a bar, then 90")
    print("| period | first downbeat late | beats at 120 (worst) | the first beat at 90 | beats at 90 after it "
          "(worst) | tempo read after Stop |")
    print("|---|---|---|---|---|---|")
    for period in (64, 256, 1024):
        print(following(period))
    print("\nFollowing the JACK transport (no timebase master, 120 BPM), notes in transport frames as a JACK-Client "
          "DAW records them")
    print("| period | first note after start, off its frame | later beats (worst) | notes while stopped | after a locate "
          "to beat 2.6 (worst) | first note after a locate to 0 while rolling | backbeat right |")
    print("|---|---|---|---|---|---|---|")
    for period in (64, 256, 1024):
        print(transport_row(period))
    print("\nAbleton Link (aalink 0.2.3) with a second peer at 100 BPM, then 90; notes against the peer's beats "
          "(CLOCK_MONOTONIC_RAW read beside the DAW's JACK frames)")
    print("| period | peer found after | phase error: median / worst | first note on the new tempo after the "
          "change | the peer's tempo after ours (110) |")
    print("|---|---|---|---|---|")
    for period in (64, 256, 1024):
        print(link_row(period))
    return 0


if __name__ == "__main__":
    sys.exit(main())
