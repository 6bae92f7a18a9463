"""Errors the engine raises for bad input. Each names the file (when there is one) and the problem,
so a caller can show `str(err)` as it is: the CLI prints `error: <str(err)>`, the GUI a message box."""
from __future__ import annotations

import os


def printable(text: str) -> str:
    """Text from outside (a pack's file names, a path) for a terminal or a table: control characters
    (escape sequences, newlines) shown as \\xNN instead of acting."""
    return "".join(c if c.isprintable() else f"\\x{ord(c):02x}" for c in str(text))


class GrooveLoomError(Exception):
    """Bad input or an unusable resource. `str()` is one line: '<file>: <what is wrong>'."""

    def __init__(self, message: str, path: str | os.PathLike | None = None):
        super().__init__(message)
        self.message = message
        self.path = os.fspath(path) if path is not None else None

    def __str__(self) -> str:
        text = printable(" ".join(self.message.split()))  # always one line, never a terminal escape
        return f"{printable(self.path)}: {text}" if self.path else text


class MidiFileError(GrooveLoomError):
    """A file that is not a usable Standard MIDI File."""


class NoDrumNotesError(MidiFileError):
    """A MIDI file with no notes on the drum channel; `channels` lists the (1-based) channels that have notes."""

    def __init__(self, message: str, path=None, channels: tuple[int, ...] = ()):
        super().__init__(message, path)
        self.channels = channels


class ProjectFileError(GrooveLoomError):
    """A `.groove` project file that cannot be loaded or saved."""


class Cancelled(GrooveLoomError):
    """Work stopped because the user cancelled it (not a failure to report)."""
