"""GenerationController in the window with a real (tiny) drummer: Continue, Fill (one bar or every 4th),
Infill, Generate, browsing and keeping, the event loop kept free, and a missing model."""
import time

import numpy as np
import pytest

from PySide6.QtCore import Qt, QTimer
from PySide6.QtTest import QTest

from conftest import cell_center
from ui.generation import DrummerState


def _ready(w, qtbot):
    qtbot.waitUntil(lambda: w.generation.state is DrummerState.READY, timeout=20000)
    return w.drummer_panel.run_buttons


@pytest.mark.alone      # the GUI thread's wall-clock gaps: measured with no other test loading the cores
def test_continue_candidates_keep_discard_and_event_loop_stays_free(make_window, qtbot):
    w = make_window()
    buttons = _ready(w, qtbot)
    assert buttons["continue"].isEnabled() and w.drummer_panel.status_label.text().startswith("Model: ")
    w.edits.set_generation({"bars": 2, "variations": 3})
    gaps, last = [], [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer(interval=5, timeout=beat)
    timer.start()
    with qtbot.waitSignal(w.generationDone, timeout=30000):
        t0 = time.perf_counter()
        buttons["continue"].click()
        clicked = time.perf_counter() - t0
        gaps.clear()                 # the event loop from here on, while the drummer generates
        last[0] = time.perf_counter()
    total = time.perf_counter() - t0
    timer.stop()
    # the click only starts the work (the takes come from a worker); then the event loop keeps its 5 ms ticks
    assert clicked < 0.5 * total, (clicked, total)
    assert max(gaps) < 0.05, f"event loop blocked {max(gaps) * 1000:.0f} ms"
    doc, nav = w.doc, w.drummer_panel.nav_buttons
    assert len(doc.candidates) == 3 and doc.shown.bars == 4 and doc.pattern.bars == 2
    assert "keep (Enter)" in w.status.currentMessage()
    bars_box = w.patterns.bars_box                 # the length box shows the variation's, resting meanwhile
    assert bars_box.value() == 4 and not bars_box.isEnabled() and not w.patterns.grid_box.isEnabled()
    first = doc.shown
    nav["next"].click()
    assert doc.candidate_index == 1
    w.grid.repaint()
    nav["keep"].click()
    assert doc.pattern.bars == 4 and doc.candidates == [] and w.status.currentMessage() == ""
    doc.undo.undo()
    assert doc.pattern.bars == 2
    with qtbot.waitSignal(w.generationDone, timeout=30000):
        w.run_drummer("continue")
    w.escape()
    assert doc.pattern.bars == 2 and doc.candidate is None and first.bars == 4
    assert bars_box.value() == 2 and bars_box.isEnabled() and bars_box.toolTip() == "Pattern length"


def test_fill_every_fourth_bar_infill_and_the_32_bar_limit(make_window, qtbot):
    w = make_window()
    _ready(w, qtbot)
    doc = w.doc
    doc.apply(doc.pattern.resized(8), "8 bars")
    w.edits.set_generation({"variations": 2})
    w.drummer_panel.fill_every_check.setChecked(True)
    with qtbot.waitSignal(w.generationDone, timeout=60000):
        w.run_drummer("fill")
    assert len(doc.candidates) == 2 and doc.candidate.step_range() == (3 * 16, 8 * 16)
    w.escape()
    w.grid.set_selection((1, 2))
    assert w.drummer_panel.run_buttons["infill"].isEnabled()
    with qtbot.waitSignal(w.generationDone, timeout=60000):
        w.run_drummer("infill")
    assert doc.candidate.step_range() == (16, 48)
    doc.keep_candidate()
    doc.apply(doc.pattern.resized(32), "32 bars")
    w.run_drummer("continue")
    assert not w.generation.busy and "already has 32 bars" in w.status.currentMessage()


def test_no_model_says_why_and_the_rest_works(make_window, tmp_path, qtbot):
    w = make_window(model_dir=str(tmp_path / "nothing"))
    qtbot.waitUntil(lambda: w.generation.state is DrummerState.FAILED, timeout=10000)
    b = w.drummer_panel.run_buttons["continue"]
    assert not b.isEnabled() and "model card missing" in b.toolTip()
    assert "unavailable" in w.drummer_panel.status_label.text()
    QTest.mouseClick(w.grid, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 1))
    assert w.doc.pattern.velocity(1, 1) == 100  # everything else works


