"""Writing a pattern as a Standard MIDI File: type 1, 480 PPQ, a conductor track with GrooveLoom's marker,
the drums on channel 10, swing, humanize and the feel applied as tick offsets."""
from __future__ import annotations

import io
import json
import os

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
