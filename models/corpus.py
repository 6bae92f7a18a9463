"""A drum MIDI corpus as the drummer's training examples, one source file at a time.

The single-process path (`load_gmd`, `prepare_local`) and the Apache Beam pipeline (`models/prepare.py`)
share every step here, so both give the same examples: the sources (GMD's info.csv with its official split,
or any folder of MIDI files split by a hash of each file's path), reading a file through the engine's MIDI
import (its drum tracks, grid detection, 16th quantization, the 9 voices), a pattern hash that is the same
for a loop started on any bar, and the dedupe that keeps one example per hash.
"""
from __future__ import annotations

import csv
import hashlib
import io
import os
from dataclasses import dataclass
from typing import Iterator

import numpy as np

from engine.errors import GrooveLoomError, printable

from .encoding import pattern_to_voices, style_index

@dataclass
class Example:
    name: str
    vel: np.ndarray       # (steps, 9) uint8
    style: int
    fill: bool
    tempo: float
    split: str
    source: str = ""      # the loop/performance it came from (packs split by source, not by variant)


@dataclass
class Dataset:
    examples: list[Example]
    skipped: list[str]

    def split(self, name: str) -> list[Example]:
        return [e for e in self.examples if e.split == name]


def gmd_info(root: str) -> str:
    """The info.csv of a Groove MIDI Dataset folder, or GrooveLoomError naming the folder."""
    info = os.path.join(root, "info.csv")
    if not os.path.exists(info):
        raise GrooveLoomError("not a Groove MIDI Dataset folder (no info.csv)", root)
    return info


MAX_INFO_ROWS = 1_000_000        # rows of a dataset's info.csv (GMD's has 1,150)
GMD_COLUMNS = ("drummer", "session", "id", "style", "bpm", "beat_type", "time_signature", "midi_filename",
               "split")


def gmd_rows(root: str) -> list[dict]:
    """The rows of a GMD folder's info.csv: a regular file of at most 16 MB and MAX_INFO_ROWS rows, with
    GMD's columns, each row's midi_filename inside the folder; else GrooveLoomError naming the file and
    the row."""
    from engine.fileio import MAX_SIDE_FILE_BYTES, read_input_file
    info = gmd_info(root)
    try:
        text = read_input_file(info, max_bytes=MAX_SIDE_FILE_BYTES).decode("utf-8-sig")
    except UnicodeDecodeError:
        raise GrooveLoomError("info.csv is not UTF-8 text", info) from None
    reader = csv.DictReader(io.StringIO(text, newline=""))
    missing = [c for c in GMD_COLUMNS if c not in (reader.fieldnames or [])]
    if missing:
        raise GrooveLoomError(f"info.csv lacks the columns {', '.join(missing)}", info)
    rows = []
    for i, r in enumerate(reader, 2):
        if i > MAX_INFO_ROWS:
            raise GrooveLoomError(f"info.csv has more than {MAX_INFO_ROWS:,} rows (models.corpus.MAX_INFO_ROWS)", info)
        if any(r.get(c) is None for c in GMD_COLUMNS) or None in r:
            raise GrooveLoomError(f"info.csv line {i}: {len(r) - (None in r)} fields, not {len(reader.fieldnames)}", info)
        try:
            float(r["bpm"])
        except ValueError:
            raise GrooveLoomError(f"info.csv line {i}: bpm {printable(r['bpm'][:20])!r} is not a number", info) from None
        name = os.path.normpath(r["midi_filename"])
        if os.path.isabs(name) or name.startswith(".."):
            raise GrooveLoomError(f"info.csv line {i}: {printable(name[:60])} lies outside the folder", info)
        rows.append(r)
    return rows


SPLITS = ("train", "validation", "test")
MIDI_SUFFIXES = (".mid", ".midi")
VAL_PERCENT, TEST_PERCENT = 10, 10      # a folder without info.csv: 80/10/10 by the hash of each file's path


@dataclass(frozen=True)
class Source:
    """One file of the corpus and what is known of it before it is read."""
    path: str                 # relative to the corpus root ('/' separated)
    split: str
    style: str = "other"
    bpm: float = 0.0          # 0: the file's own tempo
    fill: bool = False
    session: str = ""         # the performance or loop it belongs to
    meter: str = "4-4"


