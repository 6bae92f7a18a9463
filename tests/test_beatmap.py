"""The beat map: a tiny real VAE and map head trained here on GMD bars, exported to LiteRT and
run without TensorFlow; decoding, interpolation, similar bars, the cached map of a pack, the commands."""
import os

import numpy as np
import pytest

from conftest import make_midi, run_cli
from engine.midi import read_midi
from models.beatmap import (BeatMap, Collection, STEPS, beatmap_report, collection_key, crossfade, decode_logits,
                            jaccard, knn_accuracy, passes, playable)


@pytest.fixture(scope="module")
def tiny_map(tmp_path_factory, gmd):
    from models.beatmap_train import train_and_export
    out = tmp_path_factory.mktemp("beatmap")
    card = train_and_export(str(gmd), str(out), latent=4, hidden=64, epochs=2, map_epochs=2, limit=3)
    assert card["train_bars"] > 50 and set(card["sha256"]) == {"encoder", "decoder", "map"}
    return out


def _beat(path, kick=(0, 8, 10), snare=(4, 12), hats=range(0, 16, 2), bars=2):
    notes = []
    for b in range(bars):
        o = 1920 * b
        notes += [(o + s * 120, 36, 100, 60) for s in kick] + [(o + s * 120, 38, 110, 60) for s in snare]
        notes += [(o + s * 120, 42, 80, 60) for s in hats]
    return make_midi(path, notes)


def test_decoding_keeps_the_expected_count_and_what_one_drummer_plays():
    logits = np.full((1, 576), -8.0, np.float32)
    cell = lambda s, v: s * 9 + v      # noqa: E731
    for s in range(16):
        logits[0, cell(s, 2)] = 0.0          # closed hat 50% everywhere: 8 expected ...
        logits[0, cell(s, 3)] = -0.5 if s % 4 == 2 else -8.0   # ... an open hat (38%) on 4 of them
    for s in (0, 8):
        logits[0, cell(s, 0)] = 4.0
    bar = decode_logits(logits, np.full((9, 3), 90))[0]
    on = bar > 0
    # a 0.5 threshold would keep 2 kicks and no hat at all (0.5 is not > 0.5); the count keeps ~10 hits
    assert on[:, 0].sum() == 2 and 6 <= on[:, 2:4].sum() <= 12
    assert not (on[:, 2] & on[:, 3]).any()                   # one hi-hat state per step
    assert playable(bar)


def test_measures():
    a = np.zeros((16, 9), np.uint8)
    a[::2, 2] = 80
    a[[0, 8], 0] = 100
    b = np.zeros((16, 9), np.uint8)
    b[[4, 12], 1] = 110
    assert jaccard(a, a) == 1.0 and jaccard(a, b) == 0.0
    assert np.array_equal(crossfade(a, b, 0.0) > 0, a > 0) and np.array_equal(crossfade(a, b, 1.0) > 0, b > 0)
    x = np.concatenate([np.random.default_rng(0).normal(0, 0.1, (20, 2)), np.random.default_rng(1).normal(5, 0.1, (20, 2))])
    lab = np.repeat([0, 1], 20)
    assert knn_accuracy(x, lab) == 1.0
    assert knn_accuracy(x, lab, groups=lab) == 0.0            # neighbours from the own group are not asked
    assert passes(a + b) and not passes(np.zeros((16, 9)))


def test_tiny_map_runs_without_tensorflow(tiny_map, gmd):
    bm = BeatMap(str(tiny_map))
    bars = np.zeros((3, STEPS, 9), np.uint8)
    bars[:, ::2, 2] = 80
    bars[1, [0, 8], 0] = 100
    z = bm.encode(bars)
    assert z.shape == (3, 4) and bm.project(z).shape == (3, 2)
    out = bm.decode(z)
    assert out.shape == (3, 16, 9) and out.dtype == np.uint8
    path = bm.interpolate(bars[0], bars[1], 5)
    assert path.shape == (5, 16, 9)
    assert np.array_equal(path[0], bars[0]) and np.array_equal(path[-1], bars[1])   # the user's bars, as played
    assert bm.sample(4, seed=1).shape == (4, 16, 9) and np.array_equal(bm.sample(4, seed=1), bm.sample(4, seed=1))
    idx = bm.similar(bars[1], z, 2)
    assert idx[0] == 1                                       # a bar is nearest to itself
    r = beatmap_report(bm, str(gmd), samples=50, pairs=5, limit=3)
    assert 0 <= r["prior"]["pass_rate"] <= 1 and r["interpolation"]["pairs"] == 5
    assert set(r["styles"]) >= {"knn_map_2d", "knn_latent", "knn_raw", "chance"}


