"""Rolls and flams in the grid: Alt+wheel steps a hit's repeats, a right-click opens the roll menu (repeats,
shape, flam), each change one undo step; the painted cell shows one mark per repeat (heights following the
shape), a flam's grace mark, and a label when the cell is too narrow for marks."""
from __future__ import annotations

import pytest
from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QContextMenuEvent, QWheelEvent
from PySide6.QtTest import QTest
from PySide6.QtWidgets import QApplication

from engine.drumkit import DEFAULT_ROWS
from engine.pattern import Pattern
from engine.project import project_from_pattern
from engine.rolls import Roll
from ui.document import Document
from ui.grid import GridWidget
from ui.grid.paint import CELL_A, CELL_B
from ui.rolls_menu import menu_action

KICK, SNARE, HAT = 0, 1, 2
ALT = Qt.KeyboardModifier.AltModifier


def beat(bars: int = 1) -> Pattern:
    p = Pattern.empty(DEFAULT_ROWS, bars=bars, tempo=140)
    for s in range(0, 16 * bars, 4):
        p = p.with_velocity(KICK, s, 110)
    for s in range(16 * bars):
        p = p.with_velocity(HAT, s, 90)
    return p.with_velocity(SNARE, 4, 100)


@pytest.fixture
def make_grid(qtbot):
    def make(pattern: Pattern | None = None, width: int = 1100):
        doc = Document(project_from_pattern(pattern or beat(), "Rolls"))
        g = GridWidget(doc)
        g.set_viewport_size(width, 300)
        qtbot.addWidget(g)
        g.resize(g.sizeHint())
        g.show()
        qtbot.waitExposed(g)
        g.doc_ref = doc     # (the widget holds the document; keep it alive with the test)
        return g
    return make


def center(g, r, s) -> QPoint:
    c = g.cell_rect(r, s).center()
    return QPoint(int(c.x()), int(c.y()))


