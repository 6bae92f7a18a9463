"""GrooveLoom's main window. It only assembles: the transport and patterns toolbars, the grid, the pack
browser and the drummer panel (panels that show the document and signal what the user did), and the
controllers that act on the document (edits, rows, files, autosave, sound, drummer). The document is the
one source of truth; every panel is refreshed from it when it changes."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QEvent, QSettings, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (QAbstractSpinBox, QApplication, QComboBox, QDockWidget, QFrame, QHBoxLayout, QLabel, QLineEdit,
                               QMainWindow, QPushButton, QScrollArea, QSplitter, QVBoxLayout, QWidget)

from engine.exports import EXPORTS
from engine.paths import settings_file

from .actions import build_actions, build_menus
from .autosave import Autosave
from .beatmap_controller import BeatMapController
from .beatmap_panel import BeatMapPanel
from .document import Document
from .drummer_panel import DrummerPanel
from .edits import EditsController
from .files import FilesController
from .generation import DrummerState, GenerationController
from .grid import GridWidget
from .help import show_about, show_quick_start
from .midi_out import MidiOutController
from .recording import RecordController
from .sync import ClockStatus
from .i18n import tr
from .pack_browser import PackBrowser
from .patterns_bar import PatternsBar
from .prompts import Prompts
from .rows import RowsController
from .settings import read_bytes
from .song_strip import SongStrip
from .sound import SoundController, SoundState
from .transport_bar import TransportBar
from .startup import after_first_paint, start_workers
from .widgets import fit_list, name_controls, wheel_sideways


class MainWindow(QMainWindow):
    drummerReady = Signal()
    generationDone = Signal()

    def __init__(self, *, settings: QSettings | None = None, start_sound: bool = True, start_drummer: bool = True,
                 model_dir: str | None = None, prompts: Prompts | None = None, check_recovery: bool = True):
        super().__init__()
        self.settings = settings or QSettings(settings_file(), QSettings.Format.IniFormat)
        self.prompts = prompts or Prompts(self)
        self.doc = Document()
        self.grid = GridWidget(self.doc)
        self.sound = SoundController(self.doc, self.settings, self)
        self.files = FilesController(self.doc, self.settings, self.prompts, self, self.sound, self)
        self.autosave = Autosave(self.doc, self.prompts, self)
        self.generation = GenerationController(self.doc, self)
        self.edits = EditsController(self.doc, self.grid, self.prompts, self)
        self.rows = RowsController(self.doc, self.prompts, self, self)
        self.midi_out = MidiOutController(self.sound, self.settings, self)
        self.recording = RecordController(self.doc, self.sound, self.settings, self)
        self.clock_status = ClockStatus(self.sound, self)
        self._build()
        self._wire()
        self._show_document()
        self._show_candidates()
        geo = read_bytes(self.settings, "geometry")
        if geo is None or not self.restoreGeometry(geo):
            self.fit_to_screen()
        split = read_bytes(self.settings, "splitter")
        if split is not None:
            self.splitter.restoreState(split)
        self.packs.setVisible(False)
        QApplication.instance().installEventFilter(self)
        self.scroll.viewport().installEventFilter(self)
        fits = []
        for box in self.findChildren(QComboBox):        # a pick in a list gives the keys back to the grid
            box.activated.connect(lambda _i: QTimer.singleShot(0, self._back_to_grid))
            fits.append(fit_list(box))
        from .automation import install
        self.automation = install(self)
        name_controls(self)                                   # every control says what it is to a screen reader
        self.grid.setFocus(Qt.FocusReason.OtherFocusReason)   # the keys draw from the start (they went to the
                                                             # tempo box: a keyboard user's Down set 99 BPM)
        if not start_sound:
            self.transport.set_play_enabled(False, tr("sound is off"))
        if not start_drummer:
            self._show_feel_state()
        after_first_paint(self.grid, lambda: [start_workers(self, start_sound, start_drummer, model_dir),
                                              *(fit() for fit in fits)])
        if check_recovery:
            QTimer.singleShot(0, self.autosave.offer_recovery)

    # ---- assembly --------------------------------------------------------------------------------
    def _build(self) -> None:
        self.transport = TransportBar(self)
        self.addToolBar(self.transport)
        self.addToolBarBreak()
        self.patterns = PatternsBar(self.files.write_drag_file, self)
        self.addToolBar(self.patterns)
        left_w = self._build_editor()
        self.packs = PackBrowser(self.prompts, self.settings)
        self.drummer_panel = DrummerPanel()
        self.drummer_scroll = drummer = QScrollArea()   # on a short screen the panel scrolls (no taller window)
        drummer.setWidget(self.drummer_panel)
        drummer.setWidgetResizable(True)
        drummer.setFrameShape(QFrame.Shape.NoFrame)
        drummer.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        drummer.setMinimumWidth(self.drummer_panel.minimumSizeHint().width())    # (its words never cut)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("panels")
        self.splitter.setChildrenCollapsible(False)
        for i, w in enumerate((left_w, self.packs, drummer)):
            self.splitter.addWidget(w)
            self.splitter.setStretchFactor(i, 1 if i == 0 else 0)
        self.splitter.setSizes([900, 0, 230])
        central = QWidget()
        lay = QVBoxLayout(central)
        lay.setContentsMargins(6, 6, 6, 6)
        lay.addWidget(self.splitter)
        self.setCentralWidget(central)
        self.beatmap_panel = BeatMapPanel()
        self.beatmap_dock = QDockWidget(tr("Beat map"), self)
        self.beatmap_dock.setObjectName("beatmap")
        self.beatmap_dock.setWidget(self.beatmap_panel)
        self.addDockWidget(Qt.DockWidgetArea.BottomDockWidgetArea, self.beatmap_dock)
        self.beatmap_dock.setVisible(False)
        self.beatmap = BeatMapController(self.doc, self.beatmap_panel, self.grid, self.sound, self.generation,
                                         self.packs, self.prompts, self)
        self._build_actions()
        self._build_status()

    def _build_editor(self) -> QWidget:
        """The song strip over the grid, and the row bar under it."""
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.grid)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QFrame.Shape.NoFrame)
        left_w = QWidget()
        left = QVBoxLayout(left_w)
        left.setContentsMargins(0, 0, 0, 0)
        self.song = SongStrip()
        left.addWidget(self.song)
        left.addWidget(self.scroll, 1)
        rowbar = QHBoxLayout()
        self.add_row_button = QPushButton(tr("+ Row"))
        self.add_row_button.setToolTip(tr("Add a row (open hat, toms, crash, ride, clap, rim, cowbell, ...)"))
        self.selection_label = QLabel("")
        rowbar.addWidget(self.add_row_button)
        rowbar.addWidget(self.selection_label, 1)
        left.addLayout(rowbar)
        left_w.setMinimumWidth(360)
        return left_w

    def _build_actions(self) -> None:
        self.actions = build_actions(self, self._action_handlers())
        self.actions["undo"] = self.doc.undo.createUndoAction(self, "&Undo")
        self.actions["undo"].setShortcut(QKeySequence(QKeySequence.StandardKey.Undo))
        self.actions["redo"] = self.doc.undo.createRedoAction(self, "&Redo")
        self.actions["redo"].setShortcut(QKeySequence(QKeySequence.StandardKey.Redo))
        self.files.recent_menu = build_menus(self.menuBar(), self.actions)
        self.files.fill_recent_menu()

    def _build_status(self) -> None:
        self.status = self.statusBar()
        self.details_button = QPushButton(tr("Details"))
        self.details_button.setFlat(True)
        self.details_button.setVisible(False)
        self.status.addPermanentWidget(self.details_button)
        self.output_label = QLabel("")   # the audio output and its latency (Transport > Audio output)
        self.status.addPermanentWidget(self.output_label)
        self._notice = ("", "")

    def _action_handlers(self) -> dict:
        f, e, d = self.files, self.edits, self.doc
        return {"new": f.new, "open": f.open_dialog, "save": f.save, "save_as": f.save_as,
                "import_midi": f.import_dialog, **{f"export_{k}": partial(f.export_dialog, k) for k in EXPORTS},
                "open_pack_folder": lambda: self.open_pack_dialog(True), "open_pack_zip": lambda: self.open_pack_dialog(False),
                "soundfont": self.soundfont_dialog, "audio_output": lambda: self.sound.output_dialog(self.prompts),
                "midi_output": lambda: self.midi_out.dialog(self.prompts), "quit": self.close, "copy_bars": e.copy_bars,
                "midi_input": lambda: self.recording.dialog(self.prompts), "record": self.recording.set_armed,
                **self.clock_status.handlers(),
                "paste_bars": e.paste_bars, "clear_bars": e.clear_bars, "duplicate_bars": e.duplicate_bars, "quantize": e.quantize,
                "shift_left": lambda: e.shift_bars(-1), "shift_right": lambda: e.shift_bars(1),
                "select_all": e.select_all, "packs_panel": self.show_packs, "beatmap_panel": self.show_beatmap,
                "interpolate": self.beatmap.interpolate_dialog,
                "zoom_in": lambda: self.zoom(1.25), "zoom_out": lambda: self.zoom(0.8), "zoom_fit": lambda: self.zoom(0),
                "play": lambda: self.transport.play_button.toggle(), "continue": lambda: self.run_drummer("continue"),
                "fill": lambda: self.run_drummer("fill"), "infill": lambda: self.run_drummer("infill"),
                "generate": lambda: self.run_drummer("generate"),
                "drumify_part": lambda: f.drumify_part_dialog(self.generation),
                "ghosts": self.generation.ghosts,
                "prev_variation": lambda: d.browse(-1),
                "next_variation": lambda: d.browse(1), "keep": d.keep_candidate, "escape": self.escape,
                **{key: (lambda on, box=box: box.setChecked(on)) for key, box in self.transport.toggles().items()},
                "quick_start": lambda: show_quick_start(self.prompts),
                "about": lambda: show_about(self.prompts, self.generation)}

    def _wire(self) -> None:
        doc, t, pb, e, dp = self.doc, self.transport, self.patterns, self.edits, self.drummer_panel
        doc.changed.connect(self._show_document)
        doc.candidatesChanged.connect(self._show_candidates)
        doc.pathChanged.connect(lambda: self.setWindowTitle(doc.title))
        doc.replaced.connect(lambda: self.scroll.horizontalScrollBar().setValue(0))   # bar 1 of what was opened
        t.playToggled.connect(self.sound.set_playing)
        t.tempoEdited.connect(lambda v: e.set_pattern_setting("tempo", v))
        t.swingEdited.connect(lambda v: e.set_pattern_setting("swing", v))
        t.humanizeEdited.connect(e.set_humanize)
        t.feelEdited.connect(lambda v: e.set_mixer(tr("Set feel"), feel=int(v)))
        t.feelStyleChosen.connect(lambda s: e.set_mixer(tr("Feel of a {style} drummer").format(style=s), feel_style=s))
        self.sound.feelChanged.connect(self._show_feel_state)
        self.sound.kitBalanced.connect(self._show_kit_curves)
        self.rows.drumifyRequested.connect(self.generation.drumify)
        t.kitChosen.connect(self._kit_chosen)
        t.masterEdited.connect(lambda v: e.set_mixer(tr("Set master volume"), master=v))
        t.metronomeToggled.connect(lambda on: e.set_mixer(tr("Metronome"), metronome=on))
        t.countInToggled.connect(lambda on: e.set_mixer(tr("Count-in"), count_in=on))
        t.loopSelectionToggled.connect(lambda _on: self._loop_range_changed())
        for signal, slot in ((self.song.addRequested, e.song_add), (self.song.repeatRequested, e.song_repeat),
                             (self.song.removeRequested, e.song_remove), (self.song.moveRequested, e.song_move),
                             (self.song.patternRequested, e.switch_pattern),
                             (pb.switchRequested, e.switch_pattern), (pb.copyRequested, e.add_pattern),
                             (pb.renameRequested, e.rename_pattern), (pb.deleteRequested, e.delete_pattern),
                             (pb.barsEdited, e.set_bars), (pb.gridChosen, e.set_grid), (pb.meterEdited, e.set_meter),
                             (e.refused, self._show_document), (dp.settingsEdited, e.set_generation),
                             (dp.runRequested, self.run_drummer), (dp.browseRequested, doc.browse),
                             (dp.keepRequested, doc.keep_candidate), (dp.discardRequested, doc.discard_candidates),
                             (self.sound.playheadMoved, self.grid.set_playhead), (self.midi_out.changed,
                             self._show_sound_state), (self.recording.armedChanged, self.actions["record"].setChecked),
                             (self.sound.playheadMoved, self._follow_playhead), (self.grid.headerClicked,
                             self.rows.header_clicked), (self.grid.volumeChanged, self.rows.volume_changed),
                             (self.grid.selectionChanged, self._selection_changed)):
            signal.connect(slot)
        self.generation.stateChanged.connect(self._show_drummer_state)
        self.generation.finished.connect(self.generationDone)
        self.sound.stateChanged.connect(self._show_sound_state)
        self.sound.playingChanged.connect(t.show_playing)
        self.grid.cursorMoved.connect(self._show_cursor)
        for key, box in self.transport.toggles().items():
            box.toggled.connect(self.actions[key].setChecked)
        self.scroll.horizontalScrollBar().valueChanged.connect(self.grid.set_scroll_x)
        self.grid.zoomRequested.connect(self.zoom)
        self.sound.songEntry.connect(self.song.show_playing)
        self.sound.followRequested.connect(self._follow_pattern)
        t.songModeToggled.connect(self.sound.set_song_mode)
        self.grid.barDropped.connect(self.beatmap.drop)
        self.beatmap.message.connect(lambda text, ms: self.status.showMessage(text, ms))
        self.beatmap_dock.visibilityChanged.connect(lambda on: self.actions["beatmap_panel"].setChecked(on))
        self.grid.loopDropped.connect(lambda i, row, bar, repeat: self.rows.drop_loop(self.packs.loops[i], row, bar,
                                                                                       repeat))
        self.add_row_button.clicked.connect(lambda _checked=False: self.rows.add_row_menu(self.add_row_button))
        self.packs.audition.connect(self._audition)
        self.details_button.clicked.connect(lambda _checked=False: self.prompts.details(*self._notice))
        self.files.notice.connect(self.notice)
        for source in (e, self.rows, self.files, self.autosave, self.sound, self.generation, self.midi_out,
                       self.recording, self.clock_status):
            source.message.connect(self.say)
        self.packs.status.connect(lambda m: self.say(m, 8000))

    # ---- the document shown --------------------------------------------------------------------------
    def _show_document(self) -> None:
        proj, p = self.doc.project, self.doc.pattern
        self.transport.show_project(proj, self.doc.shown, bool(self.doc.candidates))
        self.patterns.show_project(proj, self.doc.shown, bool(self.doc.candidates))
        self.song.show_project(proj)
        self.drummer_panel.show_settings(proj.generation)
        self.grid.show_mixer({r.note: proj.mixer.row(r.note) for r in p.rows}, proj.generation.locked_notes)
        self.grid.set_selection(self.grid.selection)   # (bars may be gone; the grid relayouts itself)
        for key, box in self.transport.toggles().items():
            self.actions[key].setChecked(box.isChecked())      # (the boxes were set without signals)
        self.setWindowTitle(self.doc.title)
        self.sound.push()

    def _show_candidates(self) -> None:
        n = len(self.doc.candidates)
        self.drummer_panel.show_candidates(self.doc.candidate_index, n)
        self.patterns.show_pattern(self.doc.shown, bool(n))
        self.transport.show_pattern(self.doc.shown, bool(n))
        if n:                       # Keep, Discard and the arrows in sight (the panel may be scrolled)
            self.drummer_scroll.ensureWidgetVisible(self.drummer_panel.nav_buttons["discard"])
            self.drummer_scroll.ensureWidgetVisible(self.drummer_panel.nav_buttons["prev"])
        if n and self.doc.candidate.step_range()[0] > 0:
            self._show_step(self.doc.candidate.step_range()[0])   # the continued bars in view (they were off-screen)
        if not n and self.generation.prompting_keep:
            self.status.clearMessage()
            self.generation.prompting_keep = False
        self.sound.push()
        self._show_drummer_state()

    def _show_drummer_state(self) -> None:
        g = self.generation
        self.drummer_panel.show_availability(g.ready, g.why_not, self.grid.selection is not None)
        if g.state is DrummerState.READY and not self.drummer_panel.status_label.text():
            self.drummer_panel.status_label.setText(g.model_summary())
            self.drummerReady.emit()
        elif g.state is DrummerState.FAILED:
            self.drummer_panel.status_label.setText(g.error)

    def _show_kit_curves(self, curves: dict) -> None:
        self.rows.kit_curves = dict(curves)
        self.grid.show_kit_curves(curves)

    def _show_feel_state(self) -> None:
        ok = self.sound.feel_model is not None
        for w in (self.transport.feel_box, self.transport.feel_style):
            w.setEnabled(ok)
        if not ok:
            self.transport.feel_box.setToolTip(tr("No feel model (resources/models/feel.tflite): "
                                                  "train one with `python main.py train-feel`"))

    def _show_sound_state(self) -> None:
        s = self.sound
        text, tip = s.output_badge()
        self.output_label.setText(" \u00b7 ".join(filter(None, (text, self.midi_out.badge()))))
        self.output_label.setToolTip(tip)
        if s.state in (SoundState.READY, SoundState.SILENT):
            self.transport.set_kits([k.name for k in s.player.rig.kits], s.player.rig.kit.name)
            self.transport.set_play_enabled(True)
        else:   # (pressing Play then says why there is no sound)
            self.transport.set_play_enabled(True, s.text)

    def _selection_changed(self) -> None:
        s = self.grid.selection
        self.selection_label.setText(tr("  Selected bars {first}-{last}").format(first=s[0] + 1, last=s[1] + 1) if s
                                     else tr("  Click a bar number to select it (shift+click extends)"))
        self._loop_range_changed()
        self._show_drummer_state()

    def say(self, text: str, ms: int = 0) -> None:
        """A status-bar message (0 ms: until the next one). 'Autosaved' never hides another message."""
        if text == tr("Autosaved") and self.status.currentMessage():
            return
        self.status.showMessage(text, ms)
        self.details_button.setVisible(False)

    def notice(self, text: str, title: str = "", details: str = "") -> None:
        """A message that stays until the next one; Details opens the full text without blocking the grid."""
        self.say(text)
        self._notice = (title, details)
        self.details_button.setVisible(bool(details))

    # ---- actions that involve several parts ------------------------------------------------------------
    def run_drummer(self, kind: str) -> None:
        self.generation.run(kind, self.grid.selection, self.drummer_panel.fill_every, self.song.entries.currentRow())

    def escape(self) -> None:
        """Esc: discard the drummer's variations; without any, clear the bar selection."""
        if self.doc.candidates:
            self.doc.discard_candidates()
        else:
            self.grid.set_selection(None)

    def _kit_chosen(self, name: str) -> None:
        self.edits.set_mixer(tr("Kit {kit}").format(kit=name), kit=name)
        self.sound.set_kit(name)

    def zoom(self, factor: float, x: int | None = None) -> None:
        """Zoom the grid by factor (0: the whole pattern in view), keeping the step at grid x (default: the
        middle of the view) where it is on screen."""
        g, bar = self.grid, self.scroll.horizontalScrollBar()
        if x is None:
            x = bar.value() + self.scroll.viewport().width() // 2
        step, on_screen = (x - g.header_w()) / g.cell_w(), x - bar.value()
        g.set_zoom(g.zoom * factor if factor else g.fit_zoom(), whole=not factor)
        # (the scroll area takes the grid's new width at its next layout pass; the position after that)
        QTimer.singleShot(0, lambda: bar.setValue(int(g.x_of(step) - on_screen)))

    def _follow_pattern(self, index: int) -> None:
        """Song mode: show the pattern playing, unless the pointer is on the grid (clicks land where aimed)."""
        if not self.grid.underMouse():
            self.doc.follow(index)

    def _show_cursor(self, step: int) -> None:
        """The keyboard cursor's step and row scrolled into view."""
        self._show_step(step, int(self.grid.cell_rect(self.grid.cursor.row, step).center().y()))

    def _show_step(self, step: int, y: int | None = None) -> None:
        x = int(self.grid.x_of(step) + self.grid.cell_w() / 2)
        ymargin = 24 if y is not None else 0
        y = self.scroll.verticalScrollBar().value() + ymargin if y is None else y
        self.scroll.ensureVisible(x, y, int(self.grid.header_w() + 24), ymargin)

    def _follow_playhead(self, step) -> None:
        """While playing, the view pages along with the playhead (a long pattern, zoomed in)."""
        if step is None:
            return
        bar, w = self.scroll.horizontalScrollBar(), self.scroll.viewport().width()
        x, left = self.grid.x_of(step), bar.value() + self.grid.header_w()
        if not left <= x < bar.value() + w - 16:
            bar.setValue(int(x - self.grid.header_w() - 8))

    def _loop_range_changed(self) -> None:
        self.sound.set_loop_range(self.grid.selected_steps() if self.transport.loop_selection else None)

    def _audition(self, loop) -> None:
        self.sound.audition(loop, self.packs.audition_tempo(loop, self.doc.pattern.tempo))
        text = (tr("Audition: {loop} ({role}, {meter}, {bars} bar; twice round)") if loop.bars == 1 else
                tr("Audition: {loop} ({role}, {meter}, {bars} bars; twice round)"))
        self.say(text.format(loop=loop.name, role=loop.role, meter=loop.pattern.meter, bars=loop.bars), 5000)

    def soundfont_dialog(self) -> None:
        self.sound.soundfont_dialog(self.prompts, self.files.error)

    def show_packs(self, on: bool = True) -> None:
        if on and not self.packs.isVisible():
            sizes = self.splitter.sizes()
            if sizes[1] < self.packs.minimumWidth():  # never shown yet: take its room from the grid, not all
                want = max(self.packs.minimumWidth(), min(360, sizes[0] // 3))
                sizes = [sizes[0] - want, want, sizes[2]]
            self.packs.setVisible(True)
            self.splitter.setSizes(sizes)
        elif not on:
            self.packs.setVisible(False)
        self.actions["packs_panel"].setChecked(on)

    def show_beatmap(self, on: bool = True) -> None:
        self.beatmap_dock.setVisible(on)
        if on:
            least = self.beatmap_panel.minimumSizeHint().height()     # (300 left a 600 px screen 91 px of grid)
            self.resizeDocks([self.beatmap_dock], [max(least, self.height() // 3)], Qt.Orientation.Vertical)
        self.actions["beatmap_panel"].setChecked(on)

    def open_pack_dialog(self, folder: bool = True) -> None:
        self.show_packs(True)
        self.packs.open_dialog(folder=folder)

    def fit_to_screen(self) -> None:
        """85% of the screen but at least 1280x760, and never more than the screen (1024x600 netbooks)."""
        screen = self.screen()
        avail = screen.availableGeometry() if screen is not None else None
        if avail is None or avail.width() < 100:
            self.resize(1280, 760)
            return
        w = min(avail.width(), max(1280, int(avail.width() * 0.85)))
        h = min(avail.height(), max(760, int(avail.height() * 0.85)))
        self.resize(w, h)
        self.move(avail.x() + (avail.width() - w) // 2, avail.y() + (avail.height() - h) // 2)

    def automation_controls(self) -> dict:
        """Named controls for an outside driver (ui/automation.py)."""
        t, pb, dp = self.transport, self.patterns, self.drummer_panel
        return {"play": t.play_button, "tempo": t.tempo_box, "swing": t.swing_box, "metronome": t.metronome_check,
                "continue": dp.run_buttons["continue"], "fill": dp.run_buttons["fill"],
                "generate": dp.run_buttons["generate"], "keep": dp.nav_buttons["keep"],
                "discard": dp.nav_buttons["discard"], "next": dp.nav_buttons["next"], "prev": dp.nav_buttons["prev"],
                "style": dp.style_box, "pattern_box": pb.pattern_box, "copy_pattern": pb.buttons["copy"],
                "rename_pattern": pb.buttons["rename"], "delete_pattern": pb.buttons["delete"], "bars": pb.bars_box,
                "beatmap_choice": self.beatmap_panel.choice, "beatmap_similar": self.beatmap_panel.similar_button}

    # ---- events ------------------------------------------------------------------------------------------
    def eventFilter(self, obj, e) -> bool:
        t = e.type()
        if t == QEvent.Type.Resize and obj is self.scroll.viewport():
            # the grid follows its viewport (window resize, panel shown or hidden, splitter moved)
            self.grid.set_viewport_size(obj.width(), obj.height())
        elif t == QEvent.Type.KeyPress and self._hover_key(obj, e):
            return True
        elif (t == QEvent.Type.Wheel and obj is self.grid and e.modifiers() & Qt.KeyboardModifier.ShiftModifier
              and not e.modifiers() & Qt.KeyboardModifier.ControlModifier):
            bar = self.scroll.horizontalScrollBar()    # Shift+wheel scrolls sideways (a long pattern)
            wheel_sideways(bar, e, bar.singleStep() * 6)
            return True
        elif (t == QEvent.Type.ShortcutOverride and e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
              and (isinstance(obj, (QAbstractSpinBox, QLineEdit)) or isinstance(obj, QComboBox) and obj.isEditable())):
            e.accept()   # Enter in a number or text field (a typed meter) commits it; it is not Keep variation
        elif (t == QEvent.Type.KeyPress and e.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
              and isinstance(obj, (QAbstractSpinBox, QLineEdit)) and obj.window() is self):
            QTimer.singleShot(0, self._back_to_grid)   # ... and then Space plays, Ctrl+Z undoes again
        return super().eventFilter(obj, e)

    def _back_to_grid(self) -> None:
        """After a value is committed in a toolbar field or picked in a list, the keys go to the grid again
        (Space plays, Ctrl+Z undoes; in the field they typed a space and undid its text)."""
        if QApplication.activeModalWidget() is None and QApplication.activePopupWidget() is None:
            self.grid.setFocus(Qt.FocusReason.OtherFocusReason)

    def _hover_key(self, obj, e) -> bool:
        """A/G/N/Delete, R and F go to the step under the pointer, whichever widget has the keyboard focus."""
        if e.modifiers() & ~Qt.KeyboardModifier.KeypadModifier or not self.grid.takes_key(e.key()):
            return False
        if not isinstance(obj, QWidget) or obj.window() is not self:
            return False
        if self.grid.hasFocus() and self.grid.cursor.active:
            return False              # the grid's keyboard cursor takes them
        if QApplication.activeModalWidget() or QApplication.activePopupWidget() or not self.grid.underMouse():
            return False
        return self.grid.hover_key(e.key())

    def closeEvent(self, e) -> None:
        if not self.files.maybe_save():
            e.ignore()
            return
        self.autosave.close()
        self.settings.setValue("geometry", self.saveGeometry())
        self.settings.setValue("splitter", self.splitter.saveState())
        self.sound.close()
        e.accept()
