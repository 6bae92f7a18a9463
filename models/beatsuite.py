"""Drawn beats (tests/resources/drawn_beats.txt): beats as a beat maker draws them, with the anchor hits a
drummer keeps in every bar (backbeat, four-on-the-floor kick, one-drop, clave ...). The seed-conditional
benchmark continues each and checks the anchors, dead bars, new voices and velocity. No Qt, no TensorFlow."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from engine.drumkit import VOICE_NAMES, VOICE_ROWS
from engine.errors import GrooveLoomError
from engine.pattern import Pattern
from engine.rolls import Roll

SUITE = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "tests", "resources",
                     "drawn_beats.txt")
VELOCITY = {"x": 100, "X": 120, "o": 80, "g": 40, ".": 0}
ROLL_SUITE = os.path.join(os.path.dirname(SUITE), "roll_beats.txt")
PHRASE_SUITE = os.path.join(os.path.dirname(SUITE), "phrase_beats.txt")
ROLL_GLYPHS = {"2": Roll(2), "3": Roll(3), "4": Roll(4), "6": Roll(6), "8": Roll(8), "r": Roll(3, "up"),
               "R": Roll(4, "up"), "v": Roll(4, "down"), "e": Roll(6, "up"), "E": Roll(8, "up"), "f": Roll(flam=True)}


@dataclass(frozen=True)
class DrawnBeat:
    name: str
    style: str
    pattern: Pattern                      # two bars, as drawn
    anchors: tuple[tuple[int, int], ...]  # (voice, 16th step in the bar)


def load_suite(path: str = SUITE, bars: int = 2) -> list[DrawnBeat]:
    """The beats of a suite file, each `bars` long (a one-bar row repeats)."""
    try:
        text = open(path, encoding="utf-8").read()
    except OSError as exc:
        raise GrooveLoomError(f"cannot read the drawn beats: {exc.strerror}", path) from None
    beats, block = [], None
    for n, line in enumerate(text.splitlines() + ["## end"], 1):
        line = line.split("#", 1)[0] if not line.startswith("##") else line
        if line.startswith("##"):
            if block:
                beats.append(_beat(block, bars, path))
            block = {"head": line[2:].strip(), "rows": [], "anchors": "", "line": n}
        elif line.strip().startswith("anchors:"):
            block["anchors"] = line.split(":", 1)[1]
        elif line.strip() and block is not None:
            voice, steps = line.split()
            block["rows"].append((voice, steps))
    return beats


def _beat(block: dict, bars: int, path: str) -> DrawnBeat:
    where = f"{path}, line {block['line']}"
    try:
        name, meter, tempo, swing, style, grid = [x.strip() for x in block["head"].split("|")]
        num, den = (int(x) for x in meter.split("/"))
        voices = [VOICE_NAMES.index(v) for v, _ in block["rows"]]
        anchors = []
        for part in filter(None, (p.strip() for p in block["anchors"].split(";"))):
            v, *steps = part.split()
            anchors += [(VOICE_NAMES.index(v), int(s)) for s in steps]
    except ValueError as exc:
        raise GrooveLoomError(f"bad beat header, row or anchors ({exc})", where) from None
    p = Pattern.empty(tuple(VOICE_ROWS[v] for v in voices), bars, num, den, int(grid), tempo=float(tempo),
                      swing=float(swing))
    hits = np.zeros((2, len(voices), p.n_steps), np.uint8)
    for i, (_, steps) in enumerate(block["rows"]):
        try:
            one = np.array([[VELOCITY.get(c, 100), ROLL_GLYPHS[c].code if c in ROLL_GLYPHS else 0] for c in steps
                            if c in VELOCITY or c in ROLL_GLYPHS or _bad(c)], np.uint8).T
        except ValueError as exc:
            raise GrooveLoomError(f"row '{block['rows'][i][0]}': {exc}", where) from None
        if one.shape[1] % p.steps_per_bar:
            raise GrooveLoomError(f"row '{block['rows'][i][0]}' has {one.shape[1]} steps; a bar has {p.steps_per_bar}",
                                  where)
        hits[:, i] = np.tile(one, (1, -(-p.n_steps // one.shape[1])))[:, :p.n_steps]
    return DrawnBeat(name, style, p.with_hits(hits[0], hits[1]), tuple(anchors))


def _bad(c: str) -> bool:
    raise ValueError(f"'{c}' is not a step (x X o g . or a roll: {' '.join(ROLL_GLYPHS)})")
