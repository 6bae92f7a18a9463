"""The saved document: a versioned JSON `.groove` file holding patterns, rows, tempo, swing, mixer and
generation settings. Saved atomically; loading validates every field and names the one that is wrong;
files from a newer GrooveLoom are refused rather than misread."""
from __future__ import annotations

import functools
import json
import os
from dataclasses import asdict, dataclass, field, replace

import numpy as np

from .drumkit import MAX_NOTE_STEPS, Row
from .errors import ProjectFileError
from .fileio import atomic_write_bytes, read_input_file
from .kitbalance import MAX_CURVE, MIN_CURVE
from .pattern import (EDIT_MAX_BARS, GRIDS, MAX_BARS, MAX_NUDGE, MAX_SWING, MAX_TEMPO, MIN_SWING, MIN_TEMPO,
                      Pattern, check_size, steps_per_bar_for)
from .performance import Humanize
from .rolls import Roll, played_notes

FORMAT = "grooveloom-project"
VERSION = 4          # 4: played timing on hits; 3: rolls and flams; 2: song mode's arrangement (1-3 still load)
MAX_PROJECT_BYTES = 16 * 1024 * 1024     # a project file (a 32-pattern project of 32 dense bars is ~3 MB)
MAX_PROJECT_CELLS = 1 << 26              # steps x rows over all patterns, checked before each is allocated
MAX_REPEATS = 64
MAX_PROJECT_NOTES = 2_000_000            # notes all patterns play once (rolls' strokes and flams counted)
EXTENSION = ".groove"


@dataclass(frozen=True)
class RowMix:
    volume: float = 1.0   # 0..1.5 (linear gain)
    pan: float = 0.0      # -1 left .. +1 right
    mute: bool = False
    solo: bool = False
    curve: float | None = None   # velocity curve exponent (engine.kitbalance); None: the kit's balance


@dataclass(frozen=True)
class Mixer:
    master: float = 0.8
    rows: dict = field(default_factory=dict)  # GM note -> RowMix
    metronome: bool = False
    count_in: bool = False
    kit: str | None = None
    soundfont: str | None = None
    humanize_ms: float = 0.0
    humanize_velocity: int = 0
    humanize_seed: int = 0
    feel: int = 0              # 0-100: how much of a GMD drummer's feel (timing, velocity) the hits get
    feel_style: str = "rock"   # whose feel: a drummer of this style

    @property
    def humanize(self) -> Humanize:
        return Humanize(self.humanize_ms, self.humanize_velocity, self.humanize_seed)

    def row(self, note: int) -> RowMix:
        return self.rows.get(note, RowMix())

    def with_row(self, note: int, **kw) -> "Mixer":
        rows = dict(self.rows)
        rows[note] = replace(self.row(note), **kw)
        return replace(self, rows=rows)


# Each setting's range, declared once: the project loader, the drummer's checks, the command line and the
# window's boxes all read it (a test finds no other copy of these numbers).
RANGES: dict[str, tuple] = {
    "bars": (1, EDIT_MAX_BARS),          # bars the drummer writes in one run
    "temperature": (0.0, 2.0),           # 0 safe .. 2 wild
    "variations": (1, 8),                # takes offered per run
    "variation": (0.0, 1.0),             # 0 the drawn groove .. 1 where the drummer likes
    "humanize_ms": (0.0, 50.0),          # random timing, +- ms
    "humanize_velocity": (0, 64),        # random velocity, +- units
    "feel": (0, 100),                    # % of a GMD drummer's feel
    "volume": (0.0, 1.5),                # a row's or the master volume
    "extra": (0.0, 1.0),                 # Drumify: hits the part's rhythm does not ask for
}


def in_range(name: str, value) -> bool:
    lo, hi = RANGES[name]
    return lo <= value <= hi


def range_text(name: str) -> str:
    lo, hi = RANGES[name]
    return f"{lo:g}-{hi:g}"


