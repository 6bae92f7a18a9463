"""Pattern <-> Standard MIDI File, through mido.

Import reads drum notes (channel 10 unless told otherwise), takes the first tempo and time signature,
quantizes to the chosen grid keeping velocities, and returns a QuantizeReport that accounts for every note:
placed, moved (and how far), merged on a shared step, read as a roll's repeat or a flam's grace note inside
its hit's step, folded onto another note, or left unmapped.

Export writes type 1 at 480 PPQ: a conductor track (name, tempo, time signature, and a GrooveLoom text
event holding grid, swing and rows so a round trip restores the pattern exactly) and a drum track on
channel 10. Swing is applied as tick offsets through engine.timing, like playback and WAV export.
"""
from __future__ import annotations

import io
import json
import struct
import math
import os
from collections import Counter
from dataclasses import dataclass, field

import mido
import numpy as np

from .drumkit import (DRUM_CHANNEL, VOICE_PLAYBACK_PITCH, VOICE_ROWS, Row, is_gm_drum_note,
                      row_for_note, row_sort_key, voice_of_pitch)
from .errors import GrooveLoomError, MidiFileError, NoDrumNotesError
from .fileio import atomic_write_bytes, read_input_file
from .pattern import DENOMINATORS as METER_DENOMINATORS
from .pattern import (GRIDS, MAX_BARS, MAX_NUMERATOR, MAX_ROWS, MAX_SWING, MAX_TEMPO, MIN_SWING, MIN_TEMPO,
                      SWING_UNITS, Pattern, check_size, steps_per_bar_for)
from .performance import from_zero, hit_notes, note_steps as note_lengths
from .rolls import COUNTS as ROLL_COUNTS
from .rolls import FLAM_BIT, FLAM_S, Roll, expand, grace_velocity, played_notes
from .timing import step_quarters, swing_quarters, unswing_quarters

EXPORT_PPQ = 480
MARKER_PREFIX = "GrooveLoom "
FOLD_MODES = ("gm", "voices")


@dataclass
class QuantizeReport:
    """What happened to every note of an imported file."""

    notes_read: int = 0                 # note-ons on the drum channel
    hits: int = 0                       # hits in the resulting pattern
    moved: int = 0                      # notes moved to the grid by more than half a tick
    offsets_steps: np.ndarray = field(default_factory=lambda: np.zeros(0))  # signed, of every placed note
    seconds_per_step: float = 0.125
    collided: int = 0                   # notes that landed on a step their row already had
    remapped: Counter = field(default_factory=Counter)   # (from_note, to_note) -> count
    unmapped: Counter = field(default_factory=Counter)   # note -> count (dropped: no row for it)
    other_channels: Counter = field(default_factory=Counter)  # 1-based channel -> notes not read
    tempo_changes: int = 0
    meter_changes: int = 0
    drum_channel: int = DRUM_CHANNEL + 1
    grid: int = 16
    grid_reason: str = ""
    loop_trimmed: tuple[int, int] | None = None   # (bars in the file, bars of the loop they repeat)
    wrapped: int = 0                    # a programmed file's notes rounded onto its end: the loop's first step
    rolls: Counter = field(default_factory=Counter)   # roll label ('x3', 'x4 up') -> cells read as that roll
    roll_notes: int = 0                 # notes read as the later repeats of a roll (not placed as hits)
    flams: int = 0                      # grace notes read as a flam on the hit after them (not placed)

    @property
    def rolls_total(self) -> int:
        return sum(self.rolls.values())

    def rolls_text(self) -> str:
        """'7 rolls (x2 3, x3 4), 1 flam', or '' when none were read."""
        parts = []
        if self.rolls:
            n = self.rolls_total
            parts.append(f"{n} roll{'s' if n != 1 else ''} ("
                         + ", ".join(f"{k} {v}" for k, v in sorted(self.rolls.items(), key=_label_key)) + ")")
        if self.flams:
            parts.append(f"{self.flams} flam{'s' if self.flams != 1 else ''}")
        return ", ".join(parts)

    @property
    def unmapped_total(self) -> int:
        return sum(self.unmapped.values())

    @property
    def remapped_total(self) -> int:
        return sum(self.remapped.values())

    def offset_histogram(self) -> dict[str, int]:
        a = np.abs(self.offsets_steps)
        edges = [("on grid", 0.0), ("<= 1/8 step", 1 / 8), ("<= 1/4 step", 1 / 4), ("<= 1/2 step", 0.5 + 1e-9)]
        out, lo = {}, -1.0
        for name, hi in edges:
            out[name] = int(np.count_nonzero((a > lo) & (a <= hi))) if lo >= 0 else int(np.count_nonzero(a <= 1e-9))
            lo = hi if lo >= 0 else 1e-9
        return out

    def summary(self) -> dict:
        a = np.abs(self.offsets_steps)
        return {
            "notes_read": self.notes_read, "hits": self.hits, "moved": self.moved,
            "mean_offset_ms": round(float(a.mean()) * self.seconds_per_step * 1000, 2) if a.size else 0.0,
            "max_offset_ms": round(float(a.max()) * self.seconds_per_step * 1000, 2) if a.size else 0.0,
            "offset_histogram": self.offset_histogram(), "collided": self.collided,
            "remapped": {f"{a}->{b}": n for (a, b), n in sorted(self.remapped.items())},
            "unmapped": {str(k): v for k, v in sorted(self.unmapped.items())},
            "other_channels": {str(k): v for k, v in sorted(self.other_channels.items())},
            "tempo_changes": self.tempo_changes, "meter_changes": self.meter_changes,
            "grid": self.grid, "grid_reason": self.grid_reason,
            "rolls": dict(sorted(self.rolls.items(), key=_label_key)), "roll_notes": self.roll_notes,
            "flams": self.flams,
        }

    def brief(self) -> str:
        """One line for a status bar."""
        out = f"{self.hits} hits, {self.moved} of {self.offsets_steps.size} notes moved to the grid"
        if self.moved:
            out += f" (up to {self.summary()['max_offset_ms']:g} ms, {GRIDS.get(self.grid, self.grid)} grid)"
        if self.collided:
            out += f", {self.collided} collided"
        if self.rolls or self.flams:
            out += f", {self.rolls_text()} read inside steps"
        if self.wrapped:
            out += f", {self.wrapped} at the very end onto the first step"
        if self.loop_trimmed:
            out += f"; {self.loop_trimmed[0]} bars repeating a {self.loop_trimmed[1]}-bar loop: the loop kept"
        if self.unmapped_total:
            out += f", {self.unmapped_total} dropped"
        return out

    def lines(self) -> list[str]:
        s = self.summary()
        hist = ", ".join(f"{k} {v}" for k, v in s["offset_histogram"].items())
        where = f"channel {self.drum_channel}" if self.drum_channel else "all channels"
        out = [f"notes read: {self.notes_read} on {where}; hits placed: {self.hits}",
               f"grid: {GRIDS.get(self.grid, self.grid)} ({self.grid} steps per whole note): {self.grid_reason}",
               f"moved to grid: {self.moved} of {self.offsets_steps.size} notes (mean {s['mean_offset_ms']} ms, max {s['max_offset_ms']} ms; {hist})",
               f"collided on one step (kept loudest): {self.collided}"]
        if self.rolls or self.flams:
            out.append(f"read inside steps: {self.rolls_text()} ({self.roll_notes} notes as a roll's repeats, "
                       f"{self.flams} as flam grace notes)")
        if self.wrapped:
            out.append(f"rounded past the file's end onto the loop's first step: {self.wrapped}")
        if self.remapped:
            out.append("folded onto another note: " + ", ".join(f"{k} x{v}" for k, v in s["remapped"].items()))
        out.append(f"unmapped (dropped): {self.unmapped_total}"
                   + (" (" + ", ".join(f"note {k} x{v}" for k, v in s["unmapped"].items()) + ")" if self.unmapped else ""))
        if self.other_channels:
            out.append("notes on other channels (not read): "
                       + ", ".join(f"ch {k} x{v}" for k, v in s["other_channels"].items()))
        if self.loop_trimmed:
            out.append(f"the file's {self.loop_trimmed[0]} bars repeat a {self.loop_trimmed[1]}-bar loop: "
                       f"the loop was kept")
        if self.tempo_changes:
            out.append(f"tempo changes ignored (first tempo used): {self.tempo_changes}")
        if self.meter_changes:
            out.append(f"time signature changes ignored (first used): {self.meter_changes}")
        return out


