"""The sequencer window, offscreen, with the real FluidSynth and a real (tiny) drummer model."""
import os
import time

import mido
import numpy as np
import pytest
from PySide6.QtCore import QPoint, QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from conftest import make_midi
from engine.midi_io import read_midi
from engine.project import load_project
from ui.grid import HEADER_W, RULER_H
from ui.main_window import MainWindow
from ui.workers import wait_all

QStandardPaths.setTestModeEnabled(True)


class Answers:
    def __init__(self, **answers):
        self.answers, self.asked = answers, []

    def __call__(self, kind, text):
        self.asked.append((kind, text))
        return self.answers.get(kind, True if kind == "confirm" else "discard")


@pytest.fixture
def make_window(qtbot, tmp_path, tiny_model):
    made = []

    def make(**kw):
        kw.setdefault("settings", QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        kw.setdefault("model_dir", str(tiny_model))
        kw.setdefault("ask", Answers())
        kw.setdefault("check_recovery", False)
        w = MainWindow(**kw)
        qtbot.addWidget(w)
        w.resize(1280, 720)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.doc.undo.setClean()
        w.close()
    wait_all()


def _cell_center(w, r, s) -> QPoint:
    rect = w.grid.cell_rect(r, s)
    return QPoint(int(rect.center().x()), int(rect.center().y()))


def test_draw_erase_paint_velocity_undo(make_window, qtbot):
    w = make_window(start_sound=False)
    g, doc = w.grid, w.doc
    before = doc.pattern
    assert before.velocity(1, 1) == 0
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=_cell_center(w, 1, 1))
    assert doc.pattern.velocity(1, 1) == 100
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=_cell_center(w, 1, 1))
    assert doc.pattern.velocity(1, 1) == 0
    # drag paints along the row in one undo step
    QTest.mousePress(g, Qt.MouseButton.LeftButton, pos=_cell_center(w, 1, 5))
    for s in (6, 7, 8):
        QTest.mouseMove(g, _cell_center(w, 1, s))
    QTest.mouseRelease(g, Qt.MouseButton.LeftButton, pos=_cell_center(w, 1, 8))
    assert [doc.pattern.velocity(1, s) for s in (5, 6, 7, 8)] == [100] * 4
    # right-drag upwards raises the velocity
    QTest.mousePress(g, Qt.MouseButton.RightButton, pos=_cell_center(w, 1, 5))
    QTest.mouseMove(g, _cell_center(w, 1, 5) - QPoint(0, 20))
    QTest.mouseRelease(g, Qt.MouseButton.RightButton, pos=_cell_center(w, 1, 5) - QPoint(0, 20))
    assert doc.pattern.velocity(1, 5) > 110
    # accent / ghost keys on the hovered step
    QTest.mouseMove(g, _cell_center(w, 2, 3))
    QTest.keyClick(g, Qt.Key.Key_G)
    assert doc.pattern.velocity(2, 3) == 40
    n = doc.undo.count()
    doc.undo.undo()   # ghost
    doc.undo.undo()   # velocity
    doc.undo.undo()   # the whole paint stroke
    assert [doc.pattern.velocity(1, s) for s in (5, 6, 7, 8)] == [0] * 4
    doc.undo.redo()
    assert doc.pattern.velocity(1, 7) == 100
    assert n == 5 and doc.dirty  # click, click, one paint stroke, velocity, ghost