def wheel(g, r, s, notches=1, mod=ALT, horizontal=False, angle=120):
    pos = QPointF(center(g, r, s))
    d = QPoint(angle * notches, 0) if horizontal else QPoint(0, angle * notches)
    ev = QWheelEvent(pos, QPointF(g.mapToGlobal(pos.toPoint())), QPoint(0, 0), d, Qt.MouseButton.NoButton, mod,
                     Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(g, ev)
    return ev


def right_click(g, r, s):
    QTest.mouseClick(g, Qt.MouseButton.RightButton, pos=center(g, r, s))
    return g.roll_menu


def click_action(menu, name):
    """Click the menu item with the mouse, as a person does."""
    act = menu_action(menu, name)
    QTest.mouseClick(menu, Qt.MouseButton.LeftButton, pos=menu.actionGeometry(act).center())


# ---- gestures -------------------------------------------------------------------------------------------

def test_alt_wheel_steps_the_repeats_one_undo_step_each(make_grid):
    g = make_grid()
    doc = g.doc
    seen = []
    for _ in range(6):                                   # up: 2, 3, 4, 6, 8, and 8 stays
        assert wheel(g, HAT, 5).isAccepted()
        seen.append(doc.pattern.roll(HAT, 5).count)
    assert seen == [2, 3, 4, 6, 8, 8]
    assert doc.undo.count() == 5 and doc.undo.undoText() == "Roll x8"
    assert doc.pattern.velocity(HAT, 5) == 90            # the velocity is the wheel's other job
    wheel(g, HAT, 5, -1)
    assert doc.pattern.roll(HAT, 5) == Roll(6) and doc.undo.undoText() == "Roll x6"
    doc.undo.undo()
    assert doc.pattern.roll(HAT, 5) == Roll(8)
    doc.undo.undo()
    doc.undo.undo()
    assert doc.pattern.roll(HAT, 5) == Roll(4)
    wheel(g, HAT, 5, -3)                                 # three notches at once: 4 -> 1
    assert doc.pattern.roll(HAT, 5).plain and doc.undo.undoText() == "No roll"
    wheel(g, HAT, 5, 1, horizontal=True)                 # X11 turns Alt+wheel sideways: still counts
    assert doc.pattern.roll(HAT, 5).count == 2
    wheel(g, HAT, 5, 1, angle=60)                        # a trackpad's half notches add up
    assert doc.pattern.roll(HAT, 5).count == 2
    wheel(g, HAT, 5, 1, angle=60)
    assert doc.pattern.roll(HAT, 5).count == 3
    assert doc.pattern.rolls.sum() == doc.pattern.rolls[HAT, 5]   # no other cell touched


def test_alt_wheel_keeps_shape_and_flam_and_drops_the_shape_at_one_hit(make_grid):
    g = make_grid(beat().with_roll(HAT, 3, Roll(3, "up", flam=True)))
    wheel(g, HAT, 3)
    assert g.doc.pattern.roll(HAT, 3) == Roll(4, "up", flam=True)
    wheel(g, HAT, 3, -4)
    assert g.doc.pattern.roll(HAT, 3) == Roll(1, "flat", flam=True)    # a shape needs repeats


def test_other_wheels_keep_their_jobs_and_only_hits_roll(make_grid):
    g = make_grid()
    doc = g.doc
    zoom = []
    g.zoomRequested.connect(lambda f, x: zoom.append(f))
    wheel(g, HAT, 2, mod=Qt.KeyboardModifier.NoModifier)                 # plain wheel: velocity
    assert doc.pattern.velocity(HAT, 2) == 98 and doc.pattern.roll(HAT, 2).plain
    wheel(g, HAT, 2, mod=Qt.KeyboardModifier.ControlModifier)            # Ctrl+wheel: zoom
    wheel(g, HAT, 2, mod=Qt.KeyboardModifier.ControlModifier | ALT)      # (Ctrl wins over Alt)
    assert zoom == [1.25, 1.25] and doc.pattern.roll(HAT, 2).plain
    n = doc.undo.count()
    ev = wheel(g, SNARE, 2)                                              # an empty cell: nothing, no hit
    assert not ev.isAccepted() and doc.pattern.velocity(SNARE, 2) == 0 and doc.undo.count() == n


def test_nothing_rolls_while_a_variation_is_shown(make_grid):
    class Cand:                      # the drummer's candidate, as the document holds it
        as_pattern = None

        def __init__(self, p):
            self.pattern = p

        def step_range(self):
            return 0, 16
    g = make_grid()
    g.doc.set_candidates([Cand(beat())])
    wheel(g, HAT, 5)
    assert right_click(g, HAT, 5) is None
    assert g.open_roll_menu((HAT, 5), QPoint(0, 0)) is None
    assert not g.set_roll(HAT, 5, Roll(3), "Roll x3")
    assert not g.doc.pattern.has_rolls and g.doc.undo.count() == 0


def test_right_click_menu_sets_repeats_shape_and_flam(make_grid):
    g = make_grid()
    doc = g.doc
    menu = right_click(g, HAT, 6)
    assert menu is not None and menu.isVisible()
    assert menu_action(menu, "roll_1").isChecked() and menu_action(menu, "shape_flat").isChecked()
    assert not menu_action(menu, "shape_up").isEnabled()          # no repeats, nothing to shape
    assert not menu_action(menu, "flam").isChecked()
    assert [a.text() for a in menu.actions() if a.objectName().startswith("roll_")] == \
        ["none", "x2", "x3", "x4", "x6", "x8"]
    click_action(menu, "roll_3")
    assert doc.pattern.roll(HAT, 6) == Roll(3) and doc.undo.undoText() == "Roll x3"
    assert not menu.isVisible()

    menu = right_click(g, HAT, 6)
    assert menu_action(menu, "roll_3").isChecked() and menu_action(menu, "shape_up").isEnabled()
    click_action(menu, "shape_up")
    assert doc.pattern.roll(HAT, 6) == Roll(3, "up") and doc.undo.undoText() == "Roll shape up"
    menu = right_click(g, HAT, 6)
    assert menu_action(menu, "shape_up").isChecked()
    click_action(menu, "flam")
    assert doc.pattern.roll(HAT, 6) == Roll(3, "up", flam=True) and doc.undo.undoText() == "Flam"
    assert doc.undo.count() == 3
    assert "roll x3 up, flam" in g.cell_tip(HAT, 6)               # the hover tip names it

    menu = right_click(g, HAT, 6)
    assert menu_action(menu, "flam").isChecked()
    click_action(menu, "flam")                                    # unchecked: the flam goes
    assert doc.pattern.roll(HAT, 6) == Roll(3, "up") and doc.undo.undoText() == "Remove flam"
    menu = right_click(g, HAT, 6)
    click_action(menu, "roll_1")
    assert doc.pattern.roll(HAT, 6).plain and doc.undo.undoText() == "No roll"
    for _ in range(5):
        doc.undo.undo()
    assert not doc.pattern.has_rolls and doc.pattern == beat()
    doc.undo.redo()
    assert doc.pattern.roll(HAT, 6) == Roll(3)


def test_right_click_elsewhere_keeps_its_jobs(make_grid):
    g = make_grid()
    doc = g.doc
    assert right_click(g, SNARE, 7) is None                       # an empty cell: a hit, no menu
    assert doc.pattern.velocity(SNARE, 7) == 100 and doc.undo.undoText() == "Set velocity"
    p = center(g, HAT, 9)                                         # a right-drag: velocity, no menu
    QTest.mousePress(g, Qt.MouseButton.RightButton, pos=p)
    QTest.mouseMove(g, p - QPoint(0, 20))
    QTest.mouseRelease(g, Qt.MouseButton.RightButton, pos=p - QPoint(0, 20))
    assert g.roll_menu is None and doc.pattern.velocity(HAT, 9) == 114 and doc.undo.undoText() == "Set velocity"
    menu = right_click(g, HAT, 9)                                 # a click on the hit: the menu
    assert menu is not None and doc.pattern.velocity(HAT, 9) == 114
    doc.apply(doc.pattern.with_velocity(HAT, 9, 0), "Clear step")  # the hit went while the menu was open
    n = doc.undo.count()
    menu_action(menu, "roll_4").trigger()
    assert doc.undo.count() == n and not doc.pattern.has_rolls


def test_menu_key_opens_the_menu_for_the_hovered_hit(make_grid):
    g = make_grid()
    QTest.mouseMove(g, center(g, HAT, 11))
    assert g.hover == (HAT, 11)
    pos = center(g, HAT, 11)
    ev = QContextMenuEvent(QContextMenuEvent.Reason.Keyboard, pos, g.mapToGlobal(pos))
    QApplication.sendEvent(g, ev)
    assert g.roll_menu is not None and g.roll_menu.isVisible()
    menu_action(g.roll_menu, "roll_8").trigger()
    assert g.doc.pattern.roll(HAT, 11) == Roll(8)
    assert ev.type() == QEvent.Type.ContextMenu


# ---- painting -------------------------------------------------------------------------------------------

def cell_columns(g, r, s, y_from_bottom=3):
    """Whether each column of the cell is painted (not the cell's background) on a line near its bottom, and
    the painted height of each column."""
    g.hover = None
    img = g.grab().toImage()
    rect = g.cell_rect(r, s).toAlignedRect()
    bgs = [QColor(CELL_A).rgb(), QColor(CELL_B).rgb()]

    def painted(x, y):
        return img.pixel(x, y) not in bgs
    y = rect.bottom() - y_from_bottom
    xs = range(rect.left() + 1, rect.right())     # (the rect's own edges may hold a beat line)
    cols = [painted(x, y) for x in xs]
    heights = [sum(painted(x, yy) for yy in range(rect.top() + 12, rect.bottom() + 1)) for x in xs]
    return cols, heights


def runs(cols):
    """(start, length) of each run of painted columns."""
    out, start = [], None
    for i, c in enumerate(cols + [False]):
        if c and start is None:
            start = i
        elif not c and start is not None:
            out.append((start, i - start))
            start = None
    return out


def test_a_roll_paints_one_mark_per_repeat_following_its_shape(make_grid):
    p = beat().with_roll(HAT, 1, Roll(4)).with_roll(HAT, 2, Roll(8, "down")).with_roll(HAT, 3, Roll(3, "up")) \
        .with_roll(HAT, 5, Roll(2)).with_roll(HAT, 6, Roll(6))
    g = make_grid(p)
    assert g.cell_w() == 48                                       # one bar: the widest cells
    assert len(runs(cell_columns(g, HAT, 0)[0])) == 1             # a plain hit: one bar
    for s, n in ((1, 4), (2, 8), (3, 3), (5, 2), (6, 6)):
        assert len(runs(cell_columns(g, HAT, s)[0])) == n, s
    cols, heights = cell_columns(g, HAT, 2)                       # down: each mark lower than the one before
    tops = [heights[a + length // 2] for a, length in runs(cols)]
    assert all(x > y for x, y in zip(tops, tops[1:])), tops
    cols, heights = cell_columns(g, HAT, 3)                       # up: rising
    tops = [heights[a + length // 2] for a, length in runs(cols)]
    assert tops[0] < tops[1] < tops[2], tops
    cols, heights = cell_columns(g, HAT, 1)                       # flat: all alike
    tops = [heights[a + length // 2] for a, length in runs(cols)]
    assert max(tops) - min(tops) <= 1, tops


def test_a_flam_paints_a_short_grace_mark_before_the_hit(make_grid):
    g = make_grid(beat().with_roll(SNARE, 4, Roll(flam=True)).with_roll(HAT, 7, Roll(2, flam=True)))
    cols, heights = cell_columns(g, SNARE, 4)
    marks = runs(cols)
    assert len(marks) == 2 and marks[0][0] == 0 and marks[0][1] < marks[1][1] / 3   # thin, at the left edge
    assert heights[marks[0][0] + 1] < heights[marks[1][0] + marks[1][1] // 2] * 0.8   # and shorter
    assert len(runs(cell_columns(g, HAT, 7)[0])) == 3                                 # grace + x2


def test_narrow_cells_show_the_count_as_a_label_then_as_slices(make_grid):
    p = beat(bars=8).with_roll(HAT, 2, Roll(8, "down")).with_roll(HAT, 5, Roll(2))
    g = make_grid(p)
    assert g.cell_w() == 9
    assert len(runs(cell_columns(g, HAT, 5)[0])) == 2             # two marks still fit a 9 px cell
    assert len(runs(cell_columns(g, HAT, 2)[0])) == 1             # eight do not: one bar ...
    g.hover = None
    img = g.grab().toImage()
    rect = g.cell_rect(HAT, 2).toAlignedRect()
    label = sum(QColor(img.pixel(x, y)).lightness() > 200 for x in range(rect.left(), rect.right())
                for y in range(rect.top(), rect.top() + 12))
    plain = g.cell_rect(HAT, 6).toAlignedRect()
    none = sum(QColor(img.pixel(x, y)).lightness() > 200 for x in range(plain.left(), plain.right())
               for y in range(plain.top(), plain.top() + 12))
    assert label >= 6 and none == 0                              # ... with a light digit on top
    g.set_zoom(0.5)                                               # cells of 4.5 px: stacked slices
    assert g.cell_w() == 4.5
    g.hover = None
    img = g.grab().toImage()
    rect = g.cell_rect(HAT, 2).toAlignedRect()
    bgs = [QColor(CELL_A).rgb(), QColor(CELL_B).rgb()]
    columns = [[img.pixel(x, y) not in bgs for y in range(rect.top(), rect.bottom() + 1)]
               for x in range(rect.left(), rect.right() + 1)]
    assert max(len(runs(col)) for col in columns) == 8


def test_in_the_window(make_window):
    """The real window: Alt+wheel and the right-click menu reach the grid (Shift+wheel stays the window's sideways
    scroll), the undo history names the edits."""
    w = make_window()
    g, doc = w.grid, w.doc
    assert doc.pattern.velocity(HAT, 2)                           # the demo beat's hats
    wheel(g, HAT, 2)
    assert doc.pattern.roll(HAT, 2) == Roll(2)
    wheel(g, HAT, 2, mod=Qt.KeyboardModifier.ShiftModifier)
    wheel(g, HAT, 2, mod=Qt.KeyboardModifier.ShiftModifier | ALT)
    assert doc.pattern.roll(HAT, 2) == Roll(2) and doc.pattern.velocity(HAT, 2) == beat_velocity(w)
    click_action(right_click(g, HAT, 2), "roll_6")
    assert doc.pattern.roll(HAT, 2) == Roll(6)
    assert "Roll x6" in w.actions["undo"].text()
    w.actions["undo"].trigger()
    assert doc.pattern.roll(HAT, 2) == Roll(2)


def beat_velocity(w):
    from ui.document import demo_project
    return demo_project().pattern.velocity(HAT, 2)


def test_r_and_f_over_a_hit_roll_and_flam_it_whichever_control_has_the_focus(make_window):
    w = make_window()
    g, doc = w.grid, w.doc
    w.transport.tempo_box.setFocus()                                  # the keyboard is elsewhere
    QTest.mouseMove(g, center(g, HAT, 2))
    assert g.hover == (HAT, 2)
    g.underMouse = lambda: True   # offscreen has no real pointer (as in test_window's hover keys)
    for want in (2, 3, 4, 6, 8, 1):
        QTest.keyClick(w.transport.tempo_box, Qt.Key.Key_R)
        assert doc.pattern.roll(HAT, 2).count == want
    QTest.keyClick(w.transport.tempo_box, Qt.Key.Key_F)
    assert doc.pattern.roll(HAT, 2) == Roll(flam=True) and "Flam" in w.actions["undo"].text()
    QTest.keyClick(w.transport.tempo_box, Qt.Key.Key_F)
    assert doc.pattern.roll(HAT, 2) == Roll()
    QTest.mouseMove(g, center(g, HAT, 3))                        # an empty step: R and F do nothing
    if not doc.pattern.hits[HAT, 3]:
        before = doc.pattern
        QTest.keyClick(w.transport.tempo_box, Qt.Key.Key_R)
        assert doc.pattern is before
