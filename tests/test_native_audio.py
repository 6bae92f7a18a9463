"""The audio callback in C (engine/native/glaudio.c) against its Python twin, run in lockstep on the same
commands: identical audio, sample for sample; edits made while events are already queued ahead lose no
hit and double none; a stop cuts everything; a ring-out stop lets cymbals ring."""
import numpy as np
import pytest

from engine import native
from engine.drumkit import Row
from engine.project import Mixer
from engine.pattern import Pattern
from engine.performance import NO_HUMANIZE, Humanize
from engine.dispatch import CDispatch, PyDispatch
from engine.player import Player
from engine.scheduler import Scheduler
from engine.synth import SynthRig
from test_audio import detect_onsets

RATE, BLOCK = 48000, 256


@pytest.fixture(scope="module")
def lib():
    got = native.load()
    if got is None:   # make builds it; a missing compiler is the one reason to be here
        pytest.fail(f"glaudio.c did not build or load: {native.why_not}")
    return got


def _beat(tempo=120):
    p = Pattern((Row("Kick", 36), Row("Snare", 38), Row("Closed hat", 42)), np.zeros((3, 16)), tempo=tempo)
    for s in range(0, 16, 2):
        p = p.with_velocity(2, s, 80)
    for s in (0, 6, 10):
        p = p.with_velocity(0, s, 110)
    for s in (4, 12):
        p = p.with_velocity(1, s, 100)
    return p


def _run(kind, lib, script, blocks, ahead=0):
    """Play `script` ({block: command}) through a scheduler and dispatcher of `kind`; the scheduler runs
    `ahead` frames in front of the audio, as the feeder thread does."""
    rig = SynthRig(samplerate=RATE)
    disp = CDispatch(rig, lib) if kind == "c" else PyDispatch(rig)
    sched = Scheduler(rig, disp)
    buf = np.zeros((BLOCK, 2), np.float32)
    out = []
    try:
        for b in range(blocks):
            if b in script:
                sched.inbox.put(script[b])
            sched.tick(disp.frame + ahead, disp.frame)
            if kind == "c":
                disp.render(BLOCK, buf.ctypes.data)
            else:
                disp.render(BLOCK, buf.ctypes.data, buf.ctypes.data + 4, 2)
            out.append(buf.copy())
        return np.concatenate(out), disp.stats()
    finally:
        disp.close()
        rig.delete()


def _script(p):
    edited = p.with_velocity(1, 14, 100)                   # a snare on the last 16th
    full = (0, p.n_steps)
    mixer = Mixer()
    return {
        0: ("play", p, mixer, Humanize(timing_ms=8, velocity=10, seed=3), True, True, full),   # count-in, metronome
        300: ("pattern", edited, full),
        420: ("mixer", mixer.with_row(42, volume=0.5, pan=-0.5)),
        500: ("options", NO_HUMANIZE, False),
        700: ("stop", True),                                 # ring out
        760: ("play", p, mixer, NO_HUMANIZE, False, False, full),
        900: ("stop", False),                                # cut
    }


@pytest.mark.parametrize("ahead", [0, 3 * BLOCK])
def test_c_and_python_dispatch_render_the_same_samples(lib, ahead):
    script = _script(_beat())
    c, c_stats = _run("c", lib, script, 1000, ahead)
    py, py_stats = _run("py", lib, script, 1000, ahead)
    assert np.abs(c).max() > 0.05
    assert np.array_equal(c, py)
    assert c_stats["dispatched"] == py_stats["dispatched"] > 40
    assert c_stats["late"] == py_stats["late"] == 0


def test_an_edit_with_events_queued_ahead_loses_no_hit_and_doubles_none(lib):
    """The feeder runs a few blocks ahead: steps between the audio and the feeder are already queued when
    an edit arrives; they must sound once, and the edit from the next step the feeder had not reached."""
    p = Pattern((Row("Claves", 75),), np.zeros((1, 16)), tempo=120)
    for s in range(0, 16, 4):
        p = p.with_velocity(0, s, 110)                    # a click on every beat: 0.5 s apart
    edited = p.with_velocity(0, 6, 110)                   # one more between beats 2 and 3
    full = (0, 16)
    # play, then edit 1.02 s in (just after beat 3 at 1.0 s); beat 4 (1.5 s) and the next bar follow
    script = {0: ("play", p, None, NO_HUMANIZE, False, False, full),
              int(1.02 * RATE / BLOCK): ("pattern", edited, full)}
    for ahead in (0, 2 * BLOCK, 8 * BLOCK):
        audio, st = _run("c", lib, script, int(3.0 * RATE / BLOCK), ahead)
        t = detect_onsets(audio, RATE) / RATE
        t = t - t[0]
        # 0, 0.5, 1.0, 1.5 (bar 1), 2.0, 2.5, 2.75 (the edit), 3.0 - cut at 3 s
        assert np.allclose(t[:7], [0, 0.5, 1.0, 1.5, 2.0, 2.5, 2.75], atol=0.002), (ahead, t)
        assert st["late"] == 0


def test_stop_cuts_and_ring_out_lets_the_crash_ring(lib):
    p = Pattern((Row("Crash", 49),), np.zeros((1, 16)), tempo=120).with_velocity(0, 0, 120)
    full = (0, 16)
    play = ("play", p, None, NO_HUMANIZE, False, False, full)
    at = int(0.3 * RATE / BLOCK)
    for ring in (False, True):
        audio, _ = _run("c", lib, {0: play, at: ("stop", ring)}, at + 40)
        tail = np.abs(audio[(at + 2) * BLOCK:]).max()
        assert (tail > 0.01) if ring else (tail < 1e-4), (ring, tail)


def test_player_reports_the_c_callback_and_falls_back_to_python(lib):
    with Player(driver="null") as pl:
        assert pl.native
        pl.play(_beat())
        import time
        time.sleep(0.3)
        assert pl.stats()["dispatched"] > 0
    with Player(driver="null", native=False) as pl:
        assert not pl.native and "Python" in pl.stats()["priority"]
