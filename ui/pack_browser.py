"""The loop-pack browser beside the grid: open a folder or .zip, list its loops (role, meter, bars), audition
on click, drag a loop (or one part of it) onto the grid, and recombine parts into a new pack."""
from __future__ import annotations

import os

from PySide6.QtCore import QMimeData, Qt, Signal
from PySide6.QtGui import QDrag
from PySide6.QtWidgets import (QCheckBox, QDialog, QDialogButtonBox, QFormLayout, QGridLayout,
                               QHBoxLayout, QLabel, QMenu, QProgressBar, QPushButton, QSpinBox,
                               QTreeWidget, QTreeWidgetItem, QVBoxLayout, QWidget)

from engine.looppack import DEFAULT_MIX, ROLES, Loop, normalize_loop, read_pack_file, recombine, scan_pack
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
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        self.open_btn = QPushButton("Open pack...")
        self.open_btn.setToolTip("A folder of MIDI loops (searched recursively) or a .zip")
        self.open_btn.clicked.connect(lambda _checked=False: self.open_dialog())
        self.augment_btn = QPushButton("Augment...")
        self.augment_btn.setToolTip("Recombine parts of the pack's loops into new loops")
        self.augment_btn.clicked.connect(self.augment_dialog)
        self.augment_btn.setEnabled(False)
        row.addWidget(self.open_btn)
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

    def open_pack(self, path: str, on_done=None) -> None:
        self.progress.setVisible(True)
        self.progress.setValue(0)
        self.label.setText(f"Reading {os.path.basename(path)} ...")

        def done(res):
            self.progress.setVisible(False)
            self.set_loops(res.loops, os.path.basename(path.rstrip("/")))
            self.pack_path = path
            skipped = f"; {len(res.skipped)} unreadable" if res.skipped else ""
            self.label.setText(f"{self.pack_name}: {len(res.loops)} loops{skipped}")
            if res.skipped:
                self.label.setToolTip("\n".join(f"{n}: {why}" for n, why in res.skipped[:40]))
            if on_done:
                on_done(res)

        def failed(msg):
            self.progress.setVisible(False)
            self.label.setText(msg)
            self.status.emit(msg)

        run_async(scan_pack, path, on_done=done, on_error=failed,
                  on_progress=lambda f: self.progress.setValue(int(f * 100)))

    def set_loops(self, loops: list[Loop], name: str) -> None:
        self.loops, self.pack_name = list(loops), name
        self.tree.clear()
        for i, loop in enumerate(self.loops):
            it = QTreeWidgetItem([os.path.basename(loop.name), loop.role.replace("_", " "), loop.pattern.meter,
                                  str(loop.bars)])
            it.setData(0, Qt.ItemDataRole.UserRole, i)
            it.setToolTip(0, f"{loop.name}\nmeter from {loop.meter_source}")
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
                                  role=role or (loop.role if meter else None), meter=meter)

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
        AugmentDialog(self).exec()


class AugmentDialog(QDialog):
    def __init__(self, browser: PackBrowser):
        super().__init__(browser)
        self.browser = browser
        self.setWindowTitle("Augment pack")
        self.task = None
        form = QFormLayout(self)
        self.count = QSpinBox(minimum=1, maximum=5000, value=100)
        self.seed = QSpinBox(minimum=0, maximum=1_000_000, value=0)
        form.addRow("New loops", self.count)
        form.addRow("Seed", self.seed)
        grid = QGridLayout()
        self.roles = {}
        for i, role in enumerate(DEFAULT_MIX):
            cb = QCheckBox(role.replace("_", " "))
            cb.setChecked(True)
            self.roles[role] = cb
            grid.addWidget(cb, i // 3, i % 3)
        form.addRow("Roles to mix", grid)
        self.bar = QProgressBar()
        form.addRow(self.bar)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.cancel)
        form.addRow(self.buttons)
        self.result_text = QLabel("")
        form.addRow(self.result_text)

    def start(self) -> None:
        roles = tuple(r for r, cb in self.roles.items() if cb.isChecked())
        self.buttons.button(QDialogButtonBox.StandardButton.Ok).setEnabled(False)
        loops = self.browser.loops

        def done(res):
            new = [Loop(f"{self.browser.pack_name}+{i + 1:03d} ({r.meter})", "kit", r.pattern, "recombined",
                        f"augmented-{i}") for i, r in enumerate(res.loops)]
            self.browser.set_loops(new, f"{self.browser.pack_name} (augmented)")
            self.browser.label.setText(f"{len(new)} new loops; {res.duplicates} duplicates and "
                                       f"{sum(res.filtered.values())} weak loops dropped")
            self.accept()

        self.task = run_async(recombine, loops, self.count.value(), seed=self.seed.value(), roles=roles,
                              on_done=done, on_error=lambda m: self.result_text.setText(m),
                              on_progress=lambda f: self.bar.setValue(int(f * 100)))

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancelled = True
        self.reject()
