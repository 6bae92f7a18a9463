"""Writing a pattern as a Standard MIDI File: type 1, 480 PPQ, a conductor track with GrooveLoom's marker,
the drums on channel 10, swing, humanize and the feel applied as tick offsets."""
from __future__ import annotations

import io
import json
import os
import struct

import mido
import numpy as np

from ..drumkit import DRUM_CHANNEL
from ..errors import GrooveLoomError, MidiFileError
from ..fileio import atomic_write_bytes
from ..pattern import Pattern
from ..performance import from_zero, hit_notes, note_steps as note_lengths
from ..rolls import played_notes
from ..timing import step_quarters
from .read import MARKER_PREFIX, MAX_EVENTS, TEXT_CHARSET


EXPORT_PPQ = 480


MAX_NOTES = MAX_EVENTS // 2 - 1000   # notes a MIDI file GrooveLoom writes may hold (it must read it back)


def check_notes(n: int, what: str = "the MIDI file") -> None:
    """Refuse, before any note is made, to write more notes than GrooveLoom reads back."""
    if n > MAX_NOTES:
        raise GrooveLoomError(f"{what} would hold {n:,} notes; a MIDI file holds at most {MAX_NOTES:,} "
                              f"(engine.midi.MAX_NOTES): fewer bars, repeats or rolls")


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
    notes = hit_notes(pattern, s_idx, pattern.rolls[r_idx, s_idx], vel, dq, r_idx)
    r_idx, on_q = r_idx[notes.hit], notes.quarters
    lengths = note_lengths(pattern, r_idx, notes, note_steps)
    off_q = on_q + (step_quarters(pattern, notes.pos + lengths) - step_quarters(pattern, notes.pos))
    return r_idx, on_q, off_q, notes.velocity, notes.grace


def note_events(notes, on_t, off_t, vel) -> list[tuple[int, int, int, int]]:
    """(tick, 1 note-on / 0 note-off, note, velocity) of these MIDI notes, in order; a note-off sorts before a
    note-on on the same tick."""
    notes, vel = np.asarray(notes, np.int64), np.asarray(vel, np.int64)
    if len(vel) and (notes.min() < 0 or notes.max() > 127 or vel.min() < 1 or vel.max() > 127):
        raise ValueError("MIDI notes must be 0-127 with velocities 1-127")   # (checked here once, not per message)
    on = [int(t) for t in on_t]
    off = [int(t) for t in off_t]
    events = [(t0, 1, n, v) for t0, n, v in zip(on, notes.tolist(), vel.tolist())]
    events += [(t1, 0, n, 0) for t1, n in zip(off, notes.tolist())]
    events.sort(key=lambda e: e[:3])
    return events


def note_messages(notes, on_t, off_t, vel) -> list:
    """(tick, message) note-ons and -offs of these MIDI notes on the drum channel, in order (note_events as
    mido messages; the checks mido makes of each are made once in note_events)."""
    return [(t, mido.Message("note_on" if on else "note_off", skip_checks=True, channel=DRUM_CHANNEL, note=n,
                             velocity=v)) for t, on, n, v in note_events(notes, on_t, off_t, vel)]


def _varint(value: int) -> bytes:
    out = [value & 0x7F]
    value >>= 7
    while value:
        out.append(0x80 | (value & 0x7F))
        value >>= 7
    return bytes(reversed(out))


def drum_track_chunk(name: str, events, end_tick: int) -> bytes:
    """The drums' MTrk chunk written directly, byte for byte as mido writes it (running status, the track
    name first, end of track at end_tick): building and copying a mido message per note cost 3x mido's
    own writing of them."""
    data = bytearray(b"\x00" + bytes(mido.MetaMessage("track_name", name=name).bytes()))
    running, last = None, 0
    for tick, on, note, vel in events:
        data += _varint(tick - last)
        last = tick
        status = (0x90 if on else 0x80) | DRUM_CHANNEL
        if status != running:
            data.append(status)
            running = status
        data += bytes((note, vel))
    data += _varint(end_tick - last) + b"\xff\x2f\x00"
    return b"MTrk" + struct.pack(">L", len(data)) + bytes(data)


def pattern_to_midi(pattern: Pattern, *, title: str = "GrooveLoom", note_steps: float = 1.0,
                    timing=None, raw: bool = False):
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
    events = note_events([pattern.rows[r].note for r in r_idx], on_t, off_t, vel)
    conductor = _conductor(pattern, title, end_tick)
    if raw:
        return conductor, drum_track_chunk("Drums", events, end_tick)
    mid = mido.MidiFile(type=1, ticks_per_beat=EXPORT_PPQ, charset=TEXT_CHARSET)
    drums = mido.MidiTrack([mido.MetaMessage("track_name", name="Drums", time=0)])
    last = 0
    for tick, on, note, vel in events:
        drums.append(mido.Message("note_on" if on else "note_off", skip_checks=True, channel=DRUM_CHANNEL,
                                  note=note, velocity=vel, time=tick - last))
        last = tick
    drums.append(mido.MetaMessage("end_of_track", time=end_tick - last))
    mid.tracks.extend([conductor, drums])
    return mid


def _conductor(pattern: Pattern, title: str, end_tick: int) -> mido.MidiTrack:
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
    return conductor


def midi_bytes(pattern: Pattern, **kw) -> bytes:
    """pattern_to_midi's file as bytes: the conductor through mido, the drums written directly."""
    conductor, drums = pattern_to_midi(pattern, raw=True, **kw)
    buf = io.BytesIO()
    mido.MidiFile(type=1, ticks_per_beat=EXPORT_PPQ, charset=TEXT_CHARSET, tracks=[conductor]).save(file=buf)
    head = buf.getvalue()
    return head[:10] + struct.pack(">h", 2) + head[12:] + drums


def write_midi(pattern: Pattern, path: str | os.PathLike, **kw) -> None:
    """Write the pattern as a MIDI file, atomically (never a half-written file)."""
    atomic_write_bytes(path, midi_bytes(pattern, **kw), MidiFileError)
