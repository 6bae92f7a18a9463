"""A JACK server with its dummy backend (no sound card needed), for measuring what GrooveLoom plays live:
tests, benches and the soak test start one, record GrooveLoom's ports with jack_rec and count the xruns
the server reports. Needs Debian's jackd2 (jackd, jack_lsp, jack_rec). Test machinery: the application
only asks a running server its rate (engine.jack.server_rate)."""
from __future__ import annotations

import os
import re
import shutil
import subprocess
import tempfile
import time

import hostwatch
from engine.errors import GrooveLoomError
from engine.wav import read_wav

_XRUN = re.compile(r"xrun", re.IGNORECASE)


class JackError(GrooveLoomError):
    """The JACK server could not be started or used."""


def available() -> bool:
    return all(shutil.which(t) for t in ("jackd", "jack_lsp", "jack_rec"))


class JackServer:
    """`with JackServer(rate=48000, period=256) as jack:` sets JACK_DEFAULT_SERVER for this process (and
    the children it starts) while the server runs."""

    def __init__(self, rate: int = 48000, period: int = 256, name: str | None = None, realtime: bool | None = None):
        """realtime: True/False, or None for real-time where this user may (as on a studio machine: a
        non-real-time server is itself late when the machine is busy), else not."""
        self.rate, self.period, self.realtime = rate, period, realtime
        self.period_ms = 1000.0 * period / rate
        self.name = name or f"grooveloom-{os.getpid()}-{period}"
        self.proc: subprocess.Popen | None = None
        self._log = tempfile.NamedTemporaryFile(prefix="jackd-", suffix=".log", delete=False)
        self._old_env: str | None = None

    def env(self) -> dict:
        return {"JACK_DEFAULT_SERVER": self.name, "JACK_NO_AUDIO_RESERVATION": "1"}

    def start(self) -> "JackServer":
        if not available():
            raise JackError("jackd, jack_lsp or jack_rec not found (Debian package jackd2)")
        if self.realtime is None:
            try:
                self.realtime = True
                return self._start()
            except JackError:
                self.realtime = False
        return self._start()

    def _start(self) -> "JackServer":
        env = dict(os.environ, **self.env())
        self.proc = subprocess.Popen(["jackd", "-n", self.name, "--realtime" if self.realtime else "--no-realtime",
                                      "-d", "dummy",
                                      "-r", str(self.rate), "-p", str(self.period)],
                                     stdout=self._log, stderr=subprocess.STDOUT, env=env)
        self._old_env = os.environ.get("JACK_DEFAULT_SERVER")
        os.environ["JACK_DEFAULT_SERVER"] = self.name
        for _ in range(100):
            if self.proc.poll() is not None:
                break
            if subprocess.run(["jack_lsp"], capture_output=True, env=env).returncode == 0:
                hostwatch.started(self)     # (its xruns told from the host's stalls: tests/hostwatch.py)
                return self
            time.sleep(0.05)
        self.stop()
        raise JackError(f"jackd did not start: {self.log()[-300:]}")

    def log(self) -> str:
        with open(self._log.name, errors="replace") as f:
            return f.read()

    def xruns(self, client: str | None = None) -> int:
        """Xruns the server has reported so far (lines saying so); with `client`, only those it blames on
        that client ('client = GrooveLoom was not finished')."""
        if client is None:
            return len(_XRUN.findall(self.log()))
        return len(re.findall(rf"XRun: client = {re.escape(client)}\b", self.log()))

    def ports(self) -> list[str]:
        return subprocess.run(["jack_lsp"], capture_output=True, text=True).stdout.split()

    def record(self, port: str, path, seconds: float, during=None):
        """Record `port` for `seconds` into a WAV; `during(t0)` runs while recording (t0: when the recorder
        started, time.monotonic()). Returns (mono float audio, sample rate)."""
        rec = subprocess.Popen(["jack_rec", "-f", str(path), "-d", str(seconds), port],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        t0 = time.monotonic()
        time.sleep(0.3)
        if during:
            during(t0)
        rec.wait(seconds + 10)
        return read_wav(path)

    def stop(self) -> None:
        if self.proc is not None:
            hostwatch.stopped(self, self.xruns())
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(5)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)
        self.proc = None
        if self._old_env is None:
            os.environ.pop("JACK_DEFAULT_SERVER", None)
        else:
            os.environ["JACK_DEFAULT_SERVER"] = self._old_env

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        self.stop()
        os.unlink(self._log.name)


_HEX = re.compile(r"[0-9a-f]{2}")


class MidiDump:
    """A JACK MIDI recorder (jack_midi_dump, a real client from jackd2): every event with its frame.
    `with MidiDump() as dump:` ... `dump.events()` -> [(frame, bytes)]; its input port is `dump.port`."""

    port = "midi-monitor:input"

    def start(self) -> "MidiDump":
        self.proc = subprocess.Popen(["jack_midi_dump", "-a"], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        for _ in range(100):
            if self.port in subprocess.run(["jack_lsp"], capture_output=True, text=True).stdout.split():
                return self
            time.sleep(0.05)
        self.proc.kill()
        raise JackError("jack_midi_dump did not register its port")

    def stop(self) -> list[tuple[int, bytes]]:
        if self.proc.poll() is None:
            self.proc.terminate()
        out = self.proc.communicate(timeout=10)[0]
        self._events = []
        for line in out.splitlines():
            head, _, rest = line.partition(":")
            if not head.strip().isdigit():
                continue
            data = []
            for tok in rest.split():
                if not _HEX.fullmatch(tok):
                    break
                data.append(int(tok, 16))
            self._events.append((int(head), bytes(data)))
        return self._events

    def events(self) -> list[tuple[int, bytes]]:
        return self._events

    def __enter__(self):
        return self.start()

    def __exit__(self, *exc):
        if self.proc.poll() is None:
            self.stop()
