"""The Beat map panel: every bar of a collection (the Groove MIDI Dataset by style, the loop pack
open in the pack browser, the project's own patterns) as a point on the map. Wheel zooms at the pointer,
dragging the background pans, resting on a point names and auditions its bar, clicking puts it into the
selected bar of the grid, dragging it onto the grid puts it into the bar it is dropped on, the context menu
samples new beats around a place or interpolates from one point to another, and Find similar marks the bars
nearest to the bar selected in the grid. The model and the collections load
in workers; the points are written into a pixel buffer with numpy (20,000 points in a few ms a frame)."""
from __future__ import annotations

import time

import numpy as np
from PySide6.QtCore import QByteArray, QMimeData, QPointF, QRectF, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QDrag, QImage, QPainter, QPalette, QPen
from PySide6.QtWidgets import QComboBox, QHBoxLayout, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from .beatmap_view import label_colors, raster_points
from .i18n import QT_TR_NOOP, tr

BAR_MIME = "application/x-grooveloom-map-bar"
DWELL_MS = 250         # resting this long on a point auditions it


class MapCanvas(QWidget):
    hovered = Signal(int)                   # point index, -1 for none
    dwelled = Signal(int)                   # the pointer rested on a point: audition it
    clicked = Signal(int)
    sampleRequested = Signal(float, float)  # a place on the map (map coordinates)
    interpolateRequested = Signal(int, int)  # from one point to another
    startChosen = Signal(int)               # the point an interpolation will start from

    def __init__(self, parent=None):
        super().__init__(parent)
        self.setMouseTracking(True)
        self.setMinimumHeight(140)      # (220 left a 1024x600 screen 91 px of grid)
        self.xy = np.zeros((0, 2))
        self.names: list[str] = []
        self.colors: list[QColor] = []
        self.which = np.zeros(0, np.int64)
        self.marked = np.zeros(0, np.int64)
        self.hover = -1
        self.center, self.scale = np.zeros(2), np.ones(2)   # pixels per map unit, across and up
        self._press = None                  # (position, point index or -1, center at press)
        self.moved = False                  # zoomed or panned by hand: a resize keeps the view
        self.start = -1                     # the point an interpolation starts from (context menu)
        self._dwell = QTimer(self, singleShot=True, interval=DWELL_MS,
                             timeout=lambda: self.hover >= 0 and self.dwelled.emit(self.hover))
        self.paint_ms: list[float] = []     # how long each paint took (the bench reads it)

    # ---- content ---------------------------------------------------------------------------------
    def set_points(self, xy: np.ndarray, labels: np.ndarray) -> None:
        self.xy = np.asarray(xy, np.float64)
        self.names, self.which, self.colors = label_colors(labels)
        self.marked, self.hover, self.start = np.zeros(0, np.int64), -1, -1
        self.fit()

    def fit(self) -> None:
        self.moved = False
        if len(self.xy):
            lo, hi = self.xy.min(0), self.xy.max(0)
            self.center = (lo + hi) / 2
            # the map fills the panel (a wide panel stretches it sideways: more room between the points)
            self.scale = 0.92 * np.array([max(self.width() - self.LEGEND_W, 1), max(self.height(), 1)]) / np.maximum(hi - lo, 1e-9)
        self.update()

    def mark(self, indices) -> None:
        self.marked = np.asarray(indices, np.int64)
        self.update()

    # ---- coordinates -----------------------------------------------------------------------------
    def to_screen(self, pts: np.ndarray) -> np.ndarray:
        return (np.asarray(pts) - self.center) * self.scale * np.array([1.0, -1.0]) + self._mid()

    def to_map(self, x: float, y: float) -> np.ndarray:
        return (np.array([x, y]) - self._mid()) / self.scale * np.array([1.0, -1.0]) + self.center

    LEGEND_W = 150

    def _mid(self) -> np.ndarray:
        """Where the map's center is drawn: the middle of the room left of the legend."""
        return np.array([max(self.width() - self.LEGEND_W, 1) / 2, self.height() / 2])

    def point_at(self, pos, radius: float = 6.0) -> int:
        if not len(self.xy):
            return -1
        d = ((self.to_screen(self.xy) - [pos.x(), pos.y()]) ** 2).sum(1)
        i = int(d.argmin())
        return i if d[i] <= radius ** 2 else -1

    # ---- painting --------------------------------------------------------------------------------
    def paintEvent(self, _e) -> None:
        t0 = time.perf_counter()
        p = QPainter(self)
        pal = self.palette()            # the theme's (dark, light or high contrast): the map sits on the window
        p.fillRect(self.rect(), pal.color(QPalette.ColorRole.Window))
        if not len(self.xy):
            p.setPen(pal.color(QPalette.ColorRole.PlaceholderText))
            p.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, tr("Choose a collection above"))
            p.end()
            return
        p.drawImage(0, 0, self._raster())
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        p.setBrush(Qt.BrushStyle.NoBrush)
        if len(self.marked):
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 1.5))
            for x, y in self.to_screen(self.xy[self.marked]):
                p.drawEllipse(QPointF(x, y), 6, 6)
        if self.start >= 0:
            x, y = self.to_screen(self.xy[self.start:self.start + 1])[0]
            p.setPen(QPen(QColor("#ff5050"), 2))
            p.drawRect(QRectF(x - 7, y - 7, 14, 14))
        if self.hover >= 0:
            x, y = self.to_screen(self.xy[self.hover:self.hover + 1])[0]
            p.setPen(QPen(pal.color(QPalette.ColorRole.Text), 2))
            p.drawEllipse(QPointF(x, y), 8, 8)
        self._legend(p)
        p.end()
        self.paint_ms = (self.paint_ms + [(time.perf_counter() - t0) * 1000])[-200:]

    def _raster(self) -> QImage:
        """The points at device pixels (at a device pixel ratio of 2 the map was drawn at half resolution and
        scaled up: soft dots)."""
        dpr = self.devicePixelRatioF()
        img, self._buf = raster_points(self.to_screen(self.xy) * dpr, self.which, self.colors,
                                       max(round(self.width() * dpr), 1), max(round(self.height() * dpr), 1),
                                       self.palette().color(QPalette.ColorRole.Window).getRgb()[:3],
                                       radius=max(2, round(2 * dpr)))
        img.setDevicePixelRatio(dpr)
        return img

    def legend_lines(self, line: int) -> tuple[list[str], bool]:
        """The colours' names, as many as the panel's height holds at `line` px a name (at 1024x600 nine of 18
        styles fitted and the rest were cut at the edge), the others counted on a last line; True when so."""
        limit = max(2, min(12, int((self.height() - 18) // line)))
        shown = [n.replace("_", " ") for n in self.names[:limit]]     # (a pack's roles: closed_hat)
        if len(self.names) <= limit:
            return shown, False
        return shown[:limit - 1] + [tr("... {n} more").format(n=len(self.names) - limit + 1)], True

    def _legend(self, p: QPainter) -> None:
        fm = p.fontMetrics()
        line = fm.height()
        shown, more = self.legend_lines(line)
        w = max((fm.horizontalAdvance(n) for n in shown), default=0) + 26
        box = QRectF(self.width() - w - 8, 6, w, line * len(shown) + 6)
        pal = self.palette()
        back = pal.color(QPalette.ColorRole.Window)
        back.setAlpha(225)
        p.fillRect(box, back)
        for k, name in enumerate(shown):
            y = box.top() + 3 + line * k
            if not (more and k == len(shown) - 1):      # (the count line has no colour)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(self.colors[k])
                p.drawEllipse(QPointF(box.left() + 9, y + line / 2), 4, 4)
            p.setPen(pal.color(QPalette.ColorRole.Text))
            p.drawText(QPointF(box.left() + 18, y + fm.ascent()), name)

    # ---- input -----------------------------------------------------------------------------------
    def wheelEvent(self, e) -> None:
        pos = e.position()
        before = self.to_map(pos.x(), pos.y())
        self.scale = self.scale * 1.0015 ** e.angleDelta().y()
        after = self.to_map(pos.x(), pos.y())
        self.center = self.center + (before - after)      # the place under the pointer stays there
        self.moved = True
        self.update()

    def mousePressEvent(self, e) -> None:
        if e.button() == Qt.MouseButton.LeftButton:
            self._press = (e.position(), self.point_at(e.position()), self.center.copy())

    def mouseMoveEvent(self, e) -> None:
        if self._press is not None:
            start, idx, center = self._press
            delta = e.position() - start
            if idx >= 0 and delta.manhattanLength() > 8:
                self._press = None
                mime = QMimeData()
                mime.setData(BAR_MIME, QByteArray(str(idx).encode()))
                drag = QDrag(self)
                drag.setMimeData(mime)
                drag.exec(Qt.DropAction.CopyAction)
                return
            if idx < 0:
                self.center = center - np.array([delta.x(), -delta.y()]) / self.scale
                self.moved = True
                self.update()
                return
        i = self.point_at(e.position())
        if i != self.hover:
            self.hover = i
            self.hovered.emit(i)
            self._dwell.start() if i >= 0 else self._dwell.stop()
            self.update()

    def mouseReleaseEvent(self, e) -> None:
        if self._press is not None and e.button() == Qt.MouseButton.LeftButton:
            start, idx, _ = self._press
            if idx >= 0 and (e.position() - start).manhattanLength() <= 8:
                self.clicked.emit(idx)
        self._press = None

    def contextMenuEvent(self, e) -> None:
        if not len(self.xy):
            return
        where = self.to_map(e.pos().x(), e.pos().y())
        i = self.point_at(e.pos())
        menu = QMenu(self)
        menu.addAction(tr("Sample new beats here"), lambda: self.sampleRequested.emit(float(where[0]), float(where[1])))
        if i >= 0:
            menu.addAction(tr("Interpolate from this bar ..."), lambda: self._set_start(i))
            if self.start >= 0 and self.start != i:
                menu.addAction(tr("Interpolate to this bar"), lambda: self.interpolateRequested.emit(self.start, i))
        menu.addAction(tr("Fit the map"), self.fit)
        menu.exec(e.globalPos())

    def item_centers(self, n: int = 8) -> list[dict]:
        """Where up to n points are on screen (global coordinates), for an outside driver (ui/automation.py)."""
        if not len(self.xy) or not self.isVisible():
            return []
        px = self.to_screen(self.xy)
        inside = np.flatnonzero((px[:, 0] > 10) & (px[:, 0] < self.width() - 160) & (px[:, 1] > 10)
                                & (px[:, 1] < self.height() - 10))
        out = []
        for i in inside[:: max(1, len(inside) // n)][:n]:
            g = self.mapToGlobal(QPointF(px[i, 0], px[i, 1]).toPoint())
            out.append({"x": g.x(), "y": g.y(), "index": int(i)})
        return out

    def _set_start(self, i: int) -> None:
        self.start = i
        self.startChosen.emit(i)
        self.update()

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        if not self.moved:
            self.fit()


class BeatMapPanel(QWidget):
    """The canvas with its collection choice, Find similar and a line saying what is under the pointer."""
    collectionChosen = Signal(str)      # "gmd", "pack" or "project"
    findSimilar = Signal()
    shown = Signal()                    # (the map's models load when it is first shown)

    COLLECTIONS = (("gmd", QT_TR_NOOP("Groove MIDI Dataset (by style)")),
                   ("pack", QT_TR_NOOP("The open loop pack (by role)")),
                   ("project", QT_TR_NOOP("This project's patterns")), ("all", QT_TR_NOOP("All of them on one map")))

    def showEvent(self, e) -> None:
        super().showEvent(e)
        self.shown.emit()

    def __init__(self, parent=None):
        super().__init__(parent)
        self.canvas = MapCanvas(self)
        self.choice = QComboBox()
        for key, text in self.COLLECTIONS:
            self.choice.addItem(tr(text), key)
        self.choice.setCurrentIndex(-1)
        self.choice.setPlaceholderText(tr("Collection ..."))
        self.choice.activated.connect(lambda i: self.collectionChosen.emit(self.choice.itemData(i)))
        self.similar_button = QPushButton(tr("Find similar"))
        self.similar_button.setToolTip(tr("Mark the bars nearest to the bar selected in the grid (bar 1 without one)"))
        self.similar_button.clicked.connect(self.findSimilar)
        self.info = QLabel("")
        self.info.setMinimumWidth(200)
        top = QHBoxLayout()
        top.addWidget(self.choice)
        top.addWidget(self.similar_button)
        top.addWidget(self.info, 1)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(4, 4, 4, 4)
        lay.addLayout(top)
        lay.addWidget(self.canvas, 1)
        self.sources = np.zeros(0, str)
        self.labels = np.zeros(0, str)
        self.note = tr("Rest on a point to hear it, click to put it into the selected bar, drag it onto the grid")
        self.canvas.hovered.connect(self._hovered)

    def select(self, kind: str | None) -> None:
        self.choice.setCurrentIndex(self.choice.findData(kind) if kind else -1)

    def show_collection(self, xy, labels, sources, note: str = "", kind: str | None = None) -> None:
        self.select(kind)
        self.note = note or tr("{bars:,} bars").format(bars=len(xy))
        self.labels, self.sources = np.asarray(labels).astype(str), np.asarray(sources).astype(str)
        self.canvas.set_points(xy, self.labels)
        self.info.setText(self.note)

    def _hovered(self, i: int) -> None:
        self.info.setText(f"{self.sources[i]} ({self.labels[i]})" if i >= 0 else self.note)
        self.info.setToolTip(tr("Rest on a point to hear it (when the beat is not playing); click: into the selected "
                                "bar; drag: onto a bar of the grid; right-click: sample here, interpolate"))
