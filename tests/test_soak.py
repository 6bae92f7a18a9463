"""One minute of a person using the real window (tests/soak.py): Xvfb with the xcb platform, xdotool input,
sound through a JACK server, the real drummer. Fails on an abort, a freeze, a traceback or 'Error' on
stderr, a file that is not saved, JACK xruns (more than a host hiccup's few), or an exit status other than 0."""
import json
import subprocess
import sys

from conftest import ROOT


MAX_XRUNS = 3     # JACK periods GrooveLoom's client may miss in a minute (the Python callback missed hundreds)


def _take():
    cmd = [sys.executable, str(ROOT / "tests" / "soak.py"), "--minutes", "1", "--require-jack", "--rss-limit", "0.15"]
    res = subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=420)
    assert res.returncode == 0, res.stdout[-6000:] + res.stderr[-3000:]
    return json.loads(res.stdout.strip().splitlines()[-1])


def test_soak_real_window_one_minute():
    import hostwatch
    figures = _take()
    # the soak's JACK server (44.1 kHz, 256 frames) ran in its own process: its xruns are told to the host
    # watch, which retakes the test where the host explains them (a busy shared host holds a real-time thread
    # back now and then: a fresh-clone run once saw 4, a degraded one 17; the Python callback missed hundreds)
    hostwatch.note_xruns(1000 * 256 / 44100, figures["jack_xruns"] or 0)
    assert figures["edits"] >= 100 and figures["generations"] >= 1 and figures["saves"] >= 2, figures
    assert figures["reopens"] >= 1 and figures["auditions"] >= 1 and figures["rolls_seen"] >= 1, figures
    assert figures["audio_frames_per_s"] > 40000, figures   # the audio thread kept up in real time
    # ... and hardly missed a JACK period: a Python audio callback missed hundreds a minute; the C one none
    # in the JACK tests, but on a shared VM the host can hold a real-time thread back now and then
    assert figures["jack_xruns"] <= MAX_XRUNS, figures
