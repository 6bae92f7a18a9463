"""Reading input files with clear errors, and atomic writes (temp file + fsync + rename)."""
from __future__ import annotations

import os
import tempfile

from .errors import GrooveLoomError

MAX_INPUT_BYTES = 64 * 1024 * 1024


def read_input_file(path: str | os.PathLike, error: type[GrooveLoomError] = GrooveLoomError,
                    max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a file, or `error` naming the file: missing, a directory, unreadable, too large."""
    p = os.fspath(path)
    if not os.path.exists(p):
        raise error("no such file", p)
    if os.path.isdir(p):
        raise error("is a directory, not a file", p)
    try:
        size = os.path.getsize(p)
        if size > max_bytes:
            raise error(f"file is {size / 1e6:.1f} MB; the most accepted is {max_bytes / 1e6:.0f} MB", p)
        with open(p, "rb") as f:
            return f.read()
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", p) from None


def atomic_write_bytes(path: str | os.PathLike, data: bytes,
                       error: type[GrooveLoomError] = GrooveLoomError) -> None:
    """Write data to path so that readers see the old file or the whole new one, never a part."""
    p = os.path.abspath(os.fspath(path))
    folder = os.path.dirname(p)
    if not os.path.isdir(folder):
        raise error("cannot save: the folder does not exist", p)
    if os.path.isdir(p):
        raise error("cannot save: a folder of that name exists", p)
    tmp = None
    try:
        fd, tmp = tempfile.mkstemp(prefix="." + os.path.basename(p) + ".", suffix=".tmp", dir=folder)
        with os.fdopen(fd, "wb") as f:
            f.write(data)
            f.flush()
            os.fsync(f.fileno())
        os.replace(tmp, p)
        tmp = None
    except OSError as exc:
        raise error(f"cannot save: {exc.strerror or exc}", p) from None
    finally:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
