"""The step grid widget: geometry (row header, bar ruler, cells that fit the view) and input.

Mouse: click toggles a step; drag paints (or erases, if the first cell was on) along the row; right-drag
up/down or the wheel sets velocity. Rolls: Alt+wheel over a hit steps its repeats through 1, 2, 3, 4, 6, 8;
a right-click on a hit (press and release without dragging) opens its roll menu (repeats, shape, flam), as
does the Menu key over a hovered hit. Ctrl+wheel zooms; Shift+wheel scrolls sideways (the window does it).
Ruler: click selects a bar, shift+click extends the selection.
Keys on the step under the pointer: A accent, G ghost, N normal, Delete clear, R the next repeat count
(1, 2, 3, 4, 6, 8, then 1 again), F flam on/off (the window routes them here whichever control has the
focus). Pack loops can be dropped on it."""
from __future__ import annotations

from dataclasses import dataclass, replace

from PySide6.QtCore import QEvent, QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QAccessible, QAccessibleValueChangeEvent, QPainter
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from engine.drumkit import gm_name
from engine.pattern import ACCENT_VELOCITY, DEFAULT_VELOCITY, GHOST_VELOCITY
from engine.rolls import COUNTS

from ..beatmap_panel import BAR_MIME
from ..i18n import QT_TR_NOOP, tr
from ..pack_browser import MIME
from ..rolls_menu import apply_roll, build_roll_menu, count_label, roll_tip, stepped_count, with_count
from .cursor import GridCursor, install_accessibility
from .paint import paint_grid

HEADER_W = 232          # row header width; COMPACT_HEADER_W when the view is narrow
COMPACT_HEADER_W = 170
COMPACT_BELOW = 760     # viewport width (px) under which the header is compact
RULER_H = 26
ROW_H = 34              # minimum; rows grow to fill the view when there are few
MAX_ROW_H = 58
MIN_CELL_W = 9          # at zoom 1 the pattern fits the view, steps between these widths
MAX_CELL_W = 48.0
ZOOM_CELL_W = (1.0, 120.0)   # zoomed, steps between these widths (Fit shows 32 bars of 16ths whole)
ZOOM_RANGE = (0.125, 8.0)
MENU_SLOP = 4           # px a right-click may move and still open the roll menu (more is a velocity drag)
HOVER_NAMES = {ACCENT_VELOCITY: QT_TR_NOOP("Accent"), GHOST_VELOCITY: QT_TR_NOOP("Ghost note"),
               DEFAULT_VELOCITY: QT_TR_NOOP("Normal hit"), 0: QT_TR_NOOP("Clear step")}


@dataclass
class DragState:
    kind: str                 # 'paint' | 'velocity' | 'volume'
    row: int
    step: int = 0
    value: int = 0            # paint: the velocity painted (0 erases); velocity: the starting velocity
    y0: int = 0               # velocity: where the right-drag started
    had_hit: bool = False     # velocity: the cell held a hit before the press (a click then opens the roll menu)
    moved: bool = False       # velocity: the pointer left the click's slop