def _ranged(name: str, kind: str = "a number") -> dict:
    """check= and what= of a loader field in RANGES."""
    return dict(check=lambda x: in_range(name, x), what=f"{kind} {range_text(name)}")


@dataclass(frozen=True)
class GenerationSettings:
    bars: int = 4
    temperature: float = 1.0
    variation: float = 0.5     # 0: the drawn groove with small variations .. 1: the drummer goes where it likes
    variations: int = 4
    style: str = "rock"
    seed: int | None = None
    locked_notes: tuple[int, ...] = ()


@dataclass(frozen=True)
class Project:
    patterns: tuple[Pattern, ...]
    names: tuple[str, ...] = ()
    current: int = 0
    mixer: Mixer = field(default_factory=Mixer)
    generation: GenerationSettings = field(default_factory=GenerationSettings)
    arrangement: tuple[tuple[int, int], ...] = ()   # song mode: (pattern index, repeats) in order; () = none

    def __post_init__(self) -> None:
        if not self.patterns:
            raise ValueError("a project holds at least one pattern")
        for i, n in self.arrangement:
            if not 0 <= i < len(self.patterns) or not 1 <= n <= MAX_REPEATS:
                raise ValueError(f"arrangement entry ({i}, {n}): pattern 0-{len(self.patterns) - 1}, "
                                 f"repeats 1-{MAX_REPEATS}")
        names = tuple(self.names) + tuple(f"Pattern {i + 1}" for i in range(len(self.names), len(self.patterns)))
        object.__setattr__(self, "names", names[:len(self.patterns)])
        if not 0 <= self.current < len(self.patterns):
            raise ValueError(f"current pattern {self.current} out of range")

    @property
    def pattern(self) -> Pattern:
        return self.patterns[self.current]

    def with_pattern(self, pattern: Pattern, index: int | None = None) -> "Project":
        i = self.current if index is None else index
        ps = list(self.patterns)
        ps[i] = pattern
        return replace(self, patterns=tuple(ps))

    def with_current(self, index: int) -> "Project":
        return replace(self, current=index)

    def with_added(self, pattern: Pattern, name: str | None = None) -> "Project":
        """A new pattern after the current one, which becomes current."""
        i = self.current + 1
        name = name or _free_name(self.names)
        return replace(self, patterns=self.patterns[:i] + (pattern,) + self.patterns[i:],
                       names=self.names[:i] + (name,) + self.names[i:], current=i,
                       arrangement=tuple((j + (j >= i), n) for j, n in self.arrangement))

    def without(self, index: int) -> "Project":
        if len(self.patterns) == 1:
            raise ValueError("a project keeps at least one pattern")
        ps = self.patterns[:index] + self.patterns[index + 1:]
        ns = self.names[:index] + self.names[index + 1:]
        song = tuple((j - (j > index), n) for j, n in self.arrangement if j != index)
        return replace(self, patterns=ps, names=ns, current=min(self.current, len(ps) - 1), arrangement=song)

    def with_arrangement(self, entries) -> "Project":
        """Song mode: (pattern index, repeats) in playing order."""
        return replace(self, arrangement=tuple((int(i), int(n)) for i, n in entries))

    def renamed(self, index: int, name: str) -> "Project":
        if not name.strip():
            raise ValueError("a pattern name cannot be empty")
        ns = list(self.names)
        ns[index] = name.strip()
        return replace(self, names=tuple(ns))

    def __eq__(self, other):
        if not isinstance(other, Project):
            return NotImplemented
        return (self.patterns == other.patterns and self.names == other.names and self.current == other.current
                and self.mixer == other.mixer and self.generation == other.generation
                and self.arrangement == other.arrangement)


def _free_name(names) -> str:
    i = len(names) + 1
    while f"Pattern {i}" in names:
        i += 1
    return f"Pattern {i}"


# ---- to and from JSON ----------------------------------------------------------------------------

