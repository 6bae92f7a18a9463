"""Soak test of the real window: a person using GrooveLoom for N minutes, through a real X server.

    python tests/soak.py --minutes 1        (what `make test` runs, through tests/test_soak.py)
    python tests/soak.py --minutes 30       (`make soak`: RSS sampled, growth after warm-up must stay <= 10%)

Xvfb (the xcb platform, not offscreen), real input events from xdotool (mouse moves, clicks, drags, keys),
sound running through a real JACK server with its dummy backend (no sound card needed; without jackd the
null clock), and the real drummer model. It clicks and paints steps, sets velocities, uses the hover keys,
undoes and redoes, selects bars, changes tempo, plays and stops, asks the drummer to Continue and Fill,
browses and keeps or discards, copies and switches patterns, opens a loop pack and auditions it, saves
through the real Save As dialog, reopens the file through the Open dialog, and quits with Ctrl+Q.

It fails on an abort or any exit but 0, a frozen event loop (the window's heartbeat stops for 10 s), a
traceback or 'Error' on stderr, a file that should be on disk and is not, playback that stopped, an error
dialog, or (with --rss-limit) memory that keeps growing. It prints one JSON line with its figures.
"""
from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HEARTBEAT_TIMEOUT = 10.0   # no heartbeat for this long: the event loop froze
MAX_STALL_MS = 1000        # a longer gap between the window's 50 ms ticks fails too (unless the machine stalled)


class SoakFailure(Exception):
    pass


class Canary:
    """A thread of this driver ticking every 50 ms: its late ticks say when the machine itself stalled."""

    def __init__(self):
        self.late: list[tuple[float, float]] = []   # (time.time() at the late tick, ms late)
        threading.Thread(target=self._run, daemon=True, name="canary").start()

    def _run(self) -> None:
        last = time.monotonic()
        while True:
            time.sleep(0.05)
            now = time.monotonic()
            if (now - last) * 1000 - 50 > 100:
                self.late.append((time.time(), (now - last) * 1000 - 50))
            last = now

    def longest_near(self, t0: float, t1: float) -> float:
        return max((ms for t, ms in list(self.late) if t0 <= t <= t1 + ms / 1000), default=0.0)


def _write_midi(path: Path, notes: list[tuple[int, int]], length: int = 1920) -> None:
    """A drum MIDI file (channel 10, 480 PPQ): (tick, note) hits of 60 ticks."""
    import mido
    mid = mido.MidiFile(ticks_per_beat=480)
    tr = mido.MidiTrack()
    mid.tracks.append(tr)
    ev = []
    for t, n in notes:
        ev += [(t, mido.Message("note_on", channel=9, note=n, velocity=100)),
               (t + 60, mido.Message("note_off", channel=9, note=n, velocity=0))]
    ev.sort(key=lambda e: (e[0], e[1].type == "note_on"))
    last = 0
    for t, m in ev:
        tr.append(m.copy(time=t - last))
        last = t
    tr.append(mido.MetaMessage("end_of_track", time=max(0, length - last)))
    mid.save(path)


def _make_pack(folder: Path) -> None:
    """Three small loops (kit, hats, kick+snare) written as real MIDI files."""
    folder.mkdir(parents=True, exist_ok=True)
    loops = {"kit-rock-groove.mid": [(0, 36), (480, 38), (960, 36), (1440, 38)] + [(i * 240, 42) for i in range(8)],
             "HH-sixteenths.mid": [(i * 120, 42) for i in range(16)],
             "KICK-four-on-floor.mid": [(i * 480, 36) for i in range(4)]}
    for name, notes in loops.items():
        _write_midi(folder / name, notes)


