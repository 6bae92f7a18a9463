"""JACK, through libjack with ctypes: what a running server is asked (its rate, its ports) and GrooveLoom's own
JACK client, whose process callback is glaudio.c's (gl_jack_process: the synth's stereo out and a MIDI out
in the same cycle). No server is started here: tests/jackserver.py does that for tests and benches."""
from __future__ import annotations

import ctypes
import ctypes.util

from .errors import GrooveLoomError
from .fileio import quiet_stderr

NO_START_SERVER = 0x01          # JackNoStartServer
IS_INPUT, IS_OUTPUT, IS_PHYSICAL = 0x1, 0x2, 0x4
AUDIO_TYPE, MIDI_TYPE = b"32 bit float mono audio", b"8 bit raw midi"
CLIENT_NAME = "GrooveLoom"

_lib = None


class JackError(GrooveLoomError):
    pass


def libjack():
    """libjack with the prototypes GrooveLoom uses, or None where it is not installed."""
    global _lib
    if _lib is not None:
        return _lib or None
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("jack") or "libjack.so.0")
    except OSError:
        _lib = False
        return None
    P, S, U32, I = ctypes.c_void_p, ctypes.c_char_p, ctypes.c_uint32, ctypes.c_int
    protos = {
        "jack_client_open": (P, [S, I, ctypes.POINTER(I)]), "jack_client_close": (I, [P]),
        "jack_get_sample_rate": (U32, [P]), "jack_get_buffer_size": (U32, [P]),
        "jack_port_register": (P, [P, S, S, ctypes.c_ulong, ctypes.c_ulong]), "jack_port_name": (S, [P]),
        "jack_set_process_callback": (I, [P, P, P]), "jack_on_shutdown": (None, [P, P, P]),
        "jack_activate": (I, [P]), "jack_deactivate": (I, [P]), "jack_connect": (I, [P, S, S]),
        "jack_get_ports": (ctypes.POINTER(S), [P, S, S, ctypes.c_ulong]), "jack_free": (None, [P]),
        "jack_port_connected": (I, [P]),
        "jack_transport_start": (None, [P]), "jack_transport_stop": (None, [P]),
        "jack_transport_locate": (I, [P, U32]), "jack_set_timebase_callback": (I, [P, I, P, P]),
        "jack_release_timebase": (I, [P]), "jack_set_sync_callback": (I, [P, P, P]), "jack_get_time": (ctypes.c_uint64, []), "jack_frame_time": (U32, [P]),
    }
    for name, (res, args) in protos.items():
        fn = getattr(lib, name)
        fn.restype, fn.argtypes = res, args
    _lib = lib
    return lib


def _address(lib, name: str) -> int:
    return ctypes.cast(getattr(lib, name), ctypes.c_void_p).value


def _open(lib, name: str):
    status = ctypes.c_int()
    with quiet_stderr():   # libjack explains on fd 2 that no server runs
        return lib.jack_client_open(name.encode(), NO_START_SERVER, ctypes.byref(status))


def server_rate() -> int | None:
    """The sample rate of the running JACK server (JACK_DEFAULT_SERVER or the default one), or None when
    none runs or libjack is missing. The synth must run at it (FluidSynth does not resample)."""
    lib = libjack()
    client = _open(lib, "grooveloom-probe") if lib else None
    if not client:
        return None
    try:
        return int(lib.jack_get_sample_rate(client))
    finally:
        lib.jack_client_close(client)


def _port_names(lib, client, kind: bytes, flags: int) -> list[str]:
    found = lib.jack_get_ports(client, None, kind, flags)
    if not found:
        return []
    names, i = [], 0
    while found[i]:
        names.append(found[i].decode(errors="replace"))
        i += 1
    lib.jack_free(ctypes.cast(found, ctypes.c_void_p))
    return names


def midi_ports() -> dict[str, list[str]] | None:
    """The running server's MIDI ports: {'in': ports GrooveLoom can send to, 'out': ports it can record
    from}; None when no server runs."""
    lib = libjack()
    client = _open(lib, "grooveloom-ports") if lib else None
    if not client:
        return None
    try:
        return {"in": _port_names(lib, client, MIDI_TYPE, IS_INPUT),
                "out": _port_names(lib, client, MIDI_TYPE, IS_OUTPUT)}
    finally:
        lib.jack_client_close(client)


