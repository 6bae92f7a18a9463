"""Pattern <-> Standard MIDI File, through mido.

Import reads drum notes (channel 10 unless told otherwise), takes the first tempo and time signature,
quantizes to the chosen grid keeping velocities, and returns a QuantizeReport that accounts for every note:
placed, moved (and how far), merged on a shared step, read as a roll's repeat or a flam's grace note inside
its hit's step, folded onto another note, or left unmapped.

Export writes type 1 at 480 PPQ: a conductor track (name, tempo, time signature, and a GrooveLoom text
event holding grid, swing and rows so a round trip restores the pattern exactly) and a drum track on
channel 10. Swing is applied as tick offsets through engine.timing, like playback and WAV export.

A package of small modules: read (bounded parsing, text, markers), quantize (import_midi, read_midi),
grids, rolls, write (export), sections (songs, loops), parts (Drumify's input), report; the public names
are here."""
from .report import ImportResult, QuantizeReport
from .read import MARKER_PREFIX, MAX_EVENTS, MAX_SYSEX_BYTES, TEXT_CHARSET, parse_midi_bytes
from .quantize import FOLD_MODES, import_midi, read_midi
from .grids import DETECT_ORDER, MIXED_SHARE, GridGuess, detect_grid, grid_shares
from .rolls import FLAM_MIN_S, RAMP_TOLERANCE, ROLL_GRIDS, ROLL_SHARE
from .write import (EXPORT_PPQ, MAX_NOTES, check_notes, midi_bytes, note_messages, pattern_notes, pattern_to_midi,
                    write_midi)
from .sections import LOOP_TRIM_MAX_BARS, Section, loop_period, read_song
from .parts import Part, part_channels, part_onsets

__all__ = [
    'DETECT_ORDER', 'EXPORT_PPQ', 'FLAM_MIN_S', 'FOLD_MODES', 'GridGuess', 'ImportResult', 'LOOP_TRIM_MAX_BARS',
    'MARKER_PREFIX', 'MAX_EVENTS', 'MAX_NOTES', 'MAX_SYSEX_BYTES', 'MIXED_SHARE', 'Part', 'QuantizeReport',
    'RAMP_TOLERANCE', 'ROLL_GRIDS', 'ROLL_SHARE', 'Section', 'TEXT_CHARSET', 'check_notes', 'detect_grid',
    'grid_shares', 'import_midi', 'loop_period', 'midi_bytes', 'note_messages', 'parse_midi_bytes', 'part_channels',
    'part_onsets', 'pattern_notes', 'pattern_to_midi', 'read_midi', 'read_song', 'write_midi'
]
