"""Reading a pack: every file parsed, read through the pack's one note map, trimmed to its loop."""
from __future__ import annotations

import dataclasses
import math
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..drumkit import voice_of_pitch
from ..errors import Cancelled, GrooveLoomError, MidiFileError
from ..pattern import Pattern
from .feel import played_swing
from .files import _File, iter_pack, pack_files
from .names import _KIT_TOKENS, _words, meter_from_name, role_from_name, slot_of_note
from .notemap import (LearnedMap, Meaning, NOTE_MAPS, NoteMap, NoteReading, PackReading, ghost_table,
                      learn_note_map, load_note_map, part_meanings)


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
class ScanResult:
    loops: list[Loop]
    skipped: list[tuple[str, str]]     # (file, reason)
    files: int = 0
    learned: LearnedMap | None = None  # the pack's own note map (every file was read through it)
    kit_map: str = "gm"                # how the pack was read: 'learned + gm', or the map asked for
    reading: PackReading | None = None

    def roles(self) -> Counter:
        return Counter(l.role for l in self.loops)


def _parse(name: str, data: bytes, role: str | None = None, meter: tuple[int, int] | None = None) -> _File:
    from ..midi import parse_midi_bytes     # (here: the window imports this package at start, mido only when
    mid = parse_midi_bytes(data, name)      # a pack is read, in a worker)
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
        if f.role == "kit" or _map_reads_it(m, p in reading.map.ghosts, mine):
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


def _map_reads_it(gm: int | None, ghost: bool, mine: Meaning | None) -> bool:
    """Whether the pack's map reads a part file's note: it names the note as an instrument of the part's own
    kind (slot); where the file's name says stick or ghost, only when the map says just that too."""
    if gm is None or mine is None:
        return False
    if mine.named:
        return gm == mine.note and ghost == mine.ghost
    return slot_of_note(gm) == slot_of_note(mine.note)


def _read(f: _File, reading: PackReading | None, grid: int | None) -> Loop:
    from ..midi import import_midi
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
