"""The loop-pack browser beside the grid: open folders or .zips (each a pack in the Pack list), list a pack's
loops (role, meter, bars), audition on click, drag a loop (or one part of it) onto the grid, check and edit
the note map its kit loops are read through, and recombine parts into a new pack written to a folder and
opened beside its source."""
from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QMenu, QProgressBar, QPushButton, QSpinBox,
                               QTableWidget, QTableWidgetItem, QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from engine.drumkit import GM_DRUM_NAMES
from engine.errors import GrooveLoomError
from engine.fileio import check_output
from engine.looppack import (DEFAULT_MIX, NOTE_MAPS, ROLES, Loop, NoteMap, load_note_map, normalize_loop,
                             read_pack_file, recombine, scan_pack, write_pack)
from engine.pattern import parse_meter

from .workers import run_async

MIME = "application/x-grooveloom-loop"


class LoopTree(QTreeWidget):
    def __init__(self, browser):
        super().__init__()
        self.browser = browser
        self.setHeaderLabels(["Loop", "Role", "Meter", "Bars"])
        self.setRootIsDecorated(False)
        self.setDragEnabled(True)
        self.setColumnWidth(0, 150)
        self.setColumnWidth(1, 70)
        self.setColumnWidth(2, 44)

    def startDrag(self, actions) -> None:
        item = self.currentItem()
        if item is None:
            return
        mime = QMimeData()
        mime.setData(MIME, str(item.data(0, Qt.ItemDataRole.UserRole)).encode())
        drag = QDrag(self)
        drag.setMimeData(mime)
        drag.exec(Qt.DropAction.CopyAction)


