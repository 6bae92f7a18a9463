"""The song strip above the grid: the project's arrangement (patterns in playing order, each repeated),
edited with add, repeat, remove and drag to reorder; each edit is one undo step (EditsController). A
double click goes to that pattern."""
from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QHBoxLayout, QLabel, QListWidget, QListWidgetItem, QPushButton, QWidget

from .i18n import QT_TR_NOOP, tr
from .widgets import wheel_sideways


class SongStrip(QWidget):
    addRequested = Signal()
    repeatRequested = Signal(int, int)     # entry, +1 / -1
    removeRequested = Signal(int)
    moveRequested = Signal(int, int)       # from entry, to entry
    patternRequested = Signal(int)         # pattern index

    def __init__(self, parent=None):
        super().__init__(parent)
        lay = QHBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        self.song_label = QLabel(tr("Song"))
        lay.addWidget(self.song_label)
        self.entries = QListWidget()
        self.entries.setFlow(QListWidget.Flow.LeftToRight)
        self.entries.setWrapping(False)
        self.entries.setFixedHeight(30)
        # no scroll bars in a 30 px strip (they covered the names): the wheel scrolls it, and the part
        # selected or playing is scrolled into view
        self.entries.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.entries.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.entries.currentItemChanged.connect(lambda item, _old: item and self.entries.scrollToItem(item))
        self.entries.setSpacing(3)
        self.entries.setDragDropMode(QAbstractItemView.DragDropMode.InternalMove)
        self.entries.setToolTip(tr("The song: patterns in playing order. Drag to reorder, double-click to edit a pattern"))
        self.entries.model().rowsMoved.connect(self._moved)
        self.entries.currentRowChanged.connect(lambda _row: self._enable_less())
        self.entries.itemDoubleClicked.connect(lambda item: self.patternRequested.emit(item.data(Qt.ItemDataRole.UserRole)))
        self._wheel = _SideWheel(self)
        self.entries.viewport().installEventFilter(self._wheel)
        lay.addWidget(self.entries, 1)
        self.buttons = {}
        # x+, x- and the cross are signs (their words are in the tips and the accessible names): four word
        # buttons and the length did not fit beside the grid at 1024x600 with the pack panel open
        for key, text, name, tip in (
                ("add", tr("+ Add"), tr("Add"), QT_TR_NOOP("Add the current pattern at the end of the song "
                                                          "(right after itself: it plays once more)")),
                ("more", "x+", tr("Once more"), QT_TR_NOOP("Play the selected part once more")),
                ("less", "x-", tr("Once less"), QT_TR_NOOP("Play the selected part once less")),
                ("remove", "\u2715", tr("Remove"), QT_TR_NOOP("Take the selected part out of the song"))):
            b = QPushButton(text)
            b.setProperty("compact", True)
            b.setToolTip(tr(tip))
            b.setAccessibleName(name)
            lay.addWidget(b)
            self.buttons[key] = b
        self.buttons["add"].clicked.connect(lambda _c=False: self._add())
        self.buttons["more"].clicked.connect(lambda _c=False: self._selected(lambda i: self.repeatRequested.emit(i, 1)))
        self.buttons["less"].clicked.connect(lambda _c=False: self._selected(lambda i: self.repeatRequested.emit(i, -1)))
        self.buttons["remove"].clicked.connect(lambda _c=False: self._selected(self.removeRequested.emit))
        self.playing: int | None = None
        self.length = QLabel("")           # shown where there is room; always in the Song label's tip
        lay.addWidget(self.length)

    def resizeEvent(self, e) -> None:
        super().resizeEvent(e)
        self._fit_length()

    def _fit_length(self) -> None:
        """The song's length beside the buttons where the strip has room for it and 80 px of parts."""
        lay = self.layout()
        others = [self.song_label, *self.buttons.values()]
        need = (sum(w.sizeHint().width() for w in others) + 80 + self.length.sizeHint().width()
                + lay.spacing() * (len(others) + 1))
        self.length.setVisible(self.width() >= need)

    def _add(self) -> None:
        self.addRequested.emit()
        self.entries.setCurrentRow(self.entries.count() - 1)      # x+, x- and Remove act on what was added

    def _selected(self, then) -> None:
        row = self.entries.currentRow()
        if row >= 0:
            then(row)

    def _moved(self, _parent, start, _end, _dest, row) -> None:
        self.moveRequested.emit(start, row - 1 if row > start else row)

    def show_playing(self, entry: int | None) -> None:
        """Mark the entry playing (song mode) with a play sign and bold, or none."""
        for k in range(self.entries.count()):
            item = self.entries.item(k)
            font = item.font()
            font.setBold(k == entry)
            item.setFont(font)
            text = item.data(Qt.ItemDataRole.UserRole + 1)
            item.setText(f"\u25b6 {text}" if k == entry else text)
        if entry is not None and entry != self.playing and entry < self.entries.count():
            self.entries.scrollToItem(self.entries.item(entry))
        self.playing = entry

    def show_project(self, project) -> None:
        row = self.entries.currentRow()
        self.entries.blockSignals(True)   # (not the model's: the view lays its items out from those)
        self.entries.clear()
        for i, n in project.arrangement:
            item = QListWidgetItem(f"{project.names[i]} x{n}" if n > 1 else project.names[i])
            item.setData(Qt.ItemDataRole.UserRole, i)
            item.setData(Qt.ItemDataRole.UserRole + 1, item.text())
            self.entries.addItem(item)
        self.entries.blockSignals(False)
        self.show_playing(self.playing if self.playing is not None and self.playing < self.entries.count() else None)
        if project.arrangement:
            self.entries.setCurrentRow(min(max(row, 0), len(project.arrangement) - 1))
        bars = sum(project.patterns[i].bars * n for i, n in project.arrangement)
        secs = sum(project.patterns[i].duration_seconds * n for i, n in project.arrangement)
        length = (tr("{bars} bar, {minutes}:{seconds:02d}") if bars == 1 else
                  tr("{bars} bars, {minutes}:{seconds:02d}")).format(bars=bars, minutes=int(secs) // 60,
                                                                      seconds=int(secs) % 60)
        self.length.setText(length if bars else tr("empty: + Add"))
        self.song_label.setToolTip(tr("The song: {length}").format(length=self.length.text()))
        self._fit_length()
        for key in ("more", "less", "remove"):
            self.buttons[key].setEnabled(bool(project.arrangement))
        self._project = project
        self._enable_less()

    def _enable_less(self) -> None:
        """x- only where the selected part plays more than once."""
        row, song = self.entries.currentRow(), getattr(self, "_project", None)
        self.buttons["less"].setEnabled(bool(song and 0 <= row < len(song.arrangement) and song.arrangement[row][1] > 1))


class _SideWheel(QObject):
    """The wheel over the strip scrolls it sideways (it has no scroll bars)."""

    def eventFilter(self, obj, e) -> bool:
        if e.type() == QEvent.Type.Wheel:
            wheel_sideways(obj.parent().horizontalScrollBar(), e, 40)
            return True
        return False