def test_a_pack_map_is_cached_and_computed_again_when_a_file_changes(tiny_map, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    pack = tmp_path / "pack"
    (pack / "funk").mkdir(parents=True)
    (pack / "rock").mkdir()
    _beat(pack / "funk" / "a.mid", kick=(0, 3, 10))
    _beat(pack / "rock" / "b.mid")
    make_midi(pack / "rock" / "waltz.mid", [(0, 36, 100, 60), (480, 38, 100, 60), (960, 38, 100, 60)], meter=(3, 4))
    bm = BeatMap(str(tiny_map))
    key = collection_key(str(pack), bm.card)
    first = Collection.open(str(pack), bm)
    assert not first.cached and len(first.bars) == 4 and sorted(set(first.labels)) == ["funk", "rock"]
    assert any("waltz" in name and "3/4" in why for name, why in first.skipped)
    again = Collection.open(str(pack), bm)
    assert again.cached and np.array_equal(again.xy, first.xy) and list(again.sources) == list(first.sources)
    _beat(pack / "funk" / "a.mid", kick=(0, 6, 10), bars=3)
    os.utime(pack / "funk" / "a.mid", ns=(1, 10**18))
    assert collection_key(str(pack), bm.card) != key
    changed = Collection.open(str(pack), bm)
    assert not changed.cached and len(changed.bars) == 5


def test_commands(tiny_map, tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    a, b = _beat(tmp_path / "a.mid"), _beat(tmp_path / "b.mid", kick=(0, 3, 6, 10), hats=range(16))
    out = tmp_path / "morph.mid"
    r = run_cli("interpolate", a, b, "-o", out, "--steps", "4", "--model-dir", tiny_map)
    assert r.returncode == 0 and r.stderr == "", r.stderr
    assert read_midi(out).pattern.bars == 4 and "bar 4:" in r.stdout
    pack = tmp_path / "pack"
    pack.mkdir()
    for k in range(3):
        _beat(pack / f"loop{k}.mid", kick=(0, k + 2, 10))
    r = run_cli("similar", a, pack, "-n", "2", "--model-dir", tiny_map)
    assert r.returncode == 0 and r.stdout.count("loop") >= 2, r.stdout + r.stderr
    png = tmp_path / "map.png"
    r = run_cli("map", pack, "-o", png, "--size", "300", "--model-dir", tiny_map)
    assert r.returncode == 0 and png.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n", r.stderr
    r = run_cli("interpolate", a, tmp_path / "missing.mid", "-o", out, "--model-dir", tiny_map)
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "missing.mid" in r.stderr
    r = run_cli("similar", a, pack, "--model-dir", tmp_path)
    assert r.returncode == 2 and "beatmap.json" in r.stderr and len(r.stderr.strip().splitlines()) == 1


def test_the_beat_map_panel_in_the_window(make_window, qtbot, tiny_map, tiny_model, tmp_path):
    """View > Beat map: the project's patterns as points; a point dropped on bar 2 replaces that bar (one
    undo step); Find similar marks bars; Sample here and Drummer > Interpolate offer variations."""
    import shutil
    from ui.prompts import ScriptedPrompts
    both = tmp_path / "models"
    shutil.copytree(tiny_model, both)
    for f in os.listdir(tiny_map):
        shutil.copy(tiny_map / f, both / f)
    prompts = ScriptedPrompts(choose=0, integer=4)
    w = make_window(model_dir=str(both), prompts=prompts)
    qtbot.waitUntil(lambda: w.generation.ready, timeout=30000)
    assert w.beatmap.bm is None                       # (loaded when first wanted, not at start)
    w.actions["beatmap_panel"].trigger()
    assert w.beatmap_dock.isVisible()
    qtbot.waitUntil(lambda: w.beatmap.bm is not None, timeout=30000)
    p = w.doc.pattern.resized(2)
    w.doc.apply(p.clear_range(p.steps_per_bar, 2 * p.steps_per_bar), "bar 2 empty")
    w.beatmap.choose("project")
    qtbot.waitUntil(lambda: len(w.beatmap.xy) > 0, timeout=10000)
    canvas = w.beatmap_panel.canvas
    assert len(canvas.xy) == len(w.beatmap.bars) == len(canvas.which)
    canvas.repaint()
    assert canvas.paint_ms
    before = w.doc.undo.count()
    i = int(np.argmax((w.beatmap.bars > 0).sum((1, 2))))
    w.grid.barDropped.emit(i, 1)
    assert w.doc.undo.count() == before + 1
    from models.encoding import pattern_to_voices
    assert np.array_equal(pattern_to_voices(w.doc.pattern)[16:32] > 0, w.beatmap.bars[i] > 0)
    w.beatmap.gmd_dir = str(tmp_path / "no_gmd")                 # all on one map: here the project alone
    w.beatmap.choose("all")
    qtbot.waitUntil(lambda: w.beatmap.kind == "all", timeout=10000)
    assert set(w.beatmap_panel.labels) == {"this project"} and len(w.beatmap.bars) == len(canvas.xy)
    w.beatmap.choose("gmd")                                         # no dataset there: said, the map stays
    assert w.beatmap.kind == "all" and "No Groove MIDI Dataset" in w.beatmap_panel.info.text()
    assert w.beatmap_panel.choice.currentData() == "all"
    w.beatmap.find_similar(3)
    qtbot.waitUntil(lambda: len(canvas.marked) == min(3, len(w.beatmap.bars)) > 0, timeout=10000)
    x, y = canvas.xy[0]
    w.beatmap.sample_at(float(x), float(y))
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=10000)
    w.escape()
    w.edits.add_pattern()                                        # two patterns: Interpolate offers both ends
    n = len(w.doc.project.patterns)
    offered = []
    prompts.answers["choose"] = lambda label: offered.append(prompts.offered) or 0
    w.actions["interpolate"].trigger()
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=10000)
    names, cur = w.doc.project.names, w.doc.project.current     # From: the pattern shown; To: the one after
    assert offered == [names[cur], names[1]]                     # the From picked (0 answered), not From again
    assert len(w.doc.candidates) == 5
    assert w.doc.candidates[0].pattern.bars == 4 and w.doc.candidates[1].pattern.bars == 1
    w.escape()
    assert len(w.doc.project.patterns) == n                        # discarded: nothing left behind
    canvas.interpolateRequested.emit(0, len(canvas.xy) - 1)      # from one point of the map to another
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=10000)
    assert w.doc.candidates[0].pattern.bars == 8
    w.doc.keep_candidate()                                          # kept: a new pattern of 8 bars
    assert len(w.doc.project.patterns) == n + 1 and w.doc.pattern.bars == 8
    ends = pattern_to_voices(w.doc.pattern)                         # starting and ending on the two bars as played
    last = len(canvas.xy) - 1
    assert np.array_equal(ends[:16], w.beatmap.bars[0]) and np.array_equal(ends[-16:], w.beatmap.bars[last])
    w.doc.apply(w.doc.pattern.clear_range(0, w.doc.pattern.steps_per_bar), "bar 1 cleared")
    count = w.doc.undo.count()
    p = w.doc.pattern
    canvas.clicked.emit(last)                                       # a click puts the bar into the selected bar
    assert w.doc.undo.count() == count + 1 and w.doc.pattern != p


