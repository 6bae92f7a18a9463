"""Following and leading the JACK transport, on a real JACK server (dummy backend). A JACK-Client "DAW"
starts, stops and locates the transport, may be its timebase master (bars and tempo), and records
GrooveLoom's MIDI out in its own process callback beside the transport's position, so every note is
measured in transport frames: where the DAW would put it on its timeline."""
import time

import numpy as np
import pytest

import jackserver
from engine.drumkit import Row
from engine.midiout import MidiOut
from engine.pattern import Pattern
from engine.player import Player

jack = pytest.importorskip("jack", reason="JACK-Client (the test's DAW) is not installed")
RATE, PERIOD = 48000, 256
MS = RATE // 1000
pytestmark = pytest.mark.skipif(not jackserver.available(), reason="jackd not installed (Debian package jackd2)")


class Daw:
    """A JACK client that records the MIDI it gets as (note, transport frame) (None while stopped), and can
    lead the transport's bars at `bpm` (4/4) as a DAW does."""

    def __init__(self):
        self.client = jack.Client("daw", no_start_server=True)
        self.port = self.client.midi_inports.register("in")
        self.notes: list = []
        self.beats: list = []          # while leading: the beat (from the transport's start) of each note
        self.positions: list = []      # (state, position dict) per cycle
        self.bpm, self._anchor = 0.0, (0, 0.0, 0.0)   # (frame, beat, bpm) a tempo change counts on from
        self.client.set_process_callback(self._process)
        self.client.activate()

    def _process(self, _frames):
        state, pos = self.client.transport_query()
        rolling = state == jack.ROLLING
        self.positions.append((rolling, pos))
        for offset, data in self.port.incoming_midi_events():
            b = bytes(data)
            if len(b) == 3 and b[0] & 0xF0 == 0x90 and b[2]:
                self.notes.append((b[1], pos["frame"] + offset if rolling else None))
                if rolling and self.bpm:
                    self.beats.append(self._beat(pos["frame"] + offset))

    def lead(self, bpm: float) -> None:
        self.bpm = bpm
        self.client.set_timebase_callback(self._timebase)

    def _beat(self, frame: int) -> float:
        f0, b0, bpm = self._anchor
        return b0 + (frame - f0) * bpm / 60.0 / RATE

    def _timebase(self, _state, _n, pos, _new):
        if pos.frame == 0:
            self._anchor = (0, 0.0, self.bpm)
        elif self.bpm != self._anchor[2]:             # a tempo change: the bars go on from here
            self._anchor = (pos.frame, self._beat(pos.frame), self.bpm)
        beats = self._beat(pos.frame)
        pos.valid = jack.POSITION_BBT
        pos.bar, pos.beat, pos.tick = int(beats // 4) + 1, int(beats % 4) + 1, int(beats % 1 * 1920)
        pos.beats_per_bar, pos.beat_type, pos.ticks_per_beat, pos.beats_per_minute = 4, 4, 1920, self.bpm

    def take(self) -> list:
        got, self.notes = self.notes, []
        return got

    def take_beats(self) -> np.ndarray:
        got, self.beats = self.beats, []
        return np.array(got)

    def close(self) -> None:
        self.client.deactivate()
        self.client.close()


def backbeat(tempo: float = 120) -> Pattern:
    p = Pattern((Row("Kick", 36), Row("Snare", 38)), np.zeros((2, 16)), tempo=tempo)
    for s in (0, 8):
        p = p.with_velocity(0, s, 100)
    return p.with_velocity(1, 4, 90).with_velocity(1, 12, 90)


def on_beats(notes, beat_frames: float):
    """Each note's distance from the transport's beat it belongs to (frames), and whether kicks fall on the
    even beats and snares on the odd ones (a backbeat)."""
    err, right = [], True
    for note, frame in notes:
        beat = int(round(frame / beat_frames))
        err.append(frame - beat * beat_frames)
        right &= note == (36 if beat % 2 == 0 else 38)
    return np.array(err), right


def _wait_rolling(daw, on=True, timeout=2.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if daw.positions and daw.positions[-1][0] == on:
            return
        time.sleep(0.005)
    raise AssertionError("the transport did not change state")


def transport_take(period: int = PERIOD):
    """GrooveLoom following a DAW's transport (no timebase master, 120 BPM): started from 0 for 1.6 s,
    stopped, located to beat 2.6 and started, located back to 0 while rolling. Returns the notes (note,
    transport frame) of each part: (started, while stopped, located, jumped)."""
    quarter = RATE * 60 / 120
    with jackserver.JackServer(rate=RATE, period=period):
        daw = Daw()
        try:
            with Player(driver="jack", samplerate=RATE, midi_to="daw:in") as pl:
                pl.set_midi(MidiOut(clock=False))
                pl.follow_clock(backbeat(), source="jack")
                time.sleep(0.3)
                assert daw.take() == [] and pl.clock_state[:2] == ("jack", "stopped")
                daw.client.transport_frame = 0
                daw.client.transport_start()
                time.sleep(1.6)
                assert pl.clock_state[:2] == ("jack", "running")
                daw.client.transport_stop()
                _wait_rolling(daw, False)
                time.sleep(0.1)
                started = daw.take()
                time.sleep(0.4)
                stood = daw.take()
                daw.client.transport_frame = int(2.6 * quarter)   # (between two 16ths)
                time.sleep(0.05)
                daw.client.transport_start()
                time.sleep(1.0)
                located = daw.take()
                daw.client.transport_frame = 0
                time.sleep(0.8)
                daw.client.transport_stop()
                time.sleep(0.2)
                jumped = daw.take()
        finally:
            daw.close()
    return started, stood, located, jumped


def test_the_beat_follows_the_transport_start_stop_and_locate():
    """No timebase master: the pattern's 120 BPM counts the transport's frames. Start from 0: every beat on
    the transport's beat within 1 ms, the first too (GrooveLoom is a slow-sync client: the start waits until
    the beat is queued); stopped: silence; located to beat 2.6 while stopped: the start plays beat 3 (a snare)
    on its frame; located back to 0 while rolling: the loop jumps there, on the frame."""
    quarter = RATE * 60 / 120
    started, stood, located, jumped = transport_take()
    assert stood == [], "notes while the transport stood"
    assert len(started) >= 3 and all(f is not None for _, f in started), started
    err, right = on_beats(started, quarter)
    assert right and np.abs(err).max() <= MS, (started, err)
    assert located[0] == (38, 3 * quarter), located      # from beat 2.6 the next is beat 3: a snare, on its frame
    err, right = on_beats(located, quarter)
    assert right and np.abs(err).max() <= MS, located
    back = [(n, f) for n, f in jumped if f < quarter * 1.5]
    assert back and back[0][0] == 36 and abs(back[0][1]) <= MS, jumped


def test_a_timebase_masters_tempo_and_bars_are_followed():
    """A DAW leading the bars at 90 BPM plays GrooveLoom's 120 BPM pattern at 90, on the DAW's beats; the
    DAW going to 100 BPM while rolling is followed on its beats from the next one."""
    with jackserver.JackServer(rate=RATE, period=PERIOD):
        daw = Daw()
        try:
            daw.lead(90.0)
            with Player(driver="jack", samplerate=RATE, midi_to="daw:in") as pl:
                pl.set_midi(MidiOut(clock=False))
                pl.follow_clock(backbeat(120), source="jack")
                daw.client.transport_frame = 0
                daw.client.transport_start()
                time.sleep(2.2)
                at90 = daw.take()
                daw.take_beats()
                assert pl.clock_state == ("jack", "running", 90.0)
                daw.bpm = 100.0
                time.sleep(0.05)
                daw.take(), daw.take_beats()                 # (the beat the change came in)
                time.sleep(1.8)
                at100, beats100 = daw.take(), daw.take_beats()
                state = pl.clock_state
                daw.client.transport_stop()
        finally:
            daw.close()
    err, right = on_beats(at90, RATE * 60 / 90)
    assert len(at90) >= 4 and right and np.abs(err).max() <= MS, (at90, err)
    off = (beats100 - np.round(beats100)) * RATE * 60 / 100                   # frames off the DAW's beats
    kicks = [n == 36 for n, _ in at100] == list(np.round(beats100) % 2 == 0)
    assert state[2] == 100.0 and len(at100) >= 2 and kicks and np.abs(off[1:]).max() <= MS, (at100, beats100)


def test_leading_the_transport_gives_a_daw_our_bars_and_tempo():
    """Lead: GrooveLoom is the timebase master; the DAW reads bar, beat and tick of every cycle in the
    pattern's 100 BPM and 3/4; a tempo change to 150 goes on from where the bar was (no jump), and Stop
    (GrooveLoom leading again) gives the bars back."""
    p = Pattern((Row("Kick", 36),), np.zeros((1, 12)), numerator=3, denominator=4, tempo=100).with_velocity(0, 0, 100)
    with jackserver.JackServer(rate=RATE, period=PERIOD):
        daw = Daw()
        try:
            with Player(driver="jack", samplerate=RATE, midi_to="daw:in") as pl:
                pl.set_midi(MidiOut(clock=False))
                pl.follow_clock(p, source="jack", lead=True)
                assert pl.leading
                pl.transport("locate", 0)
                pl.transport("start")
                time.sleep(1.2)
                pl.set_pattern(p.with_settings(tempo=150))
                time.sleep(0.8)
                pl.transport("stop")
                _wait_rolling(daw, False)
                pl.stop()
                time.sleep(0.1)
                assert not pl.leading
                after = daw.positions[-1][1]
        finally:
            daw.close()
    rolled = [pos for rolling, pos in daw.positions if rolling]
    beats = np.array([((pos["bar"] - 1) * pos["beats_per_bar"] + pos["beat"] - 1 + pos["tick"] / pos["ticks_per_beat"])
                      for pos in rolled])
    frames = np.array([pos["frame"] for pos in rolled])
    bpm = np.array([pos["beats_per_minute"] for pos in rolled])
    assert {pos["beats_per_bar"] for pos in rolled} == {3.0} and set(bpm) == {100.0, 150.0}
    slow = bpm == 100.0
    model = frames * 100 / 60 / RATE
    changed = frames[slow][-1]                    # the last cycle at 100: at 150 the bars go on from there
    model[~slow] = changed * 100 / 60 / RATE + (frames[~slow] - changed) * 150 / 60 / RATE
    assert np.abs(beats - model).max() < 1 / 1920 + 1e-9, np.abs(beats - model).max()     # to the tick
    assert "bar" not in after                                                # released: no bars given


def test_the_window_starts_and_stops_the_transport_and_says_what_it_follows(make_window, qtbot, monkeypatch):
    """Transport > Follow JACK transport, then Play: the JACK transport rolls (a DAW on it sees it), the beat
    plays on it and the status line says so; Stop stops the transport. The sync choices exclude each other:
    Lead JACK transport unchecks Follow, and makes GrooveLoom the timebase master."""
    from ui.sound import SoundState
    monkeypatch.delenv("GROOVELOOM_AUDIO_DRIVER", raising=False)
    with jackserver.JackServer(rate=RATE, period=PERIOD):
        daw = Daw()
        w = make_window(start_sound=True)
        try:
            qtbot.waitUntil(lambda: w.sound.state is SoundState.READY, timeout=20000)
            w.actions["follow_transport"].trigger()
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: daw.positions[-1][0], timeout=3000)
            bpm = f"Following JACK transport: {w.doc.shown.tempo:.1f} BPM"
            qtbot.waitUntil(lambda: bpm in w.status.currentMessage(), timeout=3000)
            qtbot.waitUntil(lambda: w.sound.player.timelines()[0] is not None, timeout=2000)
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: not daw.positions[-1][0], timeout=3000)
            # (the feeder publishes the stopped timeline at the end of its tick, after following ended)
            qtbot.waitUntil(lambda: w.sound.player.clock_state is None and w.sound.player.timelines()[0] is None,
                            timeout=2000)
            w.actions["lead_transport"].trigger()
            assert not w.actions["follow_transport"].isChecked() and w.sound.follow == "lead"
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: daw.positions[-1][0] and "bar" in daw.positions[-1][1], timeout=3000)
            assert daw.positions[-1][1]["beats_per_minute"] == w.doc.shown.tempo
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: not daw.positions[-1][0], timeout=3000)
            w.actions["lead_transport"].trigger()
            assert w.sound.follow is None and not any(w.actions[a].isChecked() for a in
                                                      ("follow_clock", "follow_transport", "lead_transport"))
        finally:
            daw.close()
            w.sound.close()


