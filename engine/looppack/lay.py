"""Laying a loop onto a pattern where it was dropped."""
from __future__ import annotations

import numpy as np

from ..drumkit import voice_of_pitch
from ..pattern import MAX_BARS, Pattern, tile_to


def lay_loop(pattern: Pattern, loop: Pattern, row: int | None = None, bar: int = 0,
             repeat: bool = False) -> Pattern:
    """A loop laid onto a pattern where it was dropped: from bar `bar` for the loop's length (the pattern
    grows to hold it, up to MAX_BARS), or with `repeat` tiled from there to the pattern's end. Onto a row:
    only the loop's part for that row's note (or, failing that, for the same drummer voice). Elsewhere: each
    of the loop's rows over that span (rows the pattern lacks added; rows the loop lacks untouched); tempo
    and swing stay. ValueError when meter or grid differ or the loop has no part for the row."""
    if loop.steps_per_bar != pattern.steps_per_bar or loop.grid != pattern.grid:
        raise ValueError(f"the loop is {loop.meter} on a {loop.grid} grid; the pattern is {pattern.meter} on "
                         f"{pattern.grid}: change the pattern first")
    a, b = drop_span(pattern, loop, bar, repeat)
    new = pattern if b <= pattern.n_steps else pattern.resized(-(-b // pattern.steps_per_bar))
    if row is not None:
        note = pattern.rows[row].note
        src = loop.row_index(note)
        if src is None:
            src = next((i for i, r in enumerate(loop.rows) if voice_of_pitch(r.note) == voice_of_pitch(note)), None)
        if src is None:
            raise ValueError(f"the loop has no part for {pattern.rows[row].name}")
        pairs = [(row, src)]
    else:
        for r in loop.rows:
            if new.row_index(r.note) is None:
                new = new.add_row_sorted(r)
        pairs = [(new.row_index(r.note), i) for i, r in enumerate(loop.rows)]
    hits, rolls = np.array(new.hits), np.array(new.rolls)
    for dst, src in pairs:
        hits[dst, a:b] = tile_to(loop.hits[src], b - a)
        rolls[dst, a:b] = tile_to(loop.rolls[src], b - a)
    return new.with_hits(hits, rolls)


def drop_span(pattern: Pattern, loop: Pattern, bar: int, repeat: bool) -> tuple[int, int]:
    """The steps [a, b) a loop dropped on `bar` fills: its own length (at most MAX_BARS bars from the start),
    or with `repeat` to the pattern's end."""
    bar = int(np.clip(bar, 0, pattern.bars - 1))
    a = bar * pattern.steps_per_bar
    if repeat:
        return a, pattern.n_steps
    return a, min(a + loop.n_steps, MAX_BARS * pattern.steps_per_bar)