def _hit_json(p: Pattern, row: int, step: int) -> list:
    """[step, velocity], or [step, velocity, {"repeats": n, "shape": s, "flam": true, "nudge": x}] for a
    rolled hit or one played off the grid (x steps, straight time)."""
    out: list = [int(step), int(p.hits[row, step])]
    more = p.roll(row, step).to_json() if p.rolls[row, step] else {}
    if p.nudge[row, step]:
        more["nudge"] = round(float(p.nudge[row, step]), 4)
    if more:
        out.append(more)
    return out


def _nudge_from_json(rd, obj, path: str) -> float:
    x = obj.get("nudge", 0.0) if isinstance(obj, dict) else 0.0
    if isinstance(x, bool) or not isinstance(x, (int, float)) or not -MAX_NUDGE <= x <= MAX_NUDGE:
        rd.fail(path, f"nudge must be a number of steps from -{MAX_NUDGE} to {MAX_NUDGE}")
    return float(x)


def _roll_from_json(rd, obj, path: str) -> int:
    if not isinstance(obj, dict) or set(obj) - {"repeats", "shape", "flam", "nudge"}:
        rd.fail(path, 'must be {"repeats": n, "shape": "flat|up|down", "flam": true|false, "nudge": steps}')
    if not set(obj) - {"nudge"}:
        return 0                                   # (played off the grid, not rolled)
    count = obj.get("repeats", 1)
    flam = obj.get("flam", False)
    if not isinstance(flam, bool) or isinstance(count, bool) or not isinstance(count, int):
        rd.fail(path, "repeats must be a whole number and flam true or false")
    shape = obj.get("shape", "flat")
    if not isinstance(shape, str):
        rd.fail(path, 'shape must be "flat", "up" or "down"')
    try:
        return _roll_code(count, shape, flam)
    except ValueError as exc:
        rd.fail(path, str(exc))


@functools.lru_cache(maxsize=64)
def _roll_code(count: int, shape, flam: bool) -> int:
    """(a project rolled in every cell repeats a few rolls 100,000 times: each is checked once)"""
    return Roll(count, shape, flam).code


def arranged(project: Project) -> list[tuple[str, Pattern, int]]:
    """(name, pattern, repeats) in playing order: the arrangement, or every pattern once without one."""
    entries = project.arrangement or tuple((i, 1) for i in range(len(project.patterns)))
    return [(project.names[i], project.patterns[i], n) for i, n in entries]


def pattern_to_dict(p: Pattern) -> dict:
    return {
        "meter": [p.numerator, p.denominator], "grid": p.grid, "bars": p.bars, "tempo": p.tempo,
        "swing": p.swing, "swing_unit": p.swing_unit,
        "rows": [{"name": r.name, "note": r.note, "length": r.length,
                  "hits": [_hit_json(p, i, s) for s in np.flatnonzero(p.hits[i])]}
                 for i, r in enumerate(p.rows)],
    }


def project_to_dict(project: Project) -> dict:
    m = project.mixer
    return {
        "format": FORMAT, "version": VERSION,
        "current": project.current,
        "patterns": [dict(name=n, **pattern_to_dict(p)) for n, p in zip(project.names, project.patterns)],
        "mixer": {"master": m.master, "metronome": m.metronome, "count_in": m.count_in, "kit": m.kit,
                  "soundfont": m.soundfont, "humanize_ms": m.humanize_ms,
                  "humanize_velocity": m.humanize_velocity, "humanize_seed": m.humanize_seed,
                  "feel": m.feel, "feel_style": m.feel_style,
                  "rows": {str(k): asdict(v) for k, v in sorted(m.rows.items())}},
        "generation": {**asdict(project.generation), "locked_notes": list(project.generation.locked_notes)},
        "arrangement": [[i, n] for i, n in project.arrangement],
    }