def test_variation_box_sets_the_projects_variation_and_continue_uses_it(make_window, qtbot):
    w = make_window()
    _ready(w, qtbot)
    box = w.drummer_panel.variation_box
    assert box.value() == 0.5 and "groove" in box.toolTip()
    w.activateWindow()
    box.setFocus()
    box.selectAll()
    QTest.keyClicks(box.lineEdit(), "0")
    QTest.keyClick(box.lineEdit(), Qt.Key.Key_Return)
    assert w.doc.project.generation.variation == 0.0 and w.doc.undo.count() == 0 and w.doc.dirty   # saved, not undone
    w.edits.set_generation({"bars": 2, "variations": 2})
    with qtbot.waitSignal(w.generationDone, timeout=30000):
        w.run_drummer("continue")
    drawn = w.doc.pattern
    bars = (drawn.hits > 0).reshape(len(drawn.rows), 2, -1)
    both = bars.all(axis=1)
    for c in w.doc.candidates:    # Variation 0: the hits both drawn bars share come back in every bar
        assert len(c.pattern.rows) == len(drawn.rows)                     # and no voice the user left out
        for bar in (c.pattern.hits[:, drawn.n_steps:] > 0).reshape(len(drawn.rows), 2, -1).transpose(1, 0, 2):
            assert (bar | ~both).all()
    w.escape()
    assert w.doc.undo.count() == 0          # the drummer's settings are not undo steps: they stay as set
    assert w.doc.project.generation.variation == 0.0 and box.value() == 0.0


def test_drumify_a_row_offers_beats_on_its_rhythm(make_window, qtbot):
    """Drumify from the row menu: the drummer's kick, snare or hat falls on every hit of the row (a cowbell
    rhythm here), the row itself stays as drawn, the beat comes as variations to keep or discard."""
    from engine.drumkit import Row
    w = make_window()
    qtbot.waitUntil(lambda: w.generation.ready, timeout=30000)
    p = w.doc.pattern.add_row(Row("Cowbell", 56))
    r = p.row_index(56)
    p = p.clear_range(0, p.n_steps)
    for s in (0, 3, 6, 10, 12, 16, 19, 22, 26, 28):
        p = p.with_velocity(r, s, 100)
    w.doc.apply(p, "cowbell")
    w.rows.drumifyRequested.emit(r)
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    for c in w.doc.candidates:
        q = c.pattern
        assert np.array_equal(q.hits[q.row_index(56)], p.hits[r])
        drums = [q.row_index(n) for n in (36, 38, 42) if q.row_index(n) is not None]
        steps16 = np.flatnonzero(p.hits[r] > 0) * 16 // p.grid
        assert all((q.hits[drums][:, s * q.grid // 16] > 0).any() for s in steps16)
    w.doc.keep_candidate()
    assert w.doc.pattern.row_index(56) is not None


def test_drumify_a_part_of_a_midi_file_makes_a_new_pattern(make_window, qtbot, tmp_path):
    """Drummer > Drumify a MIDI part: a file with a bass (channel 2) and chord stabs (channel 3); the user
    picks the chords; a new pattern at the file's tempo holds the drummer's beats, a kick, snare or hat on
    every stab; keeping one is an edit of that pattern; a file with no notes says so and changes nothing."""
    import mido
    from ui.prompts import ScriptedPrompts
    mid = mido.MidiFile(type=1, ticks_per_beat=480)
    mid.tracks.append(mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(92))]))
    for ch, starts, note in ((1, (0, 3, 6, 10, 16, 19, 22, 26), 40), (2, (4, 12, 20, 28), 64)):
        tr, last = mido.MidiTrack([mido.MetaMessage("track_name", name="Bass" if ch == 1 else "Stabs")]), 0
        for s in starts:
            tr.append(mido.Message("note_on", channel=ch, note=note, velocity=90, time=s * 120 - last))
            tr.append(mido.Message("note_off", channel=ch, note=note, velocity=0, time=100))
            last = s * 120 + 100
        mid.tracks.append(tr)
    path = tmp_path / "song.mid"
    mid.save(path)
    prompts = ScriptedPrompts(open_file=str(path), choose=1)
    w = make_window(prompts=prompts)
    qtbot.waitUntil(lambda: w.generation.ready, timeout=30000)
    before = len(w.doc.project.patterns)
    w.actions["drumify_part"].trigger()
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    assert ("choose", "Which part of song.mid should the beat follow?") in prompts.asked
    assert len(w.doc.project.patterns) == before          # nothing added until one is kept
    assert w.doc.shown.tempo == 92 and w.doc.shown.bars == 2
    assert w.transport.tempo_box.value() == 92 and not w.transport.tempo_box.isEnabled()   # the part's, shown
    assert "4 onsets of channel 3 (Stabs)" in w.status.currentMessage()
    from engine.midi import part_channels
    assert part_channels(path) == {2: (8, "Bass"), 3: (4, "Stabs")}      # what the part chooser lists
    for c in w.doc.candidates:
        v = c.pattern.to_voices()
        assert v[[4, 12, 20, 28]][:, :3].any(axis=1).all()
    w.doc.keep_candidate()
    assert len(w.doc.project.patterns) == before + 1
    assert w.doc.project.names[w.doc.project.current] == "song ch 3 drumified"
    assert w.doc.pattern.total_hits > 0 and w.doc.pattern.tempo == 92
    w.doc.undo.undo()                                       # one undo step takes it away
    assert len(w.doc.project.patterns) == before
    w.actions["drumify_part"].trigger()                     # discarded: the project as it was
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    w.escape()
    assert len(w.doc.project.patterns) == before
    empty = tmp_path / "empty.mid"
    mido.MidiFile(tracks=[mido.MidiTrack()]).save(empty)
    prompts.answers["open_file"] = str(empty)
    w.actions["drumify_part"].trigger()
    qtbot.waitUntil(lambda: any(k == "error" for k, _ in prompts.asked), timeout=10000)
    assert any(k == "error" and "empty.mid" in t and "no notes" in t for k, t in prompts.asked)
    assert len(w.doc.project.patterns) == before


