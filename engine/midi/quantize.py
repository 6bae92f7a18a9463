"""Quantizing a file's drum notes onto a grid: rows for the notes, the grid chosen (the file's own, the
coarsest one its notes lie on, or the one asked for), rolls and flams inside steps, every note accounted
for in the report."""
from __future__ import annotations

import math
import os
from collections import Counter
from dataclasses import dataclass

import mido
import numpy as np

from ..drumkit import (DRUM_CHANNEL, VOICE_PLAYBACK_PITCH, VOICE_ROWS, Row, is_gm_drum_note, row_for_note,
                       row_sort_key, voice_of_pitch)
from ..errors import MidiFileError, NoDrumNotesError
from ..fileio import read_input_file
from ..pattern import GRIDS, MAX_BARS, MAX_TEMPO, MIN_SWING, MIN_TEMPO, Pattern, check_size, steps_per_bar_for
from ..rolls import FLAM_S
from ..timing import swing_quarters, unswing_quarters
from .grids import MIXED_SHARE, detect_grid, grid_shares
from .read import _collect, _no_drums, parse_midi_bytes
from .report import ImportResult, QuantizeReport
from .rolls import ROLL_GRIDS, _RollFind, _find_rolls, _may_roll


FOLD_MODES = ("gm", "voices")


def read_midi(path: str | os.PathLike, **kw) -> ImportResult:
    """Import a MIDI file as a Pattern. Keywords as for import_midi."""
    data = read_input_file(path, MidiFileError)
    return import_midi(parse_midi_bytes(data, path), name=path, **kw)


def _target_note(note: int, fold: str, known, report: "QuantizeReport") -> int | None:
    """The row note a (mapped) file note lands on: the 9 voices' notes ('voices'), or the note itself when it
    is a GM drum note or already a row, else its voice's note; None when it has no place."""
    v = voice_of_pitch(note)
    if fold == "voices":
        to = None if v is None else VOICE_PLAYBACK_PITCH[v]
    elif note in known or is_gm_drum_note(note):
        return note
    else:
        to = None if v is None else VOICE_PLAYBACK_PITCH[v]
    if to is not None and to != note:
        report.remapped[(note, to)] += 1
    return to


def _assign_rows(notes, marker: dict, fold: str, note_map, report: "QuantizeReport"):
    """Rows (the file's own GrooveLoom rows first, for an exact round trip; then one per note found, in
    drum-kit order) and each note's row index (-1: unmapped)."""
    rows: list[Row] = ([Row(r[0], int(r[1]), r[2]) for r in marker.get("rows", [])] if fold == "gm"
                       else list(VOICE_ROWS))
    index = {r.note: i for i, r in enumerate(rows)}
    targets = np.full(len(notes), -1, dtype=np.int64)
    for i, (_, note, _) in enumerate(notes):
        if note_map is not None:
            if note not in note_map:
                report.unmapped[note] += 1
                continue
            if note_map[note] != note:
                report.remapped[(note, note_map[note])] += 1
            note = note_map[note]
        to = _target_note(note, fold, index, report)
        if to is None:
            report.unmapped[notes[i][1]] += 1
            continue
        if to not in index:
            index[to] = len(rows)
            rows.append(row_for_note(to))
        targets[i] = index[to]
    if fold == "gm" and not marker.get("rows") and rows:
        order = sorted(range(len(rows)), key=lambda i: row_sort_key(rows[i].note))
        remap = np.empty(len(rows), np.int64)
        remap[order] = np.arange(len(rows))
        rows = [rows[i] for i in order]
        targets = np.where(targets >= 0, remap[np.maximum(targets, 0)], -1)
    return rows, targets


