"""The drum kit map: GM drum note names, the 9 model voices, and the rows the grid can show.

Pure tables plus lookups (the pretty_midi `constants.py` style). The 9-voice fold table follows
note-seq's `DEFAULT_DRUM_TYPE_PITCHES` (magenta/note-seq `drums_encoder_decoder.py`), which also covers
the extra Roland TD-11 pitches (22, 26, 58, ...) found in the Groove MIDI Dataset.
"""
from __future__ import annotations

from dataclasses import dataclass

DRUM_CHANNEL = 9  # MIDI channel 10, zero-based

GM_DRUM_NAMES: dict[int, str] = {
    35: "Acoustic Bass Drum", 36: "Bass Drum 1", 37: "Side Stick", 38: "Acoustic Snare",
    39: "Hand Clap", 40: "Electric Snare", 41: "Low Floor Tom", 42: "Closed Hi-Hat",
    43: "High Floor Tom", 44: "Pedal Hi-Hat", 45: "Low Tom", 46: "Open Hi-Hat",
    47: "Low-Mid Tom", 48: "Hi-Mid Tom", 49: "Crash Cymbal 1", 50: "High Tom",
    51: "Ride Cymbal 1", 52: "Chinese Cymbal", 53: "Ride Bell", 54: "Tambourine",
    55: "Splash Cymbal", 56: "Cowbell", 57: "Crash Cymbal 2", 58: "Vibraslap",
    59: "Ride Cymbal 2", 60: "Hi Bongo", 61: "Low Bongo", 62: "Mute Hi Conga",
    63: "Open Hi Conga", 64: "Low Conga", 65: "High Timbale", 66: "Low Timbale",
    67: "High Agogo", 68: "Low Agogo", 69: "Cabasa", 70: "Maracas",
    71: "Short Whistle", 72: "Long Whistle", 73: "Short Guiro", 74: "Long Guiro",
    75: "Claves", 76: "Hi Wood Block", 77: "Low Wood Block", 78: "Mute Cuica",
    79: "Open Cuica", 80: "Mute Triangle", 81: "Open Triangle",
}

# The 9 model voices and the pitches that fold into each (first pitch = the one it plays back as).
VOICE_NAMES: tuple[str, ...] = (
    "kick", "snare", "closed_hat", "open_hat", "low_tom", "mid_tom", "high_tom", "crash", "ride",
)
VOICE_PITCHES: tuple[tuple[int, ...], ...] = (
    (36, 35),
    (38, 27, 28, 31, 32, 33, 34, 37, 39, 40, 56, 65, 66, 75, 85),
    (42, 44, 54, 68, 69, 70, 71, 73, 78, 80, 22),
    (46, 67, 72, 74, 79, 81, 26),
    (45, 29, 41, 43, 61, 64, 84),
    (48, 47, 60, 63, 77, 86, 87),
    (50, 30, 62, 76, 83),
    (49, 52, 55, 57, 58),
    (51, 53, 59, 82),
)
N_VOICES = len(VOICE_NAMES)
VOICE_PLAYBACK_PITCH: tuple[int, ...] = tuple(p[0] for p in VOICE_PITCHES)
_PITCH_TO_VOICE: dict[int, int] = {p: v for v, ps in enumerate(VOICE_PITCHES) for p in ps}


def voice_of_pitch(pitch: int) -> int | None:
    """The model voice a MIDI pitch folds into, or None when it has none."""
    return _PITCH_TO_VOICE.get(pitch)


def gm_name(pitch: int) -> str:
    return GM_DRUM_NAMES.get(pitch, f"Note {pitch}")


MAX_NOTE_STEPS = 4096      # a row's note length, in steps (Infinity or 1e308 would pass 'positive')


@dataclass(frozen=True)
class Row:
    """One grid row, bound to one GM note. `length` overrides the exported note length in steps."""

    name: str
    note: int
    length: float | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.name, str) or not self.name.strip():
            raise ValueError("row name must be a non-empty string")
        if not isinstance(self.note, int) or not 0 <= self.note <= 127:
            raise ValueError(f"row note must be an integer 0-127, got {self.note!r}")
        if self.length is not None and not (isinstance(self.length, (int, float))
                                            and 0 < self.length <= MAX_NOTE_STEPS):
            raise ValueError(f"row length must be a number of steps above 0 and at most {MAX_NOTE_STEPS}, got "
                             f"{self.length!r}")


# Rows a user can add, in the order the grid lists them (kick at the top).
ROW_CATALOG: tuple[Row, ...] = (
    Row("Kick", 36), Row("Kick 2", 35), Row("Snare", 38), Row("Snare 2", 40), Row("Rim", 37),
    Row("Clap", 39), Row("Closed Hat", 42), Row("Pedal Hat", 44), Row("Open Hat", 46),
    Row("Low Tom", 45), Row("Floor Tom", 41), Row("Floor Tom 2", 43), Row("Mid Tom", 47),
    Row("Hi-Mid Tom", 48), Row("High Tom", 50), Row("Crash", 49), Row("Crash 2", 57),
    Row("Splash", 55), Row("China", 52), Row("Ride", 51), Row("Ride Bell", 53), Row("Ride 2", 59),
    Row("Tambourine", 54), Row("Cowbell", 56), Row("Shaker", 70), Row("Cabasa", 69),
    Row("Claves", 75), Row("Hi Bongo", 60), Row("Low Bongo", 61), Row("Hi Conga", 62),
    Row("Open Conga", 63), Row("Low Conga", 64), Row("High Timbale", 65), Row("Low Timbale", 66),
    Row("High Agogo", 67), Row("Low Agogo", 68), Row("Hi Wood Block", 76), Row("Low Wood Block", 77),
    Row("Triangle", 81), Row("Mute Triangle", 80), Row("Vibraslap", 58), Row("Guiro", 73),
    Row("Whistle", 71), Row("Cuica", 78),
)
_CATALOG_BY_NOTE: dict[int, Row] = {r.note: r for r in ROW_CATALOG}
_CATALOG_ORDER: dict[int, int] = {r.note: i for i, r in enumerate(ROW_CATALOG)}
DEFAULT_ROWS: tuple[Row, ...] = (Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42))
# One row per model voice, at the voice's playback pitch.
VOICE_ROWS: tuple[Row, ...] = tuple(_CATALOG_BY_NOTE[p] for p in VOICE_PLAYBACK_PITCH)


def row_for_note(note: int) -> Row:
    """The catalog row for a GM note, or a generic row named after the note."""
    return _CATALOG_BY_NOTE.get(note) or Row(gm_name(note), note)


def row_sort_key(note: int) -> tuple[int, int]:
    """Grid order: catalog order first (kick, snares, hats, toms, cymbals, percussion), then by note."""
    return (_CATALOG_ORDER.get(note, len(_CATALOG_ORDER)), note)


def is_gm_drum_note(note: int) -> bool:
    return note in GM_DRUM_NAMES
