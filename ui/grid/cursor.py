"""The grid's keyboard cursor (Hydrogen has one; a beat can be drawn without the mouse).

With the grid focused: the arrows move the cursor a step or a row, Home/End go to the first/last step,
Page Up/Down a bar; Shift with them selects bars from where the cursor was; X or Enter toggles the step
(Enter keeps a variation while the drummer's are shown); A, G, N, Delete, R and F act on the cursor's step
as they act on the step under the pointer. The cursor shows from the first key that uses it until the grid
is clicked; Tab leaves the grid."""
from __future__ import annotations

from PySide6.QtCore import Qt

from engine.pattern import DEFAULT_VELOCITY

from ..i18n import tr

MOVES = {Qt.Key.Key_Left: (0, -1), Qt.Key.Key_Right: (0, 1), Qt.Key.Key_Up: (-1, 0), Qt.Key.Key_Down: (1, 0)}
JUMPS = (Qt.Key.Key_Home, Qt.Key.Key_End, Qt.Key.Key_PageUp, Qt.Key.Key_PageDown)
TOGGLES = (Qt.Key.Key_X, Qt.Key.Key_Return, Qt.Key.Key_Enter)
SHIFT = Qt.KeyboardModifier.ShiftModifier
KEYPAD = Qt.KeyboardModifier.KeypadModifier


class GridCursor:
    def __init__(self, view):
        self.view = view
        self.row, self.step = 0, 0
        self.active = False          # shown and taking the velocity keys (from a cursor key until a click)
        self.anchor: int | None = None   # the bar a Shift selection started from

    @property
    def cell(self) -> tuple[int, int]:
        return self.row, self.step

    def takes(self, e) -> bool:
        """The key is the cursor's (asked before a window shortcut such as Enter's Keep gets it)."""
        mods = e.modifiers() & ~KEYPAD
        key = e.key()
        if mods & ~SHIFT:
            return False
        if key in MOVES or key in JUMPS:
            return True
        if mods:
            return False
        if key in TOGGLES:
            return key == Qt.Key.Key_X or self.view.doc.candidate is None     # Enter keeps a variation
        return self.active and self.view.takes_key(key)

    def key(self, e) -> bool:
        """Act on a key press; True when the cursor used it."""
        if not self.takes(e):
            return False
        key, shift = e.key(), bool(e.modifiers() & SHIFT)
        if key in MOVES or key in JUMPS:
            self._move(key, shift)
        elif key in TOGGLES:
            self.active = True
            self._clamp()
            p = self.view.doc.pattern
            if self.view._editable():
                on = not p.velocity(self.row, self.step)
                self.view.doc.apply(p.with_velocity(self.row, self.step, DEFAULT_VELOCITY if on else 0),
                                    tr("Add a hit") if on else tr("Clear step"))
        else:
            self.view.key_at(key, self.row, self.step)
        self.view.cursor_moved()
        return True

    def _move(self, key, shift: bool) -> None:
        p = self.view.doc.shown
        before_bar = self.step // p.steps_per_bar
        if not self.active:
            self.active = True          # the first key shows the cursor where it is
        elif key in MOVES:
            dr, ds = MOVES[key]
            self.row, self.step = self.row + dr, self.step + ds
        elif key == Qt.Key.Key_Home:
            self.step = 0
        elif key == Qt.Key.Key_End:
            self.step = p.n_steps - 1
        else:
            self.step += p.steps_per_bar * (1 if key == Qt.Key.Key_PageDown else -1)
        self._clamp()
        bar = self.step // p.steps_per_bar
        if shift:
            self.anchor = before_bar if self.anchor is None else self.anchor
            self.view.set_selection((min(self.anchor, bar), max(self.anchor, bar)))
        else:
            self.anchor = None

    def _clamp(self) -> None:
        p = self.view.doc.shown
        self.row = max(0, min(len(p.rows) - 1, self.row))
        self.step = max(0, min(p.n_steps - 1, self.step))

    def describe(self) -> str:
        """What a screen reader says of the cursor: the row, the bar and step, and the hit."""
        p = self.view.doc.shown
        self._clamp()
        bar, step = divmod(self.step, p.steps_per_bar)
        v = int(p.hits[self.row, self.step])
        where = dict(row=p.rows[self.row].name, bar=bar + 1, step=step + 1)
        return (tr("{row}, bar {bar} step {step}: hit, velocity {velocity}").format(velocity=v, **where) if v else
                tr("{row}, bar {bar} step {step}: empty").format(**where))


def install_accessibility() -> None:
    """A screen reader reads the grid as a table whose value is the keyboard cursor's cell (row, bar, step,
    hit and velocity), and hears it change as the cursor moves (GridWidget.cursor_moved)."""
    from PySide6.QtGui import QAccessible
    from PySide6.QtWidgets import QAccessibleWidget

    class GridAccessible(QAccessibleWidget):
        def __init__(self, widget):
            super().__init__(widget, QAccessible.Role.Table, tr("Step grid"))
            self.grid = widget

        def text(self, kind):
            if kind in (QAccessible.Text.Value, QAccessible.Text.Description):
                return self.grid.cursor.describe()
            return super().text(kind)

    def factory(key, obj):     # (by class name and its cursor: the view imports this module, not the reverse)
        return GridAccessible(obj) if key == "GridWidget" and isinstance(getattr(obj, "cursor", None), GridCursor) \
            else None

    if not getattr(install_accessibility, "done", False):
        QAccessible.installFactory(factory)
        install_accessibility.done = True
        install_accessibility.factory = factory       # (kept alive)
