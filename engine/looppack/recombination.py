"""Recombining a pack's parts into new loops one drummer could play, and writing them with index.csv."""
from __future__ import annotations

import csv
import io
import math
import os
from collections import Counter
from dataclasses import dataclass

import numpy as np

from ..drumkit import Row, row_for_note, row_sort_key
from ..errors import GrooveLoomError, printable
from ..pattern import GRIDS, Pattern, steps_per_bar_for, tile_to
from ..quality import GMD_DENSITY_P5, GMD_DENSITY_P95, quality_filter
from .feel import feel_of, feels_fit
from .names import HAT_NOTES, SLOTS, SLOT_OF_ROLE, slot_of_note
from .scan import Loop


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
    if n <= 512:          # every rotation at once (rotation k: columns k, k+1, ..., as np.roll(h, -k) has them)
        turns = h[:, (np.arange(n)[:, None] + np.arange(n)[None, :]) % n].transpose(1, 0, 2)
        flat = np.ascontiguousarray(turns).reshape(n, -1)
        best = min(flat[k].tobytes() for k in range(n))
    else:
        best = h.tobytes()
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
    kinds = _kinds(by_meter)
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
        chosen = _choose_parts(rng, group, kinds[meter], roles, max_bars)
        if len(chosen) < 2 or len({p.loop.source for p in chosen.values()}) < 2:
            filtered["too few parts"] += 1
            continue
        pat = _assemble(chosen, tempo)
        key = canonical(pat.hits, tuple(r.note for r in pat.rows))
        if key in seen:
            dup += 1
            continue
        reasons = _faults(pat)
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


class Kind(list):
    """The parts of one slot with one (grid, bars, feel), in the pack's order, and where each source loop's
    parts sit among them (`at`): a draw skips a used source's parts without walking the whole list."""

    def __init__(self):
        super().__init__()
        self.at: dict[str, list[int]] = {}

    def add(self, part: Part) -> None:
        self.at.setdefault(part.loop.source, []).append(len(self))
        self.append(part)


def _kinds(by_meter: dict) -> dict[str, dict[str, dict[tuple, Kind]]]:
    """meter -> slot -> (grid, bars, feel) -> parts: the parts grouped by what decides whether they combine."""
    kinds: dict = {}
    for meter, group in by_meter.items():
        for slot, parts in group.items():
            for part in parts:
                kinds.setdefault(meter, {}).setdefault(slot, {}).setdefault((part.grid, part.bars, part.feel),
                                                                             Kind()).add(part)
    return kinds


def _draw(rng, kinds: list[Kind], used: set) -> Part | None:
    """A part drawn from the kinds (in order) as cands[rng.integers(len(cands))] draws it, cands being their
    parts whose source is not used (all of them where every one is): the same draw, in time of the kinds and
    the used sources' parts rather than of every part of the pack."""
    starts, total = [], 0
    for kind in kinds:
        starts.append(total)
        total += len(kind)
    if not total:
        return None
    skip = sorted(start + i for start, kind in zip(starts, kinds) for s in used for i in kind.at.get(s, ()))
    if len(skip) == total:
        skip = []
    pos = int(rng.integers(total - len(skip)))
    for s in skip:                       # the pos-th part not skipped
        if s <= pos:
            pos += 1
    k = max(i for i, start in enumerate(starts) if start <= pos and len(kinds[i]))
    return kinds[k][pos - starts[k]]


def _choose_parts(rng, group: dict, kinds: dict, roles: tuple, max_bars: int) -> dict[str, Part]:
    """One part per slot of one meter, each from another source loop where one fits. The time keeper first:
    its figure sets the feel (a shuffle ride takes kicks and snares that swing or sit on the beats), then kick
    and snare, then the other slots by chance."""
    time_keepers = [s for s in ("hats", "ride") if s in group and s in roles]
    timing = [time_keepers[int(rng.random() < 0.25)] if len(time_keepers) == 2 else time_keepers[0]] \
        if time_keepers else []
    want = timing + [s for s in ("kick", "snare") if s in group and s in roles]
    want += [s for s in roles if s in group and s not in ("kick", "snare", "hats", "ride")
             and rng.random() < (0.5 if s == "clap" else 0.3)]
    chosen: dict[str, Part] = {}
    for slot in want:
        used = {p.loop.source for p in chosen.values()}
        part = _draw(rng, [kind for key, kind in kinds[slot].items() if _fits(key, list(chosen.values()), max_bars)],
                     used)
        if part is not None:
            chosen[slot] = part
    return chosen


def _faults(pat: Pattern) -> list[str]:
    """Why a recombined loop is dropped: what one drummer could not play, else the quality filters' reasons
    (percussion counts as a voice of its own; a bar on a finer grid holds more hits, so trap rolls on 32nds
    are not 'too dense')."""
    reasons = playable(pat)
    if not reasons:
        vel = pat.to_voices(unmapped_voice=4)
        reasons = quality_filter(vel, steps_per_bar=pat.steps_per_bar,
                                 density_range=(GMD_DENSITY_P5, GMD_DENSITY_P95 * pat.grid // 16)).reasons
    return reasons


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
    from ..midi import write_midi
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
    from ..fileio import atomic_write_bytes
    atomic_write_bytes(index, buf.getvalue().encode("utf-8"))
    return index


def csv_cell(text: str) -> str:
    """A pack's file name as a CSV cell a spreadsheet shows and never runs: control characters escaped, a
    leading = + - @ (a formula) quoted with an apostrophe."""
    text = printable(text)
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text
