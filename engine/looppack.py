"""Loop packs: scan a folder or .zip of MIDI loops, tell whole-kit loops from single parts, normalize every
loop to General MIDI, and recombine parts of compatible loops into new ones (seeded, deduplicated,
quality-filtered), as TrapGenerator did by hand: kick from one loop, snare from another, hats from a third.

Pure engine code (numpy + mido through midi_io): the GUI and the CLI call it from workers.
"""
from __future__ import annotations

import csv
import dataclasses
import io
import json
import math
import os
import re
import zipfile
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from .drumkit import (GM_DRUM_NAMES, VOICE_PITCHES, VOICE_PLAYBACK_PITCH, Row, row_for_note, row_sort_key,
                      voice_of_pitch)
from .errors import Cancelled, GrooveLoomError, MidiFileError, printable
from .fileio import MAX_INPUT_BYTES, read_input_file, read_json_file, read_limited
from .midi_io import import_midi, parse_midi_bytes, write_midi
from .pattern import GRIDS, MAX_BARS, Pattern, steps_per_bar_for, tile_to
from .quality import GMD_DENSITY_P5, GMD_DENSITY_P95, quality_filter
from .timing import swings_8ths

ROLES = ("kit", "kick", "snare", "side_stick", "clap", "closed_hat", "open_hat", "pedal_hat", "ride", "ride_bell",
         "crash", "toms", "perc")
PART_ROLES = ROLES[1:]
# The GM note each part role is written on (toms spread over low/mid/high).
ROLE_NOTE = {"kick": 36, "snare": 38, "side_stick": 37, "clap": 39, "closed_hat": 42, "open_hat": 46,
             "pedal_hat": 44, "ride": 51, "ride_bell": 53, "crash": 49, "toms": 45, "perc": 56}
TOM_NOTES = (45, 47, 50)
GM_TOMS = (41, 43, 45, 47, 48, 50)
HAT_NOTES = (42, 46, 44)      # closed, open, pedal: a drummer's one hi-hat
# What one drummer plays with one limb (or one instrument) in a recombined loop: a slot takes all its parts
# from one source loop, so two hat parts, two rides, two kicks or two snares are never layered.
SLOTS = ("kick", "snare", "clap", "hats", "ride", "crash", "toms", "perc")
SLOT_OF_ROLE = {"kick": "kick", "snare": "snare", "side_stick": "snare", "clap": "clap", "closed_hat": "hats",
                "open_hat": "hats", "pedal_hat": "hats", "ride": "ride", "ride_bell": "ride", "crash": "crash",
                "toms": "toms", "perc": "perc"}
SLOT_OF_VOICE = ("kick", "snare", "hats", "hats", "toms", "toms", "toms", "crash", "ride")

_TOKENS = {
    "kick": {"kick", "kik", "kck", "bd", "bassdrum", "808", "kicks"},
    "snare": {"snare", "snr", "sd", "sn", "snares", "rimshot", "ghost", "ghosts"},
    "side_stick": {"stick", "sidestick", "xstick", "crossstick", "rim", "rimclick", "side", "xs"},
    "clap": {"clap", "clp", "cp", "claps"},
    "closed_hat": {"hh", "hat", "hats", "hihat", "hihats", "ch", "chh", "closedhat", "hhc"},
    "open_hat": {"oh", "ohh", "openhat", "hho"},
    "pedal_hat": {"pedalhat", "hhp", "foothat", "phh"},
    "ride": {"ride", "rd", "rides"},
    "crash": {"crash", "cr", "cymbal", "cym", "crashes", "china", "splash"},
    "toms": {"tom", "toms", "tomfill"},
    "perc": {"perc", "percs", "percussion", "shaker", "shk", "conga", "bongo", "cowbell", "tamb",
             "tambourine", "clave", "claves", "maracas", "cabasa", "guiro", "agogo", "timbale", "timbales"},
}
_KIT_TOKENS = {"drums", "drum", "kit", "full", "groove", "beat", "break", "breaks", "fullkit"}
# files that are not drum parts: skipped, with the reason
_SKIP_TOKENS = {"metronome", "click", "clicktrack", "countin", "count", "guide", "cue"}
# a name's word that picks the exact GM note of its role
_NAME_NOTE = {"china": 52, "splash": 55, "shaker": 70, "maracas": 70, "tamb": 54, "tambourine": 54, "cowbell": 56,
              "conga": 63, "bongo": 60, "clave": 75, "claves": 75, "cabasa": 69, "guiro": 73, "agogo": 67,
              "timbale": 65, "timbales": 65}
METER_RE = re.compile(r"(?<!\d)(\d{1,2})[-_/ ](2|4|8|16)(?!\d)")

# Note maps for whole-kit loops written for other layouts -> GM.
NOTE_MAPS: dict[str, dict[int, int]] = {
    # pad controllers (Akai LPD8/MPD, Novation): 8 pads from C1: kick, snare, closed hat, open hat, clap,
    # low tom, high tom, crash; a second bank continues with GM-ish percussion.
    "pads": {36: 36, 37: 38, 38: 42, 39: 46, 40: 39, 41: 45, 42: 50, 43: 49, 44: 51, 45: 37, 46: 56, 47: 54,
             48: 47, 49: 57, 50: 53, 51: 44},
    # MPC default program (pads A01-A16 on notes 37, 36, 42, 82, 40, 38, 46, 44, 48, 47, 45, 43, 49, 55, 51, 53):
    # A01 holds the kick, A04 a shaker.
    "mpc": {37: 36, 36: 35, 42: 42, 82: 70, 40: 40, 38: 38, 46: 46, 44: 44, 48: 48, 47: 47, 45: 45, 43: 43,
            49: 49, 55: 55, 51: 51, 53: 53},
}


def gm_map() -> dict[int, int]:
    """GM drum notes to themselves, plus the non-GM drum notes (Roland e-kits) folded onto their voice."""
    m = {n: n for n in GM_DRUM_NAMES}
    for pitches, to in zip(VOICE_PITCHES, VOICE_PLAYBACK_PITCH):
        for q in pitches:
            m.setdefault(q, to)
    return m


NOTE_MAPS["gm"] = gm_map()
NOTE_MAPS["ableton"] = dict(NOTE_MAPS["gm"])  # Drum Rack factory kits follow the GM layout from C1


GHOST_BELOW = 45           # a snare softer than this is a ghost note (GMD's ghost class, as models.ghosts)
GHOST_MEDIAN = 29          # GMD train beat bars' ghost snares: median velocity 29, middle half 19-37
GHOST_SPREAD = 18


