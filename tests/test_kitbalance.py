"""Kit balance: GMD's soft e-kit kicks measured as loudness on the real GM kit and balanced against
the snare by a velocity curve and the kick's channel; a row's own curve from the mixer; sound only."""
import json

import numpy as np
import pytest

from engine.drumkit import Row
from engine.errors import ProjectFileError
from engine.kitbalance import (GMD_TYPICAL, MAX_CURVE, MAX_GAIN, MIN_CURVE, curve_velocity, measure_kit)
from engine.midi import pattern_to_midi
from engine.pattern import Pattern
from engine.project import Mixer, Project, project_from_dict, project_to_dict
from engine.render import render
from engine.soundfont import default_soundfont, load_fluidsynth
from engine.synth import SynthRig

KICK, SNARE = 36, 38


def hit_levels(audio: np.ndarray, onsets: np.ndarray, sr: int) -> np.ndarray:
    """dBFS of the loudest 10 ms after each onset (within 0.25 s), as engine.kitbalance measures a hit."""
    w, out = int(0.01 * sr), []
    for s in onsets:
        x = audio[int(s):int(s) + int(0.25 * sr)].mean(axis=1)
        out.append(20 * np.log10(np.sqrt((x[:len(x) // w * w].reshape(-1, w) ** 2).mean(axis=1)).max() + 1e-12))
    return np.array(out)


def kick_and_snare(kick_vel=GMD_TYPICAL[KICK], snare_vel=GMD_TYPICAL[SNARE]) -> Pattern:
    hits = np.zeros((2, 16), np.uint8)
    hits[0, 0], hits[1, 8] = kick_vel, snare_vel            # a kick and a snare, half a bar apart, alone
    return Pattern((Row("Kick", KICK), Row("Snare", SNARE)), hits, tempo=60)


def test_curves_keep_order_and_ends():
    v = np.arange(0, 128)
    for c in (MIN_CURVE, 0.5, 1.0, 1.5, MAX_CURVE):
        out = curve_velocity(v, c)
        assert out[0] == 0 and out[127] == 127 and np.all(out[1:] >= 1) and np.all(np.diff(out) >= 0)
    assert curve_velocity(64, 0.5) > 64 > curve_velocity(64, 1.5)


def test_the_gm_kit_is_measured_as_loudness_and_its_kick_balanced():
    """On the real soundfont GMD's typical kick (64) sounds far under its typical backbeat (116); the kit's
    balance brings it within 3 dB of the snare, soft kicks still softer than hard ones."""
    kl = measure_kit(load_fluidsynth(), default_soundfont(None), 0)
    assert np.all(np.diff(kl.levels[KICK]) >= 0) and kl.levels[KICK][-1] > kl.levels[KICK][0] + 20
    raw = kl.balance_db({})
    assert raw < -8, f"the kit's kick at 64 is only {raw:.1f} dB under the snare at 116"
    bal = kl.balance()
    curve, gain = bal[KICK]
    assert MIN_CURVE <= curve < 1.0 and 1.0 < gain <= MAX_GAIN
    assert -3.5 <= kl.balance_db(bal) <= 0.5
    assert curve_velocity(40, curve) < curve_velocity(64, curve) < curve_velocity(100, curve)


def test_a_rendered_kick_sits_with_the_snare_and_a_rows_own_curve_replaces_the_kits():
    p = kick_and_snare()
    r = render(p, tail=0.5)
    kick, snare = hit_levels(r.audio, r.onsets, r.samplerate)
    assert -4.0 <= kick - snare <= 1.0, (kick, snare)                 # balanced, as heard in the WAV
    own = Mixer().with_row(KICK, curve=1.0)                             # the user's own: as written
    r1 = render(p, tail=0.5, mixer=own)
    k1, s1 = hit_levels(r1.audio, r1.onsets, r1.samplerate)
    assert k1 - s1 < kick - snare - 6 and abs(s1 - snare) < 0.5     # the kit's weak kick, the snare as it was
    rig = SynthRig()
    try:
        assert rig.velocity(KICK, 64) == curve_velocity(64, rig.kit_balance[KICK][0]) > 64
        rig.apply_mixer([KICK, SNARE], own)
        assert rig.velocity(KICK, 64) == 64 and rig.velocity(SNARE, 116) == 116
    finally:
        rig.delete()
    # a MIDI export keeps the velocities as written: the DAW's kit is not this one
    mid = pattern_to_midi(p)
    vels = sorted(m.velocity for t in mid.tracks for m in t if m.type == "note_on" and m.velocity)
    assert vels == [GMD_TYPICAL[KICK], GMD_TYPICAL[SNARE]]


def test_a_rows_curve_is_saved_and_a_bad_one_named():
    proj = Project((kick_and_snare(),), ("A",))
    proj = Project(proj.patterns, proj.names, mixer=Mixer().with_row(KICK, curve=0.6))
    back = project_from_dict(json.loads(json.dumps(project_to_dict(proj))))
    assert back.mixer.row(KICK).curve == pytest.approx(0.6) and back.mixer.row(SNARE).curve is None
    d = project_to_dict(proj)
    for bad in (5, -1, "steep", float("nan")):
        d["mixer"]["rows"]["36"]["curve"] = bad
        with pytest.raises(ProjectFileError, match="mixer.rows.36.curve"):
            project_from_dict(json.loads(json.dumps(d)))


def test_the_window_shows_the_kits_curve_and_takes_a_rows_own(make_window, qtbot):
    from ui.prompts import ScriptedPrompts
    w = make_window(start_sound=True, prompts=ScriptedPrompts(integer=60))
    qtbot.waitUntil(lambda: KICK in w.grid.kit_curves and w.sound.player is not None, timeout=20000)
    kit_curve = w.grid.kit_curves[KICK]
    assert kit_curve < 1.0 and w.rows.kit_curves[KICK] == kit_curve
    r = [row.note for row in w.doc.pattern.rows].index(KICK)
    assert f"velocity curve {kit_curve:g} (the kit's balance" in w.grid.header_tip(r)
    assert w.grid.row_curve(KICK) == (kit_curve, False)
    c = w.rows.ask_curve(r)                                      # the user types 60
    assert c == 0.6 and w.prompts.asked[-1] == ("integer", "Velocity curve")
    w.rows.set_curve(r, c)
    assert w.doc.project.mixer.row(KICK).curve == 0.6 and w.grid.row_curve(KICK) == (0.6, True)
    assert "(yours)" in w.grid.header_tip(r)
    rig = w.sound.player.rig
    w.sound.set_playing(True)
    qtbot.waitUntil(lambda: rig.velocity(KICK, 64) == curve_velocity(64, 0.6), timeout=5000)   # heard at once
    w.rows.set_curve(r, None)
    assert w.doc.project.mixer.row(KICK).curve is None
    qtbot.waitUntil(lambda: rig.velocity(KICK, 64) == curve_velocity(64, kit_curve), timeout=5000)
    w.sound.set_playing(False)
    w.doc.undo.undo()
    assert w.doc.project.mixer.row(KICK).curve == 0.6
