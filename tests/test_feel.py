"""The feel model (first part): GMD performances read with each hit's microtiming, the baselines,
a tiny real model trained here, exported to LiteRT and run without TensorFlow, `humanize` on the CLI."""
import numpy as np
import pytest

from conftest import make_midi, run_cli
from engine.midi import read_midi
from models.feel import CountBaseline, Feel, baselines, feel_report, pattern_feel
from models.performances import WINDOW, load_performances, read_performance, windows


@pytest.fixture(scope="module")
def tiny_feel(tmp_path_factory, gmd):
    from models.feel_train import train_and_export
    out = tmp_path_factory.mktemp("feel")
    card = train_and_export(str(gmd), str(out), epochs=2, limit=4, ensemble=2, filters=16, dilations=(1, 2))
    assert card["train_windows"] > 50 and min(card["validation_loss"]) > 0 and card["ensemble"] == 2
    return out


def test_a_performance_keeps_each_hits_offset(tmp_path):
    # a kick 30 ticks late and a snare 20 early at 480 PPQ, 120 BPM: +0.25 and -0.167 of a 16th (62.5 ms)
    f = make_midi(tmp_path / "p.mid", [(30, 36, 100, 30), (480 - 20, 38, 80, 30), (960, 42, 60, 30)], tempo=120)
    p = read_performance(str(f))
    assert p.vel[0, 0] == 100 and p.vel[4, 1] == 80 and p.vel[8, 2] == 60
    assert p.offset[0, 0] == pytest.approx(0.25) and p.offset[4, 1] == pytest.approx(-20 / 120)
    assert p.step_ms == pytest.approx(125.0)


def test_baselines_on_real_gmd(gmd):
    perfs = load_performances(str(gmd), ("train", "test"), limit=6)
    train = windows([p for p in perfs if p.split == "train"])
    test = windows([p for p in perfs if p.split == "test"], hop=WINDOW)
    b = baselines(train, test)
    assert set(b) == {"none", "random humanize", "style/voice/position means"}
    # velocities by position beat a flat 100 by far; timing means beat no offsets
    assert b["style/voice/position means"]["velocity_mae"] < 0.8 * b["none"]["velocity_mae"]
    assert b["style/voice/position means"]["timing_mae_ms"] < b["none"]["timing_mae_ms"]
    off, vel = CountBaseline(*train[:4]).predict(test[0], test[3])
    assert np.all(off[~test[0]] == 0) and np.all(vel[~test[0]] == 0)


def test_the_tiny_model_runs_without_tensorflow_and_humanizes(tiny_feel, gmd, tmp_path):
    feel = Feel(str(tiny_feel))
    src = make_midi(tmp_path / "beat.mid", [(k * 240, 42, 100, 30) for k in range(16)]
                    + [(k * 960, 36, 100, 30) for k in range(4)] + [(480 + k * 960, 38, 100, 30) for k in range(4)])
    p = read_midi(src).pattern
    dt, vel = pattern_feel(feel, p, "funk", 1.0)
    assert dt.shape == p.hits.shape and np.all(vel[p.hits == 0] == 0) and np.all(vel[p.hits > 0] >= 1)
    assert np.any(dt[p.hits > 0] != 0) and np.any(vel[p.hits > 0] != 100)     # it moved and shaded something
    dt0, vel0 = pattern_feel(feel, p, "funk", 0.0)
    assert np.all(dt0 == 0) and np.array_equal(vel0, p.hits)                 # amount 0: the grid as drawn
    sn = p.row_index(38)
    shaped = p.with_velocity(sn, 4, 127).with_velocity(sn, 12, 30)           # accents and ghosts drawn
    dts, vels = pattern_feel(feel, shaped, "funk", 1.0)
    assert np.array_equal(vels[sn], shaped.hits[sn]) and np.any(dts[sn][shaped.hits[sn] > 0] != 0)
    assert np.array_equal(vels[p.row_index(42)], vel[p.row_index(42)])       # flat rows: the drummer's
    out = tmp_path / "played.mid"
    r = run_cli("humanize", src, "-o", out, "--style", "funk", "--model-dir", tiny_feel)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    again = read_midi(out, grid=16)
    assert again.report.moved > 0 and again.pattern.total_hits == p.total_hits   # played off the grid, all hits
    r = run_cli("humanize", src, "-o", src, "--model-dir", tiny_feel)
    assert r.returncode == 2 and "the output is an input of this command" in r.stderr
    rep = feel_report(feel, str(gmd), limit=3)
    assert rep["model"]["timing_mae_ms"] > 0 and set(rep["targets"]) == {"feel_timing_15pct", "feel_velocity_15pct"}