def _label_key(item) -> tuple:
    label = item[0]
    count = int(label.split()[0][1:]) if label.startswith("x") else 0
    return count, label


@dataclass
class ImportResult:
    pattern: Pattern
    report: QuantizeReport


# ---- reading -----------------------------------------------------------------------------------

def parse_midi_bytes(data: bytes, name: str | os.PathLike) -> mido.MidiFile:
    """Parse bytes as a Standard MIDI File, or raise MidiFileError naming the file and the problem."""
    if not data:
        raise MidiFileError("empty file, not a MIDI file", name)
    if data[:4] != b"MThd":
        hint = " (a RIFF/WAV file?)" if data[:4] == b"RIFF" else ""
        raise MidiFileError(f"not a MIDI file: no 'MThd' header{hint}", name)
    data = _tracks_declared_right(data, name)
    _bounded(data, name)
    try:
        mid = mido.MidiFile(file=io.BytesIO(data), clip=True)
    except EOFError:
        raise MidiFileError("truncated MIDI file: it ends in the middle of a chunk", name) from None
    except Exception as exc:  # mido raises many types on corrupt data; all mean the same to a user
        raise MidiFileError(f"corrupt MIDI file: {exc}", name) from None
    if mid.type == 2:
        raise MidiFileError("MIDI type 2 (independent sequences) is not supported; save it as type 0 or 1",
                            name)
    if mid.type not in (0, 1):
        raise MidiFileError(f"unknown MIDI file type {mid.type}", name)
    if not 0 < mid.ticks_per_beat < 0x8000:
        raise MidiFileError(f"unsupported time division {mid.ticks_per_beat} (SMPTE or zero)", name)
    _texts_as_utf8(mid)
    return mid


TEXT_CHARSET = "utf-8"     # what GrooveLoom writes MIDI text in (names in any script); read: UTF-8, else Latin-1
_TEXT_FIELDS = ("text", "name")


def _texts_as_utf8(mid: mido.MidiFile) -> None:
    """MIDI text read as UTF-8 where its bytes are UTF-8 (what GrooveLoom and most DAWs write), else kept as
    Latin-1 (mido's reading, which never fails)."""
    mid.charset = TEXT_CHARSET
    for track in mid.tracks:
        for m in track:
            if m.is_meta:
                for f in _TEXT_FIELDS:
                    v = getattr(m, f, None)
                    if isinstance(v, str) and not v.isascii():
                        try:
                            setattr(m, f, v.encode("latin-1").decode("utf-8"))
                        except (UnicodeEncodeError, UnicodeDecodeError):
                            pass


MAX_EVENTS = 600_000            # events in one MIDI file (a 1,024-bar export of 12 busy rows holds 400,000;
                                # 500,000 take mido 13 s and 280 MB here)
MAX_SYSEX_BYTES = 1 << 20       # system exclusive data in one MIDI file (drum parts need none)
MAX_NOTES = MAX_EVENTS // 2 - 1000   # notes a MIDI file GrooveLoom writes may hold (it must read it back)