@dataclass
class NoteMap:
    """How a pack's notes are read: pack note -> GM note, and the pack notes that are ghost pads (their hits
    are ghost notes; a ghost pad played near full velocity is moved into GMD's ghost range). JSON:
    {"pack note": GM note, "pack note": {"note": GM note, "ghost": true}}."""
    notes: dict[int, int]
    ghosts: frozenset = frozenset()

    def to_json(self) -> str:
        return json.dumps({str(k): ({"note": v, "ghost": True} if k in self.ghosts else v)
                           for k, v in sorted(self.notes.items())}, indent=1)

    @classmethod
    def from_json(cls, data, path: str = "") -> "NoteMap":
        if not isinstance(data, dict):
            raise GrooveLoomError("note map must be a JSON object of note -> GM note", path)
        notes, ghosts = {}, set()
        for k, v in data.items():
            try:
                src = int(k)
                gm, ghost = (int(v["note"]), bool(v.get("ghost", False))) if isinstance(v, dict) else (int(v), False)
            except (ValueError, TypeError, KeyError):
                raise GrooveLoomError(f"note map entry {printable(str(k))!r}: expected a GM note number or "
                                      f'{{"note": N, "ghost": true}}', path) from None
            if 0 <= src <= 127 and 0 <= gm <= 127:
                notes[src] = gm
                if ghost:
                    ghosts.add(src)
        return cls(notes, frozenset(ghosts))


def load_note_map(name_or_path: str) -> NoteMap:
    """A preset name (gm, pads, mpc, ableton) or a JSON file (NoteMap.from_json)."""
    if name_or_path in NOTE_MAPS:
        return NoteMap(NOTE_MAPS[name_or_path])
    if not os.path.isfile(name_or_path):
        raise GrooveLoomError(f"no note map '{name_or_path}' (presets: {', '.join(sorted(NOTE_MAPS))}, "
                              f"or a JSON file)")
    return NoteMap.from_json(read_json_file(name_or_path, "the note map (a JSON object of note -> GM note)"),
                             name_or_path)


def ghost_table(vels) -> np.ndarray | None:
    """How a ghost pad's velocities are heard: a 128-entry table keeping hits played soft (under 45) as
    played and moving the loud ones (a pad player's ghosts at 80) into GMD's ghost range: their median to
    GMD's ghost median (29), their own spread kept up to the width of GMD's ghost middle half (18), within
    1-44. None when every hit was played soft."""
    v = np.asarray(vels, dtype=np.float64)
    loud = v[v >= GHOST_BELOW]
    if not len(loud):
        return None
    med = float(np.median(loud))
    lo, hi = np.percentile(loud, [10, 90])
    slope = min(1.0, GHOST_SPREAD / max(hi - lo, 1e-9))
    table = np.clip(np.round(GHOST_MEDIAN + (np.arange(128) - med) * slope), 1, GHOST_BELOW - 1).astype(np.int64)
    table[:GHOST_BELOW] = np.arange(GHOST_BELOW)
    return table


def name_tokens(filename: str) -> list[str]:
    """Lowercase tokens of a file name: split on _ - . space, camelCase and letter/digit boundaries."""
    stem = os.path.splitext(os.path.basename(filename))[0]
    stem = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    parts = re.split(r"[\s_\-.()\[\]]+", stem.lower())
    out = []
    for p in parts:
        out += [t for t in re.split(r"(\d+)", p) if t]
    return out


def _words(filename: str) -> set[str]:
    toks = name_tokens(filename)
    return set(toks) | {a + b for a, b in zip(toks, toks[1:])}


def role_from_name(filename: str) -> str | None:
    """The role a drummer reads in a file name: 'SNARE-stick' is a side stick, 'HH open' an open hat, 'Ride
    Bell' the bell, 'Hat Pedal' the pedal hat; several instruments (or drums, groove, beat) make a kit;
    'skip' for files that are not drum parts (metronome, click, count-in); None without a hint."""
    words = _words(filename)
    if words & _SKIP_TOKENS or {"count", "in"} <= words:
        return "skip"
    found = {r for r in _TOKENS if _TOKENS[r] & words}
    hat = bool(found & {"closed_hat", "open_hat", "pedal_hat"})
    if hat:     # one hi-hat: the qualifier says how it is played
        found -= {"closed_hat", "open_hat", "pedal_hat"}
        found.add("pedal_hat" if words & {"pedal", "foot", "pedalhat", "foothat", "hhp", "phh"} else
                  "open_hat" if words & {"open", "oh", "ohh", "openhat", "hho"} else "closed_hat")
    if "side_stick" in found and found <= {"snare", "side_stick"}:
        return "side_stick"
    if "snare" in found and "side_stick" in found:
        found.discard("side_stick")
    if "ride" in found and "bell" in words:
        return "ride_bell"
    if len(found) == 1:
        return found.pop()
    if words & _KIT_TOKENS or len(found) > 1:
        return "kit"
    return None


def role_note(role: str, filename: str = "") -> int:
    """The GM note a part of this role is written on; a name's word picks the exact instrument (china,
    splash, shaker, tambourine, conga, ...)."""
    if role in ("crash", "perc"):
        for w in name_tokens(filename):
            if w in _NAME_NOTE:
                return _NAME_NOTE[w]
    return ROLE_NOTE[role]


def meter_from_name(filename: str) -> tuple[int, int] | None:
    m = METER_RE.search(os.path.basename(filename))
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if 1 <= num <= 16:
            return num, den
    return None


@dataclass(frozen=True)
class NoteReading:
    """What one pack note of one file was read as, and why."""
    pack: int
    gm: int | None             # None: dropped (no map names it)
    ghost: bool
    why: str

    def line(self) -> str:
        to = f"{self.gm:3d} {GM_DRUM_NAMES.get(self.gm, '')}" if self.gm is not None else "  - dropped"
        return f"{self.pack:3d} -> {to}{' (ghost)' if self.ghost else ''}: {self.why}"


@dataclass
class Loop:
    name: str                  # path inside the pack
    role: str                  # kit or a part role
    pattern: Pattern           # normalized to GM notes
    meter_source: str          # 'event', 'name', 'length', 'user', or 'steps' (equal steps read as 16ths)
    source: str                # the pack file it came from
    unmapped: Counter = field(default_factory=Counter)
    trimmed: tuple[int, int] | None = None   # (bars in the file, bars of the loop it repeats) when cut
    reading: tuple[NoteReading, ...] = ()    # each of its pack notes: the GM note it became, and why

    @property
    def bars(self) -> int:
        return self.pattern.bars


@dataclass
class LearnedMap(NoteMap):
    """A pack's own note map, learned from the files whose names say their role: pack note -> GM note (and
    its ghost pads), with the files that taught it and any disagreement."""
    votes: dict[int, Counter] = field(default_factory=dict)        # pack note -> Counter(GM note -> notes)
    taught_by: dict[int, list[str]] = field(default_factory=dict)  # pack note -> files

    def lines(self) -> list[str]:
        out = []
        for n in sorted(self.notes):
            gm = self.notes[n]
            files = self.taught_by[n]
            also = f" (+{len(files) - 1} more)" if len(files) > 1 else ""
            other = [f"{GM_DRUM_NAMES.get(g, g)} in {c}" for g, c in self.votes[n].most_common()[1:]]
            out.append(f"{n:3d} -> {gm:3d} {GM_DRUM_NAMES.get(gm, '')}{' (ghost pad)' if n in self.ghosts else ''}"
                       f": from {os.path.basename(files[0])}{also}"
                       + (f"; disagreeing: {', '.join(other)} notes" if other else ""))
        return out


