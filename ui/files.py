"""Files in the window: new, open, save, save as, recent files, MIDI import (as a new pattern of the open
project), MIDI and WAV export, the Drag MIDI file. Questions go through Prompts; messages come out as
signals for the status bar."""
from __future__ import annotations

import os

from PySide6.QtCore import QObject, Qt, Signal
from PySide6.QtWidgets import QMenu, QProgressDialog

from engine.errors import Cancelled, GrooveLoomError, NoDrumNotesError
from engine.exports import EXPORTS, WAV_PASSES, WAV_TAIL_S, export
from engine.paths import drag_dir
from engine.pattern import EDIT_MAX_BARS, GRIDS
from engine.project import EXTENSION, Project, arranged, load_project

from .document import remove_autosave
from .i18n import QT_TR_NOOP, tr
from .settings import read_paths, read_str, write_paths
from .workers import run_async

MAX_RECENT = 8
PROJECT_FILTER = QT_TR_NOOP("GrooveLoom project (*{ext})")      # shown as tr(PROJECT_FILTER).format(ext=EXTENSION)


def _read_song(*args, **kw):
    """engine.midi.read_song, imported in the worker that runs it: mido and the MIDI import are not loaded
    before the window is first painted (67 ms of start-up)."""
    from engine.midi import read_song
    return read_song(*args, **kw)


def _part_channels(path: str):
    from engine.midi import part_channels
    return part_channels(path)


def _import_report(base: str, sections) -> tuple[str, str]:
    """A MIDI import's quantization report (the notice's details) and its one-line brief."""
    if len(sections) == 1:
        r = sections[0].result.report
        return tr("Imported {file}:").format(file=base) + "\n" + "\n".join(r.lines()), r.brief()
    bars = sum(s.result.pattern.bars for s in sections)
    parts = [tr("Imported {file}: {bars} bars in {patterns} patterns").format(file=base, bars=bars,
                                                                              patterns=len(sections))]
    for s in sections:
        p = s.result.pattern
        head = tr("{name}: bars {first}-{last}, {meter}, {tempo} BPM").format(
            name=s.name, first=s.first_bar, last=s.first_bar + p.bars - 1, meter=p.meter, tempo=f"{p.tempo:g}")
        parts.append("\n" + head + "\n  " + "\n  ".join(s.result.report.lines()))
    brief = tr("{bars} bars in {patterns} patterns (a pattern where the tempo or meter changes, at most {most} bars "
               "each)").format(bars=bars, patterns=len(sections), most=EDIT_MAX_BARS)
    return "\n".join(parts), brief


def _part_item(channel: int, notes: int, name: str) -> str:
    """A MIDI file's part in the Drumify chooser: its channel, (drums) on channel 10, its track name, its notes."""
    if channel == 10:
        text = tr("channel {channel} (drums) {name}: {notes} notes") if name else \
            tr("channel {channel} (drums): {notes} notes")
    else:
        text = tr("channel {channel} {name}: {notes} notes") if name else tr("channel {channel}: {notes} notes")
    return text.format(channel=channel, name=name, notes=notes)


