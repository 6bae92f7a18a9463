"""EditsController and RowsController: bar selections, pattern settings, patterns of a project, rows and
pack loops dropped on the grid. Each edit is one undo step; refusals say why."""
import os

import numpy as np
from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest

from engine.drumkit import Row
from engine.project import load_project
from ui.grid import HEADER_W, RULER_H
from ui.prompts import ScriptedPrompts


def test_bar_selection_copy_paste_clear_duplicate_shift(make_window):
    w = make_window()
    doc, g, e = w.doc, w.grid, w.edits
    bar_w = g.cell_w() * doc.pattern.steps_per_bar
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=QPoint(int(HEADER_W + bar_w * 0.5), RULER_H // 2))
    assert g.selection == (0, 0) and "Selected bars 1-1" in w.selection_label.text()
    e.copy_bars()
    e.clear_bars()
    assert doc.pattern.copy_bars(0).hits.sum() == 0
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=QPoint(int(HEADER_W + bar_w * 1.5), RULER_H // 2))
    e.paste_bars()
    assert np.array_equal(doc.pattern.copy_bars(1).hits, e.clipboard[1].hits)
    e.duplicate_bars()
    assert doc.pattern.bars == 3
    before = doc.pattern
    e.shift_bars(1)
    assert np.array_equal(doc.pattern.copy_bars(1).hits, np.roll(before.copy_bars(1).hits, 1, axis=1))
    e.select_all()
    assert g.selection == (0, 2)
    w.escape()
    assert g.selection is None
    # 32 bars at most: duplicating past it is refused with a message
    doc.apply(doc.pattern.resized(30), "long")
    e.select_all()
    e.duplicate_bars()
    assert doc.pattern.bars == 30 and "at most 32 bars" in w.status.currentMessage()


def test_pattern_settings_and_refusals(make_window):
    prompts = ScriptedPrompts(confirm=False)
    w = make_window(prompts=prompts)
    doc, e = w.doc, w.edits
    e.set_meter("7/8")                                      # 3 hits past step 14 of their bars do not fit: asked
    assert doc.pattern.meter == "4/4" and prompts.asked[-1][0] == "confirm" and "3 hits" in prompts.asked[-1][1]
    prompts.answers["confirm"] = True
    e.set_meter("7/8")
    assert doc.pattern.meter == "7/8" and w.patterns.meter_box.currentText() == "7/8"
    prompts.answers["confirm"] = False
    e.set_meter("seven")
    assert doc.pattern.meter == "7/8" and "time signature 'seven'" in w.status.currentMessage()
    assert w.patterns.meter_box.currentText() == "7/8"      # the control shows the document again
    e.set_pattern_setting("tempo", 1000)
    assert doc.pattern.tempo != 1000 and "tempo must be" in w.status.currentMessage()
    e.set_meter("4/4")
    e.set_bars(3)
    assert doc.pattern.bars == 3
    doc.apply(doc.pattern.toggle(0, 1, 100), "odd step")   # a 16th that the 8th-triplet grid cannot hold
    e.set_grid(12)
    assert prompts.asked and prompts.asked[-1][0] == "confirm" and doc.pattern.grid == 16
    e.set_humanize(12)
    assert doc.project.mixer.humanize_ms == 12 and w.transport.humanize_box.value() == 12
    e.set_generation({"temperature": 0.5, "style": "funk"})
    g = doc.project.generation
    assert (g.temperature, g.style) == (0.5, "funk") and w.drummer_panel.style_box.currentText() == "funk"


def test_patterns_of_a_project(make_window, tmp_path):
    w = make_window()
    doc, e = w.doc, w.edits
    first = doc.pattern
    e.add_pattern()
    assert doc.project.names == ("Groove 1", "Pattern 2") and doc.project.current == 1
    doc.apply(doc.pattern.clear_range(0, 32), "clear")
    e.rename_pattern("Chorus")
    e.switch_pattern(0)
    assert doc.pattern == first and w.patterns.pattern_box.currentText() == "Groove 1"
    f = str(tmp_path / "song.groove")
    assert w.files.save_as(f)
    assert load_project(f).names == ("Groove 1", "Chorus") and load_project(f).patterns[1].total_hits == 0
    e.switch_pattern(1)
    e.delete_pattern()
    assert doc.project.names == ("Groove 1",)
    e.delete_pattern()  # the last one stays
    assert len(doc.project.patterns) == 1 and "at least one pattern" in w.status.currentMessage()
    for _ in range(2):
        doc.undo.undo()
    assert doc.project.names == ("Groove 1", "Chorus") and doc.project.current == 0


def test_rows_header_and_catalog(make_window):
    w = make_window()
    doc, rows = w.doc, w.rows
    rows.add_row(Row("Open Hat", 46))
    assert [r.note for r in doc.pattern.rows] == [36, 38, 42, 46]
    rows.header_clicked(0, "mute")
    assert doc.project.mixer.row(36).mute and w.grid.mixer_rows[36].mute
    rows.header_clicked(0, "lock")
    assert doc.project.generation.locked_notes == (36,) and w.grid.locked == {36}
    rows.volume_changed(1, 0.5)
    assert doc.project.mixer.row(38).volume == 0.5


def test_pack_loops_audition_and_drop(make_window, qtbot, tmp_path):
    from test_looppack import build_pack
    from ui.pack_dialogs import AugmentDialog
    w = make_window(start_sound=True)
    pack = build_pack(tmp_path / "pack")
    w.show_packs(True)
    w.packs.open_pack(str(pack))
    qtbot.waitUntil(lambda: w.packs.tree.topLevelItemCount() == 10, timeout=10000)
    assert "1 skipped" in w.packs.label.text() and "note map learned" in w.packs.label.text()
    names = [w.packs.tree.topLevelItem(i).text(0) for i in range(10)]
    kick = names.index("01_Kick.mid")
    assert w.packs.tree.topLevelItem(kick).text(1) == "kick"
    qtbot.waitUntil(lambda: w.sound.player is not None, timeout=20000)
    w.packs.audition.emit(w.packs.loops[kick])
    assert w.sound.player.playing and w.sound.player.pattern.rows[0].note == 36
    before = w.doc.pattern
    w.rows.drop_loop(w.packs.loops[kick], 0)  # the kick part onto the kick row
    assert np.array_equal(w.doc.pattern.hits[0][:16], w.packs.loops[kick].pattern.hits[0][:16])
    assert np.array_equal(w.doc.pattern.hits[1:], before.hits[1:])
    kit = names.index("Trap Kit Groove 4-4.mid")
    # a loop is heard at its own tempo (the trap loop was made at 140), or the pattern's when asked;
    # dropped, it takes the pattern's
    assert w.packs.loops[kit].pattern.tempo == 140 and w.doc.pattern.tempo != 140
    w.packs.audition.emit(w.packs.loops[kit])
    assert w.sound.player.playing and w.sound.player.pattern.tempo == 140
    w.packs.own_tempo.setChecked(False)
    w.packs.audition.emit(w.packs.loops[kit])
    assert w.sound.player.pattern.tempo == w.doc.pattern.tempo
    tempo = w.doc.pattern.tempo
    w.grid.loopDropped.emit(kit, None, 0, True)     # Shift held: repeated to the pattern's end
    assert w.doc.pattern.tempo == tempo
    loop = w.packs.loops[kit].pattern               # (its two identical bars come in as one, laid twice)
    assert w.doc.pattern.hits.sum() == loop.hits.sum() * w.doc.pattern.bars // loop.bars
    w.doc.undo.undo()
    assert loop.bars == 1 and w.doc.pattern.bars == 2
    held = w.doc.pattern
    w.grid.loopDropped.emit(kit, None, 1, False)    # on bar 2: that bar only, and the status bar says so
    assert np.array_equal(w.doc.pattern.hits[:, :16], held.hits[:, :16])
    assert "Bar 2 of Kick" in w.status.currentMessage() and "replaced" in w.status.currentMessage()
    w.doc.undo.undo()
    w.doc.undo.undo()
    assert w.doc.pattern == before
    got = []
    w.packs.override(kick, role="perc", on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert w.packs.loops[kick].role == "perc" and w.packs.tree.topLevelItem(kick).text(1) == "perc"
    dlg = AugmentDialog(w.packs)
    assert dlg.folder.text() == str(tmp_path / "pack augmented")          # beside the pack by default
    dlg.count.setValue(10)
    said = []
    w.packs.status.connect(said.append)
    dlg.start()
    qtbot.waitUntil(lambda: w.packs.pack_name == "pack augmented", timeout=20000)
    written = sorted(os.listdir(tmp_path / "pack augmented"))
    assert "index.csv" in written and 1 <= len(written) - 1 <= 10
    names = [w.packs.tree.topLevelItem(i).text(0) for i in range(w.packs.tree.topLevelItemCount())]
    assert names == [f for f in written if f.endswith(".mid")]             # the files, names whole
    assert w.packs.pack_box.count() == 2 and w.packs.pack_box.isVisibleTo(w.packs)
    assert any("written to" in m and "duplicates" in m for m in said), said
    w.packs.show_pack(0)                                                   # the source is still there
    assert w.packs.pack_name == "pack" and w.packs.tree.topLevelItemCount() == 10


def test_the_drummers_settings_are_saved_but_not_undo_steps(make_window, qtbot, tmp_path):
    """Generate's style picked, Generate kept, Ctrl+Z: the beat goes back, the style stays (it undid the style)."""
    w = make_window()
    doc = w.doc
    qtbot.waitUntil(lambda: w.generation.ready, timeout=20000)
    before = doc.pattern
    w.edits.set_generation({"style": "funk", "bars": 2, "variations": 1})
    assert doc.dirty and "*" in w.windowTitle() and doc.undo.count() == 0
    w.run_drummer("generate")
    qtbot.waitUntil(lambda: doc.candidate is not None, timeout=30000)
    doc.keep_candidate()
    assert doc.pattern != before and doc.undo.count() == 1
    doc.undo.undo()
    assert doc.pattern == before and doc.project.generation.style == "funk"
    assert w.drummer_panel.style_box.currentText() == "funk"
    doc.undo.redo()
    assert doc.project.generation.style == "funk"
    assert w.files.save_as(str(tmp_path / "s.groove")) and not doc.dirty
    from engine.project import load_project
    assert load_project(str(tmp_path / "s.groove")).generation.style == "funk"


def test_a_meter_change_keeps_each_bars_content_and_says_so(make_window):
    """4/4 -> 3/4 on one bar with a snare on beat 4: the steps were re-barred (16 became 12 + 4, the snare landed on
    bar 2's downbeat) without a word. Now the bar stays one bar, beat 4 goes only when the user agrees, and
    the status bar says what happened."""
    import numpy as np
    w = make_window()
    doc, e = w.doc, w.edits
    e.set_bars(1)
    p = doc.pattern
    snare = p.row_index(38)
    hits = np.zeros_like(p.hits)
    hits[snare, [4, 12]] = 100
    hits[p.row_index(36), [0, 8]] = 110
    doc.apply(p.with_hits(hits), "beat")
    e.set_meter("3/4")
    q = doc.pattern
    assert (q.meter, q.bars, q.n_steps) == ("3/4", 1, 12) and list(np.flatnonzero(q.hits[snare])) == [4]
    assert w.prompts.asked[-1][0] == "confirm" and "1 hit after them" in w.prompts.asked[-1][1]
    assert "Meter 3/4: every bar keeps its own hits from its downbeat; 1 hit past the shorter bars removed" in w.status.currentMessage()
    e.set_meter("4/4")
    assert doc.pattern.n_steps == 16 and "each ends in 4 silent steps" in w.status.currentMessage()
    doc.undo.undo()
    doc.undo.undo()
    assert doc.pattern.meter == "4/4" and list(np.flatnonzero(doc.pattern.hits[snare])) == [4, 12]


def test_quantize_puts_a_take_kept_as_played_on_the_grid_as_one_undo_step(make_window, qtbot):
    """Edit > Quantize on hits kept as played: the selected bar's hits go on the grid, the others keep their
    timing; one undo step; without a selection every bar; on the grid already it says so, changes nothing."""
    w = make_window()
    spb = w.doc.pattern.steps_per_bar
    p = w.doc.pattern.with_velocity(0, 0, 100).with_velocity(0, spb, 100)
    nudge = np.zeros(p.hits.shape)
    nudge[0, 0], nudge[0, spb] = -0.2, 0.3
    w.doc.apply(p.with_hits(p.hits, p.rolls, nudge), "take")
    w.grid.set_selection((1, 1))
    w.actions["quantize"].trigger()
    assert w.doc.pattern.nudge[0, 0] == np.float32(-0.2) and w.doc.pattern.nudge[0, spb] == 0
    assert w.doc.undo.undoText() == "Quantize"
    w.grid.set_selection(None)
    w.actions["quantize"].trigger()
    assert not w.doc.pattern.has_feel and np.array_equal(w.doc.pattern.hits, p.hits)
    w.actions["quantize"].trigger()
    assert "Nothing to quantize" in w.status.currentMessage()
    w.doc.undo.undo()
    w.doc.undo.undo()
    assert w.doc.pattern.nudge[0, spb] == np.float32(0.3)
