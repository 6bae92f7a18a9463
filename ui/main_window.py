"""GrooveLoom's main window: transport, grid, drummer panel, files, mixer, undo, autosave.

Slow work (sound start-up, the drummer's model, generation, rendering, MIDI import) runs in workers;
the GUI thread only swaps immutable objects.
"""
from __future__ import annotations

import os
import tempfile

from PySide6.QtCore import QEvent, QMimeData, QSettings, Qt, QTimer, QUrl, Signal
from PySide6.QtGui import QAction, QDrag, QKeySequence
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDoubleSpinBox, QFileDialog, QFormLayout, QFrame,
                               QGroupBox, QHBoxLayout, QInputDialog, QLabel, QMainWindow, QMenu, QMessageBox,
                               QProgressDialog, QPushButton, QScrollArea, QSlider, QSpinBox, QSplitter,
                               QToolBar, QVBoxLayout, QWidget)

from engine.drumkit import ROW_CATALOG, Row, gm_name
from engine.errors import GrooveLoomError
from engine.midi_io import read_midi, write_midi
from engine.pattern import GRIDS
from engine.performance import midi_timing
from engine.project import EXTENSION, GenerationSettings, project_from_pattern

from .document import Document, pending_autosaves, remove_autosave
from .grid import GridWidget
from .settings import read_bytes, read_paths, read_str, write_paths
from .workers import run_async

STYLES = ("rock", "funk", "jazz", "latin", "hiphop", "soul", "punk", "neworleans", "country", "pop",
          "reggae", "gospel", "afrobeat", "other")
MAX_RECENT = 8
AUTOSAVE_DELAY_MS = 3000   # unsaved work reaches the disk at most this long after a change


class DragMidiLabel(QLabel):
    """Drag the pattern out of the window as a .mid file (into a DAW or a file manager)."""

    def __init__(self, window):
        super().__init__("  Drag MIDI  ")
        self.window_ = window
        self.setToolTip("Drag this into your DAW or a folder: the pattern as a General MIDI drum file")
        self.setObjectName("dragMidi")
        self.setCursor(Qt.CursorShape.OpenHandCursor)

    def mousePressEvent(self, e):
        path = self.window_.write_drag_file()
        mime = QMimeData()
        mime.setUrls([QUrl.fromLocalFile(path)])
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