def check_notes(n: int, what: str = "the MIDI file") -> None:
    """Refuse, before any note is made, to write more notes than GrooveLoom reads back."""
    if n > MAX_NOTES:
        raise GrooveLoomError(f"{what} would hold {n:,} notes; a MIDI file holds at most {MAX_NOTES:,} "
                              f"(engine.midi_io.MAX_NOTES): fewer bars, repeats or rolls")


def _bounded(data: bytes, name) -> None:
    """Refuse, before mido builds an object per event, a file of more than MAX_EVENTS events or
    MAX_SYSEX_BYTES of system exclusive data (a 10 MB file can hold 3.4 million notes: over 1 GB as mido
    messages). Walks the track chunks; anything it cannot follow is left to mido to report."""
    pos, events, sysex, n = 14, 0, 0, len(data)
    while pos + 8 <= n:
        size = int.from_bytes(data[pos + 4:pos + 8], "big")
        end, pos, status = min(pos + 8 + size, n), pos + 8, 0
        if data[pos - 8:pos - 4] != b"MTrk":
            pos = end
            continue
        while pos < end:
            while pos < end and data[pos] & 0x80:       # delta time
                pos += 1
            pos += 1
            if pos >= end:
                break
            b = data[pos]
            if b >= 0x80:
                status, pos = b, pos + 1
            if status in (0xF0, 0xF7, 0xFF):
                if status == 0xFF:
                    pos += 1
                length = 0
                while pos < end:
                    length = (length << 7) | (data[pos] & 0x7F)
                    pos += 1
                    if not data[pos - 1] & 0x80:
                        break
                if status != 0xFF:
                    sysex += length
                pos += length
                status = 0                               # (meta and sysex end a running status)
            elif status >= 0x80:
                pos += 1 if 0xC0 <= status < 0xE0 else 2
            else:
                return                                   # data before any status: mido says what is wrong
            events += 1
            if events > MAX_EVENTS:
                raise MidiFileError(f"more than {MAX_EVENTS:,} events in one file (engine.midi_io.MAX_EVENTS)",
                                    name)
            if sysex > MAX_SYSEX_BYTES:
                raise MidiFileError(f"more than {MAX_SYSEX_BYTES >> 20} MB of system exclusive data (engine."
                                    f"midi_io.MAX_SYSEX_BYTES): export the drums without it", name)
        pos = end


def _tracks_declared_right(data: bytes, name) -> bytes:
    """mido reads the header's track count as signed: a file declaring 32,768 or more tracks would lose every
    track. Such a header gets the number of track chunks the file really holds."""
    if len(data) < 14:
        return data
    declared = struct.unpack(">H", data[10:12])[0]
    if declared < 0x8000:
        return data
    count, pos = 0, 8 + struct.unpack(">I", data[4:8])[0]
    while pos + 8 <= len(data) and count < 0x8000:
        count += data[pos:pos + 4] == b"MTrk"
        pos += 8 + struct.unpack(">I", data[pos + 4:pos + 8])[0]
    if count >= 0x8000:
        raise MidiFileError(f"declares {declared} tracks; GrooveLoom reads at most 32,767", name)
    return data[:10] + struct.pack(">H", count) + data[12:]


def read_midi(path: str | os.PathLike, **kw) -> ImportResult:
    """Import a MIDI file as a Pattern. Keywords as for import_midi."""
    data = read_input_file(path, MidiFileError)
    return import_midi(parse_midi_bytes(data, path), name=path, **kw)


@dataclass
class _Events:
    """What a MIDI file holds for the importer, in absolute ticks."""
    notes: list = field(default_factory=list)     # (tick, note, velocity) on the drum channel
    tempos: list = field(default_factory=list)    # (tick, microseconds per quarter)
    meters: list = field(default_factory=list)    # (tick, numerator, denominator)
    bad_meters: int = 0                           # time signatures no bar can have (0/4, 4/0, 4/3): ignored
    marker: dict = field(default_factory=dict)    # GrooveLoom's own export settings, if the file has them
    other: Counter = field(default_factory=Counter)  # 1-based channel -> notes not read
    end_tick: int = 0


def _collect(mid: mido.MidiFile, ch: int, any_channel: bool) -> _Events:
    ev, marker = _Events(), None
    for track in mid.tracks:
        tick = 0
        for msg in track:
            tick += msg.time
            if msg.type == "note_on" and msg.velocity > 0:
                if msg.channel == ch or any_channel:
                    ev.notes.append((tick, msg.note, msg.velocity))
                else:
                    ev.other[msg.channel + 1] += 1
            elif msg.type == "set_tempo":
                if msg.tempo > 0:               # a tempo of 0 microseconds per beat is no tempo: ignored
                    ev.tempos.append((tick, msg.tempo))
            elif msg.type == "time_signature":
                if 1 <= msg.numerator <= MAX_NUMERATOR and msg.denominator in METER_DENOMINATORS:
                    ev.meters.append((tick, msg.numerator, msg.denominator))
                else:
                    ev.bad_meters += 1
            elif msg.type == "text" and msg.text.startswith(MARKER_PREFIX) and marker is None:
                marker = _parse_marker(msg.text)
        ev.end_tick = max(ev.end_tick, tick)
    ev.marker = marker or {}
    ev.tempos.sort(key=lambda t: t[0])
    ev.meters.sort(key=lambda m: m[0])
    return ev


