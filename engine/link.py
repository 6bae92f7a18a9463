"""Ableton Link: tempo and beat phase shared with every Link peer on the network (Live, Bitwig, Traktor,
phone apps), through aalink (an optional extra: `pip install 'grooveloom[link]'`; aalink is GPLv3+, so
GrooveLoom does not need it to run).

Link's timeline says which beat falls at which moment of its clock (CLOCK_MONOTONIC_RAW, in microseconds);
JACK's clock (jack_get_time) is the same clock, and JACK tells which frame falls at which moment, so every
beat of the session lands on a frame. `LinkFollow` places the loop on the session's beats (its bars on the
session's phase: the quantum is the pattern's bar), follows a tempo any peer sets, proposes the pattern's
tempo when the user changes it, and re-anchors when the two clocks drift more than DRIFT_FRAMES apart."""
from __future__ import annotations

import collections
import importlib.util
import threading

import numpy as np

from .errors import GrooveLoomError

AHEAD_S = 0.03          # the loop joins the session this far ahead of now (the scheduler can still queue it)
DRIFT_FRAMES = 24       # 0.5 ms at 48 kHz: the loop is re-anchored on the session's beats past this
PAIRS = 32              # clock readings the microseconds -> frames offset is the median of (a late read is noise)
PAIR_US, READS = 100.0, 8   # a reading taken between two clock reads further apart than this is read again
RETEMPO = 1e-4


class LinkError(GrooveLoomError):
    pass


def available() -> str | None:
    """None where Link can be used, else why not (in words for the user)."""
    if importlib.util.find_spec("aalink") is None:
        return "Ableton Link needs the optional package aalink: pip install 'grooveloom[link]'"
    return None


class LinkSession:
    """GrooveLoom's peer in the Link session. aalink wants an asyncio loop: it gets one of its own, in a
    daemon thread; its properties are read from any thread."""

    def __init__(self, tempo: float, quantum: float = 4.0):
        why = available()
        if why:
            raise LinkError(why)
        import asyncio               # (here: 40 ms the window would pay at start-up for a switch left off)
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True, name="grooveloom-link")
        self.thread.start()
        self.link = asyncio.run_coroutine_threadsafe(self._make(tempo), self.loop).result(5)
        self.link.quantum = quantum
        self.link.enabled = True

    @staticmethod
    async def _make(tempo: float):
        import aalink
        return aalink.Link(float(tempo))

    def now(self) -> tuple[float, float, float]:
        """(Link's clock in microseconds, the session's beat then, its tempo). The beat is read between two
        readings of the clock; a thread switch in between (the GIL) makes the pair vague: read again."""
        for _ in range(READS):
            before = self.link.time.total_seconds() * 1e6
            beat, tempo = float(self.link.beat), float(self.link.tempo)
            after = self.link.time.total_seconds() * 1e6
            if after - before <= PAIR_US:
                break
        return (before + after) / 2, beat, tempo

    @property
    def peers(self) -> int:
        return int(self.link.num_peers)

    @property
    def tempo(self) -> float:
        return float(self.link.tempo)

    def propose(self, tempo: float) -> None:
        """A tempo for the whole session (every peer follows it, as it would Live's)."""
        self.link.tempo = float(tempo)

    def set_quantum(self, quarters: float) -> None:
        self.link.quantum = float(quarters)

    def close(self) -> None:
        if self.link is not None:
            self.link.enabled = False
            self.link = None
            self.loop.call_soon_threadsafe(self.loop.stop)
            self.thread.join(timeout=2)


class LinkFollow:
    """Polled by the scheduler's thread (as TransportFollow is): `clock()` gives (JACK's microseconds, our
    frame) of one moment, so a Link beat becomes one of our frames."""

    kind = "link"

    def __init__(self, sched, session: LinkSession, clock):
        self.sched, self.sr, self.session, self.clock = sched, sched.sr, session, clock
        self.state = "running"
        self.own: float | None = None        # the pattern's tempo last seen (a change is proposed to the peers)
        self.started = False
        self.peers = 0
        self.quantum = 0.0
        self.offsets: collections.deque = collections.deque(maxlen=PAIRS)

    def tempo(self) -> float | None:
        return self.session.tempo

    def feed(self, rows) -> None:
        """(Link is read by poll.)"""

    def poll(self) -> None:
        follow = self.sched._follow_play
        if follow is None:
            return
        pattern = follow[0]
        quantum = pattern.numerator * 4.0 / pattern.denominator
        if quantum != self.quantum:
            self.quantum = quantum
            self.session.set_quantum(quantum)
        if self.own is not None and abs(pattern.tempo - self.own) > 1e-9:
            self.session.propose(pattern.tempo)               # the user changed the tempo: the session's now
        self.own = pattern.tempo
        self.peers = self.session.peers
        us, beat, tempo = self.session.now()
        jack_us, ours = self.clock()
        # our frame at Link's moment: frames = microseconds * rate + offset; one reading is off by how late the
        # thread ran between its two clock reads, the median of the last ones is not
        self.offsets.append(ours - jack_us * self.sr / 1e6)
        frame = us * self.sr / 1e6 + float(np.median(self.offsets))
        tl = self.sched.timeline
        drift = 0.0 if tl is None else (tl.quarters_at(frame) - (beat - tl._q0)) * self.sr * 60.0 / tempo
        if not self.started or tl is None or abs(drift) > self.sr * 60.0 / tempo / 4:
            # joining (or the session's beat moved: a peer joined or set it): from the next step, in phase
            self.started = True
            self.sched.start_at(int(round(frame + AHEAD_S * self.sr)), beat + AHEAD_S * tempo / 60.0, tempo)
            return
        playing = self.sched.tempo_override or tl.pattern.tempo
        if abs(tempo / playing - 1) > RETEMPO or abs(drift) > DRIFT_FRAMES:
            self.sched.retime(tempo, int(round(frame)), beat)
