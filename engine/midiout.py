"""What GrooveLoom sends to its MIDI out while it plays (through its JACK client): the hits as MIDI notes
(channel 10 by default, a row's channel and note settable), the MIDI clock (24 per quarter note, Start or
Song Position + Continue, Stop), and whether the internal synth sounds as well."""
from __future__ import annotations

from dataclasses import dataclass, field

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
