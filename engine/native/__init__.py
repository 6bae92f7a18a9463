"""GrooveLoom's C, loaded with ctypes: the audio callback (glaudio.c) and the drummer's sampler step
(glstep.c), one library.

Where it comes from, first found: the wheel's build (`_glaudio<suffix>.so` next to this file, compiled by
setup.py when the wheel was built); a checkout's `libglaudio.so` (`python -m engine.native`, which make
runs before run and test); else it is compiled once into the user's cache folder with the system's C
compiler. GrooveLoom never writes into the folder it is installed in. Where none can be had, `load()`
returns None with the reason in `why_not`, and the player falls back to its Python callback, which works
the same but needs the GIL once per audio period (xruns when Python is busy).
"""
from __future__ import annotations

import ctypes
import glob
import hashlib
import importlib.machinery
import os
import shutil
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCES = [os.path.join(HERE, name) for name in ("glaudio.c", "glstep.c")]
LIBRARY = os.path.join(HERE, "libglaudio.so")
EVENT_FIELDS = 7   # frame, type, channel, note, velocity, epoch, step serial (int64 each), as glaudio.c reads them
EV_ON, EV_OFF, EV_ALL_OFF, EV_WITHDRAW = 1, 2, 3, 4
# MIDI out (JACK): note on/off (channel, note, velocity as played), a clock tick (withdrawn with its step's
# note-ons), raw bytes (channel field: how many, note field: the bytes, the first in the low byte)
EV_MON, EV_MOFF, EV_MCLOCK, EV_MRAW = 5, 6, 7, 8
STARTS = (EV_ON, EV_MON, EV_MCLOCK)   # what a withdrawal drops (note-offs stay)
EV_HOLD = 0x100     # (a bit on any type) held until the JACK transport rolls from where it was queued for

why_not: str | None = None
loaded_from: str | None = None
_lib = None


def built_with_wheel() -> str | None:
    """The library setup.py compiled into the wheel (an extension module file; ctypes loads it)."""
    for suffix in importlib.machinery.EXTENSION_SUFFIXES:
        found = glob.glob(os.path.join(HERE, f"_glaudio{suffix}"))
        if found:
            return found[0]
    return None


def compile_to(path: str) -> str:
    """Compile the C sources into the shared library `path` (atomically: a running player never sees half
    a library)."""
    cc = os.environ.get("CC") or shutil.which("cc") or shutil.which("gcc")
    if not cc:
        raise OSError("no C compiler (cc) found to build the audio callback; apt-get install gcc")
    os.makedirs(os.path.dirname(path), exist_ok=True)
    tmp = f"{path}.{os.getpid()}.tmp"
    done = subprocess.run([cc, "-O2", "-std=c11", "-Wall", "-shared", "-fPIC", "-o", tmp, *SOURCES, "-lm"],
                          capture_output=True, text=True)
    if done.returncode != 0:
        raise OSError(f"building {' '.join(SOURCES)} failed: {done.stderr.strip()[-500:]}")
    os.replace(tmp, path)
    return path


def build(force: bool = False) -> str:
    """A checkout's library next to the source, compiled when missing or older than the source (make)."""
    if not force and _fresh(LIBRARY):
        return LIBRARY
    return compile_to(LIBRARY)


def _fresh(path: str) -> bool:
    return os.path.exists(path) and all(os.path.getmtime(path) >= os.path.getmtime(src) for src in SOURCES)


SYMBOLS = ("gl_new", "gl_free", "gl_push", "gl_frame", "gl_stats", "gl_render", "gl_audio", "gl_jack_attach",
           "gl_jack_process", "gl_jack_shutdown", "gl_jack_stats", "gl_jack_read", "gl_jack_monitor",
           "gl_jack_transport", "gl_jack_lead", "gl_jack_timebase", "gl_jack_hold", "gl_jack_sync", "gs_step",
           "gs_inputs")


