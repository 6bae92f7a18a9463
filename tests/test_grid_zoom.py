"""Long patterns in the grid: zoom (menu and Ctrl+wheel) keeps the step under the pointer in place, the row
headers stay pinned when the grid scrolls sideways (and still take clicks), the view follows the playhead."""
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QKeySequence, QWheelEvent
from PySide6.QtWidgets import QApplication
from PySide6.QtTest import QTest


def _ctrl_wheel(widget, x, y, up=True, mod=Qt.KeyboardModifier.ControlModifier):
    pos = QPointF(x, y)
    ev = QWheelEvent(pos, QPointF(widget.mapToGlobal(QPoint(int(x), int(y)))), QPoint(0, 0), QPoint(0, 120 if up else -120),
                     Qt.MouseButton.NoButton, mod, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, ev)


def test_zoom_scroll_pinned_headers_and_follow(make_window, qtbot):
    w = make_window()
    w.edits.set_bars(32)
    g, bar = w.grid, w.scroll.horizontalScrollBar()
    fit = g.cell_w()
    assert g.zoom == 1.0 and bar.maximum() > 0                  # 512 steps do not fit 1280 px
    assert QKeySequence("Ctrl+=") in w.actions["zoom_in"].shortcuts()      # (no Shift needed)
    w.actions["zoom_in"].trigger()
    assert abs(g.cell_w() - fit * 1.25) < 1e-6
    w.zoom(0)                                                    # Fit: all 32 bars in view
    qtbot.waitUntil(lambda: bar.maximum() == 0, timeout=2000)
    whole = g.cell_w()
    w.edits.add_pattern()                                        # another pattern is shown whole too
    w.edits.set_bars(2)
    qtbot.waitUntil(lambda: g.cell_w() > 8 * whole, timeout=2000)   # (it kept the 32 bars' zoom: a third of
    w.edits.switch_pattern(0)                                    # the view)
    qtbot.waitUntil(lambda: abs(g.cell_w() - whole) < 1e-6 and bar.maximum() == 0, timeout=2000)
    w.grid.set_zoom(1.0)
    assert g.cell_w() == fit
    qtbot.waitUntil(lambda: bar.maximum() > 1500, timeout=2000)
    _ctrl_wheel(g, 600, 100, up=False, mod=Qt.KeyboardModifier.ShiftModifier)   # Shift+wheel: sideways
    assert bar.value() > 0
    bar.setValue(1500)                                           # scrolled to the middle
    qtbot.waitUntil(lambda: g.x0 == 1500)
    x = 1500 + 700
    step = (x - g.header_w()) / g.cell_w()
    _ctrl_wheel(g, x, 100)                                       # zoom in at the pointer
    qtbot.waitUntil(lambda: abs(g.x_of(step) - bar.value() - 700) < 2, timeout=2000)
    assert g.cell_w() > fit
    # the headers are drawn and clicked where the view is: mute row 0 at the pinned header
    mute = g.header_parts(0)["mute"].center() + QPoint(g.x0, 0)
    QTest.mouseClick(g, Qt.MouseButton.LeftButton, pos=mute)
    assert w.doc.project.mixer.row(w.doc.pattern.rows[0].note).mute
    assert g.cell_at(mute) is None
    # playing: the view pages along with the playhead
    g.set_playhead(None)
    w._follow_playhead(500.0)
    assert bar.value() + g.header_w() <= g.x_of(500.0) < bar.value() + w.scroll.viewport().width()
    w._follow_playhead(0.0)                                      # the loop starts again: back to the start
    assert bar.value() == 0


def test_a_project_opened_shows_its_first_bar(make_window, qtbot):
    from engine.project import project_from_pattern
    w = make_window()
    w.edits.set_bars(32)
    bar = w.scroll.horizontalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 1500, timeout=2000)
    bar.setValue(1500)
    w.doc.replace(project_from_pattern(w.doc.pattern, "another"), None)     # what Open does
    assert bar.value() == 0


def test_every_hit_of_a_32_bar_pattern_is_drawn_in_fit_view(make_window, qtbot):
    """Fit view of a 32-bar trap beat (steps 1-2 px wide): each hit shows, the kick on every downbeat and the
    snare on beat 3 included (they sat under the bar and beat lines, and a cell 2 px narrower than its step
    was not drawn at all). Counted in the pixels of the grid as painted."""
    import numpy as np
    from PySide6.QtGui import QColor
    from ui.grid.paint import BG, CELL_A, CELL_B
    from ui.grid.view import RULER_H
    w = make_window()
    w.edits.set_bars(32)
    p = w.doc.pattern
    hits = np.zeros_like(p.hits)
    kick, snare, hat = (p.row_index(n) for n in (36, 38, 42))
    hits[kick, ::16] = 110                           # every downbeat
    hits[kick, 11::32] = 90                          # and a pickup every other bar
    hits[snare, 8::16] = 100                         # beat 3
    hits[hat, 2::4] = 70                             # the "and"s, soft
    w.doc.apply(p.with_hits(hits), "trap")
    w.zoom(0)
    g = w.grid
    qtbot.waitUntil(lambda: w.scroll.horizontalScrollBar().maximum() == 0, timeout=2000)
    cw, hw = g.cell_w(), g.header_w()
    assert cw < 2.5                                  # the case that failed: steps under 3 px
    img = g.grab().toImage()
    background = {QColor(c).rgb() for c in (BG, CELL_A, CELL_B, "#c8ccd8", "#4b5162", "#101216")}
    missing, drawn = [], 0
    for r in (kick, snare, hat):
        y = RULER_H + r * g.row_h + g.row_h - 5               # near the cell's bottom, where every hit bar starts
        for s in np.flatnonzero(hits[r]):
            xs = range(int(hw + s * cw), max(int(hw + s * cw) + 1, int(hw + (s + 1) * cw)))
            if any(img.pixelColor(x, y).rgb() not in background for x in xs):
                drawn += 1
            else:
                missing.append((r, int(s)))
    assert not missing and drawn == int((hits[[kick, snare, hat]] > 0).sum()), missing[:10]
