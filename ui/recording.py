"""Transport > Record: what a drummer plays on pads or an e-kit (a JACK MIDI output) is written into the
grid while the loop plays. The hits appear as they are played and are heard on the next pass; the take is
one undo step when Play stops or Record is turned off (Ctrl+Z takes it back). Transport > MIDI input...
chooses the port, the input's note map, overdub or replace, and whether the pads are heard through the
kit (in the audio callback: no Python between a pad and its sound)."""
from __future__ import annotations

from PySide6.QtCore import QObject, QTimer, Signal
from PySide6.QtWidgets import QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from engine.recorder import KIT_MAPS, Take, input_note_map, merge

from .i18n import QT_TR_NOOP, tr
from .midi_out import jack_port_box
from .settings import read_flag, read_str

POLL_MS = 40
WATCH_MS = 300
MAP_NAMES = {"gm": QT_TR_NOOP("General MIDI"), "roland": QT_TR_NOOP("Roland V-Drums (TD)"),
             "alesis": QT_TR_NOOP("Alesis"), "pads": QT_TR_NOOP("Pad controller (8 pads from C1)"),
             "mpc": QT_TR_NOOP("MPC"), "ableton": QT_TR_NOOP("Ableton Drum Rack")}


class RecordController(QObject):
    message = Signal(str, int)
    armedChanged = Signal(bool)

    def __init__(self, doc, sound, settings, parent=None):
        super().__init__(parent)
        self.doc, self.sound, self.settings = doc, sound, settings
        self.armed = False
        self.take: Take | None = None
        self._base = None                       # the pattern the take is written over
        self._player = None
        self.connected_from: str | None = None   # the port recorded from, while it is connected
        self.timer = QTimer(self, interval=POLL_MS, timeout=self._poll)
        self.watch = QTimer(self, interval=WATCH_MS, timeout=self._check)
        sound.stateChanged.connect(self._player_changed)
        sound.playingChanged.connect(self._playing_changed)

    # ---- settings -----------------------------------------------------------------------------------
    @property
    def port(self) -> str | None:
        return read_str(self.settings, "midi_in_port")

    @property
    def map_name(self) -> str:
        name = read_str(self.settings, "midi_in_map", "gm")
        return name if name in KIT_MAPS else "gm"

    def save(self, port: str | None, map_name: str, monitor: bool, replace: bool, quantize: bool = True) -> None:
        s = self.settings
        s.setValue("record_quantize", bool(quantize))
        s.setValue("midi_in_port", port or "")
        s.setValue("midi_in_map", map_name)
        s.setValue("midi_in_monitor", bool(monitor))
        s.setValue("record_replace", bool(replace))
        self._apply()

    def _player_changed(self) -> None:
        if self.sound.player is not self._player:
            self._player = self.sound.player
            self._apply()

    def _apply(self) -> None:
        """The port connected and the pads heard, on the player through JACK (a missing port said once)."""
        p = self.sound.player
        if p is None or p.jack is None:
            return
        p.monitor(input_note_map(self.map_name), on=read_flag(self.settings, "midi_in_monitor", True))
        port = self.port
        if port:
            from engine.jack import JackError
            try:
                p.record_from(port)
                self.connected_from = port
                self.watch.start()
            except JackError as exc:
                self.connected_from = None
                self.message.emit(tr("MIDI in: {error}").format(error=exc), 8000)

    def _check(self) -> None:
        """The port recorded from went away (its program quit, the kit unplugged): said once, within a second;
        playback goes on."""
        p = self.sound.player
        jack = p.jack if p is not None else None
        if jack is None or not self.connected_from or not jack.client:
            return
        if jack.midi_in_connected == 0:
            gone, self.connected_from = self.connected_from, None
            self.watch.stop()
            self.message.emit(tr("MIDI in: '{port}' went away (its program closed or its device was unplugged); "
                                 "playback goes on. Transport > MIDI input... connects again").format(port=gone), 0)

    # ---- recording ----------------------------------------------------------------------------------
    def set_armed(self, on: bool) -> None:
        p = self.sound.player
        if on and (p is None or p.jack is None):
            self.message.emit(tr("Recording reads MIDI through JACK: choose JACK in Transport > Audio output..., "
                                 "then the pads in Transport > MIDI input..."), 8000)
            on = False
        if on == self.armed:
            self.armedChanged.emit(on)
            return
        self.armed = on
        if on:
            p.midi_in()                        # (what arrived before Record was pressed is not the take)
            if self.sound.playing:
                self._start()
            self.message.emit(tr("Recording from {port}: play; Stop keeps the take").format(
                port=self.port or tr("GrooveLoom:midi_in")), 0)
        elif not self._finish():           # (a take says what it kept; without one, "Recording from" stayed)
            self.message.emit(tr("Record is off"), 3000)
        self.armedChanged.emit(on)

    def _playing_changed(self, playing: bool) -> None:
        if playing and self.armed:
            self._start()
        elif not playing:
            self._finish()

    def _start(self) -> None:
        self.take, self._base = Take(), self.doc.pattern
        self.doc.begin_stroke()
        self.timer.start()

    def _poll(self) -> None:
        p = self.sound.player
        if p is None or self.take is None:
            return
        if self.take.add(p.timelines(), p.midi_in()):
            got = self.take.pattern(self._base, input_note_map(self.map_name),
                                    quantize=read_flag(self.settings, "record_quantize", True))
            if got is not None:
                replace = read_flag(self.settings, "record_replace", False)
                self.doc.stroke(merge(self._base, got, replace, self.sound.loop_range))
                self.message.emit(tr("Recording: {n} hits").format(n=len(self.take)), 0)

    def _finish(self) -> int:
        """The take becomes one undo step; how many hits it kept."""
        if self.take is None:
            return 0
        self._poll()
        self.timer.stop()
        n, self.take = len(self.take), None
        self.doc.end_stroke(tr("Record take"))
        if n:
            self.message.emit(tr("Take: {n} hits kept (Ctrl+Z takes it back)").format(n=n), 8000)
        return n

    # ---- the dialog ---------------------------------------------------------------------------------
    def dialog(self, prompts) -> None:
        from engine.jack import midi_ports
        ports = (midi_ports() or {}).get("out", [])
        s = self.settings
        answer = prompts.midi_input(ports, self.port, self.map_name, read_flag(s, "midi_in_monitor", True),
                                    read_flag(s, "record_replace", False), read_flag(s, "record_quantize", True))
        if answer:
            self.save(*answer)