def test_humanize_adds_ghost_notes_by_seed(tiny_feel, tiny_model, tmp_path):
    """humanize --ghosts: the beat's hits all kept, soft snares added where the drummer would, the same for
    the same seed; without --ghosts none are added."""
    import shutil
    both = tmp_path / "models"
    shutil.copytree(tiny_model, both)
    for f in ("feel.tflite", "feel.json"):
        shutil.copy(tiny_feel / f, both / f)
    src = make_midi(tmp_path / "beat.mid", [(k * 240, 42, 100, 30) for k in range(16)]
                    + [(k * 960, 36, 100, 30) for k in range(4)] + [(480 + k * 960, 38, 100, 30) for k in range(4)])
    outs = []
    for k, extra in enumerate((["--ghosts", "100", "--seed", "2"], ["--ghosts", "100", "--seed", "2"], [])):
        out = tmp_path / f"out{k}.mid"
        r = run_cli("humanize", src, "-o", out, "--style", "funk", "--amount", "0", "--model-dir", both, *extra)
        assert r.returncode == 0, r.stderr
        outs.append(read_midi(out, grid=16).pattern)
    a, b, plain = outs
    assert np.array_equal(a.hits, b.hits) and plain.total_hits == 24
    assert a.total_hits > plain.total_hits and ((a.hits > 0) >= (plain.hits > 0)).all()
    sn = a.row_index(38)
    new = (a.hits[sn] > 0) & (plain.hits[sn] == 0)
    assert (a.hits[sn][new] <= 50).all()
    assert not ((a.hits > 0) != (plain.hits > 0))[np.arange(len(a.rows)) != sn].any()