def _no_drums(ev: _Events, ch: int, name) -> NoDrumNotesError:
    if ev.other:
        chans = tuple(sorted(ev.other))
        listing = ", ".join(str(c) for c in chans)
        return NoDrumNotesError(f"no drum notes on channel {ch + 1} (notes found on channel"
                                f"{'s' if len(chans) > 1 else ''} {listing}); to read one of them as drums use "
                                f"--channel {chans[0]}", name, chans)
    return NoDrumNotesError("no notes in the file", name)


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
                meter: tuple[int, int] | None = None, velocities: dict[int, np.ndarray] | None = None
                ) -> ImportResult:
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
    """
    if fold not in FOLD_MODES:
        raise ValueError(f"fold must be one of {FOLD_MODES}")
    any_channel = channel == "any"
    if channel is not None and not any_channel and not (isinstance(channel, int) and 1 <= channel <= 16):
        raise MidiFileError(f"channel must be 1-16, got {channel}", name)
    ch = DRUM_CHANNEL if channel is None or any_channel else channel - 1
    ev = _collect(mid, ch, any_channel)
    marker, notes = ev.marker, ev.notes
    if not notes and not marker.get("rows"):  # an empty GrooveLoom pattern is fine; elsewhere, no drums
        raise _no_drums(ev, ch, name)
    swing = marker.get("swing", MIN_SWING) if swing is None else swing
    swing_unit = swing_unit or marker.get("swing_unit", 16)
    num, den = meter or ((ev.meters[0][1], ev.meters[0][2]) if ev.meters else (4, 4))
    ppq, bar_q = mid.ticks_per_beat, num * 4 / den
    ticks = np.array([n[0] for n in notes], dtype=np.float64)
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
    straight_q = unswing_quarters(ticks / ppq, bar_q, swing, swing_unit)
    end_q = unswing_quarters(np.array([ev.end_tick / ppq]), bar_q, swing, swing_unit)[0]
    sec = ticks / ppq * (60.0 / tempo)
    tol_q = max(1.0 / ppq, 0.01)
    end_sec = ev.end_tick / ppq * (60.0 / tempo)

    def rolls_on(g: int) -> _RollFind | None:
        """The rolls and flams on grid g (None: the meter has no bar of g)."""
        try:
            spb_g = steps_per_bar_for(num, den, g)
        except ValueError:
            return None
        loop_q = max(math.ceil((end_q * g / 4 - 0.5) / spb_g), 1) * bar_q

        def grace_tick(line: int, wrap: bool) -> int:   # where GrooveLoom writes the grace of a hit on this line
            q = swing_quarters(np.array([line * 4 / g]), bar_q, swing, swing_unit)[0] - FLAM_S * tempo / 60.0
            return int(round((q + loop_q * wrap) * ppq))
        return _find_rolls(targets, straight_q * (g / 4), sec, vel, tol_q * g / 4, loop_q * 60.0 / tempo,
                           ticks, grace_tick)

    found = None
    if grid:
        why = "as asked (--grid, or the file type chosen in the Import dialog)"
        if grid in GRIDS:
            found = rolls_on(grid) if grid == marker.get("grid") else _programmed(rolls_on(grid), targets)
    elif marker.get("grid"):
        grid, why = marker["grid"], "GrooveLoom's own export"
        found = rolls_on(grid)
    else:
        grid, why = detect_grid(ticks, ppq, num, den, swing, swing_unit)
        exact = "coarsest" in why
        by_hand = "played by hand" in why
        for g in ROLL_GRIDS:
            if exact and g >= grid:
                continue
            f = rolls_on(g) if _may_roll(straight_q * (g / 4), tol_q * g / 4, targets, sec, end_sec) else None
            # (notes all on a finer grid: a note a step before another is that grid's step, not a grace)
            # (where no grid holds every note, rolls that explain them all win, however many: else notes move)
            if f is not None and not f.unexplained and (f.few_rolls() or not exact) and (f.roll_cells or f.flams) and \
                    not (exact and f.flams):
                grid, found, why = g, f, _roll_reason(g, f, grid if exact else None)
                break
        else:
            if not by_hand:
                found = _programmed(rolls_on(grid), targets)
    if grid not in GRIDS:
        raise MidiFileError(f"grid must be one of {sorted(GRIDS)}, got {grid}", name)
    report.grid, report.grid_reason = grid, why
    try:
        spb = steps_per_bar_for(num, den, grid)
    except ValueError as exc:
        raise MidiFileError(f"time signature {num}/{den}: {exc}", name) from None
    report.seconds_per_step = 60.0 / tempo / (grid / 4)
    # onto the grid: straighten the swing, round to the nearest step, keep the loudest of a collision; a roll's
    # later repeats and a flam's grace note are read into their hit's cell instead
    straight = straight_q * (grid / 4)
    steps = np.floor(straight + 0.5).astype(np.int64)
    keep = targets >= 0
    if found is not None:
        keep &= ~found.absorbed
        report.rolls, report.flams = found.labels, found.flams
        report.roll_notes = int(np.count_nonzero(found.absorbed)) - found.flams
    report.offsets_steps = (straight - steps)[keep]
    report.moved = int(np.count_nonzero(np.abs(report.offsets_steps) * (ppq * 4 / grid) > 0.5))
    end_steps = end_q * (grid / 4)
    file_bars = math.ceil((end_steps - 0.5) / spb)
    # a programmed loop's last note rounded up onto the downbeat after the file's end (32nds read on 16ths):
    # the loop's first step; a performance's last hit played early stays at its end (as before)
    over = keep & (steps == file_bars * spb) & (straight < file_bars * spb) if file_bars > 0 else None
    if over is not None and over.any() and \
            max(grid_shares(ticks, ppq, num, den, swing, swing_unit).values(), default=0.0) >= MIXED_SHARE:
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
    flat = targets[keep] * hits.shape[1] + steps[keep]
    report.collided = int(flat.size - np.unique(flat).size)
    np.maximum.at(hits.reshape(-1), flat, vel[keep])
    for (r, s), (code, v) in (found.cells.items() if found is not None else ()):
        if 0 <= s < hits.shape[1] and hits[r, s]:
            rolls[r, s] = code
            if v is not None:
                hits[r, s] = max(v, hits[r, s])    # (a note rounded onto a roll: the louder)
    report.hits = int(np.count_nonzero(hits))
    try:
        pattern = Pattern(tuple(rows), hits, num, den, grid, tempo=tempo, swing=swing, swing_unit=swing_unit,
                          rolls=rolls)
    except ValueError as exc:
        raise MidiFileError(str(exc), name) from None
    return ImportResult(pattern, report)


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


# coarsest first, straight before triplets: quarter and 8th notes lie on 8th triplets too, and are 16ths
DETECT_ORDER = (16, 12, 32, 24, 64, 48)
MIXED_SHARE = 0.9                         # a programmed file on mixed grids: the grid holding this share of notes


def grid_shares(ticks, ppq: int, num: int, den: int, swing: float = MIN_SWING, swing_unit: int = 16) -> dict:
    """The share of the notes on each supported grid (within 1/100 of a quarter, at least a tick), in
    DETECT_ORDER, up to the first grid that holds them all."""
    q = unswing_quarters(np.asarray(ticks, np.float64) / ppq, num * 4 / den, swing, swing_unit)
    tol = max(1.0 / ppq, 0.01)
    share = {}
    for g in DETECT_ORDER:
        try:
            steps_per_bar_for(num, den, g)
        except ValueError:
            continue
        pos = q * (g / 4)
        share[g] = float(np.mean(np.abs(pos - np.round(pos)) * 4 / g <= tol))
        if share[g] == 1.0:
            break
    return share


def detect_grid(ticks, ppq: int, num: int, den: int, swing: float = MIN_SWING,
                swing_unit: int = 16) -> tuple[int, str]:
    """The coarsest grid every note lies on (within 1/100 of a quarter, at least a tick: rounding of
    triplet ticks) and why; notes played by hand, off every grid, go to 16ths as always."""
    if not len(ticks):
        return 16, "no notes: 16ths"
    share = grid_shares(ticks, ppq, num, den, swing, swing_unit)
    for g, part in share.items():
        if part == 1.0:
            return g, (f"every note lies on {GRIDS[g]} steps (the coarsest grid that holds them all, straight "
                       f"before triplets)")
    best = max(share, key=lambda g: (share[g], -g)) if share else 16
    if share.get(best, 0.0) >= MIXED_SHARE:   # programmed on mixed grids (32nds and triplets): the best fit
        return best, (f"{share[best]:.0%} of the notes lie on {GRIDS[best]} steps, more than on any other grid "
                      f"(the rest are moved; --grid chooses another)")
    off = 1.0 - share.get(16, 0.0)
    return 16, f"played by hand: {off:.0%} of the notes lie off the 16th grid (and off the others): 16ths"


# ---- rolls and flams inside a step -----------------------------------------------------------------

FLAM_MIN_S, FLAM_MAX_S = 0.008, 0.045   # a grace note this long before its hit (GrooveLoom writes FLAM_S)
ROLL_SHARE = 0.5                        # rolls instead of a finer grid that holds every note: at most this share of
                                        # cells roll (a trap file rolls 5 of its 16 hat steps a bar: 31%)
ROLL_GRIDS = (16, 12, 32, 24)           # the grids a file's rolls may sit on, coarsest (most likely) first


@dataclass
class _RollFind:
    """What _find_rolls read on one grid."""
    cells: dict            # (row, step) -> (roll code, the cell's velocity; None: the hit's own)
    absorbed: np.ndarray   # bool per note: a roll's later repeat or a flam's grace (no hit of its own)
    unexplained: int       # notes (of a row) neither on a grid line, nor in a roll, nor a grace note
    hit_cells: int         # cells with a note on their grid line
    labels: Counter        # roll label -> cells
    flams: int
    row_cells: dict = field(default_factory=dict)   # row -> (hit cells, rolled cells)

    @property
    def roll_cells(self) -> int:
        return sum(self.labels.values())

    def few_rolls(self) -> bool:
        """Rolls are the exception, in the file and on each row that has them (at most ROLL_SHARE of the hit
        cells): a roll, not a finer grid that holds every note."""
        return self.roll_cells <= ROLL_SHARE * self.hit_cells and \
            all(rolled <= ROLL_SHARE * cells for cells, rolled in self.row_cells.values())


def _roll_fits(pos: np.ndarray, tol: float) -> bool:
    """pos (steps, in order, the first on its grid line): an even roll of 2, 3, 4, 6 or 8 inside the step."""
    m = len(pos)
    if m not in ROLL_COUNTS or m < 2:
        return False
    return bool(np.all(np.abs(pos - np.round(pos[0]) - np.arange(m) / m) <= tol))


RAMP_TOLERANCE = 0.1      # a roll's velocities within this share of GrooveLoom's ramp (at least 2) are that ramp


def _roll_shape(v: np.ndarray) -> tuple[str, int]:
    """A roll's velocity shape and the cell's velocity: 'up' or 'down' only where the velocities follow the
    ramp engine.rolls.expand plays (from 45% of the loudest); any other roll is flat at its mean velocity
    (a programmed roll of 84 and 91 stays about 88 each: a ramp would play 41 and 91)."""
    v = np.asarray(v, np.int64)
    for shape, top in (("up", int(v[-1])), ("down", int(v[0]))):
        if v[-1] != v[0]:
            want = expand(np.array([Roll(len(v), shape).code]), np.array([top]))[2]
            if np.all(np.abs(want - v) <= np.maximum(2, RAMP_TOLERANCE * top)):
                return shape, top
    return "flat", int(np.clip(np.round(v.mean()), 1, 127))


def _may_roll(pos: np.ndarray, tol: float, targets: np.ndarray, sec: np.ndarray, end_sec: float) -> bool:
    """A quick look before _find_rolls: a note off the grid in a step with no hit on its line can only be a
    grace note, 8-45 ms before a hit of its row (or at the loop's end). A performance fails at once."""
    keep = targets >= 0
    pos, rows, sec = pos[keep], targets[keep], sec[keep]
    line = np.floor(pos + 0.5).astype(np.int64)
    on = np.abs(pos - line) <= tol
    span = int(line.max()) + 2 if len(line) else 1
    cell = np.where(on, line, np.floor(pos + tol).astype(np.int64))
    lone = ~on & ~np.isin(rows * span + cell, rows[on] * span + line[on])
    if not lone.any():
        return True
    t = float(sec.max()) + 1.0           # one number per (row, time), rows apart
    hit_key = np.sort(rows[on] * t + sec[on])
    key = rows[lone] * t + sec[lone]
    k = np.searchsorted(hit_key, key, side="right")
    nxt = np.where(k < len(hit_key), hit_key[np.minimum(k, len(hit_key) - 1)], np.inf) if len(hit_key) else \
        np.full(len(key), np.inf)
    dt = nxt - key
    near_end = end_sec - sec[lone] <= FLAM_MAX_S
    return bool(np.all(((dt >= FLAM_MIN_S - 1e-9) & (dt <= FLAM_MAX_S + 1e-9)) | near_end))


def _find_rolls(targets: np.ndarray, pos: np.ndarray, sec: np.ndarray, vel: np.ndarray, tol: float,
                end_sec: float, ticks: np.ndarray, grace_tick) -> _RollFind:
    """Rolls and flams of one row's notes on one grid.

    targets: row per note (-1: unmapped); pos: straight positions in steps of the grid; sec: when each note
    sounds; tol: the grid tolerance in steps; end_sec: when the loop ends (a flam on its first step is written
    just before it). A cell's notes at s + k/m (m = 2, 3, 4, 6, 8) are one hit rolled m times; a softer note
    of the row 8-45 ms before a hit on a grid line, off the grid itself, is that hit's flam."""
    n = len(pos)
    line = np.floor(pos + 0.5).astype(np.int64)
    on = (np.abs(pos - line) <= tol) & (targets >= 0)
    cell = np.floor(pos + tol).astype(np.int64)
    absorbed = np.zeros(n, bool)
    cells: dict = {}
    labels: Counter = Counter()
    flams = unexplained = hit_cells = 0
    row_cells: dict = {}
    for r in np.unique(targets[targets >= 0]):
        before = (hit_cells, sum(labels.values()))
        idx = np.flatnonzero(targets == r)
        idx = idx[np.argsort(pos[idx], kind="stable")]
        # a grace note within the tolerance of its hit's line (slow tempos): the softer, earlier of the two
        for a, b in zip(idx, idx[1:]):
            if on[a] and on[b] and line[a] == line[b] and FLAM_MIN_S <= sec[b] - sec[a] <= FLAM_MAX_S \
                    and vel[a] < vel[b]:
                on[a] = False
                cell[a] = line[a] - 1
        hits = idx[on[idx]]
        vmax: dict = {}
        for j in idx:
            c = int(line[j]) if on[j] else int(cell[j])
            vmax[c] = max(vmax.get(c, 0), int(vel[j]))
        # grace candidates: the best one (nearest FLAM_S before) per hit
        grace_of: dict = {}         # hit note -> (grace note, seconds before)
        first = next((h for h in hits if line[h] == 0), None)
        hit_sec = sec[hits]
        for j in idx[~on[idx]]:
            k = int(np.searchsorted(hit_sec, sec[j], side="right"))
            if k < len(hits):
                h, dt, wrap = hits[k], sec[hits[k]] - sec[j], False
            elif first is not None:        # the loop's first step: its grace written at the end of the file
                h, dt, wrap = first, end_sec - sec[j] + sec[first], True
            else:
                continue
            if not FLAM_MIN_S <= dt <= FLAM_MAX_S or not (vel[j] < vmax[int(line[h])] or vel[j] == 1):
                continue
            # GrooveLoom's own grace note first: on its tick, at its velocity for the cell's (the loudest note,
            # or the hit's for a roll whose louder notes are not known yet)
            on_tick = ticks[j] == grace_tick(int(line[h]), wrap)
            rank = (not on_tick, vel[j] != grace_velocity(vmax[int(line[h])]), vel[j] != grace_velocity(vel[h]),
                    abs(dt - FLAM_S))
            if h not in grace_of or rank < grace_of[h][2]:
                grace_of[h] = (j, dt, rank)
        grace = {g: h for h, (g, _, _) in grace_of.items()}
        by_cell: dict = {}
        for j in idx:
            by_cell.setdefault(int(line[j]) if on[j] else int(cell[j]), []).append(j)
        for c, members in by_cell.items():
            lead = [j for j in members if on[j]]
            rest = [j for j in members if not on[j] and j not in grace]
            if len(lead) != 1:
                hit_cells += bool(lead)
                unexplained += len(rest)
                continue
            hit_cells += 1
            roll = lead + rest
            ok = len(roll) == 1 or _roll_fits(pos[roll], tol)
            for g in [j for j in members if j in grace]:     # a grace candidate that is this cell's repeat
                alt = sorted(roll + [g], key=lambda j: pos[j])
                if not _roll_fits(pos[alt], tol):
                    continue
                h = grace[g]
                exact = grace_of[h][2][0] + min(grace_of[h][2][1:3]) == 0
                if not ok or not exact:
                    roll, ok = alt, True
                    del grace[g]
            if not ok:
                unexplained += len(rest)
                continue
            if len(roll) > 1:
                shape, v = _roll_shape(vel[roll])
                code = Roll(len(roll), shape).code
                labels[Roll(len(roll), shape).label()] += 1
                absorbed[roll[1:]] = True
                cells[(int(r), c)] = (code, v)
        for g, h in grace.items():
            key = (int(r), int(line[h]))
            code, v = cells.get(key, (0, None))
            cells[key] = (code | FLAM_BIT, v)
            absorbed[g] = True
            flams += 1
        row_cells[int(r)] = (hit_cells - before[0], sum(labels.values()) - before[1])
    return _RollFind(cells, absorbed, unexplained, hit_cells, labels, flams, row_cells)


def _parse_marker(text: str) -> dict | None:
    try:
        d = json.loads(text[len(MARKER_PREFIX):])
    except (ValueError, RecursionError):     # (deeply nested, or a number too long to read: not ours)
        return None
    if not isinstance(d, dict):
        return None
    out: dict = {}
    if d.get("grid") in GRIDS:
        out["grid"] = d["grid"]
    if isinstance(d.get("swing"), (int, float)) and MIN_SWING <= d["swing"] <= MAX_SWING:
        out["swing"] = float(d["swing"])
    if d.get("swing_unit") in SWING_UNITS:
        out["swing_unit"] = d["swing_unit"]
    rows = d.get("rows")
    try:   # our own rows: at most MAX_ROWS, one per note (else the marker is not ours: the notes decide)
        if isinstance(rows, list) and len(rows) <= MAX_ROWS:
            out["rows"] = [list(r) for r in rows if Row(str(r[0]), int(r[1]), r[2])]
            if len({int(r[1]) for r in out["rows"]}) != len(out["rows"]):
                out.pop("rows")
    except (ValueError, TypeError, IndexError, OverflowError):
        out.pop("rows", None)
    return out


# ---- writing -----------------------------------------------------------------------------------

def pattern_notes(pattern: Pattern, note_steps: float = 1.0, timing=None):
    """One pass's notes as played, in quarters from its start: (rows, on, off, velocities, grace). `timing`
    (optional) is a callable (pattern, rows, steps, velocities) -> (quarters, velocities) for humanize or
    the feel; a note may lie before 0 (played early on the first step, or its flam's grace note)."""
    r_idx, s_idx = np.nonzero(pattern.hits)
    vel = pattern.hits[r_idx, s_idx].astype(np.int64)
    dq = None
    if timing is not None:
        on_q, vel = timing(pattern, r_idx, s_idx, vel)
        dq = on_q - step_quarters(pattern, s_idx)
    notes = hit_notes(pattern, s_idx, pattern.rolls[r_idx, s_idx], vel, dq)
    r_idx, on_q = r_idx[notes.hit], notes.quarters
    lengths = note_lengths(pattern, r_idx, notes, note_steps)
    off_q = on_q + (step_quarters(pattern, notes.pos + lengths) - step_quarters(pattern, notes.pos))
    return r_idx, on_q, off_q, notes.velocity, notes.grace


def note_messages(notes, on_t, off_t, vel) -> list:
    """(tick, message) note-ons and -offs of these MIDI notes on the drum channel, in order; a note-off
    sorts before a note-on on the same tick."""
    events = []
    for note, t0, t1, v in zip(notes, on_t, off_t, vel):
        note = int(note)
        events.append((int(t0), 1, mido.Message("note_on", channel=DRUM_CHANNEL, note=note, velocity=int(v))))
        events.append((int(t1), 0, mido.Message("note_off", channel=DRUM_CHANNEL, note=note, velocity=0)))
    events.sort(key=lambda e: (e[0], e[1], e[2].note))
    return [(t, m) for t, _, m in events]


def pattern_to_midi(pattern: Pattern, *, title: str = "GrooveLoom", note_steps: float = 1.0,
                    timing=None) -> mido.MidiFile:
    """Type 1, 480 PPQ, GM drums on channel 10, one pass played as pattern_notes says (`timing`: humanize
    or the feel). The file's zero is the grid's: a hit played early on the first step sounds on it; a
    flam's grace note before it ends the loop instead (heard where a DAW loops the clip)."""
    check_notes(played_notes(pattern.hits, pattern.rolls))
    end = pattern.n_steps / pattern.steps_per_quarter
    end_tick = int(round(end * EXPORT_PPQ))
    r_idx, on_q, off_q, vel, grace = pattern_notes(pattern, note_steps, timing)
    shift, kept = from_zero(on_q, grace)
    shift = np.where(kept, shift, end)      # (a grace note the file's start leaves out ends the loop instead)
    on_q, off_q = on_q + shift, off_q + shift
    on_t = np.clip(np.round(on_q * EXPORT_PPQ).astype(np.int64), 0, end_tick - 1)
    off_t = np.clip(np.round(off_q * EXPORT_PPQ).astype(np.int64), on_t + 1, end_tick)
    events = note_messages([pattern.rows[r].note for r in r_idx], on_t, off_t, vel)

    mid = mido.MidiFile(type=1, ticks_per_beat=EXPORT_PPQ, charset=TEXT_CHARSET)
    marker = MARKER_PREFIX + json.dumps({
        "version": 1, "grid": pattern.grid, "swing": pattern.swing, "swing_unit": pattern.swing_unit,
        "rows": [[r.name, r.note, r.length] for r in pattern.rows]}, ensure_ascii=True)
    conductor = mido.MidiTrack([
        mido.MetaMessage("track_name", name=title, time=0),
        mido.MetaMessage("time_signature", numerator=pattern.numerator, denominator=pattern.denominator,
                         clocks_per_click=24, notated_32nd_notes_per_beat=8, time=0),
        mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(pattern.tempo), time=0),
        mido.MetaMessage("text", text=marker, time=0),
        mido.MetaMessage("end_of_track", time=end_tick),
    ])
    drums = mido.MidiTrack([mido.MetaMessage("track_name", name="Drums", time=0)])
    last = 0
    for tick, msg in events:
        drums.append(msg.copy(time=tick - last))
        last = tick
    drums.append(mido.MetaMessage("end_of_track", time=end_tick - last))
    mid.tracks.extend([conductor, drums])
    return mid


