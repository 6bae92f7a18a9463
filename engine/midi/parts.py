"""Reading the rhythm of a part (a bass line, a melody) for Drumify: its channels and onsets."""
from __future__ import annotations

import math
import os
from dataclasses import dataclass

import mido
import numpy as np

from ..drumkit import DRUM_CHANNEL
from ..errors import MidiFileError, NoDrumNotesError
from ..fileio import read_input_file
from ..pattern import MAX_TEMPO, MIN_TEMPO
from .read import parse_midi_bytes


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
