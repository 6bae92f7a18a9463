"""A pack's files: the MIDI files of a folder or .zip, read one at a time within the pack's bounds."""
from __future__ import annotations

import os
import zipfile
from collections import Counter
from dataclasses import dataclass

from ..errors import GrooveLoomError
from ..fileio import MAX_INPUT_BYTES, read_input_file, read_limited


MAX_PACK_FILES = 20_000                  # MIDI files read from one pack (folder or zip; 20,000 read in ~40 s here)
MAX_PACK_BYTES = 1024 * 1024 * 1024       # bytes read from one pack in all


def pack_files(path: str) -> list:
    """The MIDI files of a pack, sorted by name: paths inside a folder (recursive; links that lead out of
    the folder are left out), or a zip's members. GrooveLoomError for a missing path, a file that is not a
    zip, a damaged zip, or more than MAX_PACK_FILES files."""
    if os.path.isdir(path):
        names = []
        for folder, _, files in os.walk(path):
            for f in files:
                if f.lower().endswith((".mid", ".midi")):
                    names.append(os.path.join(folder, f))
                    if len(names) > MAX_PACK_FILES:
                        raise GrooveLoomError(f"more than {MAX_PACK_FILES} MIDI files (engine.looppack."
                                              f"MAX_PACK_FILES): open a part of it", path)
        return sorted(names)
    if not os.path.exists(path):
        raise GrooveLoomError("no such folder or file", path)
    if not os.path.isfile(path):      # a device or FIFO: zipfile would read /dev/zero for ever
        raise GrooveLoomError("not a folder or a .zip of MIDI loops (not a regular file)", path)
    try:
        if not zipfile.is_zipfile(path):
            raise GrooveLoomError("not a folder or a .zip of MIDI loops", path)
        with zipfile.ZipFile(path) as z:
            infos = [i for i in z.infolist() if not i.is_dir() and i.filename.lower().endswith((".mid", ".midi"))]
    except (zipfile.BadZipFile, zipfile.LargeZipFile, OSError, ValueError, EOFError) as exc:
        raise GrooveLoomError(f"damaged zip ({exc})", path) from None
    if len(infos) > MAX_PACK_FILES:
        raise GrooveLoomError(f"more than {MAX_PACK_FILES} MIDI files (engine.looppack.MAX_PACK_FILES)", path)
    return sorted(infos, key=lambda i: i.filename)


def iter_pack(path: str, files: list | None = None):
    """(name, bytes or the exception that kept it from being read) of every MIDI file of a pack, one at a
    time: each file at most MAX_INPUT_BYTES (counted while reading: a link to a device says 0), regular
    files only, inside the pack; MAX_PACK_BYTES in all."""
    files = pack_files(path) if files is None else files
    total = 0
    if os.path.isdir(path):
        root = os.path.realpath(path)
        for n in files:
            rel = os.path.relpath(n, path)
            real = os.path.realpath(n)
            if os.path.commonpath([root, real]) != root:
                yield rel, GrooveLoomError("a link that leads out of the pack (not followed)", rel)
                continue
            try:
                data = read_input_file(n)
            except GrooveLoomError as exc:
                yield rel, exc
                continue
            total += len(data)
            if total > MAX_PACK_BYTES:
                raise GrooveLoomError(f"more than {MAX_PACK_BYTES >> 20} MB of MIDI (engine.looppack.MAX_PACK_BYTES)",
                                      path)
            yield rel, data
        return
    with zipfile.ZipFile(path) as z:
        for info in files:
            if info.file_size > MAX_INPUT_BYTES:
                yield info.filename, GrooveLoomError(f"unpacks to {info.file_size >> 20} MB; the most read from one "
                                                     f"file is {MAX_INPUT_BYTES >> 20} MB", info.filename)
                continue
            try:
                with z.open(info) as f:
                    data = read_limited(f, MAX_INPUT_BYTES, info.filename)
            except GrooveLoomError as exc:
                yield info.filename, exc
                continue
            except (zipfile.BadZipFile, OSError, RuntimeError, ValueError, EOFError, NotImplementedError) as exc:
                yield info.filename, GrooveLoomError(f"cannot unpack: {exc}", info.filename)
                continue
            total += len(data)
            if total > MAX_PACK_BYTES:
                raise GrooveLoomError(f"more than {MAX_PACK_BYTES >> 20} MB of MIDI (engine.looppack.MAX_PACK_BYTES)",
                                      path)
            yield info.filename, data


def read_pack_file(pack: str, name: str) -> bytes:
    """The bytes of one file of a pack (folder or .zip), by the name scan_pack gave it."""
    if os.path.isdir(pack):
        for n, data in iter_pack(pack, [os.path.join(pack, name)]):
            if isinstance(data, Exception):
                raise data if isinstance(data, GrooveLoomError) else GrooveLoomError(str(data), name)
            return data
    with zipfile.ZipFile(pack) as z:
        info = z.getinfo(name)
    for n, data in iter_pack(pack, [info]):
        if isinstance(data, Exception):
            raise data
        return data
    raise GrooveLoomError("not in the pack", name)


@dataclass
class _File:
    """A pack file parsed, before it is read through a note map."""
    name: str
    mid: object
    role: str
    counts: Counter           # pitch -> notes
    loudness: dict            # pitch -> mean velocity
    vels: dict                # pitch -> its velocities
    meter: tuple[int, int] | None
    meter_source: str | None
