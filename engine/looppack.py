"""Loop packs: scan a folder or .zip of MIDI loops, tell whole-kit loops from single parts, normalize every
loop to General MIDI, and recombine parts of compatible loops into new ones (seeded, deduplicated,
quality-filtered), as TrapGenerator did by hand: kick from one loop, snare from another, hats from a third.

Pure engine code (numpy + mido through midi_io): the GUI and the CLI call it from workers.
"""
from __future__ import annotations

import csv
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
from .errors import Cancelled, GrooveLoomError, MidiFileError
from .midi_io import import_midi, parse_midi_bytes, write_midi
from .pattern import Pattern, tile_to
from .quality import quality_filter

ROLES = ("kit", "kick", "snare", "clap", "closed_hat", "open_hat", "ride", "crash", "toms", "perc")
PART_ROLES = ROLES[1:]
# The GM note each part role is written on (toms spread over low/mid/high).
ROLE_NOTE = {"kick": 36, "snare": 38, "clap": 39, "closed_hat": 42, "open_hat": 46, "ride": 51, "crash": 49,
             "toms": 45, "perc": 56}
ROLE_SECOND_NOTE = {"closed_hat": 46, "open_hat": 42, "kick": 35, "snare": 38, "clap": 39, "ride": 53,
                    "crash": 57, "perc": 54}
TOM_NOTES = (45, 47, 50)
ROLE_OF_VOICE = ("kick", "snare", "closed_hat", "open_hat", "toms", "toms", "toms", "crash", "ride")

_TOKENS = {
    "kick": {"kick", "kik", "kck", "bd", "bassdrum", "808", "kicks"},
    "snare": {"snare", "snr", "sd", "sn", "snares", "rim", "rimshot"},
    "clap": {"clap", "clp", "cp", "claps"},
    "closed_hat": {"hh", "hat", "hats", "hihat", "hihats", "ch", "chh", "closedhat", "hhc"},
    "open_hat": {"oh", "ohh", "openhat", "hho"},
    "ride": {"ride", "rd", "rides"},
    "crash": {"crash", "cr", "cymbal", "cym", "crashes"},
    "toms": {"tom", "toms", "tomfill"},
    "perc": {"perc", "percs", "percussion", "shaker", "shk", "conga", "bongo", "cowbell", "tamb",
             "tambourine", "rimclick", "clave", "claves"},
}
_KIT_TOKENS = {"drums", "drum", "kit", "full", "groove", "beat", "break", "breaks", "fullkit"}
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


def load_note_map(name_or_path: str) -> dict[int, int]:
    """A preset name (gm, pads, mpc, ableton) or a JSON file {"source note": GM note, ...}."""
    if name_or_path in NOTE_MAPS:
        return NOTE_MAPS[name_or_path]
    if not os.path.isfile(name_or_path):
        raise GrooveLoomError(f"no note map '{name_or_path}' (presets: {', '.join(sorted(NOTE_MAPS))}, "
                              f"or a JSON file)")
    try:
        d = json.load(open(name_or_path))
        return {int(k): int(v) for k, v in d.items() if 0 <= int(k) <= 127 and 0 <= int(v) <= 127}
    except (ValueError, TypeError, AttributeError, OSError) as exc:
        raise GrooveLoomError(f"note map must be a JSON object of note -> GM note ({exc})", name_or_path) from None


def name_tokens(filename: str) -> list[str]:
    """Lowercase tokens of a file name: split on _ - . space, camelCase and letter/digit boundaries."""
    stem = os.path.splitext(os.path.basename(filename))[0]
    stem = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    parts = re.split(r"[\s_\-.()\[\]]+", stem.lower())
    out = []
    for p in parts:
        out += [t for t in re.split(r"(\d+)", p) if t]
    return out


def role_from_name(filename: str) -> str | None:
    toks = name_tokens(filename)
    joined = set(toks) | {a + b for a, b in zip(toks, toks[1:])}
    if {"open", "hat"} <= set(toks) or "openhat" in joined or {"open", "hh"} <= set(toks):
        return "open_hat"
    if {"closed", "hat"} <= set(toks) or "closedhat" in joined:
        return "closed_hat"
    found = [r for r in PART_ROLES if _TOKENS[r] & joined]
    if len(found) == 1:
        return found[0]
    if joined & _KIT_TOKENS or len(found) > 1:
        return "kit"
    return None


def meter_from_name(filename: str) -> tuple[int, int] | None:
    m = METER_RE.search(os.path.basename(filename))
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if 1 <= num <= 16:
            return num, den
    return None


