"""The song strip in the window: add, repeat, reorder, remove (one undo step each), double-click to edit
a pattern, and the song exported as one MIDI (re-imported to the same sections) and one WAV."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.midi import read_song
from ui.prompts import ScriptedPrompts


def test_song_strip_edits_and_exports(make_window, tmp_path, qtbot):
    w = make_window(prompts=ScriptedPrompts(save_file=str(tmp_path / "song.mid")))
    e, strip = w.edits, w.song
    e.add_pattern()                                        # pattern 2: 3/4 at 90 BPM
    e.set_meter("3/4")
    e.set_pattern_setting("tempo", 90)
    assert strip.length.text() == "empty: + Add" and not strip.buttons["remove"].isEnabled()
    e.switch_pattern(0)
    strip.buttons["add"].click()                           # Groove 1
    e.switch_pattern(1)
    strip.buttons["add"].click()                           # the 3/4 pattern (selected: x+ acts on it)
    strip.buttons["more"].click()                          # ... twice
    strip.buttons["add"].click()                           # right after itself: once more, not a second part
    assert w.doc.project.arrangement == ((0, 1), (1, 3)) and strip.entries.currentRow() == 1
    w.doc.undo.undo()
    e.switch_pattern(0)
    strip.buttons["add"].click()
    proj = w.doc.project
    assert proj.arrangement == ((0, 1), (1, 2), (0, 1)) and strip.entries.count() == 3
    a, b = proj.patterns[0], proj.patterns[1]
    assert strip.entries.item(1).text().endswith("x2") and strip.length.text().startswith(f"{2 * a.bars + 2 * b.bars} bars")
    undo_before = w.doc.undo.count()
    strip.moveRequested.emit(2, 0)                         # what a drag to the front does
    assert w.doc.project.arrangement == ((0, 1), (0, 1), (1, 2)) and w.doc.undo.count() == undo_before + 1
    w.doc.undo.undo()
    assert w.doc.project.arrangement == ((0, 1), (1, 2), (0, 1))
    item = strip.entries.item(1)
    qtbot.waitUntil(lambda: strip.entries.visualItemRect(item).isValid(), timeout=3000)   # laid out at paint
    rect = strip.entries.visualItemRect(item)
    assert rect.isValid() and strip.entries.viewport().rect().contains(rect.center())
    QTest.mouseClick(strip.entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    QTest.mouseDClick(strip.entries.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert w.doc.project.current == 1                      # double-click: edit that pattern
    w.files.export_dialog("song_midi")
    secs = read_song(tmp_path / "song.mid")
    assert [(s.result.pattern.meter, s.result.pattern.bars) for s in secs] == [("4/4", a.bars), ("3/4", 2 * b.bars),
                                                                               ("4/4", a.bars)]
    assert [s.result.pattern.tempo for s in secs] == [100.0, 90.0, 100.0]
    done = []
    w.files.export_wav(str(tmp_path / "song.wav"), song=True, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=30000)
    from engine.wav import read_wav
    audio, sr = read_wav(tmp_path / "song.wav")
    assert abs(len(audio) / sr - (2 * a.duration_seconds + 2 * b.duration_seconds + 2.5)) < 0.01
    strip.entries.setCurrentRow(0)
    strip.buttons["remove"].click()
    assert w.doc.project.arrangement == ((1, 2), (0, 1))


def test_song_mode_plays_across_patterns_and_the_window_follows(make_window, qtbot):
    """Song on + Play: the entries play in order, the strip marks the one playing, the grid switches to its
    pattern (no undo step) with the playhead on it; an edit while playing is kept; Song off loops again."""
    from ui.sound import SoundState
    w = make_window(start_sound=True)
    qtbot.waitUntil(lambda: w.sound.state is not SoundState.STARTING, timeout=20000)
    e = w.edits
    e.set_pattern_setting("tempo", 240)
    e.set_bars(1)
    e.add_pattern()
    e.set_meter("3/4")
    e.switch_pattern(0)
    w.song.buttons["add"].click()
    e.switch_pattern(1)
    w.song.buttons["add"].click()
    e.switch_pattern(0)
    undo = w.doc.undo.count()
    w.transport.song_check.click()
    w.transport.play_button.click()
    seen, currents = [], []

    def watch():
        if w.song.playing is not None and (not seen or seen[-1] != w.song.playing):
            seen.append(w.song.playing)
            currents.append(w.doc.project.current)
        return len(seen) >= 4
    qtbot.waitUntil(watch, timeout=8000)
    assert seen[:4] == [0, 1, 0, 1] and currents[:4] == [0, 1, 0, 1]   # the grid went along
    qtbot.waitUntil(lambda: w.grid.playhead is not None, timeout=3000)
    assert w.doc.project.current == w.doc.project.arrangement[w.song.playing][0]
    assert w.doc.undo.count() == undo and w.sound.player.song is not None
    w.transport.song_check.click()                    # song off: the pattern shown loops
    qtbot.wait(300)
    assert w.sound.player.song is None and w.sound.playing and w.song.playing is None
    e.switch_pattern(1)
    w.transport.song_check.click()                    # on again while playing: from the pattern shown
    qtbot.waitUntil(lambda: w.song.playing is not None, timeout=3000)
    assert w.song.playing == 1
    w.transport.play_button.click()
    assert w.song.playing is None


def test_continue_on_a_pattern_of_the_song_hears_the_bars_before_it(make_window, qtbot):
    w = make_window()
    qtbot.waitUntil(lambda: w.generation.ready, timeout=30000)
    said = []
    w.generation.message.connect(lambda text, _ms: said.append(text))
    e = w.edits
    e.add_pattern()                                        # pattern 2, 4/4 like the first
    e.switch_pattern(0)
    w.song.buttons["add"].click()
    w.song.buttons["more"].click()                         # Groove 1 x2, then the new pattern
    e.switch_pattern(1)
    w.song.buttons["add"].click()
    bars = w.doc.pattern.bars
    w.run_drummer("continue")
    qtbot.waitUntil(lambda: bool(w.doc.candidates), timeout=30000)
    assert any(f"after {min(8, 2 * w.doc.project.patterns[0].bars)} bars of the song" in t for t in said), said
    assert w.doc.candidate.pattern.bars > bars and w.doc.candidate.step_range()[0] == w.doc.pattern.n_steps


def test_a_long_song_strip_scrolls_without_bars_over_its_names(make_window, qtbot):
    """Many parts: no scroll bar covers the names (the strip is 30 px high), the part added is scrolled into
    view, and the wheel scrolls the strip sideways."""
    from PySide6.QtCore import QPoint, QPointF
    from PySide6.QtGui import QWheelEvent
    from PySide6.QtWidgets import QApplication
    w = make_window()
    e, strip = w.edits, w.song
    e.add_pattern()
    for k in range(14):
        e.switch_pattern(k % 2)
        strip.buttons["add"].click()
    assert strip.entries.count() == 14
    bars = strip.entries.horizontalScrollBar()
    qtbot.waitUntil(lambda: bars.maximum() > 0, timeout=3000)             # more parts than fit
    assert not bars.isVisible() and not strip.entries.verticalScrollBar().isVisible()
    last = strip.entries.visualItemRect(strip.entries.item(13))
    assert 0 <= last.left() and last.right() <= strip.entries.viewport().width() + 1   # the part just added, in view
    before = bars.value()
    vp = strip.entries.viewport()
    ev = QWheelEvent(QPointF(10, 10), QPointF(vp.mapToGlobal(QPoint(10, 10))), QPoint(), QPoint(0, 120),
                     Qt.MouseButton.NoButton, Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(vp, ev)
    assert bars.value() < before                                             # the wheel scrolls back