def midi_bytes(pattern: Pattern, **kw) -> bytes:
    buf = io.BytesIO()
    pattern_to_midi(pattern, **kw).save(file=buf)
    return buf.getvalue()


def write_midi(pattern: Pattern, path: str | os.PathLike, **kw) -> None:
    """Write the pattern as a MIDI file, atomically (never a half-written file)."""
    atomic_write_bytes(path, midi_bytes(pattern, **kw), MidiFileError)


# ---- whole songs ----------------------------------------------------------------------------------

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
    data = read_input_file(path, MidiFileError)
    mid = parse_midi_bytes(data, path)
    ev = _collect(mid, DRUM_CHANNEL, False)
    ppq = mid.ticks_per_beat
    if ev.marker or (not ev.tempos[1:] and not ev.meters[1:]):   # one section: the plain import
        res = import_midi(mid, name=path, **kw)
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


def part_channels(path: str | os.PathLike) -> dict[int, tuple[int, str]]:
    """{1-based channel: (note-ons, its track's name or '')} of any MIDI file, busiest first, the drum
    channel last: the parts Drumify can follow."""
    notes = _part_notes(path)
    order = sorted(notes.by_channel, key=lambda c: (c == DRUM_CHANNEL, -len(notes.by_channel[c]), c))
    return {c + 1: (len(notes.by_channel[c]), notes.names.get(c, "")) for c in order}