@dataclass
class PackReading:
    """One reading for every file of a pack: the map (learned, a preset or the user's), GM for kit-loop notes
    it lacks when `gm_rest`, and each ghost pad's velocity table (ghost_table over all its hits in the pack).
    A part file takes the map's meaning of a note when it is an instrument of the part's own kind (a snare
    part's pad 49 is the pack's ghost snare); else, or when its name says stick or ghost, its own."""
    map: NoteMap
    how: str                                        # 'learned + gm', 'gm', a preset name, 'the map given'
    gm_rest: bool = True
    tables: dict[int, np.ndarray] = field(default_factory=dict)

    def source_of(self, note: int) -> str:
        taught = getattr(self.map, "taught_by", {}).get(note)
        if taught:
            also = f" (+{len(taught) - 1} more)" if len(taught) > 1 else ""
            return f"the pack's map, learned from {os.path.basename(taught[0])}{also}"
        if note in self.map.notes:
            return f"the note map ({self.how})"
        return "General MIDI (the map does not name it)"


@dataclass
class ScanResult:
    loops: list[Loop]
    skipped: list[tuple[str, str]]     # (file, reason)
    files: int = 0
    learned: LearnedMap | None = None  # the pack's own note map (every file was read through it)
    kit_map: str = "gm"                # how the pack was read: 'learned + gm', or the map asked for
    reading: PackReading | None = None

    def roles(self) -> Counter:
        return Counter(l.role for l in self.loops)


MAX_PACK_FILES = 20_000                  # MIDI files read from one pack (folder or zip; 20,000 read in ~40 s here)
MAX_PACK_BYTES = 1024 * 1024 * 1024       # bytes read from one pack in all


def pack_files(path: str) -> list:
    """The MIDI files of a pack, sorted by name: paths inside a folder (recursive; links that lead out of
    the folder are left out), or a zip's members. GrooveLoomError for a missing path, a file that is not a
    zip, a damaged zip, or more than MAX_PACK_FILES files."""
    if os.path.isdir(path):
        names = []
        for folder, _, files in os.walk(path):
            for f in files:
                if f.lower().endswith((".mid", ".midi")):
                    names.append(os.path.join(folder, f))
                    if len(names) > MAX_PACK_FILES:
                        raise GrooveLoomError(f"more than {MAX_PACK_FILES} MIDI files (engine.looppack."
                                              f"MAX_PACK_FILES): open a part of it", path)
        return sorted(names)
    if not os.path.exists(path):
        raise GrooveLoomError("no such folder or file", path)
    if not os.path.isfile(path):      # a device or FIFO: zipfile would read /dev/zero for ever
        raise GrooveLoomError("not a folder or a .zip of MIDI loops (not a regular file)", path)
    try:
        if not zipfile.is_zipfile(path):
            raise GrooveLoomError("not a folder or a .zip of MIDI loops", path)
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir() and i.filename.lower().endswith((".mid", ".midi"))]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise GrooveLoomError(f"damaged zip ({exc})", path) from None
    if len(infos) > MAX_PACK_FILES:
        raise GrooveLoomError(f"more than {MAX_PACK_FILES} MIDI files (engine.looppack.MAX_PACK_FILES)", path)
    return sorted(infos, key=lambda i: i.filename)


def iter_pack(path: str, files: list | None = None):
    """(name, bytes or the exception that kept it from being read) of every MIDI file of a pack, one at a
    time: each file at most MAX_INPUT_BYTES (counted while reading: a link to a device says 0), regular
    files only, inside the pack; MAX_PACK_BYTES in all."""
    files = pack_files(path) if files is None else files
    total = 0
    if os.path.isdir(path):
        root = os.path.realpath(path)
        for n in files:
            rel = os.path.relpath(n, path)
            real = os.path.realpath(n)
            if os.path.commonpath([root, real]) != root:
                yield rel, GrooveLoomError("a link that leads out of the pack (not followed)", rel)
                continue
            try:
                data = read_input_file(n)
            except GrooveLoomError as exc:
                yield rel, exc
                continue
            total += len(data)
            if total > MAX_PACK_BYTES:
                raise GrooveLoomError(f"more than {MAX_PACK_BYTES >> 20} MB of MIDI (engine.looppack.MAX_PACK_BYTES)",
                                      path)
            yield rel, data
        return
    with zipfile.ZipFile(path) as z:
        for info in files:
            if info.file_size > MAX_INPUT_BYTES:
                yield info.filename, GrooveLoomError(f"unpacks to {info.file_size >> 20} MB; the most read from one "
                                                     f"file is {MAX_INPUT_BYTES >> 20} MB", info.filename)
                continue
            try:
                with z.open(info) as f:
                    data = read_limited(f, MAX_INPUT_BYTES, info.filename)
            except GrooveLoomError as exc:
                yield info.filename, exc
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError) as exc:
                yield info.filename, GrooveLoomError(f"cannot unpack: {exc}", info.filename)
                continue
            total += len(data)
            if total > MAX_PACK_BYTES:
                raise GrooveLoomError(f"more than {MAX_PACK_BYTES >> 20} MB of MIDI (engine.looppack.MAX_PACK_BYTES)",
                                      path)
            yield info.filename, data


def read_pack_file(pack: str, name: str) -> bytes:
    """The bytes of one file of a pack (folder or .zip), by the name scan_pack gave it."""
    if os.path.isdir(pack):
        for n, data in iter_pack(pack, [os.path.join(pack, name)]):
            if isinstance(data, Exception):
                raise data if isinstance(data, GrooveLoomError) else GrooveLoomError(str(data), name)
            return data
    with zipfile.ZipFile(pack) as z:
        info = z.getinfo(name)
    for n, data in iter_pack(pack, [info]):
        if isinstance(data, Exception):
            raise data
        return data
    raise GrooveLoomError("not in the pack", name)


@dataclass
class _File:
    """A pack file parsed, before it is read through a note map."""
    name: str
    mid: object
    role: str
    counts: Counter           # pitch -> notes
    loudness: dict            # pitch -> mean velocity
    vels: dict                # pitch -> its velocities
    meter: tuple[int, int] | None
    meter_source: str | None


def _parse(name: str, data: bytes, role: str | None = None, meter: tuple[int, int] | None = None) -> _File:
    mid = parse_midi_bytes(data, name)
    has_meter_event = any(m.type == "time_signature" for t in mid.tracks for m in t)
    meter_source = "user" if meter else ("event" if has_meter_event else None)
    if meter is None and not has_meter_event:
        meter = meter_from_name(name)
        meter_source = "name" if meter else None
    vels: dict[int, list[int]] = {}
    for t in mid.tracks:
        for m in t:
            if m.type == "note_on" and m.velocity > 0:
                vels.setdefault(m.note, []).append(m.velocity)
    if not vels:
        raise MidiFileError("no notes", name)
    counts = Counter({n: len(v) for n, v in vels.items()})
    if role is None:
        role = role_from_name(name) or _role_from_notes(counts)
        if role not in ("kit", "skip", "toms") and len(counts) >= 3 and _words(name) & _KIT_TOKENS:
            role = "kit"      # 'GROOVE-bossa-stick' with kick, stick and ride: a kit loop, not a stick part
    return _File(name, mid, role, counts, {n: float(np.mean(v)) for n, v in vels.items()}, vels, meter, meter_source)


