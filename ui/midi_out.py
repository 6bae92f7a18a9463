"""Transport > MIDI output: GrooveLoom plays a DAW's drum rack or a drum machine through JACK MIDI. The
settings (the port, channel, clock, the internal synth on or off, and each row's channel and note) are kept,
applied to every player the sound controller opens, and the port is watched: one that goes away (its program
closed, a device unplugged) is reported within a second while playback goes on."""
from __future__ import annotations

import json

from PySide6.QtCore import QObject, QSize, QTimer, Signal
from PySide6.QtGui import QValidator
from PySide6.QtWidgets import (QAbstractItemView, QCheckBox, QComboBox, QDialog, QDialogButtonBox, QFormLayout,
                               QHBoxLayout, QHeaderView, QLabel, QPushButton, QSpinBox, QTableWidget,
                               QTableWidgetItem)

from engine.drumkit import gm_name
from engine.errors import GrooveLoomError
from engine.midiout import (DRUM_CHANNEL, NOTE_LAYOUTS, MidiOut, layout_notes, load_routes, remap_of,
                            routes_from_json, routes_of, routes_to_json, save_routes)

from .i18n import QT_TR_NOOP, tr
from .settings import read_flag, read_str

WATCH_MS = 300
LAYOUT_NAMES = {"gm": QT_TR_NOOP("General MIDI (as drawn)"),
                "c1": QT_TR_NOOP("Pads from C1, in row order (Drum Rack, Maschine, MPC 2.11+)"),
                "mpc": QT_TR_NOOP("MPC classic pads A01-A16, in row order")}
NOTE_NAMES = ("C", "C#", "D", "D#", "E", "F", "F#", "G", "G#", "A", "A#", "B")


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

    @property
    def routes(self) -> dict:
        """Each row's channel and note (by its GM note): a studio setting, the same for every project."""
        text = read_str(self.settings, "midi_rows")
        try:
            return routes_from_json(json.loads(text)) if text else {}
        except (ValueError, GrooveLoomError):
            return {}

    def routing(self) -> MidiOut:
        s = self.settings
        return MidiOut(channel=_channel(s) - 1, remap=remap_of(self.routes), clock=read_flag(s, "midi_clock", False),
                       synth=read_flag(s, "midi_synth", True))

    def save(self, port: str | None, channel: int, clock: bool, synth: bool, routes: dict | None = None) -> None:
        """The dialog's answer kept and applied; routes None: each row's channel and note as they were."""
        s = self.settings
        s.setValue("midi_port", port or "")
        s.setValue("midi_channel", int(channel))
        s.setValue("midi_clock", bool(clock))
        s.setValue("midi_synth", bool(synth))
        if routes is not None:
            s.setValue("midi_rows", routes_to_json(routes))
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
        doc = getattr(self.sound, "doc", None)
        rows = list(doc.shown.rows) if doc is not None else []
        answer = prompts.midi_output(ports, self.port, _channel(self.settings), self.routing(), self.jack is not None,
                                     rows)
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


def note_name(note: int) -> str:
    """A note as DAWs name their pads: 36 is C1 (Live, Maschine, the MPC: C3 is 60)."""
    return f"{NOTE_NAMES[note % 12]}{note // 12 - 2}"


class NoteBox(QSpinBox):
    """A MIDI note 0-127 shown with its name, '38 D1'; typed as its number."""

    def __init__(self, value: int):
        super().__init__(minimum=0, maximum=127, value=value)

    def textFromValue(self, value: int) -> str:
        return f"{value} {note_name(value)}"

    def valueFromText(self, text: str) -> int:
        head = text.split()[:1]
        return int(head[0]) if head and head[0].isdigit() else self.value()

    def validate(self, text: str, pos: int):
        head = text.split()[:1]
        if not head:
            return QValidator.State.Intermediate, text, pos
        ok = head[0].isdigit() and int(head[0]) <= 127
        return (QValidator.State.Acceptable if ok else QValidator.State.Invalid), text, pos


class RowTable(QTableWidget):
    """The pattern's rows with the channel and note each goes out on (a channel box at 0: the global one)."""
    edited = Signal()

    def __init__(self, rows, routes: dict, channel: int):
        names: dict[int, list[str]] = {}
        for row in rows:                              # rows sharing a note share its route: one line
            names.setdefault(row.note, []).append(row.name)
        self.notes = list(names)
        super().__init__(len(self.notes), 4)
        self.setHorizontalHeaderLabels([tr("Row"), tr("GM note"), tr("Channel"), tr("Out note")])
        self.verticalHeader().hide()
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        for r, note in enumerate(self.notes):
            gm = QTableWidgetItem(str(note))
            gm.setToolTip(gm_name(note))
            self.setItem(r, 0, QTableWidgetItem(", ".join(names[note])))
            self.setItem(r, 1, gm)
            ch = QSpinBox(minimum=0, maximum=16)
            ch.setToolTip(tr("The channel this row goes out on; global: the Channel above"))
            ch.valueChanged.connect(self.edited)
            self.setCellWidget(r, 2, ch)
            out = NoteBox(note)
            out.valueChanged.connect(self.edited)
            self.setCellWidget(r, 3, out)
        self.set_global(channel)
        self.show_routes(routes)
        self.horizontalHeader().setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for c in (1, 2, 3):
            self.horizontalHeader().setSectionResizeMode(c, QHeaderView.ResizeMode.ResizeToContents)

    def sizeHint(self) -> QSize:
        """Room for up to 8 rows; more scroll."""
        hint = super().sizeHint()
        rows = sum(self.rowHeight(r) for r in range(min(self.rowCount(), 8)))
        return QSize(hint.width(), self.horizontalHeader().sizeHint().height() + rows + 2 * self.frameWidth())

    def set_global(self, channel: int) -> None:
        for r in range(self.rowCount()):
            self.cellWidget(r, 2).setSpecialValueText(tr("global ({channel})").format(channel=channel))

    def show_routes(self, routes: dict) -> None:
        self.blockSignals(True)
        for r, note in enumerate(self.notes):
            ch, out = routes.get(note, (None, note))
            self.cellWidget(r, 2).setValue(0 if ch is None else ch + 1)
            self.cellWidget(r, 3).setValue(out)
        self.blockSignals(False)

    def show_notes(self, notes: list[int]) -> None:
        self.blockSignals(True)
        for r, out in enumerate(notes):
            self.cellWidget(r, 3).setValue(out)
        self.blockSignals(False)

    def routes(self) -> dict:
        """The rows' (channel 0-15 or None, note) by GM note."""
        out = {}
        for r, note in enumerate(self.notes):
            ch = self.cellWidget(r, 2).value()
            out[note] = (ch - 1 if ch else None, self.cellWidget(r, 3).value())
        return out


