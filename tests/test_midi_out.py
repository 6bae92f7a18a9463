"""MIDI out, live, through a real JACK server (dummy backend): GrooveLoom's own JACK client sends the pattern
as MIDI notes from the same event list and cycle as its synth, each at its frame inside the period; a real
JACK client (jack_midi_dump) records them with their frames. The ideal frame of every note is where the
MIDI export puts it (engine.midi.write.pattern_notes: swing, rolls, flams), from the Start message on."""
import shutil
import time

import numpy as np
import pytest

import jackserver
from engine.drumkit import Row
from engine.jack import CLIENT_NAME
from engine.midi.write import pattern_notes
from engine.midiout import MidiOut
from engine.pattern import Pattern
from engine.player import Player
from engine.rolls import Roll

RATE = 48000
TOLERANCE = RATE // 1000          # 1 ms

pytestmark = pytest.mark.skipif(not (jackserver.available() and shutil.which("jack_midi_dump")),
                                reason="jackd / jack_midi_dump not installed (Debian package jackd2)")


def groove() -> Pattern:
    """One bar at 120 BPM, swung 62% on 16ths: kicks, a flammed snare, 16th hats with a roll x3 rising and a
    roll x2, an open hat on an off-beat."""
    rows = (Row("Kick", 36), Row("Snare", 38), Row("Closed hat", 42), Row("Open hat", 46))
    p = Pattern(rows, np.zeros((4, 16)), tempo=120, swing=0.62, swing_unit=16)
    for s in (0, 7, 8):
        p = p.with_velocity(0, s, 110)
    for s in (4, 12):
        p = p.with_velocity(1, s, 105).with_roll(1, s, Roll(1, "flat", True))
    for s in range(16):
        if s != 14:
            p = p.with_velocity(2, s, 60 + 30 * (s % 4 == 0))
    p = p.with_roll(2, 10, Roll(3, "up")).with_roll(2, 13, Roll(2))
    return p.with_velocity(3, 14, 90)


def ideal_note_ons(p: Pattern, passes: int) -> list[tuple[int, int, int]]:
    """(frame from the Start message, note, velocity) of every note-on of `passes` passes, as exported."""
    rows, on_q, _off, vel, _grace = pattern_notes(p)
    fpq = RATE * 60.0 / p.tempo
    span = p.n_steps / p.steps_per_quarter
    out = []
    for k in range(passes):
        out += [(int(round((q + k * span) * fpq)), p.rows[r].note, int(v)) for r, q, v in zip(rows, on_q, vel)]
    return sorted(out)


def _take(p: Pattern, seconds: float, midi: MidiOut, during=None):
    """Play p for `seconds` with the MIDI out recorded; (events, player stats, JACK client stats)."""
    with jackserver.MidiDump() as dump:
        with Player(driver="jack", midi_to=dump.port) as pl:
            assert pl.status == "ok" and pl.native and pl.jack.midi_connected == 1, pl.status
            pl.set_midi(midi)
            pl.play(p)
            if during:
                during(pl)
            time.sleep(seconds)
            pl.stop()
            time.sleep(0.25)
            st, jst = pl.stats(), pl._dispatch.jack_stats()
        events = dump.stop()
    return events, st, jst


def _clean_take(p, seconds, midi, during=None):
    """A take without xruns: the events of frames an xrun skipped come late, so a take with one fails (and
    is taken again where the host watch saw the host cause it: tests/hostwatch.py)."""
    events, st, jst = _take(p, seconds, midi, during)
    assert st["late"] == 0 and jst["skipped"] == 0, (st, jst)
    return events, st, jst


