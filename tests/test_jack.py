"""Live playback heard through a real audio server: a JACK server with its dummy backend (no sound card),
GrooveLoom's output recorded by jack_rec, xruns counted from what the server reports. `make test` installs
jackd2; where jackd is missing this says so and skips."""
import threading
import time

import numpy as np
import pytest

import jackserver
from engine.drumkit import Row
from engine.jack import CLIENT_NAME
from engine.pattern import Pattern
from engine.player import Player
from engine.timing import step_seconds
from test_audio import _probe_pattern, detect_onsets

RATE = 48000


@pytest.fixture(scope="module")
def jack():
    if not jackserver.available():
        pytest.skip("jackd / jack_rec not installed (Debian package jackd2; make test installs it)")
    with jackserver.JackServer(rate=RATE, period=256) as server:
        time.sleep(1.0)      # a server's first second is not the one to measure
        yield server


def _left_port(jack) -> str:
    return f"{CLIENT_NAME}:out_L"      # GrooveLoom's own JACK client (glaudio.c serves its callback)


def _record(jack, path, seconds, during):
    audio, sr = jack.record(_left_port(jack), path, seconds, during)
    assert sr == RATE
    return audio


@pytest.mark.parametrize("tempo,grid,swing", [(60, 16, 0.5), (120, 32, 0.62), (200, 16, 0.6), (120, 16, 0.5)])
def test_live_onsets_through_jack_within_1_5_ms(jack, tmp_path, tempo, grid, swing):
    p, steps = _probe_pattern(tempo, grid, swing)
    before = jack.xruns()
    with Player(driver="jack", samplerate=RATE) as pl:
        assert pl.status == "ok" and pl.native, (pl.status, pl.native)
        audio = _record(jack, tmp_path / "live.wav", 0.6 + 2 * p.duration_seconds, lambda t0: pl.play(p))
        pl.stop()
        assert pl.stats()["late"] == 0
    # an xrun spoils the recording (frames skipped): the take fails, and is taken again where the host
    # watch saw the host cause it (conftest.pytest_pyfunc_call)
    assert jack.xruns() == before, jack.log()[-1500:]
    found = detect_onsets(audio, RATE)
    one = step_seconds(p, steps)
    ideal = np.concatenate([one + k * p.duration_seconds for k in range(3)]) * RATE
    n = min(len(found), len(ideal))
    assert n >= len(steps) + 2, (len(found), len(steps))
    err = found[:n] - (ideal[:n] - ideal[0] + found[0])
    err_ms = (err - np.median(err)) / RATE * 1000
    assert np.abs(err_ms).max() <= 1.5, err_ms


def test_edits_land_on_the_next_step_and_stop_leaves_silence(jack, tmp_path):
    p = Pattern((Row("Claves", 75),), np.zeros((1, 16)), tempo=120).with_velocity(0, 0, 110)  # a 2 s loop
    edited = p.with_velocity(0, 8, 110)      # a second click on beat 3 (1 s into the loop)
    marks = {}
    with Player(driver="jack", samplerate=RATE) as pl:
        def during(t0):
            pl.play(p)
            time.sleep(1.25)                 # beat 3 of the first pass has gone by
            pl.set_pattern(edited)
            time.sleep(2.2)                  # the second pass plays beat 3
            pl.stop()
            marks["stop"] = time.monotonic() - t0
        audio = _record(jack, tmp_path / "edit.wav", 4.5, during)
    rel = detect_onsets(audio, RATE) / RATE
    rel = rel - rel[0]                       # seconds from the first click
    assert np.allclose(rel, [0.0, 2.0, 3.0], atol=0.0015), rel   # beat 3 only once the edit was made
    # stop: silence from the next block or two on (no ringing tail, no stuck note)
    assert np.abs(audio[int((marks["stop"] + 0.05) * RATE):]).max() < 1e-3