@dataclass
class Loop:
    name: str                  # path inside the pack
    role: str                  # kit or a part role
    pattern: Pattern           # normalized to GM notes
    meter_source: str          # 'event', 'name', 'length' or 'user'
    source: str                # the pack file it came from
    unmapped: Counter = field(default_factory=Counter)

    @property
    def bars(self) -> int:
        return self.pattern.bars


@dataclass
class ScanResult:
    loops: list[Loop]
    skipped: list[tuple[str, str]]     # (file, reason)
    files: int = 0

    def roles(self) -> Counter:
        return Counter(l.role for l in self.loops)


def iter_pack(path: str):
    """(name, bytes) of every .mid/.midi file in a folder (recursive) or a .zip, sorted by name."""
    if os.path.isdir(path):
        names = []
        for root, _, files in os.walk(path):
            names += [os.path.join(root, f) for f in files if f.lower().endswith((".mid", ".midi"))]
        for n in sorted(names):
            try:
                with open(n, "rb") as f:
                    yield os.path.relpath(n, path), f.read()
            except OSError as exc:
                yield os.path.relpath(n, path), exc
    elif zipfile.is_zipfile(path):
        with zipfile.ZipFile(path) as z:
            for info in sorted(z.infolist(), key=lambda i: i.filename):
                if not info.is_dir() and info.filename.lower().endswith((".mid", ".midi")):
                    try:
                        yield info.filename, z.read(info)
                    except (zipfile.BadZipFile, OSError, RuntimeError) as exc:
                        yield info.filename, exc
    elif os.path.exists(path):
        raise GrooveLoomError("not a folder or a .zip of MIDI loops", path)
    else:
        raise GrooveLoomError("no such folder or file", path)


def read_pack_file(pack: str, name: str) -> bytes:
    """The bytes of one file of a pack (folder or .zip), by the name scan_pack gave it."""
    if os.path.isdir(pack):
        with open(os.path.join(pack, name), "rb") as f:
            return f.read()
    with zipfile.ZipFile(pack) as z:
        return z.read(name)


def normalize_loop(name: str, data: bytes, *, note_map: dict[int, int] | None = None, role: str | None = None,
                   meter: tuple[int, int] | None = None, grid: int = 16) -> Loop:
    """One pack file -> a GM Loop. Parts go onto their role's GM note whatever note/channel they used;
    kit loops go through the note map. Raises MidiFileError for unreadable files."""
    mid = parse_midi_bytes(data, name)
    has_meter_event = any(m.type == "time_signature" for t in mid.tracks for m in t)
    meter_source = "user" if meter else ("event" if has_meter_event else None)
    if meter is None and not has_meter_event:
        meter = meter_from_name(name)
        meter_source = "name" if meter else None
    pitches = Counter(m.note for t in mid.tracks for m in t if m.type == "note_on" and m.velocity > 0)
    if not pitches:
        raise MidiFileError("no notes", name)
    role = role or role_from_name(name) or _role_from_notes(pitches)
    if role == "kit":
        nmap = note_map or NOTE_MAPS["gm"]
    else:
        nmap = _part_map(role, pitches)
    res = import_midi(mid, name=name, grid=grid, channel="any", note_map=nmap, meter=meter)
    p = res.pattern
    if meter_source is None:  # from the length: whole bars of 4/4, else of 3/4
        meter_source = "length"
        quarters = p.n_steps / p.steps_per_quarter
        if quarters % 4 and quarters % 3 == 0:
            p = import_midi(mid, name=name, grid=grid, channel="any", note_map=nmap, meter=(3, 4)).pattern
    return Loop(name, role, p, meter_source, name, res.report.unmapped)


def _role_from_notes(pitches: Counter) -> str:
    """No hint in the name: one or two pitches of one family make a part, anything more a kit."""
    voices = {voice_of_pitch(n) for n in pitches}
    if len(pitches) <= 2 and len(voices) == 1 and None not in voices:
        return ROLE_OF_VOICE[voices.pop()]
    if len(pitches) == 1:
        return "perc"
    return "kit"


