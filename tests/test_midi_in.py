"""Recording from MIDI in through a real JACK server (dummy backend): a test client written with the
JACK-Client library plays a drummer's performance into GrooveLoom's midi_in at known JACK frames (swung,
early and late hits, a flam, a ghost note); the take, placed through the loop's timeline and read by the
MIDI import, must be what importing the same performance as a file gives, each hit on its step with its
velocity. The pads are heard through the kit at once (monitoring in the audio callback)."""
import time

import mido
import numpy as np
import pytest

import jackserver
from engine.drumkit import DEFAULT_ROWS
from engine.jack import CLIENT_NAME
from engine.midi.quantize import import_midi
from engine.pattern import Pattern
from engine.player import Player
from engine.recorder import Take, input_note_map, merge

jack = pytest.importorskip("jack", reason="JACK-Client (the test's sender) is not installed")
RATE = 48000
pytestmark = pytest.mark.skipif(not jackserver.available(), reason="jackd not installed (Debian package jackd2)")


class Sender:
    """A JACK client ('perf-sender:out', or another name) that writes MIDI messages at absolute JACK frames
    from its process callback: a drummer's pads, or a DAW's clock (`play`). `late` counts messages written
    after their frame had gone by."""

    def __init__(self, to: list[str] = (), name: str = "perf-sender"):
        self.client = jack.Client(name, no_start_server=True)
        self.port = self.client.midi_outports.register("out")
        self.queue: list[tuple[int, bytes]] = []
        self.late = 0
        self.client.set_process_callback(self._process)
        self.client.activate()
        for port in to:
            self.client.connect(self.port, port)

    def _process(self, frames):
        self.port.clear_buffer()
        start = self.client.last_frame_time
        while self.queue and self.queue[0][0] < start + frames:
            f, data = self.queue.pop(0)
            self.late += f < start
            self.port.write_midi_event(max(0, f - start), data)

    def now(self) -> int:
        return self.client.frame_time

    def send(self, events) -> None:
        """(JACK frame, bytes) messages; a frame already gone by goes out at the next period's start."""
        self.queue = sorted(self.queue + list(events))

    def play(self, at: int, tempos: list[tuple[float, int]], first: bytes = bytes([0xFA])) -> list[int]:
        """A MIDI clock: `first` (Start, or Song Position + Continue) at `at`, then (bpm, ticks) runs of 24
        ticks a quarter; the ticks' frames."""
        ticks, f = [], float(at + 1)
        for bpm, n in tempos:
            for _ in range(n):
                ticks.append(int(round(f)))
                f += RATE * 60.0 / bpm / 24
        self.send([(at, first)] + [(t, bytes([0xF8])) for t in ticks])
        return ticks

    def close(self) -> None:
        self.client.deactivate()
        self.client.close()


def performance(p: Pattern, swing: float):
    """(seconds from the downbeat, note, velocity) of a drummer over two bars of p: kicks on 1 and 3, the
    backbeat 8 ms late, 16th hats swung by `swing` with +-9 ms of hands, a ghost snare, a flam (its grace 25
    ms before the hit), a crash on bar 2. Also the steps each should land on."""
    s16 = 60.0 / p.tempo / 4
    rng = np.random.default_rng(3)
    out = []
    for bar in range(2):
        b = bar * 16
        out += [((b + k) * s16, 36, 110) for k in (0, 8)]
        out += [((b + k) * s16 + 0.008, 38, 100) for k in (4, 12)]
        for k in range(16):
            swung = (2 * swing - 1) * s16 if k % 2 else 0.0
            out.append(((b + k) * s16 + swung + rng.uniform(-0.009, 0.009), 42, 60 + 25 * (k % 4 == 0)))
    out += [(14 * s16 + (2 * swing - 1) * s16, 38, 30),                        # ghost on the 'e' after beat 4
            (28 * s16 - 0.025, 38, 50), (16 * s16 - 0.006, 49, 120)]           # the flam's grace; a crash, early
    return sorted(out)


