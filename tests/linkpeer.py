"""A Link session for test_link.py, run inside a network namespace of its own (Link multicasts to every
interface): a JACK server, a second Link peer (aalink) that sets the tempo to 100 and then 90 BPM, and a
JACK "DAW" client that records GrooveLoom's MIDI out with the CLOCK_MONOTONIC_RAW moment of each note
(the clock Link runs on, read beside the JACK frame in the DAW's own callback: not GrooveLoom's way of
pairing the clocks). Writes JSON: each note with the peer's beat and tempo at that moment.

    unshare -rn sh -c 'ip link set lo up && python tests/linkpeer.py OUT.json [PERIOD]'
"""
import json
import os
import sys
import threading
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))

import jack  # noqa: E402
import numpy as np  # noqa: E402

import jackserver  # noqa: E402
from engine.drumkit import Row  # noqa: E402
from engine.link import LinkSession  # noqa: E402
from engine.midiout import MidiOut  # noqa: E402
from engine.pattern import Pattern  # noqa: E402
from engine.player import Player  # noqa: E402

RATE = 48000


def raw_us() -> float:
    return time.clock_gettime_ns(time.CLOCK_MONOTONIC_RAW) / 1000.0


class Daw:
    def __init__(self):
        self.client = jack.Client("daw", no_start_server=True)
        self.port = self.client.midi_inports.register("in")
        self.frames, self.pairs = [], []     # each note's JACK frame; (frame, microseconds) read each cycle
        self.client.set_process_callback(self._process)
        self.client.activate()

    def _process(self, _frames):
        self.pairs.append((self.client.last_frame_time + self.client.frames_since_cycle_start, raw_us()))
        for offset, data in self.port.incoming_midi_events():
            b = bytes(data)
            if len(b) == 3 and b[0] & 0xF0 == 0x90 and b[2]:
                self.frames.append((b[1], self.client.last_frame_time + offset))

    @property
    def notes(self) -> list:
        """(note, the moment it sounded): frames -> microseconds at the nominal rate, offset by the median of
        the cycles' readings (one reading is late by however late its callback ran)."""
        base = float(np.median([us - f * 1e6 / RATE for f, us in self.pairs]))
        return [(n, base + f * 1e6 / RATE) for n, f in self.frames]


class Timeline:
    """The peer's (moment, beat, tempo), sampled every 2 ms: its beat at any moment, tempo changes included."""

    def __init__(self, peer):
        self.peer, self.samples, self.halt = peer, [], False
        self.thread = threading.Thread(target=self._run, daemon=True)
        self.thread.start()

    def _run(self):
        while not self.halt:
            self.samples.append(self.peer.now())
            time.sleep(0.002)

    def beat_at(self, us: float) -> tuple[float, float]:
        earlier = [s for s in self.samples if s[0] <= us]
        t, beat, tempo = earlier[-1] if earlier else self.samples[0]
        return beat + (us - t) / 1e6 * tempo / 60.0, tempo


def main(out: str, period: int = 256) -> None:
    p = Pattern((Row("Kick", 36), Row("Snare", 38)), np.zeros((2, 16)), tempo=120)
    for s in (0, 8):
        p = p.with_velocity(0, s, 100)
    p = p.with_velocity(1, 4, 90).with_velocity(1, 12, 90)
    result = {}
    with jackserver.JackServer(rate=RATE, period=period):
        peer = LinkSession(100.0, 4.0)
        daw = Daw()
        try:
            with Player(driver="jack", samplerate=RATE, midi_to="daw:in") as pl:
                pl.set_midi(MidiOut(clock=False))
                pl.follow_clock(p, source="link")
                t0 = time.monotonic()
                while pl.link.peers == 0 and time.monotonic() - t0 < 10:
                    time.sleep(0.01)
                result["found_s"] = time.monotonic() - t0
                peer.propose(100.0)
                t0 = time.monotonic()
                while abs(pl.link.tempo - 100) > 1e-3 and time.monotonic() - t0 < 5:
                    time.sleep(0.001)
                timeline = Timeline(peer)
                time.sleep(2.5)
                result["change_us"] = raw_us()
                peer.propose(90.0)
                time.sleep(2.5)
                result["state"] = list(pl.clock_state)
                result["peers"] = pl.link.peers
                timeline.halt = True
                pl.set_pattern(p.with_settings(tempo=110))   # the user's tempo: proposed to the session
                t0 = time.monotonic()
                while abs(peer.tempo - 110) > 1e-3 and time.monotonic() - t0 < 3:
                    time.sleep(0.005)
                result["peer_tempo"] = peer.tempo
                pl.stop()
                time.sleep(0.2)
                result["left"] = pl.link is None
        finally:
            daw.client.deactivate()
            daw.client.close()
            peer.close()
    result["notes"] = [(n, us, *timeline.beat_at(us)) for n, us in daw.notes]
    lag = np.array([us - f * 1e6 / RATE for f, us in daw.pairs]) / 1000
    result["clock_spread_ms"] = float(np.percentile(lag, 95) - np.percentile(lag, 5))   # JACK frames vs the clock
    with open(out, "w") as f:
        json.dump(result, f)


def cli(out: str, seed: str) -> None:
    """`play SEED --link` beside a peer at 100 BPM: what the command prints."""
    import subprocess
    main_py = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "main.py")
    with jackserver.JackServer(rate=RATE, period=256):
        peer = LinkSession(100.0, 4.0)
        try:
            run = subprocess.run([sys.executable, main_py, "play", seed, "--link", "--loops", "1"],
                                 capture_output=True, text=True, timeout=60)
        finally:
            peer.close()
    with open(out, "w") as f:
        json.dump({"rc": run.returncode, "stdout": run.stdout, "stderr": run.stderr}, f)


if __name__ == "__main__":
    if sys.argv[1] == "cli":
        cli(sys.argv[2], sys.argv[3])
    else:
        main(sys.argv[1], *(int(a) for a in sys.argv[2:3]))