def _part_map(role: str, pitches: Counter) -> dict[int, int]:
    """Every pitch of a part file onto its role's GM note; a second pitch of a hat part is the open (or
    closed) hat, toms spread low to high, the rest of one family share the role's note."""
    ordered = [p for p, _ in pitches.most_common()]
    if role == "toms":
        ups = sorted(pitches)
        return {p: TOM_NOTES[min(len(TOM_NOTES) - 1, i * len(TOM_NOTES) // max(1, len(ups)))]
                for i, p in enumerate(ups)}
    out = {ordered[0]: ROLE_NOTE[role]}
    for p in ordered[1:]:
        out[p] = ROLE_SECOND_NOTE.get(role, ROLE_NOTE[role]) if p == ordered[1] else ROLE_NOTE[role]
    return out


def scan_pack(path: str, *, note_map: str | dict | None = None, roles: dict[str, str] | None = None,
              meters: dict[str, tuple[int, int]] | None = None, progress=None, cancel=None) -> ScanResult:
    """Read every loop of a pack. Unreadable files are listed with the reason; the scan goes on.
    roles / meters: per-file overrides by name."""
    nmap = load_note_map(note_map) if isinstance(note_map, str) else note_map
    items = list(iter_pack(path))
    loops, skipped = [], []
    for i, (name, data) in enumerate(items):
        if cancel is not None and cancel():
            raise Cancelled("scan cancelled", path)
        if progress and i % 25 == 0:
            progress(i / max(1, len(items)))
        if isinstance(data, Exception):
            skipped.append((name, f"cannot read: {data}"))
            continue
        try:
            loop = normalize_loop(name, data, note_map=nmap, role=(roles or {}).get(name),
                                  meter=(meters or {}).get(name))
        except (GrooveLoomError, ValueError) as exc:
            skipped.append((name, exc.message if isinstance(exc, GrooveLoomError) else str(exc)))
            continue
        loop.source = name
        loops.append(loop)
    if progress:
        progress(1.0)
    return ScanResult(loops, skipped, len(items))


# ---- recombination -------------------------------------------------------------------------------

@dataclass
class Part:
    role: str
    hits: np.ndarray     # (rows, steps) on the loop's own rows
    rows: tuple[Row, ...]
    loop: Loop


def split_parts(loop: Loop) -> list[Part]:
    """A loop's parts by role: a part loop is one part; a kit loop splits along its rows' voices."""
    p = loop.pattern
    if loop.role != "kit":
        return [Part(loop.role, np.array(p.hits), p.rows, loop)] if p.total_hits else []
    by_role: dict[str, list[int]] = {}
    for i, r in enumerate(p.rows):
        v = voice_of_pitch(r.note)
        role = "clap" if r.note == 39 else (ROLE_OF_VOICE[v] if v is not None else "perc")
        if np.any(p.hits[i]):
            by_role.setdefault(role, []).append(i)
    return [Part(role, np.array(p.hits[idx]), tuple(p.rows[i] for i in idx), loop) for role, idx in by_role.items()]


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
    sources: dict[str, str]    # role -> source loop name
    meter: str


@dataclass
class AugmentResult:
    loops: list[Recombined]
    attempts: int
    duplicates: int
    filtered: Counter


DEFAULT_MIX = ("kick", "snare", "clap", "closed_hat", "open_hat", "ride", "perc", "toms", "crash")


def recombine(loops: list[Loop], n: int, *, seed: int = 0, roles=DEFAULT_MIX, max_bars: int = 8,
              tempo: float | None = None, progress=None, cancel=None) -> AugmentResult:
    """Build up to n new loops, each from parts of different source loops of one meter. Deterministic for a
    seed. Duplicates (rotations included, and the source loops themselves) and loops failing the quality
    filters are dropped."""
    rng = np.random.default_rng(seed)
    by_meter: dict[str, dict[str, list[Part]]] = {}
    seen: set[bytes] = set()
    for loop in loops:
        parts = split_parts(loop)
        for part in parts:
            by_meter.setdefault(loop.pattern.meter, {}).setdefault(part.role, []).append(part)
        seen.add(canonical(loop.pattern.hits, tuple(r.note for r in loop.pattern.rows)))
    usable = {m: g for m, g in by_meter.items()
              if ("kick" in g) + ("snare" in g or "clap" in g) + ("closed_hat" in g or "ride" in g) >= 2}
    out, dup, filtered, attempts = [], 0, Counter(), 0
    if not usable:
        return AugmentResult(out, 0, 0, Counter({"no compatible parts": 1}))
    meters = sorted(usable)
    weights = np.array([sum(len(v) for v in usable[m].values()) for m in meters], float)
    while len(out) < n and attempts < n * 20:
        attempts += 1
        if cancel is not None and cancel():
            break
        if progress and attempts % 10 == 0:
            progress(len(out) / n)
        meter = meters[rng.choice(len(meters), p=weights / weights.sum())]
        group = usable[meter]
        chosen: dict[str, Part] = {}
        backbone = [r for r in ("kick", "snare", "closed_hat") if r in group and r in roles]
        extras = [r for r in roles if r in group and r not in backbone]
        want = backbone + [r for r in extras if rng.random() < (0.5 if r in ("clap", "open_hat") else 0.3)]
        used_sources: set[str] = set()
        for role in want:
            cands = [p for p in group[role] if p.loop.source not in used_sources] or group[role]
            part = cands[rng.integers(len(cands))]
            chosen[role] = part
            used_sources.add(part.loop.source)
        if len(chosen) < 2:
            filtered["too few parts"] += 1
            continue
        pat = _assemble(chosen, max_bars, tempo)
        if pat is None:
            filtered["lengths do not tile"] += 1
            continue
        key = canonical(pat.hits, tuple(r.note for r in pat.rows))
        if key in seen:
            dup += 1
            continue
        vel = pat.to_voices(unmapped_voice=4)  # percussion counts as a voice of its own for the filters
        q = quality_filter(vel, steps_per_bar=pat.steps_per_bar)
        if not q.passed:
            for why in q.reasons:
                filtered[why] += 1
            continue
        seen.add(key)
        out.append(Recombined(pat, {r: p.loop.source for r, p in chosen.items()}, meter))
    if progress:
        progress(1.0)
    return AugmentResult(out, attempts, dup, filtered)


def _assemble(chosen: dict[str, Part], max_bars: int, tempo: float | None) -> Pattern | None:
    first = next(iter(chosen.values())).loop.pattern
    spb = first.steps_per_bar
    lengths = [p.hits.shape[1] // spb for p in chosen.values()]
    bars = 1
    for b in lengths:
        bars = bars * b // math.gcd(bars, b)
    if bars > max_bars:
        return None
    notes: dict[int, np.ndarray] = {}
    for part in chosen.values():
        for row, h in zip(part.rows, tile_to(part.hits, bars * spb)):
            notes[row.note] = np.maximum(notes.get(row.note, 0), h)
    order = sorted(notes, key=row_sort_key)
    rows = tuple(row_for_note(n) for n in order)
    return Pattern(rows, np.array([notes[n] for n in order]), first.numerator, first.denominator, first.grid,
                   tempo=tempo or first.tempo)


def write_pack(result: AugmentResult, out_dir: str, prefix: str = "groove") -> str:
    """Write the recombined loops as GM MIDI files plus index.csv (file, sources, meter, bars, tempo)."""
    os.makedirs(out_dir, exist_ok=True)
    rows = []
    width = max(3, len(str(len(result.loops))))
    for i, r in enumerate(result.loops, 1):
        fname = f"{prefix}_{i:0{width}d}_{r.meter.replace('/', '-')}.mid"
        write_midi(r.pattern, os.path.join(out_dir, fname), title=os.path.splitext(fname)[0])
        rows.append({"file": fname, "meter": r.meter, "bars": r.pattern.bars, "tempo": r.pattern.tempo,
                     **{f"{role}_source": r.sources.get(role, "") for role in PART_ROLES}})
    index = os.path.join(out_dir, "index.csv")
    buf = io.StringIO()
    fields = ["file", "meter", "bars", "tempo"] + [f"{role}_source" for role in PART_ROLES]
    w = csv.DictWriter(buf, fieldnames=fields)
    w.writeheader()
    w.writerows(rows)
    from .fileio import atomic_write_bytes
    atomic_write_bytes(index, buf.getvalue().encode("utf-8"))
    return index


def lay_loop(pattern: Pattern, loop: Pattern, row: int | None = None) -> Pattern:
    """A loop laid onto a pattern, repeated to its length. Onto a row: only the loop's part for that row's
    note (or, failing that, for the same drummer voice). Elsewhere: the whole loop replaces the pattern's
    hits, adding the rows it lacks; tempo and swing stay. ValueError when meter or grid differ or the loop
    has no part for the row."""
    if loop.steps_per_bar != pattern.steps_per_bar or loop.grid != pattern.grid:
        raise ValueError(f"the loop is {loop.meter} on a {loop.grid} grid; the pattern is {pattern.meter} on "
                         f"{pattern.grid}: change the pattern first")
    if row is not None:
        note = pattern.rows[row].note
        src = loop.row_index(note)
        if src is None:
            src = next((i for i, r in enumerate(loop.rows) if voice_of_pitch(r.note) == voice_of_pitch(note)), None)
        if src is None:
            raise ValueError(f"the loop has no part for {pattern.rows[row].name}")
        hits = np.array(pattern.hits)
        hits[row] = tile_to(loop.hits[src], pattern.n_steps)
        return pattern.with_hits(hits)
    new = pattern
    for r in loop.rows:
        if new.row_index(r.note) is None:
            new = new.add_row_sorted(r)
    hits = np.zeros_like(new.hits)
    for i, r in enumerate(loop.rows):
        hits[new.row_index(r.note)] = tile_to(loop.hits[i], new.n_steps)
    return new.with_hits(hits)
