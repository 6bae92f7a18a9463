"""The player's life in the window: started in a worker, a state instead of status strings, play/stop,
the document's pattern and mixer handed over on every change, auditions, the playhead."""
from __future__ import annotations

import os
from functools import partial
from dataclasses import dataclass
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from engine.soundfont import NoSuchKitError, default_soundfont
from engine.synth import BUFFER_SIZES

from .i18n import tr
from .settings import read_str
from .sync import follower, halt
from .workers import run_async


DEVICE_CHECK_MS = 1000   # how often the window checks that the audio device still takes sound


class SoundState(Enum):
    STARTING = "starting"
    READY = "ready"        # sound through an audio device
    SILENT = "silent"      # no audio device: the clock runs, nothing is heard, export works
    FAILED = "failed"      # no usable soundfont: no playback


@dataclass(frozen=True)
class WorkedFeel:
    """A pattern's feel as worked out in a worker: each hit's seconds off the grid and its velocity, for a
    style and an amount (0-100)."""
    pattern: object
    style: str
    amount: int
    seconds: object      # (rows, steps) seconds
    velocities: object   # (rows, steps)


class FeelCache:
    """The feel worked out per pattern (by identity: patterns are immutable) for a (style, amount); at most
    MAX patterns, cleared past that (an edit makes a new pattern)."""
    MAX = 64

    def __init__(self):
        self._by_id: dict[int, WorkedFeel] = {}

    def get(self, pattern, style: str, amount: int) -> WorkedFeel | None:
        w = self._by_id.get(id(pattern))
        return w if w is not None and w.pattern is pattern and (w.style, w.amount) == (style, amount) else None

    def put(self, worked) -> None:
        if len(self._by_id) > self.MAX:
            self._by_id.clear()
        for w in worked:
            self._by_id[id(w.pattern)] = w

    def __len__(self) -> int:
        return len(self._by_id)


