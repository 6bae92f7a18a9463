"""The step grid: one painted widget with a row header (name, note, lock/mute/solo, volume), a bar ruler,
and the steps. Velocity shows as bar height and shade; generated (candidate) steps in cyan; a playhead.

Mouse: click toggles a step; drag paints (or erases, if the first cell was on) along the row; right-drag
up/down or the wheel sets velocity. Ruler: click selects a bar, shift+click extends the selection.
Keys on the hovered step: A accent, G ghost, N normal, Delete clear.
"""
from __future__ import annotations

from PySide6.QtCore import QPoint, QRect, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from engine.drumkit import gm_name, voice_of_pitch
from engine.pattern import ACCENT_VELOCITY, DEFAULT_VELOCITY, GHOST_VELOCITY

HEADER_W = 232          # row header width; COMPACT_HEADER_W when the view is narrow
COMPACT_HEADER_W = 170
COMPACT_BELOW = 760     # viewport width (px) under which the header is compact
RULER_H = 26
ROW_H = 34  # minimum; rows grow to fill the view when there are few
MAX_ROW_H = 58
MIN_CELL_W = 9
VOICE_COLORS = ["#ff8a3d", "#4aa3ff", "#ffd84a", "#ffe98a", "#b07cff", "#c595ff", "#d9b3ff", "#3fe0c5", "#7ee8a8"]
OTHER_COLOR = "#ff6fa3"
CANDIDATE_COLOR = QColor("#39e6ff")
BG = QColor("#16181d")
HEADER_BG = QColor("#20232b")
CELL_A = QColor("#2a2e38")
CELL_B = QColor("#232730")
TEXT = QColor("#e6e8ee")
DIM = QColor("#8a90a0")


def row_color(note: int) -> QColor:
    v = voice_of_pitch(note)
    return QColor(VOICE_COLORS[v] if v is not None else OTHER_COLOR)


