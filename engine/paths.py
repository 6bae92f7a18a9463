"""Where GrooveLoom's files are: the resources it ships (models, icons, desktop files) and the per-user
folders, one XDG layout named `grooveloom`:

    settings   $XDG_CONFIG_HOME/grooveloom/grooveloom.conf   (~/.config)
    data       $XDG_DATA_HOME/grooveloom/                    (~/.local/share: autosave)
    state      $XDG_STATE_HOME/grooveloom/                   (~/.local/state: error.log)
    cache      $XDG_CACHE_HOME/grooveloom/                   (~/.cache: beat map, Drag MIDI files, the
                                                              audio callback built at run time)

GrooveLoom never writes where it is installed: a checkout and a wheel read their resources in place."""
from __future__ import annotations

import os
import shutil
import time

INSTALL_ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))   # the checkout, or site-packages


def _resources() -> str:
    """The wheel ships the repo's resources/ as grooveloom/resources; a checkout has them at its top."""
    for d in (os.path.join(INSTALL_ROOT, "grooveloom", "resources"), os.path.join(INSTALL_ROOT, "resources")):
        if os.path.isfile(os.path.join(d, "models", "drummer.json")):
            return d
    return os.path.join(INSTALL_ROOT, "resources")


RESOURCES = _resources()
MODELS_DIR = os.path.join(RESOURCES, "models")
ICON_SVG = os.path.join(RESOURCES, "icons", "grooveloom.svg")
DESKTOP_DIR = os.path.join(RESOURCES, "desktop")

APP_ID = "io.github.grooveloom.GrooveLoom"
NAME = "grooveloom"
_XDG = {"config": ("XDG_CONFIG_HOME", (".config",)), "data": ("XDG_DATA_HOME", (".local", "share")),
        "state": ("XDG_STATE_HOME", (".local", "state")), "cache": ("XDG_CACHE_HOME", (".cache",))}


def xdg_home(kind: str) -> str:
    """The user's XDG base folder of a kind (config, data, state, cache); a relative value is ignored, as
    the XDG spec says."""
    var, default = _XDG[kind]
    base = os.environ.get(var, "")
    return base if os.path.isabs(base) else os.path.join(os.path.expanduser("~"), *default)


def user_dir(kind: str, *parts: str, create: bool = False) -> str:
    """GrooveLoom's own folder of a kind, or a folder inside it."""
    path = os.path.join(xdg_home(kind), NAME, *parts)
    if create:
        os.makedirs(path, mode=0o700, exist_ok=True)
    return path


def settings_file() -> str:
    return os.path.join(user_dir("config"), f"{NAME}.conf")


# what versions before 0.2 wrote (Qt's defaults for organization and application "GrooveLoom")
OLD_SETTINGS = ("config", "GrooveLoom", "GrooveLoom.conf")
OLD_DATA = ("data", "GrooveLoom", "GrooveLoom")


def migrate_old_layout() -> list[str]:
    """Move what older versions wrote into the one layout, once: their settings file and their data folder
    (autosaves). Nothing is overwritten; returns what was moved (or could not be), as lines to tell the user."""
    moves = [(os.path.join(xdg_home(OLD_SETTINGS[0]), *OLD_SETTINGS[1:]), settings_file(), "settings")]
    old_data = os.path.join(xdg_home(OLD_DATA[0]), *OLD_DATA[1:])
    if os.path.isdir(old_data):
        moves += [(os.path.join(old_data, n), user_dir("data", n), n) for n in sorted(os.listdir(old_data))]
    said = []
    for src, dst, what in moves:
        if not os.path.lexists(src) or os.path.lexists(dst):
            continue
        try:
            os.makedirs(os.path.dirname(dst), mode=0o700, exist_ok=True)
            shutil.move(src, dst)
            said.append(f"{what}: {src} -> {dst}")
        except OSError as exc:
            said.append(f"{what}: could not move {src} ({exc.strerror or exc})")
    return said


DRAG_KEEP_S = 24 * 3600     # a dragged MIDI file stays this long (a DAW may read it after the drop)


def drag_dir() -> str:
    """Where Drag MIDI writes its files: one cache folder, files older than DRAG_KEEP_S removed each time
    (a drag left a new temporary folder behind every time)."""
    folder = user_dir("cache", "drag", create=True)
    now = time.time()
    for entry in os.scandir(folder):
        try:
            if entry.is_file(follow_symlinks=False) and now - entry.stat().st_mtime > DRAG_KEEP_S:
                os.unlink(entry.path)
        except OSError:
            pass
    return folder
