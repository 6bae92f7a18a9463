"""Red-team runner for hostile and huge input.

Every CLI run must either succeed (exit status 0) within 30 s and under 1 GB peak RSS, or fail cleanly:
exit status 2 with exactly one line on stderr that starts with 'error: '. Never status 1 (an internal
error), never a Python traceback, never more than one stderr line, never over the memory cap or the time
limit. Some cases add checks of their own (an input file left unchanged, no formula cells in index.csv,
nothing written outside the output folder, no raw terminal escapes echoed back).

    python tests/hostile.py                 the quick set
    python tests/hostile.py --full          every byte flip and truncation, more members in the zip bomb
    python tests/hostile.py --only zip      the cases whose name holds 'zip'

The inputs are built in a temporary folder (devices, a FIFO, symlinks, a sparse 3 GiB file, zip bombs,
damaged MIDI files and .groove projects, mutated model cards). Exit status 1 when any case violates.
"""
from __future__ import annotations

import argparse
import csv
import glob
import json
import os
import random
import shutil
import signal
import struct
import subprocess
import sys
import tempfile
import time
import zipfile
import zlib
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import mido

ROOT = Path(__file__).resolve().parent.parent
MAIN = ROOT / "main.py"
MODELS = ROOT / "resources" / "models"
TIMEOUT = 30.0
RSS_CAP_MB = 1024
CHILD_ENV = {"QT_QPA_PLATFORM": "offscreen", "TF_CPP_MIN_LOG_LEVEL": "3", "GROOVELOOM_AUDIO_DRIVER": "null"}
_KEEP_OUTPUT = 1 << 20          # bytes of stdout/stderr kept per run
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0


# ---- running one case ------------------------------------------------------------------------------

def _descendants(pid: int) -> list[int]:
    """pid and every process below it (via /proc/<pid>/task/*/children)."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        try:
            tasks = os.listdir(f"/proc/{p}/task")
        except OSError:
            continue
        for t in tasks:
            try:
                with open(f"/proc/{p}/task/{t}/children") as f:
                    todo += [int(c) for c in f.read().split()]
            except (OSError, ValueError):
                pass
    return out


def _status_kb(pid: int, field: str = "VmRSS") -> int:
    """A memory figure of /proc/PID/status in kB (VmRSS now, VmHWM the peak since exec); 0 when gone."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(field + ":"):
                    return int(line.split()[1])
    except (OSError, ValueError, IndexError):
        pass
    return 0


def tree_rss_mb(pid: int) -> float:
    return sum(_status_kb(p) for p in _descendants(pid)) / 1024


def _kill_group(pgid: int) -> None:
    try:
        os.killpg(pgid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass


def _read_back(f) -> str:
    f.seek(0, os.SEEK_END)
    size = f.tell()
    f.seek(0)
    data = f.read(_KEEP_OUTPUT)
    text = data.decode("utf-8", errors="replace")
    if size > _KEEP_OUTPUT:
        text += f"\n[... {size - _KEEP_OUTPUT} more bytes]"
    return text


def run_case(argv: list[str], *, timeout: float = TIMEOUT, rss_cap_mb: float = RSS_CAP_MB,
             cwd: str | os.PathLike | None = None, env: dict | None = None) -> dict:
    """Run `python main.py ARGV` in its own process group, watching its memory (the process and its
    children, every ~20 ms) and its time; kill the group past rss_cap_mb or timeout.
    -> {argv, rc, stdout, stderr, peak_rss_mb, seconds, killed_for ('memory' | 'timeout' | None),
        timeout, rss_cap_mb}"""
    full_env = dict(os.environ)
    full_env.update(CHILD_ENV)
    if env:
        full_env.update(env)
    cmd = [sys.executable, str(MAIN)] + [str(a) for a in argv]
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        t0 = time.monotonic()
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, stdout=out, stderr=err, cwd=cwd or tempfile.gettempdir(),
                                env=full_env, start_new_session=True)
        peak, killed, status, usage = 0.0, None, None, None
        try:
            while True:
                pid, st, ru = os.wait4(proc.pid, os.WNOHANG)
                if pid:
                    status, usage = st, ru
                    break
                rss = tree_rss_mb(proc.pid)
                peak = max(peak, rss, _status_kb(proc.pid, "VmHWM") / 1024)
                if killed is None:
                    if rss > rss_cap_mb:
                        killed = "memory"
                    elif time.monotonic() - t0 > timeout:
                        killed = "timeout"
                    if killed:
                        _kill_group(proc.pid)
                time.sleep(0.02)
        finally:
            if status is None:       # interrupted: leave nothing running
                _kill_group(proc.pid)
                _, status, usage = os.wait4(proc.pid, 0)
            seconds = time.monotonic() - t0
            _kill_group(proc.pid)    # whatever it left behind in its group
        rc = os.waitstatus_to_exitcode(status)
        proc.returncode = rc
        # (not wait4's ru_maxrss: a child forked from a big test process inherits its high-water mark
        # through exec; VmHWM, polled above, counts from the exec)
        return {"argv": [str(a) for a in argv], "rc": rc, "stdout": _read_back(out), "stderr": _read_back(err),
                "peak_rss_mb": round(peak, 1), "seconds": round(seconds, 2), "killed_for": killed,
                "timeout": timeout, "rss_cap_mb": rss_cap_mb}


def _lines(text: str) -> list[str]:
    return text.replace("\r\n", "\n").replace("\r", "\n").rstrip("\n").split("\n") if text else []


def violations(result: dict) -> list[str]:
    """The contract, as readable strings (empty: the run kept it)."""
    v = []
    cap, limit = result.get("rss_cap_mb", RSS_CAP_MB), result.get("timeout", TIMEOUT)
    if result["killed_for"] == "memory":
        v.append(f"over the memory cap: killed at {result['peak_rss_mb']:.0f} MB (cap {cap:.0f} MB)")
    elif result["killed_for"] == "timeout":
        v.append(f"timeout: still running after {limit:g} s (killed)")
    else:
        if result["peak_rss_mb"] > cap:
            v.append(f"peak RSS {result['peak_rss_mb']:.0f} MB over the {cap:.0f} MB cap")
        if result["seconds"] > limit:
            v.append(f"took {result['seconds']:.1f} s, over {limit:g} s")
    rc = result["rc"]
    if result["killed_for"] is None:
        if rc == 1:
            v.append("exit status 1 (internal error)")
        elif rc < 0:
            v.append(f"killed by signal {-rc} ({_signal_name(-rc)})")
        elif rc not in (0, 2):
            v.append(f"exit status {rc} (want 0 or 2)")
    if "Traceback (most recent call last)" in result["stderr"] + result["stdout"]:
        v.append("a Python traceback in the output")
    if rc == 2 and result["killed_for"] is None:
        lines = _lines(result["stderr"])
        if len(lines) != 1:
            v.append(f"{len(lines)} lines on stderr (want exactly one 'error: ...' line)")
        if not lines or not lines[0].startswith("error: "):
            v.append("stderr does not start with 'error: '")
    return v


def _signal_name(n: int) -> str:
    try:
        return signal.Signals(n).name
    except ValueError:
        return "?"


# ---- cases -----------------------------------------------------------------------------------------

Check = Callable[[dict], list]


@dataclass
class Case:
    name: str
    argv: list
    timeout: float = TIMEOUT
    checks: list = field(default_factory=list)   # extra checks: result -> list of violation strings
    skip: str | None = None                      # why the case does not run here


def check_case(case: Case, result: dict) -> list[str]:
    v = violations(result)
    for chk in case.checks:
        try:
            v += chk(result)
        except Exception as exc:   # a check that breaks is a finding, not a crash of the runner
            v.append(f"check {getattr(chk, '__name__', chk)} failed: {type(exc).__name__}: {exc}")
    return v