class MidiOutDialog(QDialog):
    def __init__(self, ports: list[str], port: str | None, channel: int, routing: MidiOut, through_jack: bool,
                 rows=(), parent=None, prompts=None):
        super().__init__(parent)
        self.setWindowTitle(tr("MIDI output"))
        self.prompts = prompts                          # asks for the row map's file (Prompts on this dialog)
        self.routes = routes_of(routing)                # every row's route, the rows of other patterns too
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
        self._rows_section(form, rows, channel)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        screen = self.screen().availableGeometry()          # (a small screen: the table scrolls)
        self.resize(self.sizeHint().boundedTo(QSize(screen.width(), screen.height() - 40)))

    def _rows_section(self, form: QFormLayout, rows, channel: int) -> None:
        """Each row's channel and note: a layout fills the notes, then any row can be changed."""
        self.table = RowTable(rows, self.routes, channel)
        self.table.setMinimumHeight(150)
        self.table.edited.connect(lambda: self.layout_box.setCurrentIndex(-1))
        self.channel_box.valueChanged.connect(self.table.set_global)
        self.layout_box = QComboBox()
        self.layout_box.setPlaceholderText(tr("Fill the notes from a layout..."))
        for key in NOTE_LAYOUTS:
            self.layout_box.addItem(tr(LAYOUT_NAMES[key]), key)
        self.layout_box.setCurrentIndex(-1)
        self.layout_box.currentIndexChanged.connect(self.fill_layout)
        self.layout_box.setToolTip(tr("Pads from C1: the top row on C1 (36), the next on C#1 ..., as an empty Drum "
                                      "Rack, a Maschine group or an MPC's chromatic pads expect"))
        reset = QPushButton(tr("Reset"))
        reset.setToolTip(tr("Every row as drawn, on the channel above (the rows of other patterns too)"))
        reset.clicked.connect(self.reset)
        load, save = QPushButton(tr("Load...")), QPushButton(tr("Save..."))
        load.clicked.connect(self.load_json)
        save.clicked.connect(self.save_json)
        bar = QHBoxLayout()
        bar.addWidget(self.layout_box, 1)
        for b in (reset, load, save):
            bar.addWidget(b)
        form.addRow(QLabel(tr("Each row's channel and note (for every project):")))
        form.addRow(bar)
        form.addRow(self.table)

    def fill_layout(self, index: int) -> None:
        if index >= 0:
            self.table.show_notes(layout_notes(self.layout_box.itemData(index), self.table.notes))

    def reset(self) -> None:
        self.routes = {}
        self.table.show_routes({})
        self.layout_box.setCurrentIndex(-1)

    def row_routes(self) -> dict:
        """Every row's route: the table's rows as shown, the other rows' as they were."""
        merged = {**self.routes, **self.table.routes()}
        return {n: (ch, out) for n, (ch, out) in sorted(merged.items()) if ch is not None or out != n}

    def save_json(self) -> None:
        path = self.prompts and self.prompts.save_file(tr("Save the MIDI out row map"), "",
                                                       tr("Row map (*.json)"))
        if not path:
            return
        if not path.lower().endswith(".json"):
            path += ".json"
        try:
            save_routes(path, self.row_routes())
        except (OSError, GrooveLoomError) as exc:
            self.prompts.error(tr("Cannot save the row map"), str(exc))

    def load_json(self) -> None:
        path = self.prompts and self.prompts.open_file(tr("Load a MIDI out row map"), "",
                                                       tr("Row map (*.json);;All files (*)"))
        if not path:
            return
        try:
            self.routes = load_routes(path)
        except GrooveLoomError as exc:                  # names the file and the problem
            self.prompts.error(tr("Cannot load the row map"), str(exc))
            return
        self.table.show_routes(self.routes)
        self.layout_box.setCurrentIndex(-1)

    def choice(self) -> tuple[str | None, int, bool, bool, dict]:
        return (self.port_box.currentData() or None, self.channel_box.value(), self.clock_check.isChecked(),
                self.synth_check.isChecked(), self.row_routes())
