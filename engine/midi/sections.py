"""A file whose tempo or meter changes, read as sections (the song's patterns); a loop written out
several times found as its loop."""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass

import mido
import numpy as np

from ..drumkit import DRUM_CHANNEL
from ..errors import MidiFileError, NoDrumNotesError
from ..fileio import read_input_file
from ..pattern import MAX_BARS, Pattern
from ..rolls import Roll
from .quantize import import_midi
from .read import TEXT_CHARSET, _Events, _collect, _no_drums, parse_midi_bytes
from .report import ImportResult


@dataclass
class Section:
    name: str
    result: ImportResult
    first_bar: int          # 1-based bar of the song where the section starts


def _bar_lines(meters: list, end_tick: int, ppq: int) -> list[tuple[int, int, int]]:
    """(tick, numerator, denominator) of every bar line up to end_tick, following the meter changes."""
    meters = [(0, 4, 4)] + [m for m in meters if m[0] > 0] if not meters or meters[0][0] > 0 else list(meters)
    lines, i, tick = [], 0, 0
    while tick < end_tick or not lines:
        while i + 1 < len(meters) and meters[i + 1][0] <= tick:
            i += 1
        _, num, den = meters[i]
        lines.append((tick, num, den))
        tick += max(1, int(round(ppq * num * 4 / den)))
        if len(lines) > MAX_BARS + 1:
            break
    return lines


def read_song(path: str | os.PathLike, *, max_section_bars: int | None = None, **kw) -> list[Section]:
    """Import a whole song: a section (its own pattern, tempo, meter and grid) wherever the tempo or the
    meter changes, at the bar line; sections longer than max_section_bars are cut into parts. A short file
    of one section (up to 32 bars, not GrooveLoom's own) that repeats a loop exactly is trimmed to the loop
    (reported). A tempo that
    changes inside a bar, or on more than half the bars (a played tempo curve), does not split: the
    section keeps its first tempo. Keywords as for import_midi."""
    return song_sections(parse_midi_bytes(read_input_file(path, MidiFileError), path), path,
                         max_section_bars=max_section_bars, **kw)


def song_sections(mid, path: str | os.PathLike, *, max_section_bars: int | None = None, whole=None,
                  **kw) -> list[Section]:
    """read_song of a file parsed already; `whole`: its plain import, where made already (info reads each
    file once)."""
    ev = _collect(mid, DRUM_CHANNEL, False)
    ppq = mid.ticks_per_beat
    if ev.marker or (not ev.tempos[1:] and not ev.meters[1:]):   # one section: the plain import
        res = whole if whole is not None else import_midi(mid, name=path, **kw)
        return _cut(os.path.splitext(os.path.basename(path))[0], res, 1, max_section_bars, trim=not ev.marker)
    lines = _bar_lines(ev.meters, ev.end_tick, ppq)
    if len(lines) > MAX_BARS:
        raise MidiFileError(f"the song is more than {MAX_BARS} bars long; GrooveLoom handles at most {MAX_BARS}", path)
    starts = {0}
    bar_at = {t: i for i, (t, _, _) in enumerate(lines)}
    meter_of = {}
    for i, (t, num, den) in enumerate(lines):
        meter_of[t] = (num, den)
        if i and (num, den) != (lines[i - 1][1], lines[i - 1][2]):
            starts.add(t)
    changes = [t for i, (t, v) in enumerate(ev.tempos) if i and v != ev.tempos[i - 1][1]]
    on_lines = [t for t in changes if t in bar_at]
    if changes and len(on_lines) == len(changes) and len(on_lines) <= len(lines) // 2:
        starts.update(on_lines)
    bounds = sorted(starts) + [lines[-1][0] + int(round(ppq * lines[-1][1] * 4 / lines[-1][2]))]
    stem = os.path.splitext(os.path.basename(path))[0]
    out: list[Section] = []
    early = 0     # ticks before this section's start whose notes belong to it (played early on its downbeat)
    for i, (a, b) in enumerate(zip(bounds, bounds[1:])):
        res, pulled = _section(mid, ev, a, b, early, sum(1 for t in bar_at if a <= t < b), i < len(bounds) - 2,
                               path, kw)
        early = pulled
        if res is None:
            continue          # a section with no drums (an intro without them): nothing to edit
        res.report.tempo_changes = res.report.meter_changes = 0
        out += _cut(f"{stem} {len(out) + 1}", res, bar_at[a] + 1, max_section_bars)
    if not out:
        raise _no_drums(ev, DRUM_CHANNEL, path)
    return out


