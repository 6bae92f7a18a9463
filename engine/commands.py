"""Headless commands on the engine (info, convert): the same code paths the GUI uses."""
from __future__ import annotations

import os

from .errors import GrooveLoomError
from .midi_io import QuantizeReport, read_midi, write_midi
from .pattern import GRIDS, Pattern
from .project import EXTENSION, load_project


def load_any(path: str, *, grid: int | None = None, channel: int | None = None, fold: str = "gm",
             swing: float | None = None) -> tuple[list[tuple[str, Pattern]], QuantizeReport | None]:
    """A MIDI file or a .groove project -> named patterns (+ the quantization report for MIDI)."""
    if path.lower().endswith(EXTENSION):
        project = load_project(path)
        return list(zip(project.names, project.patterns)), None
    result = read_midi(path, grid=grid, channel=channel, fold=fold, swing=swing)
    return [(os.path.basename(path), result.pattern)], result.report


def describe(pattern: Pattern) -> list[str]:
    lines = [f"bars: {pattern.bars}", f"time signature: {pattern.meter}", f"tempo: {pattern.tempo:g} BPM",
             f"grid: {pattern.grid} ({GRIDS[pattern.grid]} notes, {pattern.steps_per_bar} steps per bar)",
             f"swing: {pattern.swing:g} on {pattern.swing_unit}ths",
             f"hits: {pattern.total_hits}", "hits per row:"]
    width = max((len(r.name) for r in pattern.rows), default=4)
    for i, r in enumerate(pattern.rows):
        lines.append(f"  {r.name:<{width}}  note {r.note:>3}  {int((pattern.hits[i] > 0).sum()):>5}")
    return lines


def cmd_info(args) -> int:
    patterns, report = load_any(args.file, grid=args.grid, channel=args.channel, fold=args.fold,
                                swing=args.swing)
    print(f"file: {args.file}")
    for name, p in patterns:
        if len(patterns) > 1:
            print(f"pattern: {name}")
        print("\n".join(describe(p)))
    if report is not None:
        print("quantization:")
        print("\n".join("  " + line for line in report.lines()))
    return 0


def cmd_convert(args) -> int:
    if not args.output.lower().endswith((".mid", ".midi")):
        raise GrooveLoomError("output must be a .mid or .midi file", args.output)
    patterns, report = load_any(args.input, grid=args.grid, channel=args.channel, fold=args.fold,
                                swing=args.swing)
    pattern = patterns[0][1]
    if args.grid and pattern.grid != args.grid:
        pattern, lost = pattern.with_grid(args.grid)
        if lost:
            print(f"{len(lost)} hits do not fit the {GRIDS[args.grid]} grid and were left out")
    write_midi(pattern, args.output, title=os.path.splitext(os.path.basename(args.output))[0])
    print(f"wrote {args.output}: {pattern.bars} bars of {pattern.meter}, {pattern.total_hits} hits, "
          f"grid {pattern.grid}")
    if report is not None:
        print("\n".join(report.lines()))
    return 0