def test_feel_in_the_window_is_heard_rendered_and_exported(make_window, qtbot, tiny_feel, tiny_model, tmp_path):
    """Feel 100% in the transport: MIDI export carries the played timing (off the grid), the WAV differs
    from the drawn grid's, the live player plays it; 0%: the grid exactly. One undo step, saved in the project."""
    import shutil
    from engine.performance import PlayedFeel
    from engine.wav import read_wav
    from ui.sound import SoundState
    both = tmp_path / "models"
    shutil.copytree(tiny_model, both)
    for f in ("feel.tflite", "feel.json"):
        shutil.copy(tiny_feel / f, both / f)
    w = make_window(model_dir=str(both), start_sound=True)
    qtbot.waitUntil(lambda: w.sound.feel_model is not None and w.sound.state is not SoundState.STARTING,
                    timeout=30000)
    assert w.transport.feel_box.isEnabled()
    undo = w.doc.undo.count()
    box = w.transport.feel_box
    box.setFocus()
    box.selectAll()
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest
    QTest.keyClicks(box, "100")                      # typed: one change when done, not 1, 10, 100
    QTest.keyClick(box, Qt.Key.Key_Return)
    assert w.doc.project.mixer.feel == 100 and w.doc.undo.count() == undo + 1
    w.transport.feel_style.setCurrentText("funk")
    w.transport.feelStyleChosen.emit("funk")
    assert w.doc.project.mixer.feel_style == "funk"
    played, plain = tmp_path / "played.mid", tmp_path / "plain.mid"
    assert not w.sound.feel_ready([w.doc.pattern])   # worked out in a worker, never on the GUI thread
    assert w.files.write_drag_file() is None          # (a drag now says to try again in a moment)
    midis = []
    assert w.files.export_midi(str(played), on_done=midis.append)
    qtbot.waitUntil(lambda: len(midis) == 1 and w.sound.feel_ready([w.doc.pattern]), timeout=30000)
    assert w.files.write_drag_file().endswith(".mid")
    wavs = []
    w.files.export_wav(str(tmp_path / "played.wav"), loops=1, on_done=wavs.append)
    qtbot.waitUntil(lambda: len(wavs) == 1, timeout=30000)
    w.sound.set_playing(True)
    assert isinstance(w.sound.player.humanize, PlayedFeel) and w.sound.player.humanize.offsets(
        w.doc.shown, *np.nonzero(w.doc.shown.hits))[0].any()
    before = w.sound.player.pattern
    w.doc.apply(w.doc.pattern.toggle(1, 3), "Toggle")     # an edit while playing: the player goes on with
    assert w.sound.player.pattern is before                # the last until the new one's feel is worked out,
    qtbot.waitUntil(lambda: w.sound.player.pattern is w.doc.shown, timeout=10000)   # then plays it with it
    assert w.sound.player.humanize.offsets(w.doc.shown, *np.nonzero(w.doc.shown.hits))[0].any()
    w.sound.set_playing(False)
    w.transport.feel_box.setValue(0)
    assert w.files.export_midi(str(plain))
    w.files.export_wav(str(tmp_path / "plain.wav"), loops=1, on_done=wavs.append)
    qtbot.waitUntil(lambda: len(wavs) == 2, timeout=30000)
    assert read_midi(played, grid=16).report.moved > 0 and read_midi(plain, grid=16).report.moved == 0
    a, _ = read_wav(tmp_path / "played.wav")
    b, _ = read_wav(tmp_path / "plain.wav")
    assert a.shape == b.shape and np.abs(a - b).max() > 0.05


def test_the_feel_model_loads_when_feel_is_first_turned_up(make_window, qtbot, tiny_feel, tiny_model, tmp_path):
    """At 0% feel the window holds no feel model (its interpreter is ~9 MB); turned up, it loads in a worker
    and plays; a damaged feel.tflite is named when it is first wanted, and the Feel control is switched off."""
    import shutil
    good, bad = tmp_path / "good", tmp_path / "bad"
    for folder in (good, bad):
        shutil.copytree(tiny_model, folder)
        for f in ("feel.tflite", "feel.json"):
            shutil.copy(tiny_feel / f, folder / f)
    (bad / "feel.tflite").write_bytes(b"TFL3" + bytes(64))
    w = make_window(model_dir=str(good))
    qtbot.waitUntil(lambda: w.sound.feel_model is not None, timeout=30000)
    assert w.transport.feel_box.isEnabled() and w.sound.feel_model._feel is None
    w.transport.feel_box.setValue(60)
    qtbot.waitUntil(lambda: w.sound.feel_ready([w.doc.pattern]), timeout=30000)
    assert w.sound.feel_model._feel is not None
    said = []
    w2 = make_window(model_dir=str(bad))
    w2.sound.message.connect(lambda text, _ms: said.append(text))
    qtbot.waitUntil(lambda: w2.sound.feel_model is not None, timeout=30000)
    assert w2.transport.feel_box.isEnabled()
    w2.transport.feel_box.setValue(60)
    qtbot.waitUntil(lambda: w2.sound.feel_model is None, timeout=30000)
    assert not w2.transport.feel_box.isEnabled() and w2.sound.feel_ready([w2.doc.pattern])
    assert any("feel model is unavailable" in t and "feel.tflite" in t for t in said), said