def _as_file(perf, p: Pattern) -> Pattern:
    """The performance as a MIDI file read by the import (the reference the take must equal)."""
    mid = mido.MidiFile(type=0, ticks_per_beat=960)
    tr = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(p.tempo), time=0)])
    ev = []
    for t, n, v in perf:
        tick = int(round(t * p.tempo / 60 * 960))
        ev += [(tick, 1, mido.Message("note_on", channel=9, note=n, velocity=v)),
               (tick + 60, 0, mido.Message("note_off", channel=9, note=n, velocity=0))]
    last = 0
    for tick, _, m in sorted(ev, key=lambda e: (e[0], e[1])):
        tr.append(m.copy(time=tick - last))
        last = tick
    tr.append(mido.MetaMessage("end_of_track", time=p.n_steps * 240 - last))
    mid.tracks.append(tr)
    return import_midi(mid, grid=16, swing=p.swing if p.swing > 0.5 else None).pattern


def _record(p: Pattern, perf, monitor: bool = True):
    """Play p (silent, no metronome) once and send the performance into it; (take, left channel audio)."""
    take = Take()
    with Player(driver="jack", samplerate=RATE) as pl:
        assert pl.jack is not None, pl.status
        sender = Sender([f"{CLIENT_NAME}:midi_in"])
        try:
            pl.monitor(input_note_map("gm"), on=monitor)
            pl.play(p, passes=1)
            deadline = time.monotonic() + 2
            while pl.timelines()[0] is None and time.monotonic() < deadline:
                time.sleep(0.005)
            tl = pl.timelines()[0]
            downbeat = tl.anchor_frame + pl._dispatch.jack_stats()["offset"]
            assert tl.frame(0) - pl.frames > 0.004 * RATE            # (the downbeat is still ahead)
            sender.send((downbeat + int(round(t * RATE)), bytes([0x99, n, v])) for t, n, v in perf)
            sender.send((downbeat + int(round((t + 0.05) * RATE)), bytes([0x89, n, 0])) for t, n, v in perf)
            end = time.monotonic() + p.duration_seconds + 0.2
            while time.monotonic() < end:
                take.add(pl.timelines(), pl.midi_in(), passes=1)
                time.sleep(0.02)
            take.add(pl.timelines(), pl.midi_in(), passes=1)
            late, lost = sender.late, pl._dispatch.jack_stats()["in_lost"]
        finally:
            sender.close()
    assert late == 0 and lost == 0
    return take


@pytest.mark.parametrize("swing", [0.5, 0.62])
def test_a_played_take_lands_as_the_same_performance_imported(swing):
    p = Pattern.empty(bars=2, tempo=120, swing=swing)
    perf = performance(p, swing)
    with jackserver.JackServer(rate=RATE, period=256):
        take = _record(p, perf)
    assert len(take) == len(perf), (len(take), len(perf))
    got = take.pattern(p, input_note_map("gm"))
    want = _as_file(perf, p)
    for row in want.rows:
        r, w = got.row_index(row.note), want.row_index(row.note)
        assert r is not None and np.array_equal(got.hits[r], want.hits[w]), (row, got.hits[r], want.hits[w])
    kick, snare, hat = (got.hits[got.row_index(n)] for n in (36, 38, 42))
    assert list(np.flatnonzero(kick)) == [0, 8, 16, 24] and set(kick[kick > 0]) == {110}
    assert snare[4] == snare[12] == snare[20] == 100 and snare[14] == 30     # late backbeats, the ghost
    assert (hat > 0).sum() == 32 and got.hits[got.row_index(49), 16] == 120   # swung hats; the early crash