class PackBrowser(QWidget):
    audition = Signal(object)   # a Loop to play
    status = Signal(str)

    def __init__(self, prompts=None, parent=None):
        super().__init__(parent)
        from .prompts import Prompts
        self.prompts = prompts or Prompts(self)
        self.loops: list[Loop] = []
        self.pack_name = ""
        self.pack_path: str | None = None
        self.scan = None                 # the ScanResult of the pack shown (its learned map, skipped files)
        self.note_map = "learn"          # how the pack shown reads its kit loops: learn, a preset, or a dict
        self.opened: list[dict] = []     # every pack opened: name, path, loops, scan, note_map
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        self.pack_box = QComboBox()
        self.pack_box.setToolTip("The packs opened (and the ones Augment wrote); pick one to browse it")
        self.pack_box.activated.connect(self.show_pack)
        self.pack_box.setVisible(False)
        v.addWidget(self.pack_box)
        row = QHBoxLayout()
        self.open_btn = QPushButton("Open pack...")
        self.open_btn.setToolTip("A folder of MIDI loops (searched recursively) or a .zip")
        self.open_btn.clicked.connect(lambda _checked=False: self.open_dialog())
        self.augment_btn = QPushButton("Augment...")
        self.augment_btn.setToolTip("Recombine parts of the pack's loops into new loops")
        self.augment_btn.clicked.connect(self.augment_dialog)
        self.augment_btn.setEnabled(False)
        self.map_btn = QPushButton("Note map...")
        self.map_btn.setToolTip("How this pack's kit loops are read: the map learned from its part files, "
                                "a preset, or your own (edit, save and load as JSON)")
        self.map_btn.clicked.connect(lambda _checked=False: self.note_map_dialog())
        self.map_btn.setEnabled(False)
        row.addWidget(self.open_btn)
        row.addWidget(self.map_btn)
        row.addWidget(self.augment_btn)
        v.addLayout(row)
        self.label = QLabel("No pack open")
        self.label.setObjectName("hint")
        self.label.setWordWrap(True)
        v.addWidget(self.label)
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        v.addWidget(self.progress)
        self.tree = LoopTree(self)
        self.tree.itemClicked.connect(lambda it, _c: self.audition.emit(self.loop_of(it)))
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        v.addWidget(self.tree, 1)
        hint = QLabel("Click a loop to hear it; drag it onto the grid (onto a row: just that part).")
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        v.addWidget(hint)
        self.own_tempo = QCheckBox("Hear loops at their own tempo")
        self.own_tempo.setToolTip("On: a loop is heard at the tempo its file was made at (as its maker played "
                                  "it). Off: at the pattern's tempo. Dropped on the grid, it takes the pattern's.")
        self.own_tempo.setChecked(True)
        v.addWidget(self.own_tempo)

    def audition_tempo(self, loop: Loop, pattern_tempo: float) -> float:
        """The tempo a loop is heard at: its own (the file's) or the pattern's, as the toggle says."""
        return loop.pattern.tempo if self.own_tempo.isChecked() else pattern_tempo

    def loop_of(self, item) -> Loop:
        return self.loops[int(item.data(0, Qt.ItemDataRole.UserRole))]

    def open_dialog(self, folder: bool | None = None) -> None:
        """Open a pack: a folder, or a .zip. From the panel's button (folder None) a menu asks which."""
        if folder is None:
            m = QMenu(self)
            a_dir = m.addAction("Folder of MIDI loops...")
            m.addAction(".zip of MIDI loops...")
            chosen = m.exec(self.open_btn.mapToGlobal(self.open_btn.rect().bottomLeft()))
            if chosen is None:
                return
            folder = chosen is a_dir
        if folder:
            path = self.prompts.folder("Open loop pack folder")
        else:
            path = self.prompts.open_file("Open loop pack .zip", "", "Zip archives (*.zip);;All files (*)")
        if path:
            self.open_pack(path)

    def item_centers(self, n: int) -> list[dict]:
        """Screen centres of the first n visible loops (for an outside driver)."""
        out = []
        for i in range(min(n, self.tree.topLevelItemCount())):
            r = self.tree.visualItemRect(self.tree.topLevelItem(i))
            if r.isValid() and self.tree.viewport().rect().contains(r.center()):
                c = self.tree.viewport().mapToGlobal(r.center())
                out.append({"x": c.x(), "y": c.y()})
        return out

    def open_pack(self, path: str, on_done=None, note_map="learn") -> None:
        """Read a pack in a worker (kit loops through note_map: learn, a preset name or a dict) and show it;
        a pack opened again (or read with another map) replaces its entry in the Pack list."""
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.label.setText(f"Reading {os.path.basename(path.rstrip('/'))} ...")

        def done(res):
            self.progress.setVisible(False)
            entry = dict(name=os.path.basename(path.rstrip("/")), path=path, loops=res.loops, scan=res,
                         note_map=note_map)
            known = [k for k, e in enumerate(self.opened) if e["path"] == path]
            if known:
                self.opened[known[0]] = entry
            else:
                self.opened.append(entry)
                self.pack_box.addItem(entry["name"])
            self.pack_box.setVisible(len(self.opened) > 1)
            self.show_pack(self.opened.index(entry))
            if on_done:
                on_done(res)

        def failed(msg):
            self.progress.setVisible(False)
            self.label.setText(str(msg))
            self.status.emit(str(msg))

        run_async(scan_pack, path, note_map=None if note_map == "learn" else note_map, on_done=done, on_error=failed,
                  on_progress=lambda f: self.progress.setValue(int(f * 100)))

    def show_pack(self, index: int) -> None:
        """Browse pack `index` of the Pack list."""
        e = self.opened[index]
        self.pack_box.setCurrentIndex(index)
        self.set_loops(e["loops"], e["name"])
        self.pack_path, self.scan, self.note_map = e["path"], e["scan"], e["note_map"]
        res = e["scan"]
        skipped = f"; {len(res.skipped)} skipped" if res.skipped else ""
        learned = f"; its note map learned from {len(res.learned.notes)} notes" if res.learned else ""
        self.label.setText(f"{self.pack_name}: {len(res.loops)} loops{skipped}{learned}")
        self.label.setToolTip("\n".join(f"{n}: {why}" for n, why in res.skipped[:40]))
        self.map_btn.setEnabled(True)

    def set_loops(self, loops: list[Loop], name: str) -> None:
        self.loops, self.pack_name = list(loops), name
        self.tree.clear()
        for i, loop in enumerate(self.loops):
            it = QTreeWidgetItem([os.path.basename(loop.name), loop.role.replace("_", " "), loop.pattern.meter,
                                  str(loop.bars)])
            it.setData(0, Qt.ItemDataRole.UserRole, i)
            it.setToolTip(0, "\n".join([loop.name, f"meter from {loop.meter_source}"]
                                        + [r.line() for r in loop.reading]))
            self.tree.addTopLevelItem(it)
        self.augment_btn.setEnabled(bool(self.loops))

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None or self.pack_path is None:
            return
        index = int(item.data(0, Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        roles = menu.addMenu("Role")
        for role in ROLES:
            a = roles.addAction(role.replace("_", " "))
            a.setData(role)
        meter = menu.addAction("Meter...")
        chosen = menu.exec(self.tree.viewport().mapToGlobal(pos))
        if chosen is None:
            return
        if chosen == meter:
            text = self.prompts.text("Meter", "Time signature (n/d):", self.loops[index].pattern.meter)
            if text is not None:
                try:
                    meter = parse_meter(text)
                except ValueError as exc:
                    self.status.emit(str(exc))
                    return
                self.override(index, meter=meter)
        else:
            self.override(index, role=chosen.data())

    def override(self, index: int, role: str | None = None, meter: tuple[int, int] | None = None, on_done=None):
        """Read one loop again with the user's role or meter (in a worker)."""
        loop = self.loops[index]

        def work():
            return normalize_loop(loop.name, read_pack_file(self.pack_path, loop.name),
                                  role=role or (loop.role if meter else None), meter=meter,
                                  reading=self.scan.reading if self.scan else None)

        def done(new):
            new.source = loop.source
            self.loops[index] = new
            it = self.tree.topLevelItem(index)
            it.setText(1, new.role.replace("_", " "))
            it.setText(2, new.pattern.meter)
            it.setText(3, str(new.bars))
            if on_done:
                on_done(new)

        run_async(work, on_done=done, on_error=self.status.emit)

    def augment_dialog(self) -> None:
        self._modal(AugmentDialog(self))

    def note_map_dialog(self) -> None:
        self._modal(NoteMapDialog(self))

    @staticmethod
    def _modal(dlg) -> None:
        """Run a dialog and delete it at once (a dialog left to the parent until shutdown once took the
        process down with it: "shared QObject was deleted directly")."""
        try:
            dlg.exec()
        finally:
            dlg.deleteLater()

    def default_output(self) -> str:
        """Where Augment writes by default: a folder beside the pack, named after it."""
        base = self.pack_path.rstrip("/")
        stem = os.path.splitext(base)[0] if base.lower().endswith(".zip") else base
        out, k = f"{stem} augmented", 2
        while os.path.exists(out) and os.listdir(out):
            out, k = f"{stem} augmented {k}", k + 1
        return out


class NoteMapDialog(QDialog):
    """The note map every file of the pack is read through: learned from its role-named files (each pack
    note, the GM note it was read as, whether it is a ghost pad, and the files that taught it), a preset,
    or the user's edits; saved and loaded as JSON (what `augment --map` reads). Below, for any file of the
    pack, which of its notes became which GM note and why. OK reads the pack again."""

    CHOICES = ("learn", "gm", "pads", "mpc", "ableton")

    def __init__(self, browser: PackBrowser):
        super().__init__(browser)
        self.browser = browser
        self.setWindowTitle(f"Note map of {browser.pack_name}")
        self.resize(680, 600)
        v = QVBoxLayout(self)
        self.choice = QComboBox()
        self.choice.addItems(["learned from the pack's part files", "General MIDI", "pad controller (pads)",
                              "MPC program (mpc)", "Ableton Drum Rack (ableton)"])
        v.addWidget(QLabel("Read the pack's files with:"))
        v.addWidget(self.choice)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels(["Pack note", "GM note", "Ghost", "Taught by"])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip("Ghost: the pad's hits are ghost notes (played loud, they are heard at the "
                              "velocities of real drummers' ghost notes)")
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.load_btn, self.save_btn = QPushButton("Load JSON..."), QPushButton("Save JSON...")
        self.load_btn.clicked.connect(lambda _c=False: self.load_json())
        self.save_btn.clicked.connect(lambda _c=False: self.save_json())
        row.addWidget(self.load_btn)
        row.addWidget(self.save_btn)
        v.addLayout(row)
        v.addWidget(QLabel("How one file was read:"))
        self.file_box = QComboBox()
        self.file_box.addItems([loop.name for loop in browser.loops])
        self.file_reading = QLabel()
        self.file_reading.setWordWrap(True)
        self.file_reading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.file_box.currentIndexChanged.connect(self._show_file)
        v.addWidget(self.file_box)
        v.addWidget(self.file_reading)
        self._show_file(0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.apply)
        buttons.rejected.connect(self.reject)
        v.addWidget(buttons)
        self.edited = False
        nm = browser.note_map
        if isinstance(nm, NoteMap):
            self.show_map(nm, {})
            self.edited = True
        else:
            self.choice.setCurrentIndex(self.CHOICES.index(nm) if nm in self.CHOICES else 0)
            self._preset(self.choice.currentIndex())
        self.choice.currentIndexChanged.connect(self._preset)
        self.table.itemChanged.connect(lambda _item: setattr(self, "edited", True))

    def _show_file(self, index: int) -> None:
        loops = self.browser.loops
        if 0 <= index < len(loops):
            self.file_reading.setText("\n".join(r.line() for r in loops[index].reading))

    def show_map(self, nmap: NoteMap, taught: dict) -> None:
        self.table.blockSignals(True)
        self.table.setRowCount(0)
        for n in sorted(nmap.notes):
            r = self.table.rowCount()
            self.table.insertRow(r)
            pack = QTableWidgetItem(str(n))
            pack.setFlags(pack.flags() & ~Qt.ItemFlag.ItemIsEditable)
            gm = QTableWidgetItem(f"{nmap.notes[n]} {GM_DRUM_NAMES.get(nmap.notes[n], '')}")
            ghost = QTableWidgetItem()
            ghost.setFlags((ghost.flags() | Qt.ItemFlag.ItemIsUserCheckable) & ~Qt.ItemFlag.ItemIsEditable)
            ghost.setCheckState(Qt.CheckState.Checked if n in nmap.ghosts else Qt.CheckState.Unchecked)
            files = QTableWidgetItem(", ".join(os.path.basename(f) for f in taught.get(n, [])[:3]))
            files.setFlags(files.flags() & ~Qt.ItemFlag.ItemIsEditable)
            for c, item in enumerate((pack, gm, ghost, files)):
                self.table.setItem(r, c, item)
        self.table.blockSignals(False)
        self.table.resizeColumnsToContents()

    def _preset(self, index: int) -> None:
        key = self.CHOICES[index]
        learned = self.browser.scan.learned if self.browser.scan else None
        if key == "learn":
            self.show_map(learned or NoteMap({}), learned.taught_by if learned else {})
        else:
            self.show_map(NoteMap(NOTE_MAPS[key]), {})
        self.edited = False

    def table_map(self) -> NoteMap:
        """The table as a map; a GM cell must start with a note number (0-127)."""
        notes, ghosts = {}, set()
        for r in range(self.table.rowCount()):
            text = self.table.item(r, 1).text().split()
            try:
                gm = int(text[0])
            except (ValueError, IndexError):
                raise ValueError(f"row {r + 1}: the GM note must be a number, got '{' '.join(text)}'") from None
            if not 0 <= gm <= 127:
                raise ValueError(f"row {r + 1}: GM note {gm} is outside 0-127")
            src = int(self.table.item(r, 0).text())
            notes[src] = gm
            if self.table.item(r, 2).checkState() == Qt.CheckState.Checked:
                ghosts.add(src)
        return NoteMap(notes, frozenset(ghosts))

    def save_json(self) -> None:
        from engine.fileio import atomic_write_bytes
        path = self.browser.prompts.save_file("Save note map", self._folder(), "Note map (*.json)")
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            atomic_write_bytes(path, self.table_map().to_json().encode())
        except (ValueError, OSError, GrooveLoomError) as exc:
            self.browser.prompts.error("Cannot save the note map", str(exc))

    def load_json(self) -> None:
        path = self.browser.prompts.open_file("Load note map", self._folder(), "Note map (*.json);;All files (*)")
        if not path:
            return
        try:
            self.show_map(load_note_map(path), {})
        except GrooveLoomError as exc:   # names the file and the problem
            self.browser.prompts.error("Cannot load the note map", str(exc))
            return
        self.edited = True

    def _folder(self) -> str:
        """Where map files are looked for: beside the pack."""
        return os.path.dirname(self.browser.pack_path.rstrip("/")) if self.browser.pack_path else ""

    def apply(self) -> None:
        key = self.CHOICES[self.choice.currentIndex()]
        try:
            chosen = self.table_map() if self.edited else key
        except ValueError as exc:
            self.browser.prompts.error("Note map", str(exc))
            return
        self.accept()
        self.browser.open_pack(self.browser.pack_path, note_map=chosen)


class AugmentDialog(QDialog):
    runs = 0
    def __init__(self, browser: PackBrowser):
        super().__init__(browser)
        self.browser = browser
        self.setWindowTitle("Augment pack")
        self.task = None
        form = QFormLayout(self)
        self.count = QSpinBox(minimum=1, maximum=5000, value=100)
        AugmentDialog.runs += 1        # another seed each time (shown: the same seed gives the same loops)
        self.seed = QSpinBox(minimum=0, maximum=1_000_000, value=AugmentDialog.runs - 1)
        form.addRow("New loops", self.count)
        form.addRow("Seed", self.seed)
        grid = QGridLayout()
        self.roles = {}
        for i, role in enumerate(DEFAULT_MIX):
            cb = QCheckBox(role.replace("_", " "))
            cb.setChecked(True)
            self.roles[role] = cb
            grid.addWidget(cb, i // 3, i % 3)
        form.addRow("Parts to mix", grid)
        out_row = QHBoxLayout()
        self.folder = QLineEdit(browser.default_output() if browser.pack_path else "")
        self.folder.setToolTip("The new loops and index.csv are written here, then opened as a pack")
        choose = QPushButton("Choose...")
        choose.clicked.connect(lambda _c=False: self._choose_folder())
        out_row.addWidget(self.folder, 1)
        out_row.addWidget(choose)
        form.addRow("Write to", out_row)
        self.bar = QProgressBar()
        form.addRow(self.bar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.cancel)
        form.addRow(self.buttons)
        self.result_text = QLabel("")
        self.result_text.setWordWrap(True)
        self.result_text.setMaximumWidth(520)
        form.addRow(self.result_text)
        self.folder.setMinimumWidth(320)

    def _choose_folder(self) -> None:
        path = self.browser.prompts.folder("Write the new loops to", os.path.dirname(self.folder.text()))
        if path:
            self.folder.setText(path)

    def start(self) -> None:
        roles = tuple(r for r, cb in self.roles.items() if cb.isChecked())
        out = self.folder.text().strip()
        if not out:
            self.result_text.setText("Choose a folder to write the new loops to")
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        loops, source, pack = self.browser.loops, self.browser.pack_name, self.browser.pack_path
        count, seed = self.count.value(), self.seed.value()

        def work(progress=None, cancel=None):
            check_output(os.path.join(out, "index.csv"), inputs=[pack])   # never into the pack it reads
            res = recombine(loops, count, seed=seed, roles=roles, progress=progress, cancel=cancel)
            if res.why:
                raise GrooveLoomError(res.why)
            try:
                write_pack(res, out, prefix=source.replace(" ", "_")[:40] or "groove")
            except OSError as exc:
                raise GrooveLoomError(f"cannot write the new loops: {exc.strerror or exc}", out) from None
            return res

        def done(res):
            self.accept()
            self.browser.open_pack(out)
            self.browser.status.emit(f"Augment: {len(res.loops)} new loops written to {out} (opened beside "
                                     f"{source}); {res.duplicates} duplicates and {sum(res.filtered.values())} "
                                     f"weak or unplayable loops dropped" + (f"; {res.stopped}" if res.stopped else ""))

        def failed(exc):
            self.result_text.setText(str(exc))
            self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(True)

        self.task = run_async(work, on_done=done, on_error=failed, on_progress=self._progress)

    def _progress(self, f: float) -> None:   # (a method: Qt drops the connection when the dialog goes)
        self.bar.setValue(int(f * 100))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancelled = True
        self.reject()