class _Reader:
    """Typed access to a JSON tree that names the path of the first bad field."""

    def __init__(self, source: str):
        self.source = source
        self.cells = 0          # pattern cells allocated so far (MAX_PROJECT_CELLS)
        self.notes = 0          # notes the patterns read so far play (MAX_PROJECT_NOTES)

    def fail(self, path: str, what: str):
        raise ProjectFileError(f"field '{path}': {what}", self.source)

    def get(self, d, key, path, types, default=..., check=None, what=""):
        here = f"{path}.{key}" if path else str(key)
        if not isinstance(d, dict):
            self.fail(path or "(top level)", "must be an object")
        if key not in d:
            if default is ...:
                self.fail(here, "is missing")
            return default
        v = d[key]
        if isinstance(v, bool) and bool not in (types if isinstance(types, tuple) else (types,)):
            self.fail(here, f"must be {what or _type_names(types)}, got {json.dumps(v)}")
        if not isinstance(v, types) or (check is not None and not check(v)):
            self.fail(here, f"must be {what or _type_names(types)}, got {json.dumps(v)[:40]}")
        return v


def _type_names(types) -> str:
    types = types if isinstance(types, tuple) else (types,)
    names = {int: "an integer", float: "a number", str: "a string", bool: "true or false", list: "a list",
             dict: "an object", type(None): "null"}
    return " or ".join(dict.fromkeys(names.get(t, t.__name__) for t in types))


NUM = (int, float)


def pattern_from_dict(d: dict, path: str, rd: _Reader) -> Pattern:
    meter = rd.get(d, "meter", path, list, check=lambda m: len(m) == 2 and all(
        isinstance(x, int) and not isinstance(x, bool) for x in m), what="[numerator, denominator]")
    grid = rd.get(d, "grid", path, int, check=lambda g: g in GRIDS, what=f"one of {sorted(GRIDS)}")
    try:
        spb = steps_per_bar_for(meter[0], meter[1], grid)
    except ValueError as exc:
        rd.fail(f"{path}.meter", str(exc))
    bars = rd.get(d, "bars", path, int, check=lambda b: 1 <= b <= MAX_BARS, what=f"an integer 1-{MAX_BARS}")
    tempo = rd.get(d, "tempo", path, NUM, check=lambda t: MIN_TEMPO <= t <= MAX_TEMPO,
                   what=f"a tempo {MIN_TEMPO:g}-{MAX_TEMPO:g} BPM")
    swing = rd.get(d, "swing", path, NUM, MIN_SWING, check=lambda s: MIN_SWING <= s <= MAX_SWING,
                   what=f"a number {MIN_SWING}-{MAX_SWING}")
    unit = rd.get(d, "swing_unit", path, int, 16, check=lambda u: u in (8, 16), what="8 or 16")
    rows_in = rd.get(d, "rows", path, list)
    rows, seen = [], set()
    try:
        check_size(len(rows_in), bars * spb)
    except ValueError as exc:
        rd.fail(path, str(exc))
    rd.cells += len(rows_in) * bars * spb
    if rd.cells > MAX_PROJECT_CELLS:
        rd.fail(path, f"the project's patterns hold more than {MAX_PROJECT_CELLS:,} cells in all "
                      f"(engine.project.MAX_PROJECT_CELLS)")
    hits = np.zeros((len(rows_in), bars * spb), np.uint8)
    rolls = np.zeros_like(hits)
    nudge = np.zeros(hits.shape)
    for i, r in enumerate(rows_in):
        rp = f"{path}.rows[{i}]"
        name = rd.get(r, "name", rp, str, check=lambda s: bool(s.strip()), what="a non-empty string")
        note = rd.get(r, "note", rp, int, check=lambda n: 0 <= n <= 127, what="a MIDI note 0-127")
        if note in seen:
            rd.fail(f"{rp}.note", f"note {note} is used by two rows")
        seen.add(note)
        length = rd.get(r, "length", rp, (int, float, type(None)), None,
                        check=lambda x: x is None or 0 < x <= MAX_NOTE_STEPS,
                        what=f"a number of steps above 0 and at most {MAX_NOTE_STEPS}, or null")
        for j, h in enumerate(rd.get(r, "hits", rp, list, [])):
            hp = f"{rp}.hits[{j}]"
            if not (isinstance(h, list) and len(h) in (2, 3) and all(isinstance(x, int) and not isinstance(x, bool)
                                                                     for x in h[:2])):
                rd.fail(hp, "must be [step, velocity] or [step, velocity, {roll}]")
            if not 0 <= h[0] < bars * spb:
                rd.fail(hp, f"step {h[0]} outside the pattern (0-{bars * spb - 1})")
            if not 1 <= h[1] <= 127:
                rd.fail(hp, f"velocity {h[1]} outside 1-127")
            hits[i, h[0]] = h[1]
            if len(h) == 3:
                rolls[i, h[0]] = _roll_from_json(rd, h[2], f"{hp}[2]")
                nudge[i, h[0]] = _nudge_from_json(rd, h[2], f"{hp}[2]")
        rows.append(Row(name, note, length))
    rd.notes += played_notes(hits, rolls)
    if rd.notes > MAX_PROJECT_NOTES:
        rd.fail(path, f"the project's patterns play more than {MAX_PROJECT_NOTES:,} notes in all "
                      f"(engine.project.MAX_PROJECT_NOTES)")
    return Pattern(tuple(rows), hits, meter[0], meter[1], grid, tempo=tempo, swing=swing, swing_unit=unit,
                   rolls=rolls, nudge=nudge)


