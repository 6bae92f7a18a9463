"""The open document: the immutable Project, its undo stack, its file, and the drummer's candidates.

Every edit replaces the Project with a new one through a QUndoCommand (Hydrogen's rule: every edit is an
undo step). A paint stroke is one step: the grid shows a live pattern while dragging and commits it on
release. Generated bars are candidates until kept; keeping one is one undo step.
"""
from __future__ import annotations

import os
import uuid
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QUndoCommand, QUndoStack

from engine.drumkit import DEFAULT_ROWS
from engine.paths import user_dir
from engine.pattern import Pattern
from engine.project import Project, load_project, project_from_pattern, save_project

from .i18n import tr


def demo_project() -> Project:
    """Two bars of a straight rock beat, so a new window is never a blank grid."""
    p = Pattern.empty(DEFAULT_ROWS, bars=2, tempo=100)
    for bar in range(2):
        o = bar * 16
        for s in (0, 10):
            p = p.with_velocity(0, o + s, 112)
        for s in (4, 12):
            p = p.with_velocity(1, o + s, 108)
        for s in range(0, 16, 2):
            p = p.with_velocity(2, o + s, 96 if s % 4 == 0 else 64)
    p = p.with_velocity(0, 16 + 7, 80).with_velocity(1, 16 + 15, 40)
    return project_from_pattern(p, "Groove 1")


class ProjectCommand(QUndoCommand):
    def __init__(self, doc: "Document", old: Project, new: Project, text: str):
        super().__init__(text)
        self.doc, self.old, self.new = doc, old, new

    def redo(self) -> None:
        self.doc._set(self._settled(self.new))

    def undo(self) -> None:
        self.doc._set(self._settled(self.old))

    def _settled(self, project: Project) -> Project:
        """An edit of the pattern or mixer leaves the drummer's settings as they are now (they are not undo
        steps); an edit that is about them (a row locked) undoes them too."""
        return project if self.old.generation != self.new.generation else self.doc.keeping_settings(project)


