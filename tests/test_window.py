"""The window as a whole, offscreen, with the real FluidSynth and a real (tiny) drummer model: painting on
the grid, every menu action with Qt's own signal arguments, hover keys, the layout at 1024x600, the
--screenshot command and a quiet quit. (Each controller has its own test file; tests/test_soak.py uses the
real window under Xvfb.)"""
import os

from PySide6.QtCore import QPoint, Qt
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QToolBar

from conftest import cell_center, make_midi
from ui.prompts import ScriptedPrompts
from ui.workers import wait_all


def test_draw_erase_paint_velocity_undo(make_window, qtbot):
    w = make_window()
    g, doc = w.grid, w.doc
    before = doc.pattern
    assert before.velocity(1, 1) == 0
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 1))
    assert doc.pattern.velocity(1, 1) == 100
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 1))
    assert doc.pattern.velocity(1, 1) == 0
    # drag paints along the row in one undo step
    QTest.mousePress(g, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 5))
    for s in (6, 7, 8):
        QTest.mouseMove(g, cell_center(w, 1, s))
    QTest.mouseRelease(g, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 8))
    assert [doc.pattern.velocity(1, s) for s in (5, 6, 7, 8)] == [100] * 4
    # right-drag upwards raises the velocity
    QTest.mousePress(g, Qt.MouseButton.RightButton, pos=cell_center(w, 1, 5))
    QTest.mouseMove(g, cell_center(w, 1, 5) - QPoint(0, 20))
    QTest.mouseRelease(g, Qt.MouseButton.RightButton, pos=cell_center(w, 1, 5) - QPoint(0, 20))
    assert doc.pattern.velocity(1, 5) > 110
    # accent / ghost keys on the hovered step
    QTest.mouseMove(g, cell_center(w, 2, 3))
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


def test_every_menu_action_with_qt_signal_arguments(make_window, tmp_path, qtbot):
    """Each action is triggered the way Qt does it (triggered(checked)): Save As and Rename once received
    `False` as the path/name and did nothing. Prompts answer with real paths; an exception in a slot fails."""
    saved = tmp_path / "via-menu.groove"
    mid = make_midi(tmp_path / "menu.mid", [(0, 36, 100, 60), (480, 38, 90, 60)])
    files = {"Save as": str(saved), "Open": str(saved), "Import MIDI": str(mid)}
    prompts = ScriptedPrompts(save_file=lambda title: files.get(title), open_file=lambda title: files.get(title),
                              open_file_as=lambda title: (files[title], 0) if title in files else None, text="Verse")
    w = make_window(prompts=prompts)
    acts = w.actions
    acts["save_as"].trigger()
    assert saved.is_file() and w.doc.path == str(saved) and ("save_file", "Save as") in prompts.asked
    w.patterns.buttons["rename"].click()
    assert w.doc.project.names[w.doc.project.current] == "Verse"
    for name, a in acts.items():
        if name in ("quit", "new"):
            continue
        a.trigger()
        wait_all()
        qtbot.wait(20)
    titles = {t for k, t in prompts.asked if k in ("open_file", "open_file_as", "save_file", "folder")}
    assert {"Open", "Import MIDI", "Export MIDI", "Export WAV", "Open loop pack folder", "Open loop pack .zip",
            "Choose soundfont"} <= titles
    assert w.packs.isVisible() == acts["packs_panel"].isChecked()
    assert "via-menu" in " ".join(w.doc.project.names) or "menu" in " ".join(w.doc.project.names)


def test_hover_keys_reach_the_grid_whatever_has_focus(make_window, qtbot):
    w = make_window()
    w.drummer_panel.style_box.setFocus()
    style = w.drummer_panel.style_box.currentText()
    QTest.mouseMove(w.grid, cell_center(w, 1, 3))
    qtbot.waitUntil(lambda: w.grid.hover == (1, 3), timeout=2000)
    w.grid.underMouse = lambda: True  # offscreen has no real pointer; under Xvfb the soak test does it for real
    QTest.keyClick(w.drummer_panel.style_box, Qt.Key.Key_A)
    assert w.doc.pattern.velocity(1, 3) >= 110 and w.drummer_panel.style_box.currentText() == style