def project_from_dict(d: dict, source: str = "<project>") -> Project:
    rd = _Reader(source)
    if not isinstance(d, dict):
        rd.fail("(top level)", "must be an object")
    fmt = rd.get(d, "format", "", str)
    if fmt != FORMAT:
        rd.fail("format", f"must be '{FORMAT}', got '{fmt}' (not a GrooveLoom project)")
    version = rd.get(d, "version", "", int, check=lambda v: v >= 1, what="a positive integer")
    if version > VERSION:
        raise ProjectFileError(f"written by a newer GrooveLoom (file version {version}, this version reads "
                               f"up to {VERSION}); update GrooveLoom to open it", source)
    pats = rd.get(d, "patterns", "", list, check=lambda x: len(x) >= 1, what="a non-empty list")
    patterns, names = [], []
    for i, pd in enumerate(pats):
        names.append(rd.get(pd, "name", f"patterns[{i}]", str, f"Pattern {i + 1}"))
        patterns.append(pattern_from_dict(pd, f"patterns[{i}]", rd))
    current = rd.get(d, "current", "", int, 0, check=lambda c: 0 <= c < len(patterns),
                     what=f"an index 0-{len(patterns) - 1}")
    mixer = _mixer_from_dict(rd.get(d, "mixer", "", dict, {}), rd)
    gen = _generation_from_dict(rd.get(d, "generation", "", dict, {}), rd)
    song = rd.get(d, "arrangement", "", list, [], check=lambda a: all(
        isinstance(e, list) and len(e) == 2 and all(isinstance(x, int) and not isinstance(x, bool) for x in e)
        and 0 <= e[0] < len(patterns) and 1 <= e[1] <= MAX_REPEATS for e in a),
        what=f"a list of [pattern index, repeats 1-{MAX_REPEATS}]")
    return Project(tuple(patterns), tuple(names), current, mixer, gen, tuple((i, n) for i, n in song))


