"""Training data from the Groove MIDI Dataset (or any folder of drum MIDI files), read through the engine's
MIDI import, so the app and the model share one quantizer. 16th grid, 9 voices, velocity kept.
Meters other than 4/4 are left out on purpose (12 of 1,150 GMD files): the drummer plays 4/4."""
from __future__ import annotations

import csv
import io
import os
from dataclasses import dataclass

import numpy as np

from engine.errors import GrooveLoomError, printable
from engine.midi import read_midi

from .encoding import STYLES, pattern_to_voices, style_index


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
            raise GrooveLoomError(f"info.csv has more than {MAX_INFO_ROWS:,} rows (models.data.MAX_INFO_ROWS)", info)
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


def load_gmd(root: str, splits=("train", "validation", "test"), limit: int | None = None,
             progress=None) -> Dataset:
    """GMD examples from info.csv with the official split. `limit` takes the first N per split (tests)."""
    rows = [r for r in gmd_rows(root) if r["split"] in splits]
    taken: dict[str, int] = {}
    examples, skipped = [], []
    for i, r in enumerate(rows):
        if progress:
            progress(i, len(rows))
        if limit is not None and taken.get(r["split"], 0) >= limit:
            continue
        if r["time_signature"] != "4-4":
            skipped.append(f"{r['midi_filename']}: {r['time_signature'].replace('-', '/')} (the drummer plays 4/4)")
            continue
        try:
            p = read_midi(os.path.join(root, r["midi_filename"]), grid=16, fold="voices").pattern
        except GrooveLoomError as exc:
            skipped.append(str(exc))
            continue
        taken[r["split"]] = taken.get(r["split"], 0) + 1
        examples.append(Example(r["midi_filename"], pattern_to_voices(p), style_index(r["style"]),
                                r["beat_type"] == "fill", float(r["bpm"]), r["split"], r["session"]))
    return Dataset(examples, skipped)


def style_counts(examples: list[Example]) -> dict[str, int]:
    out = {s: 0 for s in STYLES}
    for e in examples:
        out[STYLES[e.style]] += 1
    return out


def load_pack(path: str, *, seed: int = 0, augment: int = 300, val_fraction: float = 0.2,
              min_bars: int = 4) -> Dataset:
    """Training data from a loop pack (folder or .zip): its 4/4 loops normalized to GM, plus recombined
    loops. Train/validation are split by SOURCE loop: a recombined loop goes to a side only when all its
    sources are on that side (mixed ones are dropped), so variants of one loop never sit on both sides."""
    from engine.looppack import recombine, scan_pack
    scan = scan_pack(path)
    loops = [l for l in scan.loops if l.pattern.meter == "4/4" and l.pattern.grid in (16, 32)]
    skipped = [f"{n}: {why}" for n, why in scan.skipped]
    skipped += [f"{l.name}: {l.pattern.meter} (the drummer plays 4/4)" for l in scan.loops if l not in loops]
    sources = sorted({l.source for l in loops})
    if len(sources) < 2:
        raise GrooveLoomError(f"a pack needs at least 2 usable 4/4 loops to train on, found {len(sources)}", path)
    rng = np.random.default_rng(seed)
    n_val = max(1, int(round(len(sources) * val_fraction)))
    val = set(rng.choice(sources, size=n_val, replace=False).tolist())

    def example(name, pattern, split, source):
        vel = pattern_to_voices(pattern)
        reps = max(1, -(-min_bars * 16 // len(vel)))
        return Example(name, np.tile(vel, (reps, 1)), style_index("other"), False, pattern.tempo, split, source)

    examples = [example(l.name, l.pattern, "validation" if l.source in val else "train", l.source) for l in loops]
    mixed = 0
    for r in recombine(loops, augment, seed=seed).loops:
        sides = {"validation" if s in val else "train" for s in r.sources.values()}
        if len(sides) == 1:
            examples.append(example("+".join(sorted(set(r.sources.values()))), r.pattern, sides.pop(),
                                    ",".join(sorted(set(r.sources.values())))))
        else:
            mixed += 1
    if mixed:
        skipped.append(f"{mixed} recombined loops drawing on both sides of the split (dropped)")
    return Dataset(examples, skipped)


def style_density(examples: list[Example], min_bars: int = 50) -> dict[str, list[float]]:
    """Hits per bar (10th, 50th, 90th percentile) of the non-empty beat bars of each style; styles with
    fewer than `min_bars` bars get the figures of all styles. Generate keeps its beats inside this range."""
    per_style: dict[int, list[int]] = {}
    for e in examples:
        if e.fill:
            continue
        n = len(e.vel) // 16
        counts = np.count_nonzero(e.vel[:n * 16].reshape(n, -1), axis=1)
        per_style.setdefault(e.style, []).extend(int(c) for c in counts if c > 0)
    every = [c for v in per_style.values() for c in v]
    pct = lambda xs: [round(float(x), 1) for x in np.percentile(xs, [10, 50, 90])]  # noqa: E731
    return {s: pct(per_style[i] if len(per_style.get(i, [])) >= min_bars else every) for i, s in enumerate(STYLES)}