def _complete(path: str) -> bool:
    """The library at path has every function this version calls (a wheel's build left in a checkout from
    before an update of glaudio.c lacks the new ones)."""
    try:
        lib = ctypes.CDLL(path)
    except OSError:
        return False
    return all(hasattr(lib, name) for name in SYMBOLS)


def library_path() -> str:
    """The library to load, compiling it into the user's cache folder when neither the wheel nor make
    built one that is complete (keyed by the source's hash, so an update builds afresh)."""
    wheel = built_with_wheel()
    if wheel and _complete(wheel):
        return wheel
    if _fresh(LIBRARY):
        return LIBRARY
    from ..paths import user_dir
    digest = hashlib.sha256()
    for src in SOURCES:
        with open(src, "rb") as f:
            digest.update(f.read())
    key = digest.hexdigest()[:16]
    cached = user_dir("cache", "native", f"libglaudio-{key}.so")
    return cached if os.path.exists(cached) else compile_to(cached)


def load():
    """The loaded library (ctypes.CDLL with argtypes set), or None (why_not says why)."""
    global _lib, why_not, loaded_from
    if _lib is not None or why_not is not None:
        return _lib
    if os.environ.get("GROOVELOOM_PYTHON_AUDIO"):
        why_not = "GROOVELOOM_PYTHON_AUDIO is set"
        return None
    try:
        path = library_path()
        lib = ctypes.CDLL(path)          # calls that take time release the GIL (gl_render)
        quick = ctypes.PyDLL(path)       # calls of a few microseconds keep it: under contention a thread
    except OSError as exc:               # that releases the GIL waits a switch interval to get it back
        why_not = str(exc)
        return None
    P, I64 = ctypes.c_void_p, ctypes.c_int64
    for name in ("gl_push", "gl_frame", "gl_stats", "gl_jack_stats", "gl_jack_read", "gl_jack_transport"):
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
    lib.gl_jack_attach.argtypes = [P] * 13
    lib.gl_jack_transport.restype = ctypes.c_int
    lib.gl_jack_transport.argtypes = [P, P]
    lib.gl_jack_lead.argtypes = [P, ctypes.c_double, ctypes.c_int, ctypes.c_int]
    lib.gl_jack_hold.argtypes = [P, I64, I64]
    lib.gl_jack_stats.argtypes = [P, P]
    lib.gl_jack_read.restype = ctypes.c_int
    lib.gl_jack_read.argtypes = [P, P, ctypes.c_int]
    lib.gl_jack_monitor.argtypes = [P, P, ctypes.c_int, ctypes.c_int]
    _lib, loaded_from = lib, path
    return lib


_step_lib = None
step_why_not: str | None = None
step_loaded_from: str | None = None


def step_library():
    """The library for the drummer's sampler step (gs_step, gs_inputs: they release the GIL), or None
    (step_why_not says why; the drummer samples in numpy then). GROOVELOOM_PYTHON_SAMPLER=1 asks for numpy."""
    global _step_lib, step_why_not, step_loaded_from
    if _step_lib is not None or step_why_not is not None:
        return _step_lib
    if os.environ.get("GROOVELOOM_PYTHON_SAMPLER"):
        step_why_not = "GROOVELOOM_PYTHON_SAMPLER is set"
        return None
    try:
        path = library_path()
        lib = ctypes.CDLL(path)
        if not all(hasattr(lib, name) for name in ("gs_step", "gs_inputs")):
            raise OSError("the library lacks the sampler step (an old build)")
    except OSError as exc:
        step_why_not = str(exc)
        return None
    P, I64 = ctypes.c_void_p, ctypes.c_int64
    lib.gs_step.restype = lib.gs_inputs.restype = None
    lib.gs_step.argtypes = [P, I64, I64]
    lib.gs_inputs.argtypes = [P, I64, I64]
    _step_lib, step_loaded_from = lib, path
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