def test_quantize_off_keeps_the_played_timing_within_1_ms_through_the_midi_out(tmp_path):
    """The swung drummer's two bars recorded with quantize off: the take keeps every hit's played timing
    (late backbeat, the hats' +-9 ms, the early crash) and plays it back so: its MIDI out (recorded by
    jack_midi_dump from the Start message on) and the MIDI export put each note within 1 ms of where it
    was played; saved and opened, the timing is still there; Quantize puts the hits back on the grid."""
    from engine.midi.write import pattern_notes
    from engine.midiout import MidiOut
    from engine.project import Project, load_project, save_project
    p = Pattern.empty(bars=2, tempo=120, swing=0.62)
    perf = performance(p, 0.62)
    with jackserver.JackServer(rate=RATE, period=256):
        take = _record(p, perf)
        got = take.pattern(p, input_note_map("gm"), quantize=False)
        with jackserver.MidiDump() as dump:
            with Player(driver="jack", samplerate=RATE, midi_to=dump.port) as pl:
                pl.set_midi(MidiOut(clock=True))
                pl.play(got, passes=1)
                time.sleep(got.duration_seconds + 0.6)
            events = dump.stop()
    start = next(f for f, b in events if b == bytes([0xFA]))
    played = [((f - start) / RATE, b[1]) for f, b in events if len(b) == 3 and b[0] == 0x99 and b[2]]
    rows, on_q, _off, _vel, grace = pattern_notes(got)
    exported = [(q * 60 / p.tempo, got.rows[r].note) for r, q, g in zip(rows, on_q, grace) if not g]

    def worst(notes):   # each performed note (but the flam's grace) against the nearest note of its drum
        errs = []
        for t, n, _v in perf:
            if abs(t - (28 * 0.125 - 0.025)) < 1e-9 and n == 38:
                continue                                  # (the grace note: played back as the flam's)
            errs.append(min(abs(t - u) for u, m in notes if m == n))
        return max(errs)
    assert got.has_feel and worst(exported) <= 0.001, worst(exported)
    assert worst([(t, n) for t, n in played]) <= 0.001 + 1 / RATE, worst(played)
    path = tmp_path / "take.groove"
    save_project(Project((got,)), path)
    again = load_project(path).patterns[0]
    assert again == got and np.abs(again.nudge - got.nudge).max() < 1e-4
    assert not got.quantized().has_feel and np.array_equal(got.quantized().hits, got.hits)


def test_overdub_keeps_what_was_there_and_replace_clears_the_rows_played():
    p = Pattern.empty(rows=DEFAULT_ROWS, bars=1, tempo=120).with_velocity(0, 0, 90).with_velocity(1, 4, 90)
    take = Pattern.empty(rows=DEFAULT_ROWS, bars=1, tempo=120).with_velocity(0, 8, 110)
    over = merge(p, take)
    assert over.hits[0, 0] == 90 and over.hits[0, 8] == 110 and over.hits[1, 4] == 90
    rep = merge(p, take, replace=True)
    assert rep.hits[0, 0] == 0 and rep.hits[0, 8] == 110 and rep.hits[1, 4] == 90   # only the kick row replaced


def test_the_cli_records_a_take_to_a_file(tmp_path):
    from conftest import run_cli
    from engine.midi import read_midi
    import subprocess
    import threading
    with jackserver.JackServer(rate=RATE, period=256):
        out = tmp_path / "take.mid"
        result = {}

        def record():
            result["r"] = run_cli("record", "--midi-in", "perf-sender:out", "-o", out, "--bars", "1",
                                  "--tempo", "120", "--map", "roland")
        sender = Sender()                                 # (the recording connects itself to it)
        t = threading.Thread(target=record)
        t.start()
        deadline = time.monotonic() + 15
        while "GrooveLoom:midi_in" not in subprocess.run(["jack_lsp", "-c"], capture_output=True, text=True).stdout \
                and time.monotonic() < deadline:
            time.sleep(0.05)
        time.sleep(0.6)
        sender.send([(sender.now(), bytes([0x99, 36, 100])), (sender.now(), bytes([0x99, 22, 70]))])  # kick, hat edge
        time.sleep(0.5)
        sender.send([(sender.now(), bytes([0x99, 40, 90]))])             # a Roland snare rim
        t.join(30)
        sender.close()
    r = result["r"]
    assert r.returncode == 0, r.stderr
    got = read_midi(out).pattern
    assert {row.note for i, row in enumerate(got.rows) if got.hits[i].any()} == {36, 38, 42}, got.rows
    assert "wrote" in r.stdout and "3 hits" in r.stdout, r.stdout


