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
