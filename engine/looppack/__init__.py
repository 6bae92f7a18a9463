"""Loop packs: scan a folder or .zip of MIDI loops, tell whole-kit loops from single parts, normalize every
loop to General MIDI, and recombine parts of compatible loops into new ones (seeded, deduplicated,
quality-filtered), as TrapGenerator did by hand: kick from one loop, snare from another, hats from a third.

Pure engine code (numpy + mido through engine.midi): the GUI and the CLI call it from workers.

A package of small modules: names (roles from file names), notemap (how notes are read), files (a
pack's files), feel, scan (reading a pack), recombination (new loops, index.csv), lay (drops); the public
names are here."""
import importlib

_NAMES = {      # (each module loads when one of its names is first asked for: the window starts without them)
    "names": ("GM_TOMS", "HAT_NOTES", "METER_RE", "PART_ROLES", "ROLES", "ROLE_NOTE", "SLOTS", "SLOT_OF_ROLE",
              "SLOT_OF_VOICE", "TOM_NOTES", "meter_from_name", "name_tokens", "role_from_name", "role_note",
              "slot_of_note"),
    "notemap": ("GHOST_BELOW", "GHOST_MEDIAN", "GHOST_SPREAD", "LearnedMap", "Meaning", "NOTE_MAPS", "NoteMap",
                "NoteReading", "PackReading", "ghost_table", "gm_map", "learn_note_map", "load_note_map",
                "part_meanings"),
    "files": ("MAX_PACK_BYTES", "MAX_PACK_FILES", "iter_pack", "pack_files", "read_pack_file"),
    "feel": ("SWUNG_16THS", "feel_of", "feels_fit", "played_swing"),
    "scan": ("Loop", "ScanResult", "file_reading", "normalize_loop", "scan_pack"),
    "recombination": ("AugmentResult", "DEFAULT_MIX", "FEET", "HANDS", "MAX_FRUITLESS", "Part", "Recombined",
                  "canonical", "common_grid", "csv_cell", "one_hihat", "playable", "recombine", "split_parts",
                  "write_pack"),
    "lay": ("drop_span", "lay_loop"),
}
_MODULE_OF = {name: module for module, names in _NAMES.items() for name in names}
__all__ = sorted(_MODULE_OF)


def __getattr__(name: str):
    module = _MODULE_OF.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
