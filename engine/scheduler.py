"""The scheduler of live playback: the playing pattern's steps turned into note events up to LOOKAHEAD_S
ahead (humanize, the feel, rolls, the metronome), queued note-ons withdrawn and queued again when an edit
arrives, and the timeline the GUI reads back for the playhead."""
from __future__ import annotations

import collections
import queue
import sys
import time
import traceback

import numpy as np

from .pattern import Pattern
from .rolls import FLAM_BIT, FLAM_S
from .performance import METRONOME_VELOCITY, NO_HUMANIZE, audible_rows, click_times, hit_notes, note_steps
from .soundfont import Kit
from .midiout import CLOCKS_PER_QUARTER, CONTINUE, NO_MIDI, START, STOP, raw, song_position
from .native import EV_ALL_OFF, EV_HOLD, EV_MCLOCK, EV_MOFF, EV_MON, EV_MRAW, EV_OFF, EV_ON, EV_WITHDRAW
from .synth import METRONOME_CHANNEL, SynthRig, channel_notes, row_channels
from .timing import step_quarters, unswing_quarters

LOOKAHEAD_S = 0.06   # steps are expanded into note events this far ahead (room for early humanized hits)
START_S = 0.01       # play starts this far after the command reaches the scheduler (in time for the audio)
RECEIVED_READS = 500  # MIDI in reads kept for the window (the feeder reads every 2-10 ms)


class Timeline:
    """Where the loop is in time: step g (counted from the loop range start, across passes) sounds at frame
    frame(g). Immutable: the audio thread replaces it; the GUI reads it for the playhead. In song mode one
    timeline is one section (entry `section` of the song), its passes the section's repeats."""

    def __init__(self, pattern: Pattern, loop_range: tuple[int, int], anchor_frame: int, anchor_g: int,
                 samplerate: int, section: int = 0):
        self.pattern, self.range, self.section = pattern, loop_range, section
        self.anchor_frame, self.anchor_g, self.samplerate = anchor_frame, anchor_g, samplerate
        self.start, self.span = loop_range[0], loop_range[1] - loop_range[0]
        sq = step_quarters(pattern, np.arange(pattern.n_steps + 1))
        self._q_in = sq[self.start:loop_range[1] + 1] - sq[self.start]   # quarters from the range start
        self._span_q = self.span / pattern.steps_per_quarter
        self.frames_per_quarter = samplerate * 60.0 / pattern.tempo
        self._q_anchor = self._q(anchor_g)
        self._q0 = float(sq[self.start])                                 # the range start, from the bar line

    def _q(self, g: int) -> float:
        passes, k = divmod(g, self.span)
        return passes * self._span_q + float(self._q_in[k])

    def frame(self, g: int) -> int:
        return self.frame_at(self._q(g))

    def quarters_at(self, frame: float) -> float:
        """Quarters (straight time) from the range start of the first pass to `frame`."""
        return self._q_anchor + (frame - self.anchor_frame) / self.frames_per_quarter

    def frame_at(self, q: float) -> int:
        """The frame of `q` quarters (straight time) after the range start of the first pass."""
        return int(round(self.anchor_frame + (q - self._q_anchor) * self.frames_per_quarter))

    def clock_ticks(self, g: int) -> range:
        """The MIDI clock ticks (24 a quarter, counted from the range start) that fall in step g."""
        a, b = self._q(g) * CLOCKS_PER_QUARTER, self._q(g + 1) * CLOCKS_PER_QUARTER
        return range(int(np.ceil(a - 1e-6)), int(np.ceil(b - 1e-6)))

    @property
    def sixteenths(self) -> int:
        """Where the range starts, in sixteenths from the pattern's start (MIDI Song Position)."""
        return int(round(self._q0 * 4))

    def step(self, g: int) -> int:
        return self.start + g % self.span

    def position(self, frame: float) -> float | None:
        """The step (float, within the pattern) sounding at `frame`; None during the count-in."""
        q = self._q_anchor + (frame - self.anchor_frame) / self.frames_per_quarter
        if q < 0:
            return None
        p = self.pattern
        straight = float(unswing_quarters([self._q0 + q % self._span_q], p.bar_quarters, p.swing, p.swing_unit)[0])
        return min(straight * p.steps_per_quarter, self.range[1] - 1e-6)