class SoundController(QObject):
    stateChanged = Signal()
    playingChanged = Signal(bool)
    playheadMoved = Signal(object)   # the step sounding now (float) or None
    songEntry = Signal(object)       # song mode: the arrangement entry playing (int) or None
    feelChanged = Signal()           # the feel model loaded (or there is none)
    kitBalanced = Signal(object)     # {note: velocity curve} the kit in use balances (engine.kitbalance)
    followRequested = Signal(int)    # song mode: the pattern playing is not the one shown
    message = Signal(str, int)       # status-bar text, milliseconds (0: until replaced)

    def __init__(self, doc, settings, parent=None, feel_cache: "FeelCache | None" = None):
        super().__init__(parent)
        self.doc, self.settings = doc, settings
        self.player = None
        self.state = SoundState.STARTING
        self.text = tr("starting sound ...")
        self.loop_range = None                  # steps [a, b) to loop, or None for the whole pattern
        self.song_mode = False                  # Play plays the arrangement (when there is one)
        self.follow: str | None = None          # what Play follows (ui.sync.MODES): midi, jack, lead
        self.feel_model = None                  # models.feel.FeelOnDemand (None: no feel model)
        self.feel_cache = feel_cache if feel_cache is not None else FeelCache()   # the feel worked out
        self._feel_running: set = set()         # feel being worked out: (style, amount, pattern ids)
        self._feel_waiting: dict = {}           # ... and what to do when it is
        self._start_when_ready = False          # Play pressed while the feel was worked out
        self._entry = None                      # song mode: the entry last shown playing
        self.output = ""                        # the output as the player describes it, once measured
        self._chosen: str | None = None         # the driver picked in Audio output ('' = default)
        self.timer = QTimer(self, interval=30, timeout=self._tick)
        self.watch = QTimer(self, interval=DEVICE_CHECK_MS, timeout=self._check_device)

    # ---- start-up --------------------------------------------------------------------------------
    def audio_driver(self) -> str | None:
        """FluidSynth's audio driver: the one chosen in Audio output (this session), else
        GROOVELOOM_AUDIO_DRIVER (jack, pulseaudio, alsa, null, ...), else the 'audio_driver' setting, else
        FluidSynth's default."""
        if self._chosen is not None:
            return self._chosen or None
        return os.environ.get("GROOVELOOM_AUDIO_DRIVER") or read_str(self.settings, "audio_driver")

    def audio_buffer(self) -> int:
        """The audio period in frames (the 'audio_buffer' setting; 512 when unset or not offered)."""
        try:
            n = int(self.settings.value("audio_buffer", 512))
        except (TypeError, ValueError):
            return 512
        return n if n in BUFFER_SIZES else 512

    def _open(self, soundfont: str | None, kit: str | None, driver: str | None):
        """Build a player (in a worker); a kit this soundfont lacks gets its first kit instead."""
        from engine.player import Player
        buffer = self.audio_buffer()

        def make():
            if soundfont:
                default_soundfont(soundfont)   # checks the file before anything is torn down
            try:
                return Player(soundfont=soundfont, kit=kit, driver=driver, buffer_size=buffer)
            except NoSuchKitError:
                return Player(soundfont=soundfont, driver=driver, buffer_size=buffer)
        return make

    def start(self, kit: str | None = None) -> None:
        make = self._open(read_str(self.settings, "soundfont"), kit or read_str(self.settings, "kit"),
                          self.audio_driver())
        self._set_state(SoundState.STARTING, tr("starting sound ..."))
        run_async(make, on_done=self._ready, on_error=self._failed)

    def choose_soundfont(self, path: str, on_error) -> None:
        """Another soundfont: the new player is built in a worker; a bad file keeps the current one."""
        def done(player):
            self.settings.setValue("soundfont", path)
            self._replace(player)

        run_async(self._open(path, None, self.audio_driver()), on_done=done, on_error=on_error)

    def soundfont_dialog(self, prompts, on_error) -> None:
        """Transport > Soundfont: another soundfont; on_error(title, text) when it cannot be used."""
        path = prompts.open_file(tr("Choose soundfont"), "/usr/share/sounds/sf2",
                                 tr("SoundFonts (*.sf2 *.sf3);;All files (*)"))
        if path:
            self.choose_soundfont(path, lambda exc: on_error(tr("Cannot use this soundfont"), str(exc)))

    def set_output(self, driver: str | None, buffer: int) -> None:
        """Open another output (driver None: FluidSynth's default; 'null': silent), or the same one again:
        that is how a lost device is picked up. Playback goes on from the start of the loop."""
        self._chosen = driver or ""
        self.settings.setValue("audio_driver", driver or "")
        self.settings.setValue("audio_buffer", int(buffer))
        rig = self.player.rig if self.player else None
        make = self._open(rig.path if rig else read_str(self.settings, "soundfont"),
                          rig.kit.name if rig else read_str(self.settings, "kit"), driver)
        self.message.emit(tr("Opening audio output {output} ...").format(output=driver or tr("default")), 0)
        run_async(make, on_done=self._replace, on_error=self._failed)

    def _replace(self, player) -> None:
        """A new player takes over from the current one; playback carries on if it was on."""
        was_playing = self.playing
        self.close()
        self._ready(player)
        if was_playing:
            self.set_playing(True)

    def _ready(self, player) -> None:
        self.player = player
        rig = player.rig
        self.kitBalanced.emit({n: c for n, (c, _) in rig.kit_balance.items()})
        if player.status == "ok":
            self._set_state(SoundState.READY, tr("Sound: {soundfont}, kit {kit}").format(
                soundfont=os.path.basename(rig.path), kit=rig.kit.name))
            QTimer.singleShot(400, self._show_output)   # the first callbacks tell the real period
        else:
            self._set_state(SoundState.SILENT, tr("{why}; playback runs silently, export works").format(
                why=player.status))
        self.message.emit(self.text, 8000)
        self.watch.start()
        self.push()

    def _show_output(self) -> None:
        if self.player is not None and self.state is SoundState.READY:
            self.output = self.player.describe()
            self.message.emit(f"{self.text} · {self.output}", 8000)
            self.stateChanged.emit()

    def output_badge(self) -> tuple[str, str]:
        """(short text, tooltip) for the status bar: the output and its latency, or why there is none."""
        p = self.player
        if p is None or self.state is SoundState.STARTING:
            return "", ""
        if self.state is SoundState.FAILED:
            return tr("no sound"), self.text
        if self.state is SoundState.SILENT:
            return tr("silent"), self.text
        return f"{p.driver_name} · {p.latency * 1000:.1f} ms", p.describe()

    def _check_device(self) -> None:
        """A device that went away (unplugged, server stopped): play on silently and say how to get it back."""
        p = self.player
        if p is None or not p.device_lost():
            return
        self.watch.stop()
        lost = p.driver_name
        rig = p.rig
        text = tr("Audio output '{output}' stopped responding (device gone or server stopped): playing on "
                  "silently. Transport > Audio output... opens it again").format(output=lost)

        def done(player):
            self._replace(player)
            self._set_state(SoundState.SILENT, text)
            self.message.emit(text, 0)

        run_async(self._open(rig.path, rig.kit.name, "null"), on_done=done, on_error=self._failed)

    def _failed(self, exc) -> None:
        self._set_state(SoundState.FAILED, tr("No sound: {error}").format(error=exc))
        self.message.emit(self.text, 0)

    def _set_state(self, state: SoundState, text: str) -> None:
        self.state, self.text = state, text
        self.stateChanged.emit()

    @property
    def can_play(self) -> bool:
        return self.player is not None

    # ---- playback --------------------------------------------------------------------------------
    @property
    def playing(self) -> bool:
        return bool(self.player and self.player.playing)

    @property
    def transport_playing(self) -> bool:
        """The beat is playing (Play), not an audition."""
        return self.playing and self.timer.isActive()

    def set_playing(self, on: bool) -> None:
        if self.player is None:
            if on:
                self.message.emit(self.text if self.state is SoundState.FAILED
                                  else tr("Sound is still starting; press Play again in a moment"), 8000)
            self.playingChanged.emit(False)
            return
        if on:
            m = self.doc.project.mixer
            song = self._song()
            self._start_when_ready = True
            if not self.work_out_feel(self._heard(song), then=self._start_later):
                return                                  # (starts when the drummer's feel is worked out)
            self._start_when_ready = False
            if song:
                entries = [k for k, (i, _) in enumerate(self.doc.project.arrangement) if i == self.doc.project.current]
                start = entries[0] if entries and self.playing else 0    # (switched on while playing: from here)
                self.player.play_song(song, section=start, mixer=m, humanize=self.played(self._heard(song)),
                                      metronome=m.metronome, count_in=m.count_in)
            else:
                play = follower(self.player, self.follow) or partial(self.player.play, count_in=m.count_in)
                play(self.doc.shown, mixer=m, humanize=self.played(self._heard(song)), metronome=m.metronome,
                     loop_range=self._valid_range())
            self.timer.start()
        else:
            self._start_when_ready = False
            halt(self.player)
            self.timer.stop()
            self.playheadMoved.emit(None)
            self._show_entry(None)
        self.playingChanged.emit(on)

    def set_follow(self, mode: str | None) -> None:
        """What Play follows (ui.sync): 'midi' (a MIDI clock's Start on the MIDI in), 'jack' or 'lead' (the
        JACK transport), None: GrooveLoom leads."""
        self.follow = mode
        if self.playing:
            self.set_playing(True)

    def _start_later(self) -> None:
        if self._start_when_ready:
            self.set_playing(True)

    def set_song_mode(self, on: bool) -> None:
        """Song or pattern playback; while playing, it goes on in the other mode (the song from the entry of
        the pattern shown)."""
        self.song_mode = on
        self._show_entry(None)
        if on and not self.doc.project.arrangement:
            self.message.emit(tr("The song is empty: + Add in the song strip puts the pattern shown in it; "
                                 "until then Play loops the pattern"), 8000)
        if self.playing:
            self.set_playing(True)

    def _heard(self, song) -> list:
        """The patterns Play plays: the song's (`_song()`, in order) or, without one, the pattern shown."""
        return [p for p, _ in song] if song else [self.doc.shown]

    def _song(self) -> list | None:
        """Song mode with an arrangement: (pattern, repeats) in order, the current pattern as shown (edits,
        a variation being browsed); else None."""
        proj = self.doc.project
        if not self.song_mode or not proj.arrangement:
            return None
        return [(self.doc.shown if i == proj.current else proj.patterns[i], n) for i, n in proj.arrangement]

    def set_loop_range(self, steps) -> None:
        self.loop_range = steps
        if self.playing:
            self.player.set_loop_range(self._valid_range())

    def _valid_range(self):
        r = self.loop_range
        return r if r and r[1] <= self.doc.shown.n_steps else None

    def push(self) -> None:
        """The document changed: the player hears the new pattern and mixer from the next step (with the
        drummer's feel on, once that is worked out: until then it goes on with the last)."""
        song = self._song()
        ready = self.work_out_feel(self._heard(song), then=self.push)
        if self.player is None:
            return
        m = self.doc.project.mixer
        self.player.set_mixer(m)
        if not ready:
            return
        self.player.set_options(humanize=self.played(self._heard(song)),
                                metronome=m.metronome)
        if self.playing and (song is None) != (self.player.song is None):
            self.set_playing(True)      # the song was emptied, or became one: start again in the other mode
        elif song is not None:
            self.player.set_song(song)
        else:
            self.player.set_pattern(self.doc.shown)

    def audition(self, loop, tempo: float) -> None:
        """Hear a pack loop at `tempo` (its own or the pattern's; the pattern's playback stops)."""
        self.audition_pattern(loop.pattern.with_settings(tempo=tempo))

    def audition_pattern(self, p) -> None:
        """Hear a pattern twice round (a pack loop, a bar of the beat map); the pattern's playback stops."""
        if self.player is None:
            return
        self.timer.stop()
        self.playheadMoved.emit(None)
        self.playingChanged.emit(False)
        self.player.play(p)
        # twice round, then quiet (unless Play or another audition took over)
        QTimer.singleShot(int(2 * p.duration_seconds * 1000) + 100, lambda: self._end_audition(p))

    def _end_audition(self, p) -> None:
        if self.player is not None and self.player.playing and self.player.pattern is p and not self.timer.isActive():
            self.player.stop(ring=True)

    def set_kit(self, name: str) -> None:
        if self.player:
            kit = self.player.set_kit(name)
            rig = self.player.rig
            run_async(lambda: rig.measure_balance(kit),       # (the player measures it too: once, cached)
                      on_done=lambda b: self.kitBalanced.emit({n: c for n, (c, _) in b.items()}))
        self.settings.setValue("kit", name)

    def _tick(self) -> None:
        if self.player:
            where = self.player.where()
            proj = self.doc.project
            if self.player.song is None or where is None:
                self.playheadMoved.emit(where[1] if where else None)
            elif where[0] < len(proj.arrangement):
                self._show_entry(where[0])
                index = proj.arrangement[where[0]][0]
                if index != proj.current:
                    self.followRequested.emit(index)
                self.playheadMoved.emit(where[1] if index == self.doc.project.current else None)
            if self.player.error:
                self.set_playing(False)
                self.message.emit(tr("Playback stopped: {error}").format(error=self.player.error), 0)

    # ---- the drummer's feel ------------------------------------------------------------------------
    def load_feel(self, model_dir: str | None) -> None:
        """The feel model (feel.tflite) loads in a worker when a pattern is first played or exported with Feel
        above 0 (at once for a project that has it); without one the Feel control says why."""
        from models.feel import DEFAULT_DIR, FeelOnDemand
        folder = model_dir or DEFAULT_DIR
        self.feel_model = FeelOnDemand(folder) if os.path.exists(os.path.join(folder, "feel.tflite")) else None
        self.feelChanged.emit()
        self.push()

    def _feel_unavailable(self, exc) -> None:
        if self.feel_model is not None and self.feel_model.error is not None:
            self.feel_model = None
            self.feelChanged.emit()
            self.message.emit(tr("The feel model is unavailable: {error}").format(error=exc), 8000)

    def _feel_settings(self):
        """(style, amount) of the drummer's feel the project asks for, or None (Feel 0 or no model)."""
        m = self.doc.project.mixer
        return (m.feel_style, m.feel) if m.feel and self.feel_model is not None else None

    def _cached(self, p, want):
        """(pattern, seconds, velocities) worked out for p with the feel `want` (style, amount), or None."""
        worked = self.feel_cache.get(p, *want)
        return (p, worked.seconds, worked.velocities) if worked is not None else None

    def _feel_missing(self, patterns) -> list:
        """The patterns (each once) whose feel is not worked out yet."""
        want = self._feel_settings()
        if want is None:
            return []
        return list({id(p): p for p in patterns if self._cached(p, want) is None}.values())

    def feel_ready(self, patterns) -> bool:
        """The feel these patterns are played with is worked out (or none is asked for)."""
        return not self._feel_missing(patterns)

    def work_out_feel(self, patterns, then=None) -> bool:
        """True when the feel of these patterns is ready; else it is worked out in a worker (the model never
        runs on the GUI thread) and `then()` is called back here when it is."""
        missing = self._feel_missing(patterns)
        if not missing:
            return True
        style, amount = self._feel_settings()
        key = (style, amount, tuple(id(p) for p in missing))
        waiting = self._feel_waiting.setdefault(key, [])
        if then is not None and then not in waiting:
            waiting.append(then)
        if key in self._feel_running:
            return False
        self._feel_running.add(key)
        from models.feel import pattern_feel
        model = self.feel_model

        def work():
            feel = model.get()
            return [WorkedFeel(p, style, amount, *pattern_feel(feel, p, style, amount / 100.0)) for p in missing]

        def done(results):
            self._feel_running.discard(key)
            self.feel_cache.put(results)
            for fn in self._feel_waiting.pop(key, []):
                fn()

        def failed(exc):      # (these patterns play as drawn rather than not at all)
            import numpy as np
            if model.error is None:
                self.message.emit(tr("The drummer's feel could not be worked out: {error}").format(error=exc), 8000)
            self._feel_unavailable(exc)       # (when the model itself failed to load)
            done([WorkedFeel(p, style, amount, np.zeros(p.hits.shape), p.hits.astype(np.int64)) for p in missing])

        run_async(work, on_done=done, on_error=failed)
        return False

    def played(self, patterns) -> object:
        """How these patterns are played: with the drummer's feel (the project's Feel amount and style, from
        the tables work_out_feel made in a worker; a pattern without one yet plays as drawn), else the
        project's humanize."""
        want = self._feel_settings()
        if want is None:
            return self.doc.project.mixer.humanize
        from engine.performance import PlayedFeel
        return PlayedFeel([t for t in (self._cached(p, want) for p in patterns) if t is not None])

    def played_in_worker(self, patterns):
        """For exports: a function to call in their worker that returns how these patterns are played (the
        feel tables cached here, the rest worked out there)."""
        want = self._feel_settings()
        if want is None:
            humanize = self.doc.project.mixer.humanize
            return lambda: humanize
        from engine.performance import PlayedFeel
        from models.feel import pattern_feel
        model, (style, amount) = self.feel_model, want
        ready = [t for t in (self._cached(p, want) for p in patterns) if t is not None]
        missing = self._feel_missing(patterns)     # (a song repeats its patterns: each worked out once)
        return lambda: PlayedFeel(ready + [(p, *pattern_feel(model.get(), p, style, amount / 100.0))
                                           for p in missing])

    def _show_entry(self, entry) -> None:
        if entry != self._entry:
            self._entry = entry
            self.songEntry.emit(entry)

    def close(self) -> None:
        self.timer.stop()
        self.watch.stop()
        if self.player:
            self.player.close()
            self.player = None

    def output_dialog(self, prompts) -> None:
        """Transport > Audio output: the driver and buffer size, with what plays now (opens a lost device again)."""
        from engine.soundfont import SoundfontError
        from engine.synth import BUFFER_SIZES, audio_drivers
        try:
            drivers = audio_drivers()
        except SoundfontError as exc:
            prompts.error(tr("No audio output"), str(exc))
            return
        now = self.player.describe() if self.player else self.text
        rate = self.player.samplerate if self.player else 44100
        answer = prompts.audio_output(drivers, BUFFER_SIZES, self.audio_driver(), self.audio_buffer(), now, rate)
        if answer:
            self.set_output(*answer)