@dataclass
class _PartNotes:
    by_channel: dict          # channel (0-based) -> note-on ticks
    ppq: int
    tempos: list              # (tick, BPM) in order
    end: int                  # the last event's tick
    names: dict               # channel -> the name of the track holding most of its notes


def _part_notes(path) -> _PartNotes:
    mid = parse_midi_bytes(read_input_file(path, MidiFileError), path)
    by_channel: dict[int, list[int]] = {}
    tempos, end, named = [], 0, {}
    for track in mid.tracks:
        tick, name, held = 0, "", {}
        for m in track:
            tick += m.time
            if m.type == "note_on" and m.velocity > 0:
                by_channel.setdefault(m.channel, []).append(tick)
                held[m.channel] = held.get(m.channel, 0) + 1
            elif m.type == "set_tempo" and m.tempo > 0:
                tempos.append((tick, mido.tempo2bpm(m.tempo)))
            elif m.type == "track_name" and not name:
                name = " ".join("".join(c if c.isprintable() else " " for c in str(m.name)).split())[:40]
        end = max(end, tick)
        for c, n in held.items():
            if name and n > named.get(c, ("", 0))[1]:
                named[c] = (name, n)
    if not by_channel:
        raise NoDrumNotesError("no notes to take a rhythm from", path)
    return _PartNotes(by_channel, mid.ticks_per_beat, sorted(tempos), end, {c: v[0] for c, v in named.items()})