class Scheduler:
    """What plays, turned into note events a little ahead of the audio. Only one thread runs it: the audio
    thread itself (Python callback), or the feeder thread (C callback); commands arrive through `inbox`.
    Events go to a dispatcher (glaudio.c, or PyDispatch) that starts each at its frame inside a block."""

    def __init__(self, rig: SynthRig, dispatch):
        self.rig, self.sr, self.dispatch = rig, rig.samplerate, dispatch
        self.inbox: queue.SimpleQueue = queue.SimpleQueue()
        self.frame = 0                       # the earliest frame an event can still be heard at
        self.timeline: Timeline | None = None
        self.previous: Timeline | None = None   # song mode: the section before, still sounding for a while
        self.song: tuple | None = None           # song mode: ((pattern, repeats), ...), played in order, looped
        self.section = 0                         # song mode: the entry being expanded
        self.notes: list[int] = []               # the note of each channel (synth.channel_notes)
        self.channels = np.zeros(0, np.int64)    # the channel of each row of the playing pattern
        self.next_g = 0                      # the first step not yet expanded into events
        self.epoch = 0                       # each withdrawal starts a new epoch
        self.serial = 0                      # steps expanded so far (events carry their step's serial)
        self._out: list = []                 # for the dispatcher: (frame, type, ch, note, vel, epoch, serial)
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self.midi = NO_MIDI                  # what goes to the MIDI out (engine.midiout)
        self.clock_running = False           # a MIDI Start (or Continue) went out and no Stop yet
        self.midi_source = None              # the JACK client's MIDI in (CDispatch.read_midi_in), if any
        # its messages, for the window (recording): the last few seconds' reads (nobody reads them while not
        # recording, and a DAW's clock alone sends 48 a second)
        self.received: collections.deque = collections.deque(maxlen=RECEIVED_READS)
        self.follow = None                   # a ClockFollow or TransportFollow while another leads
        self.transport_source = None         # the JACK transport as last read (CDispatch.read_transport)
        self.hold = False                    # events go out held (EV_HOLD) until the JACK transport rolls
        self._arm = None                     # (frame, transport frame): told to the dispatcher after the push
        self._follow_play: tuple | None = None   # what plays when the clock starts: _cmd_play's arguments
        self.tempo_override: float | None = None   # the followed clock's tempo, over every pattern's own
        self.end_g: int | None = None        # the loop ends before this step (None: it loops until stopped)
        self._clicks: dict[int, int] = {}
        self.log: list[tuple[int, int]] | None = None   # (frame, g) of expanded steps, for tests/benches
        self.published: tuple[Timeline | None, int, float, Timeline | None] = (None, 0, time.monotonic(), None)
        self.error: str | None = None
        self._pending = None     # (pattern, loop range) handed over since the last tick (song mode: the song)
        self._rebase = False     # pattern, mixer or options changed: queue again from the next step, once

    # ---- commands from other threads (applied at the start of a tick) --------------------------------
    def _drain(self) -> None:
        while True:
            try:
                cmd, *args = self.inbox.get_nowait()
            except queue.Empty:
                break
            getattr(self, "_cmd_" + cmd)(*args)
            if cmd in ("play", "stop"):
                self._pending, self._rebase = None, False
        if self._rebase and self.timeline is not None:
            if self.song is not None:
                self.song = self._pending or self.song
                self.section = min(self.section, len(self.song) - 1)
                pattern = self.song[self.section][0]
                self._requeue(pattern, (0, pattern.n_steps))
            else:
                pattern, loop_range = self._pending or (self.timeline.pattern, self.timeline.range)
                self._requeue(pattern, loop_range)
        self._pending, self._rebase = None, False

    def _cmd_play(self, pattern, mixer, humanize, metronome, count_in, loop_range, song=None, section=0,
                  passes=None, at=None, at_g=0) -> None:
        """Play from START_S on (after a bar of count-in if asked), or from frame `at` on step `at_g`
        (a followed clock's downbeat)."""
        self._cmd_stop()
        if self.tempo_override:
            pattern = pattern.with_settings(tempo=self.tempo_override)
        self.end_g = passes * (loop_range[1] - loop_range[0]) if passes and song is None else None
        self.mixer, self.humanize, self.metronome = mixer, humanize, metronome
        self.song, self.section = song, section
        self._layout(pattern)
        start = self.frame + int(START_S * self.sr) if at is None else at
        if at is None and count_in:
            ct, cn = click_times(pattern, 1)
            for t, n in zip(ct, cn):   # before the first step: an edit during the count-in keeps them
                self._push(start + int(round(t * self.sr)), EV_ON, METRONOME_CHANNEL, int(n), METRONOME_VELOCITY,
                           self.serial - 1)
                self._push(start + int(round((t + 0.05) * self.sr)), EV_OFF, METRONOME_CHANNEL, int(n), 0,
                           self.serial - 1)
            start += int(round(pattern.bar_seconds * self.sr))
        elif at is None and (pattern.rolls[:, loop_range[0]] & FLAM_BIT).any():
            start += int(round(FLAM_S * self.sr))   # the first step's flam: its grace note sounds in full
        self.timeline = Timeline(pattern, loop_range, start, at_g, self.sr, section)
        self.next_g = at_g
        self._clicks = _click_steps(pattern)
        if self.midi.clock:     # a DAW following the clock starts (or goes on from the range's start) here
            self.clock_running = True
            at = self.timeline.frame(0)
            if self.timeline.sixteenths or section:
                self._push(at, EV_MRAW, *song_position(self.timeline.sixteenths), 0, self.serial - 1)
                self._push(at, EV_MRAW, *raw(CONTINUE), 0, self.serial - 1)
            else:
                self._push(at, EV_MRAW, *raw(START), 0, self.serial - 1)

    def _layout(self, pattern: Pattern) -> None:
        """Channels for the notes of the pattern (song mode: of every pattern of the song) and their mix."""
        self.notes = channel_notes([p for p, _ in self.song] if self.song is not None else [pattern])
        self.channels = row_channels(pattern, self.notes)
        self.rig.apply_mixer(self.notes, self.mixer)

    def _cmd_stop(self, ring: bool = False) -> None:
        """Queued note-ons are withdrawn; unless ring, everything sounding is cut at once."""
        self.timeline = self.previous = None
        self.epoch += 1
        kind = EV_WITHDRAW if ring else EV_ALL_OFF
        self._out.append((0, kind, 0, 0, 0, self.epoch, 0))
        self._clock_stop(self.frame)

    def _clock_stop(self, frame: int) -> None:
        if self.clock_running:
            self.clock_running = False
            self._push(frame, EV_MRAW, *raw(STOP), 0)

    def _cmd_pattern(self, pattern, loop_range) -> None:
        if self._follow_play is not None:            # (what the followed clock's next Start plays)
            _old, mixer, humanize, metronome, count_in, _range = self._follow_play
            self._follow_play = (pattern, mixer, humanize, metronome, count_in, loop_range)
        if self.song is None:
            self._pending, self._rebase = (pattern, loop_range), True

    def _cmd_song(self, song) -> None:
        if self.song is not None:
            self._pending, self._rebase = song, True

    def _requeue(self, pattern, loop_range) -> None:
        """From the first step not yet sounded, the new pattern plays; a tempo change keeps the position (and
        in song mode the pass: the section's repeats count on)."""
        old = self.timeline
        if self.tempo_override:
            pattern = pattern.with_settings(tempo=self.tempo_override)
        g = self._withdraw_unsounded()
        s, passes = old.step(g), (g // old.span if self.song is not None else 0)
        start, end = loop_range
        if not start <= s < end:
            s = start
        self.next_g = passes * (end - start) + s - start
        self.timeline = Timeline(pattern, loop_range, old.frame(g), self.next_g, self.sr, old.section)
        self._clicks = _click_steps(pattern)
        self._layout(pattern)

    def _withdraw_unsounded(self) -> int:
        """The first step not yet sounded: its note-ons and those after it queued are withdrawn (note-offs
        stay), to be queued again from it."""
        old, g = self.timeline, self.next_g
        while g > old.anchor_g and old.frame(g - 1) >= self.frame:
            g -= 1
        self.epoch += 1
        self._out.append((0, EV_WITHDRAW, 0, 0, 0, self.epoch, self.serial - (self.next_g - g)))
        self.serial -= self.next_g - g
        return g

    def _advance(self) -> None:
        """Song mode: the section's last pass is expanded; the next section (the first after the last)
        starts on the frame where it ends."""
        old = self.timeline
        self.section = (self.section + 1) % len(self.song)
        pattern = self.song[self.section][0]
        self.previous = old
        self.timeline = Timeline(pattern, (0, pattern.n_steps), old.frame(self.next_g), 0, self.sr, self.section)
        self.next_g = 0
        self._clicks = _click_steps(pattern)
        self.channels = row_channels(pattern, self.notes)

    def _cmd_mixer(self, mixer) -> None:
        self.mixer, self._rebase = mixer, True
        if self.notes:                      # (stopped too: an audition or the next Play hears it as set)
            self.rig.apply_mixer(self.notes, mixer)

    def _cmd_options(self, humanize, metronome) -> None:
        if humanize is not None:
            self.humanize = humanize
        if metronome is not None:
            self.metronome = metronome
        self._rebase = True

    # ---- following a MIDI clock (engine.clock_in drives these) -------------------------------------------
    def _cmd_follow(self, play_args, source: str = "midi", link=None) -> None:
        """play_args None: lead again (stop following); else _cmd_play's arguments, played when the leader
        starts: a MIDI clock on the MIDI in ('midi'), the JACK transport ('jack') or an Ableton Link session
        ('link': link is the session and a clock, (microseconds, our frame))."""
        from .clock_in import ClockFollow
        from .link import LinkFollow
        from .transport import TransportFollow
        self._follow_play = play_args
        if self.hold or (play_args is None and isinstance(self.follow, TransportFollow)):
            self.hold = False
            self._arm = (-1, 0)                # (nothing held any more)
        self.follow = None if play_args is None else ClockFollow(self) if source == "midi" else \
            LinkFollow(self, *link) if source == "link" else TransportFollow(self, self.transport_source)
        if play_args is None:
            self.tempo_override = None

    def start_at(self, frame: int, quarters: float, tempo: float | None) -> None:
        """The leader's downbeat (or where Continue or a locate goes on) is at `frame`, `quarters` from its
        song's start: the loop's first step at or after that point plays where it falls."""
        if self._follow_play is None:
            return
        self.tempo_override = tempo
        pattern, *rest = self._follow_play
        loop_range = rest[4]
        probe = Timeline(pattern, loop_range, 0, 0, self.sr)
        q = max(0.0, quarters - probe._q0)
        passes = int(q // probe._span_q) if probe._span_q > 0 else 0
        k = int(np.searchsorted(probe._q_in[:-1], q - passes * probe._span_q - 1e-9))
        g = passes * probe.span + k
        fpq = self.sr * 60.0 / (tempo or pattern.tempo)
        self._cmd_play(pattern, *rest[:5], at=int(round(frame + (probe._q(g) - q) * fpq)), at_g=g)

    def retime(self, tempo: float, frame: int, quarters: float) -> None:
        """The clock's tick at `frame` marks `quarters` from its start: the loop goes on at `tempo`, its
        steps from the first not yet sounded re-anchored on that tick (phase and tempo follow)."""
        old = self.timeline
        if old is None:
            return
        self.tempo_override = tempo
        same = abs(tempo / old.pattern.tempo - 1) < 1e-4
        pattern = old.pattern if same else old.pattern.with_settings(tempo=tempo)
        q_tick = quarters - old.range[0] / pattern.steps_per_quarter
        g = self.next_g
        anchor = int(round(frame + (old._q(g) - q_tick) * self.sr * 60.0 / tempo))
        if abs(anchor - old.frame(g)) < 2 and same:
            return                                         # (on time already: nothing to redo)
        g = self._withdraw_unsounded()
        anchor = int(round(frame + (old._q(g) - q_tick) * self.sr * 60.0 / tempo))
        self.next_g = g
        self.timeline = Timeline(pattern, old.range, anchor, g, self.sr, old.section)

    def clock_stopped(self) -> None:
        self._cmd_stop()

    def shift(self, frames: int) -> None:
        """The JACK transport rolled `frames` later than the held events were queued for: the loop goes with
        them (glaudio.c moved them)."""
        tl = self.timeline
        if tl is not None and frames:
            self.timeline = Timeline(tl.pattern, tl.range, tl.anchor_frame + frames, tl.anchor_g, self.sr, tl.section)

    def _read_midi_in(self) -> None:
        rows = self.midi_source()
        if len(rows):
            if self.follow is not None:
                self.follow.feed(rows)
            self.received.append(rows)

    def _cmd_midi(self, midi) -> None:
        self.midi, self._rebase = midi, True

    def _cmd_kit(self, kit: Kit, balance: dict) -> None:
        self.rig.select_kit(kit, balance)
        if self.notes:
            self.rig.apply_mixer(self.notes, self.mixer)    # (the new kit's balance on the channels)

    # ---- events ------------------------------------------------------------------------------------
    def _push(self, frame: int, kind: int, ch: int, note: int, vel: int, serial: int | None = None) -> None:
        serial = self.serial if serial is None else serial
        if self.hold:                        # (provisional frames: they move when the transport rolls)
            self._out.append((frame, kind | EV_HOLD, ch, note, vel, self.epoch, serial))
        else:
            self._out.append((max(frame, self.frame), kind, ch, note, vel, self.epoch, serial))

    def _expand(self, until: int) -> None:
        """Turn every step that starts before `until` into note events."""
        tl = self.timeline
        if tl is None:
            return
        p = tl.pattern
        audible = audible_rows(p, self.mixer)
        while tl.frame(self.next_g) < until:
            if self.end_g is not None and self.next_g >= self.end_g:     # the last pass is out
                self._clock_stop(tl.frame(self.end_g))
                return
            if self.song is not None and self.next_g >= self.song[self.section][1] * tl.span:
                self._advance()
                tl = self.timeline
                p = tl.pattern
                audible = audible_rows(p, self.mixer)
                continue
            g = self.next_g
            s, passes = tl.step(g), g // tl.span
            f = tl.frame(g)
            rows = np.flatnonzero((p.hits[:, s] > 0) & audible)
            if len(rows):
                vel = p.hits[rows, s].astype(np.int64)
                dt = np.zeros(len(rows))
                if self.humanize.active:
                    dt, dv = self.humanize.offsets(p, rows, np.full(len(rows), s), passes)
                    vel = np.clip(vel + dv.astype(np.int64), 1, 127)
                codes = p.rolls[rows, s]
                if codes.any() or p.nudge[rows, s].any():   # rolls, flams, played timing: through the swing warp
                    n = hit_notes(p, np.full(len(rows), s), codes, vel, dt * p.tempo / 60.0, rows)
                    at = f + np.round((n.quarters - step_quarters(p, [s])[0]) * tl.frames_per_quarter).astype(np.int64)
                    rows, vel = rows[n.hit], n.velocity
                    steps = note_steps(p, rows, n)
                else:
                    at = f + np.round(dt * self.sr).astype(np.int64)
                    steps = np.array([p.rows[r].length or 1.0 for r in rows])
                for r, v, on, st in zip(rows, vel, at, steps):
                    self._hit(int(on), int(st * p.seconds_per_step * self.sr), int(self.channels[r]),
                              p.rows[r].note, int(v))
            if self.midi.clock:
                for k in tl.clock_ticks(g):
                    self._push(tl.frame_at(k / CLOCKS_PER_QUARTER), EV_MCLOCK, 0, 0, 0)
            if self.metronome and s in self._clicks:
                self._push(f, EV_ON, METRONOME_CHANNEL, self._clicks[s], METRONOME_VELOCITY)
                self._push(f + int(0.05 * self.sr), EV_OFF, METRONOME_CHANNEL, self._clicks[s], 0)
            if self.log is not None:
                self.log.append((f, g))
            self.next_g += 1
            self.serial += 1

    def _hit(self, on: int, length: int, ch: int, note: int, vel: int) -> None:
        """One hit: on the synth's channel for the note (the kit's velocity curve applied) and, with a MIDI
        out, as a MIDI note on the row's channel with the velocity as played."""
        off = max(on, self.frame) + max(length, 1)
        if self.midi.synth:
            self._push(on, EV_ON, ch, note, self.rig.velocity(note, vel))
            self._push(off, EV_OFF, ch, note, 0)
        if self.midi.notes:
            mch, mnote = self.midi.route(note)
            self._push(on, EV_MON, mch, mnote, vel)
            self._push(off, EV_MOFF, mch, mnote, 0)

    def tick(self, now: int, published_frame: int) -> None:
        """Apply what the GUI sent and hand the dispatcher every event due before now + LOOKAHEAD_S.
        `now`: the earliest frame the dispatcher can still start a note at."""
        try:
            self.frame = now
            self._drain()
            if self.midi_source is not None:
                self._read_midi_in()
            if self.follow is not None:
                self.follow.poll()
            self._expand(now + int(LOOKAHEAD_S * self.sr))
        except Exception as exc:  # never raise into the audio/feeder thread: log it, stop, tell the GUI
            traceback.print_exc(file=sys.stderr)
            self.error = f"{type(exc).__name__}: {exc}"
            self._out.clear()
            self._cmd_stop()
        if self._out:
            self.dispatch.push(self._out)
            self._out = []
        if self._arm is not None:            # (after the held events: the transport may roll once told)
            self.dispatch.hold(*self._arm)
            self._arm = None
        self.published = (self.timeline, published_frame, time.monotonic(), self.previous)


def _click_steps(p: Pattern) -> dict[int, int]:
    """Steps that start a metronome beat -> click note."""
    ct, cn = click_times(p, p.bars)
    steps = ct * p.tempo / 60.0 * p.steps_per_quarter
    return {int(round(s)): int(n) for s, n in zip(steps, cn) if abs(s - round(s)) < 1e-6}