class Soak:
    def __init__(self, seconds: float, work: Path, seed: int = 1, rss_every: float = 10.0,
                 shots: Path | None = None, shots_every: float = 20.0, require_jack: bool = False):
        self.seconds, self.work, self.require_jack = seconds, work, require_jack
        self.shots, self.shots_every = shots, shots_every
        self.rng = random.Random(seed)
        self.rss_every = rss_every
        self.procs: list[subprocess.Popen] = []
        self.app: subprocess.Popen | None = None
        self.state: dict = {}
        self.counts: dict[str, int] = {}
        self.rolls_seen = 0             # the most rolled cells the pattern held after a roll gesture
        self.time_in: dict[str, float] = {}
        self.trail: list[str] = []   # the last actions, for a failure report
        self.rss: list[tuple[float, int]] = []
        self.notes: list[str] = []
        self.jack = None
        self.jack_server = None
        self.xruns: int | None = None
        self.t0 = time.time()
        self.canary = Canary()

    # ---- processes ---------------------------------------------------------------------------------
    def _start_x(self) -> None:
        """Xvfb chooses a free display itself and writes its number to a pipe once it accepts clients."""
        r, w = os.pipe()
        x = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, pass_fds=(w,))
        os.close(w)
        self.procs.append(x)
        with os.fdopen(r) as f:
            text = f.readline().strip()
        if not text.isdigit():
            raise SoakFailure("Xvfb did not start")
        self.display = int(text)

    def _start_jack(self) -> None:
        sys.path.insert(0, str(ROOT))
        import jackserver
        if not jackserver.available():
            if self.require_jack:
                raise SoakFailure("jackd not found (Debian package jackd2)")
            self.notes.append("jackd not found: sound ran on the null clock")
            return
        try:
            self.jack_server = jackserver.JackServer(rate=44100, period=256, name=f"grooveloom-soak-{os.getpid()}")
            self.jack_server.start()
        except jackserver.JackError as exc:
            if self.require_jack:
                raise SoakFailure(str(exc)) from None
            self.notes.append(f"{exc}: sound ran on the null clock")
            self.jack_server = None
            return
        self.jack = self.jack_server.name

    def _start_app(self) -> None:
        env = dict(os.environ)
        env.pop("QT_QPA_PLATFORM", None)
        env.update(DISPLAY=f":{self.display}", QT_QPA_PLATFORM="xcb", PYTHONFAULTHANDLER="1",
                   TF_CPP_MIN_LOG_LEVEL="3", XDG_CONFIG_HOME=str(self.work / "config"),
                   XDG_DATA_HOME=str(self.work / "data"), XDG_RUNTIME_DIR=str(self.work / "run"),
                   HOME=str(self.work / "home"), GROOVELOOM_AUTOMATION=str(self.state_file))
        for d in ("config", "data", "run", "home"):
            (self.work / d).mkdir(exist_ok=True, mode=0o700)
        if self.jack:
            env.update(JACK_DEFAULT_SERVER=self.jack, GROOVELOOM_AUDIO_DRIVER="jack")
        else:
            env.update(GROOVELOOM_AUDIO_DRIVER="null")
        self.err_path = self.work / "stderr.txt"
        # started as `python main.py FILE.mid`: a 2-bar beat (with a flam the import reports)
        seed = self.work / "seed-beat.mid"
        # (bar 2 has a kick pickup: two identical bars would come in as a 1-bar loop)
        _write_midi(seed, [(0, 36), (960, 36), (1920, 36), (2640, 36), (2880, 36), (480, 38), (1440, 38), (2400, 38),
                           (3370, 38)] + [(i * 240, 42) for i in range(16)], length=3840)
        self.app = subprocess.Popen([sys.executable, str(ROOT / "main.py"), str(seed)], cwd=str(ROOT), env=env,
                                    stdout=open(self.work / "stdout.txt", "w"), stderr=open(self.err_path, "w"))

    def close(self) -> None:
        if self.app and self.app.poll() is None:
            self.app.kill()
            self.app.wait()
        for p in reversed(self.procs):
            if p.poll() is None:
                p.terminate()
                try:
                    p.wait(5)
                except subprocess.TimeoutExpired:
                    p.kill()
        if self.jack_server is not None:
            self.xruns = self.jack_server.xruns()
            self.jack_server.__exit__()
            self.jack_server = None

    # ---- reading the window --------------------------------------------------------------------------
    @property
    def state_file(self) -> Path:
        return self.work / "state.json"

    def read_state(self) -> dict:
        if self.app.poll() is not None:
            raise SoakFailure(f"the window exited with status {self.app.returncode}{self._stderr_tail()}")
        try:
            st = json.loads(self.state_file.read_text())
        except (OSError, ValueError):
            st = None
        if st is not None:
            self.state = st
        if self.state:   # (before the first write, start-up is judged by the wait for the window)
            age = time.time() - self.state["t"]
            if age > HEARTBEAT_TIMEOUT:
                self._dump_and_fail(f"the event loop froze: no heartbeat for {age:.0f} s")
            if self.state["stall_ms"] > MAX_STALL_MS:
                self._judge_stall()
            msg = self.state.get("status") or ""
            if any(w in msg.lower() for w in ("failed", "error", "cannot", "unavailable", "no audio", "no sound")):
                raise SoakFailure(f"the status bar says: {msg!r}")
        self.check_stderr()
        return self.state

    def _dump_and_fail(self, why: str) -> None:
        # faulthandler (PYTHONFAULTHANDLER) prints every thread's stack on SIGABRT: where it waits
        self.app.send_signal(signal.SIGABRT)
        try:
            self.app.wait(5)
        except subprocess.TimeoutExpired:
            self.app.kill()
        raise SoakFailure(why + self._stderr_tail(4000))

    def _judge_stall(self) -> None:
        """A window stall over the limit fails, unless this driver's own 50 ms timer (another process, doing
        nothing) stalled about as long at the same moment: then the machine stopped both (another job took the
        CPUs), which is noted; the window's heartbeat limit still applies."""
        ms, at = self.state["stall_ms"], self.state.get("stall_at") or time.time()
        mine = self.canary.longest_near(at - ms / 1000 - 1.0, at + 1.0)
        if mine >= 0.5 * ms:
            note = f"the machine stalled: the window {ms:.0f} ms, this driver's own timer {mine:.0f} ms at the same time"
            if note not in self.notes:
                self.notes.append(note)
            return
        raise SoakFailure(f"the event loop stalled for {ms:.0f} ms (limit {MAX_STALL_MS}; this driver's own timer "
                          f"{mine:.0f} ms at the same time)" + self._stall_stacks())

    def _stall_stacks(self, n: int = 6000) -> str:
        """Where the GUI thread was when a tick came late (the window's faulthandler dumps, ui/automation.py)."""
        try:
            text = Path(str(self.state_file) + ".stalls").read_text(errors="replace")
        except OSError:
            return ""
        return ("\n--- stacks when a tick was late ---\n" + text[-n:]) if text.strip() else ""

    def _stderr_tail(self, n: int = 1500) -> str:
        try:
            text = self.err_path.read_text(errors="replace")
        except OSError:
            return ""
        return ("\n--- stderr ---\n" + text[-n:]) if text.strip() else ""

    def wait_for(self, what: str, cond, timeout: float) -> dict:
        end = time.time() + timeout
        while time.time() < end:
            st = self.read_state()
            if st and cond(st):
                return st
            time.sleep(0.1)
        raise SoakFailure(f"timed out after {timeout:.0f} s waiting for {what}; last state: "
                          f"{json.dumps(self.state.get('doc'))} modal={self.state.get('modal')}{self._stderr_tail()}")

    def check_stderr(self) -> None:
        """Any traceback, error or fatal message from the window (stderr and stdout) fails the run."""
        for path in (self.err_path, self.work / "stdout.txt"):
            try:
                text = path.read_text(errors="replace")
            except OSError:
                continue
            bad = [ln for ln in text.splitlines() if any(w in ln.lower() for w in ("traceback", "error", "fatal"))]
            if bad:
                raise SoakFailure(f"{path.name} says: {bad[0]}{self._stderr_tail()}")

    def check_audio(self) -> None:
        """The audio thread renders in real time all along (JACK's clock or the null clock)."""
        now, frames = time.time(), self.state["player"]["frames"]
        if self.state["player"]["error"]:
            raise SoakFailure(f"the audio thread stopped: {self.state['player']['error']}")
        last = getattr(self, "_audio_mark", None)
        if last is None or now - last[0] < 10:
            if last is None:
                self._audio_mark = (now, frames)
            return
        rate = (frames - last[1]) / (now - last[0])
        if rate < 0.8 * 44100:
            raise SoakFailure(f"sound stopped or fell behind: {rate:.0f} frames/s over the last {now - last[0]:.0f} s")
        self._audio_mark = (now, frames)

    def sample_rss(self) -> None:
        try:
            for line in open(f"/proc/{self.app.pid}/status"):
                if line.startswith("VmRSS:"):
                    self.rss.append((time.time() - self.t0, int(line.split()[1])))
        except OSError:
            pass

    # ---- input -------------------------------------------------------------------------------------------
    def xdo(self, *args: str) -> None:
        env = dict(os.environ, DISPLAY=f":{self.display}")
        subprocess.run(["xdotool", *map(str, args)], env=env, check=False, capture_output=True, timeout=20)

    def window_id(self, name: str) -> str | None:
        env = dict(os.environ, DISPLAY=f":{self.display}")
        r = subprocess.run(["xdotool", "search", "--onlyvisible", "--name", name], env=env,
                           capture_output=True, text=True, timeout=20)
        ids = r.stdout.split()
        return ids[-1] if ids else None

    def focus(self, name: str = "GrooveLoom") -> None:
        """No window manager runs on Xvfb: give the window the keyboard focus ourselves."""
        wid = self.window_id(name)
        if wid:
            self.xdo("windowfocus", "--sync", wid)

    def key(self, *keys: str) -> None:
        self.xdo("key", "--delay", "20", *keys)

    def click(self, x: int, y: int, button: int = 1) -> None:
        self.xdo("mousemove", x, y, "click", button)

    def move(self, x: int, y: int) -> None:
        self.xdo("mousemove", x, y)

    def screenshot(self, name: str) -> None:
        self.shots.mkdir(parents=True, exist_ok=True)
        env = dict(os.environ, DISPLAY=f":{self.display}")
        subprocess.run(["import", "-window", "root", str(self.shots / name)], env=env, capture_output=True, timeout=30)

    def count(self, what: str) -> None:
        self.counts[what] = self.counts.get(what, 0) + 1
        self.trail.append(f"{time.time() - self.t0:.1f}s {what}")
        del self.trail[:-25]

    def button(self, name: str) -> dict | None:
        b = self.state.get("buttons", {}).get(name)
        return b if b and b["enabled"] and b["visible"] else None

    def press(self, name: str) -> bool:
        b = self.button(name)
        if b:
            self.click(b["x"], b["y"])
        return b is not None

    def cell_xy(self, r: int, s: int) -> tuple[int, int] | None:
        g = self.state["grid"]
        x = g["x"] + g["header_w"] + (s + 0.5) * g["cell_w"]
        y = g["y"] + g["ruler_h"] + (r + 0.5) * g["row_h"]
        vx, vy, vw, vh = g["view"]
        if vx + g["header_w"] <= x < vx + vw - 2 and vy + g["ruler_h"] <= y < vy + vh - 2:
            return int(x), int(y)
        return None

    def random_cell(self) -> tuple[int, int, int, int] | None:
        g = self.state["grid"]
        for _ in range(20):
            r, s = self.rng.randrange(g["rows"]), self.rng.randrange(g["steps"])
            xy = self.cell_xy(r, s)
            if xy:
                return r, s, *xy
        return None

    def settle(self) -> None:
        """Close what a stray click may have opened (a menu, a combo box list, an unexpected dialog)."""
        st = self.read_state()
        if st.get("popup"):
            self.key("Escape")
            self.count("popups_closed")
        if st.get("modal"):   # nothing the soak does outside its file dialogs should open a dialog
            raise SoakFailure(f"an unexpected dialog appeared: {st['modal']!r} ({st.get('modal_class')})"
                              f"{self._stderr_tail()}")

    # ---- what a person does ----------------------------------------------------------------------------
    def act_click_cells(self) -> None:
        """A burst of clicks on steps, some as fast as a person can (one xdotool call for all)."""
        args = []
        for _ in range(self.rng.randint(2, 12)):
            c = self.random_cell()
            if c:
                args += ["mousemove", c[2], c[3], "click", 1, "sleep", self.rng.choice(["0.03", "0.08", "0.2"])]
                self.count("edits")
        if args:
            self.xdo(*args)

    def act_paint(self) -> None:
        c = self.random_cell()
        if not c:
            return
        r, s, x, y = c
        cw = self.state["grid"]["cell_w"]
        n = self.rng.randint(2, 6)
        self.xdo("mousemove", x, y, "mousedown", 1)
        for i in range(1, n):
            self.xdo("mousemove", int(x + i * cw), y)
        self.xdo("mouseup", 1)
        self.count("edits")

    def act_velocity(self) -> None:
        c = self.random_cell()
        if not c:
            return
        _, _, x, y = c
        dy = self.rng.choice([-25, -10, 10, 25])
        self.xdo("mousemove", x, y, "mousedown", 3, "mousemove", x, y + dy, "mouseup", 3)
        self.count("edits")

    def act_hover_keys(self) -> None:
        c = self.random_cell()
        if not c:
            return
        self.xdo("mousemove", c[2], c[3])
        self.key(self.rng.choice(["a", "g", "n", "Delete"]))
        self.count("edits")

    def act_rolls(self) -> None:
        """Over a hit: R (repeats), F (flam), Alt+wheel, or the roll menu by a right-click without dragging."""
        hits = [h for h in self.state["grid"].get("some_hits", []) if self.cell_xy(*h)]
        if not hits:
            return
        x, y = self.cell_xy(*self.rng.choice(hits))
        self.xdo("mousemove", x, y)
        how = self.rng.choice(["r", "f", "alt_wheel", "menu"])
        if how in ("r", "f"):
            self.key(how)
        elif how == "alt_wheel":
            self.xdo("keydown", "alt", "click", self.rng.choice(["4", "5"]), "keyup", "alt")
        else:
            self.xdo("click", 3, "sleep", "0.2")
            self.key(*self.rng.choice(["Escape", "Down Return", "Down Down Return"]).split())
        self.count("edits")
        self.rolls_seen = max(self.rolls_seen, self.read_state()["doc"].get("rolls", 0))

    def act_undo_redo(self) -> None:
        self.focus()
        for _ in range(self.rng.randint(1, 4)):
            self.key("ctrl+z")
            self.count("undo")
        for _ in range(self.rng.randint(0, 3)):
            self.key("ctrl+shift+z")
            self.count("redo")

    def act_select_bars(self) -> None:
        g = self.state["grid"]
        bar = self.rng.randrange(g["bars"])
        x = int(g["x"] + g["header_w"] + (bar + 0.5) * g["steps_per_bar"] * g["cell_w"])
        y = int(g["y"] + g["ruler_h"] / 2)
        vx, vy, vw, vh = g["view"]
        if x < vx + vw - 2:
            self.click(x, y)
            self.count("selections")
            if self.rng.random() < 0.5:
                self.focus()
                self.key("Escape")

    def act_tempo(self) -> None:
        b = self.button("tempo")
        if not b:
            return
        self.click(b["x"] - 20, b["y"])
        self.key("ctrl+a")
        self.xdo("type", "--delay", "15", str(self.rng.randint(70, 170)))
        self.key("Return")
        self.count("tempo_changes")

    def act_play_toggle(self) -> None:
        if self.press("play"):
            self.count("play_toggles")

    def act_drummer(self) -> None:
        st = self.read_state()
        if not st["drummer"]["ready"] or st["drummer"]["generating"]:
            return
        which = "continue" if self.rng.random() < 0.7 else "fill"
        if st["grid"]["bars"] >= 24 and which == "continue":
            which = "fill"
        done = st["drummer"]["done"]
        if not self.press(which):
            return
        self.count("generations")
        st = self.wait_for(f"the drummer's {which}", lambda s: s["drummer"]["done"] > done, 60)
        if st["doc"]["candidates"] == 0:
            raise SoakFailure(f"{which} gave no variation; status: {st.get('status')!r}")
        # a person looks before clicking: positions from a state written after the variations were shown
        time.sleep(0.3)
        self.read_state()
        for _ in range(self.rng.randint(0, 3) if st["doc"]["candidates"] > 1 else 0):
            index = self.state["doc"].get("candidate_index")
            self.press("next")
            self.count("browse")
            self.wait_for("the next variation", lambda s: s["doc"].get("candidate_index") != index, 5)
        self.focus()
        if self.rng.random() < 0.7:
            self.press("keep")
            self.count("kept")
        else:
            self.key("Escape")
            self.count("discarded")
        self.wait_for("the variations to go", lambda s: s["doc"]["candidates"] == 0, 10)

    def act_patterns(self) -> None:
        st = self.read_state()
        if st["doc"]["patterns"] < 4 and self.rng.random() < 0.5:
            self.press("copy_pattern")
            self.count("pattern_copies")
            return
        b = self.button("pattern_box")
        if not b:
            return
        self.click(b["x"], b["y"])
        time.sleep(0.3)
        self.key(self.rng.choice(["Down", "Up"]), "Return")
        self.count("pattern_switches")

    def act_audition(self) -> None:
        st = self.read_state()
        items = st["packs"]["items"]
        if not st["packs"]["visible"] or not items:
            return
        it = self.rng.choice(items)
        self.click(it["x"], it["y"])
        self.count("auditions")
        time.sleep(0.4)
        # editing right after an audition used to freeze the window: do it
        self.act_click_cells()
        self.press("play")  # back to the pattern

    def act_beatmap(self) -> None:
        """The Beat map: open it (Ctrl+B), put the project's patterns on it, rest on points (auditions), zoom
        and pan, click one into the selected bar, Find similar; then back to the pattern playing."""
        st = self.read_state()
        if not st["beatmap"]["visible"]:
            self.focus()
            self.key("ctrl+b")
            st = self.wait_for("the beat map panel", lambda s: s["beatmap"]["visible"], 10)
        if not st["beatmap"]["ready"]:         # (its models load when the panel is first shown)
            st = self.wait_for("the beat map loaded", lambda s: s["beatmap"]["ready"], 30)
        if not st["beatmap"]["points"]:
            c = st["buttons"]["beatmap_choice"]
            self.click(c["x"], c["y"])
            time.sleep(0.4)
            self.key("Home", "Down", "Down", "Return")      # the third entry: this project's patterns
            st = self.wait_for("points on the beat map", lambda s: s["beatmap"]["points"] > 0, 20)
            if st["beatmap"]["kind"] != "project":
                raise SoakFailure(f"the beat map shows {st['beatmap']['kind']!r}, not the project chosen")
        items = st["beatmap"]["items"]
        if not items:
            return
        for it in self.rng.sample(items, min(3, len(items))):
            self.move(it["x"], it["y"])
            time.sleep(0.35)                                 # rest: it auditions
        cv = st["beatmap"]["canvas"]
        self.move(cv["x"], cv["y"])
        self.xdo("click", "--repeat", str(self.rng.randint(1, 4)), str(self.rng.choice([4, 5])))   # zoom
        if self.rng.random() < 0.5:
            it = self.rng.choice(items)
            self.click(it["x"], it["y"])                     # into the selected bar (one undo step)
            self.count("edits")
        b = st["buttons"]["beatmap_similar"]
        self.click(b["x"], b["y"])
        self.count("beatmap")
        self.press("play")

    # ---- dialogs -------------------------------------------------------------------------------------------
    def type_in_dialog(self, title: str, text: str) -> None:
        self.wait_for(f"the {title!r} dialog", lambda s: s.get("modal") == title, 15)
        self.focus(title)
        time.sleep(0.3)
        self.key("ctrl+a")
        self.xdo("type", "--delay", "8", text)
        time.sleep(0.2)
        self.key("Return")

    def save_as(self, path: Path) -> None:
        self.settle()
        self.focus()
        self.key("ctrl+shift+s")
        self.type_in_dialog("Save as", str(path))
        self.wait_for(f"{path.name} to be saved", lambda s: s["doc"]["path"] == str(path) and not s["doc"]["dirty"], 15)
        if not path.is_file() or path.stat().st_size == 0:
            raise SoakFailure(f"Save As reported {path} saved, but it is not on disk")
        self.count("saves")
        # the keyboard reaches the window again after the dialog, without help (no window manager here);
        # Ctrl+L (the pack panel) because a text field that had the focus keeps Ctrl+Z for itself
        shown = self.read_state()["packs"]["visible"]
        self.key("ctrl+l")
        self.wait_for("Ctrl+L to work right after the Save As dialog", lambda s: s["packs"]["visible"] != shown, 5)
        self.key("ctrl+l")
        self.wait_for("Ctrl+L again", lambda s: s["packs"]["visible"] == shown, 5)

    def reopen(self, path: Path) -> None:
        self.settle()
        self.focus()
        self.key("ctrl+s")   # nothing unsaved, so Open asks no question
        saved = self.wait_for("the save", lambda s: not s["doc"]["dirty"], 10)["doc"]
        self.key("ctrl+o")
        self.type_in_dialog("Open", str(path))
        st = self.wait_for(f"{path.name} to be open", lambda s: s["doc"]["path"] == str(path) and s["doc"]["undo_count"] == 0, 15)
        got = {k: st["doc"][k] for k in ("patterns", "current", "hits", "pattern_name")}
        want = {k: saved[k] for k in got}
        if got != want:
            raise SoakFailure(f"{path.name} reopened differs from what was saved: {got} != {want}")
        self.focus()
        self.count("reopens")

    def open_pack(self, folder: Path) -> None:
        self.settle()
        self.focus()
        self.key("ctrl+shift+o")
        self.type_in_dialog("Open loop pack folder", str(folder))
        st = self.wait_for("the pack's loops", lambda s: s["packs"]["loops"] > 0 or s.get("modal") is not None, 20)
        if st.get("modal"):   # the directory dialog navigated into the folder: accept it
            self.focus(st["modal"])
            self.key("Return")
            self.wait_for("the pack's loops", lambda s: s["packs"]["loops"] > 0, 20)
        self.focus()
        self.count("packs_opened")

    # ---- the run --------------------------------------------------------------------------------------------
    def run(self) -> dict:
        self._start()
        self._use()
        return self._finish()

    def _start(self) -> None:
        """Xvfb, JACK and the window started with a MIDI file; playing; a loop pack open."""
        self.t0 = time.time()
        missing = [t for t in ("Xvfb", "xdotool") + (("import",) if self.shots else ()) if not shutil.which(t)]
        if missing:
            raise SoakFailure(f"missing {', '.join(missing)} (Debian packages xvfb, xdotool; imagemagick for --shots)")
        pack = self.work / "pack"
        _make_pack(pack)
        self._start_x()
        self._start_jack()
        self._start_app()
        st = self.wait_for("the window, its sound and its drummer",
                           lambda s: s["player"]["ready"] and s["drummer"]["ready"] and s["doc"]["pattern_name"] == "seed-beat", 90)
        if st.get("modal"):
            raise SoakFailure(f"a dialog ({st['modal']!r}) blocks the window after importing a file at start")
        if st["grid"]["bars"] != 2 or st["doc"]["hits"] < 20:
            raise SoakFailure(f"the MIDI file given at start did not open: {st['doc']}")
        self.focus()
        self._sound_mark = (self.state["player"]["frames"], time.time())
        self.press("play")
        self.wait_for("playback", lambda s: s["player"]["playing"], 10)
        self.open_pack(pack)

    def _use(self) -> None:
        """Every action once, then at random until the time is up, saving and reopening now and then."""
        actions = [(self.act_click_cells, 30), (self.act_paint, 8), (self.act_velocity, 6), (self.act_hover_keys, 8),
                   (self.act_undo_redo, 8), (self.act_select_bars, 5), (self.act_tempo, 3), (self.act_play_toggle, 3),
                   (self.act_drummer, 4), (self.act_patterns, 3), (self.act_audition, 3), (self.act_beatmap, 2), (self.act_rolls, 4)]
        funcs, weights = zip(*actions)
        for f in funcs:
            f()
            self.settle()
        saves = 0
        save_every = max(25.0, self.seconds / 4)
        next_save = time.time() + save_every
        next_rss = time.time()
        next_shot = time.time()
        end = self.t0 + self.seconds
        while time.time() < end:
            if self.rng.random() < 0.3:
                self.focus()
            f = self.rng.choices(funcs, weights)[0]
            t = time.time()
            f()
            self.settle()
            self.time_in[f.__name__] = self.time_in.get(f.__name__, 0.0) + time.time() - t
            if time.time() >= next_rss:
                self.sample_rss()
                next_rss = time.time() + self.rss_every
            if time.time() >= next_save:
                saves += 1
                path = self.work / f"soak-{saves}.groove"
                self.save_as(path)
                self.reopen(path)
                next_save = time.time() + save_every
            self.check_audio()
            if self.shots and time.time() >= next_shot:
                self.screenshot(f"shot-{int(time.time() - self.t0):05d}.png")
                next_shot = time.time() + self.shots_every

    def _finish(self) -> dict:
        """Playback still running in real time, the edits taken, a last Save As, Ctrl+Q, exit 0, and the
        file on disk is what the window showed."""
        st = self.read_state()
        if st["player"]["error"]:
            raise SoakFailure(f"the audio thread stopped: {st['player']['error']}")
        sent = self.counts.get("edits", 0)
        if st["doc"]["edits"] < 0.5 * sent:
            raise SoakFailure(f"{sent} edits were sent but the document took only {st['doc']['edits']}")
        rate = (st["player"]["frames"] - self._sound_mark[0]) / max(1e-9, time.time() - self._sound_mark[1])
        final = self.work / "final.groove"
        self.save_as(final)
        saved = self.read_state()["doc"]
        self.sample_rss()
        self.focus()
        self.key("ctrl+q")
        try:
            rc = self.app.wait(30)
        except subprocess.TimeoutExpired:
            self._dump_and_fail("the window did not quit within 30 s of Ctrl+Q")
        if rc != 0:
            raise SoakFailure(f"the window exited with status {rc}{self._stderr_tail()}")
        self.check_stderr()
        sys.path.insert(0, str(ROOT))
        from engine.project import load_project
        proj = load_project(final)   # what is on disk after quitting is what the window showed
        got = {"patterns": len(proj.patterns), "current": proj.current, "hits": int((proj.pattern.hits > 0).sum()),
               "rolls": proj.pattern.roll_count}
        if got != {k: saved[k] for k in got}:
            raise SoakFailure(f"{final.name} after quit holds {got}, the window showed {saved}")
        if rate < 0.9 * 44100:
            raise SoakFailure(f"sound fell behind: {rate:.0f} frames/s over the run")
        return self.report(st, rate)

    def report(self, st: dict, rate: float) -> dict:
        from engine.jack import CLIENT_NAME
        warm = [kb for t, kb in self.rss if t >= min(120.0, self.seconds * 0.3)] or [kb for _, kb in self.rss]
        out = {"seconds": round(time.time() - self.t0, 1), "audio": "jack" if self.jack else "null clock",
               "audio_frames_per_s": round(rate), "jack_xruns": self.jack_server.xruns(CLIENT_NAME) if self.jack_server else None,
               "longest_stall_ms": st["stall_ms"], "stack_dumps": self._stall_stacks(10**7).count("Timeout ("),
               "driver_longest_late_ms": round(max((ms for _, ms in self.canary.late), default=0.0), 1),
               **self.counts, "rolls_seen": self.rolls_seen,
               "edits_taken": st["doc"]["edits"],
               "rss_start_mb": round(self.rss[0][1] / 1024, 1) if self.rss else None,
               "rss_warm_mb": round(warm[0] / 1024, 1) if warm else None,
               "rss_end_mb": round(self.rss[-1][1] / 1024, 1) if self.rss else None,
               "rss_growth_after_warmup": round(warm[-1] / warm[0] - 1, 4) if warm else None,
               "seconds_in": {k: round(v, 1) for k, v in sorted(self.time_in.items())}, "notes": self.notes}
        return out


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--minutes", type=float, default=1.0)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--rss-limit", type=float, default=None, help="fail when RSS grows more than this after warm-up (0.10)")
    ap.add_argument("--keep", action="store_true", help="keep the work folder (state, stderr, saved files)")
    ap.add_argument("--shots", default=None, help="a folder for screenshots of the screen every 20 s")
    ap.add_argument("--require-jack", action="store_true", help="fail when no JACK server can be started")
    args = ap.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="grooveloom-soak-"))
    soak = Soak(args.minutes * 60, work, seed=args.seed, shots=Path(args.shots) if args.shots else None,
                require_jack=args.require_jack)
    try:
        res = soak.run()
        if args.rss_limit is not None and (res["rss_growth_after_warmup"] or 0) > args.rss_limit:
            raise SoakFailure(f"RSS grew {res['rss_growth_after_warmup']:.1%} after warm-up "
                              f"(limit {args.rss_limit:.0%}): {res}")
    except SoakFailure as exc:
        print(f"soak FAILED after {time.time() - soak.t0:.0f} s: {exc}\ncounts: {soak.counts}\n"
              f"last actions: {'; '.join(soak.trail)}\nwork folder: {work}")
        return 1
    finally:
        soak.close()
    print(json.dumps(res))
    if not args.keep:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
