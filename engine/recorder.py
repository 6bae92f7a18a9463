"""Recording from MIDI in (pads, an e-kit, a DAW's MIDI out) while the loop plays. GrooveLoom's JACK client
reads every message at its frame (glaudio.c); here each note-on becomes a hit: its frame goes through the
loop's timeline to a place in the loop (the swing taken out, the passes folded onto one loop, a hit played
just before the downbeat counted on it), and the take is read by the MIDI import's own logic (the note map,
the grid, rolls, velocities kept), so a take records as a played file imports."""
from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from .pattern import Pattern
from .timing import unswing_quarters

TAKE_PPQ = 960
# e-kits and pad controllers, as the input's note map (engine.looppack.notemap has gm, pads, mpc, ableton)
KIT_MAPS = ("gm", "roland", "alesis", "pads", "mpc", "ableton")


def input_note_map(name: str) -> dict[int, int]:
    """An input's note -> GM note. 'roland': Roland TD e-kits, the Groove MIDI Dataset's map (rims and edges
    onto their drum, 58 the floor tom's rim); 'alesis': Alesis e-kits (GM, snare rim 40 onto the snare)."""
    from .looppack.notemap import NOTE_MAPS, gm_map
    if name == "roland":
        return {**gm_map(), 22: 42, 26: 46, 40: 38, 37: 38, 58: 43, 50: 50, 47: 47, 48: 48, 45: 45, 55: 49,
                57: 49, 52: 49, 59: 51, 53: 51}
    if name == "alesis":
        return {**gm_map(), 40: 38, 37: 38}
    if name not in NOTE_MAPS:
        raise ValueError(f"no input note map '{name}' (presets: {', '.join(KIT_MAPS)})")
    return dict(NOTE_MAPS[name])