def test_the_window_records_a_take_as_one_undo_step(make_window, qtbot, monkeypatch):
    """Transport > MIDI input... picks the pads' port; Record + Play: the hits played appear in the grid and
    are heard on the next pass; Stop makes the take one undo step, Ctrl+Z takes it back."""
    from ui.sound import SoundState
    monkeypatch.delenv("GROOVELOOM_AUDIO_DRIVER", raising=False)
    with jackserver.JackServer(rate=RATE, period=256):
        sender = Sender()
        try:
            w = make_window(start_sound=True)
            qtbot.waitUntil(lambda: w.sound.state is SoundState.READY, timeout=20000)
            w.prompts.answers["midi_input"] = lambda _now: ("perf-sender:out", "roland", True, False)
            w.actions["midi_input"].trigger()
            assert "perf-sender:out" in w.prompts.offered
            assert w.sound.player.jack.midi_in_connected == 1
            before = w.doc.pattern
            undo_count = w.doc.undo.count()
            w.actions["record"].trigger()
            assert w.recording.armed and w.actions["record"].isChecked()
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: w.sound.player.timelines()[0] is not None, timeout=3000)
            tl = w.sound.player.timelines()[0]
            p = tl.pattern
            downbeat = tl.anchor_frame + w.sound.player._dispatch.jack_stats()["offset"]
            s16 = p.seconds_per_step
            # a Roland e-kit: floor tom rim (58) on step 6 and a hat edge (22) on step 3, a little late
            sender.send([(downbeat + int((6 * s16 + 0.004) * RATE), bytes([0x99, 58, 77])),
                         (downbeat + int((3 * s16 + 0.006) * RATE), bytes([0x99, 22, 66]))])
            qtbot.waitUntil(lambda: w.doc.shown.row_index(43) is not None, timeout=3000)   # shown while playing
            w.transport.play_button.click()                                                   # Stop keeps it
            sender.close()                                    # the kit's program quits: said within a second
            sender = None
            qtbot.waitUntil(lambda: "went away" in w.status.currentMessage(), timeout=1000)
        finally:
            if sender is not None:
                sender.close()
    got = w.doc.pattern
    assert got.hits[got.row_index(43), 6] == 77 and got.hits[got.row_index(42), 3] == 66
    assert w.doc.undo.count() == undo_count + 1 and w.doc.undo.undoText() == "Record take"
    w.doc.undo.undo()
    assert w.doc.pattern == before
    w.actions["record"].trigger()
    assert not w.recording.armed and w.status.currentMessage() == "Record is off"


def follow_take(period: int = 256):
    """GrooveLoom following a JACK-Client clock: one bar at 120 BPM, one at 90, Stop, then Song Position 4
    + Continue and a beat at 90; its MIDI out and the clock recorded together by jack_midi_dump. Returns
    (events, the clock state after Stop, ticks sent before the Stop)."""
    from engine.midiout import MidiOut
    from engine.drumkit import Row
    p = Pattern((Row("Kick", 36), Row("Snare", 38)), np.zeros((2, 16)), tempo=100)
    for s in (0, 8):
        p = p.with_velocity(0, s, 100)
    p = p.with_velocity(1, 4, 90).with_velocity(1, 12, 90)
    with jackserver.JackServer(rate=RATE, period=period):
        with jackserver.MidiDump() as dump:
            with Player(driver="jack", samplerate=RATE, midi_to=dump.port) as pl:
                pl.set_midi(MidiOut(clock=False))
                clock = Sender([f"{CLIENT_NAME}:midi_in", dump.port], name="clock-sender")
                try:
                    pl.follow_clock(p)
                    at = clock.now() + RATE // 2
                    ticks = clock.play(at, [(120, 24 * 4), (90, 24 * 4)])      # one bar at each tempo
                    stop_at = ticks[-1] + 500
                    clock.send([(stop_at, bytes([0xFC]))])
                    time.sleep((stop_at - clock.now()) / RATE + 0.5)
                    state = pl.clock_state
                    at2 = clock.now() + RATE // 4
                    ticks2 = clock.play(at2, [(90, 24)], first=bytes([0xF2, 4, 0]))
                    clock.send([(at2, bytes([0xFB]))])
                    time.sleep((ticks2[-1] - clock.now()) / RATE + 0.3)
                finally:
                    clock.close()
            events = dump.stop()
    return events, state, len(ticks)