def test_bars_selection_copy_paste_duplicate_rows(make_window):
    w = make_window(start_sound=False)
    doc, g = w.doc, w.grid
    bar_w = g.cell_w() * doc.pattern.steps_per_bar
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=QPoint(int(HEADER_W + bar_w * 0.5), RULER_H // 2))
    assert g.selection == (0, 0)
    w.copy_bars()
    w.clear_bars()
    assert doc.pattern.copy_bars(0).sum() == 0
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=QPoint(int(HEADER_W + bar_w * 1.5), RULER_H // 2))
    w.paste_bars()
    assert np.array_equal(doc.pattern.copy_bars(1), w.clipboard[1])
    w.duplicate_bars()
    assert doc.pattern.bars == 3
    from engine.drumkit import Row
    w.add_row(Row("Open Hat", 46))
    assert [r.note for r in doc.pattern.rows] == [36, 38, 42, 46]
    w._header_clicked(0, "mute")
    assert doc.project.mixer.row(36).mute
    w._header_clicked(0, "lock")
    assert doc.project.generation.locked_notes == (36,)


def test_continue_candidates_keep_discard_and_event_loop_stays_free(make_window, qtbot):
    w = make_window(start_sound=False)
    qtbot.waitUntil(lambda: w.drummer is not None, timeout=20000)
    assert w.btn_continue.isEnabled()
    w.gen_bars.setValue(2)
    w.variations.setValue(3)
    w._gen_settings_changed()
    gaps, last = [], [time.perf_counter()]

    def beat():
        now = time.perf_counter()
        gaps.append(now - last[0])
        last[0] = now
    timer = QTimer(interval=5, timeout=beat)
    timer.start()
    with qtbot.waitSignal(w.generationDone, timeout=30000):
        w.btn_continue.click()
    timer.stop()
    assert max(gaps) < 0.05, f"event loop blocked {max(gaps) * 1000:.0f} ms"
    doc = w.doc
    assert len(doc.candidates) == 3 and doc.shown.bars == 4 and doc.pattern.bars == 2
    first = doc.shown
    w.btn_next.click()
    assert doc.candidate_index == 1
    w.grid.repaint()
    w.btn_keep.click()
    assert doc.pattern.bars == 4 and doc.candidates == []
    doc.undo.undo()
    assert doc.pattern.bars == 2
    with qtbot.waitSignal(w.generationDone, timeout=30000):
        w.btn_continue.click()
    w.btn_discard.click()
    assert doc.pattern.bars == 2 and doc.candidate is None and first.bars == 4


def test_save_load_import_export(make_window, tmp_path, qtbot):
    w = make_window(start_sound=False)
    f = str(tmp_path / "song.groove")
    assert w.save_as(f)
    assert not w.doc.dirty and load_project(f).pattern == w.doc.pattern
    w.doc.apply(w.doc.pattern.toggle(1, 1), "edit")
    assert w.doc.dirty and "*" in w.windowTitle()
    assert w.save() and not w.doc.dirty
    w2 = make_window(start_sound=False)
    assert w2.open_path(f) and w2.doc.pattern == w.doc.pattern and w2.doc.path == f
    assert w2.settings.value("recent")[0] == f
    mid = make_midi(tmp_path / "in.mid", [(0, 36, 100, 60), (130, 42, 60, 60), (480, 38, 90, 60)], tempo=90)
    before = w2.doc.project
    w2.import_midi(str(mid))
    qtbot.waitUntil(lambda: bool(w2.last_import_report), timeout=10000)
    # into an open project, an import is a new pattern after the current one (one undo step), nothing replaced
    assert w2.doc.project.patterns[:1] == before.patterns and len(w2.doc.project.patterns) == 2
    assert w2.doc.project.names[1] == "in" and w2.doc.project.current == 1
    # the report is a notice with Details, not a modal box
    assert "moved to grid: 1 of 3 notes" in w2.last_import_report and w2.doc.pattern.tempo == 90
    assert "Imported in.mid" in w2.status.currentMessage() and w2.details_btn.isVisible()
    assert not any(k == "report" for k, _ in w2._ask.asked)
    w2.doc.undo.undo()
    assert w2.doc.project == before
    w2.doc.undo.redo()
    out = str(tmp_path / "out.mid")
    assert w2.export_midi(out)
    assert read_midi(out).pattern == w2.doc.pattern
    assert w2.write_drag_file().endswith(".mid")
    bad = tmp_path / "bad.groove"
    bad.write_text("{oops")
    assert not w2.open_path(str(bad))
    assert any("not valid JSON" in t for k, t in w2._ask.asked if k == "error")
    assert w2.doc.path == f or w2.doc.path is None  # the document was not replaced by the bad file


def test_export_wav_with_progress(make_window, tmp_path, qtbot):
    w = make_window(start_sound=False)
    out = str(tmp_path / "a.wav")
    done = []
    w.export_wav(out, loops=1, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    from engine.audio import read_wav
    x, sr = read_wav(out)
    assert sr == 44100 and np.abs(x).max() > 0.05


def test_autosave_and_recovery(make_window, qtbot):
    w = make_window(start_sound=False)
    w.doc.apply(w.doc.pattern.toggle(0, 5, 77), "edit")
    path = w.doc.autosave()
    assert path and os.path.exists(path)
    w2 = make_window(start_sound=False, check_recovery=True, ask=Answers(confirm=True))
    qtbot.waitUntil(lambda: w2.doc.pattern.velocity(0, 5) == 77, timeout=5000)
    assert w2.doc.dirty and not os.path.exists(path)


def test_unsaved_changes_prompt(make_window):
    ask = Answers(unsaved="cancel")
    w = make_window(start_sound=False, ask=ask)
    w.doc.apply(w.doc.pattern.toggle(0, 5), "edit")
    w.new_file()
    assert w.doc.pattern.velocity(0, 5) == 100 and ("unsaved", "Save changes?") in ask.asked
    ask.answers["unsaved"] = "discard"
    w.new_file()
    assert w.doc.pattern.velocity(0, 5) == 0 and not w.doc.dirty


def test_no_model_state(make_window, tmp_path, qtbot):
    w = make_window(start_sound=False, model_dir=str(tmp_path / "nothing"))
    qtbot.waitUntil(lambda: bool(w.drummer_error and "missing" in w.drummer_error), timeout=10000)
    assert not w.btn_continue.isEnabled() and "model card missing" in w.btn_continue.toolTip()
    QTest.mouseClick(w.grid, Qt.MouseButton.LeftButton, pos=_cell_center(w, 1, 1))
    assert w.doc.pattern.velocity(1, 1) == 100  # everything else works


def test_sound_states(make_window, qtbot, monkeypatch, tmp_path):
    w = make_window(start_sound=True)
    qtbot.waitUntil(lambda: w.player is not None, timeout=20000)
    assert w.kit.count() >= 8 and w.play_btn.isEnabled()
    w.play_btn.click()
    qtbot.waitUntil(lambda: w.grid.playhead is not None, timeout=5000)
    p1 = w.grid.playhead
    qtbot.wait(300)
    assert w.grid.playhead != p1
    w.play_btn.click()
    assert w.grid.playhead is None
    tim = "/usr/share/sounds/sf2/TimGM6mb.sf2"
    w.set_soundfont(tim)
    qtbot.waitUntil(lambda: w.player is not None and w.player.rig.path == tim, timeout=20000)
    assert w.kit.count() == 8 and w.settings.value("soundfont") == tim
    bad = tmp_path / "bad.sf2"
    bad.write_bytes(b"not a soundfont")
    w.set_soundfont(str(bad))
    qtbot.waitUntil(lambda: any("Cannot" not in t and "cannot load" in t for k, t in w._ask.asked if k == "error"),
                    timeout=10000)
    assert w.player.rig.path == tim  # the working soundfont stays
    import engine.soundfont as sf
    monkeypatch.setattr(sf, "SEARCH_DIRS", (str(tmp_path),))
    monkeypatch.delenv("GROOVELOOM_SOUNDFONT", raising=False)
    w2 = make_window(start_sound=True, settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    qtbot.waitUntil(lambda: w2.sound_status.startswith("No sound"), timeout=10000)
    assert "fluid-soundfont-gm" in w2.sound_status and not w2.play_btn.isEnabled()
    QTest.mouseClick(w2.grid, Qt.MouseButton.LeftButton, pos=_cell_center(w2, 1, 1))
    assert w2.doc.pattern.velocity(1, 1) == 100


def test_screenshot_command(tmp_path):
    from conftest import run_cli
    out = tmp_path / "shot.png"
    mid = make_midi(tmp_path / "beat.mid", [(i * 240, 42, 80, 60) for i in range(16)] + [(0, 36, 110, 60)])
    res = run_cli("--screenshot", out, mid, timeout=120)
    assert res.returncode == 0, res.stderr[-2000:]
    assert "Traceback" not in res.stderr and "Error" not in res.stderr, res.stderr[-2000:]
    from PySide6.QtGui import QImage
    img = QImage(str(out))
    assert img.width() >= 1280 and img.height() >= 700


def test_pack_browser_drop_and_augment(make_window, qtbot, tmp_path):
    from test_looppack import build_pack
    from ui.pack_browser import AugmentDialog
    w = make_window(start_sound=True)
    pack = build_pack(tmp_path / "pack")
    w.packs.setVisible(True)
    w.packs.open_pack(str(pack))
    qtbot.waitUntil(lambda: w.packs.tree.topLevelItemCount() == 10, timeout=10000)
    assert "1 unreadable" in w.packs.label.text()
    names = [w.packs.tree.topLevelItem(i).text(0) for i in range(10)]
    kick = names.index("01_Kick.mid")
    assert w.packs.tree.topLevelItem(kick).text(1) == "kick"
    qtbot.waitUntil(lambda: w.player is not None, timeout=20000)
    w.audition_loop(w.packs.loops[kick])
    assert w.player.playing and w.player.pattern.rows[0].note == 36
    before = w.doc.pattern
    w.drop_loop(kick, 0)  # the kick part onto the kick row
    assert np.array_equal(w.doc.pattern.hits[0][:16], w.packs.loops[kick].pattern.hits[0][:16])
    assert np.array_equal(w.doc.pattern.hits[1:], before.hits[1:])
    kit = names.index("Trap Kit Groove 4-4.mid")
    w.drop_loop(kit, None)
    assert w.doc.pattern.hits.sum() == w.packs.loops[kit].pattern.hits.sum()
    w.doc.undo.undo()
    w.doc.undo.undo()
    assert w.doc.pattern == before
    got = []
    w.packs.override(kick, role="perc", on_done=got.append)
    qtbot.waitUntil(lambda: bool(got), timeout=5000)
    assert w.packs.loops[kick].role == "perc" and w.packs.tree.topLevelItem(kick).text(1) == "perc"
    dlg = AugmentDialog(w.packs)
    dlg.count.setValue(10)
    dlg.start()
    qtbot.waitUntil(lambda: "(augmented)" in w.packs.pack_name, timeout=20000)
    assert 1 <= w.packs.tree.topLevelItemCount() <= 10 and "duplicates" in w.packs.label.text()


def test_patterns_of_a_project(make_window, tmp_path):
    w = make_window(start_sound=False)
    doc = w.doc
    first = doc.pattern
    w.add_pattern()
    assert doc.project.names == ("Groove 1", "Pattern 2") and doc.project.current == 1
    doc.apply(doc.pattern.clear_range(0, 32), "clear")
    w.rename_pattern("Chorus")
    w.switch_pattern(0)
    assert doc.pattern == first and w.pattern_box.currentText() == "Groove 1"
    f = str(tmp_path / "song.groove")
    assert w.save_as(f)
    assert load_project(f).names == ("Groove 1", "Chorus") and load_project(f).patterns[1].total_hits == 0
    w.switch_pattern(1)
    w.delete_pattern()
    assert doc.project.names == ("Groove 1",)
    w.delete_pattern()  # the last one stays
    assert len(doc.project.patterns) == 1
    for _ in range(2):
        doc.undo.undo()
    assert doc.project.names == ("Groove 1", "Chorus") and doc.project.current == 0


def test_every_menu_action_with_qt_signal_arguments(make_window, tmp_path, monkeypatch, qtbot):
    """Each action is triggered the way Qt does it (triggered(checked)): Save As and Rename used to receive
    `False` as the path/name and do nothing. Dialogs answer with real paths; an exception in a slot fails."""
    from PySide6.QtWidgets import QFileDialog, QInputDialog
    saved = tmp_path / "via-menu.groove"
    mid = make_midi(tmp_path / "menu.mid", [(0, 36, 100, 60), (480, 38, 90, 60)])
    answers = {"Save as": str(saved), "Open": str(saved), "Import MIDI": str(mid)}
    asked = []

    def file_dialog(parent, title, *a, **k):
        asked.append(title)
        return answers.get(title, ""), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", staticmethod(file_dialog))
    monkeypatch.setattr(QFileDialog, "getOpenFileName", staticmethod(file_dialog))
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", staticmethod(lambda *a, **k: ""))
    monkeypatch.setattr(QInputDialog, "getText", staticmethod(lambda *a, **k: ("Verse", True)))
    w = make_window(start_sound=False)
    acts = w.actions_by_name
    acts["Save As"].trigger()
    assert saved.is_file() and w.doc.path == str(saved) and "Save as" in asked
    w.pattern_buttons["Rename"].click()
    assert w.doc.project.names[w.doc.project.current] == "Verse"
    for name, a in acts.items():
        if name in ("Quit", "New"):
            continue
        a.trigger()
        wait_all()
        qtbot.wait(20)
    assert {"Open", "Import MIDI", "Export MIDI", "Export WAV"} <= set(asked)
    assert w.packs.isVisible() == acts["Loop pack panel"].isChecked()


def test_recent_files_survive_a_restart_and_junk_is_dropped(make_window, tmp_path):
    ini = str(tmp_path / "recent.ini")
    f = tmp_path / "one.groove"
    w = make_window(start_sound=False, settings=QSettings(ini, QSettings.Format.IniFormat))
    assert w.save_as(str(f))
    w.close()
    # after a restart, QSettings gives a one-element list back as a plain string (the INI line is the same)
    s = QSettings(ini, QSettings.Format.IniFormat)
    s.setValue("recent", str(f))
    w2 = make_window(start_sound=False, settings=s)
    assert w2.recent_files() == [str(f)]
    assert [a.text() for a in w2.recent_menu.actions()] == [str(f)]
    # what an older version left behind: one entry per character of a path
    s.setValue("recent", list(str(f)))
    w3 = make_window(start_sound=False, settings=s)
    assert w3.recent_files() == [] and not w3.recent_menu.isEnabled()
    assert s.value("recent") in (None, [], "")


def test_hover_keys_reach_the_grid_whatever_has_focus(make_window, qtbot):
    w = make_window(start_sound=False)
    w.style.setFocus()
    style = w.style.currentText()
    QTest.mouseMove(w.grid, _cell_center(w, 1, 3))
    qtbot.waitUntil(lambda: w.grid.hover == (1, 3), timeout=2000)
    w.grid.underMouse = lambda: True  # offscreen has no real pointer; under Xvfb the soak test does it for real
    QTest.keyClick(w.style, Qt.Key.Key_A)
    assert w.doc.pattern.velocity(1, 3) >= 110 and w.style.currentText() == style


def test_autosave_follows_a_change_within_seconds(make_window, qtbot):
    from ui.document import autosave_path
    from ui.main_window import AUTOSAVE_DELAY_MS
    w = make_window(start_sound=False)
    path = autosave_path(w.doc.autosave_id)
    assert not os.path.exists(path)
    w.doc.apply(w.doc.pattern.toggle(0, 3, 99), "edit")
    qtbot.waitUntil(lambda: os.path.exists(path), timeout=AUTOSAVE_DELAY_MS + 2000)
    assert load_project(path).pattern.velocity(0, 3) == 99


def test_layout_fits_1024x600_and_esc_clears_selection(make_window, qtbot):
    w = make_window(start_sound=False)
    w.resize(1024, 600)
    w.show_packs(True)
    qtbot.wait(50)
    assert w.width() <= 1024 and w.height() <= 600
    # the grid gets room for two bars without scrolling, and follows the panel being hidden
    vp = w.scroll.viewport().width()
    assert w.grid.width() <= vp + 1
    w.show_packs(False)
    qtbot.waitUntil(lambda: w.scroll.viewport().width() > vp + 100, timeout=2000)
    assert w.grid._viewport_w == w.scroll.viewport().width()
    # toolbars do not cover one another
    tb = [t for t in w.findChildren(QToolBar)]
    assert len(tb) == 2 and not tb[0].geometry().intersects(tb[1].geometry())
    w.grid.selection = (0, 0)
    w.escape()
    assert w.grid.selection is None


def test_quit_after_an_edit_is_quiet(tmp_path):
    """Closing with unsaved edits (answered 'discard') and leaving Python: nothing on stderr. The undo stack
    used to emit into a deleted document ('Signal source has been deleted')."""
    import subprocess
    import sys
    from conftest import ROOT
    script = (
        "import sys; sys.path.insert(0, %r)\n"
        "from PySide6.QtCore import QSettings, QTimer\n"
        "from PySide6.QtWidgets import QApplication\n"
        "app = QApplication([])\n"
        "from ui.main_window import MainWindow\n"
        "w = MainWindow(settings=QSettings(%r, QSettings.Format.IniFormat), start_sound=False,\n"
        "               start_drummer=False, check_recovery=False, ask=lambda kind, text: 'discard')\n"
        "w.show()\n"
        "w.doc.apply(w.doc.pattern.toggle(0, 1), 'edit')\n"
        "QTimer.singleShot(100, w.close)\n"
        "QTimer.singleShot(300, app.quit)\n"
        "app.exec()\n" % (str(ROOT), str(tmp_path / "s.ini")))
    res = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60,
                         env={**os.environ, "QT_QPA_PLATFORM": "offscreen", "XDG_DATA_HOME": str(tmp_path)})
    assert res.returncode == 0, res.stderr
    noise = [ln for ln in res.stderr.splitlines() if "propagateSizeHints" not in ln]
    assert not noise, res.stderr
