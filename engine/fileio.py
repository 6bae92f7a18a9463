"""Reading input files with clear errors, and atomic writes (temp file + fsync + rename)."""
from __future__ import annotations

import json
import os
import stat
import tempfile

from .errors import GrooveLoomError, printable

MAX_INPUT_BYTES = 64 * 1024 * 1024    # the most read from one file or zip member (MIDI, project, map, card)
_CHUNK = 1 << 20


def read_input_file(path: str | os.PathLike, error: type[GrooveLoomError] = GrooveLoomError,
                    max_bytes: int = MAX_INPUT_BYTES) -> bytes:
    """The bytes of a regular file, or `error` naming the file: missing, a directory, a device or a pipe
    (nothing waits on one), unreadable, or more than max_bytes (counted while reading: a device says 0)."""
    p = os.fspath(path)
    if not os.path.lexists(p):
        raise error("no such file", p)
    if os.path.isdir(p):
        raise error("is a directory, not a file", p)
    try:
        fd = os.open(p, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_CLOEXEC", 0))
    except OSError as exc:
        raise error(f"cannot read: {exc.strerror or exc}", p) from None
    with os.fdopen(fd, "rb") as f:
        try:
            st = os.fstat(fd)
            if not stat.S_ISREG(st.st_mode):
                raise error("not a regular file (a device, pipe or socket): GrooveLoom reads files", p)
            if st.st_size > max_bytes:
                raise error(_too_big(max_bytes), p)
            return read_limited(f, max_bytes, p, error)
        except OSError as exc:
            raise error(f"cannot read: {exc.strerror or exc}", p) from None


MAX_SIDE_FILE_BYTES = 16 * 1024 * 1024   # a model folder's side file (rolls.json, style_bars.json, ...) or a map


def read_json_file(path: str | os.PathLike, what: str, error: type[GrooveLoomError] = GrooveLoomError,
                   max_bytes: int = MAX_SIDE_FILE_BYTES):
    """A JSON file GrooveLoom reads beside its models (or a user's map): a regular file of at most max_bytes
    (a FIFO or a device is refused at once, never waited on), UTF-8 JSON; else `error` naming the file and
    `what` it is. FileNotFoundError passes for callers that do without the file."""
    if not os.path.lexists(os.fspath(path)):
        raise FileNotFoundError(os.fspath(path))
    data = read_input_file(path, error, max_bytes)
    try:
        return json.loads(data.decode("utf-8"))
    except (UnicodeDecodeError, ValueError, RecursionError) as exc:
        raise error(f"{what} cannot be read ({' '.join(str(exc).split())[:80]})", os.fspath(path)) from None


def read_limited(f, max_bytes: int, name: str, error: type[GrooveLoomError] = GrooveLoomError) -> bytes:
    """Read a stream to its end in chunks, refusing it past max_bytes (before holding more)."""
    parts, total = [], 0
    while True:
        chunk = f.read(_CHUNK)
        if not chunk:
            return b"".join(parts)
        total += len(chunk)
        if total > max_bytes:
            raise error(_too_big(max_bytes), name)
        parts.append(chunk)


def _too_big(max_bytes: int) -> str:
    return (f"larger than {max_bytes // (1024 * 1024)} MB, the most GrooveLoom reads from one file "
            f"(engine.fileio.MAX_INPUT_BYTES)")


class quiet_stderr:
    """Silence file descriptor 2 (C libraries' own messages: LiteRT, FluidSynth, ALSA, libjack; child
    processes') for the duration of a with-block, so a command's only stderr line is its own. With `keep`
    (a function of a line), what was written is kept and the lines it accepts are written after the block."""

    def __init__(self, keep=None):
        self.keep = keep

    def __enter__(self):
        import sys
        import tempfile
        sys.stderr.flush()
        self._saved = os.dup(2)
        self._kept = tempfile.TemporaryFile() if self.keep else None
        sink = os.dup(self._kept.fileno()) if self._kept else os.open(os.devnull, os.O_WRONLY)
        os.dup2(sink, 2)
        os.close(sink)

    def __exit__(self, *exc):
        import sys
        if self._kept is not None:
            sys.stderr.flush()
        os.dup2(self._saved, 2)
        os.close(self._saved)
        if self._kept is not None:
            self._kept.seek(0)
            for line in self._kept.read().decode("utf-8", "replace").splitlines():
                if self.keep(line):
                    print(line, file=sys.stderr)
            self._kept.close()


TMP_MARK = "grooveloom-"     # in every temp file name atomic_writer makes: the sweep takes only these
STALE_TMP_S = 60          # a save's leftover temp file this old (its save was killed) goes at the next save


def atomic_write_bytes(path: str | os.PathLike, data: bytes,
                       error: type[GrooveLoomError] = GrooveLoomError) -> None:
    """Write data to path so that readers see the old file or the whole new one, never a part (see
    atomic_writer)."""
    with atomic_writer(path, error) as f:
        f.write(data)


class atomic_writer:
    """A file object whose content replaces `path` when the with-block ends without an error (temp file +
    fsync + rename; an error leaves the old file as it was). A link is written through (its target is
    replaced); the file gets the mode of the file it replaces, else the umask's; temp files that killed saves
    of this file left behind are removed."""

    def __init__(self, path: str | os.PathLike, error: type[GrooveLoomError] = GrooveLoomError):
        p = os.path.abspath(os.fspath(path))
        if os.path.islink(p):
            p = os.path.realpath(p)
        self.path, self.error = p, error
        self.folder = os.path.dirname(p)
        self.prefix = f".{os.path.basename(p)}.{TMP_MARK}{os.getpid()}-"
        self.tmp = None
        self.file = None

    def __enter__(self):
        p, error = self.path, self.error
        check_output(p, error)
        if not os.path.isdir(self.folder):
            raise error("cannot save: the folder does not exist", p)
        if os.path.isdir(p):
            raise error("cannot save: a folder of that name exists", p)
        try:
            mode = stat.S_IMODE(os.stat(p).st_mode)
        except OSError:
            mode = 0o666 & ~_umask()
        try:
            fd, self.tmp = tempfile.mkstemp(prefix=self.prefix, suffix=".tmp", dir=self.folder)
            self.file = os.fdopen(fd, "wb")
            os.fchmod(fd, mode)
        except OSError as exc:
            self._discard()
            raise error(f"cannot save: {exc.strerror or exc}", p) from None
        return self.file

    def __exit__(self, kind, exc, tb):
        if kind is not None:
            self._discard()
            if isinstance(exc, OSError):
                raise self.error(f"cannot save: {exc.strerror or exc}", self.path) from None
            return False
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            os.replace(self.tmp, self.path)
            self.tmp = None
        except OSError as exc:
            self._discard()
            raise self.error(f"cannot save: {exc.strerror or exc}", self.path) from None
        _remove_stale_temps(self.folder, os.path.basename(self.path))
        return False

    def _discard(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
        if self.tmp is not None:
            try:
                os.unlink(self.tmp)
            except OSError:
                pass
            self.tmp = None


def _umask() -> int:
    mask = os.umask(0o022)
    os.umask(mask)
    return mask


def _remove_stale_temps(folder: str, name: str) -> None:
    """Remove what killed saves of `name` left: only files named as atomic_writer names its temps
    ('.NAME.grooveloom-PID-XXXXXXXX.tmp'), of a process no longer running, older than STALE_TMP_S; never a
    name a user could have given a file ('.song.mid.backup.tmp')."""
    import re
    import time
    own = re.compile(re.escape(f".{name}.{TMP_MARK}") + r"(\d+)-[a-z0-9_]{8}\.tmp")
    try:
        names = os.listdir(folder)
    except OSError:
        return
    for n in names:
        m = own.fullmatch(n)
        if m is None or _running(int(m.group(1))):
            continue
        f = os.path.join(folder, n)
        try:
            st = os.lstat(f)
            if stat.S_ISREG(st.st_mode) and time.time() - st.st_mtime > STALE_TMP_S:
                os.unlink(f)
        except OSError:
            pass


def _running(pid: int) -> bool:
    if pid == os.getpid():
        return False             # this process's own earlier save, killed half-way (an exception): stale
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError, OSError):
        return True
    return True


INPUT_AS_OUTPUT = "the output is an input of this command: write to another name (the input is kept)"
_INPUTS: list[tuple[str, bool]] = []     # (real path, is a folder): the inputs of this process's command


def protect_inputs(*paths) -> None:
    """Name the inputs of the command this process runs (files, folders, zips): from then on no writer
    (check_output, atomic_writer) replaces one, writes inside an input folder, or writes through a link
    onto one."""
    for p in paths:
        if isinstance(p, (str, os.PathLike)) and os.fspath(p) and os.path.exists(p):
            _INPUTS.append((os.path.realpath(p), os.path.isdir(p)))


def check_output(path: str | os.PathLike, error: type[GrooveLoomError] = GrooveLoomError, inputs=()) -> None:
    """Refuse an output that is, or resolves to (links followed), an input of the command (or of `inputs`:
    the window's pack) or a file inside an input folder, or that is not a regular file (a device, FIFO or
    socket: writing would replace or block on it)."""
    real = os.path.realpath(path)
    extra = [(os.path.realpath(p), os.path.isdir(p)) for p in inputs if p and os.path.exists(p)]
    for inp, folder in _INPUTS + extra:
        if real == inp or same_file(real, inp):
            raise error(INPUT_AS_OUTPUT, path)
        if folder and os.path.commonpath([inp, real]) == inp:
            raise error(f"the output lies inside the input folder {printable(inp)}: write outside it (the "
                        f"folder's files are kept)", path)
    try:
        st = os.stat(real)
    except OSError:
        return
    if not stat.S_ISREG(st.st_mode) and not stat.S_ISDIR(st.st_mode):
        raise error("the output is not a regular file (a device, FIFO or socket): name a file", path)


def same_file(a: str | os.PathLike, b: str | os.PathLike) -> bool:
    """Whether two paths name one file (through links), so an output never overwrites its input."""
    try:
        return os.path.samefile(a, b)
    except OSError:
        return os.path.realpath(a) == os.path.realpath(b)