def test_a_value_committed_in_a_field_gives_the_keys_back_to_the_grid(make_window, qtbot):
    """Enter in a toolbar field (Swing, Feel, length, a typed meter) or a pick in a list commits it and the
    keys go to the grid again: Space plays and Ctrl+Z undoes (in the field they typed and undid text)."""
    w = make_window()
    w.activateWindow()
    box = w.transport.swing_box
    box.setFocus()
    qtbot.waitUntil(box.hasFocus, timeout=2000)
    box.selectAll()
    QTest.keyClicks(box, "60")
    QTest.keyClick(box, Qt.Key.Key_Return)
    qtbot.waitUntil(w.grid.hasFocus, timeout=2000)
    undo = w.doc.undo.count()
    meter = w.patterns.meter_box
    meter.setFocus()
    qtbot.waitUntil(meter.hasFocus, timeout=2000)
    QTest.keyClick(meter, Qt.Key.Key_Down)            # the next meter in the list, chosen from the keyboard
    qtbot.waitUntil(w.grid.hasFocus, timeout=2000)
    assert w.doc.undo.count() == undo + 1
    QTest.keyClick(w.grid, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert w.doc.undo.count() == undo + 1 and w.doc.undo.index() == undo
    meter.setFocus()                                   # a meter typed and entered (Return was Keep variation)
    qtbot.waitUntil(meter.hasFocus, timeout=2000)
    meter.lineEdit().selectAll()
    QTest.keyClicks(meter, "7/8")
    QTest.keyClick(meter, Qt.Key.Key_Return)
    qtbot.waitUntil(w.grid.hasFocus, timeout=2000)
    assert w.doc.pattern.meter == "7/8"
    w.edits.add_pattern()                              # a long name: the pattern list is as wide as it
    w.edits.rename_pattern("k525MIDIMvt1 ch 5 drumified")
    view = w.patterns.pattern_box.view()
    assert view.minimumWidth() >= view.fontMetrics().horizontalAdvance("k525MIDIMvt1 ch 5 drumified")


def test_layout_fits_1024x600(make_window, qtbot):
    w = make_window()
    w.resize(1024, 600)
    w.show_packs(True)
    qtbot.wait(50)
    assert w.width() <= 1024 and w.height() <= 600
    # the grid fits its view, and follows the panel being hidden
    vp = w.scroll.viewport().width()
    assert w.grid.width() <= vp + 1
    w.show_packs(False)
    qtbot.waitUntil(lambda: w.scroll.viewport().width() > vp + 100, timeout=2000)
    assert w.grid.viewport_size[0] == w.scroll.viewport().width()
    bars = w.findChildren(QToolBar)
    assert len(bars) == 2 and not bars[0].geometry().intersects(bars[1].geometry())
    # the beat map and the pack panel open at once: the window stays on a 1024x600 screen (the beat map grew
    # it to 1024x892), the grid keeps rows to draw on, Drag MIDI is on a toolbar (not behind its overflow) and
    # what sat behind the overflow is in the Transport menu
    w.show_packs(True)
    w.show_beatmap(True)
    qtbot.wait(50)
    assert w.width() <= 1024 and w.height() <= 600 and w.minimumSizeHint().height() <= 600
    assert w.scroll.viewport().height() >= 100
    from ui.patterns_bar import DragMidiLabel
    drag = w.findChild(DragMidiLabel)
    assert drag.isVisible() and w.patterns.rect().contains(drag.geometry())
    transport = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Transport")
    texts = [a.text() for a in transport.actions()]
    assert {"&Metronome", "&Count-in", "&Loop the selected bars", "Play the &song"} <= set(texts)
    w.actions["count_in"].trigger()
    assert w.transport.count_in_check.isChecked() and w.doc.project.mixer.count_in
    w.transport.count_in_check.setChecked(False)
    assert not w.actions["count_in"].isChecked()


def test_a_combo_opens_below_itself_whatever_is_chosen(make_window, qtbot):
    """The themed window's combo boxes drop their list below themselves (Fusion put the list over the box,
    at a height following the current item, so a first click near the box could pick another item)."""
    from PySide6.QtWidgets import QApplication
    from ui.theme import apply_theme
    app = QApplication.instance()
    from PySide6.QtGui import QPalette
    from ui.grid import paint
    sheet, palette = app.styleSheet(), QPalette(app.palette())
    try:
        for scheme in ("dark",):          # (the schemes share the combo's style rules)
            apply_theme(app, scheme)
            w = make_window()
            box = w.transport.feel_style
            box.setEnabled(True)
            for index in (0, box.count() - 1):
                box.setCurrentIndex(index)
                box.showPopup()
                qtbot.waitUntil(lambda: box.view().isVisible(), timeout=2000)
                popup_top = box.view().window().geometry().top()
                assert popup_top >= box.mapToGlobal(box.rect().bottomLeft()).y() - 1, (scheme, index)
                box.hidePopup()
    finally:
        app.setStyleSheet(sheet)
        app.setPalette(palette)
        paint.use_scheme("dark")


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
        "from ui.prompts import ScriptedPrompts\n"
        "w = MainWindow(settings=QSettings(%r, QSettings.Format.IniFormat), start_sound=False,\n"
        "               start_drummer=False, check_recovery=False, prompts=ScriptedPrompts())\n"
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


def test_what_start_up_freed_goes_back_once_the_sound_and_drummer_have_loaded(make_window, qtbot, monkeypatch):
    """Once the sound and the drummer have loaded (or failed), a worker hands the heap their loading freed
    back to the system (malloc_trim: ~4 MB of the window's RSS when ready); once, not before."""
    import ui.startup
    from ui.generation import DrummerState
    from ui.sound import SoundState
    calls = []
    seen = []

    def release():
        seen.append((w.sound.state, w.generation.state))
        calls.append(1)
    monkeypatch.setattr(ui.startup, "release_freed_memory", release)
    w = make_window(start_sound=True)
    qtbot.waitUntil(lambda: bool(calls), timeout=30000)
    assert seen[0][0] is not SoundState.STARTING and seen[0][1] is not DrummerState.LOADING
    w.doc.apply(w.doc.pattern.toggle(0, 1), "a hit")        # (later state changes do not release again)
    qtbot.wait(300)
    assert len(calls) == 1
    monkeypatch.undo()
    ui.startup.release_freed_memory()                          # (the real one: glibc's malloc_trim, no error)