def _mixer_from_dict(m: dict, rd: _Reader) -> Mixer:
    """The project's "mixer" object: master, per-row volume/pan/mute/solo/curve, metronome, kit, feel."""
    row_mix = {}
    for k, v in rd.get(m, "rows", "mixer", dict, {}).items():
        rp = f"mixer.rows.{k}"
        if not (k.isascii() and k.isdigit() and len(k) <= 3) or not 0 <= int(k) <= 127:
            rd.fail(rp, "key must be a MIDI note 0-127")
        curve = rd.get(v, "curve", rp, (*NUM, type(None)), None,
                       check=lambda x: x is None or MIN_CURVE <= x <= MAX_CURVE,
                       what=f"a velocity curve {MIN_CURVE}-{MAX_CURVE} or null (the kit's)")
        row_mix[int(k)] = RowMix(
            volume=float(rd.get(v, "volume", rp, NUM, 1.0, **_ranged("volume"))),
            pan=float(rd.get(v, "pan", rp, NUM, 0.0, check=lambda x: -1 <= x <= 1, what="a number -1..1")),
            mute=rd.get(v, "mute", rp, bool, False), solo=rd.get(v, "solo", rp, bool, False),
            curve=None if curve is None else float(curve))
    return Mixer(
        master=float(rd.get(m, "master", "mixer", NUM, 0.8, **_ranged("volume"))),
        rows=row_mix,
        metronome=rd.get(m, "metronome", "mixer", bool, False), count_in=rd.get(m, "count_in", "mixer", bool, False),
        kit=rd.get(m, "kit", "mixer", (str, type(None)), None),
        soundfont=rd.get(m, "soundfont", "mixer", (str, type(None)), None),
        humanize_ms=float(rd.get(m, "humanize_ms", "mixer", NUM, 0.0, **_ranged("humanize_ms"))),
        humanize_velocity=rd.get(m, "humanize_velocity", "mixer", int, 0,
                                 **_ranged("humanize_velocity", "an integer")),
        humanize_seed=rd.get(m, "humanize_seed", "mixer", int, 0, check=lambda x: 0 <= x < 2**32,
                             what="an integer 0-4294967295"),
        feel=rd.get(m, "feel", "mixer", int, 0, **_ranged("feel", "an integer")),
        feel_style=rd.get(m, "feel_style", "mixer", str, "rock", check=lambda s: len(s) <= 40,
                          what="a style name"))


def _generation_from_dict(g: dict, rd: _Reader) -> GenerationSettings:
    """The project's "generation" object: the drummer's settings as last used."""
    return GenerationSettings(
        bars=rd.get(g, "bars", "generation", int, 4, **_ranged("bars", "an integer")),
        temperature=float(rd.get(g, "temperature", "generation", NUM, 1.0, **_ranged("temperature"))),
        variations=rd.get(g, "variations", "generation", int, 4, **_ranged("variations", "an integer")),
        variation=float(rd.get(g, "variation", "generation", NUM, 0.5, **_ranged("variation"))),
        style=rd.get(g, "style", "generation", str, "rock"),
        seed=rd.get(g, "seed", "generation", (int, type(None)), None, check=lambda x: x is None or 0 <= x < 2**32,
                    what="an integer 0-4294967295 or null"),
        locked_notes=tuple(rd.get(g, "locked_notes", "generation", list, [], check=lambda x: all(
            isinstance(n, int) and 0 <= n <= 127 for n in x), what="a list of MIDI notes")))


def dumps(project: Project) -> str:
    return json.dumps(project_to_dict(project), indent=1)


def save_project(project: Project, path: str | os.PathLike) -> None:
    atomic_write_bytes(path, dumps(project).encode("utf-8"), ProjectFileError)


def load_project(path: str | os.PathLike) -> Project:
    data = read_input_file(path, ProjectFileError, max_bytes=MAX_PROJECT_BYTES)
    if not data.strip():
        raise ProjectFileError("empty file, not a GrooveLoom project", path)
    try:
        d = json.loads(data.decode("utf-8"))
    except UnicodeDecodeError:
        raise ProjectFileError("not a GrooveLoom project (binary data, not JSON text)", path) from None
    except json.JSONDecodeError as exc:
        raise ProjectFileError(f"not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg}); "
                               f"the file may be damaged", path) from None
    except (ValueError, RecursionError) as exc:   # a number of thousands of digits, nesting thousands deep
        raise ProjectFileError(f"not a GrooveLoom project ({' '.join(str(exc).split())[:80]})", path) from None
    return project_from_dict(d, os.fspath(path))


def project_from_pattern(pattern: Pattern, name: str = "Pattern 1") -> Project:
    return Project((pattern,), (name,))