@dataclass(frozen=True)
class Meaning:
    note: int          # the GM note
    ghost: bool        # its hits are ghost notes
    why: str
    named: bool = False   # the file's name says it (a stick or ghost part): it outranks the pack's map


def part_meanings(role: str, counts: Counter, loudness: dict, filename: str = "") -> dict[int, Meaning]:
    """What each pitch of a part file means, as a drummer reads it: the most played (then loudest) pitch
    is the role's note; in a hat part the others are the open, then the pedal hat; in a snare part a
    second pitch is the snare too (a second snare pad; its ghost pad when softer than the first), the side
    stick only in a file named for one ('SNARE-stick-two-four'); a file named for ghosts ('SNARE-ghost-two-
    four') plays ghosts on its only pad, or on its softer ones; a ride's second pitch is its bell; toms keep
    GM tom notes, others spread low to high."""
    ordered = sorted(counts, key=lambda n: (-counts[n], -loudness.get(n, 0), n))
    kind = role.replace("_", " ")
    if role == "toms":
        if all(n in GM_TOMS for n in ordered):
            return {n: Meaning(n, False, "a GM tom note in a tom part") for n in ordered}
        ups = sorted(ordered)
        return {p: Meaning(TOM_NOTES[min(len(TOM_NOTES) - 1, i * len(TOM_NOTES) // len(ups))], False,
                           "a tom part's pads, spread low to high") for i, p in enumerate(ups)}
    if role in ("closed_hat", "open_hat", "pedal_hat"):
        if len(ordered) == 1:
            return {ordered[0]: Meaning(ROLE_NOTE[role], False, f"the only note of a {kind} part")}
        order = (44, 42, 46) if role == "pedal_hat" else HAT_NOTES
        names = ("most played", "second most played", "third most played")
        return {p: Meaning(order[min(i, 2)], False, f"the {names[min(i, 2)]} note of a hi-hat part")
                for i, p in enumerate(ordered)}
    main = role_note(role, filename)
    words = _words(filename)
    ghosts = bool(words & {"ghost", "ghosts"})
    sticks = bool(words & _TOKENS["side_stick"])
    only_ghosts = ghosts and role == "snare" and len(ordered) == 1
    out = {ordered[0]: Meaning(main, only_ghosts, "the file's name says ghosts on its only pad" if only_ghosts
                               else f"the most played note of a {kind} part", only_ghosts or sticks)}
    for p in ordered[1:]:
        if role in ("snare", "side_stick"):
            # a second pad in a snare part is a side stick only where the file says so ('SNARE-stick-...'):
            # a pad-controller pack's ghost pad played near full velocity is its snare, played as ghosts
            softer = loudness[p] < 0.9 * loudness[ordered[0]]
            if role == "snare" and sticks and not (softer or ghosts):
                out[p] = Meaning(37, False, "a second pad in a part named for a side stick", True)
            elif ghosts or softer:
                out[p] = Meaning(38, True, "a second, softer pad of a snare part: its ghost pad" if softer else
                                 "a second pad of a part named for ghosts", ghosts)
            else:
                out[p] = Meaning(38, False, "a second snare pad as loud as the first")
        elif role in ("ride", "ride_bell"):
            out[p] = Meaning(53 if main == 51 else 51, False, "a ride part's second note: the other of bow and bell")
        else:
            out[p] = Meaning(main, False, f"another note of a {kind} part")
    return out


def learn_note_map(files: list[_File]) -> LearnedMap | None:
    """The pack's note map from its part files (their names say what their notes are): each pitch goes to
    the GM note most of its notes were said to be, and is a ghost pad when most of its notes were said to
    be ghosts. None when no file names a role."""
    votes: dict[int, Counter] = {}
    ghost_votes: Counter = Counter()
    taught: dict[int, list[str]] = {}
    for f in files:
        if f.role in ("kit", "skip"):
            continue
        for pitch, m in part_meanings(f.role, f.counts, f.loudness, f.name).items():
            votes.setdefault(pitch, Counter())[m.note] += f.counts[pitch]
            ghost_votes[pitch] += f.counts[pitch] * m.ghost
            taught.setdefault(pitch, []).append(f.name)
    if not votes:
        return None
    notes = {n: c.most_common(1)[0][0] for n, c in votes.items()}
    ghosts = frozenset(n for n in notes if 2 * ghost_votes[n] > sum(votes[n].values()) and notes[n] in (38, 40))
    return LearnedMap(notes, ghosts, votes, taught)


def file_reading(f: _File, reading: PackReading | None) -> tuple[dict[int, int], dict[int, np.ndarray],
                                                                   tuple[NoteReading, ...]]:
    """How one file's notes are read: (note map, ghost velocity tables, each note's NoteReading). Without a
    pack reading a kit loop is read as GM and a part by its own meanings."""
    if reading is None:
        reading = PackReading(NoteMap({}), "gm")
    own = part_meanings(f.role, f.counts, f.loudness, f.name) if f.role != "kit" else {}
    nmap, tables, lines = {}, {}, []
    for p in sorted(f.counts):
        m, mine = reading.map.notes.get(p), own.get(p)
        agrees = m is not None and (m == mine.note and (p in reading.map.ghosts) == mine.ghost if mine.named
                                    else slot_of_note(m) == slot_of_note(mine.note)) if mine else False
        if f.role == "kit" or agrees:
            if m is None and reading.gm_rest:
                m = NOTE_MAPS["gm"].get(p)
            ghost = m is not None and p in reading.map.ghosts
            why = reading.source_of(p) if m is not None else "no map names it"
            table = reading.tables.get(p) if ghost else None
        else:
            m, ghost, why = mine.note, mine.ghost, f"this file: {mine.why}"
            table = (reading.tables.get(p) if p in reading.map.ghosts else ghost_table(f.vels[p])) if ghost else None
        if m is not None:
            nmap[p] = m
        if table is not None:
            tables[p] = table
            lo, hi = min(f.vels[p]), max(f.vels[p])
            if table[hi] != hi:
                why += f"; played at {lo}-{hi}, heard at {table[lo]}-{table[hi]}" if hi > lo else \
                    f"; played at {hi}, heard at {table[hi]}"
        lines.append(NoteReading(p, m, ghost, why))
    return nmap, tables, tuple(lines)


def _read(f: _File, reading: PackReading | None, grid: int | None) -> Loop:
    nmap, tables, lines = file_reading(f, reading)
    res = import_midi(f.mid, name=f.name, grid=grid, channel="any", note_map=nmap, meter=f.meter, velocities=tables)
    p, meter_source = res.pattern, f.meter_source
    if meter_source is None:  # from the length: whole bars of 4/4, else of 3/4
        meter_source = "length"
        quarters = p.n_steps / p.steps_per_quarter
        if quarters % 4 and quarters % 3 == 0:
            p = import_midi(f.mid, name=f.name, grid=p.grid, channel="any", note_map=nmap, meter=(3, 4),
                            velocities=tables).pattern
    p, meter_source, trimmed = _the_loop(p, meter_source)
    swing = played_swing(f.mid, p)
    if swing is not None:          # kept: heard as played, and its feel is a swung one
        p = dataclasses.replace(p, swing=swing[0], swing_unit=swing[1])
    return Loop(f.name, f.role, p, meter_source, f.name, res.report.unmapped, trimmed, lines)


def _the_loop(p: Pattern, meter_source: str) -> tuple[Pattern, str, tuple[int, int] | None]:
    """A file that writes its loop out several times: the loop (pattern, meter source, (bars before,
    after) or None). A last bar of silence (a long end of track) does not count against the repeats; more
    silence is meant (a crash every 4 bars) and the file keeps its length. When the repeats are not whole
    bars and the meter was only guessed from the length (another generator's 'bar' of 32 steps: 32 steps
    of 120 ticks at 360 PPQ), the loop's steps become 16ths of 4/4 at the tempo that keeps every note's
    time: 32 steps are 2 bars."""
    bars = p.bars
    if not p.hits.any():
        return p, meter_source, None
    used = int(np.flatnonzero(p.hits.any(axis=0))[-1]) // p.steps_per_bar + 1
    if bars - used > 1:
        return p, meter_source, None
    spb = p.steps_per_bar
    steps = _step_period(p.hits[:, :used * spb])
    if (meter_source == "length" and steps < used * spb and steps % 16 == 0 and steps % spb
            and p.grid in (12, 24, 48)):
        q = Pattern(p.rows, p.hits[:, :steps], 4, 4, 16, tempo=p.tempo * p.grid / 16)   # same seconds per step
        return q, "steps", (bars, q.bars)
    period = math.lcm(steps, spb) // spb
    if period < used:
        return p.resized(period), meter_source, (bars, period)
    return p, meter_source, None


def _step_period(hits: np.ndarray) -> int:
    """The fewest steps whose repeats make up the hits exactly (all of them when none)."""
    n = hits.shape[1]
    for k in range(1, n):
        if n % k == 0 and np.array_equal(np.tile(hits[:, :k], (1, n // k)), hits):
            return k
    return n


def normalize_loop(name: str, data: bytes, *, reading: PackReading | None = None, role: str | None = None,
                   meter: tuple[int, int] | None = None, grid: int | None = None) -> Loop:
    """One pack file -> a GM Loop on the grid its notes lie on (or `grid`), repeated content trimmed to
    the loop, read the way its pack is (`reading`, ScanResult.reading; without one kit loops are read as GM
    and parts go onto their role's notes whatever note/channel they used, part_meanings). Raises
    MidiFileError for unreadable files and files that are not drum parts."""
    f = _parse(name, data, role, meter)
    if f.role == "skip":
        raise MidiFileError("not a drum part (a metronome, click or count-in by its name)", name)
    return _read(f, reading, grid)


def _role_from_notes(pitches: Counter) -> str:
    """No hint in the name: one or two pitches of one family make a part, anything more a kit."""
    voices = {voice_of_pitch(n) for n in pitches}
    if len(pitches) <= 2 and len(voices) == 1 and None not in voices:
        return {0: "kick", 1: "snare", 2: "closed_hat", 3: "open_hat", 7: "crash", 8: "ride"}.get(voices.pop(), "toms")
    if len(pitches) == 1:
        return "perc"
    return "kit"


def scan_pack(path: str, *, note_map: str | dict | None = None, roles: dict[str, str] | None = None,
              meters: dict[str, tuple[int, int]] | None = None, progress=None, cancel=None) -> ScanResult:
    """Read every loop of a pack. Unreadable files and files that are not drum parts are listed with the
    reason; the scan goes on. Every file is read one way (PackReading): note_map None or 'learn': through the
    pack's own map, learned from its part files (learn_note_map), GM for kit-loop notes it did not teach; a
    preset name: through that; a JSON file, a dict or a NoteMap (the user's map): through it, GM for notes it
    lacks. A ghost pad's hits are ghosts in every file (ghost_table over all its hits). roles / meters:
    per-file overrides by name."""
    learn = note_map in (None, "learn", "auto")
    fixed = None if learn else (load_note_map(note_map) if isinstance(note_map, str) else
                                note_map if isinstance(note_map, NoteMap) else NoteMap(dict(note_map)))
    preset = isinstance(note_map, str) and note_map in NOTE_MAPS
    listed = pack_files(path)
    files, skipped = [], []
    for i, (name, data) in enumerate(iter_pack(path, listed)):
        if cancel is not None and cancel():
            raise Cancelled("scan cancelled", path)
        if progress and i % 25 == 0:
            progress(0.5 * i / max(1, len(listed)))
        if isinstance(data, Exception):
            skipped.append((name, data.message if isinstance(data, GrooveLoomError) else f"cannot read: {data}"))
            continue
        try:
            f = _parse(name, data, (roles or {}).get(name), (meters or {}).get(name))
        except (GrooveLoomError, ValueError) as exc:
            skipped.append((name, exc.message if isinstance(exc, GrooveLoomError) else str(exc)))
            continue
        if f.role == "skip":
            skipped.append((name, "not a drum part (a metronome, click or count-in by its name)"))
            continue
        files.append(f)
    learned = learn_note_map(files) if learn else None
    how = (note_map if preset else "the map given") if not learn else \
        ("learned + gm" if learned else "gm (no file names a role to learn from)")
    reading = PackReading(fixed if fixed is not None else learned or NoteMap({}), how, gm_rest=not preset)
    for g in reading.map.ghosts:      # each ghost pad heard one way in the whole pack
        vels = [v for f in files for v in f.vels.get(g, ())]
        table = ghost_table(vels) if vels else None
        if table is not None:
            reading.tables[g] = table
    loops = []
    for i, f in enumerate(files):
        if cancel is not None and cancel():
            raise Cancelled("scan cancelled", path)
        if progress and i % 25 == 0:
            progress(0.5 + 0.5 * i / max(1, len(files)))
        try:
            loops.append(_read(f, reading, None))
        except (GrooveLoomError, ValueError) as exc:
            skipped.append((f.name, exc.message if isinstance(exc, GrooveLoomError) else str(exc)))
    if progress:
        progress(1.0)
    return ScanResult(loops, skipped, len(listed), learned, how, reading)


# ---- recombination -------------------------------------------------------------------------------

@dataclass
class Part:
    role: str            # the slot it fills (SLOTS): kick, snare, clap, hats, ride, crash, toms, perc
    hits: np.ndarray     # (rows, steps) on the loop's own rows
    rows: tuple[Row, ...]
    loop: Loop

    @property
    def grid(self) -> int:
        return self.loop.pattern.grid

    @property
    def bars(self) -> int:
        return self.hits.shape[1] // self.loop.pattern.steps_per_bar

    @property
    def feel(self) -> str:
        """feel_of this part (worked out once: recombine asks it of every candidate)."""
        if "_feel" not in self.__dict__:
            self.__dict__["_feel"] = feel_of(self.loop.pattern, self.hits)
        return self.__dict__["_feel"]


def slot_of_note(note: int) -> str:
    """The slot (one limb's instrument) a GM note belongs to: side stick is the snare's, pedal hat the
    hi-hat's, the bell the ride's; notes of no drummer voice are percussion."""
    if note == 39:
        return "clap"
    if note == 37:
        return "snare"
    v = voice_of_pitch(note)
    return SLOT_OF_VOICE[v] if v is not None else "perc"


def split_parts(loop: Loop) -> list[Part]:
    """A loop's parts by slot: a part loop is one part; a kit loop splits along its rows (its hat rows,
    closed, open and pedal, stay one part: one drummer's hi-hat)."""
    p = loop.pattern
    if loop.role != "kit":
        return [Part(SLOT_OF_ROLE[loop.role], np.array(p.hits), p.rows, loop)] if p.total_hits else []
    by_slot: dict[str, list[int]] = {}
    for i, r in enumerate(p.rows):
        if np.any(p.hits[i]):
            by_slot.setdefault(slot_of_note(r.note), []).append(i)
    return [Part(slot, np.array(p.hits[idx]), tuple(p.rows[i] for i in idx), loop) for slot, idx in by_slot.items()]


def canonical(hits: np.ndarray, notes: tuple[int, ...]) -> bytes:
    """A key equal for a pattern and all its rotations (and row order), on hit/no hit."""
    order = np.argsort(notes)
    h = (hits[order] > 0).astype(np.uint8)
    n = h.shape[1]
    best = min(np.roll(h, -k, axis=1).tobytes() for k in range(n)) if n <= 512 else h.tobytes()
    return bytes(sorted(notes)).hex().encode() + b":" + best


@dataclass
class Recombined:
    pattern: Pattern
    sources: dict[str, str]    # slot -> source loop name
    meter: str


@dataclass
class AugmentResult:
    loops: list[Recombined]
    attempts: int
    duplicates: int
    filtered: Counter
    why: str = ""              # when nothing could be combined: why, at once
    stopped: str = ""          # when it stopped short of n: why


DEFAULT_MIX = SLOTS
MAX_FRUITLESS = 2_000      # recombine stops after this many tries in a row without a new loop


def common_grid(grids) -> int | None:
    """The coarsest supported grid every one of these grids lies on (16 and 32: 32; 16 and 12: 48), or None."""
    g = 1
    for x in grids:
        g = g * x // math.gcd(g, x)
    return g if g in GRIDS else None


SWUNG_16THS = 0.54       # 16ths played this late (or later) on the "e" and "a" are swung, not straight


def feel_of(pattern: Pattern, hits: np.ndarray | None = None) -> str:
    """Where a loop's (or one part's, `hits` on its rows) off-beat notes lie: '8ths' (straight 8ths only),
    'straight' (16ths or 32nds), 'swung N%' (16ths played swung, N its amount to 2%), 'triplet' (on the
    triplets, or 8ths swung 58% or more: a shuffle), 'mixed' (straight and triplet) or 'any' (on the beats
    only). feels_fit says which go together."""
    h = pattern.hits if hits is None else hits
    steps = np.flatnonzero(np.asarray(h).any(axis=0))
    frac = (steps / pattern.steps_per_quarter) % 1.0
    off = frac[(frac > 1e-6) & (frac < 1 - 1e-6)]
    if not len(off):
        return "any"
    straight = np.isclose(off * 8, np.round(off * 8))
    triplet = ~straight & np.isclose(off * 12, np.round(off * 12))
    if swings_8ths(pattern):                   # swung 8ths: a straight grid played as a shuffle
        triplet, straight = triplet | straight, np.zeros_like(straight)
    if triplet.any() and straight.any():
        return "mixed"
    if triplet.any():
        return "triplet"
    if np.allclose(off, 0.5):
        return "8ths"
    if pattern.swing_unit == 16 and pattern.swing >= SWUNG_16THS:
        return f"swung {round(pattern.swing * 50) * 2}%"
    return "straight"


def feels_fit(feels) -> bool:
    """Whether parts of these feels play together: one feel, with parts on the beats fitting any and straight
    8ths fitting straight or swung 16ths (16th swing leaves the 8ths where they are)."""
    rest = set(feels) - {"any"}
    if len(rest) > 1:
        rest.discard("8ths")
    return len(rest) <= 1 and not (len(set(feels) - {"any"}) > 1 and rest & {"triplet", "mixed"})


def played_swing(mid, pattern: Pattern) -> tuple[float, int] | None:
    """The swing a file was played with where its notes were read onto a straight grid (16 or 32) and it
    has no GrooveLoom swing of its own: (amount, 16) from where its "e" and "a" notes lie in their 8th, else
    (amount, 8) from where its "and" notes lie in their beat; None when straight (within 4%)."""
    if pattern.grid not in (16, 32) or pattern.swing != 0.5:
        return None
    ppq = mid.ticks_per_beat
    ticks = []
    for t in mid.tracks:
        tick = 0
        for m in t:
            tick += m.time
            if m.type == "note_on" and m.velocity:
                ticks.append(tick)
    ticks = np.asarray(ticks, dtype=np.float64)
    sixteenths = ticks / (ppq / 4)
    if np.all(np.abs(sixteenths - np.round(sixteenths)) < 0.06):   # every note on a straight 16th
        return None
    for unit, span in ((16, ppq / 2), (8, ppq)):
        frac = (ticks % span) / span
        off = frac[(frac > 0.3) & (frac < 0.85)]
        if len(off) >= 2:
            amount = float(np.clip(np.median(off), 0.5, 0.75))
            return (round(amount, 3), unit) if amount - 0.5 >= 0.04 else None
    return None


def _fits(key: tuple[int, int, str], chosen: list[Part], max_bars: int) -> bool:
    """Whether parts of key (grid, bars, feel) combine with those chosen: a common grid, one feel (a straight
    kick under a triplet ride is an 83 ms flam at 120 BPM; parts on the beats only fit either), and lengths
    that tile within max_bars (loops of equal length always combine)."""
    if not chosen:
        return True
    grid, bars, feel = key
    if common_grid([grid] + [c.grid for c in chosen]) is None:
        return False
    if not feels_fit([feel] + [c.feel for c in chosen]):
        return False
    lengths = {bars} | {c.bars for c in chosen}
    return len(lengths) == 1 or math.lcm(*lengths) <= max_bars


def _combinable(by_meter: dict, roles, max_bars: int) -> str:
    """'' when some meter has a kick, snare or time part to build on and something to put with it from
    another loop; else why nothing can be combined."""
    if not by_meter:
        return "no loop has hits"
    for meter, group in by_meter.items():
        backbone = [s for s in ("kick", "snare", "hats", "ride") if s in group and s in roles]
        sources = {p.loop.source for s in group if s in roles for p in group[s]}
        if backbone and len(sources) >= 2 and len([s for s in group if s in roles]) >= 2:
            return ""
    have = "; ".join(f"{m}: {', '.join(sorted(g))} from {len({p.loop.source for v in g.values() for p in v})} "
                     f"loop(s)" for m, g in sorted(by_meter.items()))
    return (f"nothing to combine: every new loop needs parts of at least two instruments (kick, snare or "
            f"hi-hat/ride among them) from two loops of one meter; the pack has {have}")


def recombine(loops: list[Loop], n: int, *, seed: int = 0, roles=DEFAULT_MIX, max_bars: int = 8,
              tempo: float | None = None, progress=None, cancel=None) -> AugmentResult:
    """Build up to n new loops, each from parts of different source loops of one meter, as one drummer
    would play them: one source per slot (one hi-hat, one ride, one kick, one snare), a hi-hat or a ride
    keeping time, parts on grids that combine and lengths that tile. Deterministic for a seed. Duplicates
    (rotations included, and the source loops themselves), loops one drummer could not play (quality.
    playable) and loops failing the quality filters are dropped; when nothing can combine, `why` says so
    without any attempt."""
    roles = tuple(SLOT_OF_ROLE.get(r, r) for r in roles)
    rng = np.random.default_rng(seed)
    by_meter: dict[str, dict[str, list[Part]]] = {}
    seen: set[bytes] = set()
    for loop in loops:
        for part in split_parts(loop):
            by_meter.setdefault(loop.pattern.meter, {}).setdefault(part.role, []).append(part)
        seen.add(canonical(loop.pattern.hits, tuple(r.note for r in loop.pattern.rows)))
    why = _combinable(by_meter, roles, max_bars)
    if why:
        return AugmentResult([], 0, 0, Counter(), why)
    kinds: dict[str, dict[str, dict[tuple, list[Part]]]] = {}   # meter -> slot -> (grid, bars, feel) -> parts
    for meter, group in by_meter.items():
        for slot, parts in group.items():
            for part in parts:
                kinds.setdefault(meter, {}).setdefault(slot, {}).setdefault((part.grid, part.bars, part.feel),
                                                                             []).append(part)
    meters = sorted(by_meter)
    weights = np.array([sum(len(v) for v in by_meter[m].values()) for m in meters], float)
    out, dup, filtered, attempts, since_new = [], 0, Counter(), 0, 0
    while len(out) < n and attempts < n * 20 and since_new < MAX_FRUITLESS:
        attempts += 1
        since_new += 1
        if cancel is not None and cancel():
            break
        if progress and attempts % 10 == 0:
            progress(len(out) / n)
        meter = meters[rng.choice(len(meters), p=weights / weights.sum())]
        group = by_meter[meter]
        time_keepers = [s for s in ("hats", "ride") if s in group and s in roles]
        timing = [time_keepers[int(rng.random() < 0.25)] if len(time_keepers) == 2 else time_keepers[0]] \
            if time_keepers else []
        # the time keeper first: its figure sets the feel (a shuffle ride takes kicks and snares that swing
        # or sit on the beats), then kick and snare
        want = timing + [s for s in ("kick", "snare") if s in group and s in roles]
        want += [s for s in roles if s in group and s not in ("kick", "snare", "hats", "ride")
                 and rng.random() < (0.5 if s == "clap" else 0.3)]
        chosen: dict[str, Part] = {}
        for slot in want:
            used = {p.loop.source for p in chosen.values()}
            fits = [p for key, parts in kinds[meter][slot].items() if _fits(key, list(chosen.values()), max_bars)
                    for p in parts]
            cands = [p for p in fits if p.loop.source not in used] or fits
            if cands:
                chosen[slot] = cands[rng.integers(len(cands))]
        if len(chosen) < 2 or len({p.loop.source for p in chosen.values()}) < 2:
            filtered["too few parts"] += 1
            continue
        pat = _assemble(chosen, tempo)
        key = canonical(pat.hits, tuple(r.note for r in pat.rows))
        if key in seen:
            dup += 1
            continue
        reasons = playable(pat)
        if not reasons:
            vel = pat.to_voices(unmapped_voice=4)  # percussion counts as a voice of its own for the filters
            # (a bar on a finer grid holds more hits: trap rolls on 32nds are not 'too dense')
            reasons = quality_filter(vel, steps_per_bar=pat.steps_per_bar,
                                     density_range=(GMD_DENSITY_P5, GMD_DENSITY_P95 * pat.grid // 16)).reasons
        if reasons:
            for why in reasons:
                filtered[why] += 1
            continue
        seen.add(key)
        since_new = 0
        out.append(Recombined(pat, {r: p.loop.source for r, p in chosen.items()}, meter))
    if progress:
        progress(1.0)
    stopped = (f"stopped after {MAX_FRUITLESS:,} tries in a row gave nothing new: the pack holds no more "
               f"loops of these parts (engine.looppack.MAX_FRUITLESS)") if since_new >= MAX_FRUITLESS else ""
    return AugmentResult(out, attempts, dup, filtered, stopped=stopped)


HANDS = "hands"
FEET = "feet"


def _limb(note: int) -> str:
    return FEET if note in (35, 36, 44) else HANDS


def playable(pattern: Pattern) -> list[str]:
    """Why one drummer (two hands, two feet, one hi-hat) could not play the pattern: two hi-hat states
    (closed, open, pedal) on one step, more than two hands or more than two feet on one step."""
    notes = [r.note for r in pattern.rows]
    on = pattern.hits > 0
    reasons = []
    hat = [i for i, n in enumerate(notes) if n in HAT_NOTES]
    if len(hat) > 1 and np.any(on[hat].sum(axis=0) > 1):
        reasons.append("two hi-hat states on one step")
    for limb in (HANDS, FEET):
        rows = [i for i, n in enumerate(notes) if _limb(n) == limb]
        if rows and np.any(on[rows].sum(axis=0) > 2):
            reasons.append(f"more than two {limb} on one step")
    return reasons


def _coarsest_grid(parts) -> int:
    """The coarsest grid every hit (and roll) of these parts lies on: a shuffle ride on triplets with a kick
    on the quarters is a loop of 12 steps a bar, not of 48 (the lcm of their files' grids), where its empty
    steps would read as a loop with no variety."""
    parts = list(parts)
    first = parts[0].loop.pattern
    for g in sorted(GRIDS):
        try:
            steps_per_bar_for(first.numerator, first.denominator, g)
        except ValueError:
            continue
        if all(g % p.grid == 0 or (not p.loop.pattern.has_rolls and
                                   not np.any((np.flatnonzero(p.hits.any(axis=0)) * g) % p.grid))
               for p in parts):
            return g
    return common_grid([p.grid for p in parts])


def _assemble(chosen: dict[str, Part], tempo: float | None) -> Pattern:
    first = next(iter(chosen.values())).loop.pattern
    grid = _coarsest_grid(chosen.values())
    spb = first.steps_per_bar * grid // first.grid
    bars = math.lcm(*{p.bars for p in chosen.values()})     # (_fits kept it within max_bars, or all equal)
    notes: dict[int, np.ndarray] = {}
    rolls: dict[int, np.ndarray] = {}
    for part in chosen.values():
        src = part.loop.pattern
        n = part.hits.shape[1]
        at = np.arange(n) * grid // part.grid                # each step's time on the loop's grid
        keep = (np.arange(n) * grid) % part.grid == 0        # (_coarsest_grid: every hit is on one)
        wide = np.zeros((2, len(part.rows), n * grid // part.grid), np.uint8)
        wide[0][:, at[keep]] = part.hits[:, keep]          # the same times on the loop's grid, rolls with them
        wide[1][:, at[keep]] = np.array([src.rolls[src.row_index(r.note)] if src.row_index(r.note) is not None
                                         else np.zeros(n, np.uint8) for r in part.rows])[:, keep]
        for row, h, r in zip(part.rows, tile_to(wide[0], bars * spb), tile_to(wide[1], bars * spb)):
            old = notes.get(row.note, np.zeros_like(h))
            rolls[row.note] = np.where(h >= old, r, rolls.get(row.note, 0))
            notes[row.note] = np.maximum(old, h)
    one_hihat(notes)
    order = sorted(notes, key=row_sort_key)
    rows = tuple(row_for_note(n) for n in order)
    swung = [p.loop.pattern for p in chosen.values() if p.loop.pattern.swing > 0.5 and grid in (16, 32)]
    return Pattern(rows, np.array([notes[n] for n in order]), first.numerator, first.denominator, grid,
                   tempo=tempo or first.tempo, rolls=np.array([rolls[n] for n in order]),
                   swing=swung[0].swing if swung else 0.5, swing_unit=swung[0].swing_unit if swung else 16)


def one_hihat(notes: dict[int, np.ndarray]) -> None:
    """One hi-hat, one state per step (in place, note -> hits): an open hat sounds over a closed or pedal
    one on its step, a closed stroke over the pedal's chick."""
    for keep, drop in ((46, (42, 44)), (42, (44,))):
        if keep in notes:
            for d in drop:
                if d in notes:
                    notes[d] = np.where(notes[keep] > 0, 0, notes[d])


def write_pack(result: AugmentResult, out_dir: str, prefix: str = "groove") -> str:
    """Write the recombined loops as GM MIDI files plus index.csv (file, sources, meter, bars, tempo, feel; cells
    that a spreadsheet would run as a formula are quoted)."""
    if os.path.exists(out_dir) and not os.path.isdir(out_dir):
        raise GrooveLoomError("the output is a file, not a folder: name a folder for the new loops", out_dir)
    try:
        os.makedirs(out_dir, exist_ok=True)
    except OSError as exc:
        raise GrooveLoomError(f"cannot create the folder: {exc.strerror or exc}", out_dir) from None
    if not os.access(out_dir, os.W_OK):
        raise GrooveLoomError("cannot write into this folder (permission denied)", out_dir)
    rows = []
    width = max(3, len(str(len(result.loops))))
    for i, r in enumerate(result.loops, 1):
        fname = f"{prefix}_{i:0{width}d}_{r.meter.replace('/', '-')}.mid"
        write_midi(r.pattern, os.path.join(out_dir, fname), title=os.path.splitext(fname)[0])
        rows.append({"file": fname, "meter": r.meter, "bars": r.pattern.bars, "tempo": r.pattern.tempo,
                     "feel": feel_of(r.pattern),
                     **{f"{slot}_source": csv_cell(r.sources.get(slot, "")) for slot in SLOTS}})
    index = os.path.join(out_dir, "index.csv")
    buf = io.StringIO()
    fields = ["file", "meter", "bars", "tempo", "feel"] + [f"{slot}_source" for slot in SLOTS]
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
    from .fileio import atomic_write_bytes
    atomic_write_bytes(index, buf.getvalue().encode("utf-8"))
    return index


def csv_cell(text: str) -> str:
    """A pack's file name as a CSV cell a spreadsheet shows and never runs: control characters escaped, a
    leading = + - @ (a formula) quoted with an apostrophe."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


def lay_loop(pattern: Pattern, loop: Pattern, row: int | None = None, bar: int = 0,
             repeat: bool = False) -> Pattern:
    """A loop laid onto a pattern where it was dropped: from bar `bar` for the loop's length (the pattern
    grows to hold it, up to MAX_BARS), or with `repeat` tiled from there to the pattern's end. Onto a row:
    only the loop's part for that row's note (or, failing that, for the same drummer voice). Elsewhere: each
    of the loop's rows over that span (rows the pattern lacks added; rows the loop lacks untouched); tempo
    and swing stay. ValueError when meter or grid differ or the loop has no part for the row."""
    if loop.steps_per_bar != pattern.steps_per_bar or loop.grid != pattern.grid:
        raise ValueError(f"the loop is {loop.meter} on a {loop.grid} grid; the pattern is {pattern.meter} on "
                         f"{pattern.grid}: change the pattern first")
    a, b = drop_span(pattern, loop, bar, repeat)
    new = pattern if b <= pattern.n_steps else pattern.resized(-(-b // pattern.steps_per_bar))
    if row is not None:
        note = pattern.rows[row].note
        src = loop.row_index(note)
        if src is None:
            src = next((i for i, r in enumerate(loop.rows) if voice_of_pitch(r.note) == voice_of_pitch(note)), None)
        if src is None:
            raise ValueError(f"the loop has no part for {pattern.rows[row].name}")
        pairs = [(row, src)]
    else:
        for r in loop.rows:
            if new.row_index(r.note) is None:
                new = new.add_row_sorted(r)
        pairs = [(new.row_index(r.note), i) for i, r in enumerate(loop.rows)]
    hits, rolls = np.array(new.hits), np.array(new.rolls)
    for dst, src in pairs:
        hits[dst, a:b] = tile_to(loop.hits[src], b - a)
        rolls[dst, a:b] = tile_to(loop.rolls[src], b - a)
    return new.with_hits(hits, rolls)


def drop_span(pattern: Pattern, loop: Pattern, bar: int, repeat: bool) -> tuple[int, int]:
    """The steps [a, b) a loop dropped on `bar` fills: its own length (at most MAX_BARS bars from the start),
    or with `repeat` to the pattern's end."""
    bar = int(np.clip(bar, 0, pattern.bars - 1))
    a = bar * pattern.steps_per_bar
    if repeat:
        return a, pattern.n_steps
    return a, min(a + loop.n_steps, MAX_BARS * pattern.steps_per_bar)