class FilesController(QObject):
    message = Signal(str, int)           # status-bar text, milliseconds
    notice = Signal(str, str, str)       # one line, title of the details, the details
    opened = Signal(str)                 # a file was opened or saved (path)

    def __init__(self, doc, settings, prompts, window, played, parent=None):
        super().__init__(parent)
        self.doc, self.settings, self.prompts, self.window = doc, settings, prompts, window
        self.recent_menu: QMenu | None = None
        self.last_import_report = ""
        self.played = played      # how patterns are played: played_in_worker(patterns) and feel_ready(patterns)

    # ---- unsaved work -------------------------------------------------------------------------------
    def maybe_save(self) -> bool:
        """Before losing unsaved changes: save, discard or cancel. True when it is fine to go on."""
        if not self.doc.dirty:
            return True
        answer = self.prompts.unsaved(os.path.basename(self.doc.path) if self.doc.path else tr("this project"))
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
        path = self.prompts.open_file(tr("Open"), self.directory(),
                                      tr("GrooveLoom projects and MIDI (*.groove *.mid *.midi);;All files (*)"))
        if path:
            self.open_path(path)

    def open_path(self, path: str) -> bool:
        if path.lower().endswith((".mid", ".midi")):
            return self.import_midi(path, as_new=True)
        try:
            project = load_project(path)      # read first: a damaged file says so before "Save changes?"
        except GrooveLoomError as exc:
            self.error(tr("Cannot open"), str(exc))
            return False
        if not self.maybe_save():
            return False
        self.doc.replace(project, path)
        self.remember(path)
        return True

    def save(self) -> bool:
        return self.save_as(self.doc.path)   # no path yet: asks for one

    def save_as(self, path: str | None = None) -> bool:
        if not isinstance(path, str) or not path:
            path = self.prompts.save_file(tr("Save as"), self.suggested(".groove"),
                                          tr(PROJECT_FILTER).format(ext=EXTENSION))
            if not path:
                return False
        if not path.lower().endswith(EXTENSION):
            path += EXTENSION
        try:
            self.doc.save(path)
        except GrooveLoomError as exc:
            self.error(tr("Cannot save"), str(exc))
            return False
        self.remember(path)
        self.message.emit(tr("Saved {path}").format(path=path), 4000)
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

    @staticmethod
    def import_filters() -> list[str]:
        """The Import dialog's file types, one for IMPORT_GRIDS each."""
        return [tr("MIDI, grid found by itself (*.mid *.midi)")] + [
            tr("MIDI on {grid} steps ({steps} per bar of 4/4) (*.mid *.midi)").format(grid=name, steps=g)
            for g, name in GRIDS.items()]

    def import_dialog(self) -> None:
        got = self.prompts.open_file_as(tr("Import MIDI"), self.directory(), self.import_filters())
        if got:
            self.settings.setValue("last_dir", os.path.dirname(os.path.abspath(got[0])))
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
                self.doc.add_patterns(named, tr("Import {file}").format(file=base))
            self.remember(path)
            self.last_import_report, brief = _import_report(base, sections)
            self.notice.emit(tr("Imported {file}: {brief}").format(file=base, brief=brief), tr("Quantization report"),
                             self.last_import_report)

        def failed(exc):
            if isinstance(exc, NoDrumNotesError) and exc.channels and channel is None:
                chans = ", ".join(str(c) for c in exc.channels)
                ask = tr("{file} has no notes on the drum channel (10); it has notes on channel {channels}.\n\n"
                         "Read which channel as drums?").format(file=os.path.basename(path), channels=chans)
                ch = self.prompts.integer(tr("No drum channel"), ask, exc.channels[0], 1, 16)
                if ch is not None:
                    self.import_midi(path, as_new, ch, grid)
                    return
            self.error(tr("Cannot import"), str(exc))

        run_async(_read_song, path, channel=channel, grid=grid, max_section_bars=EDIT_MAX_BARS, on_done=done,
                  on_error=failed)
        return True

    def drumify_part_dialog(self, generation) -> None:
        """Drummer > Drumify a MIDI part: a MIDI file, which of its parts (asked when it has several), then a
        new pattern with the drummer's beats on that part's rhythm. The file is read in a worker."""
        if not generation.ready:
            self.message.emit(tr("Drummer: {reason}").format(reason=generation.why_not), 4000)
            return
        path = self.prompts.open_file(tr("Drumify a MIDI part"), self.directory(), tr("MIDI (*.mid *.midi)"))
        if not path:
            return
        base = os.path.basename(path)

        def chosen(channels: dict) -> None:
            ch = next(iter(channels))
            if len(channels) > 1:
                items = [_part_item(c, n, name) for c, (n, name) in channels.items()]
                i = self.prompts.choose(tr("Drumify a MIDI part"),
                                        tr("Which part of {file} should the beat follow?").format(file=base), items)
                if i is None:
                    return
                ch = list(channels)[i]
            self.settings.setValue("last_dir", os.path.dirname(os.path.abspath(path)))
            generation.drumify_part(path, ch, tr("{file} ch {channel} drumified").format(
                file=os.path.splitext(base)[0], channel=ch))

        run_async(_part_channels, path, on_done=chosen,
                  on_error=lambda exc: self.error(tr("Cannot drumify"), str(exc)))

    # ---- export ----------------------------------------------------------------------------------------------
    def export_dialog(self, key: str) -> None:
        """File > Export ...: the format's save dialog, then the export."""
        fmt = EXPORTS[key]
        if fmt.song and self._song_empty():
            return
        path = self.prompts.save_file(tr(fmt.title), self.suggested(fmt.ext, fmt.suffix), tr(fmt.filter))
        if not path:
            return
        self.settings.setValue("last_dir", os.path.dirname(os.path.abspath(path)))   # the next dialog starts here
        loops, tail = 2, WAV_TAIL_S
        if fmt.audio and not fmt.song:
            last = read_str(self.settings, "wav_passes", WAV_PASSES[2][0])
            labels = [label for label, _, _ in WAV_PASSES]
            i = self.prompts.choose(tr(fmt.title), tr("How much of {name}?").format(
                name=self.doc.project.names[self.doc.project.current]), [tr(x) for x in labels],
                labels.index(last) if last in labels else 2)
            if i is None:
                return
            self.settings.setValue("wav_passes", labels[i])
            _, loops, tail = WAV_PASSES[i]
        self.export(key, fmt.named(path), loops=loops, tail=tail)

    def export(self, key: str, path: str, on_done=None, loops: int = 2, tail: float = WAV_TAIL_S):
        """Export as EXPORTS[key] says, played as it sounds (the drummer's feel or humanize). A WAV renders in
        a worker with a progress dialog (returns the task); MIDI is written here when nothing is left to work
        out, else in a worker (the feel comes from a model): True, or False when it failed here."""
        fmt, project, pattern = EXPORTS[key], self.doc.project, self.doc.pattern
        patterns = [p for _, p, _ in arranged(project)] if fmt.song else [pattern]
        played = self.played.played_in_worker(patterns)
        soundfont = read_str(self.settings, "soundfont") if fmt.audio else None

        def work(progress=None, cancel=None):
            export(fmt, path, project, pattern, humanize=played(), loops=loops, tail=tail, soundfont=soundfont,
                   progress=progress, cancel=cancel)
            return path

        def done(_=None):
            text = tr("Exported the song to {path}") if fmt.song else tr("Exported {path}")
            self.message.emit(text.format(path=path), 5000)
            if on_done:
                on_done(path)

        if fmt.audio:
            return self._render(work, done)
        if not self.played.feel_ready(patterns):
            run_async(work, on_done=done, on_error=lambda exc: self.error(tr("Cannot export"), str(exc)))
            return True
        try:
            work()
        except GrooveLoomError as exc:
            self.error(tr("Cannot export"), str(exc))
            return False
        done()
        return True

    def _render(self, work, done):
        """Run a WAV export in a worker behind a progress dialog that can cancel it."""
        dlg = QProgressDialog(tr("Rendering WAV ..."), tr("Cancel"), 0, 100, self.window)
        dlg.setWindowModality(Qt.WindowModality.WindowModal)
        dlg.setMinimumDuration(300)

        def finished(_):
            dlg.close()
            done()

        def failed(exc):
            dlg.close()
            if not isinstance(exc, Cancelled):
                self.error(tr("Cannot export WAV"), str(exc))

        task = run_async(work, on_done=finished, on_error=failed, on_progress=lambda f: dlg.setValue(int(f * 100)))
        dlg.canceled.connect(lambda: setattr(task, "cancelled", True))
        return task

    def export_midi(self, path: str, on_done=None) -> bool:
        return self.export("midi", path, on_done)

    def export_wav(self, path: str, loops: int = 2, on_done=None, song: bool = False):
        return self.export("song_wav" if song else "wav", path, on_done, loops)

    def write_drag_file(self) -> str | None:
        """The pattern as a MIDI file to drag into a DAW (None, with a message, when it cannot be yet)."""
        if not self.played.feel_ready([self.doc.pattern]):
            self.message.emit(tr("The drummer's feel is still being worked out: drag again in a moment"), 4000)
            return None
        name = os.path.splitext(os.path.basename(self.doc.path or tr("GrooveLoom pattern")))[0]
        path = os.path.join(drag_dir(), f"{name}.mid")
        return path if self.export_midi(path) else None

    def _song_empty(self) -> bool:
        if not self.doc.project.arrangement:
            self.message.emit(tr("The song is empty: add patterns to it with + Add in the song strip"), 6000)
            return True
        return False