def _section(mid, ev, a: int, b: int, early: int, bars: int, more: bool, path, kw):
    """One section of read_song, ticks [a - early, b), as (ImportResult or None, ticks of its end that
    belong to the next section). Notes a drummer (or the feel) played just before the next section's
    downbeat belong to it: when the section comes out a bar longer than it is (such notes made that bar)
    and another section follows, the notes of its last 32nd go to the next one."""
    for pull in (0, mid.ticks_per_beat // 8) if more else (0,):
        sub = _slice(mid, ev, a, b - pull, early)
        if sub is None:
            return None, pull
        try:
            res = import_midi(sub, name=path, **kw)
        except NoDrumNotesError:
            return None, pull
        if res.pattern.bars <= bars:
            break
    return res, pull


def _slice(mid: mido.MidiFile, ev: _Events, a: int, b: int, early: int = 0) -> mido.MidiFile | None:
    """The ticks [a - early, b) of a file as a file of their own: the tempo and meter in force at a, then
    the notes (every channel's, so --channel still works), shifted to start at 0 (an early one at 0)."""
    tempo = next((v for t, v in reversed(ev.tempos) if t <= a), 500000)
    meter = next(((n, d) for t, n, d in reversed(ev.meters) if t <= a), (4, 4))
    events = []
    for track in mid.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            if msg.type in ("note_on", "note_off") and a - early <= tick < b:
                events.append((max(tick - a, 0), msg))
    if not any(m.type == "note_on" and m.velocity > 0 for _, m in events):
        return None
    events.sort(key=lambda e: e[0])
    track = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=tempo, time=0),
                            mido.MetaMessage("time_signature", numerator=meter[0], denominator=meter[1], time=0)])
    last = 0
    for t, msg in events:
        track.append(msg.copy(time=t - last))
        last = t
    track.append(mido.MetaMessage("end_of_track", time=max(0, b - a - last - 1)))
    out = mido.MidiFile(type=1, ticks_per_beat=mid.ticks_per_beat, charset=TEXT_CHARSET)
    out.tracks.append(track)
    return out


LOOP_TRIM_MAX_BARS = 32   # a one-section file this short that repeats a loop is trimmed to it (read_song)


def loop_period(pattern: Pattern) -> int:
    """The fewest bars whose repeats make up the whole pattern exactly, rolls and flams too (its bar count when
    none)."""
    spb, bars = pattern.steps_per_bar, pattern.bars
    for period in range(1, bars):
        if bars % period == 0:
            reps = (1, bars // period)
            if np.array_equal(np.tile(pattern.hits[:, :period * spb], reps), pattern.hits) and \
                    np.array_equal(np.tile(pattern.rolls[:, :period * spb], reps), pattern.rolls):
                return period
    return bars


def _cut(name: str, res: ImportResult, first_bar: int, max_bars: int | None, trim: bool = False) -> list[Section]:
    p = res.pattern
    period = loop_period(p) if trim and p.bars <= LOOP_TRIM_MAX_BARS and p.hits.any() else p.bars
    if period < p.bars:    # a short file that repeats a loop: the loop, reported
        res.report.loop_trimmed = (p.bars, period)
        p = _bars_of(p, 0, period)
        res.report.hits = int(np.count_nonzero(p.hits))     # (the hits of the loop kept)
        res.report.rolls, res.report.flams = _roll_counts(p)   # (and its rolls)
        res = ImportResult(p, res.report)
    if not max_bars or p.bars <= max_bars:
        return [Section(name, res, first_bar)]
    parts = []
    for start in range(0, p.bars, max_bars):
        part = _bars_of(p, start, min(max_bars, p.bars - start))
        a, b = first_bar + start, first_bar + start + part.bars - 1
        parts.append(Section(f"{name} bars {a}-{b}", ImportResult(part, res.report), a))
    return parts


def _roll_counts(p: Pattern) -> tuple[Counter, int]:
    """(roll label -> cells, flams) of a pattern, as QuantizeReport counts them."""
    rolls = [Roll.from_code(c) for c in p.rolls[(p.rolls > 0) & (p.hits > 0)]]
    return Counter(Roll(r.count, r.shape).label() for r in rolls if r.count > 1), sum(r.flam for r in rolls)


def _bars_of(p: Pattern, start: int, n: int) -> Pattern:
    """Bars [start, start + n) as a pattern of their own, rolls included."""
    spb = p.steps_per_bar
    return p.slice_steps(start * spb, (start + n) * spb)