class Document(QObject):
    changed = Signal()             # the project (pattern, mixer, settings) changed
    candidatesChanged = Signal()
    pathChanged = Signal()
    replaced = Signal()            # another project was opened (new, open, recovery): views start at its beginning

    def __init__(self, project: Project | None = None):
        super().__init__()
        self.project = project or demo_project()
        self.undo = QUndoStack(self)
        self.path: str | None = None
        self.live: Pattern | None = None   # the pattern while a stroke is being painted
        self._stroke_base: Project | None = None
        self.candidates: list = []
        self.candidate_index = 0
        self.autosave_id = uuid.uuid4().hex[:12]
        self.edits = 0          # edits made in this session (undo steps pushed), across files
        self.settings_changed = False   # the drummer's settings changed since the last save (not undo steps)
        # a method of this QObject, not a lambda: Qt drops the connection when the document goes, so the
        # undo stack's last cleanChanged (emitted while it is destroyed) reaches nothing
        self.undo.cleanChanged.connect(self._clean_changed)

    def _clean_changed(self, _clean: bool) -> None:
        self.pathChanged.emit()

    # ---- state -------------------------------------------------------------------------------
    @property
    def pattern(self) -> Pattern:
        return self.live if self.live is not None else self.project.pattern

    @property
    def shown(self) -> Pattern:
        """What the grid and the player show: the current candidate while browsing, else the pattern."""
        c = self.candidate
        return c.pattern if c is not None else self.pattern

    @property
    def candidate(self):
        return self.candidates[self.candidate_index] if self.candidates else None

    @property
    def dirty(self) -> bool:
        return not self.undo.isClean() or self.settings_changed

    @property
    def title(self) -> str:
        name = os.path.basename(self.path) if self.path else tr("Untitled")
        return f"{name}{' *' if self.dirty else ''} - GrooveLoom"

    def _set(self, project: Project) -> None:
        self.project = project
        self.live = None
        self.changed.emit()

    # ---- edits ---------------------------------------------------------------------------------
    def set_settings(self, generation) -> None:
        """The drummer's settings (style, bars, temperature, ...): saved with the project but not an undo
        step (Ctrl+Z after Generate undid the style picked for it, not the beat)."""
        if generation == self.project.generation:
            return
        self._set(replace(self.project, generation=generation))
        self.settings_changed = True
        self.pathChanged.emit()

    def mark_clean(self) -> None:
        """Nothing left to save (a screenshot run, a test closing its window)."""
        self.settings_changed = False
        self.undo.setClean()

    def keeping_settings(self, project: Project) -> Project:
        """project (a step of the undo history) with the drummer's settings as they are now."""
        return replace(project, generation=self.project.generation)

    def apply_project(self, project: Project, text: str) -> None:
        if project == self.project:
            return
        self._push(ProjectCommand(self, self.project, project, text))

    def _push(self, cmd: ProjectCommand) -> None:
        self.edits += 1
        self.undo.push(cmd)

    def follow(self, index: int) -> None:
        """Show pattern `index` without an undo step (song playback following the pattern playing); not while
        a stroke is painted or variations are browsed."""
        if index != self.project.current and self.live is None and not self.candidates:
            self._set(self.project.with_current(index))

    def apply(self, pattern: Pattern, text: str) -> None:
        self.apply_project(self.project.with_pattern(pattern), text)

    def add_pattern(self, pattern: Pattern, name: str | None = None, text: str | None = None) -> None:
        """A new pattern after the current one (one undo step), named `name` or the next free name."""
        self.discard_candidates()
        self.apply_project(self.project.with_added(pattern, self.free_name(name) if name else None),
                           text or tr("New pattern"))

    def add_patterns(self, named: list, text: str) -> None:
        """Several new patterns (name, pattern) after the current one, in order (one undo step)."""
        self.discard_candidates()
        proj, names = self.project, set(self.project.names)
        for name, pattern in named:
            cand, n = name, 2
            while cand in names:
                cand, n = f"{name} {n}", n + 1
            names.add(cand)
            proj = proj.with_added(pattern, cand)
        self.apply_project(proj, text)

    def free_name(self, name: str) -> str:
        """`name`, or `name 2`, `name 3` ... if the project has it already."""
        names, n, cand = set(self.project.names), 2, name
        while cand in names:
            cand, n = f"{name} {n}", n + 1
        return cand

    def begin_stroke(self) -> None:
        self._stroke_base = self.project

    def stroke(self, pattern: Pattern) -> None:
        self.live = pattern
        self.changed.emit()

    def end_stroke(self, text: str) -> None:
        base, live = self._stroke_base, self.live
        self._stroke_base, self.live = None, None
        if base is not None and live is not None and live != base.pattern:
            self._push(ProjectCommand(self, base, base.with_pattern(live), text))
        else:
            self.changed.emit()

    # ---- candidates from the drummer -----------------------------------------------------------
    def set_candidates(self, cands: list) -> None:
        self.candidates, self.candidate_index = list(cands), 0
        self.candidatesChanged.emit()

    def browse(self, delta: int) -> None:
        if self.candidates:
            self.candidate_index = (self.candidate_index + delta) % len(self.candidates)
            self.candidatesChanged.emit()

    def keep_candidate(self) -> None:
        c = self.candidate
        if c is None:
            return
        self.candidates = []
        if c.as_pattern:
            self.add_patterns([(c.as_pattern, c.pattern)], tr("Keep {pattern}").format(pattern=c.as_pattern))
        else:
            self.apply(c.pattern, tr("Keep generated bars"))
        self.candidatesChanged.emit()

    def discard_candidates(self) -> None:
        if self.candidates:
            self.candidates = []
            self.candidatesChanged.emit()

    # ---- files -----------------------------------------------------------------------------------
    def load(self, path: str) -> None:
        project = load_project(path)  # raises ProjectFileError; the current document stays as it was
        self.replace(project, path)

    def replace(self, project: Project, path: str | None) -> None:
        self.discard_candidates()
        self.project, self.path, self.live = project, path, None
        self.settings_changed = False
        self.undo.clear()
        self.changed.emit()
        self.pathChanged.emit()
        self.replaced.emit()

    def save(self, path: str | None = None) -> None:
        path = path or self.path
        save_project(self.project, path)
        self.path = path
        self.settings_changed = False
        self.undo.setClean()
        self.pathChanged.emit()
        remove_autosave(self.autosave_id)

    # ---- autosave ---------------------------------------------------------------------------------
    def autosave(self) -> str | None:
        """Write the project to the autosave folder if it has unsaved changes; returns the file."""
        if not self.dirty:
            return None
        path = autosave_path(self.autosave_id)
        save_project(self.project, path)
        return path


def autosave_dir() -> str:
    """$XDG_DATA_HOME/grooveloom/autosave (engine.paths: one layout for every file GrooveLoom keeps)."""
    return user_dir("data", "autosave", create=True)


def autosave_path(doc_id: str) -> str:
    return os.path.join(autosave_dir(), f"autosave-{doc_id}.groove")


def autosave_origin(path: str) -> str:
    """Beside an autosave: the project file it is unsaved work on ('' for an untitled project)."""
    return os.path.splitext(path)[0] + ".origin"


def remove_autosave(doc_id: str) -> None:
    for f in (autosave_path(doc_id), autosave_origin(autosave_path(doc_id))):
        try:
            os.remove(f)
        except OSError:
            pass


def pending_autosaves() -> list[str]:
    """Autosave files left by a session that did not end cleanly (newest first)."""
    d = autosave_dir()
    files = [os.path.join(d, f) for f in os.listdir(d) if f.startswith("autosave-") and f.endswith(".groove")]
    return sorted(files, key=os.path.getmtime, reverse=True)