def test_no_xruns_while_python_is_busy_and_the_drummer_generates(jack, drummer):
    """9 rows of 32nds at 180 BPM through JACK at 256 frames (5.3 ms), while two Python threads spin
    (the GUI thread painting, say) and the real drummer generates bars: the server blames no xrun on
    GrooveLoom and no note reaches the audio thread late. (With the Python callback this load gave 242-379
    xruns in 8 s.) On this shared 2-core VM the host now and then holds even a real-time thread back (one
    xrun in about one run of ten on a quiet day, one in two on a busy one; on 2026-12-07 two fresh-clone runs
    of three saw 2 xruns in a take while the host watch's worst stall was 1.2 ms, under its quarter period):
    up to three takes decide, as before the watch; a test whose takes the host all spoiled is retaken or
    skipped by the watch (tests/hostwatch.py). No note late is asked of every take: that is GrooveLoom's."""
    p = Pattern(tuple(Row(f"r{n}", n) for n in (36, 38, 42, 46, 49, 51, 45, 48, 39)), np.full((9, 64), 90),
                grid=32, tempo=180)
    seed = Pattern((Row("Kick", 36), Row("Snare", 38), Row("Closed hat", 42)), np.zeros((3, 32)))
    seed = seed.with_velocity(0, 0, 100).with_velocity(1, 8, 100).with_velocity(2, 4, 80)
    takes = []
    for _take in range(3):
        takes.append(_busy_take(jack, drummer, p, seed))
        if takes[-1] == 0:
            break
    assert takes[-1] == 0, (takes, jack.log()[-2000:])


def _busy_take(jack, drummer, p, seed) -> int:
    """One 6 s take under the load; GrooveLoom's xruns in it (no note late, none dropped: asked of every take)."""
    before = jack.xruns(CLIENT_NAME)
    with Player(driver="jack", samplerate=RATE) as pl:
        pl.play(p)
        until = time.monotonic() + 6

        def spin():
            while time.monotonic() < until:
                sum(i * i for i in range(2000))

        def generate():
            while time.monotonic() < until:
                drummer.continue_(seed, bars=2)

        threads = [threading.Thread(target=f) for f in (spin, spin, generate)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        st = pl.stats()
    assert st["callbacks"] > 0.9 * 6 * RATE / 256
    assert st["late"] == 0 and st["dropped"] == 0, st
    return jack.xruns(CLIENT_NAME) - before


def test_kits_chosen_while_playing_change_without_an_xrun(jack):
    """Eight kit changes in 4 s of 16ths at 160 BPM through JACK (each kit's balance measured in a thread of its
    own, the kit selected by the feeder): no xrun, no late note, and the last kit chosen is the one playing."""
    p = Pattern((Row("Kick", 36), Row("Snare", 38), Row("Closed hat", 42)), np.full((3, 16), 100), tempo=160)
    before = jack.xruns(CLIENT_NAME)
    with Player(driver="jack", samplerate=RATE) as pl:
        kits = [k.name for k in pl.rig.kits]
        assert len(kits) >= 8, kits
        pl.play(p)
        time.sleep(0.5)
        for name in kits[1:9]:
            pl.set_kit(name)
            time.sleep(0.45)
        assert pl.rig.kit.name == kits[8]
        st = pl.stats()
    assert st["late"] == 0 and st["dropped"] == 0, st
    assert jack.xruns(CLIENT_NAME) - before == 0


def test_without_a_named_driver_a_running_jack_server_is_used_at_its_rate(jack):
    with Player() as pl:
        assert pl.driver_name == "jack" and pl.samplerate == RATE and pl.status == "ok"
        time.sleep(0.3)
        assert pl.describe().startswith("jack: 256-frame periods at 48000 Hz, latency 10.7 ms (C callback")


def test_a_player_whose_server_died_closes_after_a_new_server_is_opened():
    """The server is killed under a playing player, started again, and a new player opens on it (Transport >
    Audio output picking the device up again); closing the old player after that must not touch the handle
    libjack already freed (it crashed the app: a segmentation fault in jack_deactivate)."""
    with jackserver.JackServer(rate=RATE, period=256, name=f"grooveloom-restart-{time.time_ns()}") as server:
        old = Player(driver="jack", samplerate=RATE)
        old.play(_probe_pattern(120, 16, 0.5)[0])
        time.sleep(0.3)
        server.proc.kill()
        server.proc.wait()
        deadline = time.monotonic() + 5
        while not old._dispatch.jack_stats()["shutdown"] and time.monotonic() < deadline:
            time.sleep(0.05)
        assert old._dispatch.jack_stats()["shutdown"] == 1        # the C side heard the server go
        server.start()
        with Player(driver="jack", samplerate=RATE) as new:
            assert new.status == "ok" and new.driver_name == "jack"
            old.close()
            frames = new.frames
            time.sleep(0.3)
            assert new.frames > frames                            # the new one plays on