def import_midi(mid: mido.MidiFile, *, name: str | os.PathLike = "<midi>", grid: int | None = None,
                channel: int | str | None = None, fold: str = "gm", swing: float | None = None,
                swing_unit: int | None = None, note_map: dict[int, int] | None = None,
                meter: tuple[int, int] | None = None, velocities: dict[int, np.ndarray] | None = None,
                feel: bool = False) -> ImportResult:
    """Quantize a parsed MIDI file to a Pattern.

    grid: steps per whole note (16, 32, 12, 24, 48, 64); default the one the file was exported with, else the
          coarsest grid all its notes lie on (detect_grid), else 16 (played by hand). A file whose every note
          lies on a coarser grid (16, 12, 32, 24) or in even rolls inside its steps (and flams' grace notes),
          with at most about a quarter of the cells rolled, is read on that grid with the rolls (the grid
          reason says so). Rolls and flams are read on the file's own grid and on a grid asked for too, where
          the file is programmed (see _programmed); a performance played by hand reads none.
    channel: 1-based MIDI channel to read as drums (default 10), or "any" for every channel (loop packs).
    fold: 'gm' keeps each GM drum note as its own row and folds non-GM drum notes (e.g. Roland's 22/26)
          onto the voice they belong to; 'voices' folds everything onto the 9 model voices.
    swing: the swing the file was played with, to straighten it before quantizing (default: from the
          GrooveLoom event if present, else straight).
    note_map: notes are first moved through this map (a pack's layout -> GM); notes it lacks are unmapped.
    meter: (numerator, denominator) to use instead of the file's time signature.
    velocities: file note -> a 128-entry table its velocities are read through (a pack's ghost pad played
          near full velocity -> ghost velocities).
    feel: keep each hit's played timing (Pattern.nudge: how far off its step it was played, straight time)
          instead of quantizing it away.
    """
    if fold not in FOLD_MODES:
        raise ValueError(f"fold must be one of {FOLD_MODES}")
    n, rows, report = _read_notes(mid, name, channel, fold, swing, swing_unit, note_map, meter, velocities)
    grid, why, found = _choose_grid(n, grid)
    if grid not in GRIDS:
        raise MidiFileError(f"grid must be one of {sorted(GRIDS)}, got {grid}", name)
    report.grid, report.grid_reason = grid, why
    return ImportResult(_place(n, rows, grid, found, report, name, feel), report)


@dataclass
class _Notes:
    """A file's drum notes and their times, once, for choosing a grid and placing the notes on it."""
    marker: dict
    ticks: np.ndarray            # each note's tick
    vel: np.ndarray
    targets: np.ndarray          # each note's row (-1: unmapped)
    num: int
    den: int
    ppq: int
    tempo: float
    swing: float
    swing_unit: int
    end_tick: int

    def __post_init__(self) -> None:
        self.bar_q = self.num * 4 / self.den
        self.straight_q = unswing_quarters(self.ticks / self.ppq, self.bar_q, self.swing, self.swing_unit)
        self.end_q = unswing_quarters(np.array([self.end_tick / self.ppq]), self.bar_q, self.swing,
                                      self.swing_unit)[0]
        self.sec = self.ticks / self.ppq * (60.0 / self.tempo)
        self.tol_q = max(1.0 / self.ppq, 0.01)
        self.end_sec = self.end_tick / self.ppq * (60.0 / self.tempo)

    def rolls_on(self, g: int) -> _RollFind | None:
        """The rolls and flams on grid g (None: the meter has no bar of g)."""
        try:
            spb_g = steps_per_bar_for(self.num, self.den, g)
        except ValueError:
            return None
        loop_q = max(math.ceil((self.end_q * g / 4 - 0.5) / spb_g), 1) * self.bar_q

        def grace_tick(line: int, wrap: bool) -> int:   # where GrooveLoom writes the grace of a hit on this line
            q = swing_quarters(np.array([line * 4 / g]), self.bar_q, self.swing, self.swing_unit)[0] \
                - FLAM_S * self.tempo / 60.0
            return int(round((q + loop_q * wrap) * self.ppq))
        return _find_rolls(self.targets, self.straight_q * (g / 4), self.sec, self.vel, self.tol_q * g / 4,
                           loop_q * 60.0 / self.tempo, self.ticks, grace_tick)