class MidiInDialog(QDialog):
    def __init__(self, ports: list[str], port: str | None, map_name: str, monitor: bool, replace: bool,
                 quantize: bool = True, parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MIDI input"))
        form = QFormLayout(self)
        self.port_box = jack_port_box(ports, port)
        form.addRow(tr("Record from"), self.port_box)
        self.map_box = QComboBox()
        for key in KIT_MAPS:
            self.map_box.addItem(tr(MAP_NAMES[key]), key)
        self.map_box.setCurrentIndex(max(self.map_box.findData(map_name), 0))
        self.map_box.setToolTip(tr("Which drum each pad's note is: the layout of your e-kit or pads"))
        form.addRow(tr("Note map"), self.map_box)
        self.replace_box = QComboBox()
        self.replace_box.addItem(tr("Overdub: add to what is there"), False)
        self.replace_box.addItem(tr("Replace the rows you play"), True)
        self.replace_box.setCurrentIndex(1 if replace else 0)
        form.addRow(tr("Recording"), self.replace_box)
        self.monitor_check = QCheckBox(tr("Hear the pads through the kit"))
        self.monitor_check.setChecked(monitor)
        form.addRow(self.monitor_check)
        self.quantize_check = QCheckBox(tr("Quantize to the grid (off: every hit keeps its timing as played)"))
        self.quantize_check.setChecked(quantize)
        form.addRow(self.quantize_check)
        note = QLabel(tr("Transport > Record (Ctrl+R) arms recording; Play records, velocities kept; Stop keeps "
                         "the take as one undo step. Edit > Quantize puts a take kept as played on the grid."))
        note.setWordWrap(True)
        form.addRow(note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def choice(self) -> tuple[str | None, str, bool, bool, bool]:
        return (self.port_box.currentData() or None, self.map_box.currentData(), self.monitor_check.isChecked(),
                bool(self.replace_box.currentData()), self.quantize_check.isChecked())
