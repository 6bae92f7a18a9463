"""Where the drummer rolls: roll habits (which voices roll, on which 16th of the bar, how many repeats in
what shape, how many rolls a bar) read from a seed or from a style, and laid onto new bars.

The drummer's network writes hits on 16ths; a roll is what a hit does inside its step (engine.rolls). So
rolls are a second, small model on top of the hits: for each voice and position in the bar, the share of
hits that roll and the rolls they are, counted in the seed the user drew (Continue keeps the seed's
habits: a seed without rolls gets none), or taken from a style's habits for Generate and Fill:

- GMD styles and fills: counted on the train split (`python main.py train-rolls`): a 16th cell where one
  voice sounds 2-8 times is a roll (in GMD mostly 32nd ghost-note doubles and drags on the snare, buzz
  figures in fills, where the last 16th of a fill bar rolls on the snare 29% of the time); a softer note
  under 45 ms before a hit of its voice is a flam.
- trap, drill and dnb, which GMD does not hold: written habits (WRITTEN below), stated as such: hi-hat
  ratchets on the last 16ths before a beat (x2, x3, x4, x6 rolls; trap climbs, drill leans on triplets),
  dnb's snare doubles. The roll suite (models.rollbench) measures Continue against seeds, not against these.

numpy only (no Qt, no TensorFlow).
"""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from engine.paths import MODELS_DIR
from engine.drumkit import N_VOICES, voice_of_pitch
from engine.errors import GrooveLoomError
from engine.fileio import read_json_file
from engine.pattern import Pattern
from engine.rolls import COUNTS, Roll

DEFAULT_PATH = os.path.join(MODELS_DIR, "rolls.json")
PRIOR_WEIGHT = 2.0     # a position's own count weighs against its voice's rate as this many hits
POS_CODE_WEIGHT = 0.85  # a roll's kind: from rolls at its own position (when there are any), else the voice's
ROLL_STYLES = ("trap", "drill", "dnb")   # styles beyond GMD's (the network plays them as encoding.STYLE_ALIASES says)
HAT, SNARE = 2, 1


@dataclass
class RollHabits:
    """Counts per (voice, 16th position in the bar): hits, and rolls by code; rolls per bar."""
    hits: dict = field(default_factory=Counter)        # (voice, pos) -> hits
    rolls: dict = field(default_factory=Counter)       # (voice, pos, code) -> rolls
    per_bar: list = field(default_factory=list)        # rolls in each bar counted
    source: str = ""

    def add_counts(self, other: "RollHabits") -> None:
        """Count another's hits and rolls in with these (rolls per bar are each caller's to say)."""
        self.hits.update(other.hits)
        self.rolls.update(other.rolls)

    @property
    def total(self) -> int:
        return sum(self.rolls.values())

    @property
    def rate_per_bar(self) -> float:
        return self.total / max(1, len(self.per_bar))

    def voice_rate(self, v: int) -> float:
        h = sum(n for (vv, _), n in self.hits.items() if vv == v)
        r = sum(n for (vv, _, _), n in self.rolls.items() if vv == v)
        return r / h if h else 0.0

    def weight(self, v: int, pos: int) -> float:
        """The chance a hit of voice v at pos (a 16th of the bar) rolls: the position's own count, drawn
        towards the rate at the same 16th of the beat (pos % 4), drawn towards the voice's rate."""
        def counts(match):
            r = sum(n for (vv, p, _), n in self.rolls.items() if vv == v and match(p))
            h = sum(n for (vv, p), n in self.hits.items() if vv == v and match(p))
            return r, h
        r, h = counts(lambda p: p % 4 == pos % 4)
        in_beat = (r + PRIOR_WEIGHT * self.voice_rate(v)) / (h + PRIOR_WEIGHT)
        r, h = counts(lambda p: p == pos)
        return (r + PRIOR_WEIGHT * in_beat) / (h + PRIOR_WEIGHT)

    def codes(self, v: int, pos: int) -> tuple[list[int], np.ndarray]:
        """The rolls voice v plays at pos, with their probabilities."""
        here = Counter({c: n for (vv, p, c), n in self.rolls.items() if vv == v and p == pos})
        voice = Counter()
        for (vv, _, c), n in self.rolls.items():
            if vv == v:
                voice[c] += n
        keys = sorted(set(here) | set(voice))
        if not keys:
            return [], np.zeros(0)
        a = np.array([here[k] for k in keys], float)
        b = np.array([voice[k] for k in keys], float)
        p = (POS_CODE_WEIGHT * a / a.sum() if a.sum() else 0) + (1 - POS_CODE_WEIGHT if a.sum() else 1) * b / b.sum()
        return keys, p / p.sum()

    # ---- to and from JSON (the style habits in resources/models/rolls.json) ------------------------
    def to_json(self) -> dict:
        return {"hits": [[v, p, n] for (v, p), n in sorted(self.hits.items())],
                "rolls": [[v, p, c, n] for (v, p, c), n in sorted(self.rolls.items())],
                "per_bar": sorted([int(k), n] for k, n in Counter(self.per_bar).items()), "source": self.source}

    @classmethod
    def from_json(cls, d: dict) -> "RollHabits":
        h = cls(source=str(d.get("source", "")))
        for v, p, n in d["hits"]:
            h.hits[(int(v), int(p))] = float(n)
        for v, p, c, n in d["rolls"]:
            Roll.from_code(c)
            h.rolls[(int(v), int(p), int(c))] = float(n)
        counts = [(int(k), int(n)) for k, n in d["per_bar"]]     # (a histogram: rolls in a bar, bars)
        if any(n < 0 or not 0 <= k <= 1024 for k, n in counts) or sum(n for _, n in counts) > MAX_COUNTED_BARS:
            raise ValueError(f"per_bar must count 0-{MAX_COUNTED_BARS:,} bars of 0-1024 rolls")
        h.per_bar = [k for k, n in counts for _ in range(n)]
        return h


