"""The grid from the keyboard alone (Hydrogen has a keyboard cursor): arrows move the cursor, X or Enter toggles
a step, A/G/N act on the cursor's step, Shift+arrows select bars, Tab leaves the grid; then Continue, keep
and export, all by keys."""
from PySide6.QtCore import Qt
from PySide6.QtTest import QTest

from engine.midi import read_midi
from ui.prompts import ScriptedPrompts

K = Qt.Key
CTRL, SHIFT = Qt.KeyboardModifier.ControlModifier, Qt.KeyboardModifier.ShiftModifier


def keys(widget, *seq):
    for k in seq:
        if isinstance(k, tuple):
            QTest.keyClick(widget, k[0], k[1])
        else:
            QTest.keyClick(widget, k)


def test_draw_continue_keep_and_export_with_keys_only(make_window, qtbot, tmp_path):
    out = tmp_path / "keys.mid"
    w = make_window(prompts=ScriptedPrompts(save_file=lambda title: str(out)))
    qtbot.waitUntil(lambda: w.generation.ready, timeout=20000)
    g = w.grid
    w.activateWindow()
    qtbot.waitUntil(g.hasFocus, timeout=2000)     # the window starts with the keys in the grid (not the tempo box)
    keys(g, (K.Key_A, CTRL), (K.Key_Backspace, CTRL), K.Key_Escape)     # select all bars, clear them
    assert w.doc.pattern.total_hits == 0
    keys(g, K.Key_Right)                                    # the first key shows the cursor, on step 1 of row 1
    assert g.cursor.active and g.cursor.cell == (0, 0)
    keys(g, K.Key_X, *[K.Key_Right] * 10, K.Key_X)          # kick on 1 and on the "and" of 3
    keys(g, K.Key_Down, K.Key_Home, *[K.Key_Right] * 4, K.Key_Return, *[K.Key_Right] * 8, K.Key_X)   # snare 2, 4
    keys(g, K.Key_Down, K.Key_Home)
    for _ in range(8):                                      # hats on every 8th
        keys(g, K.Key_X, K.Key_Right, K.Key_Right)
    keys(g, K.Key_Up, K.Key_Home, *[K.Key_Right] * 4, K.Key_A)    # accent the first backbeat
    p = w.doc.pattern
    kick, snare, hat = (p.row_index(n) for n in (36, 38, 42))
    assert list(p.hits[kick, :16].nonzero()[0]) == [0, 10] and list(p.hits[snare, :16].nonzero()[0]) == [4, 12]
    assert list(p.hits[hat, :16].nonzero()[0]) == list(range(0, 16, 2)) and p.hits[snare, 4] >= 110
    assert "Snare, bar 1 step 5: hit, velocity" in g.accessibleDescription()
    keys(g, K.Key_PageDown, (K.Key_PageDown, SHIFT))        # a bar on, then select bars 2-3 ... of a 2-bar pattern
    assert g.selection == (1, 1)
    keys(g, K.Key_Escape)                                    # clears the selection
    bars = w.doc.pattern.bars
    keys(g, (K.Key_Return, CTRL))                            # Continue
    qtbot.waitUntil(lambda: w.doc.candidate is not None, timeout=30000)
    keys(g, K.Key_BracketRight)                              # the next variation
    keys(g, K.Key_Return)                                    # Enter keeps it (variations shown)
    assert w.doc.candidate is None and w.doc.pattern.bars > bars
    assert w.doc.pattern.hits[snare, 4] >= 110              # the drawn bars kept
    keys(g, (K.Key_E, CTRL))                                 # Export MIDI
    qtbot.waitUntil(out.exists, timeout=10000)
    assert read_midi(out).pattern.bars == w.doc.pattern.bars
    keys(g, K.Key_Tab)                                       # Tab leaves the grid
    qtbot.waitUntil(lambda: not g.hasFocus(), timeout=2000)


def test_every_control_has_a_name_a_screen_reader_can_say(make_window):
    """2 of 184 widgets had accessible names; the spin boxes, lists and the volume slider said nothing."""
    from PySide6.QtGui import QAccessible
    from ui.widgets import controls
    w = make_window()
    w.show_packs(True)
    unnamed = []
    for c in controls(w):
        if not c.isVisibleTo(w):
            continue
        iface = QAccessible.queryAccessibleInterface(c)
        if not (iface and iface.text(QAccessible.Text.Name).strip()):
            unnamed.append(f"{type(c).__name__} {c.objectName()} {c.toolTip()[:30]!r}")
    assert not unnamed, unnamed
    grid = QAccessible.queryAccessibleInterface(w.grid)
    assert grid.text(QAccessible.Text.Name) == "Step grid" and grid.role() == QAccessible.Role.Table
    w.grid.setFocus()
    keys(w.grid, K.Key_Right, K.Key_Down, K.Key_Right)            # the cursor on the snare's second step
    said = QAccessible.queryAccessibleInterface(w.grid).text(QAccessible.Text.Value)
    assert said.startswith("Snare, bar 1 step 2: ") and said == w.grid.cursor.describe()