def _read_notes(mid: mido.MidiFile, name, channel, fold: str, swing, swing_unit, note_map, meter,
                velocities) -> tuple[_Notes, list, QuantizeReport]:
    """The drum notes of a file on their rows (through note_map and fold), velocities read through their
    tables, the tempo and meter, and the report's first counts; MidiFileError without drum notes."""
    any_channel = channel == "any"
    if channel is not None and not any_channel and not (isinstance(channel, int) and 1 <= channel <= 16):
        raise MidiFileError(f"channel must be 1-16, got {channel}", name)
    ch = DRUM_CHANNEL if channel is None or any_channel else channel - 1
    ev = _collect(mid, ch, any_channel)
    marker, notes = ev.marker, ev.notes
    if not notes and not marker.get("rows"):  # an empty GrooveLoom pattern is fine; elsewhere, no drums
        raise _no_drums(ev, ch, name)
    num, den = meter or ((ev.meters[0][1], ev.meters[0][2]) if ev.meters else (4, 4))
    vel = np.array([n[2] for n in notes], dtype=np.int64).reshape(-1)
    for source, table in (velocities or {}).items():
        on = np.array([n[1] == source for n in notes], dtype=bool)
        vel[on] = np.asarray(table)[vel[on]]
    tempo = min(max(round(mido.tempo2bpm(ev.tempos[0][1] if ev.tempos else 500000), 2), MIN_TEMPO), MAX_TEMPO)
    report = QuantizeReport(drum_channel=0 if any_channel else ch + 1, other_channels=ev.other, notes_read=len(notes))
    report.tempo_changes = sum(1 for (_, a), (_, b) in zip(ev.tempos, ev.tempos[1:]) if a != b)
    report.meter_changes = sum(1 for a, b in zip(ev.meters, ev.meters[1:]) if a[1:] != b[1:])
    rows, targets = _assign_rows(notes, marker, fold, note_map, report)
    if not rows:
        raise NoDrumNotesError(f"none of the {len(notes)} notes on channel {ch + 1} is a drum note GrooveLoom "
                               f"can map (notes {sorted(report.unmapped)[:8]})", name)
    n = _Notes(marker, np.array([x[0] for x in notes], dtype=np.float64), vel, targets, num, den,
               mid.ticks_per_beat, tempo, marker.get("swing", MIN_SWING) if swing is None else swing,
               swing_unit or marker.get("swing_unit", 16), ev.end_tick)
    return n, rows, report


def _choose_grid(n: _Notes, grid: int | None) -> tuple[int, str, _RollFind | None]:
    """(grid, why, the rolls and flams read on it): the one asked for, the file's own export's, or the
    coarsest its notes lie on (GridGuess) unless even rolls inside a coarser grid's steps explain them."""
    marker = n.marker
    found = None
    if grid:
        why = "as asked (--grid, or the file type chosen in the Import dialog)"
        if grid in GRIDS:
            found = n.rolls_on(grid) if grid == marker.get("grid") else _programmed(n.rolls_on(grid), n.targets)
        return grid, why, found
    if marker.get("grid"):
        return marker["grid"], "GrooveLoom's own export", n.rolls_on(marker["grid"])
    guess = detect_grid(n.ticks, n.ppq, n.num, n.den, n.swing, n.swing_unit)
    grid, why = guess.grid, guess.reason
    exact, by_hand = guess.kind == "exact", guess.kind == "by_hand"
    for g in ROLL_GRIDS:
        if exact and g >= grid:
            continue
        f = n.rolls_on(g) if _may_roll(n.straight_q * (g / 4), n.tol_q * g / 4, n.targets, n.sec, n.end_sec) else None
        # (notes all on a finer grid: a note a step before another is that grid's step, not a grace)
        # (where no grid holds every note, rolls that explain them all win, however many: else notes move)
        if f is not None and not f.unexplained and (f.few_rolls() or not exact) and (f.roll_cells or f.flams) and \
                not (exact and f.flams):
            return g, _roll_reason(g, f, grid if exact else None), f
    return grid, why, (None if by_hand else _programmed(n.rolls_on(grid), n.targets))


