"""Transport > MIDI output: GrooveLoom plays a DAW's drum rack or a drum machine through JACK MIDI. The
settings (the port, channel, clock, the internal synth on or off) are kept, applied to every player the
sound controller opens, and the port is watched: one that goes away (its program closed, a device
unplugged) is reported within a second while playback goes on."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel, QSpinBox

from engine.midiout import DRUM_CHANNEL, MidiOut

from .i18n import tr
from .settings import read_flag, read_str

WATCH_MS = 300


def _channel(settings) -> int:
    try:
        return min(max(int(settings.value("midi_channel", DRUM_CHANNEL + 1)), 1), 16)
    except (TypeError, ValueError):
        return DRUM_CHANNEL + 1


class MidiOutController(QObject):
    message = Signal(str, int)
    changed = Signal()

    def __init__(self, sound, settings, parent=None):
        super().__init__(parent)
        self.sound, self.settings = sound, settings
        self.connected_to: str | None = None        # the port the MIDI out was connected to, while it is
        self.watch = QTimer(self, interval=WATCH_MS, timeout=self._check)
        sound.stateChanged.connect(self._player_changed)
        self._player = None

    # ---- settings -----------------------------------------------------------------------------------
    @property
    def port(self) -> str | None:
        return read_str(self.settings, "midi_port")

    def routing(self) -> MidiOut:
        s = self.settings
        return MidiOut(channel=_channel(s) - 1, clock=read_flag(s, "midi_clock", False),
                       synth=read_flag(s, "midi_synth", True))

    def save(self, port: str | None, channel: int, clock: bool, synth: bool) -> None:
        s = self.settings
        s.setValue("midi_port", port or "")
        s.setValue("midi_channel", int(channel))
        s.setValue("midi_clock", bool(clock))
        s.setValue("midi_synth", bool(synth))
        self.apply()

    # ---- the player ---------------------------------------------------------------------------------
    def _player_changed(self) -> None:
        if self.sound.player is not self._player:
            self._player = self.sound.player
            self.connected_to = None
            self.apply()

    @property
    def jack(self):
        p = self.sound.player
        return getattr(p, "jack", None) if p is not None else None

    def apply(self) -> None:
        """The settings on the player: what goes out, and the port connected (a missing one said once)."""
        jack = self.jack
        if jack is None:
            self.watch.stop()
            self.changed.emit()
            return
        self.sound.player.set_midi(self.routing())
        port = self.port
        if port and port != self.connected_to:
            from engine.jack import JackError
            try:
                jack.connect_midi(port)
                self.connected_to = port
                self.message.emit(tr("MIDI out to {port}").format(port=port), 4000)
            except JackError as exc:
                self.connected_to = None
                self.message.emit(tr("MIDI out: {error}").format(error=exc), 8000)
        self.watch.start()
        self.changed.emit()

    def _check(self) -> None:
        jack = self.jack
        if jack is None or not self.connected_to:
            return
        if jack.client and jack.midi_connected == 0:
            gone, self.connected_to = self.connected_to, None
            self.message.emit(tr("MIDI out: '{port}' went away (its program closed or its device was unplugged); "
                                 "playback goes on. Transport > MIDI output... connects again").format(port=gone), 0)
            self.changed.emit()

    def badge(self) -> str:
        """A few words for the status bar: where the MIDI goes, if anywhere."""
        if self.jack is None:
            return ""
        return tr("MIDI \u2192 {port}").format(port=self.connected_to) if self.connected_to else ""

    # ---- the dialog ---------------------------------------------------------------------------------
    def dialog(self, prompts) -> None:
        from engine.jack import midi_ports
        ports = (midi_ports() or {}).get("in", [])
        answer = prompts.midi_output(ports, self.port, _channel(self.settings), self.routing(), self.jack is not None)
        if answer:
            self.save(*answer)


def jack_port_box(ports: list[str], port: str | None) -> QComboBox:
    """A choice of the server's JACK MIDI ports: 'not connected' first, a saved port that is not there now
    kept (and said so), the saved one chosen. Its data: the port's name ('' for none)."""
    box = QComboBox()
    box.addItem(tr("Not connected (patch it in your JACK patchbay)"), "")
    for name in ports:
        box.addItem(name, name)
    if port and port not in ports:
        box.addItem(tr("{port} (not there now)").format(port=port), port)
    box.setCurrentIndex(max(box.findData(port or ""), 0))
    return box


class MidiOutDialog(QDialog):
    def __init__(self, ports: list[str], port: str | None, channel: int, routing: MidiOut, through_jack: bool,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MIDI output"))
        form = QFormLayout(self)
        if not through_jack:
            note = QLabel(tr("MIDI goes out through JACK: choose JACK in Transport > Audio output... (a JACK server "
                             "must run: jackd, QjackCtl or PipeWire's JACK)."))
            note.setWordWrap(True)
            form.addRow(note)
        self.port_box = jack_port_box(ports, port)
        form.addRow(tr("Send to"), self.port_box)
        self.channel_box = QSpinBox(minimum=1, maximum=16, value=channel)
        self.channel_box.setToolTip(tr("General MIDI drums are on channel 10"))
        form.addRow(tr("Channel"), self.channel_box)
        self.clock_check = QCheckBox(tr("Send MIDI clock, start and stop"))
        self.clock_check.setChecked(routing.clock)
        form.addRow(self.clock_check)
        self.synth_check = QCheckBox(tr("Play the internal drum kit too"))
        self.synth_check.setChecked(routing.synth)
        self.synth_check.setToolTip(tr("Off: only the DAW's or the drum machine's sounds are heard"))
        form.addRow(self.synth_check)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str | None, int, bool, bool]:
        return (self.port_box.currentData() or None, self.channel_box.value(), self.clock_check.isChecked(),
                self.synth_check.isChecked())