def test_drumify_puts_a_kick_snare_or_hat_on_every_onset(drummer, gmd, tmp_path):
    """Rhythms from GMD test performances (their kick + snare onsets, 2 bars) and a bass part on channel 2:
    every onset carries a kick, snare or hat; with extra 0 only hats and ride play off the onsets, and with
    --no-hats nothing does."""
    from models.drumify import DRUMIFY_VOICES, TIME_VOICES
    perfs = load_performances(str(gmd), ("test",), limit=10)
    assert len(perfs) == 10
    others = [v for v in range(9) if v not in TIME_VOICES]
    for k, perf in enumerate(perfs):
        onsets = (perf.vel[16:48, :2] > 0).any(axis=1)            # bars 2-3: kick or snare played
        if not onsets.any():
            continue
        for extra, hats in ((0.0, True), (0.0, False), (0.3, True)):
            c = drummer.drumify(onsets, "funk", perf.tempo, extra=extra, seed=k, hats=hats)[0]
            v = c.pattern.to_voices()
            assert v[onsets][:, list(DRUMIFY_VOICES)].any(axis=1).all()
            if extra == 0:
                assert not v[~onsets][:, others].any()
                assert hats or not v[~onsets].any()
    mid = tmp_path / "bass.mid"
    make_midi(mid, [(t, 40, 90, 100) for t in (0, 360, 720, 960, 1440, 1920, 2280, 2640, 3360)], channel=1)
    out = tmp_path / "drums.mid"
    r = run_cli("drumify", mid, "-o", out, "--style", "hiphop", "--seed", "3", "--extra", "0", "--no-hats",
                "--model-dir", drummer.model_dir)
    assert r.returncode == 0 and "9 of 9 onsets" in r.stdout, r.stdout
    assert "0 steps with other hits, 0 steps with hats or ride alone" in r.stdout, r.stdout
    import mido
    from engine.midi import part_onsets            # a part whose tempo changes after its first bar
    changes = tmp_path / "changes.mid"
    make_midi(changes, [(t, 40, 90, 100) for t in range(0, 4 * 1920, 480)], channel=1,
              extra_meta=[(0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(100))),
                          (1920, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(144)))])
    part = part_onsets(changes)
    assert part.tempo == 144 and part.tempo_changes == 1 and part.file_bars == 4     # the tempo of most bars
    assert "its tempo changes 1 time: the beat keeps the most used, 144 BPM" in part.describe()
    part = part_onsets(changes, max_bars=1)
    assert part.tempo == 100 and part.tempo_changes == 0 and "its first 1 of 4 bars" in part.describe()
    assert read_midi(out).pattern.bars == 2
    r = run_cli("drumify", mid, "-o", out, "--channel", "5", "--model-dir", drummer.model_dir)
    assert r.returncode == 2 and "no notes on channel 5" in r.stderr


def test_the_feel_cache_knows_a_pattern_by_identity_style_and_amount():
    """Issue 29: the window's feel cache is a class with named fields (it read tuple slots 3 and 4)."""
    import numpy as np

    from engine.drumkit import VOICE_ROWS
    from engine.pattern import Pattern
    from ui.sound import FeelCache, WorkedFeel
    cache = FeelCache()
    p = Pattern.empty(VOICE_ROWS[:3]).toggle(0, 0, 100)
    same_hits = p.toggle(0, 4, 90).toggle(0, 4, 90)           # equal hits, another object
    cache.put([WorkedFeel(p, "funk", 50, np.full(p.hits.shape, 0.01), p.hits.astype(np.int64))])
    got = cache.get(p, "funk", 50)
    assert got is not None and got.seconds[0, 0] == 0.01 and got.velocities[0, 0] == 100
    assert cache.get(p, "funk", 60) is None and cache.get(p, "rock", 50) is None
    assert cache.get(same_hits, "funk", 50) is None
    many = [WorkedFeel(p.toggle(1, k % 16, 80), "funk", 50, None, None) for k in range(FeelCache.MAX + 1)]
    cache.put(many)
    cache.put([WorkedFeel(p, "funk", 50, None, None)])            # past MAX: the old ones go
    assert len(cache) == 1 and cache.get(p, "funk", 50) is not None
