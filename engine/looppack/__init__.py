"""Loop packs: scan a folder or .zip of MIDI loops, tell whole-kit loops from single parts, normalize every
loop to General MIDI, and recombine parts of compatible loops into new ones (seeded, deduplicated,
quality-filtered), as TrapGenerator did by hand: kick from one loop, snare from another, hats from a third.

Pure engine code (numpy + mido through engine.midi): the GUI and the CLI call it from workers.

A package of small modules: names (roles from file names), notemap (how notes are read), files (a
pack's files), feel, scan (reading a pack), recombine (new loops, index.csv), lay (drops); the public
names are here."""
from .names import (GM_TOMS, HAT_NOTES, METER_RE, PART_ROLES, ROLES, ROLE_NOTE, SLOTS, SLOT_OF_ROLE, SLOT_OF_VOICE,
                    TOM_NOTES, meter_from_name, name_tokens, role_from_name, role_note, slot_of_note)
from .notemap import (GHOST_BELOW, GHOST_MEDIAN, GHOST_SPREAD, LearnedMap, Meaning, NOTE_MAPS, NoteMap,
                      NoteReading, PackReading, ghost_table, gm_map, learn_note_map, load_note_map, part_meanings)
from .files import MAX_PACK_BYTES, MAX_PACK_FILES, iter_pack, pack_files, read_pack_file
from .feel import SWUNG_16THS, feel_of, feels_fit, played_swing
from .scan import Loop, ScanResult, file_reading, normalize_loop, scan_pack
from .recombine import (AugmentResult, DEFAULT_MIX, FEET, HANDS, MAX_FRUITLESS, Part, Recombined, canonical,
                        common_grid, csv_cell, one_hihat, playable, recombine, split_parts, write_pack)
from .lay import drop_span, lay_loop


__all__ = [
    'AugmentResult', 'DEFAULT_MIX', 'FEET', 'GHOST_BELOW', 'GHOST_MEDIAN', 'GHOST_SPREAD', 'GM_TOMS', 'HANDS',
    'HAT_NOTES', 'LearnedMap', 'Loop', 'MAX_FRUITLESS', 'MAX_PACK_BYTES', 'MAX_PACK_FILES', 'METER_RE', 'Meaning',
    'NOTE_MAPS', 'NoteMap', 'NoteReading', 'PART_ROLES', 'PackReading', 'Part', 'ROLES', 'ROLE_NOTE', 'Recombined',
    'SLOTS', 'SLOT_OF_ROLE', 'SLOT_OF_VOICE', 'SWUNG_16THS', 'ScanResult', 'TOM_NOTES', 'canonical', 'common_grid',
    'csv_cell', 'drop_span', 'feel_of', 'feels_fit', 'file_reading', 'ghost_table', 'gm_map', 'iter_pack',
    'lay_loop', 'learn_note_map', 'load_note_map', 'meter_from_name', 'name_tokens', 'normalize_loop', 'one_hihat',
    'pack_files', 'part_meanings', 'playable', 'played_swing', 'read_pack_file', 'recombine', 'role_from_name',
    'role_note', 'scan_pack', 'slot_of_note', 'split_parts', 'write_pack'
]
