"""Desktop integration for one user (XDG locations, no root): the launcher, the icon, the AppStream metainfo
and the .groove MIME type, so GrooveLoom sits in the applications menu and a project opens by double-click.
Also `--version`: the version and what GrooveLoom runs on (for a bug report)."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from engine.fileio import atomic_write_bytes
from engine.paths import APP_ID, DESKTOP_DIR, ICON_SVG, RESOURCES, xdg_home

from . import __version__

MIME_TYPE = "application/x-grooveloom"


def _targets() -> dict[str, str]:
    """Where each file goes, under $XDG_DATA_HOME (~/.local/share)."""
    data = xdg_home("data")
    return {
        "desktop": os.path.join(data, "applications", f"{APP_ID}.desktop"),
        "svg": os.path.join(data, "icons", "hicolor", "scalable", "apps", f"{APP_ID}.svg"),
        "png": os.path.join(data, "icons", "hicolor", "256x256", "apps", f"{APP_ID}.png"),
        "metainfo": os.path.join(data, "metainfo", f"{APP_ID}.metainfo.xml"),
        "mime": os.path.join(data, "mime", "packages", f"{APP_ID}.xml"),
    }


def launch_command() -> tuple[str, str]:
    """(Exec, TryExec) for the launcher: the grooveloom command this was started as, or, from a checkout
    (`python main.py`), this Python with the checkout's main.py."""
    argv0 = os.path.abspath(sys.argv[0]) if sys.argv and sys.argv[0] else ""
    if argv0.endswith(".py"):
        return f"{_exec_arg(sys.executable)} {_exec_arg(argv0)}", sys.executable
    found = argv0 if os.path.isfile(argv0) and os.access(argv0, os.X_OK) else shutil.which("grooveloom")
    if not found:
        raise OSError("cannot find the grooveloom command to launch (is it on PATH?)")
    return _exec_arg(found), found


def _exec_arg(path: str) -> str:
    """One argument of an Exec line, quoted only where the Desktop Entry spec needs it: xdg-open's generic
    handler (xdg-utils 1.1.3, Debian 12) takes a quoted program name literally and fails to find it."""
    reserved = set(' \t\n"\'\\><~|&;$*?#()`')
    if not any(c in reserved for c in path):
        return path
    escaped = path.replace("\\", "\\\\").replace('"', '\\"').replace("`", "\\`").replace("$", "\\$")
    return f'"{escaped}"'



def _refresh(data: str, default: bool = True) -> list[str]:
    """Let the desktop see the files as they are now: the MIME database, the desktop database and (after an
    install) the default application for .groove files, each where its tool is installed."""
    done = []
    steps = [("update-mime-database", [os.path.join(data, "mime")]),
             ("update-desktop-database", [os.path.join(data, "applications")])]
    if default:
        steps.append(("xdg-mime", ["default", f"{APP_ID}.desktop", MIME_TYPE]))
    for tool, args in steps:
        if not shutil.which(tool):
            done.append(f"{tool}: not installed (skipped)")
        elif tool != "xdg-mime" and not os.path.isdir(args[0]):
            done.append(f"{tool}: nothing to update")
        else:
            r = subprocess.run([tool, *args], capture_output=True, text=True, timeout=60)
            done.append(f"{tool}: {'ok' if r.returncode == 0 else (r.stderr.strip() or 'failed')[:200]}")
    return done


def install() -> str:
    """Write the launcher, icons, metainfo and MIME type for this user; returns what was done."""
    exec_, try_exec = launch_command()
    t = _targets()
    with open(os.path.join(DESKTOP_DIR, f"{APP_ID}.desktop.in"), encoding="utf-8") as f:
        desktop = f.read().replace("@EXEC@", exec_).replace("@TRYEXEC@", try_exec)
    files = {
        "desktop": desktop.encode(),
        "svg": _read(ICON_SVG),
        "png": _read(os.path.join(RESOURCES, "icons", "grooveloom-256.png")),
        "metainfo": _read(os.path.join(DESKTOP_DIR, f"{APP_ID}.metainfo.xml")),
        "mime": _read(os.path.join(DESKTOP_DIR, f"{APP_ID}.mime.xml")),
    }
    for key, data in files.items():
        os.makedirs(os.path.dirname(t[key]), exist_ok=True)
        atomic_write_bytes(t[key], data)
    lines = [f"installed {t[k]}" for k in files] + _refresh(xdg_home("data"))
    return "\n".join(lines + [f"the launcher runs: {exec_}"])


def uninstall() -> str:
    removed = []
    for path in _targets().values():
        if os.path.lexists(path):
            os.unlink(path)
            removed.append(f"removed {path}")
    _refresh(xdg_home("data"), default=False)
    return "\n".join(removed) or "nothing to remove"


def _read(path: str) -> bytes:
    with open(path, "rb") as f:
        return f.read()


def version_text() -> str:
    """The version, and what this installation runs on: Python, Qt, FluidSynth, LiteRT, the audio callback
    (C or the Python fallback, and why), the soundfont and the drummer's model."""
    import importlib.metadata as md
    import platform
    lines = [f"GrooveLoom {__version__}", f"installed at {os.path.dirname(os.path.dirname(os.path.abspath(__file__)))}"]

    def dist(name: str) -> str:
        try:
            return md.version(name)
        except md.PackageNotFoundError:
            return "not installed"
    lines.append(f"Python {platform.python_version()}, PySide6 {dist('PySide6-Essentials')}, "
                 f"mido {dist('mido')}, numpy {dist('numpy')}, LiteRT {dist('ai-edge-litert')}, "
                 f"pyfluidsynth {dist('pyfluidsynth')}")
    lines.append(f"FluidSynth library: {_fluidsynth_version()}")
    from engine import native
    lib = native.load()
    lines.append(f"audio callback: C ({native.loaded_from})" if lib is not None
                 else f"audio callback: Python (the C one is not available: {native.why_not})")
    lines.append(f"drummer's sampler step: C ({native.step_loaded_from})" if native.step_library() is not None
                 else f"drummer's sampler step: numpy (the C one is not available: {native.step_why_not})")
    from engine.soundfont import find_soundfonts
    fonts = find_soundfonts()
    lines.append(f"soundfont: {fonts[0]}" if fonts else "soundfont: none found (apt-get install fluid-soundfont-gm)")
    lines.append(f"models: {os.path.join(RESOURCES, 'models')}")
    return "\n".join(lines)


def _fluidsynth_version() -> str:
    import ctypes
    from engine.soundfont import SoundfontError, load_fluidsynth
    try:
        fluidsynth = load_fluidsynth()
        parts = [ctypes.c_int() for _ in range(3)]
        fluidsynth.fluid_version(*(ctypes.byref(p) for p in parts))      # (int *major, int *minor, int *micro)
        return ".".join(str(p.value) for p in parts)
    except (SoundfontError, AttributeError, TypeError, ctypes.ArgumentError) as exc:
        return f"not loadable ({exc})"