class JackClient:
    """GrooveLoom's client on the running JACK server: out_L/out_R (the synth) and midi_out, served by the
    C dispatcher `dispatch` (a CDispatch). The audio ports go to the system's playback ports at once; the
    MIDI out to `midi_to` (a port name), if given, or wherever the user patches it."""

    def __init__(self, dispatch, name: str = CLIENT_NAME, midi_to: str | None = None):
        lib = libjack()
        if lib is None:
            raise JackError("JACK is not installed (libjack.so.0: apt-get install libjack-jackd2-0)")
        self.lib, self.dispatch = lib, dispatch
        self.client = _open(lib, name)
        if not self.client:
            raise JackError("no JACK server is running")
        try:
            self._start(dispatch, midi_to)
        except Exception:
            self.close()
            raise

    def _start(self, dispatch, midi_to: str | None) -> None:
        lib, c = self.lib, self.client
        self.samplerate = int(lib.jack_get_sample_rate(c))
        self.period = int(lib.jack_get_buffer_size(c))
        ports = [lib.jack_port_register(c, n, t, flags, 0)
                 for n, t, flags in ((b"out_L", AUDIO_TYPE, IS_OUTPUT), (b"out_R", AUDIO_TYPE, IS_OUTPUT),
                                     (b"midi_out", MIDI_TYPE, IS_OUTPUT), (b"midi_in", MIDI_TYPE, IS_INPUT))]
        if not all(ports):
            raise JackError("JACK refused GrooveLoom's ports")
        self.ports = dict(zip(("left", "right", "midi_out", "midi_in"), ports))
        d = dispatch
        d.lib.gl_jack_attach(d.handle, c, *ports, *(_address(lib, f) for f in (
            "jack_port_get_buffer", "jack_midi_clear_buffer", "jack_midi_event_write", "jack_last_frame_time",
            "jack_midi_get_event_count", "jack_midi_event_get", "jack_transport_query")))
        lib.jack_set_process_callback(c, _address(d.lib, "gl_jack_process"), d.handle)
        lib.jack_on_shutdown(c, _address(d.lib, "gl_jack_shutdown"), d.handle)
        if lib.jack_activate(c):
            raise JackError("JACK did not start GrooveLoom's client")
        for ours, theirs in zip(("out_L", "out_R"), _port_names(lib, c, AUDIO_TYPE, IS_INPUT | IS_PHYSICAL)):
            lib.jack_connect(c, self.port_name(ours).encode(), theirs.encode())
        if midi_to:
            self.connect_midi(midi_to)

    def port_name(self, short: str) -> str:
        key = {"out_L": "left", "out_R": "right"}.get(short, short)
        return self.lib.jack_port_name(self.ports[key]).decode()

    def connect_midi(self, port: str) -> None:
        """Send the MIDI out to `port` (a JACK MIDI input, 'client:port'); JackError naming it if it is not
        there."""
        if port not in _port_names(self.lib, self.client, MIDI_TYPE, IS_INPUT):
            raise JackError(f"no JACK MIDI input '{port}' (python main.py ports lists them)")
        err = self.lib.jack_connect(self.client, self.port_name("midi_out").encode(), port.encode())
        if err and err != 17:          # (EEXIST: connected already)
            raise JackError(f"JACK could not connect the MIDI out to '{port}'")

    def connect_midi_in(self, port: str) -> None:
        """Record from `port` (a JACK MIDI output: pads, an e-kit, a DAW's MIDI out)."""
        if port not in _port_names(self.lib, self.client, MIDI_TYPE, IS_OUTPUT):
            raise JackError(f"no JACK MIDI output '{port}' to record from (python main.py ports lists them)")
        err = self.lib.jack_connect(self.client, port.encode(), self.port_name("midi_in").encode())
        if err and err != 17:
            raise JackError(f"JACK could not connect '{port}' to GrooveLoom's MIDI in")

    # ---- JACK transport (shared by every client: a DAW, Hydrogen, jack_transport) ------------------------
    def transport(self, command: str, frame: int = 0) -> None:
        """'start' or 'stop' the JACK transport, or 'locate' it to `frame`."""
        if command == "locate":
            self.lib.jack_transport_locate(self.client, max(0, int(frame)))
        else:
            getattr(self.lib, f"jack_transport_{command}")(self.client)

    def now(self) -> tuple[float, int]:
        """(JACK's clock in microseconds: CLOCK_MONOTONIC_RAW, as Ableton Link's; the JACK frame time then,
        32 bits), read together."""
        lib, c = self.lib, self.client
        for _ in range(8):            # (a thread switch between the reads makes the pair vague: read again)
            before = lib.jack_get_time()
            frame = lib.jack_frame_time(c)
            after = lib.jack_get_time()
            if after - before <= 100:
                break
        return (before + after) / 2.0, int(frame)

    def sync(self, on: bool) -> None:
        """Be a slow-sync client (glaudio.c's gl_jack_sync) while following the transport: a start or a
        locate waits (a few ms) until the beat is queued from its position, so its first note is on time."""
        d = self.dispatch
        self.lib.jack_set_sync_callback(self.client, _address(d.lib, "gl_jack_sync") if on else None,
                                        d.handle if on else None)

    def lead(self, on: bool) -> bool:
        """Become the transport's timebase master (bar, beat, tick and tempo from GrooveLoom's pattern, set
        with CDispatch.lead), taking over from a DAW that led, or stop being it. False: JACK refused."""
        if not on:
            self.lib.jack_release_timebase(self.client)
            return True
        d = self.dispatch
        return self.lib.jack_set_timebase_callback(self.client, 0, _address(d.lib, "gl_jack_timebase"),
                                                   d.handle) == 0

    @property
    def midi_in_connected(self) -> int:
        return int(self.lib.jack_port_connected(self.ports["midi_in"]))

    @property
    def midi_connected(self) -> int:
        """How many ports the MIDI out is connected to."""
        return int(self.lib.jack_port_connected(self.ports["midi_out"]))

    def close(self) -> None:
        if self.client and self.dispatch.jack_stats()["shutdown"]:
            # the server went away and said so: libjack (jack2) deletes such clients itself at the process's
            # next jack_client_open, so this handle may already be freed (closing it then crashed the app
            # when the output was picked again); the callback will not run again either way
            self.client = None
        if self.client:
            self.lib.jack_deactivate(self.client)   # the callback has run for the last time when this returns
            self.lib.jack_client_close(self.client)
            self.client = None
