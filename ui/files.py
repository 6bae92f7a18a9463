"""Files in the window: new, open, save, save as, recent files, MIDI import (as a new pattern of the open
project), MIDI and WAV export, the Drag MIDI file. Questions go through Prompts; messages come out as
signals for the status bar."""
from __future__ import annotations

import io
import os
import tempfile

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QProgressDialog

from engine.errors import Cancelled, GrooveLoomError, NoDrumNotesError
from engine.fileio import atomic_write_bytes
from engine.midi import read_song, write_midi
from engine.pattern import EDIT_MAX_BARS, GRIDS
from engine.performance import midi_timing
from engine.project import EXTENSION, Project

from .document import remove_autosave
from .settings import read_paths, read_str, write_paths
from .workers import run_async

MAX_RECENT = 8
PROJECT_FILTER = f"GrooveLoom project (*{EXTENSION})"


class FilesController(QObject):
    message = Signal(str, int)           # status-bar text, milliseconds
    notice = Signal(str, str, str)       # one line, title of the details, the details
    opened = Signal(str)                 # a file was opened or saved (path)

    def __init__(self, doc, settings, prompts, window, parent=None):
        super().__init__(parent)
        self.doc, self.settings, self.prompts, self.window = doc, settings, prompts, window
        self.recent_menu: QMenu | None = None
        self.last_import_report = ""
        # how patterns are played (the drummer's feel or humanize): the window hands in SoundController's
        # played_in_worker (a function for an export's worker that returns it) and feel_ready
        self.played_in_worker = lambda patterns: (lambda h=self.doc.project.mixer.humanize: h)
        self.feel_ready = lambda patterns: True

    # ---- unsaved work -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Before losing unsaved changes: save, discard or cancel. True when it is fine to go on."""
        if not self.doc.dirty:
            return True
        answer = self.prompts.unsaved(os.path.basename(self.doc.path) if self.doc.path else "this project")
        if answer == "save":
            return self.save()
        return answer == "discard"

    def new(self) -> None:
        if self.maybe_save():
            from .document import demo_project
            remove_autosave(self.doc.autosave_id)
            self.doc.replace(demo_project(), None)

    # ---- open and save ----------------------------------------------------------------------------------
    def directory(self) -> str:
        d = read_str(self.settings, "last_dir")
        return d if d and os.path.isdir(d) else os.path.expanduser("~")

    def suggested(self, ext: str, suffix: str = "") -> str:
        """A save dialog's starting path: the last folder and the project's name (or the pattern's) + ext."""
        p = self.doc.project
        name = os.path.splitext(os.path.basename(self.doc.path))[0] if self.doc.path else p.names[p.current]
        name = "".join("_" if c in '/\\:*?"<>|' else c for c in name + suffix).strip() or "GrooveLoom"
        return os.path.join(self.directory(), name + ext)

    def open_dialog(self) -> None:
        path = self.prompts.open_file("Open", self.directory(),
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
            self.error("Cannot open", str(exc))
            return False
        self.remember(path)
        return True

    def save(self) -> bool:
        return self.save_as(self.doc.path)   # no path yet: asks for one

    def save_as(self, path: str | None = None) -> bool:
        if not isinstance(path, str) or not path:
            path = self.prompts.save_file("Save as", self.suggested(".groove"), PROJECT_FILTER)
            if not path:
                return False
        if not path.lower().endswith(EXTENSION):
            path += EXTENSION
        try:
            self.doc.save(path)
        except GrooveLoomError as exc:
            self.error("Cannot save", str(exc))
            return False
        self.remember(path)
        self.message.emit(f"Saved {path}", 4000)
        return True

    def error(self, title: str, text: str) -> None:
        self.message.emit(text, 10000)
        self.prompts.error(title, text)

    # ---- recent files ----------------------------------------------------------------------------------
    def remember(self, path: str) -> None:
        path = os.path.abspath(path)
        self.settings.setValue("last_dir", os.path.dirname(path))
        recent = [p for p in self.recent_files() if p != path]
        write_paths(self.settings, "recent", [path] + recent[:MAX_RECENT - 1])
        self.fill_recent_menu()
        self.opened.emit(path)

    def recent_files(self) -> list[str]:
        return read_paths(self.settings, "recent", MAX_RECENT)

    def fill_recent_menu(self) -> None:
        if self.recent_menu is None:
            return
        self.recent_menu.clear()
        recent = self.recent_files()
        write_paths(self.settings, "recent", recent)  # what was unreadable or is gone is dropped for good
        for p in recent:
            a = self.recent_menu.addAction(p)
            a.triggered.connect(lambda _checked=False, p=p: self.open_path(p))
        self.recent_menu.setEnabled(bool(recent))

    # ---- MIDI import --------------------------------------------------------------------------------------
    # the Import dialog's file types choose the grid: found by itself first, then each grid (--grid)
    IMPORT_GRIDS = (None,) + tuple(GRIDS)
    IMPORT_FILTERS = ["MIDI, grid found by itself (*.mid *.midi)"] + [
        f"MIDI on {name} steps ({g} per bar of 4/4) (*.mid *.midi)" for g, name in GRIDS.items()]

    def import_dialog(self) -> None:
        got = self.prompts.open_file_as("Import MIDI", self.directory(), self.IMPORT_FILTERS)
        if got:
            self.import_midi(got[0], grid=self.IMPORT_GRIDS[got[1]])

    def import_midi(self, path: str, as_new: bool = False, channel: int | None = None, grid: int | None = None) -> bool:
        """Import in a worker. Into the open project the file becomes new patterns after the current one
        (one undo step): one per section of a song (where its tempo or meter changes; long sections in parts
        of at most EDIT_MAX_BARS bars); as_new (Open, or a file on the command line) makes it a project of
        its own, asking about unsaved work first. The quantization report is a notice with Details. grid: the
        step grid to quantize to (None: the coarsest grid the notes lie on, 16ths for a played performance)."""
        def done(sections):
            base = os.path.basename(path)
            named = [(s.name, s.result.pattern) for s in sections]
            if as_new:
                if not self.maybe_save():
                    return
                self.doc.replace(Project(tuple(p for _, p in named), tuple(n for n, _ in named)), None)
            else:
                self.doc.add_patterns(named, f"Import {base}")
            self.remember(path)
            bars = sum(p.bars for _, p in named)
            if len(sections) == 1:
                r = sections[0].result.report
                self.last_import_report = f"Imported {base}:\n" + "\n".join(r.lines())
                brief = r.brief()
            else:
                self.last_import_report = f"Imported {base}: {bars} bars in {len(sections)} patterns\n" + "\n".join(
                    f"\n{s.name}: bars {s.first_bar}-{s.first_bar + s.result.pattern.bars - 1}, "
                    f"{s.result.pattern.meter}, {s.result.pattern.tempo:g} BPM\n  " + "\n  ".join(s.result.report.lines())
                    for s in sections)
                brief = (f"{bars} bars in {len(sections)} patterns (a pattern where the tempo or meter changes, "
                         f"at most {EDIT_MAX_BARS} bars each)")
            self.notice.emit(f"Imported {base}: {brief}", "Quantization report", self.last_import_report)

        def failed(exc):
            if isinstance(exc, NoDrumNotesError) and exc.channels and channel is None:
                chans = ", ".join(str(c) for c in exc.channels)
                ch = self.prompts.integer("No drum channel", f"{os.path.basename(path)} has no notes on the drum "
                                          f"channel (10); it has notes on channel {chans}.\n\n"
                                          f"Read which channel as drums?", exc.channels[0], 1, 16)
                if ch is not None:
                    self.import_midi(path, as_new, ch, grid)
                    return
            self.error("Cannot import", str(exc))

        run_async(read_song, path, channel=channel, grid=grid, max_section_bars=EDIT_MAX_BARS, on_done=done,
                  on_error=failed)
        return True

    # ---- export ----------------------------------------------------------------------------------------------
    def export_midi_dialog(self) -> None:
        path = self.prompts.save_file("Export MIDI", self.suggested(".mid"), "MIDI (*.mid)")
        if path:
            self.export_midi(path if path.lower().endswith((".mid", ".midi")) else path + ".mid")

    def _export_midi(self, path: str, write, patterns, on_done=None, what: str = "") -> bool:
        """Write a MIDI file played as it sounds (`write(humanize)`): here when nothing is left to work out,
        else in a worker (the drummer's feel comes from a model). False when it failed here."""
        played = self.played_in_worker(patterns)

        def done(_=None):
            self.message.emit(f"Exported {what}{path}", 4000)
            if on_done:
                on_done(path)

        if not self.feel_ready(patterns):
            run_async(lambda: write(played()), on_done=done, on_error=lambda exc: self.error("Cannot export", str(exc)))
            return True
        try:
            write(played())
        except GrooveLoomError as exc:
            self.error("Cannot export", str(exc))
            return False
        done()
        return True

    def export_midi(self, path: str, on_done=None) -> bool:
        pattern, title = self.doc.pattern, os.path.splitext(os.path.basename(path))[0]
        return self._export_midi(path, lambda h: write_midi(pattern, path, title=title, timing=midi_timing(h)),
                                 [pattern], on_done)

    def write_drag_file(self) -> str | None:
        """The pattern as a MIDI file to drag into a DAW (None, with a message, when it cannot be yet)."""
        if not self.feel_ready([self.doc.pattern]):
            self.message.emit("The drummer's feel is still being worked out: drag again in a moment", 4000)
            return None
        name = os.path.splitext(os.path.basename(self.doc.path or "GrooveLoom pattern"))[0]
        path = os.path.join(tempfile.mkdtemp(prefix="grooveloom-"), f"{name}.mid")
        return path if self.export_midi(path) else None

    def export_song_midi_dialog(self) -> None:
        if self._song_empty():
            return
        path = self.prompts.save_file("Export song MIDI", self.suggested(".mid", " song"), "MIDI (*.mid)")
        if path:
            self.export_song_midi(path if path.lower().endswith((".mid", ".midi")) else path + ".mid")

    def export_song_midi(self, path: str, on_done=None) -> bool:
        from engine.song import arranged, song_to_midi
        project, title = self.doc.project, os.path.splitext(os.path.basename(path))[0]

        def write(humanize):
            buf = io.BytesIO()
            song_to_midi(project, title, humanize).save(file=buf)
            atomic_write_bytes(path, buf.getvalue())
        return self._export_midi(path, write, [p for _, p, _ in arranged(project)], on_done, "the song to ")

    def export_song_wav_dialog(self) -> None:
        if self._song_empty():
            return
        path = self.prompts.save_file("Export song WAV", self.suggested(".wav", " song"), "WAV audio (*.wav)")
        if path:
            self.export_wav(path if path.lower().endswith(".wav") else path + ".wav", song=True)

    def _song_empty(self) -> bool:
        if not self.doc.project.arrangement:
            self.message.emit("The song is empty: add patterns to it with + Add in the song strip", 6000)
            return True
        return False

    def export_wav_dialog(self) -> None:
        path = self.prompts.save_file("Export WAV", self.suggested(".wav"), "WAV audio (*.wav)")
        if path:
            self.export_wav(path if path.lower().endswith(".wav") else path + ".wav")

    def export_wav(self, path: str, loops: int = 2, on_done=None, song: bool = False):
        """The current pattern (`loops` times), or with song the song strip's arrangement, in a worker."""
        from engine.render import render_wav
        project = self.doc.project
        m, pattern = project.mixer, self.doc.pattern
        soundfont = read_str(self.settings, "soundfont")
        from engine.song import arranged, render_song_wav
        played = self.played_in_worker([p for _, p, _ in arranged(project)] if song else [pattern])

        def work(progress=None, cancel=None):
            humanize = played()
            if song:
                render_song_wav(path, project, soundfont=soundfont, progress=progress, cancel=cancel,
                                humanize=humanize)
            else:
                render_wav(path, pattern, loops=loops, soundfont=soundfont, kit=m.kit, mixer=m, humanize=humanize,
                           progress=progress, cancel=cancel)
            return path

        dlg = QProgressDialog("Rendering WAV ...", "Cancel", 0, 100, self.window)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def done(p):
            dlg.close()
            self.message.emit(f"Exported the song to {p}" if song else f"Exported {p}", 5000)
            if on_done:
                on_done(p)

        def failed(exc):
            dlg.close()
            if not isinstance(exc, Cancelled):
                self.error("Cannot export WAV", str(exc))

        task = run_async(work, on_done=done, on_error=failed, on_progress=lambda f: dlg.setValue(int(f * 100)))
        dlg.canceled.connect(lambda: setattr(task, "cancelled", True))
        return task
