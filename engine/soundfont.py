"""Finding a General MIDI soundfont and the drum kits (bank 128 presets) inside it.

FluidSynth is loaded lazily, only when a soundfont is opened (pretty_midi's rule: optional until asked for).
"""
from __future__ import annotations

import glob
import os
from dataclasses import dataclass

from .errors import GrooveLoomError

DRUM_BANK = 128
SEARCH_DIRS = (
    "/usr/share/sounds/sf2", "/usr/share/sounds/sf3", "/usr/share/soundfonts", "/usr/share/sf2",
    "/usr/local/share/soundfonts", "/opt/homebrew/share/soundfonts", "~/.local/share/soundfonts",
    "~/Library/Audio/Sounds/Banks", "C:/soundfonts",
)
# Better-sounding GM sets first; Debian's default-GM link points at one of these.
PREFERRED = ("FluidR3_GM", "MuseScore_General", "GeneralUser", "default-GM", "TimGM6mb")
INSTALL_HINT = ("install one: sudo apt-get install fluid-soundfont-gm (or timgm6mb-soundfont), "
                "or choose a .sf2/.sf3 file")


class SoundfontError(GrooveLoomError):
    """No usable soundfont, or one that FluidSynth cannot load."""


class NoSuchKitError(SoundfontError):
    """The soundfont has no drum kit of that name (it may have others)."""


@dataclass(frozen=True)
class Kit:
    preset: int
    name: str


def find_soundfonts(extra_dirs=()) -> list[str]:
    """GM soundfonts on this system, best first (duplicates through symlinks removed)."""
    seen, found = set(), []
    env = os.environ.get("GROOVELOOM_SOUNDFONT")
    candidates = [env] if env else []
    for d in list(extra_dirs) + list(SEARCH_DIRS):
        d = os.path.expanduser(d)
        candidates += sorted(glob.glob(os.path.join(d, "*.sf2")) + glob.glob(os.path.join(d, "*.sf3")))
    for c in candidates:
        if not c or not os.path.isfile(c):
            continue
        real = os.path.realpath(c)
        if real in seen:
            continue
        seen.add(real)
        found.append(c)
    rank = {name.lower(): i for i, name in enumerate(PREFERRED)}
    return sorted(found, key=lambda p: rank.get(os.path.splitext(os.path.basename(p))[0].lower(), len(rank)))


def default_soundfont(choice: str | None = None) -> str:
    """The soundfont to use: the user's choice if given (checked), else the best one found."""
    if choice:
        if not os.path.isfile(choice):
            raise SoundfontError("soundfont not found", choice)
        if not choice.lower().endswith((".sf2", ".sf3")):
            raise SoundfontError("not a soundfont (.sf2 or .sf3 expected)", choice)
        return choice
    found = find_soundfonts()
    if not found:
        raise SoundfontError(f"no General MIDI soundfont found on this system; {INSTALL_HINT}")
    return found[0]


MAX_SOUNDFONT_BYTES = 512 * 1024 * 1024   # FluidSynth holds a soundfont's samples in memory (FluidR3: 142 MB)


def check_soundfont(path: str) -> str:
    """The path, if FluidSynth may be given it: a regular file of at most MAX_SOUNDFONT_BYTES whose RIFF
    chunks lie inside it (a sparse 1.2 GB sample chunk or a header claiming more than the file holds is
    refused before FluidSynth allocates); else SoundfontError naming the file and the problem."""
    import stat
    import struct
    try:
        st = os.stat(path)
    except OSError as exc:
        raise SoundfontError(f"soundfont not readable ({exc.strerror or exc})", path) from None
    if not stat.S_ISREG(st.st_mode):
        raise SoundfontError("not a regular file (a device, pipe or socket): a soundfont is a .sf2/.sf3 file", path)
    if st.st_size > MAX_SOUNDFONT_BYTES:
        raise SoundfontError(f"{st.st_size >> 20} MB; GrooveLoom loads soundfonts of at most "
                             f"{MAX_SOUNDFONT_BYTES >> 20} MB (engine.soundfont.MAX_SOUNDFONT_BYTES)", path)
    try:
        with open(path, "rb") as f:
            head = f.read(12)
            if len(head) < 12 or head[:4] != b"RIFF" or head[8:12] != b"sfbk":
                raise SoundfontError("not a soundfont (no RIFF sfbk header)", path)
            pos = 12
            while pos + 8 <= st.st_size:
                f.seek(pos)
                chunk = f.read(12)
                size = struct.unpack("<I", chunk[4:8])[0]
                if pos + 8 + size > st.st_size:
                    raise SoundfontError(f"damaged soundfont: its '{chunk[:4].decode('latin-1')}' chunk claims "
                                         f"{size:,} bytes past the file's end", path)
                pos += 8 + size + (size & 1)
    except OSError as exc:
        raise SoundfontError(f"soundfont not readable ({exc.strerror or exc})", path) from None
    return path


def load_fluidsynth():
    """The pyfluidsynth module, or SoundfontError saying what to install.

    pyfluidsynth prints "'fluidsynth' was found at ..." to stdout when the
    environment has CI set (1.4.0); that line would land in the output of
    `grooveloom --version` and of any CLI command writing to stdout, so the
    import runs with stdout held aside."""
    import contextlib
    import io
    try:
        with contextlib.redirect_stdout(io.StringIO()):
            import fluidsynth
    except (ImportError, OSError) as exc:
        raise SoundfontError(f"FluidSynth is not available ({exc}); install it: "
                             f"sudo apt-get install libfluidsynth3") from None
    return fluidsynth


def list_kits(synth, sfid: int) -> list[Kit]:
    """Drum kits (bank 128 presets) of a soundfont loaded in a pyfluidsynth Synth."""
    kits = []
    for preset in range(128):
        name = synth.sfpreset_name(sfid, DRUM_BANK, preset)
        if name:
            kits.append(Kit(preset, name.strip()))
    return kits


def soundfont_kits(path: str) -> list[Kit]:
    """Open a soundfont just to list its drum kits."""
    fs = load_fluidsynth()
    synth = fs.Synth()
    try:
        sfid = synth.sfload(check_soundfont(path))
        if sfid < 0:
            raise SoundfontError("FluidSynth cannot load this soundfont (damaged or not a soundfont)", path)
        return list_kits(synth, sfid)
    finally:
        synth.delete()


def pick_kit(kits: list[Kit], name: str | None, path: str = "") -> Kit:
    """A kit by (case-insensitive, partial) name or preset number; the first kit by default."""
    if not kits:
        raise SoundfontError("this soundfont has no drum kits (no bank 128 presets)", path)
    if name is None or name == "":
        return kits[0]
    key = str(name).strip().lower()
    for k in kits:
        if key == str(k.preset) or key == k.name.lower():
            return k
    for k in kits:
        if key in k.name.lower():
            return k
    raise NoSuchKitError(f"no drum kit '{name}' (kits: {', '.join(k.name for k in kits)})", path)
