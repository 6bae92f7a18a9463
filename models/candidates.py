"""The drummer's takes: a Candidate (a whole pattern and the steps the drummer wrote), generated voices
written into a pattern, a take heard after a song's lead-in, and the bars a fill-every run writes."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from engine.drumkit import VOICE_PLAYBACK_PITCH, VOICE_ROWS, voice_of_pitch
from engine.pattern import EDIT_MAX_BARS, Pattern
from engine.timing import swings_8ths

from .encoding import written_as
from .runtime import DrummerError


@dataclass
class Candidate:
    """One generated variation: the whole pattern, and the steps the drummer wrote (in 16th steps).
    `as_pattern`: kept as a new pattern of that name instead of replacing the one shown (Drumify a MIDI
    part, interpolations: discarding them leaves the project as it was)."""
    pattern: Pattern
    start: int
    end: int
    as_pattern: str | None = None

    def step_range(self) -> tuple[int, int]:
        """The drummer's steps [start, end) on the pattern's own grid."""
        return self.pattern.from_16ths(self.start), self.pattern.from_16ths(self.end)


MAX_FILLS = EDIT_MAX_BARS       # fills one run writes (each is a run of the network)


def every_nth_bar(bars: int, every: int) -> list[int]:
    """Bars (0-based) for a fill every `every`th bar of a pattern of `bars` bars (4: bars 4, 8, ...); the
    last bar of a shorter pattern."""
    if every < 1:
        raise DrummerError(f"every must be at least 1, got {every}")
    out = list(range(every - 1, bars, every)) or [bars - 1]
    if len(out) > MAX_FILLS:
        raise DrummerError(f"{len(out)} fills asked; one run writes at most {MAX_FILLS} (models.candidates.MAX_FILLS): "
                           f"fill every {-(-bars // MAX_FILLS)}th bar or more, or a shorter part")
    return out


def after_lead_in(lead: Pattern | None, pattern: Pattern, run) -> list[Candidate]:
    """Continue or fill `pattern` hearing the bars before it (engine.song.lead_in: the song up to it):
    run(joined, lead_bars) works on the lead-in followed by the pattern; the lead-in is cut off its
    candidates again, with the rows only it used (unless the drummer wrote on them)."""
    if lead is None:
        return run(pattern, 0)
    own = np.zeros((len(lead.rows), pattern.n_steps), np.uint8)
    own[:len(pattern.rows)] = pattern.hits          # (lead_in puts the pattern's rows first)
    joined = lead.with_hits(np.concatenate([lead.hits, own], axis=1))
    k16 = pattern.to_16ths(lead.n_steps)
    notes = {r.note for r in pattern.rows}
    out = []
    for c in run(joined, lead.bars):
        q = c.pattern.delete_bars(0, lead.bars)
        keep = [i for i, r in enumerate(q.rows) if r.note in notes or q.hits[i].any()]
        out.append(Candidate(q.with_rows([q.rows[i] for i in keep], q.hits[keep]), c.start - k16, c.end - k16))
    return out


def merge_voices(pattern: Pattern, gen: np.ndarray, start: int, locked_rows=()) -> Pattern:
    """Write generated voices (steps, 9, on the 16th grid) into the pattern from 16th step `start`.
    Each voice goes to the pattern's row for it (the row on the voice's own GM note, else the first row
    that folds into the voice); a voice with no row gets one added. Unlocked rows that fold into a
    voice are cleared over the range first; locked rows are left as they are."""
    scale = pattern.from_16ths(1)   # grid steps per 16th (1 or 2: the drummer plays 16 and 32 grids)
    if swings_8ths(pattern):        # the drummer's "a" is the swung "and" (models.encoding.written_as)
        gen = written_as(gen, start)
    p = pattern
    used = np.flatnonzero(np.any(gen > 0, axis=0))
    for v in used:
        if not any(voice_of_pitch(r.note) == v for r in p.rows):
            p = p.add_row_sorted(VOICE_ROWS[v])
    locked_notes = {pattern.rows[r].note for r in locked_rows}
    hits, rolls = np.array(p.hits), np.array(p.rolls)
    a, b = pattern.from_16ths(start), pattern.from_16ths(start + len(gen))
    for i, row in enumerate(p.rows):
        v = voice_of_pitch(row.note)
        if v is not None and row.note not in locked_notes:
            hits[i, a:b] = rolls[i, a:b] = 0
    for v in used:
        rows = [i for i, r in enumerate(p.rows) if voice_of_pitch(r.note) == v]
        target = next((i for i in rows if p.rows[i].note == VOICE_PLAYBACK_PITCH[v]), rows[0])
        if p.rows[target].note in locked_notes:
            continue
        hits[target, a:b:scale] = gen[:, v]
    return p.with_hits(hits, rolls)