def test_the_cli_leads_the_transport(tmp_path):
    """`play SEED --midi-out daw:in --transport lead`: the transport rolls from the top in the seed's tempo,
    the DAW counts bars in it and gets the beat on its beats."""
    from conftest import make_midi, run_cli
    seed = make_midi(tmp_path / "seed.mid", [(0, 36, 110, 60), (480, 38, 100, 60), (960, 36, 90, 60),
                                             (1440, 38, 100, 60)], tempo=96)
    with jackserver.JackServer(rate=RATE, period=PERIOD):
        daw = Daw()
        try:
            r = run_cli("play", seed, "--midi-out", "daw:in", "--transport", "lead", "--loops", "1", "--no-synth")
        finally:
            daw.close()
        bad = run_cli("play", seed, "--song", "--transport", "follow")
    assert r.returncode == 0 and "leading the JACK transport" in r.stdout, r
    bpm = {pos["beats_per_minute"] for rolling, pos in daw.positions if rolling}
    assert bpm == {96.0} and not daw.positions[-1][0], bpm                # stopped at the end
    err, right = on_beats([(n, f) for n, f in daw.notes], RATE * 60 / 96)
    assert len(daw.notes) >= 4 and right and np.abs(err).max() <= MS, daw.notes
    assert bad.returncode == 2 and bad.stderr == "error: --transport and --link play a pattern, not --song\n", bad.stderr
