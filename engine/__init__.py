"""GrooveLoom's drum machine: patterns, the GM kit map, MIDI exchange, the project file, sound.

Imports neither Qt nor TensorFlow (a test enforces it)."""
from .drumkit import DEFAULT_ROWS, ROW_CATALOG, VOICE_NAMES, VOICE_ROWS, Row
from .errors import GrooveLoomError, MidiFileError, NoDrumNotesError, ProjectFileError
from .pattern import GRIDS, Pattern

__all__ = ["DEFAULT_ROWS", "ROW_CATALOG", "VOICE_NAMES", "VOICE_ROWS", "Row", "GrooveLoomError",
           "MidiFileError", "NoDrumNotesError", "ProjectFileError", "GRIDS", "Pattern"]
