"""Where a musician waits (issue 33), each against its reference measured in the same run, interleaved:

- Continue 32 bars x 8 variations and 4 bars x 1 after a 2-bar seed, against the invoke floor: the same
  LiteRT calls Continue makes (recorded from one Continue: how many, at which batch sizes, in order), in a
  tight loop with zero inputs. The ratio is what the sampler costs beyond the network itself.
- Launch to the first painted window (`python main.py`, its grid's first paint) against a bare PySide6
  window (a QMainWindow with a label, the same size), on the X display there is (xcb), and when the drummer
  is ready. GROOVELOOM_STARTUP_LOG is how the window says when (ui/startup.py).
- `info` on 300 GMD files against mido's own parse of them (info read and quantized every file twice).
- MIDI export of 200 GMD patterns (what convert, Export and augment write) against mido writing the same
  files.
- Augment: a pack built from GMD grooves (bench_looppack.build: kit loops and part files with foreign
  notes) scanned, 500 new loops recombined and written, against the floor of parsing the pack with mido and
  writing 500 files with mido; at 500 and 5,000 files (--big: 20,000 too, the most a pack may hold:
  engine.looppack.MAX_PACK_FILES), the scan, the time per new loop and the write beside.
- The window's resident memory once the drummer is ready (null audio driver) against a bare window that
  has loaded the same soundfont into FluidSynth.
- `render` of GMD's longest 4/4 take (quantized, as a pattern: 17 minutes) to a WAV file against the
  `fluidsynth` command rendering the same notes from a MIDI file with matched settings (44.1 kHz, 16 bits,
  reverb and chorus off, the same soundfont, gain and polyphony), each a command run in its own process
  (the take is long so that what is compared is the rendering: Python's start, ~0.4 s against the
  command's ~0.05 s, made 64 bars 1.24x).

Prints medians, the spread (min-max over the rounds) and the ratio of medians."""
from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")

import numpy as np  # noqa: E402

from bench_drummer import seed_pattern  # noqa: E402
from engine.looppack.files import MAX_PACK_FILES  # noqa: E402
from models.drummer import DEFAULT_DIR, Drummer  # noqa: E402
from models.encoding import N_FEATURES  # noqa: E402


def recorded_calls(d: Drummer, run) -> list[int]:
    """The batch size of every network call `run` makes, in order."""
    sizes, step = [], d._step
    d._step = lambda x, s: sizes.append(len(x)) or step(x, s)
    try:
        run(0)
    finally:
        d._step = step
    return sizes


def floor_of(d: Drummer, sizes: list[int]):
    """The same calls in a tight loop (zero inputs, the state fed back as Continue does)."""
    xs = {b: np.zeros((b, N_FEATURES), np.float32) for b in set(sizes)}
    states = {b: d.model.zero_state(b) for b in set(sizes)}

    def run(_i):
        for b in sizes:
            d.model.step(xs[b], states[b])
    return run


def interleaved(pairs, rounds: int) -> list[list[float]]:
    """Times in ms of each callable of `pairs`, one after the other in every round."""
    out = [[] for _ in pairs]
    for i in range(rounds):
        for k, f in enumerate(pairs):
            t = time.perf_counter()
            f(i)
            out[k].append((time.perf_counter() - t) * 1000)
    return out


def row(name: str, ours: list[float], ref: list[float], ref_name: str, target: float) -> str:
    m, r = statistics.median(ours), statistics.median(ref)
    ok = "yes" if m / r <= target else "NO"
    return (f"| {name} | {m:.1f} ms ({min(ours):.1f}-{max(ours):.1f}) | {ref_name} {r:.1f} ms ({min(ref):.1f}-"
            f"{max(ref):.1f}) | {m / r:.2f}x | <= {target:g}x: {ok} |")