@dataclass
class Take:
    """The note-ons of one take: where each fell in the loop (quarters from the range start, straight
    time), its input note and velocity."""
    quarters: list[float] = field(default_factory=list)
    notes: list[int] = field(default_factory=list)
    velocities: list[int] = field(default_factory=list)
    early: list[float] = field(default_factory=list)   # quarters a note counted on a downbeat was played before it

    def __len__(self) -> int:
        return len(self.notes)

    def add(self, timelines, messages, passes: int | None = None) -> int:
        """Messages read from the client ((frame, size, bytes) rows) placed through the timeline that was
        playing at their frame (the current one, else the one before: song mode, an edit); with `passes`,
        notes after that many passes of the loop are left out. Returns how many note-ons were taken."""
        taken = 0
        for frame, size, packed in messages:
            status, note, vel = packed & 0xFF, (packed >> 8) & 0x7F, (packed >> 16) & 0x7F
            if size < 3 or status & 0xF0 != 0x90 or vel == 0:
                continue
            for tl in timelines:
                if tl is not None and passes and tl.quarters_at(frame) * tl.pattern.steps_per_quarter \
                        > passes * tl.span - 0.5:
                    continue
                q = place(tl, frame) if tl is not None else None
                if q is not None:
                    q, early = q
                    self.early.append(early)
                    self.quarters.append(q)
                    self.notes.append(note)
                    self.velocities.append(vel)
                    taken += 1
                    break
        return taken

    def pattern(self, like: Pattern, note_map: dict[int, int] | None = None, quantize: bool = True
                ) -> Pattern | None:
        """The take as a pattern of `like`'s length, meter, grid and tempo (its rows: what was played, as
        GM), read by the MIDI import; quantize off keeps each hit's played timing (Pattern.nudge). None when
        nothing mapped was played."""
        if not self.notes:
            return None
        import mido                                  # (here: the window imports this module at start)
        from .midi.quantize import import_midi
        mid = mido.MidiFile(type=0, ticks_per_beat=TAKE_PPQ)
        track = mido.MidiTrack([mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(like.tempo), time=0),
                                mido.MetaMessage("time_signature", numerator=like.numerator,
                                                 denominator=like.denominator, time=0)])
        events = []
        for q, n, v in zip(self.quarters, self.notes, self.velocities):
            t = int(round(q * TAKE_PPQ))
            events += [(t, 1, mido.Message("note_on", channel=9, note=n, velocity=v)),
                       (t + TAKE_PPQ // 16, 0, mido.Message("note_off", channel=9, note=n, velocity=0))]
        last = 0
        for t, _, msg in sorted(events, key=lambda e: (e[0], e[1])):
            track.append(msg.copy(time=t - last))
            last = t
        end = int(round(like.n_steps / like.steps_per_quarter * TAKE_PPQ))
        track.append(mido.MetaMessage("end_of_track", time=max(0, end - last)))
        mid.tracks.append(track)
        try:
            got = import_midi(mid, name="<take>", grid=like.grid, note_map=note_map,
                              meter=(like.numerator, like.denominator), feel=not quantize).pattern
        except Exception:      # (every note unmapped: the import finds no drums)
            return None
        got = got.resized(like.bars) if got.bars != like.bars else got
        if not quantize and any(self.early):
            got = self._early_on_downbeats(got)
        return got.with_settings(tempo=like.tempo, swing=like.swing)

    def _early_on_downbeats(self, got: Pattern) -> Pattern:
        """Quantize off: a note played just before a downbeat was counted on it (the file has no time before
        0); its cell gets the time it was played early by (its loudest note's, as the import keeps)."""
        nudge = got.nudge.copy()
        spq, loudest = got.steps_per_quarter, {}
        for q, n, v, e in zip(self.quarters, self.notes, self.velocities, self.early):
            step = int(round(q * spq))
            if e and 0 <= step < got.n_steps:
                for r in np.flatnonzero(got.hits[:, step]):
                    if got.rows[r].note == n or len(np.flatnonzero(got.hits[:, step])) == 1:
                        if v >= loudest.get((r, step), -1):
                            loudest[(r, step)], nudge[r, step] = v, -e * spq
        return got.with_hits(got.hits, got.rolls, nudge)


def place(tl, frame: int) -> tuple[float, float] | None:
    """Where a note played at `frame` falls in the loop of timeline `tl`: (quarters from the pattern's start,
    straight time, folded onto one pass of the loop range; how early it was for the downbeat it counts on).
    A note up to half a step before a downbeat (the loop's, or the first after a count-in) counts on it.
    None: before the count-in's last half step."""
    p = tl.pattern
    half = 0.5 / p.steps_per_quarter
    q = tl.quarters_at(frame)                        # from the range start of the first pass
    if q < -half:
        return None
    step = tl.position(frame) if q >= 0 else tl.range[0]    # (straight: the swing taken out)
    straight = (step - tl.range[0]) / p.steps_per_quarter
    early = 0.0
    if q < 0:                     # (straight time too: the swing taken out of the bar's last stretch)
        early = p.bar_quarters - float(unswing_quarters([p.bar_quarters + q], p.bar_quarters, p.swing,
                                                        p.swing_unit)[0])
    if tl.span / p.steps_per_quarter - straight <= half:     # early for the next pass's first step
        straight, early = 0.0, tl.span / p.steps_per_quarter - straight
    return float(straight + tl.range[0] / p.steps_per_quarter), float(early)


def merge(pattern: Pattern, take: Pattern, replace: bool = False, loop_range: tuple[int, int] | None = None
          ) -> Pattern:
    """The take written into the pattern: rows it played that the pattern lacks are added; overdub keeps
    every hit there was (a cell played takes the louder velocity), replace clears the rows the take played
    over the loop range first."""
    a, b = loop_range or (0, pattern.n_steps)
    out = pattern
    for r, row in enumerate(take.rows):
        if not take.hits[r, a:b].any():
            continue
        if out.row_index(row.note) is None:
            out = out.add_row_sorted(row)
        i = out.row_index(row.note)
        hits, rolls, nudge = out.hits.copy(), out.rolls.copy(), out.nudge.copy()
        if replace:
            hits[i, a:b], rolls[i, a:b], nudge[i, a:b] = 0, 0, 0
        played = take.hits[r, a:b] > 0
        hits[i, a:b] = np.where(played, np.maximum(hits[i, a:b], take.hits[r, a:b]), hits[i, a:b])
        rolls[i, a:b] = np.where(played, take.rolls[r, a:b], rolls[i, a:b])
        nudge[i, a:b] = np.where(played, take.nudge[r, a:b], nudge[i, a:b])
        out = out.with_hits(hits, rolls, nudge)
    return out