class GridWidget(QWidget):
    headerClicked = Signal(int, str)     # row, 'mute' | 'solo' | 'lock' | 'name'
    volumeChanged = Signal(int, float)   # row, volume 0..1.5
    selectionChanged = Signal()
    loopDropped = Signal(int, object)    # pack loop index, row (or None for the whole loop)

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.setMouseTracking(True)
        self.setAcceptDrops(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.playhead: float | None = None
        self.selection: tuple[int, int] | None = None  # bars [first, last]
        self.mixer_rows = {}
        self.locked: set[int] = set()
        self.hover: tuple[int, int] | None = None
        self._drag = None
        self._viewport_w = 1100
        self._viewport_h = 500
        self.row_h = ROW_H
        self.ruler_h = RULER_H
        self._hw = HEADER_W
        doc.changed.connect(self._layout_changed)
        doc.candidatesChanged.connect(self._layout_changed)

    # ---- geometry ------------------------------------------------------------------------------
    def set_viewport_size(self, w: int, h: int) -> None:
        self._viewport_w, self._viewport_h = w, h
        self._layout_changed()

    def header_w(self) -> int:
        return self._hw

    def cell_w(self) -> float:
        p = self.doc.shown
        avail = max(200, self._viewport_w - self._hw - 8)
        return max(MIN_CELL_W, min(48.0, avail / p.n_steps))

    def _layout_changed(self) -> None:
        p = self.doc.shown
        self._hw = COMPACT_HEADER_W if self._viewport_w < COMPACT_BELOW else HEADER_W
        self.row_h = int(max(ROW_H, min(MAX_ROW_H, (self._viewport_h - RULER_H - 8) / max(1, len(p.rows)))))
        self.updateGeometry()
        self.setMinimumSize(int(self._hw + p.n_steps * self.cell_w() + 8), RULER_H + self.row_h * len(p.rows) + 8)
        self.update()

    def sizeHint(self) -> QSize:
        p = self.doc.shown
        return QSize(int(self._hw + p.n_steps * self.cell_w() + 8), RULER_H + self.row_h * len(p.rows) + 8)

    def cell_at(self, pos: QPoint) -> tuple[int, int] | None:
        p = self.doc.shown
        x, y = pos.x() - self._hw, pos.y() - RULER_H
        if x < 0 or y < 0:
            return None
        r, s = int(y // self.row_h), int(x // self.cell_w())
        if 0 <= r < len(p.rows) and 0 <= s < p.n_steps:
            return r, s
        return None

    def cell_rect(self, r: int, s: int) -> QRectF:
        w = self.cell_w()
        return QRectF(self._hw + s * w + 1, RULER_H + r * self.row_h + 2, w - 2, self.row_h - 4)

    def _header_parts(self, r: int) -> dict[str, QRect]:
        y = RULER_H + r * self.row_h
        mid = y + self.row_h // 2
        x = self._hw - 92   # lock, mute, solo at the right of the header
        return {"lock": QRect(x, mid - 10, 20, 20), "mute": QRect(x + 23, mid - 10, 20, 20),
                "solo": QRect(x + 46, mid - 10, 20, 20), "volume": QRect(10, mid + 8, x - 20, 5)}

    # ---- painting --------------------------------------------------------------------------------
    def paintEvent(self, _event) -> None:
        p = self.doc.shown
        cand = self.doc.candidate
        qp = QPainter(self)
        qp.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        qp.fillRect(self.rect(), BG)
        w = self.cell_w()
        spb, beat = p.steps_per_bar, p.beat_steps()
        # ruler
        qp.fillRect(QRect(0, 0, self.width(), RULER_H), HEADER_BG)
        font = QFont(self.font())
        font.setPointSizeF(9.5)
        qp.setFont(font)
        for b in range(p.bars):
            x = self._hw + b * spb * w
            rect = QRectF(x, 0, spb * w, RULER_H)
            if self.selection and self.selection[0] <= b <= self.selection[1]:
                qp.fillRect(rect, QColor("#3a4766"))
            qp.setPen(TEXT)
            qp.drawText(rect.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, str(b + 1))
        qp.setPen(DIM)
        qp.drawText(QRect(10, 0, self._hw - 10, RULER_H), Qt.AlignmentFlag.AlignVCenter,
                    f"{p.meter}  {p.tempo:g} BPM  grid {p.grid}")
        # rows
        for r, row in enumerate(p.rows):
            y = RULER_H + r * self.row_h
            qp.fillRect(QRect(0, y, self._hw, self.row_h), HEADER_BG if r % 2 else QColor("#1d2027"))
            color = row_color(row.note)
            qp.fillRect(QRect(0, y + 4, 4, self.row_h - 8), color)
            qp.setPen(TEXT)
            f2 = QFont(font)
            f2.setBold(True)
            qp.setFont(f2)
            mid = y + self.row_h // 2
            compact = self._hw < HEADER_W
            name_w = self._hw - (100 if compact else 106)
            name = qp.fontMetrics().elidedText(row.name, Qt.TextElideMode.ElideRight, name_w - (0 if compact else 26))
            qp.drawText(QRect(10, mid - 14, name_w, 18), Qt.AlignmentFlag.AlignVCenter, name)
            qp.setFont(font)
            if not compact:  # the GM note number (the tooltip says it too)
                qp.setPen(DIM)
                qp.drawText(QRect(10, mid - 14, name_w - 2, 18),
                            Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight, str(row.note))
            mix = self.mixer_rows.get(row.note)
            parts = self._header_parts(r)
            for key, label, on, on_color in (("lock", "L", row.note in self.locked, "#3fe0c5"),
                                             ("mute", "M", bool(mix and mix.mute), "#ff5d5d"),
                                             ("solo", "S", bool(mix and mix.solo), "#ffd84a")):
                rect = parts[key]
                qp.fillRect(rect, QColor(on_color) if on else QColor("#343947"))
                qp.setPen(QColor("#111") if on else DIM)
                qp.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
            vol = mix.volume if mix else 1.0
            vr = parts["volume"]
            qp.fillRect(vr, QColor("#343947"))
            qp.fillRect(QRect(vr.x(), vr.y(), int(vr.width() * min(vol, 1.5) / 1.5), vr.height()), color.darker(130))
            # cells
            for s in range(p.n_steps):
                rect = self.cell_rect(r, s)
                in_beat = int(s // beat) % 2 if beat >= 1 else 0
                qp.fillRect(rect, CELL_A if in_beat == 0 else CELL_B)
                v = int(p.hits[r, s])
                if v:
                    generated = cand is not None and cand.start * (p.grid // 16 or 1) <= s < cand.end * (p.grid // 16 or 1)
                    c = QColor(CANDIDATE_COLOR if generated else color)
                    frac = 0.25 + 0.75 * v / 127
                    h = rect.height() * frac
                    bar = QRectF(rect.x(), rect.bottom() - h, rect.width(), h)
                    dim = QColor(c)
                    dim.setAlphaF(0.25 + 0.75 * v / 127)
                    qp.fillRect(bar, dim)
                    if v >= ACCENT_VELOCITY:
                        qp.fillRect(QRectF(rect.x(), bar.y(), rect.width(), 3), c.lighter(140))
            qp.setPen(QPen(QColor("#101216"), 1))
            qp.drawLine(0, y + self.row_h, self.width(), y + self.row_h)
        # candidate region outline
        if cand is not None:
            scale = p.grid // 16 or 1
            x0, x1 = self._hw + cand.start * scale * w, self._hw + cand.end * scale * w
            qp.setPen(QPen(CANDIDATE_COLOR, 2, Qt.PenStyle.DashLine))
            qp.drawRect(QRectF(x0, RULER_H, x1 - x0, len(p.rows) * self.row_h))
        # beat and bar lines
        bottom = RULER_H + len(p.rows) * self.row_h
        s = 0.0
        while s <= p.n_steps + 1e-9:
            x = self._hw + s * w
            is_bar = abs(s / spb - round(s / spb)) < 1e-9
            qp.setPen(QPen(QColor("#c8ccd8") if is_bar else QColor("#4b5162"), 2 if is_bar else 1))
            qp.drawLine(int(x), RULER_H if not is_bar else 0, int(x), bottom)
            s += beat
        # selection overlay
        if self.selection:
            a, b = self.selection
            qp.fillRect(QRectF(self._hw + a * spb * w, RULER_H, (b - a + 1) * spb * w, bottom - RULER_H),
                        QColor(90, 130, 220, 40))
        # playhead
        if self.playhead is not None:
            x = self._hw + self.playhead * w
            qp.fillRect(QRectF(x - 1, 0, 3, bottom), QColor(255, 255, 255, 170))
        if self.hover and self.doc.candidate is None:
            r, s2 = self.hover
            if r < len(p.rows) and s2 < p.n_steps:
                qp.setPen(QPen(QColor(255, 255, 255, 120), 1))
                qp.drawRect(self.cell_rect(r, s2))
        qp.end()

    # ---- mouse -----------------------------------------------------------------------------------
    def _editable(self) -> bool:
        return self.doc.candidate is None

    def mousePressEvent(self, e) -> None:
        pos = e.position().toPoint()
        p = self.doc.pattern
        if pos.y() < RULER_H and pos.x() >= self._hw:
            bar = int((pos.x() - self._hw) // (self.cell_w() * p.steps_per_bar))
            if 0 <= bar < p.bars:
                if e.modifiers() & Qt.KeyboardModifier.ShiftModifier and self.selection:
                    a = min(self.selection[0], bar)
                    b = max(self.selection[1], bar)
                    self.selection = (a, b)
                else:
                    self.selection = None if self.selection == (bar, bar) else (bar, bar)
                self.selectionChanged.emit()
                self.update()
            return
        if pos.x() < self._hw and pos.y() >= RULER_H:
            r = int((pos.y() - RULER_H) // self.row_h)
            if r < len(self.doc.shown.rows):
                for key, rect in self._header_parts(r).items():
                    if rect.adjusted(-2, -3, 2, 3).contains(pos):
                        if key == "volume":
                            self._drag = ("volume", r)
                            self._set_volume(r, pos.x())
                        else:
                            self.headerClicked.emit(r, key)
                        return
                self.headerClicked.emit(r, "name")
            return
        cell = self.cell_at(pos)
        if cell is None or not self._editable():
            return
        r, s = cell
        self.doc.begin_stroke()
        if e.button() == Qt.MouseButton.RightButton:
            self._drag = ("velocity", r, s, pos.y(), p.velocity(r, s) or DEFAULT_VELOCITY)
            if not p.velocity(r, s):
                self.doc.stroke(p.with_velocity(r, s, DEFAULT_VELOCITY))
            return
        paint = 0 if p.velocity(r, s) else DEFAULT_VELOCITY
        self._drag = ("paint", r, paint)
        self.doc.stroke(p.with_velocity(r, s, paint))

    def mouseMoveEvent(self, e) -> None:
        pos = e.position().toPoint()
        cell = self.cell_at(pos)
        if cell != self.hover:
            self.hover = cell
            self.update()
            if cell:
                r, s = cell
                p = self.doc.shown
                v = p.velocity(r, s)
                beat = s / p.beat_steps()
                QToolTip.showText(e.globalPosition().toPoint(),
                                  f"{p.rows[r].name} ({gm_name(p.rows[r].note)}), bar {s // p.steps_per_bar + 1}, "
                                  f"beat {int(beat % p.numerator) + 1}" + (f", velocity {v}" if v else ""), self)
        if not self._drag:
            return
        kind = self._drag[0]
        if kind == "volume":
            self._set_volume(self._drag[1], pos.x())
        elif kind == "paint" and cell and cell[0] == self._drag[1]:
            p = self.doc.pattern
            if p.velocity(*cell) != self._drag[2] and (self._drag[2] == 0 or not p.velocity(*cell)):
                self.doc.stroke(p.with_velocity(cell[0], cell[1], self._drag[2]))
        elif kind == "velocity":
            _, r, s, y0, v0 = self._drag
            v = int(max(1, min(127, v0 + (y0 - pos.y()) * 1.2)))
            self.doc.stroke(self.doc.pattern.with_velocity(r, s, v))

    def mouseReleaseEvent(self, e) -> None:
        if self._drag and self._drag[0] in ("paint", "velocity"):
            self.doc.end_stroke("Paint steps" if self._drag[0] == "paint" else "Set velocity")
        self._drag = None

    def leaveEvent(self, _e) -> None:
        self.hover = None
        self.update()

    def wheelEvent(self, e) -> None:
        cell = self.cell_at(e.position().toPoint())
        if cell is None or not self._editable():
            return super().wheelEvent(e)
        p = self.doc.pattern
        v = p.velocity(*cell)
        if not v:
            return super().wheelEvent(e)
        step = 8 if e.angleDelta().y() > 0 else -8
        self.doc.apply(p.with_velocity(cell[0], cell[1], max(1, min(127, v + step))), "Set velocity")
        e.accept()

    HOVER_KEYS = {Qt.Key.Key_A: ACCENT_VELOCITY, Qt.Key.Key_G: GHOST_VELOCITY, Qt.Key.Key_N: DEFAULT_VELOCITY,
                  Qt.Key.Key_Delete: 0, Qt.Key.Key_Backspace: 0}

    def hover_key(self, key) -> bool:
        """A/G/N/Delete on the step under the pointer; True when the key was used."""
        if self.hover is None or key not in self.HOVER_KEYS or not self._editable():
            return False
        r, s = self.hover
        p = self.doc.pattern
        if r >= len(p.rows) or s >= p.n_steps:
            return False
        v = self.HOVER_KEYS[key]
        names = {ACCENT_VELOCITY: "Accent", GHOST_VELOCITY: "Ghost note", DEFAULT_VELOCITY: "Normal hit", 0: "Clear step"}
        self.doc.apply(p.with_velocity(r, s, v), names[v])
        return True

    def keyPressEvent(self, e) -> None:
        if not (e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier) and self.hover_key(e.key()):
            return
        super().keyPressEvent(e)

    def _set_volume(self, r: int, x: int) -> None:
        vr = self._header_parts(r)["volume"]
        self.volumeChanged.emit(r, round(max(0.0, min(1.5, (x - vr.x()) / vr.width() * 1.5)), 3))

    def dragEnterEvent(self, e) -> None:
        if e.mimeData().hasFormat("application/x-grooveloom-loop"):
            e.acceptProposedAction()

    dragMoveEvent = dragEnterEvent

    def dropEvent(self, e) -> None:
        idx = int(bytes(e.mimeData().data("application/x-grooveloom-loop")).decode())
        cell = self.cell_at(e.position().toPoint())
        self.loopDropped.emit(idx, cell[0] if cell else None)
        e.acceptProposedAction()

    def selected_steps(self) -> tuple[int, int] | None:
        if not self.selection:
            return None
        spb = self.doc.pattern.steps_per_bar
        return self.selection[0] * spb, (self.selection[1] + 1) * spb