def test_ghost_notes_keep_every_hit_and_add_soft_snares(make_window, qtbot):
    """Drummer > Add ghost notes: every drawn hit stays with its velocity, the only additions are soft
    snares on steps without one, and they come as variations (seeded by the project's seed)."""
    w = make_window()
    qtbot.waitUntil(lambda: w.generation.ready, timeout=30000)
    w.edits.set_generation({"variations": 4, "seed": 5})
    p = w.doc.pattern
    w.actions["ghosts"].trigger()
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    assert len(w.doc.candidates) == 4
    snare = p.row_index(38)
    added = 0
    for c in w.doc.candidates:
        q = c.pattern
        assert q.rows == p.rows
        changed = q.hits != p.hits
        assert not changed[np.arange(len(p.rows)) != snare].any()
        new = np.flatnonzero(changed[snare])
        assert (p.hits[snare, new] == 0).all() and ((q.hits[snare, new] >= 12) & (q.hits[snare, new] <= 50)).all()
        added += len(new)
    assert added > 0
    # only the added ghosts are painted as the drummer's (cyan); the drawn hits keep their rows' colours
    from ui.grid.paint import CANDIDATE_COLOR
    c = next(c for c in w.doc.candidates if (c.pattern.hits != p.hits).any())
    w.doc.candidate_index = w.doc.candidates.index(c)
    w.doc.candidatesChanged.emit()
    img = w.grid.grab().toImage()

    def hue_at(r, s):
        rect = w.grid.cell_rect(r, s)
        return img.pixelColor(int(rect.center().x()), int(rect.bottom() - 2)).hue()

    ghost = int(np.flatnonzero(c.pattern.hits[snare] != p.hits[snare])[0])
    kick = int(np.flatnonzero(p.hits[p.row_index(36)])[0])
    cyan = CANDIDATE_COLOR.hue()
    assert abs(hue_at(snare, ghost) - cyan) < 15 and abs(hue_at(p.row_index(36), kick) - cyan) > 40
    first = [c.pattern.hits.copy() for c in w.doc.candidates]
    w.escape()
    w.actions["ghosts"].trigger()
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    assert all(np.array_equal(a, c.pattern.hits) for a, c in zip(first, w.doc.candidates))


def test_fill_in_the_window_with_the_shipped_drummer_is_a_fill_a_drummer_keeps(make_window, qtbot):
    """Issue 25: Fill on bar 4 of a kept continuation and on the last bar, every variation browsed in the
    window held to the per-take rule (models.takes.fill_verdict) with the shipped model."""
    from models.beatsuite import load_suite
    from models.drummer import DEFAULT_DIR
    from models.encoding import pattern_to_voices
    from models.takes import fill_verdict, grid_lines
    w = make_window(model_dir=DEFAULT_DIR)
    buttons = _ready(w, qtbot)
    doc, nav = w.doc, w.drummer_panel.nav_buttons
    doc.apply(next(b for b in load_suite() if b.name == "rock 8ths").pattern, "rock 8ths")
    w.edits.set_generation({"bars": 4, "variations": 2, "seed": 7, "style": "rock"})
    with qtbot.waitSignal(w.generationDone, timeout=60000):
        buttons["continue"].click()
    nav["keep"].click()
    assert doc.pattern.bars == 6
    for bar, variations in ((3, 4), (5, 8)):            # bar 4 (the groove goes on) and bar 6 (the last)
        w.edits.set_generation({"variations": variations})
        w.grid.set_selection((bar, bar))
        with qtbot.waitSignal(w.generationDone, timeout=60000):
            buttons["fill"].click()
        assert len(doc.candidates) == variations
        seen = set()
        for k in range(variations):
            assert doc.candidate_index == k
            v = pattern_to_voices(doc.shown)
            fill = v[bar * 16:(bar + 1) * 16]
            ok, why, _ = fill_verdict(fill)
            assert ok, (bar + 1, k + 1, why, grid_lines(fill))
            assert np.array_equal(v[:bar * 16], pattern_to_voices(doc.pattern)[:bar * 16])
            seen.add(fill.tobytes())
            if k + 1 < variations:
                nav["next"].click()
        assert len(seen) == variations                  # every variation a different fill
        w.escape()
