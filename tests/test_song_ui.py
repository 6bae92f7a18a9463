"""The song strip in the window: add, repeat, reorder, remove (one undo step each), double-click to edit
a pattern, and the song exported as one MIDI (re-imported to the same sections) and one WAV."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.midi_io import read_song
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
    strip.buttons["add"].click()                           # the 3/4 pattern
    strip.entries.setCurrentRow(1)
    strip.buttons["more"].click()                          # ... twice
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
    w.files.export_song_midi_dialog()
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