def test_following_a_midi_clock_start_tempo_change_stop_and_song_position():
    """A clock at 120 BPM, then 90: GrooveLoom's beat (its MIDI out, recorded beside the clock) starts on the
    first tick, keeps its kicks on the clock's beats within 1 ms, is at 90 BPM within 1% one beat after the
    change; Stop stops it; Song Position 4 + Continue goes on from beat 2 (its snare first)."""
    events, state, n_ticks = follow_take()
    assert state[:2] == ("midi", "stopped") and abs(state[2] - 90) < 0.9, state
    # the reference is the clock as it arrived (recorded beside GrooveLoom's notes, in the same frames): a
    # sender held back by a busy host delivers some ticks late, and following is following what arrives
    ons = [(f, b[1]) for f, b in events if len(b) == 3 and b[0] == 0x99 and b[2]]
    got_ticks = [f for f, b in events if b == bytes([0xF8])]
    assert len(got_ticks) == n_ticks + 24
    stop = next(f for f, b in events if b == bytes([0xFC]))
    first = [(f, n) for f, n in ons if f < stop]
    beats = got_ticks[:n_ticks:24]                                      # the clock's quarter notes
    want = [(beats[k], 36 if k % 2 == 0 else 38) for k in range(len(beats))]
    assert [n for _, n in first] == [n for _, n in want], (first, want)
    err = np.array([f for f, _ in first]) - np.array([f for f, _ in want])
    # the first downbeat: the Start and its tick are seen after the period they arrive in (then the feeder's
    # 2 ms poll, longer on a busy host), so that note comes late (5-11 ms measured); every beat after it is on
    # the clock's frame
    assert 0 <= err[0] <= 2 * 256 + RATE * 0.005, err
    assert np.abs(err[1:4]).max() <= RATE // 1000, err                      # 120 BPM: on the beat
    assert np.abs(err[5:]).max() <= RATE // 1000, err                       # 90, one beat after the change
    after = [(f, n) for f, n in ons if f > stop]
    resumed = got_ticks[n_ticks]                                        # the first tick after Continue
    late = after[0][0] - resumed if after else None
    assert after and after[0][1] == 38 and 0 <= late <= 2 * 256 + RATE * 0.005, (after, resumed)


def test_the_window_follows_a_midi_clock_and_says_so(make_window, qtbot, monkeypatch):
    """Transport > Follow MIDI clock, then Play: the status line says it waits for the clock's Start; a clock
    at 90 BPM starts the loop and the status line shows its tempo; Stop in the window stops following."""
    from ui.sound import SoundState
    monkeypatch.delenv("GROOVELOOM_AUDIO_DRIVER", raising=False)
    with jackserver.JackServer(rate=RATE, period=256):
        w = make_window(start_sound=True)
        qtbot.waitUntil(lambda: w.sound.state is SoundState.READY, timeout=20000)
        clock = Sender([f"{CLIENT_NAME}:midi_in"], name="clock-sender")
        try:
            w.actions["follow_clock"].trigger()
            w.transport.play_button.click()
            qtbot.waitUntil(lambda: "waiting for Start" in w.status.currentMessage(), timeout=3000)
            assert w.sound.player.timelines()[0] is None          # nothing plays before the clock starts
            clock.play(clock.now() + RATE // 4, [(90, 24 * 6)])
            qtbot.waitUntil(lambda: "Following MIDI clock: 90.0 BPM" in w.status.currentMessage(), timeout=4000)
            qtbot.waitUntil(lambda: abs(w.sound.player.timelines()[0].pattern.tempo - 90) < 0.9, timeout=1000)
            w.transport.play_button.click()
            # (the feeder publishes the stopped timeline at the end of its tick, after following ended)
            qtbot.waitUntil(lambda: w.sound.player.clock_state is None and w.sound.player.timelines()[0] is None,
                            timeout=2000)
        finally:
            clock.close()
            w.sound.close()
