"""Following the JACK transport (a DAW, Hydrogen, or GrooveLoom itself leading it): the process callback
reads the transport each cycle (glaudio.c), with the transport's frame and ours at the cycle's start, so the
loop is placed on the transport to the frame: rolling plays from where the transport is, a locate jumps
there, stopped stops. With a timebase master (bar, beat, tick and tempo given) the position and tempo are
the master's, followed through tempo changes; without one the transport's frame is counted in the pattern's
own tempo, as Hydrogen does."""
from __future__ import annotations

STOPPED, ROLLING, STARTING = 0, 1, 3     # jack_transport_state_t (Looping, NetStarting: not used by JACK2)
HOLD_RELEASED = 2                        # glaudio.c's TR_HOLD: the held events moved to where it rolled
JUMP_FRAMES = 2                          # the transport's frame moved apart from ours by more: a locate
RETEMPO = 1e-4                           # a master's tempo this far off the one playing re-times the loop


def quarters_and_tempo(pos, samplerate: int, own_tempo: float) -> tuple[float, float | None]:
    """Where the transport is (quarter notes from its start) and the master's tempo in quarter notes a
    minute (None: no master, the pattern's own tempo counts the frames)."""
    if pos.bbt:
        per_quarter = pos.beat_type / 4.0                      # (a beat of an 8th is half a quarter)
        beats = (pos.bar - 1) * pos.beats_per_bar + (pos.beat - 1) + pos.tick / pos.ticks_per_beat
        return beats / per_quarter, pos.bpm / per_quarter
    return pos.frame * own_tempo / (60.0 * samplerate), None


class TransportFollow:
    """Polled by the scheduler's thread every few ms (its `poll`); drives the scheduler (`start_at`,
    `retime`, `clock_stopped`) as engine.clock_in.ClockFollow does for a MIDI clock."""

    kind = "jack"

    def __init__(self, sched, source):
        self.sched, self.sr, self.source = sched, sched.sr, source
        self.state = "stopped"            # stopped, starting, running (as ClockFollow's)
        self.cycles = 0.0                 # the callback's cycle last seen
        self.offset: float | None = None  # the transport's frame minus ours while rolling
        self.master_tempo: float | None = None
        self.held: tuple[int, int] | None = None   # (our provisional frame, the transport's) of a start

    def tempo(self) -> float | None:
        return self.master_tempo or self._own_tempo(None)

    def feed(self, rows) -> None:
        """(The transport is read by poll; MIDI in is not its concern.)"""

    def _own_tempo(self, default: float | None = 120.0) -> float | None:
        """The followed pattern's own tempo (what counts the frames without a timebase master)."""
        follow = self.sched._follow_play
        return follow[0].tempo if follow else default

    def poll(self) -> None:
        pos = self.source() if self.source is not None else None
        if pos is None or pos.cycles == self.cycles:
            return
        self.cycles = pos.cycles
        q, self.master_tempo = quarters_and_tempo(pos, self.sr, self._own_tempo())
        if pos.state == STARTING:
            self._prepare(pos, q)
            return
        if pos.state != ROLLING:
            if self.state == "running" or self.held is not None:
                self.sched.clock_stopped()
            self._unhold()
            self.state, self.offset = "stopped", None
            return
        offset, ours = pos.frame - pos.ours, int(pos.ours)
        if self.held is not None:
            released = pos.hold == HOLD_RELEASED
            self._unhold()
            if released:                          # on time: the held beat moved to where the transport rolled
                self.sched.shift(int(pos.shift))
                self.state, self.offset = "running", offset
            else:
                self.state = "stopped"            # (it rolled from elsewhere: joined late, below)
        tempo = self.master_tempo
        if self.state != "running" or abs(offset - self.offset) > JUMP_FRAMES:
            self.state, self.offset = "running", offset      # started or located without waiting for us
            self.sched.start_at(ours, q, tempo)
            return
        playing = self.sched.tempo_override
        if tempo and (playing is None or abs(tempo / playing - 1) > RETEMPO):
            self.sched.retime(tempo, ours, q)                # the master's tempo changed

    def _prepare(self, pos, q: float) -> None:
        """The transport is starting (or locating while rolling) from pos.frame: the beat is queued from
        there, held (provisional frames from now); the sync callback then lets the transport roll, and the
        held events move to where it rolled, the first note on its frame."""
        if self.held is not None and self.held[1] == int(pos.frame):
            return                                # (prepared already: waiting for the roll)
        if self.state == "running":
            self.sched.clock_stopped()            # a locate while rolling: from the new position
        x = int(self.sched.frame)
        self.sched.hold = True
        self.sched.start_at(x, q, self.master_tempo)
        self.held, self.state = (x, int(pos.frame)), "starting"
        self.sched._arm = self.held

    def _unhold(self) -> None:
        if self.held is not None:
            self.held, self.sched.hold = None, False
