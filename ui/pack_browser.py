"""The loop-pack browser beside the grid: open folders or .zips (each a pack in the Pack list), list a pack's
loops (role, meter, bars), audition on click, drag a loop (or one part of it) onto the grid, check and edit
the note map its kit loops are read through, and recombine parts into a new pack written to a folder and
opened beside its source."""
from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (QCheckBox, QComboBox, QHBoxLayout, QLabel, QMenu, QProgressBar, QPushButton,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from typing import TYPE_CHECKING

from engine.looppack import ROLES          # (the rest of engine.looppack loads when a pack is first read)
from engine.pattern import parse_meter

from .i18n import tr
from .settings import read_str
from .workers import run_async

if TYPE_CHECKING:
    from engine.looppack import Loop

MIME = "application/x-grooveloom-loop"


def _pack_summary(pack: str, loops: int, skipped: int, notes: int | None) -> str:
    """The panel's line on the pack shown: its loops, the files skipped, the notes its map was learned from."""
    if skipped and notes is not None:
        text = tr("{pack}: {loops} loops; {skipped} skipped; its note map learned from {notes} notes")
    elif skipped:
        text = tr("{pack}: {loops} loops; {skipped} skipped")
    elif notes is not None:
        text = tr("{pack}: {loops} loops; its note map learned from {notes} notes")
    else:
        text = tr("{pack}: {loops} loops")
    return text.format(pack=pack, loops=loops, skipped=skipped, notes=notes)


class LoopTree(QTreeWidget):
    def __init__(self, browser):
        super().__init__()
        self.browser = browser
        self.setHeaderLabels([tr("Loop"), tr("Role"), tr("Meter"), tr("Bars")])
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

    def __init__(self, prompts=None, settings=None, parent=None):
        super().__init__(parent)
        self.settings = settings      # where the last pack was opened from (the next dialog starts there)
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
        self.pack_box.setToolTip(tr("The packs opened (and the ones Augment wrote); pick one to browse it"))
        self.pack_box.activated.connect(self.show_pack)
        self.pack_box.setVisible(False)
        v.addWidget(self.pack_box)
        row = QHBoxLayout()
        self.open_btn = QPushButton(tr("Open pack..."))
        self.open_btn.setToolTip(tr("A folder of MIDI loops (searched recursively) or a .zip"))
        self.open_btn.clicked.connect(lambda _checked=False: self.open_dialog())
        self.augment_btn = QPushButton(tr("Augment..."))
        self.augment_btn.setToolTip(tr("Recombine parts of the pack's loops into new loops"))
        self.augment_btn.clicked.connect(self.augment_dialog)
        self.augment_btn.setEnabled(False)
        self.map_btn = QPushButton(tr("Note map..."))
        self.map_btn.setToolTip(tr("How this pack's kit loops are read: the map learned from its part files, "
                                "a preset, or your own (edit, save and load as JSON)"))
        self.map_btn.clicked.connect(lambda _checked=False: self.note_map_dialog())
        self.map_btn.setEnabled(False)
        v.addWidget(self.open_btn)       # on a row of its own: the three did not fit a narrow panel in a
        row.addWidget(self.map_btn)      # longer language
        row.addWidget(self.augment_btn)
        v.addLayout(row)
        self.label = QLabel(tr("No pack open"))
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
        hint = QLabel(tr("Click a loop to hear it; drag it onto the grid (onto a row: just that part)."))
        hint.setWordWrap(True)
        hint.setObjectName("hint")
        v.addWidget(hint)
        self.own_tempo = QCheckBox(tr("Hear loops at their own tempo"))
        self.own_tempo.setToolTip(tr("On: a loop is heard at the tempo its file was made at (as its maker played "
                                  "it). Off: at the pattern's tempo. Dropped on the grid, it takes the pattern's."))
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
            a_dir = m.addAction(tr("Folder of MIDI loops..."))
            m.addAction(tr(".zip of MIDI loops..."))
            chosen = m.exec(self.open_btn.mapToGlobal(self.open_btn.rect().bottomLeft()))
            if chosen is None:
                return
            folder = chosen is a_dir
        start = self._start_dir()
        if folder:
            path = self.prompts.folder(tr("Open loop pack folder"), start)
        else:
            path = self.prompts.open_file(tr("Open loop pack .zip"), start, tr("Zip archives (*.zip);;All files (*)"))
        if path:
            if self.settings is not None:
                self.settings.setValue("last_pack_dir", os.path.dirname(os.path.abspath(path.rstrip(os.sep))))
            self.open_pack(path)

    def _start_dir(self) -> str:
        """The folder the last pack was opened from, else the home folder (not the current directory)."""
        d = read_str(self.settings, "last_pack_dir") if self.settings is not None else ""
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def item_centers(self, n: int) -> list[dict]:
        """Screen centres of the first n visible loops (for an outside driver)."""
        out = []
        for i in range(min(n, self.tree.topLevelItemCount())):
            r = self.tree.visualItemRect(self.tree.topLevelItem(i))
            view = self.tree.viewport().rect()
            r = r.intersected(view)                  # the part of the row in view (its columns may scroll)
            if r.isValid() and view.contains(r.center()):
                c = self.tree.viewport().mapToGlobal(r.center())
                out.append({"x": c.x(), "y": c.y()})
        return out

    def open_pack(self, path: str, on_done=None, note_map="learn") -> None:
        """Read a pack in a worker (kit loops through note_map: learn, a preset name or a dict) and show it;
        a pack opened again (or read with another map) replaces its entry in the Pack list."""
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.label.setText(tr("Reading {pack} ...").format(pack=os.path.basename(path.rstrip("/"))))

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

        def scan(*args, **kw):
            from engine.looppack import scan_pack
            return scan_pack(*args, **kw)

        run_async(scan, path, note_map=None if note_map == "learn" else note_map, on_done=done, on_error=failed,
                  on_progress=lambda f: self.progress.setValue(int(f * 100)))

    def show_pack(self, index: int) -> None:
        """Browse pack `index` of the Pack list."""
        e = self.opened[index]
        self.pack_box.setCurrentIndex(index)
        self.set_loops(e["loops"], e["name"])
        self.pack_path, self.scan, self.note_map = e["path"], e["scan"], e["note_map"]
        res = e["scan"]
        self.label.setText(_pack_summary(self.pack_name, len(res.loops), len(res.skipped),
                                         len(res.learned.notes) if res.learned else None))
        self.label.setToolTip("\n".join(f"{n}: {why}" for n, why in res.skipped[:40]))
        self.map_btn.setEnabled(True)

    def set_loops(self, loops: list[Loop], name: str) -> None:
        self.loops, self.pack_name = list(loops), name
        self.tree.clear()
        for i, loop in enumerate(self.loops):
            it = QTreeWidgetItem([os.path.basename(loop.name), loop.role.replace("_", " "), loop.pattern.meter,
                                  str(loop.bars)])
            it.setData(0, Qt.ItemDataRole.UserRole, i)
            it.setToolTip(0, "\n".join([loop.name, tr("meter from {source}").format(source=loop.meter_source)]
                                        + [r.line() for r in loop.reading]))
            self.tree.addTopLevelItem(it)
        self.augment_btn.setEnabled(bool(self.loops))

    def _context_menu(self, pos) -> None:
        item = self.tree.itemAt(pos)
        if item is None or self.pack_path is None:
            return
        index = int(item.data(0, Qt.ItemDataRole.UserRole))
        menu = QMenu(self)
        roles = menu.addMenu(tr("Role"))
        for role in ROLES:
            a = roles.addAction(role.replace("_", " "))
            a.setData(role)
        meter = menu.addAction(tr("Meter..."))
        chosen = menu.exec(self.tree.viewport().mapToGlobal(pos))
        if chosen is None:
            return
        if chosen == meter:
            text = self.prompts.text(tr("Meter"), tr("Time signature (n/d):"), self.loops[index].pattern.meter)
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
            from engine.looppack import normalize_loop, read_pack_file
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
        from .pack_dialogs import AugmentDialog
        self._modal(AugmentDialog(self))

    def note_map_dialog(self) -> None:
        from .pack_dialogs import NoteMapDialog
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
