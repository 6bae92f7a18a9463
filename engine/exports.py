"""What GrooveLoom exports, as one table the File menu and the CLI read: a name, the file's extension and
dialog filter, whether it is the pattern or the song strip's arrangement, and the writer.

A new export format is one more Export here (and its writer): the window's File menu and its dialog, the
suggested file name and the extension check come from this table."""
from __future__ import annotations

import io
import os
from dataclasses import dataclass

from .errors import GrooveLoomError
from .fileio import atomic_write_bytes
from .pattern import Pattern
from .project import Project


def QT_TR_NOOP(text: str) -> str:
    """Marks a text for pyside6-lupdate (engine/ imports no Qt); the window translates it where shown."""
    return text


@dataclass(frozen=True)
class Export:
    key: str              # the action id in the window ("export_" + key) and the name in this table
    title: str            # the save dialog's title
    exts: tuple           # accepted extensions, the first added where none is given
    filter: str           # the save dialog's file filter
    song: bool            # the song strip's arrangement (True) or the pattern on screen
    audio: bool           # rendered through FluidSynth (a worker with progress) or written as MIDI
    menu: str = ""        # the File menu's text (& before the mnemonic)
    shortcut: str | None = None
    tip: str = ""

    @property
    def ext(self) -> str:
        return self.exts[0]

    @property
    def suffix(self) -> str:
        """Added to the suggested file name ('mysong song.wav')."""
        return " song" if self.song else ""

    def named(self, path: str) -> str:
        """path with this format's extension, unless it has one of them already."""
        return path if path.lower().endswith(self.exts) else path + self.ext

    def check(self, path: str) -> None:
        """Refuse an output path without one of this format's extensions (the CLI: a typo must not write a
        WAV into 'song.mid')."""
        if not path.lower().endswith(self.exts):
            raise GrooveLoomError(f"output must be a {' or '.join(self.exts)} file", path)


EXPORTS = {e.key: e for e in (
    Export("midi", QT_TR_NOOP("Export MIDI"), (".mid", ".midi"), QT_TR_NOOP("MIDI (*.mid *.midi)"), song=False,
           audio=False, menu=QT_TR_NOOP("&Export MIDI..."), shortcut="Ctrl+E",
           tip=QT_TR_NOOP("The pattern as a General MIDI drum file, played as heard")),
    Export("wav", QT_TR_NOOP("Export WAV"), (".wav",), QT_TR_NOOP("WAV audio (*.wav)"), song=False, audio=True,
           menu=QT_TR_NOOP("Export &WAV..."), shortcut="Ctrl+Shift+E",
           tip=QT_TR_NOOP("The pattern rendered through the kit")),
    Export("song_midi", QT_TR_NOOP("Export song MIDI"), (".mid", ".midi"), QT_TR_NOOP("MIDI (*.mid *.midi)"),
           song=True, audio=False, menu=QT_TR_NOOP("Export song MIDI..."),
           tip=QT_TR_NOOP("The song strip's arrangement as one MIDI file")),
    Export("song_wav", QT_TR_NOOP("Export song WAV"), (".wav",), QT_TR_NOOP("WAV audio (*.wav)"), song=True,
           audio=True, menu=QT_TR_NOOP("Export song WAV..."),
           tip=QT_TR_NOOP("The song strip's arrangement as one WAV")),
)}


def title_of(path: str) -> str:
    """A MIDI file's track name: its file name without the extension."""
    return os.path.splitext(os.path.basename(path))[0]


def write_song_midi(path: str, project: Project, humanize=None) -> None:
    """The song strip's arrangement as one MIDI file, written atomically."""
    from .song import song_to_midi
    buf = io.BytesIO()
    song_to_midi(project, title_of(path), humanize).save(file=buf)
    atomic_write_bytes(path, buf.getvalue())


WAV_TAIL_S = 2.5        # seconds after the last pass for ringing cymbals (0: cut at the loop's end)
# a pattern's WAV: (label, passes, tail); the window asks which (it always wrote two passes and a tail)
WAV_PASSES = ((QT_TR_NOOP("Once, cymbals ring out"), 1, WAV_TAIL_S),
              (QT_TR_NOOP("Once, cut at the loop's end (a seamless loop)"), 1, 0.0),
              (QT_TR_NOOP("Twice, cymbals ring out"), 2, WAV_TAIL_S),
              (QT_TR_NOOP("4 times, cymbals ring out"), 4, WAV_TAIL_S),
              (QT_TR_NOOP("8 times, cymbals ring out"), 8, WAV_TAIL_S))


def export(fmt: Export, path: str, project: Project, pattern: Pattern, *, humanize=None, loops: int = 2,
           tail: float = WAV_TAIL_S, soundfont: str | None = None, progress=None, cancel=None):
    """Write `pattern` (or, for a song format, `project`'s arrangement) to path as fmt says: MIDI played as
    it sounds (humanize: the drummer's feel or the project's humanize), or a WAV of `loops` passes and `tail`
    seconds rendered with the project's mixer and kit. Returns the render's figures for WAV, None for MIDI."""
    from .midi import write_midi
    from .performance import midi_timing
    if fmt.audio:
        if fmt.song:
            from .song import render_song_wav
            return render_song_wav(path, project, soundfont=soundfont, progress=progress, cancel=cancel,
                                   humanize=humanize)
        from .render import render_wav
        m = project.mixer
        return render_wav(path, pattern, loops=loops, tail=tail, soundfont=soundfont, kit=m.kit, mixer=m,
                          humanize=humanize, progress=progress, cancel=cancel)
    if fmt.song:
        write_song_midi(path, project, humanize)
    else:
        write_midi(pattern, path, title=title_of(path), timing=None if humanize is None else midi_timing(humanize))
    return None
