"""The two threads that keep playback going besides the audio callback: the feeder (runs the scheduler a
block ahead of the C callback) and the null clock (renders in real time where there is no audio device, so
the clock and the playhead go on and tests can capture what would be heard)."""
from __future__ import annotations

import threading
import time

import numpy as np

from .scheduler import Scheduler

FEED_S = 0.01        # the feeder thread's period while playing (C callback); commands wake it at once
IDLE_WAIT_S = 0.25   # stopped, it only wakes for commands (and to publish the frame count)
FOLLOW_WAIT_S = 0.002   # stopped, waiting for a followed clock's Start or the JACK transport to roll


class NullClock(threading.Thread):
    """Renders in real time when there is no audio device (or for benches), optionally keeping what it
    rendered. `render(n, ptr)` fills n interleaved stereo float frames."""

    def __init__(self, render, period: int = 512, samplerate: int = 44100, capture: bool = False):
        super().__init__(daemon=True, name="grooveloom-null-clock")
        self.render, self.period, self.sr, self.capture = render, period, samplerate, capture
        self.captured: list[np.ndarray] = []
        self.frames = 0
        self._halt = threading.Event()

    def run(self) -> None:
        t0 = time.monotonic()
        buf = np.zeros((self.period, 2), np.float32)
        ptr = buf.ctypes.data
        while not self._halt.is_set():
            target = int((time.monotonic() - t0) * self.sr)
            while self.frames + self.period <= target and not self._halt.is_set():
                self.render(self.period, ptr)
                if self.capture:
                    self.captured.append(buf.copy())
                self.frames += self.period
            self._halt.wait(0.004)

    def stop(self) -> None:
        self._halt.set()
        self.join(timeout=2)


class Feeder(threading.Thread):
    """Runs the scheduler every FEED_S for the C dispatcher, one block ahead of the audio thread."""

    def __init__(self, sched: Scheduler, period: int):
        super().__init__(daemon=True, name="grooveloom-feeder")
        self.sched, self.period = sched, period
        self._halt = threading.Event()
        self.wake = threading.Event()

    def run(self) -> None:
        disp, sched = self.sched.dispatch, self.sched
        while not self._halt.is_set():
            # a command wakes it at once; while playing it also runs every FEED_S, stopped it just waits
            # (waiting for a followed clock's Start: every 2 ms, the downbeat's notes are already late)
            self.wake.wait(FEED_S if sched.timeline is not None else
                           FOLLOW_WAIT_S if sched.follow is not None else IDLE_WAIT_S)
            self.wake.clear()
            frame = disp.frame
            sched.tick(frame + max(self.period, disp.stats()["period"]), frame)

    def stop(self) -> None:
        self._halt.set()
        self.wake.set()
        self.join(timeout=2)
