"""Reading a Standard MIDI File safely: bounded before mido builds its objects, text as UTF-8 (else
Latin-1), the drum notes, tempos and meters collected, and GrooveLoom's own marker read."""
from __future__ import annotations

import io
import json
import struct
import os
from collections import Counter
from dataclasses import dataclass, field

import mido

from ..drumkit import Row
from ..errors import MidiFileError, NoDrumNotesError
from ..pattern import DENOMINATORS as METER_DENOMINATORS
from ..pattern import GRIDS, MAX_NUMERATOR, MAX_ROWS, MAX_SWING, MIN_SWING, SWING_UNITS


MARKER_PREFIX = "GrooveLoom "


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
                raise MidiFileError(f"more than {MAX_EVENTS:,} events in one file (engine.midi.MAX_EVENTS)",
                                    name)
            if sysex > MAX_SYSEX_BYTES:
                raise MidiFileError(f"more than {MAX_SYSEX_BYTES >> 20} MB of system exclusive data (engine."
                                    f"midi.MAX_SYSEX_BYTES): export the drums without it", name)
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