def make_midi(path, notes, *, ppq: int = 480, channel: int = 9, tempo: float | None = 120.0,
              meter: tuple[int, int] | None = (4, 4), end_tick: int | None = None, meta=(),
              length: int = 60) -> Path:
    """A type-1 MIDI file: a conductor track (meter, tempo, extra meta) and a drum track.
    notes: (tick, note, velocity)."""
    mid = mido.MidiFile(type=1, ticks_per_beat=ppq)
    cond = mido.MidiTrack()
    if meter:
        cond.append(mido.MetaMessage("time_signature", numerator=meter[0], denominator=meter[1]))
    if tempo:
        cond.append(mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo)))
    for m in meta:
        cond.append(m)
    cond.append(mido.MetaMessage("end_of_track"))
    ev = []
    for t, n, v in notes:
        ev.append((t, 1, n, mido.Message("note_on", channel=channel, note=n, velocity=v)))
        ev.append((t + length, 0, n, mido.Message("note_off", channel=channel, note=n, velocity=0)))
    ev.sort(key=lambda e: (e[0], e[1], e[2]))
    drums, last = mido.MidiTrack(), 0
    for t, _, _, m in ev:
        drums.append(m.copy(time=t - last))
        last = t
    drums.append(mido.MetaMessage("end_of_track", time=max(0, (end_tick or last) - last)))
    mid.tracks += [cond, drums]
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    mid.save(str(path))
    return path


def groove_notes(bars: int, ppq: int = 480, *, sparse: bool = False, variant: int = 0):
    """A rock beat (kick 1 and 3, snare 2 and 4, 8th hats); sparse: one kick a bar."""
    bar, notes = 4 * ppq, []
    for b in range(bars):
        if sparse:
            notes.append((b * bar, 36, 100))
            continue
        for s in range(8):
            t = b * bar + s * ppq // 2
            notes.append((t, 42 if variant % 2 == 0 else 51, 90))
            if s in ((0, 4) if variant < 2 else (0, 3, 5)):
                notes.append((t, 36, 110))
            if s in (2, 6):
                notes.append((t, 38, 105))
    return notes


def _patch(src: Path, dst: Path, old: bytes, new: bytes) -> Path:
    data = src.read_bytes()
    assert old in data, f"{old!r} not in {src}"
    dst.write_bytes(data.replace(old, new, 1))
    return dst


def _marker_midi(path: Path, marker_text: str) -> Path:
    return make_midi(path, groove_notes(2), meta=[mido.MetaMessage("text", text=marker_text)])


