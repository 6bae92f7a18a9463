"""The loop-pack browser's dialogs: the note map every file of a pack is read through (with each file's
reading), and Augment (recombine the pack's parts into a new pack written to a folder)."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QLineEdit, QProgressBar, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem, QVBoxLayout)

from engine.drumkit import GM_DRUM_NAMES
from engine.errors import GrooveLoomError
from engine.fileio import check_output
from engine.looppack import DEFAULT_MIX, NOTE_MAPS, NoteMap, load_note_map, recombine, write_pack

from .i18n import tr
from .workers import run_async

if TYPE_CHECKING:
    from .pack_browser import PackBrowser


class NoteMapDialog(QDialog):
    """The note map every file of the pack is read through: learned from its role-named files (each pack
    note, the GM note it was read as, whether it is a ghost pad, and the files that taught it), a preset,
    or the user's edits; saved and loaded as JSON (what `augment --map` reads). Below, for any file of the
    pack, which of its notes became which GM note and why. OK reads the pack again."""

    CHOICES = ("learn", "gm", "pads", "mpc", "ableton")

    def __init__(self, browser: PackBrowser):
        super().__init__(browser)
        self.browser = browser
        self.setWindowTitle(tr("Note map of {pack}").format(pack=browser.pack_name))
        self.resize(680, 600)
        v = QVBoxLayout(self)
        self.choice = QComboBox()
        self.choice.addItems([tr("learned from the pack's part files"), tr("General MIDI"), tr("pad controller (pads)"),
                              tr("MPC program (mpc)"), tr("Ableton Drum Rack (ableton)")])
        v.addWidget(QLabel(tr("Read the pack's files with:")))
        v.addWidget(self.choice)
        self.table = QTableWidget(0, 4)
        self.table.setHorizontalHeaderLabels([tr("Pack note"), tr("GM note"), tr("Ghost"), tr("Taught by")])
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setToolTip(tr("Ghost: the pad's hits are ghost notes (played loud, they are heard at the "
                                 "velocities of real drummers' ghost notes)"))
        v.addWidget(self.table, 1)
        row = QHBoxLayout()
        self.load_btn, self.save_btn = QPushButton(tr("Load JSON...")), QPushButton(tr("Save JSON..."))
        self.load_btn.clicked.connect(lambda _c=False: self.load_json())
        self.save_btn.clicked.connect(lambda _c=False: self.save_json())
        row.addWidget(self.load_btn)
        row.addWidget(self.save_btn)
        v.addLayout(row)
        v.addWidget(QLabel(tr("How one file was read:")))
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
                raise ValueError(tr("row {row}: the GM note must be a number, got '{text}'").format(
                    row=r + 1, text=" ".join(text))) from None
            if not 0 <= gm <= 127:
                raise ValueError(tr("row {row}: GM note {note} is outside 0-127").format(row=r + 1, note=gm))
            src = int(self.table.item(r, 0).text())
            notes[src] = gm
            if self.table.item(r, 2).checkState() == Qt.CheckState.Checked:
                ghosts.add(src)
        return NoteMap(notes, frozenset(ghosts))

    def save_json(self) -> None:
        from engine.fileio import atomic_write_bytes
        path = self.browser.prompts.save_file(tr("Save note map"), self._folder(), tr("Note map (*.json)"))
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            atomic_write_bytes(path, self.table_map().to_json().encode())
        except (ValueError, OSError, GrooveLoomError) as exc:
            self.browser.prompts.error(tr("Cannot save the note map"), str(exc))

    def load_json(self) -> None:
        path = self.browser.prompts.open_file(tr("Load note map"), self._folder(),
                                              tr("Note map (*.json);;All files (*)"))
        if not path:
            return
        try:
            self.show_map(load_note_map(path), {})
        except GrooveLoomError as exc:   # names the file and the problem
            self.browser.prompts.error(tr("Cannot load the note map"), str(exc))
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
            self.browser.prompts.error(tr("Note map"), str(exc))
            return
        self.accept()
        self.browser.open_pack(self.browser.pack_path, note_map=chosen)


class AugmentDialog(QDialog):
    runs = 0
    def __init__(self, browser: PackBrowser):
        super().__init__(browser)
        self.browser = browser
        self.setWindowTitle(tr("Augment pack"))
        self.task = None
        form = QFormLayout(self)
        self.count = QSpinBox(minimum=1, maximum=5000, value=100)
        AugmentDialog.runs += 1        # another seed each time (shown: the same seed gives the same loops)
        self.seed = QSpinBox(minimum=0, maximum=1_000_000, value=AugmentDialog.runs - 1)
        form.addRow(tr("New loops"), self.count)
        form.addRow(tr("Seed"), self.seed)
        grid = QGridLayout()
        self.roles = {}
        for i, role in enumerate(DEFAULT_MIX):
            cb = QCheckBox(role.replace("_", " "))
            cb.setChecked(True)
            self.roles[role] = cb
            grid.addWidget(cb, i // 3, i % 3)
        form.addRow(tr("Parts to mix"), grid)
        out_row = QHBoxLayout()
        self.folder = QLineEdit(browser.default_output() if browser.pack_path else "")
        self.folder.setToolTip(tr("The new loops and index.csv are written here, then opened as a pack"))
        choose = QPushButton(tr("Choose..."))
        choose.clicked.connect(lambda _c=False: self._choose_folder())
        out_row.addWidget(self.folder, 1)
        out_row.addWidget(choose)
        form.addRow(tr("Write to"), out_row)
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
        path = self.browser.prompts.folder(tr("Write the new loops to"), os.path.dirname(self.folder.text()))
        if path:
            self.folder.setText(path)

    def start(self) -> None:
        roles = tuple(r for r, cb in self.roles.items() if cb.isChecked())
        out = self.folder.text().strip()
        if not out:
            self.result_text.setText(tr("Choose a folder to write the new loops to"))
            return
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        loops, source, pack = self.browser.loops, self.browser.pack_name, self.browser.pack_path
        count, seed = self.count.value(), self.seed.value()
        unwritable = tr("cannot write the new loops: {error}")     # (translated here: work runs in a worker)

        def work(progress=None, cancel=None):
            check_output(os.path.join(out, "index.csv"), inputs=[pack])   # never into the pack it reads
            res = recombine(loops, count, seed=seed, roles=roles, progress=progress, cancel=cancel)
            if res.why:
                raise GrooveLoomError(res.why)
            try:
                write_pack(res, out, prefix=source.replace(" ", "_")[:40] or "groove")
            except OSError as exc:
                raise GrooveLoomError(unwritable.format(error=exc.strerror or exc), out) from None
            return res

        def done(res):
            self.accept()
            self.browser.open_pack(out)
            text = (tr("Augment: {loops} new loops written to {folder} (opened beside {pack}); {duplicates} "
                       "duplicates and {dropped} weak or unplayable loops dropped; {stopped}") if res.stopped else
                    tr("Augment: {loops} new loops written to {folder} (opened beside {pack}); {duplicates} "
                       "duplicates and {dropped} weak or unplayable loops dropped"))
            self.browser.status.emit(text.format(loops=len(res.loops), folder=out, pack=source,
                                                 duplicates=res.duplicates, dropped=sum(res.filtered.values()),
                                                 stopped=res.stopped))

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
