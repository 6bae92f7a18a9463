"""What GrooveLoom sends to its MIDI out while it plays (through its JACK client): the hits as MIDI notes
(channel 10 by default, a row's channel and note settable), the MIDI clock (24 per quarter note, Start or
Song Position + Continue, Stop), and whether the internal synth sounds as well."""
from __future__ import annotations

import json
from dataclasses import dataclass, field

from .errors import GrooveLoomError, printable

DRUM_CHANNEL = 9          # MIDI channel 10, counted from 0 as the bytes do
CLOCKS_PER_QUARTER = 24
START, CONTINUE, STOP, SONG_POSITION = 0xFA, 0xFB, 0xFC, 0xF2


@dataclass(frozen=True)
class MidiOut:
    notes: bool = True                 # the hits go out as MIDI notes
    channel: int = DRUM_CHANNEL        # 0-15
    remap: tuple = ()                  # ((row note, channel or None, out note or None), ...): per-row settings
    clock: bool = False                # MIDI clock, start/stop and song position
    synth: bool = True                 # the internal synth sounds too
    _routes: dict = field(default=None, init=False, repr=False, compare=False)

    def __post_init__(self):
        if not 0 <= self.channel <= 15:
            raise ValueError(f"MIDI channel {self.channel + 1}: must be 1-16")
        routes = {}
        for note, ch, out in self.remap:
            if ch is not None and not 0 <= ch <= 15 or out is not None and not 0 <= out <= 127:
                raise ValueError(f"row {note}: MIDI channel 1-16 and note 0-127")
            routes[int(note)] = (self.channel if ch is None else int(ch), int(note) if out is None else int(out))
        object.__setattr__(self, "_routes", routes)

    def route(self, note: int) -> tuple[int, int]:
        """(channel, note) a row's hits go out on."""
        return self._routes.get(note, (self.channel, note))


NO_MIDI = MidiOut(notes=False)


def raw(*data: int) -> tuple[int, int]:
    """(byte count, bytes packed low first): the channel and note fields of an EV_MRAW event."""
    packed = 0
    for k, b in enumerate(data):
        packed |= (b & 0xFF) << (8 * k)
    return len(data), packed


def song_position(sixteenths: int) -> tuple[int, int]:
    """Song Position Pointer: where playback goes on, in sixteenth notes ('MIDI beats') from the start."""
    s = max(0, min(int(sixteenths), 0x3FFF))
    return raw(SONG_POSITION, s & 0x7F, s >> 7)


# ---- per-row routing: which channel and note each row's hits go out on ------------------------------------
# Routes: a row's GM note -> (channel 0-15, or None for the global channel; out note 0-127). A row not in it
# goes out as drawn on the global channel. Kept by GM note, so one map serves every project.
PAD_C1 = 36
# The MPC's classic DRUM-program pad notes, pads A01-A16 (every MPC since the MPC60, its factory kits):
MPC_PADS = (37, 36, 42, 82, 40, 38, 46, 44, 48, 47, 45, 43, 49, 55, 51, 53)


def _as_drawn(notes):
    return list(notes)


def _pads_from_c1(notes):
    return [min(PAD_C1 + k, 127) for k in range(len(notes))]


def _mpc_pads(notes):
    return [MPC_PADS[k] if k < len(MPC_PADS) else n for k, n in enumerate(notes)]


# Note layouts: the rows' GM notes in grid order -> their out notes. Two are by row order, not by GM note: a
# rack you fill yourself has its sounds on pads in the order you dropped them, not on GM notes.
# - gm: the notes as drawn. GM drum modules, Live's factory Drum Rack kits, most drum plugins.
# - c1: the top row on C1 (36), the next on C#1 (37), ...: an empty Live Drum Rack (its first 16 pads are
#   C1-D#2; samples dropped together go up from C1), a Maschine group (sound slots 1-16 on its root note C1
#   and up) and MPC 2.11+ drum programs (pads chromatic from C1).
# - mpc: the top row on pad A01, the next on A02, ... as the MPC's classic pad notes; rows past 16 as drawn.
NOTE_LAYOUTS = {"gm": _as_drawn, "c1": _pads_from_c1, "mpc": _mpc_pads}


def layout_notes(name: str, notes) -> list[int]:
    """The out notes of rows (their GM notes, in grid order) in a layout of NOTE_LAYOUTS."""
    return NOTE_LAYOUTS[name](list(notes))


def remap_of(routes: dict) -> tuple:
    """MidiOut.remap of routes; a row as drawn on the global channel is left out."""
    return tuple((n, ch, out) for n, (ch, out) in sorted(routes.items()) if ch is not None or out != n)


def routes_of(midi: MidiOut) -> dict:
    """The routes a MidiOut was made with."""
    return {int(n): (ch, int(n) if out is None else int(out)) for n, ch, out in midi.remap}


def routes_to_json(routes: dict) -> str:
    """{"38": {"channel": 2, "note": 40}, ...}: channels 1-16 as musicians count them; no channel: the global
    one."""
    rows = [f'"{n}": ' + json.dumps({"note": out} if ch is None else {"channel": ch + 1, "note": out})
            for n, (ch, out) in sorted(routes.items())]
    return "{" + ",\n ".join(rows) + "}"


def _number(value, lo: int, hi: int, what: str, key: str, path: str) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
        raise GrooveLoomError(f"row {printable(key)!r}: the {what} must be a whole number {lo}-{hi}, got "
                              f"{printable(json.dumps(value))[:20]}", path)
    return value


def routes_from_json(data, path: str = "") -> dict:
    """Routes from routes_to_json's object; GrooveLoomError naming the entry that is wrong."""
    if not isinstance(data, dict):
        raise GrooveLoomError('a MIDI out row map must be a JSON object: {"38": {"channel": 2, "note": 40}}', path)
    routes = {}
    for key, v in data.items():
        n = int(key) if key.strip().isdigit() else -1
        if not 0 <= n <= 127:
            raise GrooveLoomError(f"{printable(key)!r}: a row is named by its GM note, 0-127", path)
        if not isinstance(v, dict):
            raise GrooveLoomError(f'row {printable(key)!r}: expected {{"channel": 1-16, "note": 0-127}}', path)
        ch = v.get("channel")
        ch = None if ch is None else _number(ch, 1, 16, "channel", key, path) - 1
        routes[n] = (ch, _number(v.get("note", n), 0, 127, "note", key, path))
    return routes


def load_routes(path: str) -> dict:
    from .fileio import read_json_file
    try:
        return routes_from_json(read_json_file(path, "the MIDI out row map (JSON)"), path)
    except FileNotFoundError:
        raise GrooveLoomError("no such file", path) from None


def save_routes(path: str, routes: dict) -> None:
    from .fileio import atomic_write_bytes
    atomic_write_bytes(path, (routes_to_json(routes) + "\n").encode())
