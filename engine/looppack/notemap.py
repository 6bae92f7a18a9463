"""How a pack's notes are read as GM: the presets, a user's or the learned map with its ghost pads, and what
each pitch of a part file means as a drummer reads it."""
from __future__ import annotations

import json
import os
from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..drumkit import GM_DRUM_NAMES, VOICE_PITCHES, VOICE_PLAYBACK_PITCH
from ..errors import GrooveLoomError, printable
from ..fileio import read_json_file
from .names import GM_TOMS, HAT_NOTES, ROLE_NOTE, TOM_NOTES, _TOKENS, _words, role_note
from .files import _File


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
