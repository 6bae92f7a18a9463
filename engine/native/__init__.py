"""The audio callback in C (glaudio.c), built here with the system's C compiler and loaded with ctypes.

`python -m engine.native` builds it (make does, before run and test). Where it cannot be built or loaded,
`load()` returns None with the reason in `why_not`, and the player falls back to its Python callback,
which works the same but needs the GIL once per audio period (xruns when Python is busy).
"""
from __future__ import annotations

import ctypes
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.join(HERE, "glaudio.c")
LIBRARY = os.path.join(HERE, "libglaudio.so")
EVENT_FIELDS = 7   # frame, type, channel, note, velocity, epoch, step serial (int64 each), as glaudio.c reads them
EV_ON, EV_OFF, EV_ALL_OFF, EV_WITHDRAW = 1, 2, 3, 4

why_not: str | None = None
_lib = None


def build(force: bool = False) -> str:
    """Compile glaudio.c into libglaudio.so next to it when missing or older than the source."""
    if not force and os.path.exists(LIBRARY) and os.path.getmtime(LIBRARY) >= os.path.getmtime(SOURCE):
        return LIBRARY
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise OSError("no C compiler (cc) found to build the audio callback; apt-get install gcc")
    tmp = f"{LIBRARY}.{os.getpid()}.tmp"
    done = subprocess.run([cc, "-O2", "-std=c11", "-Wall", "-shared", "-fPIC", "-o", tmp, SOURCE],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"building {SOURCE} failed: {done.stderr.strip()[-500:]}")
    os.replace(tmp, LIBRARY)   # atomic: a running player never sees half a library
    return LIBRARY


def load():
    """The loaded library (ctypes.CDLL with argtypes set), or None (why_not says why)."""
    global _lib, why_not
    if _lib is not None or why_not is not None:
        return _lib
    if os.environ.get("GROOVELOOM_PYTHON_AUDIO"):
        why_not = "GROOVELOOM_PYTHON_AUDIO is set"
        return None
    try:
        path = build()
        lib = ctypes.CDLL(path)          # calls that take time release the GIL (gl_render)
        quick = ctypes.PyDLL(path)       # calls of a few microseconds keep it: under contention a thread
    except OSError as exc:               # that releases the GIL waits a switch interval to get it back
        why_not = str(exc)
        return None
    P, I64 = ctypes.c_void_p, ctypes.c_int64
    for name in ("gl_push", "gl_frame", "gl_stats"):
        setattr(lib, name, getattr(quick, name))
    lib.gl_new.restype = P
    lib.gl_new.argtypes = [P, P, P, P, P]
    lib.gl_free.argtypes = [P]
    lib.gl_push.restype = ctypes.c_int
    lib.gl_push.argtypes = [P, P, ctypes.c_int]
    lib.gl_frame.restype = I64
    lib.gl_frame.argtypes = [P]
    lib.gl_stats.argtypes = [P, P]
    lib.gl_render.argtypes = [P, ctypes.c_int, P]
    _lib = lib
    return lib


def main(argv: list[str]) -> int:
    try:
        print(f"built {build(force='--force' in argv)}")
    except OSError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    return 0


def why_not_loaded() -> str | None:
    return why_not