def continue_rows(model_dir: str, rounds: int) -> list[str]:
    d, p = Drummer(model_dir), seed_pattern()
    out = []
    for bars, var, target, n in ((32, 8, 1.5, rounds), (4, 1, 2.0, rounds * 3)):
        run = (lambda i, bars=bars, var=var: d.continue_(p, bars=bars, variations=var, seed=i))
        sizes = recorded_calls(d, run)
        for _ in range(2):
            run(0)
        ours, ref = interleaved([run, floor_of(d, sizes)], n)
        out.append(row(f"Continue {bars} bars x {var} ({len(sizes)} calls, batch {max(sizes)})", ours, ref,
                       "invoke floor", target))
    return out


BARE = """import os, sys, time
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QLabel, QMainWindow
class First(QObject):
    def eventFilter(self, obj, event):
        if event.type() == QEvent.Type.Paint:
            with open(os.environ["GROOVELOOM_STARTUP_LOG"], "a") as f:
                f.write(f"painted {time.time():.6f}\\n")
            QTimer.singleShot(0, QApplication.quit)
        return False
app = QApplication(sys.argv[:1])
w, label, first = QMainWindow(), QLabel("GrooveLoom"), First()
w.setCentralWidget(label)
label.installEventFilter(first)
w.resize(1280, 760)
w.show()
app.exec()
"""


def app_env(**kw) -> dict:
    """The environment a launch is measured in: the project's bytecode compiled once and kept, as an install
    has it (pip and pipx compile it when they install), even where PYTHONDONTWRITEBYTECODE is set (this
    machine sets it: every launch compiled ~60 modules again, 100-120 ms)."""
    env = dict(os.environ, QT_QPA_PLATFORM="xcb", **kw)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = os.path.join(tempfile.gettempdir(), "grooveloom-bench-pycache")
    return env


def launched(cmd: list[str], until: str) -> dict:
    """Milliseconds from launch to each mark the process logs, up to `until`; then it is stopped."""
    log = tempfile.mktemp(prefix="grooveloom-start-")
    env = app_env(GROOVELOOM_STARTUP_LOG=log)
    t0 = time.time()
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    got, deadline = {}, t0 + 60
    while until not in got and time.time() < deadline:
        if os.path.exists(log):
            with open(log, encoding="utf-8") as f:
                for line in f:
                    what, when = line.split()
                    got.setdefault(what, (float(when) - t0) * 1000)
        time.sleep(0.005)
    proc.kill()
    proc.wait()
    if os.path.exists(log):
        os.unlink(log)
    return got


BARE_SOUND = BARE.replace("app.exec()", """from engine.soundfont import default_soundfont, load_fluidsynth
fs = load_fluidsynth().Synth(samplerate=48000.0)
fs.sfload(default_soundfont())
with open(os.environ["GROOVELOOM_STARTUP_LOG"], "a") as f:
    f.write(f"drummer {time.time():.6f}\\n")
app.exec()""").replace("QTimer.singleShot(0, QApplication.quit)", "pass")