def _deflate_zeros(total: int, chunk: int = 1 << 20) -> tuple[bytes, int]:
    """Raw deflate data of `total` zero bytes, fast: each 1 MB block is compressed once and repeated (a full
    flush makes every block independent). -> (compressed, crc32)."""
    co = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = co.compress(bytes(chunk)) + co.flush(zlib.Z_FULL_FLUSH)
    tail = co.flush(zlib.Z_FINISH)
    crc, zeros = 0, bytes(chunk)
    for _ in range(total // chunk):
        crc = zlib.crc32(zeros, crc)
    return block * (total // chunk) + tail, crc


def write_zip_bomb(path: Path, members: list[str], member_bytes: int, extra: dict[str, bytes] = ()) -> Path:
    """A zip whose members each inflate to member_bytes zeros (deflated; written by hand, sizes < 4 GiB so no
    zip64 is needed), plus `extra` small members stored as they are."""
    comp, crc = _deflate_zeros(member_bytes)
    assert member_bytes < 0xFFFFFFFF and len(comp) < 0xFFFFFFFF
    entries = [(n.encode(), 8, crc, comp, member_bytes) for n in members]
    entries += [(n.encode(), 0, zlib.crc32(d), d, len(d)) for n, d in dict(extra).items()]
    out, central = bytearray(), bytearray()
    for name, method, c, data, usize in entries:
        offset = len(out)
        out += struct.pack("<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0x21, c, len(data), usize, len(name), 0)
        out += name + data
        central += struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, 20, 0, method, 0, 0x21, c, len(data), usize,
                               len(name), 0, 0, 0, 0, 0, offset) + name
    cd_off = len(out)
    out += central + struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, len(entries), len(entries), len(central), cd_off, 0)
    path.write_bytes(bytes(out))
    return path


def _index_csv_cells_safe(out_dir: Path) -> Check:
    def no_formula_cells(result: dict) -> list[str]:
        index = out_dir / "index.csv"
        if result["rc"] != 0 or not index.exists():
            return []
        bad = []
        with open(index, newline="", encoding="utf-8", errors="replace") as f:
            for row in csv.reader(f):
                bad += [c for c in row if c[:1] in ("=", "+", "-", "@")]
        return [f"index.csv: a cell starts with a formula character: {bad[0]!r}"] if bad else []
    return no_formula_cells


def _not_created(paths: list[Path]) -> Check:
    existed = {p for p in paths if os.path.lexists(p)}

    def nothing_outside(result: dict) -> list[str]:
        new = [str(p) for p in paths if p not in existed and os.path.lexists(p)]
        return [f"wrote outside the output folder: {', '.join(new)}"] if new else []
    return nothing_outside


def _no_raw_escapes(result: dict) -> list[str]:
    if "\x1b" in result["stdout"] + result["stderr"]:
        return ["a raw terminal escape (ESC) from a file name echoed to the terminal"]
    return []


def _unchanged(path: Path) -> Check:
    before = path.read_bytes()

    def input_unchanged(result: dict) -> list[str]:
        v = []
        if result["rc"] != 2:
            v.append(f"writing over the input must be refused with status 2, got {result['rc']}")
        if not path.exists() or path.read_bytes() != before:
            v.append("the input file was changed")
        return v
    return input_unchanged


def _want_status(rc: int) -> Check:
    def status(result: dict) -> list[str]:
        return [] if result["rc"] == rc else [f"want exit status {rc}, got {result['rc']}"]
    return status


def _save_groove(midi: Path, dst: Path) -> dict:
    """A real .groove project of the MIDI file, saved by the engine (in a child process: the runner never
    imports the code under test); its JSON."""
    code = ("import sys; from engine.midi import read_midi; "
            "from engine.project import project_from_pattern, save_project; "
            "save_project(project_from_pattern(read_midi(sys.argv[1]).pattern), sys.argv[2])")
    try:
        subprocess.run([sys.executable, "-c", code, str(midi), str(dst)], cwd=ROOT, check=True, timeout=60,
                       env={**os.environ, **CHILD_ENV}, capture_output=True)
        return json.loads(dst.read_text())
    except (subprocess.SubprocessError, OSError, ValueError):   # the engine is broken: the format by hand
        d = {"format": "grooveloom-project", "version": 2, "current": 0, "patterns": [{
            "name": "Pattern 1", "meter": [4, 4], "grid": 16, "bars": 2, "tempo": 120.0, "swing": 0.5,
            "swing_unit": 16, "rows": [{"name": n, "note": k, "length": None, "hits": [[s, 100] for s in steps]}
                                       for n, k, steps in (("Kick", 36, (0, 8, 16, 24)), ("Snare", 38, (4, 12, 20, 28)),
                                                           ("Closed Hat", 42, range(0, 32, 2)))]}],
            "mixer": {"master": 0.8, "metronome": False, "count_in": False, "kit": None, "soundfont": None,
                      "humanize_ms": 0.0, "humanize_velocity": 0, "humanize_seed": 0, "rows": {}},
            "generation": {"bars": 4, "temperature": 1.0, "variation": 0.5, "variations": 4, "style": "rock",
                           "seed": None, "locked_notes": []}, "arrangement": []}
        dst.write_text(json.dumps(d, indent=1))
        return d


def _pack(folder: Path) -> Path:
    """A small loop pack augment can recombine: kit loops and part loops."""
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(4):
        make_midi(folder / f"kit_groove_{i}.mid", groove_notes(1, variant=i))
    make_midi(folder / "kick_part.mid", [(t * 240, 36, 110) for t in (0, 3, 8, 10)], end_tick=1920)
    make_midi(folder / "snare_part.mid", [(t * 240, 38, 100) for t in (2, 6)], end_tick=1920)
    return folder


def build_cases(tmp: Path, quick: bool = True) -> list[Case]:
    """Every hostile case, its inputs made under tmp."""
    tmp = Path(tmp)
    inp, out = tmp / "in", tmp / "out"
    inp.mkdir(parents=True, exist_ok=True)
    out.mkdir(parents=True, exist_ok=True)
    cases: list[Case] = []

    def add(name, argv, **kw):
        cases.append(Case(name, [str(a) for a in argv], **kw))

    valid = make_midi(inp / "valid.mid", groove_notes(2))
    raw = valid.read_bytes()
    add("baseline-info-valid", ["info", valid])

    # ---- devices and special files ----
    add("info-dev-zero", ["info", "/dev/zero"])
    add("info-dev-urandom", ["info", "/dev/urandom"])
    fifo = inp / "fifo.mid"
    os.mkfifo(fifo)
    add("info-fifo", ["info", fifo])
    (inp / "folder.mid").mkdir()
    add("info-directory", ["info", inp / "folder.mid"])
    add("info-missing", ["info", inp / "missing.mid"])
    (inp / "empty.mid").write_bytes(b"")
    add("info-empty-mid", ["info", inp / "empty.mid"])
    (inp / "empty.groove").write_bytes(b"")
    add("info-empty-groove", ["info", inp / "empty.groove"])
    add("augment-dev-zero", ["augment", "/dev/zero", "-o", out / "aug_zero"])        # a pack that is a device
    add("augment-fifo", ["augment", fifo, "-o", out / "aug_fifo"])
    add("map-dev-zero", ["map", "/dev/zero", "-o", out / "map.png"])
    add("similar-missing-collection", ["similar", valid, inp / "missing_dir"])
    link_pack = _pack(inp / "pack_devzero")
    os.symlink("/dev/zero", link_pack / "x.mid")
    add("augment-symlink-devzero", ["augment", link_pack, "-o", out / "aug_devzero"])
    outside = make_midi(inp / "outside.mid", groove_notes(1, variant=3))
    link_pack2 = _pack(inp / "pack_outlink")
    os.symlink(outside, link_pack2 / "linked_outside.mid")
    add("augment-symlink-outside", ["augment", link_pack2, "-o", out / "aug_outlink"])
    big = inp / "big.mid"
    with open(big, "wb") as f:
        f.truncate(3 << 30)
    add("info-sparse-3gib", ["info", big])
    add("render-sparse-3gib", ["render", big, "-o", out / "big.wav"])
    big_pack = _pack(inp / "pack_big")
    with open(big_pack / "big.mid", "wb") as f:
        f.truncate(3 << 30)
    add("augment-sparse-3gib-in-pack", ["augment", big_pack, "-o", out / "aug_big"])

    # ---- zips ----
    pack_files = {p.name: p.read_bytes() for p in sorted(_pack(inp / "pack_plain").iterdir())}
    bomb = write_zip_bomb(inp / "bomb.zip", ["bomb_a.mid"] + ([] if quick else ["bomb_b.mid", "bomb_c.mid"]),
                          2 << 30, extra=pack_files)
    add("augment-zip-bomb-2gb", ["augment", bomb, "-o", out / "aug_bomb"])
    small_bomb = write_zip_bomb(inp / "bomb300.zip", [f"kick_{i}.mid" for i in range(4 if quick else 8)],
                                300 << 20, extra=pack_files)
    add("augment-zip-bomb-300mb-x-many", ["augment", small_bomb, "-o", out / "aug_bomb300"])
    good_zip = inp / "good.zip"
    with zipfile.ZipFile(good_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, d in pack_files.items():
            zf.writestr(n, d)
    add("baseline-augment-zip", ["augment", good_zip, "-o", out / "aug_good"])
    zdata = good_zip.read_bytes()
    (inp / "truncated.zip").write_bytes(zdata[:len(zdata) // 2])
    add("augment-zip-truncated", ["augment", inp / "truncated.zip", "-o", out / "aug_trunc"])
    (inp / "random.zip").write_bytes(random.Random(15).randbytes(64 << 10))
    add("augment-zip-random-bytes", ["augment", inp / "random.zip", "-o", out / "aug_random"])
    (inp / "random_pk.zip").write_bytes(b"PK\x03\x04" + random.Random(16).randbytes(64 << 10)
                                        + b"PK\x05\x06" + bytes(18))
    add("augment-zip-random-pk-headers", ["augment", inp / "random_pk.zip", "-o", out / "aug_random_pk"])
    names_zip = inp / "names.zip"
    hostile_names = {"../../escaped.mid": "kit_groove_0.mid", "\x1b[31mred_kick.mid": "kick_part.mid",
                     "new\nline_snare.mid": "snare_part.mid", "=cmd|calc!A1.mid": "kit_groove_1.mid",
                     "+SUM(1)_kit.mid": "kit_groove_2.mid", "@evil_kit.mid": "kit_groove_3.mid",
                     "-2+3_kick.mid": "kick_part.mid"}
    with zipfile.ZipFile(names_zip, "w", zipfile.ZIP_DEFLATED) as zf:
        for n, src in hostile_names.items():
            zf.writestr(zipfile.ZipInfo(n), pack_files[src])
    names_out = out / "aug_names"
    add("augment-zip-hostile-names", ["augment", names_zip, "-o", names_out, "-n", "50"],
        checks=[_index_csv_cells_safe(names_out), _no_raw_escapes,
                _not_created([tmp / "escaped.mid", out / "escaped.mid", tmp.parent / "escaped.mid"])])
    formula_pack = inp / "pack_formula"
    for n, src in hostile_names.items():
        if "/" not in n and "\n" not in n:
            (formula_pack / n).parent.mkdir(parents=True, exist_ok=True)
            (formula_pack / n).write_bytes(pack_files[src])
    formula_out = out / "aug_formula"
    add("augment-folder-formula-names", ["augment", formula_pack, "-o", formula_out, "-n", "50"],
        checks=[_index_csv_cells_safe(formula_out), _no_raw_escapes])

    # ---- MIDI mutations ----
    tempo_ev = b"\xff\x51\x03" + mido.bpm2tempo(120).to_bytes(3, "big")
    ts_ev = b"\xff\x58\x04\x04\x02\x18\x08"
    add("midi-tempo-0", ["info", _patch(valid, inp / "tempo0.mid", tempo_ev, b"\xff\x51\x03\x00\x00\x00")])
    add("render-midi-tempo-0", ["render", inp / "tempo0.mid", "-o", out / "tempo0.wav"])
    for label, nn, dd in (("32-1", 32, 0), ("0-4", 0, 2), ("4-0 (dd=0)", 4, 0), ("4-2^255", 4, 255),
                          ("255-4", 255, 2)):
        f = _patch(valid, inp / f"ts_{nn}_{dd}.mid", ts_ev, bytes([0xFF, 0x58, 4, nn, dd, 0x18, 8]))
        add(f"midi-meter-{label}", ["info", f])
    add("render-midi-meter-32-1", ["render", inp / "ts_32_0.mid", "-o", out / "ts32.wav"])
    note_on = bytes([0x99, 42, 90])
    add("midi-velocity-byte-200", ["info", _patch(valid, inp / "vel200.mid", note_on, bytes([0x99, 42, 200]))])
    add("midi-note-byte-200", ["info", _patch(valid, inp / "note200.mid", note_on, bytes([0x99, 200, 90]))])
    edge = make_midi(inp / "pitch_0_127.mid", [(0, 0, 100), (480, 127, 100), (960, 0, 1), (1440, 127, 127)],
                     end_tick=1920)
    add("midi-pitch-0-127-info", ["info", edge])
    add("midi-pitch-0-127-convert", ["convert", edge, "-o", out / "pitch_0_127.mid"])
    add("midi-pitch-0-127-render", ["render", edge, "-o", out / "pitch_0_127.wav"])
    long20 = make_midi(inp / "bars1024_20bpm.mid", groove_notes(1024, sparse=True), tempo=20, end_tick=1024 * 1920)
    long120 = make_midi(inp / "bars1024_120bpm.mid", groove_notes(1024), tempo=120, end_tick=1024 * 1920)
    add("render-1024-bars-20bpm", ["render", long20, "-o", out / "long20.wav"])
    add("render-1024-bars-120bpm", ["render", long120, "-o", out / "long120.wav"])
    add("info-1024-bars-120bpm", ["info", long120])
    add("continue-1024-bars", ["continue", long120, "-o", out / "long_cont.mid"])
    add("render-loops-1000", ["render", valid, "-o", out / "loops.wav", "--loops", "1000"])
    tracks = bytearray(raw)
    tracks[10:12] = (40000).to_bytes(2, "big")
    first_end = 14 + 8 + int.from_bytes(raw[18:22], "big")   # header, then the first track only
    (inp / "tracks40000.mid").write_bytes(bytes(tracks[:first_end]))
    add("midi-header-40000-tracks", ["info", inp / "tracks40000.mid"])
    ppq0 = bytearray(raw)
    ppq0[12:14] = b"\x00\x00"
    (inp / "ppq0.mid").write_bytes(bytes(ppq0))
    add("midi-ppq-0", ["info", inp / "ppq0.mid"])
    smpte = bytearray(raw)
    smpte[12:14] = b"\xe7\x28"
    (inp / "smpte.mid").write_bytes(bytes(smpte))
    add("midi-smpte-division", ["info", inp / "smpte.mid"])

    # markers: the JSON GrooveLoom writes into a text meta event (engine.midi.MARKER_PREFIX)
    prefix = "GrooveLoom "
    rows = [["Kick", 36, None], ["Snare", 38, None], ["Closed Hat", 42, None]]
    marker_cases = {
        "1000-rows": {"version": 1, "grid": 16, "rows": [[f"r{i}", i % 128, None] for i in range(1000)]},
        "meter-32-1": {"version": 1, "grid": 16, "meter": [32, 1], "rows": rows},
        "key-superscript-2": {"version": 1, "²": 2, "grid": 16, "rows": [["Kick", "²", None], ["Snare", 38, "²"]]},
        "same-note-twice": {"version": 1, "grid": 16, "rows": [["Kick", 36, None], ["Kick 2", 36, None]] + rows[1:]},
        "row-length-huge": {"version": 1, "grid": 16, "rows": [["Kick", 36, 1e308], ["Snare", 38, -1]]},
        "swing-nan": {"version": 1, "grid": 16, "swing": float("nan"), "rows": rows},
    }
    for label, d in marker_cases.items():
        f = _marker_midi(inp / f"marker_{label}.mid", prefix + json.dumps(d))
        add(f"marker-{label}", ["info", f])
    big_int = json.dumps({"version": 1, "grid": "__G__", "rows": [["Kick", "__N__", None]]})
    f = _marker_midi(inp / "marker_bigint.mid", prefix + big_int.replace('"__G__"', "9" * 5000)
                     .replace('"__N__"', "7" * 5000))
    add("marker-bigint-5000-digits", ["info", f])
    add("marker-same-note-twice-convert", ["convert", inp / "marker_same-note-twice.mid", "-o", out / "same_note.mid"])
    add("marker-same-note-twice-render", ["render", inp / "marker_same-note-twice.mid", "-o", out / "same_note.wav"])
    add("marker-1000-rows-render", ["render", inp / "marker_1000-rows.mid", "-o", out / "rows1000.wav"])
    f = _marker_midi(inp / "marker_nested.mid", prefix + "[" * 100000)
    add("marker-nested-100k", ["info", f])
    f = _marker_midi(inp / "marker_nested_dict.mid", prefix + '{"rows":' + "[" * 100000)
    add("marker-nested-100k-in-rows", ["info", f])

    rng = random.Random(1515)
    flips = 30 if quick else 300
    for i in range(flips):
        data = bytearray(raw)
        for _ in range(rng.randint(1, 8)):
            data[rng.randrange(len(data))] = rng.randrange(256)
        f = inp / f"flip_{i:03d}.mid"
        f.write_bytes(bytes(data))
        add(f"midi-byte-flip-{i:03d}", ["info", f])
    cuts = list(range(7, len(raw), 7))
    if quick:
        cuts = [cuts[round(k * (len(cuts) - 1) / 19)] for k in range(20)] if len(cuts) > 20 else cuts
    for n in cuts:
        f = inp / f"trunc_{n:05d}.mid"
        f.write_bytes(raw[:n])
        add(f"midi-truncated-at-{n}", ["info", f])

    # ---- .groove projects ----
    proj = _save_groove(valid, inp / "valid.groove")
    add("baseline-info-groove", ["info", inp / "valid.groove"])

    def groove(label: str, mutate=None, text: str | None = None) -> Path:
        p = inp / f"{label}.groove"
        if text is None:
            d = json.loads(json.dumps(proj))
            mutate(d)
            text = json.dumps(d)
        p.write_text(text)
        return p

    def pat(d):
        return d["patterns"][0]

    g = groove("bars1024_20bpm", lambda d: pat(d).update(bars=1024, tempo=20))
    add("groove-1024-bars-20bpm-render", ["render", g, "-o", out / "groove_long.wav"])
    add("groove-1024-bars-20bpm-info", ["info", g])
    g = groove("huge_dims", lambda d: pat(d).update(
        bars=1024, meter=[32, 1], grid=64,
        rows=[{"name": f"r{n}", "note": n, "length": None, "hits": [[n, 100]]} for n in range(128)]))
    add("groove-huge-dims-32-1-grid64-1024bars-128rows", ["info", g])
    add("groove-huge-dims-render", ["render", g, "-o", out / "huge_dims.wav"])
    g = groove("claims_5m_bars", lambda d: pat(d).update(bars=5_000_000))
    add("groove-bars-5000000", ["info", g])
    g = groove("hit_step_huge", lambda d: pat(d)["rows"][0]["hits"].append([2 ** 62, 10 ** 18]))
    add("groove-hit-step-2^62", ["info", g])
    if not quick:
        g = groove("rows_5m", text=json.dumps({**proj, "patterns": [{**pat(proj), "rows": "ROWS"}]})
                   .replace('"ROWS"', "[" + ",".join(["0"] * 5_000_000) + "]"))
        add("groove-5000000-rows", ["info", g])
    def rolled(roll):
        def mutate(d):
            row = pat(d)["rows"][0]
            row["hits"] = [[h[0], h[1], roll] for h in row["hits"]] or [[0, 100, roll]]
        return mutate
    for label, roll in (("repeats-1e9", {"repeats": 10 ** 9}), ("repeats-5", {"repeats": 5}),
                        ("repeats-string", {"repeats": "8"}), ("repeats-float-nan", {"repeats": float("nan")}),
                        ("shape-unknown", {"repeats": 4, "shape": "sideways"}), ("flam-string", {"flam": "yes"}),
                        ("not-object", [8, "up"]), ("extra-key", {"repeats": 2, "ratchet": 1}),
                        ("nested", {"repeats": {"repeats": 2}})):
        add(f"groove-roll-{label}", ["info", groove(f"roll_{label}", rolled(roll))])
    g = groove("roll_every_hit_x8", rolled({"repeats": 8, "shape": "up", "flam": True}))
    add("groove-roll-every-hit-x8-render", ["render", g, "-o", out / "rolled.wav"])
    g = groove("seed_negative", lambda d: d["mixer"].update(humanize_seed=-1, humanize_ms=5.0))
    add("groove-humanize-seed-negative-render", ["render", g, "-o", out / "seed_neg.wav"])
    g = groove("seed_huge", lambda d: d["mixer"].update(humanize_seed=2 ** 200, humanize_ms=5.0))
    add("groove-humanize-seed-2^200-render", ["render", g, "-o", out / "seed_huge.wav"])
    add("groove-nested-100k", ["info", groove("nested", text="[" * 100000)])
    add("groove-nested-100k-in-field", ["info", groove("nested_field", text='{"format": ' + "[" * 100000)])
    add("groove-tempo-0", ["info", groove("tempo0", lambda d: pat(d).update(tempo=0))])
    add("groove-tempo-nan", ["info", groove("tempo_nan", lambda d: pat(d).update(tempo=float("nan")))])
    add("groove-huge-int-5000-digits", ["info", groove("huge_int", text=json.dumps(
        {**proj, "patterns": [{**pat(proj), "bars": "__HUGE__"}]}).replace('"__HUGE__"', "9" * 5000))])
    add("groove-huge-float-1e999", ["info", groove("huge_float", text=json.dumps(
        {**proj, "mixer": {**proj["mixer"], "master": "__HUGE__"}}).replace('"__HUGE__"', "1e999"))])
    for label, text in (("list", "[1, 2, 3]"), ("string", '"grooveloom-project"'), ("null", "null"),
                        ("number", "42")):
        add(f"groove-root-{label}", ["info", groove(f"root_{label}", text=text)])
    add("groove-mixer-key-superscript-2", ["info", groove("mixer_sup2", lambda d: d["mixer"].update(
        rows={"²": {"volume": 1.0}}))])
    add("groove-patterns-not-dicts", ["info", groove("patterns_ints", lambda d: d.update(patterns=[1, 2]))])
    add("groove-binary", ["info", groove("binary", text=random.Random(7).randbytes(4096).decode("latin-1"))])
    add("groove-arrangement-huge-render-song", ["render", groove("arrangement", lambda d: d.update(
        arrangement=[[0, 64]] * 5000)), "--song", "-o", out / "song.wav"])
    add("groove-arrangement-2000x64-convert-song", ["convert", groove("arrangement2000", lambda d: d.update(
        arrangement=[[0, 64]] * 2000)), "--song", "-o", out / "song2000.mid"], checks=[_want_status(2)])

    def every_cell_rolled(d):               # 32/1 on a 64 grid, 16 bars, 4 rows: every step hit, x8 + flam
        p = pat(d)
        p.update(meter=[32, 1], grid=64, bars=16)
        steps = 32 * 64 * 16
        p["rows"] = [{"name": f"R{k}", "note": 36 + k, "length": None,
                      "hits": [[s, 100, {"repeats": 8, "flam": True}] for s in range(steps)]} for k in range(4)]
    g = groove("every_cell_rolled", every_cell_rolled)
    add("groove-every-cell-rolled-info", ["info", g])
    for cmd in (["convert", g, "-o", out / "rolled_all.mid"], ["render", g, "-o", out / "rolled_all.wav"]):
        add(f"groove-every-cell-rolled-{cmd[0]}", cmd, checks=[_want_status(2)])
    many = inp / "notes_3.4m.mid"          # 10 MB: 3.4 million notes in running status
    body = b"\x00\x99\x24\x64" + b"\x00\x24\x64" * 3_400_000 + b"\x00\xff\x2f\x00"
    many.write_bytes(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(body)) + body)
    add("midi-3.4m-notes-info", ["info", many], checks=[_want_status(2)])
    if not quick:
        sysex = inp / "sysex_63mb.mid"
        body = b"\x00\xf0\x9e\x85\x9b\x40" + b"\x01" * (63_000_000 - 1) + b"\xf7\x00\xff\x2f\x00"
        sysex.write_bytes(b"MThd" + struct.pack(">IHHH", 6, 0, 1, 480) + b"MTrk" + struct.pack(">I", len(body)) + body)
        add("midi-63mb-sysex-info", ["info", sysex], checks=[_want_status(2)])

    # ---- CLI option edges ----
    for v in ("0", "nan", "inf", "1e9", "-120"):
        add(f"generate-tempo-{v}", ["generate", "-o", out / f"gen_tempo_{v}.mid", "--tempo", v])
    for v in ("0", "1", "nan", "inf"):
        add(f"convert-swing-{v}", ["convert", valid, "-o", out / f"swing_{v}.mid", "--swing", v])
    for v in ("nan", "inf", "1e9", "-1"):
        add(f"render-tail-{v}", ["render", valid, "-o", out / f"tail_{v}.wav", "--tail", v])
    add("render-humanize-ms-nan", ["render", valid, "-o", out / "hum_nan.wav", "--humanize-ms", "nan"])
    add("render-loops-0", ["render", valid, "-o", out / "loops0.wav", "--loops", "0"])
    add("render-loops-1e9", ["render", valid, "-o", out / "loops1e9.wav", "--loops", "1000000000"])
    add("render-seed--1", ["render", valid, "-o", out / "seed_m1.wav", "--seed", "-1", "--humanize-ms", "5"])
    add("continue-seed--1", ["continue", valid, "-o", out / "cont_seed_m1.mid", "--seed", "-1"])
    add("generate-seed--1", ["generate", "-o", out / "gen_seed_m1.mid", "--seed", "-1"])
    add("generate-seed-2^200", ["generate", "-o", out / "gen_seed_big.mid", "--seed", str(2 ** 200)])
    add("generate-temperature-nan", ["generate", "-o", out / "gen_temp_nan.mid", "--temperature", "nan"])
    add("continue-bars-1e9", ["continue", valid, "-o", out / "cont_bars.mid", "--bars", "1000000000"])
    add("fill-bar-1e9", ["fill", valid, "-o", out / "fill_bar.mid", "--bar", "1000000000"])
    add("fill-every-0", ["fill", valid, "-o", out / "fill_every0.mid", "--every", "0"])
    pack = _pack(inp / "pack_ok")
    add("baseline-augment-folder", ["augment", pack, "-o", out / "aug_ok"])
    add("augment-n-1e9", ["augment", pack, "-n", "1000000000", "-o", out / "aug_n_huge"])
    add("augment-max-bars-1e9", ["augment", pack, "--max-bars", "1000000000", "-o", out / "aug_maxbars"])
    (out / "existing_file").write_text("keep me\n")
    add("augment-output-is-a-file", ["augment", pack, "-o", out / "existing_file"])
    ro = out / "readonly_dir"
    ro.mkdir()
    ro.chmod(0o500)
    add("augment-output-readonly-dir", ["augment", pack, "-o", ro],
        skip="running as root: permissions are not enforced" if IS_ROOT else None)
    same = inp / "same.mid"
    shutil.copy(valid, same)
    add("convert-output-is-input", ["convert", same, "-o", same], checks=[_unchanged(same)])
    same2 = inp / "same_case.mid"
    shutil.copy(valid, same2)
    add("convert-output-is-input-via-dotdot", ["convert", same2, "-o", inp / ".." / "in" / "same_case.mid"],
        checks=[_unchanged(same2)])
    add("nosuchcommand", ["nosuchcommand"], timeout=10, checks=[_want_status(2)])
    _user_files_cases(add, tmp, inp, out, valid)
    _names_in_any_script_cases(add, tmp, inp, out, valid)
    _side_file_cases(add, tmp, inp, out, valid, json.loads((MODELS / "drummer.json").read_text()))
    # ---- soundfonts that are not: FluidSynth and libinstpatch say so in several lines of their own ----
    (inp / "random.sf2").write_bytes(random.Random(5).randbytes(5000))
    (inp / "riff.sf2").write_bytes(b"RIFF\x10\x00\x00\x00sfbkLIST")
    for label in ("random", "riff"):
        add(f"render-fake-soundfont-{label}", ["render", valid, "-o", out / f"sf_{label}.wav", "--soundfont",
                                                inp / f"{label}.sf2"], checks=[_want_status(2)])
    sparse_sf = inp / "sparse_1200mb.sf2"         # a sparse file: 1.2 GB of samples that take no disk
    with open(sparse_sf, "wb") as f:
        f.write(b"RIFF" + struct.pack("<I", 1200 << 20) + b"sfbk")
        f.truncate((1200 << 20) + 8)
    liar_sf = inp / "liar.sf2"
    liar_sf.write_bytes(b"RIFF" + struct.pack("<I", 4000) + b"sfbk" + b"LIST" + struct.pack("<I", 10 ** 9) + b"sdta")
    for label, sf in (("sparse-1200mb", sparse_sf), ("chunk-past-the-end", liar_sf)):
        add(f"render-soundfont-{label}", ["render", valid, "-o", out / f"sf_{label}.wav", "--soundfont", sf],
            checks=[_want_status(2)])
    add("convert-output-in-missing-folder", ["convert", valid, "-o", out / "no" / "such" / "x.mid"])

    # ---- model cards ----
    card = json.loads((MODELS / "drummer.json").read_text())

    def model_dir(label: str, mutate=None, text: str | None = None) -> Path:
        d = tmp / "models" / label
        d.mkdir(parents=True)
        shutil.copy(MODELS / "drummer.tflite", d / "drummer.tflite")
        if text is None:
            c = json.loads(json.dumps(card))
            mutate(c)
            text = json.dumps(c)   # allow_nan: inf is written as Infinity
        (d / "drummer.json").write_text(text) if isinstance(text, str) else (d / "drummer.json").write_bytes(text)
        return d

    def cont(label, d):
        add(f"card-{label}", ["continue", valid, "-o", out / f"card_{label}.mid", "--model-dir", d])

    cont("no-sha", model_dir("no_sha", lambda c: c.pop("tflite_sha256")))
    cont("empty-sha", model_dir("empty_sha", lambda c: c.update(tflite_sha256="")))
    cont("sha-not-string", model_dir("sha_list", lambda c: c.update(tflite_sha256=[1, 2])))
    cont("state-wrong-shape", model_dir("state_shape", lambda c: c.update(
        state=[[n, [128]] for n, _ in c["state"]])))
    cont("state-wrong-names", model_dir("state_names", lambda c: c.update(
        state=[[f"z{i}", s] for i, (n, s) in enumerate(c["state"])])))
    cont("state-2e9", model_dir("state_2e9", lambda c: c.update(state=[[n, [2_000_000_000]] for n, _ in c["state"]])))
    cont("state-negative", model_dir("state_neg", lambda c: c.update(state=[[n, [-1]] for n, _ in c["state"]])))
    cont("state-not-list", model_dir("state_str", lambda c: c.update(state="h0")))
    cont("velocity-1e308", model_dir("vel_1e308", lambda c: c.update(
        velocity_values=[[1e308] * 3 for _ in c["velocity_values"]])))
    cont("velocity-inf", model_dir("vel_inf", lambda c: c.update(
        velocity_values=[[float("inf")] * 3 for _ in c["velocity_values"]])))
    cont("velocity-negative", model_dir("vel_neg", lambda c: c.update(
        velocity_values=[[-5, 0, 500] for _ in c["velocity_values"]])))
    cont("style-density-nan", model_dir("density_nan", lambda c: c.update(
        style_density={k: [float("nan")] * 3 for k in c.get("style_density", {"rock": 0})})))
    cont("non-json", model_dir("non_json", text=random.Random(3).randbytes(2048)))
    cont("nested-100k", model_dir("nested", text="[" * 100000))
    cont("root-list", model_dir("root_list", text="[]"))
    add("card-generate-velocity-inf", ["generate", "-o", out / "gen_vel_inf.mid", "--model-dir",
                                       tmp / "models" / "vel_inf"])
    # ---- the styles' typical bars (Generate starts from them), beside a good drummer ----
    bars = json.loads((MODELS / "style_bars.json").read_text())
    for label, body in (("truncated", json.dumps(bars)[:60]), ("nested-100k", "[" * 100000),
                        ("step-99", {"format": 1, "styles": {"rock": [[[99, 0, 100]]]}}),
                        ("voice-negative", {"format": 1, "styles": {"rock": [[[0, -1, 100]]]}}),
                        ("velocity-1e9", {"format": 1, "styles": {"rock": [[[0, 0, 10 ** 9]]]}}),
                        ("velocity-float", {"format": 1, "styles": {"rock": [[[0, 0, 1e308]]]}}),
                        ("bar-not-list", {"format": 1, "styles": {"rock": ["x"]}}),
                        ("no-styles", {"format": 1}), ("empty-style", {"format": 1, "styles": {"rock": []}})):
        d = model_dir(f"bars_{label}", lambda c: None)
        (d / "style_bars.json").write_text(body if isinstance(body, str) else json.dumps(body))
        add(f"style-bars-{label}", ["generate", "--style", "rock", "-o", out / f"bars_{label}.mid", "--model-dir", d])
    # ---- the styles' ghost note counts (Add ghosts aims for them), beside a good drummer ----
    for label, body in (("truncated", (MODELS / "ghosts.json").read_text()[:50]), ("nested-100k", "[" * 100000),
                        ("range-falling", {"format": 1, "styles": {"funk": {"range": [6, 3, 1]}}}),
                        ("range-1e9", {"format": 1, "styles": {"funk": {"range": [1, 3, 10 ** 9]}}}),
                        ("range-float", {"format": 1, "styles": {"funk": {"range": [1.5, 3, 6]}}}),
                        ("range-short", {"format": 1, "styles": {"funk": {"range": [1]}}}),
                        ("no-range", {"format": 1, "styles": {"funk": {}}}), ("no-styles", {"format": 1})):
        d = model_dir(f"ghosts_{label}", lambda c: None)
        (d / "ghosts.json").write_text(body if isinstance(body, str) else json.dumps(body))
        add(f"ghosts-{label}", ["continue", valid, "-o", out / f"ghosts_{label}.mid", "--model-dir", d])

    # ---- the real drummers' dynamics and swing (the Feel holds to them; jazz and shuffle swing by them) ----
    dyn = json.loads((MODELS / "dynamics.json").read_text())
    cell = lambda c: {"format": 1, "styles": {"funk": {"8th": {"kick": {"beat": c}}}}}  # noqa: E731
    good = {"bars": 30, "takes": 6, "bar_mean": [40, 50, 60, 70, 80], "hit": [30, 45, 60, 75, 90]}
    for label, body in (("truncated", json.dumps(dyn)[:80]), ("nested-100k", "[" * 100000),
                        ("no-styles", {"format": 1}), ("format-2", dict(dyn, format=2)),
                        ("cell-not-table", cell([1, 2])), ("quantiles-falling", cell(dict(good, bar_mean=[9, 8, 7, 6, 5]))),
                        ("velocity-1e9", cell(dict(good, hit=[1, 2, 3, 4, 10 ** 9]))),
                        ("bars-text", cell(dict(good, bars="many"))), ("figure-not-table", {"format": 1, "styles": {"funk": 7}}),
                        ("swing-not-numbers", dict(dyn, swing={"jazz": {"hits": "x", "swung_share": [], "ratio": None}})),
                        ("swing-1e308", dict(dyn, swing={"jazz": {"hits": 1e308, "swung_share": 1, "ratio": 0.66}})),
                        ("swing-not-table", dict(dyn, swing=[1, 2, 3]))):
        text = body if isinstance(body, str) else json.dumps(body)
        d = model_dir(f"dyn_{label}", lambda c: None)
        (d / "dynamics.json").write_text(text)
        add(f"dynamics-drummer-{label}", ["generate", "--style", "jazz", "-o", out / f"dyn_{label}.mid", "--model-dir", d])
        f = tmp / "models" / f"feel_dyn_{label}"
        f.mkdir(parents=True)
        for name in ("feel.tflite", "feel.json"):
            shutil.copy(MODELS / name, f / name)
        (f / "dynamics.json").write_text(text)
        add(f"dynamics-feel-{label}", ["humanize", valid, "-o", out / f"feel_dyn_{label}.mid", "--style", "funk",
                                       "--model-dir", f])

    # ---- the beat map's card (three LiteRT files behind one card) ----
    bm_card = json.loads((MODELS / "beatmap.json").read_text())

    def beatmap_dir(label: str, mutate=None, text: str | None = None) -> Path:
        d = tmp / "models" / f"bm_{label}"
        d.mkdir(parents=True)
        for part in ("encoder", "decoder", "map"):
            shutil.copy(MODELS / f"beatmap_{part}.tflite", d / f"beatmap_{part}.tflite")
        if text is None:
            c = json.loads(json.dumps(bm_card))
            mutate(c)
            text = json.dumps(c)
        (d / "beatmap.json").write_text(text)
        return d

    for label, d in (("latent-1e9", beatmap_dir("latent", lambda c: c.update(latent=10**9))),
                     ("latent-wrong", beatmap_dir("latent_wrong", lambda c: c.update(latent=7))),
                     ("velocity-1e30", beatmap_dir("vel", lambda c: c.update(velocity_values=[[1e30] * 3] * 9))),
                     ("velocity-300", beatmap_dir("vel300", lambda c: c.update(velocity_values=[[300] * 3] * 9))),
                     ("no-sha", beatmap_dir("nosha", lambda c: c.pop("sha256"))),
                     ("sha-mismatch", beatmap_dir("sha", lambda c: c["sha256"].update(decoder="0" * 64))),
                     ("truncated", beatmap_dir("trunc", text=json.dumps(bm_card)[:40]))):
        add(f"beatmap-card-{label}", ["interpolate", valid, valid, "-o", out / f"bm_{label}.mid", "--model-dir", d],
            checks=[_want_status(2)])
    return cases


def _tree_unchanged(*paths: Path) -> Check:
    """Every file under these paths (a folder, a zip, a file, a device; links not followed) as before
    (input_snapshot), and the run refused with status 2."""
    before = input_snapshot(*paths)

    def user_files_unharmed(result: dict) -> list[str]:
        v = [] if result["rc"] == 2 else [f"writing over a user's file must be refused with status 2, got {result['rc']}"]
        after = input_snapshot(*paths)
        changed = [k for k in before if after.get(k) != before[k]] + [k for k in after if k not in before]
        return v + ([f"user files changed: {changed[:3]}"] if changed else [])
    return user_files_unharmed


def input_snapshot(*paths: Path) -> dict:
    """Every file under these paths (folders walked, links not followed): a regular file of at most 64 MB by
    its bytes' hash, a bigger one (sparse giants among them) or a device by size, mtime and mode."""
    import hashlib
    out = {}
    for root in map(Path, paths):
        files = sorted(root.rglob("*")) if root.is_dir() and not root.is_symlink() else [root]
        for f in files:
            if f.is_symlink() or not f.exists() or f.is_dir():
                continue
            st = f.stat()
            out[str(f)] = hashlib.sha256(f.read_bytes()).hexdigest() if f.is_file() and st.st_size <= 64 << 20 \
                else (st.st_size, st.st_mtime_ns, st.st_mode)
    return out


def _made(*paths: Path) -> Check:
    def outputs_written(result: dict) -> list[str]:
        missing = [str(p) for p in paths if not Path(p).is_file() or not Path(p).stat().st_size]
        return [f"want exit status 0 and the outputs written; missing: {missing}"] if missing or result["rc"] else []
    return outputs_written


def _user_files_cases(add, tmp: Path, inp: Path, out: Path, valid: Path) -> None:
    """Issue 28: outputs that are, or lead onto, a file the user owns (an input, a file in an input folder
    or zip, the soundfont, a device, a FIFO, a temp-looking name) are refused and the file is unharmed."""
    import zipfile
    pack = _pack(tmp / "owned_pack")
    packzip = tmp / "owned_pack.zip"
    with zipfile.ZipFile(packzip, "w") as z:
        for f in sorted(pack.iterdir()):
            z.write(f, f.name)
    shot = inp / "shot_input.mid"
    shutil.copy(valid, shot)
    add("screenshot-onto-the-opened-file", [shot, "--screenshot", shot], timeout=60, checks=[_tree_unchanged(shot)])
    shot_link = out / "shot_link.png"
    shot_link.symlink_to(shot)
    add("screenshot-through-a-link-onto-the-opened-file", [shot, "--screenshot", shot_link], timeout=60,
        checks=[_tree_unchanged(shot)])
    add("augment-save-map-onto-a-pack-file", ["augment", pack, "-o", out / "aug_sm", "--save-map",
                                              pack / "kick_part.mid"], checks=[_tree_unchanged(pack)])
    add("augment-save-map-onto-the-pack-zip", ["augment", packzip, "-o", out / "aug_smz", "--save-map", packzip],
        checks=[_tree_unchanged(packzip)])
    add("augment-output-is-the-pack", ["augment", pack, "-o", pack], checks=[_tree_unchanged(pack)])
    add("augment-output-inside-the-pack", ["augment", pack, "-o", pack / "aug"], checks=[_tree_unchanged(pack)])
    linked_out = out / "aug_linked_index"
    linked_out.mkdir()
    (linked_out / "index.csv").symlink_to(pack / "kit_groove_0.mid")
    add("augment-index-csv-linked-into-the-pack", ["augment", pack, "-o", linked_out],
        checks=[_tree_unchanged(pack)])
    map_link = out / "map_link.png"
    map_link.symlink_to(pack / "kit_groove_1.mid")
    add("map-output-linked-onto-a-pack-file", ["map", pack, "-o", map_link], checks=[_tree_unchanged(pack)])
    sf_dir = tmp / "fonts"
    sf_dir.mkdir()
    fonts = sorted(glob.glob("/usr/share/sounds/sf2/*.sf2")) + sorted(glob.glob("/usr/share/sounds/sf3/*.sf3"))
    if fonts:
        wav_link = out / "onto_font.wav"
        wav_link.symlink_to(fonts[0])
        add("render-output-linked-onto-the-soundfont", ["render", valid, "-o", wav_link, "--soundfont", fonts[0]],
            checks=[_tree_unchanged(Path(fonts[0]))])
        wav_link2 = out / "onto_default_font.wav"
        wav_link2.symlink_to(fonts[0])
        add("render-output-linked-onto-the-default-soundfont", ["render", valid, "-o", wav_link2],
            checks=[_tree_unchanged(Path(fonts[0]))])
    null_link = out / "devnull.mid"
    null_link.symlink_to(os.devnull)
    add("convert-output-linked-to-dev-null", ["convert", valid, "-o", null_link], checks=[_tree_unchanged(Path(os.devnull))])
    fifo_out = out / "fifo_out.mid"
    os.mkfifo(fifo_out)
    add("convert-output-is-a-fifo", ["convert", valid, "-o", fifo_out], timeout=20, checks=[_want_status(2)])
    sweep = out / "sweep"
    sweep.mkdir()
    backup = sweep / ".song.mid.backup.tmp"
    backup.write_bytes(b"the user's own backup")
    past = time.time() - 3600
    os.utime(backup, (past, past))

    def backup_kept(result: dict) -> list[str]:
        return [] if backup.is_file() and backup.read_bytes() == b"the user's own backup" else \
            ["the temp sweep deleted a user's file named like a temp file"]
    add("convert-keeps-a-users-tmp-named-file", ["convert", valid, "-o", sweep / "song.mid"],
        checks=[backup_kept, _made(sweep / "song.mid")])


def _names_in_any_script_cases(add, tmp: Path, inp: Path, out: Path, valid: Path) -> None:
    """Issue 28: file, pattern and pack names in Japanese, Greek, Portuguese, emoji and undecodable bytes
    are written and read back; a dangling link in a pack is skipped with its reason."""
    uni = out / "unicode"
    uni.mkdir()
    add("convert-to-a-japanese-name", ["convert", valid, "-o", uni / "ドラム.mid"], checks=[_made(uni / "ドラム.mid")])
    add("continue-to-a-greek-name", ["continue", valid, "-o", uni / "Δράμι.mid", "--bars", "2", "--seed", "1"],
        checks=[_made(uni / "Δράμι.mid")])
    add("fill-to-a-portuguese-name", ["fill", valid, "-o", uni / "virada_ção.mid", "--bar", "2"],
        checks=[_made(uni / "virada_ção.mid")])
    add("generate-to-an-emoji-name", ["generate", "-o", uni / "beat_🥁.mid", "--bars", "2"],
        checks=[_made(uni / "beat_🥁.mid")])
    add("humanize-to-a-japanese-name", ["humanize", valid, "-o", uni / "人間.mid"], checks=[_made(uni / "人間.mid")])
    add("drumify-to-a-greek-name", ["drumify", valid, "-o", uni / "ρυθμός.mid"], checks=[_made(uni / "ρυθμός.mid")])
    add("interpolate-to-a-japanese-name", ["interpolate", valid, valid, "-o", uni / "補間.mid"],
        checks=[_made(uni / "補間.mid")])
    d = _save_groove(valid, inp / "verse.groove")
    d["patterns"][0]["name"] = "ヴァース"
    d["arrangement"] = [[0, 2]]
    song = inp / "ヴァース.groove"
    song.write_text(json.dumps(d, ensure_ascii=False, indent=1), encoding="utf-8")
    add("convert-song-with-a-japanese-pattern-name", ["convert", song, "-o", uni / "ソング.mid", "--song"],
        checks=[_made(uni / "ソング.mid")])
    names = tmp / "names_pack"
    names.mkdir()
    for n in ("ok.mid", "emoji_🥁.mid", "Ελληνικά.mid"):
        shutil.copy(valid, names / n)
    shutil.copy(valid, os.path.join(os.fsencode(names), b"bad\xff.mid"))
    (names / "dangling.mid").symlink_to(tmp / "nowhere.mid")
    add("similar-over-a-pack-with-undecodable-names", ["similar", valid, names, "-n", "3"],
        checks=[_want_status(0)])
    add("map-over-a-pack-with-undecodable-names", ["map", names, "-o", uni / "map.png"], checks=[_made(uni / "map.png")])
    add("augment-a-pack-with-undecodable-names", ["augment", names, "-o", uni / "aug", "-n", "3"],
        checks=[_want_status(0)])
    add("unknown-command-with-a-newline", ["no\nsuch"], timeout=10, checks=[_want_status(2)])
    add("option-value-with-a-newline", ["info", valid, "--channel", "1\nerror: forged"], timeout=10,
        checks=[_want_status(2)])


def _side_file_cases(add, tmp: Path, inp: Path, out: Path, valid: Path, card: dict) -> None:
    """Issue 28: the files read beside the real ones (a note map, a dataset's info.csv, a model folder's
    rolls.json and style_bars.json, a damaged project for a screenshot) are bounded, typed and refused in
    one line, never waited on."""
    bad_map = inp / "map_broken.json"
    bad_map.write_text('{"49": ')
    add("augment-map-json-broken", ["augment", _pack(tmp / "map_pack"), "-o", out / "aug_badmap", "--map", bad_map],
        checks=[_want_status(2)])
    entry = inp / "map_entry.json"
    entry.write_text('{"49": {"ghost": true}}')
    add("augment-map-json-entry-without-note", ["augment", tmp / "map_pack", "-o", out / "aug_badmap2", "--map", entry],
        checks=[_want_status(2)])
    zero = tmp / "gmd_zero"
    zero.mkdir()
    (zero / "info.csv").symlink_to("/dev/zero")
    add("train-rolls-info-csv-dev-zero", ["train-rolls", "--data", zero, "--out", out / "rolls_zero"],
        checks=[_want_status(2)])
    cols = tmp / "gmd_cols"
    cols.mkdir()
    (cols / "info.csv").write_text("drummer,session\nx,y\n")
    add("train-rolls-info-csv-missing-columns", ["train-rolls", "--data", cols, "--out", out / "rolls_cols"],
        checks=[_want_status(2)])
    for label, name in (("rolls", "rolls.json"), ("style-bars", "style_bars.json")):
        d = tmp / "models" / f"fifo_{label}"
        d.mkdir(parents=True)
        shutil.copy(MODELS / "drummer.tflite", d / "drummer.tflite")
        (d / "drummer.json").write_text(json.dumps(card))
        os.mkfifo(d / name)
        add(f"generate-model-dir-{label}-fifo", ["generate", "-o", out / f"gen_fifo_{label}.mid", "--model-dir", d],
            timeout=20, checks=[_want_status(2)])
    d = tmp / "models" / "rolls_per_bar_huge"
    d.mkdir(parents=True)
    shutil.copy(MODELS / "drummer.tflite", d / "drummer.tflite")
    (d / "drummer.json").write_text(json.dumps(card))
    (d / "rolls.json").write_text(json.dumps({"styles": {"rock/beat": {"hits": [], "rolls": [],
                                                                       "per_bar": [[1, 10 ** 12]]}}}))
    add("generate-model-dir-rolls-per-bar-1e12", ["generate", "-o", out / "gen_perbar.mid", "--model-dir", d],
        checks=[_want_status(2)])
    broken = inp / "broken_for_shot.groove"
    broken.write_text('{"format": "grooveloom-project", "version": 3, "patterns": [')
    add("screenshot-of-a-damaged-project", [broken, "--screenshot", out / "broken_shot.png"], timeout=30,
        checks=[_want_status(2)])
    d2 = _save_groove(valid, inp / "length_inf_src.groove")
    d2["patterns"][0]["rows"][0]["length"] = float("inf")
    inf_groove = inp / "length_inf.groove"
    inf_groove.write_text(json.dumps(d2))
    add("groove-row-length-infinity", ["info", inf_groove], checks=[_want_status(2)])
    d3 = _save_groove(valid, inp / "wide_src.groove")
    d3["patterns"][0].update(meter=[32, 1], grid=64, bars=32)       # 128 rows x 65,536 steps, a few hits
    d3["patterns"][0]["rows"] = [{"name": f"R{k}", "note": k, "length": None,
                                  "hits": [[s, 100] for s in range(0, 65536, 4096)]} for k in range(128)]
    wide = inp / "wide_128x65536.groove"
    wide.write_text(json.dumps(d3))
    add("screenshot-of-a-128-row-65536-step-project", [wide, "--screenshot", out / "wide_shot.png"], timeout=30,
        checks=[_made(out / "wide_shot.png")])
    add("screenshot-of-a-missing-project", [inp / "nowhere.groove", "--screenshot", out / "missing_shot.png"],
        timeout=30, checks=[_want_status(2)])


# ---- running them all ------------------------------------------------------------------------------

def run_all(cases: list[Case], cwd: Path, workers: int = 4, progress: bool = False) -> list[tuple]:
    """-> [(case, result or None when skipped, violations)] in the cases' order."""
    def one(case: Case):
        if case.skip:
            return case, None, []
        r = run_case(case.argv, timeout=case.timeout, cwd=cwd)
        v = check_case(case, r)
        if progress:
            print(f"  {'VIOLATION' if v else 'ok':9} {case.name} ({r['seconds']:.1f} s)", file=sys.stderr, flush=True)
        return case, r, v

    with ThreadPoolExecutor(max_workers=workers) as ex:
        return list(ex.map(one, cases))


def _first_line(text: str, width: int = 100) -> str:
    lines = _lines(text)
    line = lines[0] if lines else ""
    line = line.encode("unicode_escape").decode("ascii")    # never echo escapes into the report
    return line if len(line) <= width else line[:width - 3] + "..."


def table(results: list[tuple], only_violations: bool = False) -> str:
    rows = [("case", "rc", "s", "MB", "stderr (first line)", "VIOLATION")]
    for case, r, v in results:
        if r is None:
            rows.append((case.name, "-", "-", "-", f"skipped: {case.skip}", ""))
            continue
        if only_violations and not v:
            continue
        rc = str(r["rc"]) + (f" ({r['killed_for']})" if r["killed_for"] else "")
        rows.append((case.name, rc, f"{r['seconds']:.1f}", f"{r['peak_rss_mb']:.0f}", _first_line(r["stderr"]),
                     "; ".join(v)))
    widths = [max(len(row[i]) for row in rows) for i in range(5)]
    return "\n".join("  ".join(c.ljust(w) for c, w in zip(row[:5], widths)) + ("  " + row[5] if row[5] else "")
                     for row in rows)


def summary(results: list[tuple], seconds: float | None = None) -> str:
    ran = [(c, r, v) for c, r, v in results if r is not None]
    bad = [x for x in ran if x[2]]
    skipped = len(results) - len(ran)
    peak = max(ran, key=lambda x: x[1]["peak_rss_mb"], default=None)
    slow = max(ran, key=lambda x: x[1]["seconds"], default=None)
    s = f"{len(ran)} cases tried, {len(ran) - len(bad)} ok, {len(bad)} violations"
    if skipped:
        s += f", {skipped} skipped"
    if peak:
        s += f"; peak RSS {peak[1]['peak_rss_mb']:.0f} MB ({peak[0].name})"
    if slow:
        s += f"; slowest {slow[0].name} ({slow[1]['seconds']:.1f} s)"
    if seconds is not None:
        s += f"; total {seconds:.0f} s"
    return s


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--full", action="store_true", help="every byte flip and truncation, the bigger zip bomb")
    ap.add_argument("--only", default=None, metavar="SUBSTRING", help="only the cases whose name holds this")
    ap.add_argument("--workers", type=int, default=4)
    ap.add_argument("--violations-only", action="store_true", help="list only the cases that violate")
    ap.add_argument("--keep", action="store_true", help="keep the temporary folder of inputs and outputs")
    args = ap.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="grooveloom-hostile-"))
    try:
        t = time.monotonic()
        cases = build_cases(tmp, quick=not args.full)
        if args.only:
            cases = [c for c in cases if args.only in c.name]
        print(f"built {len(cases)} cases in {time.monotonic() - t:.1f} s under {tmp}", file=sys.stderr, flush=True)
        t = time.monotonic()
        before = input_snapshot(tmp / "in")
        results = run_all(cases, tmp, workers=args.workers, progress=True)
        print(table(results, only_violations=args.violations_only))
        print(summary(results, time.monotonic() - t))
        after = input_snapshot(tmp / "in")
        changed = sorted(k for k in before.keys() | after.keys() if before.get(k) != after.get(k))
        if changed:
            print(f"input files changed or removed by the cases: {', '.join(changed[:10])}")
        return 1 if changed or any(v for _, _, v in results) else 0
    finally:
        if args.keep:
            print(f"kept {tmp}", file=sys.stderr)
        else:
            _cleanup(tmp)


def _cleanup_permissions(tmp: Path) -> None:
    """Make the read-only output folder writable again (it would stop a non-root user's rmtree)."""
    for p in Path(tmp).rglob("*"):
        if p.is_dir() and not p.is_symlink():
            try:
                p.chmod(0o700)
            except OSError:
                pass


def _cleanup(tmp: Path) -> None:
    _cleanup_permissions(tmp)
    shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