def _place(n: _Notes, rows: list, grid: int, found: _RollFind | None, report: QuantizeReport, name,
           feel: bool = False) -> Pattern:
    """The notes on the grid: the swing straightened, each rounded to the nearest step, the loudest of a
    collision kept; a roll's later repeats and a flam's grace note read into their hit's cell instead."""
    num, den, ppq = n.num, n.den, n.ppq
    try:
        spb = steps_per_bar_for(num, den, grid)
    except ValueError as exc:
        raise MidiFileError(f"time signature {num}/{den}: {exc}", name) from None
    report.seconds_per_step = 60.0 / n.tempo / (grid / 4)
    straight = n.straight_q * (grid / 4)
    steps = np.floor(straight + 0.5).astype(np.int64)
    keep = n.targets >= 0
    if found is not None:
        keep &= ~found.absorbed
        report.rolls, report.flams = found.labels, found.flams
        report.roll_notes = int(np.count_nonzero(found.absorbed)) - found.flams
    report.offsets_steps = (straight - steps)[keep]
    report.moved = int(np.count_nonzero(np.abs(report.offsets_steps) * (ppq * 4 / grid) > 0.5))
    end_steps = n.end_q * (grid / 4)
    file_bars = math.ceil((end_steps - 0.5) / spb)
    # a programmed loop's last note rounded up onto the downbeat after the file's end (32nds read on 16ths):
    # the loop's first step; a performance's last hit played early stays at its end
    over = keep & (steps == file_bars * spb) & (straight < file_bars * spb) if file_bars > 0 else None
    if over is not None and over.any() and \
            max(grid_shares(n.ticks, ppq, num, den, n.swing, n.swing_unit).values(), default=0.0) >= MIXED_SHARE:
        steps[over] = 0
        report.wrapped = int(np.count_nonzero(over))
    bars = max(math.ceil((end_steps - 0.5) / spb), int(steps[keep].max()) // spb + 1 if keep.any() else 1, 1)
    if bars > MAX_BARS:
        raise MidiFileError(f"the drum part is {bars} bars long; GrooveLoom handles at most {MAX_BARS}", name)
    try:
        check_size(len(rows), bars * spb)
    except ValueError as exc:
        raise MidiFileError(str(exc), name) from None
    hits = np.zeros((len(rows), bars * spb), np.int64)
    rolls = np.zeros(hits.shape, np.int64)
    flat = n.targets[keep] * hits.shape[1] + steps[keep]
    report.collided = int(flat.size - np.unique(flat).size)
    np.maximum.at(hits.reshape(-1), flat, n.vel[keep])
    for (r, s), (code, v) in (found.cells.items() if found is not None else ()):
        if 0 <= s < hits.shape[1] and hits[r, s]:
            rolls[r, s] = code
            if v is not None:
                hits[r, s] = max(v, hits[r, s])    # (a note rounded onto a roll: the louder)
    report.hits = int(np.count_nonzero(hits))
    nudge = None
    if feel:               # each cell's timing: its loudest note's (the one whose velocity the cell keeps)
        nudge = np.zeros(hits.shape)
        order = np.argsort(n.vel[keep], kind="stable")
        nudge.reshape(-1)[flat[order]] = report.offsets_steps[order]     # (taken before a wrap onto step 0)
    try:
        return Pattern(tuple(rows), hits, num, den, grid, tempo=n.tempo, swing=n.swing, swing_unit=n.swing_unit,
                       rolls=rolls, nudge=nudge)
    except ValueError as exc:
        raise MidiFileError(str(exc), name) from None


def _programmed(found: _RollFind | None, targets: np.ndarray) -> _RollFind | None:
    """Rolls read on a grid given or found for the whole file: only where the file is programmed (nearly every
    note on a grid line, in a roll or a grace note; a performance keeps its notes as played) and rolls are the
    exception (a file of steady 32nds read on 16ths keeps today's rounding)."""
    if found is None:
        return None
    mapped = int(np.count_nonzero(targets >= 0))
    if found.unexplained > (1 - MIXED_SHARE) * mapped or not found.few_rolls():
        return None
    return found


def _roll_reason(grid: int, found: _RollFind, finer: int | None) -> str:
    by_count = Counter()
    for label, n in found.labels.items():
        by_count[label.split()[0]] += n
    parts = []
    if found.roll_cells:
        parts.append(f"in {found.roll_cells} roll{'s' if found.roll_cells != 1 else ''} inside them ("
                     + ", ".join(f"{k} {v}" for k, v in sorted(by_count.items(), key=lambda kv: int(kv[0][1:])))
                     + ")")
    if found.flams:
        parts.append(f"{found.flams} flam grace note{'s' if found.flams != 1 else ''} before them")
    tail = (f"--grid {finer} keeps them as steps" if finer else
            "no grid holds them all as steps (--grid 64 or 48 moves them onto steps)")
    return f"every note lies on {GRIDS[grid]} steps or " + " or ".join(parts) + f"; {tail}"