class MainWindow(QMainWindow):
    drummerReady = Signal()
    generationDone = Signal()

    def __init__(self, *, settings: QSettings | None = None, start_sound: bool = True, start_drummer: bool = True,
                 model_dir: str | None = None, ask=None, check_recovery: bool = True):
        super().__init__()
        self.settings = settings or QSettings()
        self.doc = Document()
        self.player = None
        self.drummer = None
        self.drummer_error = "loading the drummer ..."
        self.sound_status = "starting sound ..."
        self.generating = False
        self.clipboard = None
        self._prompting_keep = False
        self._autosaving = False
        self._autosave_finished = None
        self.last_import_report = ""
        self._ask = ask  # tests answer prompts through this: ask(kind, text) -> answer
        self.setWindowTitle(self.doc.title)
        self._build()
        self.doc.changed.connect(self._doc_changed)
        self.doc.candidatesChanged.connect(self._candidates_changed)
        self.doc.pathChanged.connect(lambda: self.setWindowTitle(self.doc.title))
        self._doc_changed()
        self._candidates_changed()
        self.play_timer = QTimer(self, interval=30, timeout=self._tick)
        # Autosave runs AUTOSAVE_DELAY_MS after the first unsaved change (not restarted by later ones, so a
        # steady stream of edits is still saved every few seconds).
        self.autosave_timer = QTimer(self, singleShot=True, interval=AUTOSAVE_DELAY_MS, timeout=self.autosave)
        self.doc.changed.connect(self._schedule_autosave)
        geo = read_bytes(self.settings, "geometry")
        if geo is None or not self.restoreGeometry(geo):
            self.fit_to_screen()
        split = read_bytes(self.settings, "splitter")
        if split is not None:
            self.splitter.restoreState(split)
        self.packs.setVisible(False)
        from PySide6.QtWidgets import QApplication
        QApplication.instance().installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)
        from .automation import install
        self.automation = install(self)
        if start_sound:
            self._start_sound()
        if start_drummer:
            self._start_drummer(model_dir)
        if check_recovery:
            QTimer.singleShot(0, self.offer_recovery)

    # ---- layout ------------------------------------------------------------------------------
    def _build(self) -> None:
        tb = QToolBar("Transport", self)
        tb.setObjectName("transport")
        tb.setMovable(False)
        self.addToolBar(tb)
        self.play_btn = QPushButton("Play")
        self.play_btn.setObjectName("play")
        self.play_btn.setCheckable(True)
        self.play_btn.setToolTip("Play / stop (Space)")
        self.play_btn.toggled.connect(self.set_playing)
        tb.addWidget(self.play_btn)
        self.tempo = QDoubleSpinBox(decimals=1, minimum=20, maximum=400, singleStep=1, suffix=" BPM")
        self.tempo.setToolTip("Tempo")
        self.tempo.editingFinished.connect(lambda: self._set_pattern_setting("tempo", self.tempo.value()))
        self.swing = QSpinBox(minimum=50, maximum=75, suffix="% sw")
        self.swing.setToolTip("MPC-style swing on 16ths: 50% straight, 66% triplet feel, 75% dotted")
        self.swing.valueChanged.connect(lambda v: self._set_pattern_setting("swing", v / 100))
        self.humanize = QSpinBox(minimum=0, maximum=30, suffix=" ms hum")
        self.humanize.setToolTip("Humanize: random timing (+-ms) and velocity, seeded (same every loop pass)")
        self.humanize.valueChanged.connect(self._set_humanize)
        self.kit = QComboBox()
        self.kit.setToolTip("Drum kit (bank 128 presets of the soundfont)")
        self.kit.setMinimumWidth(120)
        self.kit.activated.connect(self._kit_chosen)
        self.master = QSlider(Qt.Orientation.Horizontal, minimum=0, maximum=150)
        self.master.setFixedWidth(90)
        self.master.setToolTip("Master volume")
        self.master.sliderReleased.connect(self._master_changed)
        self.metronome = QCheckBox("Click")
        self.metronome.setToolTip("Metronome (higher click on beat 1)")
        self.metronome.toggled.connect(self._metronome_toggled)
        self.count_in = QCheckBox("Count-in")
        self.count_in.setToolTip("One bar of clicks before playback starts")
        self.count_in.toggled.connect(self._count_in_toggled)
        self.loop_sel = QCheckBox("Loop sel")
        self.loop_sel.setToolTip("Loop only the selected bars (select bars on the ruler)")
        self.loop_sel.toggled.connect(self._loop_range_changed)
        self.bars = QSpinBox(minimum=1, maximum=32, suffix=" bars")
        self.bars.setToolTip("Pattern length")
        self.bars.editingFinished.connect(self._bars_changed)
        self.grid_box = QComboBox()
        for g, name in GRIDS.items():
            self.grid_box.addItem(name, g)
        self.grid_box.setToolTip("Grid resolution")
        self.grid_box.activated.connect(self._grid_changed)
        self.meter = QComboBox()
        self.meter.addItems(["4/4", "3/4", "2/4", "5/4", "6/8", "7/8", "9/8", "12/8", "5/8"])
        self.meter.setEditable(True)
        self.meter.setToolTip("Time signature (type any n/d)")
        self.meter.activated.connect(self._meter_changed)
        for w in (self.tempo, self.swing, self.humanize, self.bars, self.grid_box, self.meter):
            w.setMaximumWidth(104)
        self.kit.setMaximumWidth(130)
        for w in (self.tempo, self.swing, self.humanize, self.kit, QLabel(" Vol"), self.master,
                  self.metronome, self.count_in, self.loop_sel):
            tb.addWidget(w)
        tb.addWidget(DragMidiLabel(self))

        pb = QToolBar("Patterns", self)
        pb.setObjectName("patterns")
        pb.setMovable(False)
        self.addToolBarBreak()
        self.addToolBar(pb)
        pb.addWidget(QLabel(" Pattern "))
        self.pattern_box = QComboBox()
        self.pattern_box.setMinimumWidth(160)
        self.pattern_box.setToolTip("Patterns of this project (song sections): switch, add, rename, delete")
        self.pattern_box.activated.connect(self.switch_pattern)
        pb.addWidget(self.pattern_box)
        self.pattern_buttons = {}
        for text, slot, tip in (("+ Copy", self.add_pattern, "A new pattern starting as a copy of this one"),
                                ("Rename", self.rename_pattern, "Rename this pattern"),
                                ("Delete", self.delete_pattern, "Delete this pattern (undo brings it back)")):
            b = QPushButton(text)
            b.setToolTip(tip)
            b.clicked.connect(lambda _checked=False, slot=slot: slot())  # not Qt's `checked` as an argument
            pb.addWidget(b)
            self.pattern_buttons[text] = b
        pb.addSeparator()
        for w in (self.bars, self.grid_box, self.meter):
            pb.addWidget(w)

        central = QWidget()
        central_lay = QVBoxLayout(central)
        central_lay.setContentsMargins(6, 6, 6, 6)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panels")
        self.splitter.setChildrenCollapsible(False)
        central_lay.addWidget(self.splitter)
        self.grid = GridWidget(self.doc)
        self.grid.headerClicked.connect(self._header_clicked)
        self.grid.volumeChanged.connect(self._volume_changed)
        self.grid.selectionChanged.connect(self._selection_changed)
        self.grid.loopDropped.connect(self.drop_loop)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_w = QWidget()
        left = QVBoxLayout(left_w)
        left.setContentsMargins(0, 0, 0, 0)
        left.addWidget(self.scroll, 1)
        rowbar = QHBoxLayout()
        self.add_row_btn = QPushButton("+ Row")
        self.add_row_btn.setToolTip("Add a row (open hat, toms, crash, ride, clap, rim, cowbell, ...)")
        self.add_row_btn.clicked.connect(self._add_row_menu)
        self.sel_label = QLabel("")
        rowbar.addWidget(self.add_row_btn)
        rowbar.addWidget(self.sel_label, 1)
        left.addLayout(rowbar)
        left_w.setMinimumWidth(360)
        self.splitter.addWidget(left_w)
        from .pack_browser import PackBrowser
        self.packs = PackBrowser()
        self.packs.setMinimumWidth(220)
        self.packs.audition.connect(self.audition_loop)
        self.packs.status.connect(lambda m: self.status.showMessage(m, 8000))
        self.splitter.addWidget(self.packs)
        self.splitter.addWidget(self._drummer_panel())
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([900, 0, 230])
        self.setCentralWidget(central)
        self._build_menus()
        self.status = self.statusBar()
        self.details_btn = QPushButton("Details")
        self.details_btn.setObjectName("details")
        self.details_btn.setFlat(True)
        self.details_btn.setVisible(False)
        self.details_btn.clicked.connect(lambda _checked=False: self.show_notice_details())
        self.status.addPermanentWidget(self.details_btn)
        self.status.messageChanged.connect(lambda m: self.details_btn.setVisible(bool(m) and self.details_btn.isVisible()))

    def _drummer_panel(self) -> QWidget:
        box = QGroupBox("Drummer")
        box.setObjectName("drummer")
        box.setMinimumWidth(200)
        box.setMaximumWidth(340)
        v = QVBoxLayout(box)
        form = QFormLayout()
        self.style = QComboBox()
        self.style.addItems(STYLES)
        self.gen_bars = QSpinBox(minimum=1, maximum=32)
        self.temperature = QDoubleSpinBox(minimum=0.0, maximum=2.0, singleStep=0.1, decimals=2)
        self.variations = QSpinBox(minimum=1, maximum=8)
        for w, tip in ((self.style, "Style the drummer plays"), (self.gen_bars, "Bars to continue (1-32)"),
                       (self.temperature, "0 = safest, 1 = as trained, 2 = wild"),
                       (self.variations, "How many versions to write (browse them, keep one)")):
            w.setToolTip(tip)
        form.addRow("Style", self.style)
        form.addRow("Bars", self.gen_bars)
        form.addRow("Temperature", self.temperature)
        form.addRow("Variations", self.variations)
        v.addLayout(form)
        self.style.activated.connect(self._gen_settings_changed)
        for w in (self.gen_bars, self.variations):
            w.editingFinished.connect(self._gen_settings_changed)
        self.temperature.editingFinished.connect(self._gen_settings_changed)
        self.btn_continue = QPushButton("Continue")
        self.btn_fill = QPushButton("Fill")
        self.btn_infill = QPushButton("Infill selection")
        self.btn_generate = QPushButton("Generate")
        self.btn_continue.setObjectName("continue")
        self.btn_continue.clicked.connect(self.do_continue)
        self.btn_fill.clicked.connect(self.do_fill)
        self.btn_infill.clicked.connect(self.do_infill)
        self.btn_generate.clicked.connect(self.do_generate)
        self.fill_every = QCheckBox("Fill every 4th bar")
        for b in (self.btn_continue, self.btn_fill, self.fill_every, self.btn_infill, self.btn_generate):
            v.addWidget(b)
        v.addSpacing(10)
        self.cand_label = QLabel("")
        self.cand_label.setWordWrap(True)
        v.addWidget(self.cand_label)
        nav = QHBoxLayout()
        self.btn_prev = QPushButton("<")
        self.btn_next = QPushButton(">")
        self.btn_keep = QPushButton("Keep")
        self.btn_discard = QPushButton("Discard")
        self.btn_prev.setToolTip("Previous variation ([)")
        self.btn_next.setToolTip("Next variation (])")
        self.btn_keep.setToolTip("Keep this variation (Enter); one undo step")
        self.btn_discard.setToolTip("Discard the variations (Esc)")
        self.btn_prev.clicked.connect(lambda: self.doc.browse(-1))
        self.btn_next.clicked.connect(lambda: self.doc.browse(1))
        self.btn_keep.clicked.connect(self.doc.keep_candidate)
        self.btn_discard.clicked.connect(self.doc.discard_candidates)
        for b in (self.btn_prev, self.btn_next):
            b.setFixedWidth(34)
        for b in (self.btn_prev, self.btn_next, self.btn_keep, self.btn_discard):
            nav.addWidget(b)
        v.addLayout(nav)
        v.addStretch(1)
        self.drummer_status = QLabel("")
        self.drummer_status.setWordWrap(True)
        self.drummer_status.setObjectName("hint")
        v.addWidget(self.drummer_status)
        return box

    def _build_menus(self) -> None:
        mb = self.menuBar()

        self.actions_by_name: dict[str, QAction] = {}

        def act(menu, text, slot, shortcut=None, tip=None, checkable=False):
            a = QAction(text, self)
            if shortcut:
                a.setShortcut(QKeySequence(shortcut))
            if tip:
                a.setStatusTip(tip)
            a.setCheckable(checkable)
            # `triggered` passes `checked`: only a checkable action's slot gets it, others are called bare
            a.triggered.connect(slot if checkable else (lambda _checked=False, slot=slot: slot()))
            menu.addAction(a)
            self.actions_by_name[text.replace("&", "").rstrip(".")] = a
            return a

        f = mb.addMenu("&File")
        act(f, "&New", self.new_file, QKeySequence.StandardKey.New)
        act(f, "&Open...", self.open_dialog, QKeySequence.StandardKey.Open)
        self.recent_menu = f.addMenu("Open &Recent")
        self._fill_recent()
        act(f, "&Save", self.save, QKeySequence.StandardKey.Save)
        act(f, "Save &As...", self.save_as, QKeySequence.StandardKey.SaveAs)
        f.addSeparator()
        act(f, "&Import MIDI...", self.import_dialog, "Ctrl+I")
        act(f, "&Export MIDI...", self.export_midi_dialog, "Ctrl+E")
        act(f, "Export &WAV...", self.export_wav_dialog, "Ctrl+Shift+E")
        f.addSeparator()
        act(f, "Open loop &pack folder...", lambda: self.open_pack_dialog(folder=True), "Ctrl+Shift+O")
        act(f, "Open loop pack .&zip...", lambda: self.open_pack_dialog(folder=False))
        f.addSeparator()
        act(f, "Choose sound&font...", self.soundfont_dialog, tip="A General MIDI .sf2/.sf3 with drum kits")
        f.addSeparator()
        act(f, "&Quit", self.close, QKeySequence.StandardKey.Quit)
        e = mb.addMenu("&Edit")
        u = self.doc.undo.createUndoAction(self, "&Undo")
        u.setShortcut(QKeySequence.StandardKey.Undo)
        r = self.doc.undo.createRedoAction(self, "&Redo")
        r.setShortcut(QKeySequence.StandardKey.Redo)
        e.addAction(u)
        e.addAction(r)
        e.addSeparator()
        act(e, "&Copy bars", self.copy_bars, QKeySequence.StandardKey.Copy)
        act(e, "&Paste bars", self.paste_bars, QKeySequence.StandardKey.Paste)
        act(e, "C&lear bars", self.clear_bars, "Ctrl+Backspace")
        act(e, "&Duplicate bars", self.duplicate_bars, "Ctrl+D")
        act(e, "Shift selection left", lambda: self.shift_bars(-1), "Ctrl+Left")
        act(e, "Shift selection right", lambda: self.shift_bars(1), "Ctrl+Right")
        act(e, "Select &all bars", self.select_all, QKeySequence.StandardKey.SelectAll)
        view = mb.addMenu("&View")
        self.packs_action = act(view, "&Loop pack panel", self.show_packs, "Ctrl+L", checkable=True)
        t = mb.addMenu("&Transport")
        act(t, "Play / Stop", lambda: self.play_btn.toggle(), "Space")
        g = mb.addMenu("&Drummer")
        act(g, "&Continue", self.do_continue, "Ctrl+Return")
        act(g, "&Fill selected bar", self.do_fill, "Ctrl+F")
        act(g, "&Infill selection", self.do_infill, "Ctrl+Shift+I")
        act(g, "&Generate", self.do_generate, "Ctrl+G")
        act(g, "Previous variation", lambda: self.doc.browse(-1), "[")
        act(g, "Next variation", lambda: self.doc.browse(1), "]")
        act(g, "Keep variation", self.doc.keep_candidate, "Return")
        act(g, "Discard variations / clear selection", self.escape, "Escape")

    # ---- document -> widgets ---------------------------------------------------------------------
    def _doc_changed(self) -> None:
        p, proj = self.doc.pattern, self.doc.project
        for w, val in ((self.tempo, p.tempo), (self.swing, round(p.swing * 100)), (self.bars, p.bars),
                       (self.humanize, int(proj.mixer.humanize_ms)), (self.master, int(proj.mixer.master * 100)),
                       (self.gen_bars, proj.generation.bars), (self.temperature, proj.generation.temperature),
                       (self.variations, proj.generation.variations)):
            w.blockSignals(True)
            w.setValue(val)
            w.blockSignals(False)
        for w, val in ((self.metronome, proj.mixer.metronome), (self.count_in, proj.mixer.count_in)):
            w.blockSignals(True)
            w.setChecked(val)
            w.blockSignals(False)
        self.pattern_box.blockSignals(True)
        self.pattern_box.clear()
        self.pattern_box.addItems(list(proj.names))
        self.pattern_box.setCurrentIndex(proj.current)
        self.pattern_box.blockSignals(False)
        self.grid_box.setCurrentIndex(self.grid_box.findData(p.grid))
        self.meter.setCurrentText(p.meter)
        i = self.style.findText(proj.generation.style)
        self.style.setCurrentIndex(max(0, i))
        self.grid.mixer_rows = {r.note: proj.mixer.row(r.note) for r in p.rows}
        self.grid.locked = set(proj.generation.locked_notes)
        if self.grid.selection and self.grid.selection[1] >= p.bars:
            self.grid.selection = None
        self.grid._layout_changed()
        self.setWindowTitle(self.doc.title)
        self._push_to_player()

    def _candidates_changed(self) -> None:
        c = self.doc.candidate
        has = c is not None
        if not has and self._prompting_keep:
            self.status.clearMessage()
            self._prompting_keep = False
        for b in (self.btn_prev, self.btn_next, self.btn_keep, self.btn_discard):
            b.setEnabled(has)
        if has:
            self.cand_label.setText(f"Variation {self.doc.candidate_index + 1} of {len(self.doc.candidates)}: "
                                    f"cyan steps are the drummer's. Keep or discard.")
        else:
            self.cand_label.setText("")
        self.grid._layout_changed()
        self._push_to_player()
        self._update_drummer_buttons()

    def eventFilter(self, obj, e) -> bool:
        t = e.type()
        if t == QEvent.Type.Resize and obj is self.scroll.viewport():
            # the grid follows its viewport (window resize, panel shown or hidden, splitter moved)
            self.grid.set_viewport_size(obj.width(), obj.height())
        elif t == QEvent.Type.KeyPress and self._hover_key(obj, e):
            return True
        return super().eventFilter(obj, e)

    def _hover_key(self, obj, e) -> bool:
        """A/G/N/Delete go to the step under the pointer, whichever widget has the keyboard focus."""
        from PySide6.QtWidgets import QApplication
        if e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or e.key() not in self.grid.HOVER_KEYS:
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self:
            return False
        if QApplication.activeModalWidget() or QApplication.activePopupWidget() or not self.grid.underMouse():
            return False
        return self.grid.hover_key(e.key())

    def fit_to_screen(self) -> None:
        """1280x760, or the whole available screen where that is smaller (1024x600 netbooks)."""
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        if avail is None or avail.width() < 100:
            self.resize(1280, 760)
            return
        w, h = min(1280, avail.width()), min(760, avail.height())
        self.resize(w, h)
        self.move(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2)

    def show_packs(self, on: bool = True) -> None:
        if on and not self.packs.isVisible():
            sizes = self.splitter.sizes()
            if sizes[1] < self.packs.minimumWidth():  # never shown yet: take its room from the grid, not all
                want = max(self.packs.minimumWidth(), min(280, sizes[0] // 3))
                sizes = [sizes[0] - want, want, sizes[2]]
            self.packs.setVisible(True)
            self.splitter.setSizes(sizes)
        elif not on:
            self.packs.setVisible(False)
        self.packs_action.setChecked(on)

    def open_pack_dialog(self, folder: bool = True) -> None:
        self.show_packs(True)
        self.packs.open_dialog(folder=folder)

    def escape(self) -> None:
        """Esc: discard the drummer's variations; without any, clear the bar selection."""
        if self.doc.candidates:
            self.doc.discard_candidates()
        elif self.grid.selection is not None:
            self.grid.selection = None
            self.grid.selectionChanged.emit()
            self.grid.update()

    def automation_controls(self) -> dict:
        """Named controls for an outside driver (ui/automation.py)."""
        return {"play": self.play_btn, "continue": self.btn_continue, "fill": self.btn_fill,
                "generate": self.btn_generate, "keep": self.btn_keep, "discard": self.btn_discard,
                "next": self.btn_next, "prev": self.btn_prev, "pattern_box": self.pattern_box,
                "copy_pattern": self.pattern_buttons["+ Copy"], "rename_pattern": self.pattern_buttons["Rename"],
                "delete_pattern": self.pattern_buttons["Delete"], "tempo": self.tempo, "swing": self.swing,
                "style": self.style, "bars": self.bars, "metronome": self.metronome}

    # ---- edits from the toolbar and header ------------------------------------------------------
    def _set_pattern_setting(self, key, value) -> None:
        try:
            self.doc.apply(self.doc.pattern.with_settings(**{key: value}), f"Set {key}")
        except ValueError as exc:
            self.status.showMessage(str(exc), 5000)

    def _set_mixer(self, text: str, **kw) -> None:
        from dataclasses import replace
        self.doc.apply_project(replace(self.doc.project, mixer=replace(self.doc.project.mixer, **kw)), text)

    def _set_humanize(self, ms: int) -> None:
        self._set_mixer("Set humanize", humanize_ms=float(ms), humanize_velocity=min(64, ms))

    def _master_changed(self) -> None:
        self._set_mixer("Set master volume", master=self.master.value() / 100)

    def _metronome_toggled(self, on: bool) -> None:
        self._set_mixer("Metronome", metronome=on)

    def _count_in_toggled(self, on: bool) -> None:
        self._set_mixer("Count-in", count_in=on)

    def _kit_chosen(self, i: int) -> None:
        name = self.kit.itemText(i)
        self._set_mixer(f"Kit {name}", kit=name)
        if self.player:
            self.player.set_kit(name)
        self.settings.setValue("kit", name)

    def _volume_changed(self, r: int, vol: float) -> None:
        from dataclasses import replace
        note = self.doc.pattern.rows[r].note
        proj = self.doc.project
        self.doc.apply_project(replace(proj, mixer=proj.mixer.with_row(note, volume=vol)),
                               f"Volume {self.doc.pattern.rows[r].name}")

    def _header_clicked(self, r: int, what: str) -> None:
        from dataclasses import replace
        proj = self.doc.project
        p = self.doc.pattern
        if r >= len(p.rows):
            return
        row = p.rows[r]
        if what in ("mute", "solo"):
            cur = getattr(proj.mixer.row(row.note), what)
            self.doc.apply_project(replace(proj, mixer=proj.mixer.with_row(row.note, **{what: not cur})),
                                   f"{what.title()} {row.name}")
        elif what == "lock":
            locked = set(proj.generation.locked_notes) ^ {row.note}
            self.doc.apply_project(replace(proj, generation=replace(proj.generation, locked_notes=tuple(sorted(locked)))),
                                   f"{'Lock' if row.note in locked else 'Unlock'} {row.name}")
        elif what == "name":
            self._row_menu(r)

    def _row_menu(self, r: int) -> None:
        p = self.doc.pattern
        m = QMenu(self)
        up = m.addAction("Move up")
        down = m.addAction("Move down")
        rename = m.addAction("Rename...")
        note = m.addAction("Change GM note...")
        remove = m.addAction(f"Remove {p.rows[r].name}")
        up.setEnabled(r > 0)
        down.setEnabled(r < len(p.rows) - 1)
        remove.setEnabled(len(p.rows) > 1)
        chosen = m.exec(self.cursor().pos())
        try:
            if chosen == up:
                self.doc.apply(p.move_row(r, r - 1), "Move row")
            elif chosen == down:
                self.doc.apply(p.move_row(r, r + 1), "Move row")
            elif chosen == remove:
                self.doc.apply(p.remove_row(r), f"Remove row {p.rows[r].name}")
            elif chosen == rename:
                name, ok = QInputDialog.getText(self, "Rename row", "Name:", text=p.rows[r].name)
                if ok and name.strip():
                    self.doc.apply(p.rename_row(r, name=name.strip()), "Rename row")
            elif chosen == note:
                n, ok = QInputDialog.getInt(self, "GM note", f"GM note for {p.rows[r].name}:", p.rows[r].note, 0, 127)
                if ok:
                    self.doc.apply(p.rename_row(r, note=n), "Change row note")
        except ValueError as exc:
            self.status.showMessage(str(exc), 6000)

    def _add_row_menu(self) -> None:
        p = self.doc.pattern
        m = QMenu(self)
        have = {r.note for r in p.rows}
        for row in ROW_CATALOG:
            if row.note not in have:
                a = m.addAction(f"{row.name}  ({row.note} {gm_name(row.note)})")
                a.setData(row.note)
        chosen = m.exec(self.add_row_btn.mapToGlobal(self.add_row_btn.rect().bottomLeft()))
        if chosen:
            self.add_row(next(r for r in ROW_CATALOG if r.note == chosen.data()))

    def add_row(self, row: Row) -> None:
        self.doc.apply(self.doc.pattern.add_row_sorted(row), f"Add row {row.name}")

    def switch_pattern(self, index: int) -> None:
        if index != self.doc.project.current:
            self.doc.discard_candidates()
            self.doc.apply_project(self.doc.project.with_current(index), f"Go to {self.doc.project.names[index]}")

    def add_pattern(self) -> None:
        self.doc.discard_candidates()
        self.doc.apply_project(self.doc.project.with_added(self.doc.pattern), "New pattern")

    def rename_pattern(self, name: str | None = None) -> None:
        proj = self.doc.project
        if not isinstance(name, str):
            name, ok = QInputDialog.getText(self, "Rename pattern", "Name:", text=proj.names[proj.current])
            if not ok:
                return
        try:
            self.doc.apply_project(proj.renamed(proj.current, name), "Rename pattern")
        except ValueError as exc:
            self.status.showMessage(str(exc), 5000)

    def delete_pattern(self) -> None:
        proj = self.doc.project
        try:
            self.doc.apply_project(proj.without(proj.current), f"Delete {proj.names[proj.current]}")
        except ValueError as exc:
            self.status.showMessage(str(exc), 5000)

    def _bars_changed(self) -> None:
        n = self.bars.value()
        if n != self.doc.pattern.bars:
            self.doc.apply(self.doc.pattern.resized(n), f"{n} bars")

    def _grid_changed(self) -> None:
        g = self.grid_box.currentData()
        try:
            p, lost = self.doc.pattern.with_grid(g)
        except ValueError as exc:
            self.status.showMessage(str(exc), 6000)
            self._doc_changed()
            return
        if lost and not self._confirm(f"{len(lost)} hits do not fit the {GRIDS[g]} grid and will be removed "
                                      f"(undo brings them back). Change the grid?"):
            self._doc_changed()
            return
        self.doc.apply(p, f"Grid {GRIDS[g]}")

    def _meter_changed(self) -> None:
        text = self.meter.currentText().strip()
        try:
            num, den = (int(x) for x in text.split("/"))
            self.doc.apply(self.doc.pattern.with_meter(num, den), f"Meter {text}")
        except ValueError as exc:
            self.status.showMessage(f"time signature '{text}': {exc}", 6000)
            self._doc_changed()

    def _gen_settings_changed(self) -> None:
        from dataclasses import replace
        g = GenerationSettings(bars=self.gen_bars.value(), temperature=round(self.temperature.value(), 2),
                               variations=self.variations.value(), style=self.style.currentText(),
                               seed=self.doc.project.generation.seed,
                               locked_notes=self.doc.project.generation.locked_notes)
        self.doc.apply_project(replace(self.doc.project, generation=g), "Drummer settings")

    def _selection_changed(self) -> None:
        s = self.grid.selection
        self.sel_label.setText(f"  Selected bars {s[0] + 1}-{s[1] + 1}" if s else
                               "  Click a bar number to select it (shift+click extends)")
        self._loop_range_changed()
        self._update_drummer_buttons()

    # ---- clipboard and bar edits -------------------------------------------------------------------
    def _sel_or_all(self) -> tuple[int, int]:
        return self.grid.selection or (0, self.doc.pattern.bars - 1)

    def copy_bars(self) -> None:
        a, b = self._sel_or_all()
        self.clipboard = (self.doc.pattern.rows, self.doc.pattern.copy_bars(a, b - a + 1))
        self.status.showMessage(f"Copied bars {a + 1}-{b + 1}", 3000)

    def paste_bars(self) -> None:
        if not self.clipboard:
            return
        rows, clip = self.clipboard
        p = self.doc.pattern
        import numpy as np
        aligned = np.zeros((len(p.rows), clip.shape[1]), np.uint8)
        for i, r in enumerate(rows):
            j = p.row_index(r.note)
            if j is not None:
                aligned[j] = clip[i]
        at = self.grid.selection[0] if self.grid.selection else 0
        self.doc.apply(p.paste_bars(aligned, at), "Paste bars")

    def clear_bars(self) -> None:
        a, b = self._sel_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.clear_range(a * spb, (b + 1) * spb), "Clear bars")

    def duplicate_bars(self) -> None:
        a, b = self._sel_or_all()
        p = self.doc.pattern
        if p.bars + (b - a + 1) > 32:
            self.status.showMessage("a pattern holds at most 32 bars in the window", 5000)
            return
        self.doc.apply(p.duplicate_bars(a, b - a + 1), "Duplicate bars")

    def shift_bars(self, steps: int) -> None:
        a, b = self._sel_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.shift(steps, a * spb, (b + 1) * spb), "Shift steps")

    def select_all(self) -> None:
        self.grid.selection = (0, self.doc.pattern.bars - 1)
        self.grid.selectionChanged.emit()
        self.grid.update()

    # ---- sound -------------------------------------------------------------------------------
    def _start_sound(self) -> None:
        from engine.audio import Player
        soundfont = read_str(self.settings, "soundfont")
        kit = self.doc.project.mixer.kit or read_str(self.settings, "kit")
        driver = self.audio_driver()

        def make():
            try:
                return Player(soundfont=soundfont, kit=kit, driver=driver)
            except GrooveLoomError as exc:
                if kit:  # a kit the soundfont lacks: fall back to its first kit
                    if "no drum kit" in str(exc):
                        return Player(soundfont=soundfont, driver=driver)
                raise

        run_async(make, on_done=self._sound_ready, on_error=self._sound_failed)
        self.play_btn.setEnabled(False)

    def audio_driver(self) -> str | None:
        """FluidSynth's audio driver: GROOVELOOM_AUDIO_DRIVER (jack, pulseaudio, alsa, null, ...), else the
        'audio_driver' setting, else FluidSynth's default."""
        return os.environ.get("GROOVELOOM_AUDIO_DRIVER") or read_str(self.settings, "audio_driver")

    def soundfont_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Choose soundfont", "/usr/share/sounds/sf2",
                                              "SoundFonts (*.sf2 *.sf3);;All files (*)")
        if path:
            self.set_soundfont(path)

    def set_soundfont(self, path: str | None) -> None:
        """Use another soundfont: the player is rebuilt in a worker; a bad file keeps the current one."""
        from engine.audio import Player
        from engine.soundfont import default_soundfont

        driver = self.audio_driver()

        def make():
            default_soundfont(path)  # checks the file before anything is torn down
            return Player(soundfont=path, driver=driver)

        def done(player):
            if self.player:
                self.set_playing(False)
                self.play_btn.setChecked(False)
                self.player.close()
            self.settings.setValue("soundfont", path)
            self._sound_ready(player)

        run_async(make, on_done=done, on_error=lambda m: self._error("Cannot use this soundfont", m))

    def _sound_ready(self, player) -> None:
        self.player = player
        self.play_btn.setEnabled(True)
        self.kit.clear()
        self.kit.addItems([k.name for k in player.rig.kits])
        self.kit.setCurrentText(player.rig.kit.name)
        self.sound_status = (f"Sound: {os.path.basename(player.rig.path)}, kit {player.rig.kit.name}" if
                             player.status == "ok" else f"{player.status}; playback runs silently, export works")
        self.status.showMessage(self.sound_status, 8000)
        self._push_to_player()

    def _sound_failed(self, msg: str) -> None:
        self.sound_status = f"No sound: {msg}"
        self.play_btn.setEnabled(False)
        self.play_btn.setToolTip(self.sound_status)
        self.status.showMessage(self.sound_status)

    def set_playing(self, on: bool) -> None:
        if not self.player:
            self.play_btn.setChecked(False)
            if on:
                self.status.showMessage(self.sound_status if self.sound_status.startswith("No sound")
                                        else "Sound is still starting; press Play again in a moment", 8000)
            return
        if on:
            m = self.doc.project.mixer
            self.player.play(self.doc.shown, mixer=m, humanize=m.humanize,
                             metronome=m.metronome, count_in=m.count_in, loop_range=self._loop_range())
            self.play_timer.start()
            self.play_btn.setText("Stop")
        else:
            self.player.stop()
            self.play_timer.stop()
            self.grid.playhead = None
            self.grid.update()
            self.play_btn.setText("Play")

    def _loop_range(self):
        steps = self.grid.selected_steps() if self.loop_sel.isChecked() else None
        if steps and steps[1] > self.doc.shown.n_steps:
            return None
        return steps

    def _loop_range_changed(self) -> None:
        if self.player and self.player.playing:
            self.player.set_loop_range(self._loop_range())

    def _push_to_player(self) -> None:
        if self.player is None:
            return
        m = self.doc.project.mixer
        self.player.set_mixer(m)
        self.player.set_options(humanize=m.humanize,
                                metronome=m.metronome)
        self.player.set_pattern(self.doc.shown)

    def _tick(self) -> None:
        if self.player:
            self.grid.playhead = self.player.position()
            self.grid.update()

    # ---- loop packs ---------------------------------------------------------------------------
    def audition_loop(self, loop) -> None:
        if self.player:
            self.play_btn.blockSignals(True)
            self.play_btn.setChecked(False)
            self.play_btn.setText("Play")
            self.play_btn.blockSignals(False)
            self.play_timer.stop()
            self.grid.playhead = None
            self.player.play(loop.pattern.with_settings(tempo=self.doc.pattern.tempo))
        self.status.showMessage(f"Audition: {loop.name} ({loop.role}, {loop.pattern.meter}, {loop.bars} bars)", 5000)

    def drop_loop(self, index: int, row: int | None) -> None:
        """A loop dropped on the grid: on a row, only the part for that row's note (tiled to the pattern's
        length); elsewhere, the whole loop replaces the pattern's hits (keeping tempo and swing)."""
        import numpy as np
        loop = self.packs.loops[index]
        p, lp = self.doc.pattern, loop.pattern
        if lp.steps_per_bar != p.steps_per_bar or lp.grid != p.grid:
            self.status.showMessage(f"{loop.name} is {lp.meter} on a {lp.grid} grid; the pattern is "
                                    f"{p.meter} on {p.grid}: change the pattern first", 8000)
            return
        reps = -(-p.n_steps // lp.n_steps)
        if row is not None and row < len(p.rows):
            note = p.rows[row].note
            src = lp.row_index(note)
            if src is None:
                from engine.drumkit import voice_of_pitch
                src = next((i for i, r in enumerate(lp.rows) if voice_of_pitch(r.note) == voice_of_pitch(note)), None)
            if src is None:
                self.status.showMessage(f"{loop.name} has no part for {p.rows[row].name}", 6000)
                return
            hits = np.array(p.hits)
            hits[row] = np.tile(lp.hits[src], reps)[:p.n_steps]
            self.doc.apply(p.with_hits(hits), f"Drop {loop.role} part")
            return
        new = p
        for r in lp.rows:
            if new.row_index(r.note) is None:
                self.add_row(r)
                new = self.doc.pattern
        hits = np.zeros_like(new.hits)
        for i, r in enumerate(lp.rows):
            hits[new.row_index(r.note)] = np.tile(lp.hits[i], reps)[:new.n_steps]
        self.doc.apply(new.with_hits(hits), f"Drop loop {os.path.basename(loop.name)}")

    # ---- the drummer ---------------------------------------------------------------------------
    def _start_drummer(self, model_dir: str | None) -> None:
        from models.drummer import Drummer

        def load():
            return Drummer(model_dir) if model_dir else Drummer()

        run_async(load, on_done=self._drummer_ready, on_error=self._drummer_failed)
        self._update_drummer_buttons()

    def _drummer_ready(self, drummer) -> None:
        self.drummer, self.drummer_error = drummer, None
        card = drummer.card
        self.drummer_status.setText(f"Model: {card['config']['arch'].upper()}, validation "
                                    f"{card['metrics']['validation_nll']:.3f} nats/step")
        self._update_drummer_buttons()
        self.drummerReady.emit()

    def _drummer_failed(self, msg: str) -> None:
        self.drummer, self.drummer_error = None, f"The drummer is unavailable: {msg}"
        self.drummer_status.setText(self.drummer_error)
        self.status.showMessage(self.drummer_error, 10000)
        self._update_drummer_buttons()

    def _update_drummer_buttons(self) -> None:
        ok = self.drummer is not None and not self.generating
        why = self.drummer_error or ("generating ..." if self.generating else "")
        for b, tip in ((self.btn_continue, "Write the next bars after the pattern"),
                       (self.btn_fill, "Write a fill into the selected bar (or the last bar)"),
                       (self.btn_infill, "Rewrite the selected bars using what comes before and after"),
                       (self.btn_generate, "A new beat from nothing in the chosen style")):
            b.setEnabled(ok)
            b.setToolTip(tip if ok else f"{tip}. {why}")
        self.btn_infill.setEnabled(ok and self.grid.selection is not None)

    def _generate(self, label: str, fn, *args, **kw) -> None:
        if self.drummer is None or self.generating:
            return
        self.generating = True
        self._update_drummer_buttons()
        self.status.showMessage(f"Drummer: {label} ...")

        def done(cands):
            self.generating = False
            self.doc.set_candidates(cands)
            self.status.showMessage(f"Drummer: {len(cands)} variation(s); keep (Enter) or discard (Esc)")
            self._prompting_keep = bool(cands)
            self._update_drummer_buttons()
            self.generationDone.emit()

        def failed(msg):
            self.generating = False
            self.status.showMessage(f"Drummer: {msg}", 10000)
            self._update_drummer_buttons()
            self.generationDone.emit()

        run_async(fn, *args, on_done=done, on_error=failed, **kw)

    def _gen_kwargs(self) -> dict:
        g = self.doc.project.generation
        p = self.doc.pattern
        locked = [i for i, r in enumerate(p.rows) if r.note in g.locked_notes]
        return dict(temperature=self.temperature.value(), variations=self.variations.value(), seed=g.seed,
                    style=self.style.currentText(), locked_rows=locked)

    def do_continue(self) -> None:
        p = self.doc.pattern
        bars = min(self.gen_bars.value(), 32 - p.bars)
        if bars < 1:
            self.status.showMessage("the pattern already has 32 bars; delete some before continuing", 6000)
            return
        self.doc.discard_candidates()
        self._generate(f"continue {bars} bars", self.drummer.continue_, p, bars=bars, **self._gen_kwargs())

    def do_fill(self) -> None:
        p = self.doc.pattern
        self.doc.discard_candidates()
        kw = self._gen_kwargs()
        if self.fill_every.isChecked():
            bars = [b for b in range(3, p.bars, 4)] or [p.bars - 1]

            def fills(pattern, **k):
                out = []
                for v in range(k.pop("variations")):
                    cur = pattern
                    for i, b in enumerate(bars):
                        seed = None if k["seed"] is None else k["seed"] + 100 * v + i
                        cur = self.drummer.fill(cur, b, **{**k, "seed": seed})[0].pattern
                    from models.drummer import Candidate
                    out.append(Candidate(cur, bars[0] * p.steps_per_bar * 16 // p.grid, (bars[-1] + 1) * p.steps_per_bar * 16 // p.grid))
                return out
            self._generate("fills", fills, p, **kw)
            return
        bar = self.grid.selection[0] if self.grid.selection else p.bars - 1
        self._generate(f"fill bar {bar + 1}", self.drummer.fill, p, bar, **kw)

    def do_infill(self) -> None:
        steps = self.grid.selected_steps()
        if not steps:
            return
        p = self.doc.pattern
        scale = p.grid // 16 if p.grid in (16, 32) else 1
        self.doc.discard_candidates()
        self._generate("infill", self.drummer.infill, p, steps[0] // scale, steps[1] // scale, **self._gen_kwargs())

    def do_generate(self) -> None:
        p = self.doc.pattern
        kw = self._gen_kwargs()
        kw.pop("locked_rows")
        self.doc.discard_candidates()
        self._generate("generate", self.drummer.generate, bars=self.gen_bars.value(), tempo=p.tempo,
                       like=p if p.grid == 16 else None, **kw)

    # ---- files ---------------------------------------------------------------------------------------
    def _confirm(self, text: str) -> bool:
        if self._ask:
            return bool(self._ask("confirm", text))
        return QMessageBox.question(self, "GrooveLoom", text) == QMessageBox.StandardButton.Yes

    def _error(self, title: str, text: str) -> None:
        self.status.showMessage(text, 10000)
        if self._ask:
            self._ask("error", text)
        else:
            QMessageBox.warning(self, title, text)

    def maybe_save(self) -> bool:
        """Before losing unsaved changes: save, discard or cancel. True when it is fine to go on."""
        if not self.doc.dirty:
            return True
        if self._ask:
            answer = self._ask("unsaved", "Save changes?")
        else:
            b = QMessageBox.question(self, "Unsaved changes", f"Save the changes to "
                                     f"{os.path.basename(self.doc.path) if self.doc.path else 'this pattern'}?",
                                     QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard |
                                     QMessageBox.StandardButton.Cancel)
            answer = {QMessageBox.StandardButton.Save: "save",
                      QMessageBox.StandardButton.Discard: "discard"}.get(b, "cancel")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new_file(self) -> None:
        if self.maybe_save():
            from .document import demo_project
            remove_autosave(self.doc.autosave_id)
            self.doc.replace(demo_project(), None)

    def _dir(self) -> str:
        d = read_str(self.settings, "last_dir")
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def open_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Open", self._dir(),
                                              "GrooveLoom projects and MIDI (*.groove *.mid *.midi);;All files (*)")
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        if path.lower().endswith((".mid", ".midi")):
            return self.import_midi(path, as_new=True)
        if not self.maybe_save():
            return False
        try:
            self.doc.load(path)
        except GrooveLoomError as exc:
            self._error("Cannot open", str(exc))
            return False
        self._remember(path)
        return True

    def _remember(self, path: str) -> None:
        path = os.path.abspath(path)
        self.settings.setValue("last_dir", os.path.dirname(path))
        recent = [p for p in read_paths(self.settings, "recent", MAX_RECENT) if p != path]
        write_paths(self.settings, "recent", [path] + recent[:MAX_RECENT - 1])
        self._fill_recent()

    def recent_files(self) -> list[str]:
        return read_paths(self.settings, "recent", MAX_RECENT)

    def _fill_recent(self) -> None:
        self.recent_menu.clear()
        recent = self.recent_files()
        write_paths(self.settings, "recent", recent)  # what was unreadable or is gone is dropped for good
        for p in recent:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _=False, p=p: self.open_path(p))
        self.recent_menu.setEnabled(not self.recent_menu.isEmpty())

    def save(self) -> bool:
        return self.save_as(self.doc.path)  # no path yet: asks for one

    def save_as(self, path: str | None = None) -> bool:
        if not isinstance(path, str) or not path:
            path, _ = QFileDialog.getSaveFileName(self, "Save as", self._dir(), f"GrooveLoom project (*{EXTENSION})")
            if not path:
                return False
        if not path.lower().endswith(EXTENSION):
            path += EXTENSION
        try:
            self.doc.save(path)
        except GrooveLoomError as exc:
            self._error("Cannot save", str(exc))
            return False
        self._remember(path)
        self.status.showMessage(f"Saved {path}", 4000)
        return True

    def import_dialog(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Import MIDI", self._dir(), "MIDI (*.mid *.midi);;All files (*)")
        if path:
            self.import_midi(path)

    def import_midi(self, path: str, as_new: bool = False, channel: int | None = None) -> bool:
        """Import (in a worker). Into the open project the file becomes a new pattern after the current one
        (one undo step); as_new (Open, or a file on the command line) makes it a project of its own, asking
        about unsaved work first. The quantization report is a notice with Details, never a modal box."""
        def done(res):
            p = res.pattern
            if p.bars > 32:
                p = p.resized(32)
                note = f"\n\nThe file has {res.pattern.bars} bars; the first 32 were imported."
            else:
                note = ""
            name = os.path.splitext(os.path.basename(path))[0]
            if as_new:
                if not self.maybe_save():
                    return
                self.doc.replace(project_from_pattern(p, name), None)
            else:
                self.doc.discard_candidates()
                self.doc.apply_project(self.doc.project.with_added(p, self._free_pattern_name(name)),
                                       f"Import {os.path.basename(path)}")
            self._remember(path)
            text = f"Imported {os.path.basename(path)}:\n" + "\n".join(res.report.lines()) + note
            self.last_import_report = text
            self.notice(f"Imported {os.path.basename(path)}: {res.report.brief()}" + (" (first 32 bars)" if note else ""),
                        "Quantization report", text)

        def failed(msg):
            if "--channel" in msg and not self._ask:
                ch, ok = QInputDialog.getInt(self, "No drum channel", msg + "\n\nRead which channel as drums?", 1, 1, 16)
                if ok:
                    self.import_midi(path, as_new, ch)
                    return
            self._error("Cannot import", msg)

        run_async(read_midi, path, channel=channel, on_done=done, on_error=failed)
        return True

    def _free_pattern_name(self, name: str) -> str:
        names, n, cand = set(self.doc.project.names), 2, name
        while cand in names:
            cand, n = f"{name} {n}", n + 1
        return cand

    def notice(self, text: str, title: str = "", details: str = "") -> None:
        """A message in the status bar that stays until the next one; Details opens the full text in a window
        that does not block the grid."""
        self.status.showMessage(text)
        self._notice_details = (title, details)
        self.details_btn.setVisible(bool(details))

    def show_notice_details(self) -> None:
        title, text = getattr(self, "_notice_details", ("", ""))
        if not text:
            return
        box = QMessageBox(QMessageBox.Icon.Information, title or "GrooveLoom", text, QMessageBox.StandardButton.Close,
                          self)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()

    def export_midi_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export MIDI", self._dir(), "MIDI (*.mid)")
        if path:
            self.export_midi(path if path.lower().endswith((".mid", ".midi")) else path + ".mid")

    def export_midi(self, path: str) -> bool:
        m = self.doc.project.mixer
        try:
            write_midi(self.doc.pattern, path, title=os.path.splitext(os.path.basename(path))[0],
                       timing=midi_timing(m.humanize))
        except GrooveLoomError as exc:
            self._error("Cannot export", str(exc))
            return False
        self.status.showMessage(f"Exported {path}", 4000)
        return True

    def write_drag_file(self) -> str:
        name = os.path.splitext(os.path.basename(self.doc.path or "GrooveLoom pattern"))[0]
        path = os.path.join(tempfile.mkdtemp(prefix="grooveloom-"), f"{name}.mid")
        self.export_midi(path)
        return path

    def export_wav_dialog(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Export WAV", self._dir(), "WAV audio (*.wav)")
        if path:
            self.export_wav(path if path.lower().endswith(".wav") else path + ".wav")

    def export_wav(self, path: str, loops: int = 2, on_done=None):
        from engine.audio import render, write_wav
        m = self.doc.project.mixer
        pattern = self.doc.pattern
        soundfont = read_str(self.settings, "soundfont")

        def work(progress=None, cancel=None):
            r = render(pattern, loops=loops, soundfont=soundfont, kit=m.kit, mixer=m,
                       humanize=m.humanize,
                       progress=progress, cancel=cancel)
            write_wav(path, r.audio, r.samplerate)
            return path

        dlg = QProgressDialog("Rendering WAV ...", "Cancel", 0, 100, self)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def done(p):
            dlg.close()
            self.status.showMessage(f"Exported {p}", 5000)
            if on_done:
                on_done(p)

        def failed(msg):
            dlg.close()
            if "cancelled" not in msg:
                self._error("Cannot export WAV", msg)

        task = run_async(work, on_done=done, on_error=failed, on_progress=lambda f: dlg.setValue(int(f * 100)))
        dlg.canceled.connect(lambda: setattr(task, "cancelled", True))
        return task

    # ---- autosave and recovery -------------------------------------------------------------------
    def _schedule_autosave(self) -> None:
        if not self.autosave_timer.isActive():   # (clean by then: the autosave writes nothing)
            self.autosave_timer.start()

    def autosave(self) -> None:
        """Write unsaved work to the autosave folder in a worker (a big project takes tens of ms to write).
        The project is immutable, so the worker writes a consistent snapshot while editing goes on."""
        from engine.project import save_project
        from .document import autosave_path
        if self._autosaving:
            self.autosave_timer.start()   # one write at a time; try again shortly
            return
        if not self.doc.dirty:
            return
        self._autosaving = True
        path = autosave_path(self.doc.autosave_id)

        def done(_):
            self._autosaving = False
            if not self.doc.dirty:        # saved by hand meanwhile: this copy is stale
                remove_autosave(self.doc.autosave_id)
            elif not self.status.currentMessage():
                self.status.showMessage("Autosaved", 1500)

        def failed(err):
            self._autosaving = False
            self.status.showMessage(f"Autosave failed: {err}", 8000)

        import threading
        finished = self._autosave_finished = threading.Event()

        def write(project):
            try:
                save_project(project, path)
            finally:
                finished.set()

        run_async(write, self.doc.project, on_done=done, on_error=failed)

    def offer_recovery(self) -> bool:
        from engine.project import load_project
        mine = os.path.basename(self.doc.autosave_id)
        for path in pending_autosaves():
            if mine in path:
                continue
            if not self._confirm(f"GrooveLoom did not close properly last time. Recover the unsaved work from "
                                 f"{os.path.basename(path)}?"):
                os.remove(path)
                continue
            try:
                project = load_project(path)
            except GrooveLoomError as exc:
                self._error("Cannot recover", str(exc))
                continue
            self.doc.replace(project, None)
            self.doc.undo.resetClean()  # recovered work is unsaved work
            self.setWindowTitle(self.doc.title)
            os.remove(path)
            self.status.showMessage("Recovered unsaved work; save it to keep it", 8000)
            return True
        return False

    def closeEvent(self, e) -> None:
        if not self.maybe_save():
            e.ignore()
            return
        self.autosave_timer.stop()
        if self._autosave_finished is not None:
            self._autosave_finished.wait(5)   # an autosave in flight finishes before its file is removed
        remove_autosave(self.doc.autosave_id)
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        if self.player:
            self.player.close()
            self.player = None
        e.accept()