def split_of(path: str) -> str:
    """A file's split from its path alone: the same on every worker and every run, and a file is in one."""
    h = int.from_bytes(hashlib.sha1(path.encode("utf-8", "surrogateescape")).digest()[:4], "big") % 100
    return "test" if h < TEST_PERCENT else "validation" if h < TEST_PERCENT + VAL_PERCENT else "train"


def sources(root: str, splits=SPLITS) -> Iterator[Source]:
    """The corpus's files, streamed: GMD's rows (info.csv, its split) or every MIDI file under `root`."""
    if os.path.exists(os.path.join(root, "info.csv")):
        for r in gmd_rows(root):
            if r["split"] in splits:
                yield Source(r["midi_filename"], r["split"], r["style"], float(r["bpm"]),
                             r["beat_type"] == "fill", r["session"], r["time_signature"])
        return
    if not os.path.isdir(root):
        raise GrooveLoomError("no such corpus folder (a GMD folder or a folder of MIDI files)", root)
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        for f in sorted(files):
            if f.lower().endswith(MIDI_SUFFIXES):
                rel = os.path.relpath(os.path.join(folder, f), root).replace(os.sep, "/")
                split = split_of(rel)
                if split in splits:
                    yield Source(rel, split, session=rel)


def encode(root: str, src: Source) -> tuple[Example | None, str]:
    """(the example, "") or (None, why the file is left out: 'meter 3/4', 'unreadable: ...', 'no drums')."""
    from engine.midi import read_midi
    if src.meter != "4-4":
        return None, f"meter {src.meter.replace('-', '/')} (the drummer plays 4/4)"
    try:
        p = read_midi(os.path.join(root, src.path), grid=16, fold="voices").pattern
    except GrooveLoomError as exc:
        return None, f"unreadable: {exc}"
    if (p.numerator, p.denominator) != (4, 4):
        return None, f"meter {p.numerator}/{p.denominator} (the drummer plays 4/4)"
    vel = pattern_to_voices(p)
    if not vel.any():
        return None, "no drum hits on the drummer's 9 voices"
    try:
        style = style_index(src.style)
    except ValueError:
        style = style_index("other")
    return Example(src.path, vel, style, src.fill, src.bpm or float(p.tempo), src.split, src.session), ""


def reason_kind(reason: str) -> str:
    """The manifest's key for a rejection: 'meter 3/4', 'unreadable', 'no drum hits'."""
    return reason.split(":")[0].split(" (")[0]


def pattern_hash(vel: np.ndarray, bar: int = 16) -> str:
    """The hash of what is played (onsets and velocities on the 9 voices), the same whichever whole bar the
    pattern starts on: the smallest of its rotations' hashes."""
    vel = np.ascontiguousarray(vel, np.uint8)
    n = len(vel)
    starts = range(0, n, bar) if n % bar == 0 else (0,)
    return min(hashlib.sha1(np.roll(vel, -s, axis=0).tobytes() + n.to_bytes(4, "big")).hexdigest()
               for s in starts)


def keep_first(a: Example, b: Example) -> Example:
    """Of two examples with one hash, the one kept: the smaller path (the same on every worker)."""
    return a if a.name <= b.name else b


def dedupe(examples: list[Example]) -> list[Example]:
    kept: dict[str, Example] = {}
    for e in examples:
        h = pattern_hash(e.vel)
        kept[h] = keep_first(kept[h], e) if h in kept else e
    return sorted(kept.values(), key=lambda e: e.name)


def prepare_local(root: str, splits=SPLITS, limit: int | None = None) -> tuple[list[Example], dict[str, int]]:
    """The single-process path: every source (the first `limit`) read in this process, deduped. (examples
    by path, rejected files by reason)."""
    examples, rejected = [], {}
    for i, src in enumerate(sources(root, splits)):
        if limit is not None and i >= limit:
            break
        e, why = encode(root, src)
        if e is None:
            rejected[reason_kind(why)] = rejected.get(reason_kind(why), 0) + 1
        else:
            examples.append(e)
    return dedupe(examples), rejected
