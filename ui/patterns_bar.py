"""The patterns toolbar: the project's patterns (switch, copy, rename, delete) and the current pattern's
length, grid and time signature, and Drag MIDI (the pattern as a file to drag into a DAW)."""
from __future__ import annotations

from PySide6.QtCore import QMimeData, Qt, QUrl, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import QComboBox, QLabel, QPushButton, QSpinBox, QToolBar

from engine.pattern import EDIT_MAX_BARS, GRIDS

from .i18n import QT_TR_NOOP, tr
from .widgets import set_quietly

METERS = ("4/4", "3/4", "2/4", "5/4", "6/8", "7/8", "9/8", "12/8", "5/8")


class DragMidiLabel(QLabel):
    """Drag the pattern out of the window as a .mid file (into a DAW or a file manager)."""

    def __init__(self, make_file):
        super().__init__("  Drag MIDI  ")
        self.make_file = make_file      # () -> path of a .mid file to drag
        self.setToolTip(tr("Drag this into your DAW or a folder: the pattern as a General MIDI drum file"))
        self.setObjectName("dragMidi")
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, e):
        path = self.make_file()
        if not path:
            return
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


class PatternsBar(QToolBar):
    switchRequested = Signal(int)
    copyRequested = Signal()
    renameRequested = Signal()
    deleteRequested = Signal()
    barsEdited = Signal(int)
    gridChosen = Signal(int)
    meterEdited = Signal(str)

    def __init__(self, make_drag_file=None, parent=None):
        super().__init__(tr("Patterns"), parent)
        self.setObjectName("patterns")
        self.setMovable(False)
        self.addWidget(QLabel(tr(" Pattern ")))
        self.pattern_box = QComboBox()
        self.pattern_box.setMinimumWidth(160)
        self.pattern_box.setToolTip(tr("Patterns of this project (song sections): switch, add, rename, delete"))
        self.pattern_box.activated.connect(self.switchRequested)
        self.addWidget(self.pattern_box)
        self.buttons = {}
        for key, text, signal, tip in (
                ("copy", QT_TR_NOOP("+ Copy"), self.copyRequested,
                 QT_TR_NOOP("A new pattern starting as a copy of this one")),
                ("rename", QT_TR_NOOP("Rename"), self.renameRequested, QT_TR_NOOP("Rename this pattern")),
                ("delete", QT_TR_NOOP("Delete"), self.deleteRequested,
                 QT_TR_NOOP("Delete this pattern (undo brings it back)"))):
            b = QPushButton(tr(text))
            b.setToolTip(tr(tip))
            b.clicked.connect(lambda _checked=False, signal=signal: signal.emit())
            self.addWidget(b)
            self.buttons[key] = b
        self.addSeparator()
        self.bars_box = QSpinBox(minimum=1, maximum=EDIT_MAX_BARS, suffix=tr(" bars"))
        self.bars_box.setToolTip(tr("Pattern length"))
        self.bars_box.editingFinished.connect(lambda: self.barsEdited.emit(self.bars_box.value()))
        self.grid_box = QComboBox()
        for g, name in GRIDS.items():
            self.grid_box.addItem(name, g)
        self.grid_box.setToolTip(tr("Grid resolution"))
        self.grid_box.activated.connect(lambda i: self.gridChosen.emit(self.grid_box.itemData(i)))
        self.meter_box = QComboBox()
        self.meter_box.addItems(METERS)
        self.meter_box.setEditable(True)
        self.meter_box.setToolTip(tr("Time signature (type any n/d)"))
        self.meter_box.activated.connect(lambda _i: self.meterEdited.emit(self.meter_box.currentText()))
        for w in (self.bars_box, self.grid_box, self.meter_box):
            w.setMaximumWidth(104)
            self.addWidget(w)
        if make_drag_file is not None:       # here, not at the end of the transport: at 1024 px it sat behind
            self.addSeparator()              # the toolbar's overflow
            self.addWidget(DragMidiLabel(make_drag_file))

    def show_project(self, project, pattern, browsing: bool = False) -> None:
        self.pattern_box.blockSignals(True)
        self.pattern_box.clear()
        self.pattern_box.addItems(list(project.names))
        self.pattern_box.setCurrentIndex(project.current)
        self.pattern_box.blockSignals(False)
        self.show_pattern(pattern, browsing)

    def show_pattern(self, pattern, browsing: bool = False) -> None:
        """The length, grid and meter of the pattern on screen; while the drummer's variations are browsed
        (a variation on screen) they rest until it is kept or discarded, as the grid does."""
        set_quietly(self.bars_box, pattern.bars)
        self.bars_box.setSuffix(tr(" bar") if pattern.bars == 1 else tr(" bars"))
        set_quietly(self.grid_box, self.grid_box.findData(pattern.grid))
        set_quietly(self.meter_box, pattern.meter)
        for w, tip in ((self.bars_box, tr("Pattern length")), (self.grid_box, tr("Grid resolution")),
                       (self.meter_box, tr("Time signature (type any n/d)"))):
            w.setEnabled(not browsing)
            w.setToolTip(tr("{what} of the variation shown: Keep (Enter) or Discard (Esc) the variations to change "
                            "it").format(what=tip) if browsing else tip)