@dataclass
class Part:
    """The rhythm of one part, for Drumify (part_onsets)."""
    onsets: np.ndarray        # bool per 16th of 4/4, whole bars
    tempo: float              # the tempo of most of those bars
    channel: int              # 1-based
    name: str                 # its track's name, or ''
    file_bars: int            # the part's bars in the file (the onsets hold at most max_bars of them)
    tempo_changes: int        # tempo changes within those bars

    def describe(self) -> str:
        """What the beat follows, for a message: channel, name, what was left out or changed."""
        bars = len(self.onsets) // 16
        out = f"channel {self.channel}{f' ({self.name})' if self.name else ''}"
        if self.channel - 1 == DRUM_CHANNEL:
            out += " (the drums)"
        if self.file_bars > bars:
            out += f", its first {bars} of {self.file_bars} bars"
        if self.tempo_changes:
            out += (f" (its tempo changes {self.tempo_changes} time{'s' if self.tempo_changes > 1 else ''}: the beat "
                    f"keeps the most used, {self.tempo:g} BPM)")
        return out


def part_onsets(path: str | os.PathLike, channel: int | None = None, max_bars: int = 32) -> Part:
    """The rhythm of one part of any MIDI file, for Drumify: its note onsets on 16ths of 4/4 (whole bars,
    at most max_bars) and the tempo of most of those bars. channel None: the channel with the most notes
    that is not the drum channel (the drum channel if it is the only one). A chord is one onset."""
    notes = _part_notes(path)
    by_channel, ppq = notes.by_channel, notes.ppq
    if channel is not None:
        if channel - 1 not in by_channel:
            raise MidiFileError(f"no notes on channel {channel} (notes on channel "
                                f"{', '.join(str(c + 1) for c in sorted(by_channel))})", path)
        ch = channel - 1
    else:
        melodic = {c: t for c, t in by_channel.items() if c != DRUM_CHANNEL} or by_channel
        ch = max(melodic, key=lambda c: len(melodic[c]))
    steps = np.unique(np.floor(np.asarray(by_channel[ch], np.float64) / ppq * 4 + 0.5).astype(np.int64))
    file_bars = max(int(steps.max()) // 16 + 1, math.ceil(notes.end / ppq / 4 - 1e-6), 1)
    bars = min(file_bars, max_bars)
    onsets = np.zeros(bars * 16, bool)
    onsets[steps[steps < bars * 16]] = True
    span = bars * 4 * ppq                              # the tempo that holds longest over those bars
    held: dict[float, int] = {}
    changes = [(t, v) for t, v in notes.tempos if t < span]
    for (t, v), nxt in zip(changes, [t for t, _ in changes[1:]] + [span]):
        held[round(v, 2)] = held.get(round(v, 2), 0) + nxt - max(t, 0)
    tempo = max(held, key=held.get) if held else (notes.tempos[0][1] if notes.tempos else 120.0)
    n_changes = sum(1 for (_, v), (_, w) in zip(changes, changes[1:]) if round(v, 2) != round(w, 2))
    return Part(onsets, min(max(float(tempo), MIN_TEMPO), MAX_TEMPO), ch + 1, notes.names.get(ch, ""),
                file_bars, n_changes)