def rss_after(cmd: list[str], settle_s: float = 2.0) -> float:
    """The process's resident memory (MB) once it says it is ready ('drummer'), plus settle_s."""
    log = tempfile.mktemp(prefix="grooveloom-rss-")
    env = app_env(GROOVELOOM_STARTUP_LOG=log, GROOVELOOM_AUDIO_DRIVER="null")
    proc = subprocess.Popen(cmd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    deadline = time.time() + 60
    while time.time() < deadline and not (os.path.exists(log) and "drummer" in open(log).read()):
        time.sleep(0.02)
    time.sleep(settle_s)
    with open(f"/proc/{proc.pid}/status") as f:
        rss = next(int(line.split()[1]) for line in f if line.startswith("VmRSS:")) / 1024
    proc.kill()
    proc.wait()
    os.unlink(log) if os.path.exists(log) else None
    return rss


def rss_rows(rounds: int = 3) -> list[str]:
    if not os.environ.get("DISPLAY") or not os.path.exists("/proc/self/status"):
        return []
    ours = [rss_after([sys.executable, os.path.join(ROOT, "main.py")]) for _ in range(rounds)]
    bare = [rss_after([sys.executable, "-c", "import sys; sys.path.insert(0, %r)\n" % ROOT + BARE_SOUND])
            for _ in range(rounds)]
    m, r = statistics.median(ours), statistics.median(bare)
    return [f"| Window memory (RSS, ready) | {m:.0f} MB ({min(ours):.0f}-{max(ours):.0f}) | bare window + the same "
            f"soundfont {r:.0f} MB ({min(bare):.0f}-{max(bare):.0f}) | {m / r:.2f}x | <= 1.2x: "
            f"{'yes' if m / r <= 1.2 else 'NO'} |"]


def launch_rows(rounds: int) -> list[str]:
    if not os.environ.get("DISPLAY"):
        return ["| launch to first paint | (no X display: run under xvfb-run) | | | |"]
    bare, ours, ready = [], [], []
    launched([sys.executable, os.path.join(ROOT, "main.py")], "drummer")    # (compiles the bytecode: not timed)
    for _ in range(rounds):
        bare.append(launched([sys.executable, "-c", BARE], "painted")["painted"])
        marks = launched([sys.executable, os.path.join(ROOT, "main.py")], "drummer")
        ours.append(marks["painted"])
        ready.append(marks.get("drummer", float("nan")))
    r = statistics.median(ready)
    return [row("Launch to the first painted window", ours, bare, "bare PySide6 window", 2.0),
            f"| Launch to the drummer ready | {r:.0f} ms ({min(ready):.0f}-{max(ready):.0f}) | | | "
            f"<= 1000 ms: {'yes' if r <= 1000 else 'NO'} |"]


def info_rows(data: str, n: int = 300) -> list[str]:
    """`info` on GMD files (in-process, output discarded) against mido's own parse of the same files."""
    import argparse as ap
    import contextlib
    import glob
    import io
    import mido
    from engine.commands import cmd_info
    files = sorted(glob.glob(os.path.join(data, "**", "*.mid"), recursive=True))[:n]
    if not files:
        return [f"| info | (no MIDI files under {data}) | | | |"]

    def info(_i):
        for f in files:
            with contextlib.redirect_stdout(io.StringIO()):
                cmd_info(ap.Namespace(file=f, map=None, grid=None, channel=None, fold="gm", swing=None))

    def parse(_i):
        for f in files:
            mido.MidiFile(f)
    ours, ref = interleaved([info, parse], 3)
    return [row(f"info on {len(files)} GMD files (one parse, one import)", ours, ref, "mido's parse", 1.5)]


def export_rows(data: str, n: int = 200) -> list[str]:
    """MIDI export (convert's and Export's writing) of GMD patterns against mido's own writing of the files."""
    import glob
    import io
    import mido
    from engine.midi import midi_bytes, read_midi
    files = sorted(glob.glob(os.path.join(data, "**", "*.mid"), recursive=True))[:n]
    if not files:
        return []
    pats = [read_midi(f).pattern for f in files]
    mids = [mido.MidiFile(file=io.BytesIO(midi_bytes(p))) for p in pats]

    def ours(_i):
        for p in pats:
            midi_bytes(p)

    def theirs(_i):
        for m in mids:
            m.save(file=io.BytesIO())
    mine, ref = interleaved([ours, theirs], 5)
    return [row(f"MIDI export of {len(pats)} GMD patterns", mine, ref, "mido writing the same files", 1.5)]


def augment_rows(data: str, sizes) -> list[str]:
    import glob
    import mido
    from bench_looppack import build
    from engine.looppack import recombine, scan_pack, write_pack
    out = []
    for n in sizes:
        with tempfile.TemporaryDirectory() as pack, tempfile.TemporaryDirectory() as dest:
            build(data, pack, n)
            files = sorted(glob.glob(os.path.join(pack, "*.mid")))

            parts = {"scan": [], "recombine": [], "write": []}

            def ours(i):
                t0 = time.perf_counter()
                res = scan_pack(pack)
                t1 = time.perf_counter()
                new = recombine(res.loops, 500, seed=0)
                t2 = time.perf_counter()
                write_pack(new, os.path.join(dest, f"ours{i}"))
                for key, sec in zip(parts, (t1 - t0, t2 - t1, time.perf_counter() - t2)):
                    parts[key].append(sec)

            def floor(i):
                parsed = [mido.MidiFile(f, clip=True) for f in files]
                os.makedirs(os.path.join(dest, f"floor{i}"))
                for k in range(500):
                    parsed[k % len(parsed)].save(os.path.join(dest, f"floor{i}", f"{k}.mid"))
            mine, ref = interleaved([ours, floor], 3)
            sec = {key: statistics.median(v) for key, v in parts.items()}
            out.append(row(f"Augment a {len(files):,}-file pack into 500 loops (scan {sec['scan']:.1f} s, "
                           f"{1000 * sec['recombine'] / 500:.1f} ms a new loop, write {sec['write']:.1f} s)",
                           mine, ref, "mido parse + 500 writes", 2.0))
    return out


def render_rows(data: str, rounds: int = 3) -> list[str]:
    import shutil
    from engine.midi import read_midi, write_midi
    from engine.soundfont import default_soundfont
    fluidsynth = shutil.which("fluidsynth")
    if not fluidsynth:
        return ["| Render | (no `fluidsynth` command: apt install fluidsynth) | | | |"]
    pattern = read_midi(os.path.join(data, "drummer2", "session1", "2_rock_102_beat_4-4.mid")).pattern
    sf = default_soundfont()
    with tempfile.TemporaryDirectory() as d:
        mid = os.path.join(d, "take.mid")
        write_midi(pattern, mid)
        env = app_env()

        def ours(_i):
            subprocess.run([sys.executable, os.path.join(ROOT, "main.py"), "render", mid, "-o", os.path.join(d, "o.wav"),
                            "--soundfont", sf, "--tail", "0"], check=True, env=env, capture_output=True)

        def theirs(_i):
            subprocess.run([fluidsynth, "-ni", "-q", "-R", "0", "-C", "0", "-g", "0.6", "-r", "44100", "-O", "s16",
                            "-T", "wav", "-o", "synth.polyphony=512", "-F", os.path.join(d, "f.wav"), sf, mid],
                           check=True, capture_output=True)
        ours(0)                                       # (bytecode and the soundfont's pages: not timed)
        mine, ref = interleaved([ours, theirs], rounds)
    return [row(f"Render {pattern.duration_seconds / 60:.1f} min of a GMD take to WAV (`render`)", mine, ref,
                "`fluidsynth` rendering the same MIDI", 1.1)]


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--model-dir", default=DEFAULT_DIR)
    ap.add_argument("--data", default=None, help="the Groove MIDI Dataset (info's files)")
    ap.add_argument("--rounds", type=int, default=7)
    ap.add_argument("--big", action="store_true",
                    help="augment a pack of as many files as a pack may hold (20,000) too (minutes)")
    a = ap.parse_args()
    print(f"machine: {os.cpu_count()} CPU cores")
    print("| what | ours: median (min-max) | reference: median (min-max) | ratio | target |")
    print("|---|---|---|---|---|")
    data = a.data or os.path.join(ROOT, "..", "shared", "datasets", "groove")
    for line in continue_rows(a.model_dir, a.rounds) + info_rows(data) + export_rows(data) \
            + augment_rows(data, (500, 5000, MAX_PACK_FILES) if a.big else (500, 5000)) + launch_rows(5) + rss_rows() \
            + render_rows(data):
        print(line, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