def positions(pattern: Pattern) -> tuple[np.ndarray, int]:
    """Each 16th step's position in its bar (steps on a 32nd grid count by their 16th), and 16ths per bar."""
    spb16 = pattern.to_16ths(pattern.steps_per_bar)
    return np.arange(pattern.to_16ths(pattern.n_steps)) % max(1, spb16), spb16


def _cells(pattern: Pattern, start16: int = 0, end16: int | None = None):
    """(row, grid step, voice, 16th position in the bar, bar) of every hit on a voice in [start16, end16)."""
    pos, spb16 = positions(pattern)
    end16 = len(pos) if end16 is None else end16
    out = []
    for r, row in enumerate(pattern.rows):
        v = voice_of_pitch(row.note)
        if v is None:
            continue
        for s in np.flatnonzero(pattern.hits[r]):
            s16 = pattern.to_16ths(int(s))
            if start16 <= s16 < end16 and pattern.from_16ths(s16) == s:
                out.append((r, int(s), v, int(pos[s16]), s16 // spb16))
    return out


def habits_of(pattern: Pattern, start16: int = 0, end16: int | None = None, source: str = "seed") -> RollHabits:
    """The roll habits of a pattern's bars (a seed, or real bars)."""
    h = RollHabits(source=source)
    _, spb16 = positions(pattern)
    end16 = pattern.to_16ths(pattern.n_steps) if end16 is None else end16
    bars = Counter()
    for r, s, v, pos, bar in _cells(pattern, start16, end16):
        h.hits[(v, pos)] += 1
        code = int(pattern.rolls[r, s])
        if code:
            h.rolls[(v, pos, code)] += 1
            bars[bar] += 1
    first, last = start16 // spb16, -(-end16 // spb16)
    h.per_bar = [bars[b] for b in range(first, last)]
    return h


def lay_rolls(pattern: Pattern, start16: int, end16: int, habits: RollHabits, rng: np.random.Generator,
              locked_rows=(), seed: Pattern | None = None, keep: float = 0.0, fill_gaps: float = 0.0) -> Pattern:
    """Rolls on the hits of [start16, end16): each bar takes as many rolls as a bar of the habits did (drawn
    from their bars), on the hits most likely to roll there (drawn by weight, without replacement), each roll
    of a kind the habits played at that position. With a `seed` (Continue), a new bar first plays the seed's
    bar at the same place in its cycle: where both have a hit of a voice on the same 16th and the seed's
    rolled, the new one takes that very roll with probability `keep` (1 - the drummer's variation: at 0 the
    drawn rolls come back as drawn wherever their hits do). `fill_gaps`: the chance that a roll followed by
    an empty 16th of its row rolls on through it (a ratchet over the whole 8th, as trap hats do: a roll
    squeezed into the first 16th of an 8th and then silence sounds clipped). Rolls already there, and locked
    rows, stay."""
    if not habits.total or not habits.per_bar:
        return pattern
    cells = [c for c in _cells(pattern, start16, end16) if c[0] not in locked_rows and not pattern.rolls[c[0], c[1]]]
    if not cells:
        return pattern
    rolls, hits = np.array(pattern.rolls), np.array(pattern.hits)
    _, spb16 = positions(pattern)
    drawn, seed_bars = {}, 1
    if seed is not None:
        seed_bars = max(1, seed.bars)
        drawn = {(bar, v, pos): int(seed.rolls[r, s]) for r, s, v, pos, bar in _cells(seed) if seed.rolls[r, s]}
    by_bar: dict[int, list] = {}
    for c in cells:
        by_bar.setdefault(c[4], []).append(c)
    for bar, cs in sorted(by_bar.items()):
        want = int(rng.choice(habits.per_bar))
        rest = []
        for c in cs:
            code = drawn.get((bar % seed_bars, c[2], c[3]))
            if code and rng.random() < keep:
                rolls[c[0], c[1]] = code
                want -= 1
            else:
                rest.append(c)
        cs = rest
        w = np.array([habits.weight(v, pos) for _, _, v, pos, _ in cs])
        k = min(want, int(np.count_nonzero(w > 0)))
        if k <= 0:
            continue
        for i in rng.choice(len(cs), size=k, replace=False, p=w / w.sum()):
            r, s, v, pos, _ = cs[i]
            keys, p = habits.codes(v, pos)
            rolls[r, s] = keys[int(rng.choice(len(keys), p=p))]
            nxt = pattern.from_16ths(pattern.to_16ths(s) + 1)
            if fill_gaps and pos + 1 < spb16 and pattern.to_16ths(nxt) < end16 and not hits[r, nxt] \
                    and rng.random() < fill_gaps:
                hits[r, nxt], rolls[r, nxt] = hits[r, s], rolls[r, s]
    return pattern.with_hits(hits, rolls)


# ---- style habits ---------------------------------------------------------------------------------

def _written(rate_pos: dict, codes: dict, per_bar: list[int], voice: int, source: str) -> RollHabits:
    """A written habit: per 16th position the share of the voice's hits that roll, the rolls' kinds."""
    h = RollHabits(source=source, per_bar=per_bar)
    total = sum(codes.values())
    for pos in range(16):
        h.hits[(voice, pos)] = 100.0
        for code, share in codes.items():
            n = 100.0 * rate_pos.get(pos, 0.0) * share / total
            if n:
                h.rolls[(voice, pos, code)] = n
    return h


def _merge(*hs: RollHabits) -> RollHabits:
    out = RollHabits(source=" + ".join(h.source for h in hs))
    for h in hs:
        out.add_counts(h)
    n = max(len(h.per_bar) for h in hs)
    out.per_bar = [sum(h.per_bar[i % len(h.per_bar)] for h in hs if h.per_bar) for i in range(n)]
    return out


def _c(count, shape="flat", flam=False) -> int:
    return Roll(count, shape, flam).code


WRITTEN = {
    "trap": lambda: _written({3: .5, 7: .35, 11: .5, 15: .7, 14: .25, 6: .15, 10: .15, 2: .1},
                             {_c(2): .3, _c(3): .25, _c(4): .15, _c(4, "up"): .1, _c(6): .1, _c(8, "up"): .05,
                              _c(3, "down"): .05}, [1, 2, 2, 3, 1, 2], HAT, "written: trap hi-hat ratchets"),
    "drill": lambda: _written({3: .45, 7: .3, 11: .45, 15: .6, 13: .2, 5: .15},
                              {_c(3): .4, _c(6): .25, _c(2): .15, _c(6, "up"): .1, _c(3, "down"): .1},
                              [1, 1, 2, 2, 1, 3], HAT, "written: drill hi-hat triplets"),
    "dnb": lambda: _merge(_written({7: .3, 15: .4, 11: .15}, {_c(2): .7, _c(3): .2, _c(4, "up"): .1},
                                   [0, 1, 1, 2], SNARE, "written: dnb snare doubles"),
                          _written({6: .15, 14: .2}, {_c(2): 1.0}, [0, 1], HAT, "written: dnb hat doubles")),
}


# The roll styles' bar as a beat maker starts it (written, like WRITTEN): Generate continues it (the network
# knows hiphop and funk, not a trap skeleton: from silence it played hiphop at 140) and drops it.
PRIMERS = {
    "trap": {"kick": "x......x..x.....", "snare": "........x.......", "closed_hat": "x.x.x.x.x.x.x.x."},
    "drill": {"kick": "x.....x.......x.", "snare": "........x.......", "closed_hat": "x..x..x.x..x..x."},
    "dnb": {"kick": "x.........x.....", "snare": "....x.......x...", "closed_hat": "x.x.x.x.x.x.x.x."},
}


def primer(style: str, tempo: float) -> Pattern:
    """One bar of a roll style's skeleton at `tempo` (velocity 100, hats 90)."""
    from engine.drumkit import VOICE_NAMES, VOICE_ROWS
    rows = PRIMERS[style]
    voices = [VOICE_NAMES.index(v) for v in rows]
    hits = np.array([[(90 if v == "closed_hat" else 100) * (c == "x") for c in steps] for v, steps in rows.items()])
    return Pattern(tuple(VOICE_ROWS[v] for v in voices), hits, tempo=tempo)


MAX_COUNTED_BARS = 1_000_000    # bars a style's roll histogram may count (GMD's train split: about 22,000)


class StyleRolls:
    """The roll habits of each style (beats and fills), from resources/models/rolls.json and WRITTEN."""

    def __init__(self, path: str = DEFAULT_PATH):
        self.path, self.table = path, {}
        if os.path.lexists(path):
            d = read_json_file(path, "the style roll habits")
            try:
                self.table = {k: RollHabits.from_json(v) for k, v in d["styles"].items()}
            except (ValueError, KeyError, TypeError, AttributeError, IndexError, OverflowError) as exc:
                raise GrooveLoomError(f"the style roll habits cannot be read ({exc})", path) from None

    def habits(self, style: str, fill: bool = False) -> RollHabits | None:
        """A style's habits (its fills' with fill=True); a fine-tuned drummer's folder may hold its pack's
        as 'other/beat'."""
        s = style.lower()
        if s in WRITTEN:
            return WRITTEN[s]()
        return self.table.get(f"{s}/{'fill' if fill else 'beat'}")


def count_gmd_rolls(root: str, split: str = "train") -> dict[str, RollHabits]:
    """Roll habits per GMD style and kind ('rock/beat', 'rock/fill') from the performances of one split:
    notes of one voice within a 16th cell (a note up to a quarter step early belongs to its step) are a
    roll of that many repeats (rounded to 2, 3, 4, 6, 8), rising or falling when the velocities do; a
    softer note less than 45 ms before its voice's next is a flam."""
    import mido

    from models.corpus import gmd_rows
    from models.encoding import STYLES, style_index

    out: dict[str, RollHabits] = {}
    rows = [r for r in gmd_rows(root) if r["split"] == split and r["time_signature"] == "4-4"]
    for r in rows:
        try:
            style = STYLES[style_index(r["style"])]
        except ValueError:
            continue
        key = f"{style}/{'fill' if r['beat_type'] == 'fill' else 'beat'}"
        h = out.setdefault(key, RollHabits(source=f"GMD {split} split"))
        step = 60.0 / float(r["bpm"]) / 4
        t, notes = 0.0, []
        for m in mido.MidiFile(os.path.join(root, r["midi_filename"])):
            t += m.time
            if m.type == "note_on" and m.velocity > 0 and voice_of_pitch(m.note) is not None:
                notes.append((t, voice_of_pitch(m.note), m.velocity))
        bars = Counter()
        for v in range(N_VOICES):
            ts = np.array([n[0] for n in notes if n[1] == v])
            vs = np.array([n[2] for n in notes if n[1] == v])
            if not len(ts):
                continue
            cell = np.floor(ts / step + 0.25).astype(np.int64)
            for c in np.unique(cell):
                m = cell == c
                h.hits[(v, int(c % 16))] += 1
                n = int(m.sum())
                if n < 2:
                    continue
                tv = vs[m]
                if n == 2 and (ts[m][1] - ts[m][0]) < 0.045 and tv[0] < tv[1]:
                    code = Roll(1, flam=True).code
                else:
                    count = min(COUNTS[1:], key=lambda k: abs(k - n))
                    shape = "up" if tv[-1] > tv[0] * 1.15 else "down" if tv[0] > tv[-1] * 1.15 else "flat"
                    code = Roll(count, shape).code
                h.rolls[(v, int(c % 16), code)] += 1
                bars[int(c // 16)] += 1
        n_bars = int(max((n[0] for n in notes), default=0) / (16 * step)) + 1
        h.per_bar += [bars[b] for b in range(n_bars)]
    return out


def pack_habits(patterns, name: str) -> RollHabits:
    """The roll habits of a loop pack's loops (their rolls as the import recognised them), for the drummer
    fine-tuned on the pack: its loops are style 'other'."""
    out = RollHabits(source=f"pack {name}")
    for p in patterns:
        if p.grid not in (16, 32):
            continue
        h = habits_of(p)
        out.add_counts(h)
        out.per_bar += h.per_bar
    return out


def write_style_rolls(habits: dict[str, RollHabits], path: str = DEFAULT_PATH) -> None:
    from engine.fileio import atomic_write_bytes
    body = {"format": 1, "about": "roll habits per GMD style/kind (models.rolls.count_gmd_rolls)",
            "styles": {k: h.to_json() for k, h in sorted(habits.items())}}
    atomic_write_bytes(path, json.dumps(body, separators=(",", ":")).encode(), GrooveLoomError)