def test_quitting_stops_a_collection_read_the_exit_would_wait_for(make_window, qtbot, tiny_map, tiny_model, gmd,
                                                                  tmp_path, monkeypatch):
    """The Groove MIDI Dataset's first read for the map (1,150 files, cold cache) runs in the thread pool,
    which the application waits for as it exits: on quit it stops at the next file, so Ctrl+Q quits now."""
    import shutil
    import time
    from PySide6.QtCore import QThreadPool
    from engine.errors import Cancelled
    from ui import workers
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    bm = BeatMap(str(tiny_map))
    calls = []
    with pytest.raises(Cancelled):
        Collection.open(str(gmd), bm, cancel=lambda: calls.append(1) or len(calls) > 3)
    assert len(calls) == 4
    both = tmp_path / "models"
    shutil.copytree(tiny_model, both)
    for f in os.listdir(tiny_map):
        shutil.copy(tiny_map / f, both / f)
    w = make_window(model_dir=str(both))
    w.beatmap.gmd_dir = str(gmd)
    w.actions["beatmap_panel"].trigger()
    qtbot.waitUntil(lambda: w.beatmap.bm is not None, timeout=30000)
    said = []
    w.beatmap.message.connect(lambda text, _ms: said.append(text))
    w.beatmap.choose("gmd")
    qtbot.wait(300)                                   # (reading by now)
    try:
        t0 = time.monotonic()
        workers.cancel_all()
        assert QThreadPool.globalInstance().waitForDone(5000), "the read went on after quit"
        assert time.monotonic() - t0 < 5
    finally:
        workers._quitting.clear()
    qtbot.waitUntil(lambda: bool(said), timeout=5000)
    assert "cancelled" in said[-1] and w.beatmap.kind is None
