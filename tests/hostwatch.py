"""Telling the host's stalls from GrooveLoom's: the real-time tests on a shared VM.

A JACK test fails on an xrun or on a note a period off. On this 2-core VM the hypervisor now and then takes
a virtual CPU away for 1-9 ms (measured with nothing else running: a SCHED_FIFO thread woken every 1 ms was
8.3 ms late at worst, 126 times over 1 ms in 20 s; Debian's own jack_metro, a C client doing nothing, got 5
xruns in 25 s at 256 frames). No client can keep its period through that, and a test that fails on it
says nothing about GrooveLoom.

So a watch (hoststall.c: one thread per CPU, pinned, above JACK's priority) runs beside the JACK servers
and logs every wake-up it got late. A real-time test that fails while the JACK server reported xruns AND
the watch saw the host hold a real-time thread back for a quarter of a period or more is taken again (`attempt`);
a failure with no xrun, or with xruns the watch cannot explain, is GrooveLoom's and fails the test at once.
Where every take was spoiled by the host, the test is skipped and says so with the figures: timing cannot be
judged on such a host (the same tests pass on a quiet one), and nothing is claimed from it."""
from __future__ import annotations

import atexit
import subprocess
import tempfile
import threading
import time
from pathlib import Path

# a stall of this share of the period explains an xrun: JACK's driver thread and the client run on different
# CPUs, and each can be held back in the same period (the two stalls add up on the graph's path)
HELD_SHARE = 0.25
TAKES = 2                   # takes a real-time test gets while the host spoils them
TAKES_WHEN_NOISY = 1        # ... once that many tests were skipped for it (a noisy host: CI stays short)
SKIPS_BEFORE_NOISY = 2

_lock = threading.Lock()
_watch: "_Watch | None" = None
_done: dict[float, int] = {}          # period (ms) -> xruns of servers that have stopped (or of a soak run)
_live: dict[int, object] = {}         # id -> running JackServer (its .period_ms and .xruns())
skipped: list[str] = []               # tests skipped for host stalls (the session's summary lists them)


class _Watch:
    def __init__(self):
        src = Path(__file__).with_name("hoststall.c")
        exe = Path(tempfile.mkdtemp(prefix="hoststall-")) / "hoststall"
        subprocess.run(["cc", "-O2", "-o", str(exe), str(src)], check=True, capture_output=True)
        self.proc = subprocess.Popen([str(exe), "0.25"], stdout=subprocess.PIPE, text=True)
        head = self.proc.stdout.readline().split()
        self.realtime = len(head) == 3 and head[2] == "1"
        self.stalls: list[tuple[float, float, int]] = []     # (monotonic s, ms late, cpu)
        threading.Thread(target=self._read, daemon=True).start()
        atexit.register(self.proc.terminate)

    def _read(self):
        for line in self.proc.stdout:
            t, ms, cpu = line.split()
            self.stalls.append((float(t), float(ms), int(cpu)))

    def worst(self, since: float, until: float) -> float:
        return max((ms for t, ms, _ in list(self.stalls) if since - 0.05 <= t <= until), default=0.0)


def watch() -> _Watch | None:
    """The host watch, started on first use (None where no C compiler is found)."""
    global _watch
    with _lock:
        if _watch is None:
            try:
                _watch = _Watch()
            except (OSError, subprocess.CalledProcessError):
                return None
        return _watch


def started(server) -> None:
    watch()
    _live[id(server)] = server


def stopped(server, xruns: int) -> None:
    _live.pop(id(server), None)
    note_xruns(server.period_ms, xruns)


def note_xruns(period_ms: float, xruns: int) -> None:
    """Xruns counted elsewhere (the soak's server, in its own process)."""
    _done[period_ms] = _done.get(period_ms, 0) + xruns


def xruns() -> dict[float, int]:
    """Xruns every JACK server of this process reported so far, by its period (ms)."""
    got = dict(_done)
    for s in list(_live.values()):
        got[s.period_ms] = got.get(s.period_ms, 0) + s.xruns()
    return got


class Take:
    """One take of a real-time test: `spoiled()` after it says whether the host explains its xruns."""

    def __init__(self):
        self.watch = watch()
        self.t0, self.before = time.monotonic(), xruns()

    def spoiled(self, tolerance_ms: float | None = None) -> str | None:
        """Why the host spoiled this take, or None: xruns, and a stall of a quarter of their period or more
        seen by the watch at the same time; or (a test measuring real time, not frames: tolerance_ms) a stall as long
        as the timing the test asks for. None: no xrun and no such stall, or no real-time watch here."""
        after, until = xruns(), time.monotonic()
        if self.watch is None or not self.watch.realtime:
            return None
        worst = self.watch.worst(self.t0, until)
        new = {p: n - self.before.get(p, 0) for p, n in after.items() if n > self.before.get(p, 0)}
        if new and worst >= HELD_SHARE * min(new):
            return (f"{sum(new.values())} JACK xruns at {min(new):.1f} ms periods while the host held a "
                    f"real-time thread back {worst:.1f} ms")
        if tolerance_ms is not None and worst >= tolerance_ms:
            return f"the host held a real-time thread back {worst:.1f} ms, past the {tolerance_ms:g} ms asked"
        print(f"host watch: the take failed with {new or 'no'} JACK xruns (by period, ms) while the host held a "
              f"real-time thread back {worst:.2f} ms at worst: not the host's", flush=True)
        return None


def takes_allowed() -> int:
    return TAKES if len(skipped) < SKIPS_BEFORE_NOISY else TAKES_WHEN_NOISY
