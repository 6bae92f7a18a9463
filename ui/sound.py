"""The player's life in the window: started in a worker, a state instead of status strings, play/stop,
the document's pattern and mixer handed over on every change, auditions, the playhead."""
from __future__ import annotations

import os
from enum import Enum

from PySide6.QtCore import QObject, QTimer, Signal

from engine.soundfont import NoSuchKitError

from .settings import read_str
from .workers import run_async


class SoundState(Enum):
    STARTING = "starting"
    READY = "ready"        # sound through an audio device
    SILENT = "silent"      # no audio device: the clock runs, nothing is heard, export works
    FAILED = "failed"      # no usable soundfont: no playback


class SoundController(QObject):
    stateChanged = Signal()
    playingChanged = Signal(bool)
    playheadMoved = Signal(object)   # the step sounding now (float) or None
    message = Signal(str, int)       # status-bar text, milliseconds (0: until replaced)

    def __init__(self, doc, settings, parent=None):
        super().__init__(parent)
        self.doc, self.settings = doc, settings
        self.player = None
        self.state = SoundState.STARTING
        self.text = "starting sound ..."
        self.loop_range = None                  # steps [a, b) to loop, or None for the whole pattern
        self.timer = QTimer(self, interval=30, timeout=self._tick)

    # ---- start-up --------------------------------------------------------------------------------
    def audio_driver(self) -> str | None:
        """FluidSynth's audio driver: GROOVELOOM_AUDIO_DRIVER (jack, pulseaudio, alsa, null, ...), else the
        'audio_driver' setting, else FluidSynth's default."""
        return os.environ.get("GROOVELOOM_AUDIO_DRIVER") or read_str(self.settings, "audio_driver")

    def start(self, kit: str | None = None) -> None:
        from engine.player import Player
        soundfont, driver = read_str(self.settings, "soundfont"), self.audio_driver()
        kit = kit or read_str(self.settings, "kit")

        def make():
            try:
                return Player(soundfont=soundfont, kit=kit, driver=driver)
            except NoSuchKitError:   # a kit this soundfont lacks: its first kit instead
                return Player(soundfont=soundfont, driver=driver)

        self._set_state(SoundState.STARTING, "starting sound ...")
        run_async(make, on_done=self._ready, on_error=self._failed)

    def choose_soundfont(self, path: str, on_error) -> None:
        """Another soundfont: the new player is built in a worker; a bad file keeps the current one."""
        from engine.player import Player
        from engine.soundfont import default_soundfont
        driver = self.audio_driver()

        def make():
            default_soundfont(path)  # checks the file before anything is torn down
            return Player(soundfont=path, driver=driver)

        def done(player):
            self.close()
            self.settings.setValue("soundfont", path)
            self._ready(player)

        run_async(make, on_done=done, on_error=on_error)

    def _ready(self, player) -> None:
        self.player = player
        rig = player.rig
        if player.status == "ok":
            self._set_state(SoundState.READY, f"Sound: {os.path.basename(rig.path)}, kit {rig.kit.name}")
        else:
            self._set_state(SoundState.SILENT, f"{player.status}; playback runs silently, export works")
        self.message.emit(self.text, 8000)
        self.push()

    def _failed(self, exc) -> None:
        self._set_state(SoundState.FAILED, f"No sound: {exc}")
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

    def set_playing(self, on: bool) -> None:
        if self.player is None:
            if on:
                self.message.emit(self.text if self.state is SoundState.FAILED
                                  else "Sound is still starting; press Play again in a moment", 8000)
            self.playingChanged.emit(False)
            return
        if on:
            m = self.doc.project.mixer
            self.player.play(self.doc.shown, mixer=m, humanize=m.humanize, metronome=m.metronome,
                             count_in=m.count_in, loop_range=self._valid_range())
            self.timer.start()
        else:
            self.player.stop()
            self.timer.stop()
            self.playheadMoved.emit(None)
        self.playingChanged.emit(on)

    def set_loop_range(self, steps) -> None:
        self.loop_range = steps
        if self.playing:
            self.player.set_loop_range(self._valid_range())

    def _valid_range(self):
        r = self.loop_range
        return r if r and r[1] <= self.doc.shown.n_steps else None

    def push(self) -> None:
        """The document changed: the player hears the new pattern and mixer from the next step."""
        if self.player is None:
            return
        m = self.doc.project.mixer
        self.player.set_mixer(m)
        self.player.set_options(humanize=m.humanize, metronome=m.metronome)
        self.player.set_pattern(self.doc.shown)

    def audition(self, loop, tempo: float) -> None:
        """Hear a pack loop at the pattern's tempo (the pattern's playback stops)."""
        if self.player is None:
            return
        self.timer.stop()
        self.playheadMoved.emit(None)
        self.playingChanged.emit(False)
        self.player.play(loop.pattern.with_settings(tempo=tempo))

    def set_kit(self, name: str) -> None:
        if self.player:
            self.player.set_kit(name)
        self.settings.setValue("kit", name)

    def _tick(self) -> None:
        if self.player:
            self.playheadMoved.emit(self.player.position())
            if self.player.error:
                self.set_playing(False)
                self.message.emit(f"Playback stopped: {self.player.error}", 0)

    def close(self) -> None:
        self.timer.stop()
        if self.player:
            self.player.close()
            self.player = None