@pytest.mark.parametrize("period", [64, 256, 1024])
def test_every_note_at_its_frame_none_missing_none_extra_none_hung(period):
    p = groove()                                     # 2 s a pass
    with jackserver.JackServer(rate=RATE, period=period):
        events, st, jst = _clean_take(p, 2 * p.duration_seconds + 0.3, MidiOut(clock=True))
    assert jst["midi_lost"] == 0
    starts = [f for f, b in events if b == bytes([0xFA])]
    assert len(starts) == 1, events[:5]
    t0 = starts[0]
    stop = next(f for f, b in events if b == bytes([0xFC])) - t0
    ons = sorted((f - t0, b[1], b[2]) for f, b in events if len(b) == 3 and b[0] == 0x99 and b[2] > 0)
    offs = [(f - t0, b[1]) for f, b in events if len(b) == 3 and b[0] == 0x89]
    ideal = [e for e in ideal_note_ons(p, 3) if e[0] < stop]
    assert len(ideal) > 2 * 20
    # 0 missing, 0 extra: the same notes with the same velocities, each within 1 ms of its ideal frame
    assert [(n, v) for _, n, v in ons] == [(n, v) for _, n, v in ideal], (len(ons), len(ideal))
    err = np.array([f for f, _, _ in ons]) - np.array([f for f, _, _ in ideal])
    assert np.abs(err).max() <= TOLERANCE, err
    # 0 hung: every note-on has its note-off by the Stop, none after it
    assert len(offs) == len(ons) and max(f for f, _ in offs) <= stop
    # the clock: 24 a quarter, one every 1000 frames at 120 BPM, from the Start on
    ticks = np.array([f - t0 for f, b in events if b == bytes([0xF8])])
    assert ticks[0] == 0 and np.abs(np.diff(ticks) - RATE * 60 / 120 / 24).max() <= 1, np.diff(ticks)


def test_an_edit_goes_out_from_the_next_step_and_the_synth_can_be_off(tmp_path):
    """A hit added while playing is sent from the next pass on; with the synth off only MIDI goes out (the
    audio port records silence)."""
    p = Pattern((Row("Kick", 36), Row("Snare", 38)), np.zeros((2, 16)), tempo=120).with_velocity(0, 0, 100)
    edited = p.with_velocity(1, 8, 90)                  # a snare on beat 3 (1 s into the 2 s loop)
    with jackserver.JackServer(rate=RATE, period=256) as jack:
        audio = {}

        def during(pl):
            time.sleep(1.25)                            # beat 3 of the first pass has gone by
            pl.set_pattern(edited)
            audio["rec"] = jack.record(f"{CLIENT_NAME}:out_L", tmp_path / "out.wav", 2.0)[0]

        events, _st, _jst = _clean_take(p, 0.9, MidiOut(synth=False), during)
    ons = [(f, b[1]) for f, b in events if len(b) == 3 and b[0] == 0x99]
    t0 = ons[0][0]
    got = [(round((f - t0) / RATE, 3), n) for f, n in ons]
    assert got[:4] == [(0.0, 36), (2.0, 36), (3.0, 38), (4.0, 36)], got
    assert np.abs(audio["rec"]).max() < 1e-4


def test_a_recorder_that_goes_away_leaves_playback_going():
    """The MIDI out's peer vanishes (its client killed): the client sees no connection, the synth plays on."""
    p = Pattern((Row("Kick", 36),), np.zeros((1, 16)), tempo=120).with_velocity(0, 0, 100)
    with jackserver.JackServer(rate=RATE, period=256):
        dump = jackserver.MidiDump().start()
        with Player(driver="jack", midi_to=dump.port) as pl:
            pl.play(p)
            time.sleep(0.5)
            dump.proc.kill()
            dump.stop()
            deadline = time.monotonic() + 1.0
            while pl.jack.midi_connected and time.monotonic() < deadline:
                time.sleep(0.02)
            assert pl.jack.midi_connected == 0
            before = pl.frames
            time.sleep(0.3)
            assert pl.frames - before > 0.2 * RATE and not pl.device_lost() and pl.error is None


def test_the_cli_lists_ports_and_plays_to_one(tmp_path):
    from conftest import make_midi, run_cli
    seed = make_midi(tmp_path / "seed.mid", [(0, 36, 110, 60), (480, 38, 100, 60), (960, 36, 90, 60)], tempo=120)
    r = run_cli("ports")
    assert r.returncode == 0 and "no JACK server is running" in r.stdout, r.stdout
    with jackserver.JackServer(rate=RATE, period=256):
        with jackserver.MidiDump() as dump:
            r = run_cli("ports")
            assert r.returncode == 0 and f"  {dump.port}" in r.stdout, r.stdout
            r = run_cli("play", seed, "--midi-out", dump.port, "--clock", "--channel", "2", "--no-synth",
                        "--loops", "1")
            assert r.returncode == 0 and "MIDI out GrooveLoom:midi_out (channel 2, clock, synth off)" in r.stdout, r
            events = dump.stop()
        r = run_cli("play", seed, "--midi-out", "nosuch:port", "--loops", "1")
        assert r.returncode == 2 and r.stderr.strip() == "error: no JACK MIDI input 'nosuch:port' (python main.py " \
            "ports lists them)", r.stderr
    ons = [b for _, b in events if len(b) == 3 and b[0] == 0x91]
    assert [(b[1], b[2]) for b in ons] == [(36, 110), (38, 100), (36, 90)], events
    assert bytes([0xFA]) in [b for _, b in events] and bytes([0xFC]) in [b for _, b in events]


