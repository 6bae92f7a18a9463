"""What the application asks a running JACK server (no server is started here: tests/jackserver.py does
that for tests and benches)."""
from __future__ import annotations

from .fileio import quiet_stderr


def server_rate() -> int | None:
    """The sample rate of the running JACK server (JACK_DEFAULT_SERVER or the default one), or None when
    none runs or libjack is missing. FluidSynth's JACK driver does not resample: the synth must run at it."""
    import ctypes
    import ctypes.util
    try:
        lib = ctypes.CDLL(ctypes.util.find_library("jack") or "libjack.so.0")
    except OSError:
        return None
    lib.jack_client_open.restype = ctypes.c_void_p
    lib.jack_client_open.argtypes = [ctypes.c_char_p, ctypes.c_int, ctypes.POINTER(ctypes.c_int)]
    lib.jack_get_sample_rate.restype = ctypes.c_uint32
    lib.jack_get_sample_rate.argtypes = [ctypes.c_void_p]
    lib.jack_client_close.argtypes = [ctypes.c_void_p]
    status = ctypes.c_int()
    with quiet_stderr():   # libjack explains on fd 2 that no server runs
        client = lib.jack_client_open(b"grooveloom-probe", 0x01, ctypes.byref(status))   # JackNoStartServer
    if not client:
        return None
    try:
        return int(lib.jack_get_sample_rate(client))
    finally:
        lib.jack_client_close(client)