class GridWidget(QWidget):
    headerClicked = Signal(int, str, object)   # row, 'mute' | 'solo' | 'lock' | 'name', global position
    volumeChanged = Signal(int, float)         # row, volume 0..1.5
    selectionChanged = Signal()
    loopDropped = Signal(int, object, int, bool)   # pack loop index, row (None: the whole loop), bar, Shift held
    barDropped = Signal(int, int)              # a beat map point, the bar (0-based) it was dropped on
    zoomRequested = Signal(float, int)         # Ctrl+wheel: factor, x (grid coordinates) to keep in place
    cursorMoved = Signal(int)                  # the keyboard cursor's step (the view scrolls it into sight)

    HOVER_KEYS = {Qt.Key.Key_A: ACCENT_VELOCITY, Qt.Key.Key_G: GHOST_VELOCITY, Qt.Key.Key_N: DEFAULT_VELOCITY,
                  Qt.Key.Key_Delete: 0, Qt.Key.Key_Backspace: 0}

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAccessibleName(tr("Step grid"))
        install_accessibility()
        self.cursor = GridCursor(self)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.playhead: float | None = None
        self.selection: tuple[int, int] | None = None   # bars [first, last]
        self.mixer_rows: dict = {}                       # note -> the mixer's row settings
        self.locked: set[int] = set()                    # notes the drummer keeps
        self.kit_curves: dict[int, float] = {}           # note -> the kit's velocity curve (engine.kitbalance)
        self.hover: tuple[int, int] | None = None
        self._drag: DragState | None = None
        self.roll_menu = None                            # the roll menu last opened (a QMenu), for tests
        self._alt_wheel = 0                              # Alt+wheel angle not yet turned into a roll step
        self._viewport_w, self._viewport_h = 1100, 500
        self.row_h, self.ruler_h, self._hw = ROW_H, RULER_H, HEADER_W
        self.zoom = 1.0          # 1: the pattern fits the view (within MIN/MAX_CELL_W)
        self.whole = False       # zoomed to the whole pattern (Ctrl+0): another pattern is shown whole too
        self.x0 = 0              # the horizontal scroll: the row headers and the meter stay pinned at x0
        doc.changed.connect(self.relayout)
        doc.candidatesChanged.connect(self.relayout)

    # ---- what the window tells it ---------------------------------------------------------------
    def show_mixer(self, mixer_rows: dict, locked) -> None:
        self.mixer_rows, self.locked = mixer_rows, set(locked)
        self.update()

    def show_kit_curves(self, curves: dict) -> None:
        self.kit_curves = dict(curves)
        self.update()

    def row_curve(self, note: int) -> tuple[float, bool]:
        """(the velocity curve a row plays through, whether it is the row's own rather than the kit's)."""
        own = getattr(self.mixer_rows.get(note), "curve", None)
        return (own, True) if own is not None else (self.kit_curves.get(note, 1.0), False)

    def header_tip(self, r: int) -> str:
        row = self.doc.shown.rows[r]
        mix = self.mixer_rows.get(row.note)
        curve, own = self.row_curve(row.note)
        text = tr("{row}: GM note {note} ({gm})\nvolume {volume}%, velocity curve {curve:g}").format(
            row=row.name, note=row.note, gm=gm_name(row.note), volume=round((mix.volume if mix else 1.0) * 100),
            curve=curve)
        if curve != 1.0:
            text += tr(" (yours)") if own else tr(" (the kit's balance:\nthe drummer's soft kicks brought up to sit "
                                                  "with the snare)")
        return text + tr("\nClick the name for the row menu (Velocity curve...)")

    def set_selection(self, selection: tuple[int, int] | None) -> None:
        if selection is not None and selection[1] >= self.doc.pattern.bars:
            selection = None
        if selection != self.selection:
            self.selection = selection
            self.selectionChanged.emit()
            self.update()

    def set_playhead(self, step: float | None) -> None:
        self.playhead = step
        self.update()

    @property
    def viewport_size(self) -> tuple[int, int]:
        """The size of the view the grid fits itself into."""
        return self._viewport_w, self._viewport_h

    def set_viewport_size(self, w: int, h: int) -> None:
        self._viewport_w, self._viewport_h = w, h
        self.relayout()

    def selected_steps(self) -> tuple[int, int] | None:
        if not self.selection:
            return None
        spb = self.doc.pattern.steps_per_bar
        return self.selection[0] * spb, (self.selection[1] + 1) * spb

    # ---- geometry ------------------------------------------------------------------------------------
    def header_w(self) -> int:
        return self._hw

    def compact_header(self) -> bool:
        return self._hw < HEADER_W

    def cell_w(self) -> float:
        avail = max(200, self._viewport_w - self._hw - 8)
        fit = max(MIN_CELL_W, min(MAX_CELL_W, avail / self.doc.shown.n_steps))
        return fit if self.zoom == 1.0 else max(ZOOM_CELL_W[0], min(ZOOM_CELL_W[1], fit * self.zoom))

    def fit_zoom(self) -> float:
        """The zoom at which the whole pattern fits the view (1 where it fits already)."""
        avail = max(200, self._viewport_w - self._hw - 8)
        fit = max(MIN_CELL_W, min(MAX_CELL_W, avail / self.doc.shown.n_steps))
        return min(1.0, avail / self.doc.shown.n_steps / fit)

    def set_zoom(self, zoom: float, whole: bool = False) -> None:
        self.zoom, self.whole = float(max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], zoom))), whole
        self.relayout()

    def set_scroll_x(self, x: int) -> None:
        self.x0 = int(x)
        self.update()

    def x_of(self, step: float) -> float:
        """Where a step starts, in the grid's coordinates."""
        return self._hw + step * self.cell_w()

    def grid_bottom(self) -> int:
        return self.ruler_h + len(self.doc.shown.rows) * self.row_h

    def relayout(self) -> None:
        p = self.doc.shown
        self._hw = COMPACT_HEADER_W if self._viewport_w < COMPACT_BELOW else HEADER_W
        if self.whole:
            self.zoom = float(max(ZOOM_RANGE[0], min(ZOOM_RANGE[1], self.fit_zoom())))
        self.row_h = int(max(ROW_H, min(MAX_ROW_H, (self._viewport_h - RULER_H - 8) / max(1, len(p.rows)))))
        self.updateGeometry()
        self.setMinimumSize(self.sizeHint())
        self.update()

    def sizeHint(self) -> QSize:
        p = self.doc.shown
        return QSize(int(self._hw + p.n_steps * self.cell_w() + 8), RULER_H + self.row_h * len(p.rows) + 8)

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        p = self.doc.shown
        x, y = pos.x() - self._hw, pos.y() - RULER_H
        if x < 0 or y < 0 or pos.x() - self.x0 < self._hw:   # (under the pinned headers)
            return None
        r, s = int(y // self.row_h), int(x // self.cell_w())
        return (r, s) if 0 <= r < len(p.rows) and 0 <= s < p.n_steps else None

    def visible_steps(self) -> range:
        """The steps the area being painted shows (all of them outside a paint event)."""
        n = self.doc.shown.n_steps
        rect = getattr(self, "exposed", None)
        if rect is None:
            return range(n)
        w = self.cell_w()
        lo = max(0, int((rect.left() - self._hw) // w) - 1)
        return range(lo, min(n, int((rect.right() - self._hw) // w) + 2))

    def cell_rect(self, r: int, s: int) -> QRectF:
        """A step's cell: a 1 px gap each side where a step is wide enough for one, at least 1 px wide (at
        Fit zoom a 32-bar pattern gives steps 1-2 px wide: a gap of 2 left nothing to draw)."""
        w = self.cell_w()
        gap = 1.0 if w >= 6 else (0.5 if w >= 3 else 0.0)
        return QRectF(self._hw + s * w + gap, RULER_H + r * self.row_h + 2, max(1.0, w - 2 * gap), self.row_h - 4)

    def header_parts(self, r: int) -> dict[str, QRect]:
        mid = RULER_H + r * self.row_h + self.row_h // 2
        x = self._hw - 92   # lock, mute, solo at the right of the header
        return {"lock": QRect(x, mid - 10, 20, 20), "mute": QRect(x + 23, mid - 10, 20, 20),
                "solo": QRect(x + 46, mid - 10, 20, 20), "volume": QRect(10, mid + 8, x - 20, 5)}

    def paintEvent(self, event) -> None:
        qp = QPainter(self)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        self.exposed = event.rect()      # (cells outside it are not painted: 128 rows x 65,536 steps froze it)
        paint_grid(qp, self)
        qp.end()

    # ---- mouse ------------------------------------------------------------------------------------------
    def _editable(self) -> bool:
        return self.doc.candidate is None

    def mousePressEvent(self, e) -> None:
        pos = e.position().toPoint()
        pinned = pos.x() - self.x0 < self._hw
        if pos.y() < RULER_H and not pinned:
            self._ruler_click(pos, bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier))
        elif pinned and pos.y() >= RULER_H:
            self._header_click(pos - QPoint(self.x0, 0), e.globalPosition().toPoint())
        else:
            self._cell_press(pos, e.button())

    def _ruler_click(self, pos: QPoint, extend: bool) -> None:
        bar = int((pos.x() - self._hw) // (self.cell_w() * self.doc.pattern.steps_per_bar))
        if not 0 <= bar < self.doc.pattern.bars:
            return
        if extend and self.selection:
            self.set_selection((min(self.selection[0], bar), max(self.selection[1], bar)))
        else:
            self.set_selection(None if self.selection == (bar, bar) else (bar, bar))

    def _header_click(self, pos: QPoint, global_pos: QPoint) -> None:
        r = int((pos.y() - RULER_H) // self.row_h)
        if r >= len(self.doc.shown.rows):
            return
        for key, rect in self.header_parts(r).items():
            if rect.adjusted(-2, -3, 2, 3).contains(pos):
                if key == "volume":
                    self._drag = DragState("volume", r)
                    self._set_volume(r, pos.x())
                else:
                    self.headerClicked.emit(r, key, global_pos)
                return
        self.headerClicked.emit(r, "name", global_pos)

    def _cell_press(self, pos: QPoint, button) -> None:
        cell = self.cell_at(pos)
        if cell is None or not self._editable():
            return
        r, s = cell
        self.cursor.row, self.cursor.step, self.cursor.active = r, s, False     # the mouse hides the cursor
        p = self.doc.pattern
        self.doc.begin_stroke()
        if button == Qt.MouseButton.RightButton:
            self._drag = DragState("velocity", r, s, p.velocity(r, s) or DEFAULT_VELOCITY, pos.y(),
                                   had_hit=bool(p.velocity(r, s)))
            if not p.velocity(r, s):
                self.doc.stroke(p.with_velocity(r, s, DEFAULT_VELOCITY))
            return
        self._drag = DragState("paint", r, s, 0 if p.velocity(r, s) else DEFAULT_VELOCITY)
        self.doc.stroke(p.with_velocity(r, s, self._drag.value))

    def mouseMoveEvent(self, e) -> None:
        pos = e.position().toPoint()
        cell = self.cell_at(pos)
        if cell != self.hover:
            self.hover = cell
            self.update()
            if cell:
                self._show_cell_tip(cell, e.globalPosition().toPoint())
        if cell is None and self._drag is None and pos.x() - self.x0 < self._hw:   # over a row's header
            r = (pos.y() - self.ruler_h) // self.row_h
            if pos.y() >= self.ruler_h and 0 <= r < len(self.doc.shown.rows):
                self.setToolTip(self.header_tip(int(r)))
        d = self._drag
        if d is None:
            return
        if d.kind == "volume":
            self._set_volume(d.row, pos.x() - self.x0)
        elif d.kind == "paint" and cell and cell[0] == d.row:
            p = self.doc.pattern
            if p.velocity(*cell) != d.value and (d.value == 0 or not p.velocity(*cell)):
                self.doc.stroke(p.with_velocity(cell[0], cell[1], d.value))
        elif d.kind == "velocity":
            if not d.moved and abs(pos.y() - d.y0) <= MENU_SLOP:
                return
            d.moved = True
            v = int(max(1, min(127, d.value + (d.y0 - pos.y()) * 1.2)))
            self.doc.stroke(self.doc.pattern.with_velocity(d.row, d.step, v))

    def _show_cell_tip(self, cell, global_pos) -> None:
        r, s = cell
        QToolTip.showText(global_pos, self.cell_tip(r, s), self)

    def cell_tip(self, r: int, s: int) -> str:
        """The hover tip: row, bar, beat, velocity and the roll ('roll x3 up, flam')."""
        p = self.doc.shown
        v = p.velocity(r, s)
        beat = int(s / p.beat_steps() % p.numerator) + 1
        where = dict(row=p.rows[r].name, gm=gm_name(p.rows[r].note), bar=s // p.steps_per_bar + 1, beat=beat)
        if not v:
            return tr("{row} ({gm}), bar {bar}, beat {beat}").format(**where)
        return tr("{row} ({gm}), bar {bar}, beat {beat}, velocity {velocity}").format(
            velocity=v, **where) + roll_tip(p.roll(r, s))

    def mouseReleaseEvent(self, e) -> None:
        d = self._drag
        if d and d.kind in ("paint", "velocity"):
            self.doc.end_stroke(tr("Paint steps") if d.kind == "paint" else tr("Set velocity"))
        self._drag = None
        if d and d.kind == "velocity" and d.had_hit and not d.moved and e.button() == Qt.MouseButton.RightButton:
            self.open_roll_menu((d.row, d.step), e.globalPosition().toPoint())

    # ---- rolls ----------------------------------------------------------------------------------------------
    def set_roll(self, r: int, s: int, roll, text: str) -> bool:
        """One undo step setting the cell's roll (a hit cell of an editable pattern only)."""
        if not self._editable():
            return False
        return apply_roll(self.doc, r, s, roll, text)

    def open_roll_menu(self, cell, global_pos: QPoint):
        """The roll menu of a hit cell, popped up at global_pos (returns it; None where the cell cannot roll)."""
        r, s = cell
        p = self.doc.pattern
        if not self._editable() or not (0 <= r < len(p.rows) and 0 <= s < p.n_steps) or not p.hits[r, s]:
            return None
        if self.roll_menu is not None:
            self.roll_menu.close()
            self.roll_menu.deleteLater()
        self.roll_menu = build_roll_menu(self, p.roll(r, s), lambda roll, text: self.set_roll(r, s, roll, text))
        self.roll_menu.popup(global_pos)
        return self.roll_menu

    def contextMenuEvent(self, e) -> None:
        """A right-click opens the roll menu on release (the press starts a velocity drag); the Menu key opens it
        for the hovered hit."""
        e.accept()
        if e.reason() == e.Reason.Keyboard and self.hover is not None:
            self.open_roll_menu(self.hover, self.mapToGlobal(self.cell_rect(*self.hover).center().toPoint()))

    def leaveEvent(self, _e) -> None:
        self.hover = None
        QToolTip.hideText()          # a step's tip stayed on screen after the pointer left the grid
        self.update()

    def wheelEvent(self, e) -> None:
        if e.modifiers() & Qt.KeyboardModifier.ControlModifier and e.angleDelta().y():
            self.zoomRequested.emit(1.25 if e.angleDelta().y() > 0 else 0.8, int(e.position().x()))
            e.accept()
            return
        cell = self.cell_at(e.position().toPoint())
        p = self.doc.pattern
        if cell is None or not self._editable() or not p.velocity(*cell):
            self._alt_wheel = 0
            return super().wheelEvent(e)
        if e.modifiers() & Qt.KeyboardModifier.AltModifier:
            self._roll_wheel(cell, e)
            return
        step = 8 if e.angleDelta().y() > 0 else -8
        self.doc.apply(p.with_velocity(cell[0], cell[1], max(1, min(127, p.velocity(*cell) + step))), tr("Set velocity"))
        e.accept()

    def _roll_wheel(self, cell, e) -> None:
        """Alt+wheel on a hit: one notch up = the next repeat count (1, 2, 3, 4, 6, 8), down = the one before.
        (X11 turns Alt+wheel sideways, so a horizontal delta counts too; a trackpad's small deltas add up.)"""
        e.accept()
        delta = e.angleDelta().y() or e.angleDelta().x()
        self._alt_wheel += delta
        notches = int(self._alt_wheel / 120)
        if not notches:
            return
        self._alt_wheel -= notches * 120
        roll = self.doc.pattern.roll(*cell)
        count = stepped_count(roll.count, notches)
        if count != roll.count and self.set_roll(cell[0], cell[1], with_count(roll, count), count_label(count)):
            QToolTip.showText(e.globalPosition().toPoint(), self.cell_tip(*cell), self)

    # ---- keys -------------------------------------------------------------------------------------------------
    ROLL_KEYS = (Qt.Key.Key_R, Qt.Key.Key_F)

    def takes_key(self, key) -> bool:
        return key in self.HOVER_KEYS or key in self.ROLL_KEYS

    def hover_key(self, key) -> bool:
        """A/G/N/Delete, R (repeats) and F (flam) on the step under the pointer; True when the key was used."""
        if self.hover is None:
            return False
        return self.key_at(key, *self.hover)

    def key_at(self, key, r: int, s: int) -> bool:
        """A/G/N/Delete, R or F on step s of row r; True when the key was used."""
        if not self.takes_key(key) or not self._editable():
            return False
        p = self.doc.pattern
        if r >= len(p.rows) or s >= p.n_steps:
            return False
        if key in self.ROLL_KEYS:
            if not p.hits[r, s]:
                return False
            roll = p.roll(r, s)
            if key == Qt.Key.Key_F:
                return self.set_roll(r, s, replace(roll, flam=not roll.flam),
                                     tr("Remove flam") if roll.flam else tr("Flam"))
            count = COUNTS[(COUNTS.index(roll.count) + 1) % len(COUNTS)]
            return self.set_roll(r, s, with_count(roll, count), count_label(count))
        v = self.HOVER_KEYS[key]
        self.doc.apply(p.with_velocity(r, s, v), tr(HOVER_NAMES[v]))
        return True

    def keyPressEvent(self, e) -> None:
        if self.cursor.key(e):
            return
        if not (e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) and self.hover_key(e.key()):
            return
        super().keyPressEvent(e)

    def event(self, e) -> bool:
        if e.type() == QEvent.Type.ShortcutOverride and self.cursor.takes(e):
            e.accept()          # Enter toggles the cursor's step here (it is Keep only while variations show)
            return True
        return super().event(e)

    def focusInEvent(self, e) -> None:
        if e.reason() in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self.cursor.active = True          # arrived from the keyboard: show where the keys will act
            self.cursor_moved()
        self.update()
        super().focusInEvent(e)

    def focusOutEvent(self, e) -> None:
        self.update()
        super().focusOutEvent(e)

    def cursor_moved(self) -> None:
        said = self.cursor.describe()
        self.setAccessibleDescription(said)
        if QAccessible.isActive():                     # a screen reader hears the new cell
            QAccessible.updateAccessibility(QAccessibleValueChangeEvent(self, said))
        self.update()
        self.cursorMoved.emit(self.cursor.step)

    def _set_volume(self, r: int, x: int) -> None:
        vr = self.header_parts(r)["volume"]
        self.volumeChanged.emit(r, round(max(0.0, min(1.5, (x - vr.x()) / vr.width() * 1.5)), 3))

    # ---- loops dropped from the pack browser --------------------------------------------------------------
    def dragEnterEvent(self, e) -> None:
        if e.mimeData().hasFormat(MIME) or e.mimeData().hasFormat(BAR_MIME):
            e.acceptProposedAction()

    dragMoveEvent = dragEnterEvent

    def _bar_at(self, x: int) -> int:
        """The bar (0-based) under widget x (the first bar left of the steps, the last past them)."""
        x -= self._hw
        step = max(0, int(x // self.cell_w())) if x >= 0 else 0
        return min(step // self.doc.shown.steps_per_bar, self.doc.shown.bars - 1)

    def dropEvent(self, e) -> None:
        bar = self._bar_at(e.position().toPoint().x())
        if e.mimeData().hasFormat(BAR_MIME):      # a bar of the beat map: into the bar under the pointer
            self.barDropped.emit(int(bytes(e.mimeData().data(BAR_MIME)).decode()), bar)
            e.acceptProposedAction()
            return
        idx = int(bytes(e.mimeData().data(MIME)).decode())
        cell = self.cell_at(e.position().toPoint())
        shift = bool(e.modifiers() & Qt.KeyboardModifier.ShiftModifier)
        self.loopDropped.emit(idx, cell[0] if cell else None, bar, shift)   # (Shift: repeated to the end)
        e.acceptProposedAction()