def test_the_window_plays_to_a_port_and_says_when_it_goes_away(make_window, qtbot, monkeypatch):
    """Transport > MIDI output... chooses the port, channel and clock; Play sends the beat there; the port's
    program quits mid-play: within a second the window says so and plays on."""
    from ui.sound import SoundState
    monkeypatch.delenv("GROOVELOOM_AUDIO_DRIVER", raising=False)
    with jackserver.JackServer(rate=RATE, period=256):
        dump = jackserver.MidiDump().start()
        w = make_window(start_sound=True)
        qtbot.waitUntil(lambda: w.sound.state is SoundState.READY, timeout=20000)
        assert w.sound.player.driver_name == "jack" and w.sound.player.jack is not None
        w.prompts.answers["midi_output"] = lambda _now: (dump.port, 10, True, True)
        w.actions["midi_output"].trigger()
        assert dump.port in w.prompts.offered               # the dialog listed the running server's inputs
        assert w.settings.value("midi_port") == dump.port and w.midi_out.connected_to == dump.port
        assert f"MIDI \u2192 {dump.port}" in w.output_label.text()
        w.transport.play_button.click()
        qtbot.wait(1200)
        dump.proc.kill()
        events = dump.stop()
        qtbot.waitUntil(lambda: "went away" in w.status.currentMessage(), timeout=1000)
        assert w.sound.playing and w.sound.state is SoundState.READY
        f0 = w.sound.player.frames
        qtbot.wait(300)
        assert w.sound.player.frames - f0 > 0.2 * RATE
        w.transport.play_button.click()
        w.sound.close()
    ons = [b for _, b in events if len(b) == 3 and b[0] == 0x99 and b[2]]
    assert ons and bytes([0xFA]) in [b for _, b in events], events[:5]


def test_each_rows_channel_and_note_go_out_as_mapped():
    """A row map as a file has it (the snare to channel 2 note 40, the open hat to note 47): those hits go out
    there, with their note-offs, at the frames and velocities as drawn; the other rows unchanged on 10."""
    from engine.midiout import remap_of, routes_from_json
    p = groove()
    routes = routes_from_json({"38": {"channel": 2, "note": 40}, "46": {"note": 47}})
    with jackserver.JackServer(rate=RATE, period=256):
        events, _st, jst = _clean_take(p, p.duration_seconds + 0.3, MidiOut(remap=remap_of(routes), clock=True))
    assert jst["midi_lost"] == 0
    t0 = next(f for f, b in events if b == bytes([0xFA]))
    stop = next(f for f, b in events if b == bytes([0xFC])) - t0
    notes = [(f - t0, b[0], b[1], b[2]) for f, b in events if len(b) == 3 and b[0] & 0xE0 == 0x80]
    ons = sorted((f, s & 0x0F, n, v) for f, s, n, v in notes if s & 0xF0 == 0x90 and v)
    want = {38: (1, 40), 46: (9, 47)}
    ideal = [(f, *want.get(n, (9, n)), v) for f, n, v in ideal_note_ons(p, 2) if f < stop]
    assert [e[1:] for e in ons] == [e[1:] for e in ideal], (ons[:8], ideal[:8])
    assert np.abs(np.array([e[0] for e in ons]) - np.array([e[0] for e in ideal])).max() <= TOLERANCE
    assert {(1, 40), (9, 47), (9, 36), (9, 42)} <= {(c, n) for _f, c, n, _v in ons}
    offs = sorted((s & 0x0F, n) for f, s, n, v in notes if s & 0xF0 == 0x80)
    assert offs == sorted((c, n) for _f, c, n, _v in ons)              # each off on its note-on's channel and note
