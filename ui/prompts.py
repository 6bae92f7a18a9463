"""The one seam for questions to the user. `Prompts` shows real dialogs; `ScriptedPrompts` answers from a
script and records what was asked (tests). Controllers take a Prompts and never open dialogs themselves."""
from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QInputDialog, QMessageBox, QWidget

from .i18n import tr


def _then_reactivate(method):
    """After a modal dialog the window asks for the keyboard focus back. A window manager does that by
    itself; without one (a bare X server, some kiosk setups) the keys typed next went nowhere: Ctrl+Q after
    Save As did not quit."""
    def wrapper(self, *args, **kwargs):
        try:
            return method(self, *args, **kwargs)
        finally:
            if self.parent is not None and self.parent.isVisible():
                self.parent.activateWindow()
    wrapper.__name__, wrapper.__doc__ = method.__name__, method.__doc__
    return wrapper


class Prompts:
    def __init__(self, parent: QWidget | None = None):
        self.parent = parent

    @_then_reactivate
    def confirm(self, text: str) -> bool:
        return QMessageBox.question(self.parent, "GrooveLoom", text) == QMessageBox.StandardButton.Yes

    @_then_reactivate
    def error(self, title: str, text: str) -> None:
        QMessageBox.warning(self.parent, title, text)

    @_then_reactivate
    def unsaved(self, name: str) -> str:
        """'save', 'discard' or 'cancel'."""
        b = QMessageBox.question(self.parent, tr("Unsaved changes"),
                                 tr("Save the changes to {name}?").format(name=name),
                                 QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard |
                                 QMessageBox.StandardButton.Cancel)
        return {QMessageBox.StandardButton.Save: "save", QMessageBox.StandardButton.Discard: "discard"}.get(b, "cancel")

    @_then_reactivate
    def text(self, title: str, label: str, value: str = "") -> str | None:
        text, ok = QInputDialog.getText(self.parent, title, label, text=value)
        return text if ok else None

    @_then_reactivate
    def integer(self, title: str, label: str, value: int, lo: int, hi: int) -> int | None:
        n, ok = QInputDialog.getInt(self.parent, title, label, value, lo, hi)
        return n if ok else None

    @_then_reactivate
    def choose(self, title: str, label: str, items: list[str], current: int = 0) -> int | None:
        """One of `items` (its index; `current` offered first), or None when cancelled."""
        text, ok = QInputDialog.getItem(self.parent, title, label, items, current, False)
        return items.index(text) if ok and text in items else None

    @_then_reactivate
    def open_file(self, title: str, directory: str, filters: str) -> str | None:
        return QFileDialog.getOpenFileName(self.parent, title, directory, filters)[0] or None

    @_then_reactivate
    def open_file_as(self, title: str, directory: str, filters: list[str]) -> tuple[str, int] | None:
        """A file and which of the filters (their index) was chosen with it: a choice of how to read it."""
        path, chosen = QFileDialog.getOpenFileName(self.parent, title, directory, ";;".join(filters))
        return (path, filters.index(chosen) if chosen in filters else 0) if path else None

    @_then_reactivate
    def save_file(self, title: str, directory: str, filters: str) -> str | None:
        return QFileDialog.getSaveFileName(self.parent, title, directory, filters)[0] or None

    @_then_reactivate
    def folder(self, title: str, directory: str = "") -> str | None:
        return QFileDialog.getExistingDirectory(self.parent, title, directory) or None

    @_then_reactivate
    def audio_output(self, drivers: list[str], buffers, driver: str | None, buffer: int, now: str,
                     samplerate: int) -> tuple[str | None, int] | None:
        """(driver or None for the default, buffer frames), or None when cancelled."""
        from .audio_dialog import AudioOutputDialog
        dlg = AudioOutputDialog(drivers, buffers, driver, buffer, now, samplerate, self.parent)
        return dlg.choice() if dlg.exec() == AudioOutputDialog.DialogCode.Accepted else None

    @_then_reactivate
    def midi_output(self, ports: list[str], port: str | None, channel: int, routing, through_jack: bool, rows=()):
        """(port or None, channel 1-16, clock, synth on, each row's (channel 0-15 or None, note) by its GM
        note), or None when cancelled. `rows`: the shown pattern's rows, whose channel and note can be set."""
        from .midi_out import MidiOutDialog
        dlg = MidiOutDialog(ports, port, channel, routing, through_jack, rows, self.parent)
        dlg.prompts = Prompts(dlg)                      # (the row map's Load... and Save... ask over the dialog)
        return dlg.choice() if dlg.exec() == MidiOutDialog.DialogCode.Accepted else None

    @_then_reactivate
    def midi_input(self, ports: list[str], port: str | None, map_name: str, monitor: bool, replace: bool,
                   quantize: bool = True):
        """(port or None, note map name, monitor, replace, quantize), or None when cancelled."""
        from .recording import MidiInDialog
        dlg = MidiInDialog(ports, port, map_name, monitor, replace, quantize, self.parent)
        return dlg.choice() if dlg.exec() == MidiInDialog.DialogCode.Accepted else None

    def details(self, title: str, text: str) -> None:
        """A text to read beside the work: a window that does not block the grid."""
        box = QMessageBox(QMessageBox.Icon.Information, title or "GrooveLoom", text, QMessageBox.StandardButton.Close,
                          self.parent)
        box.setModal(False)
        box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        box.show()


class ScriptedPrompts(Prompts):
    """Answers from `answers` (kind -> answer, or a callable taking the question's text); every question is
    recorded in `asked` as (kind, text). Unscripted: confirm says yes, unsaved discards, the rest cancel."""

    DEFAULTS = {"confirm": True, "unsaved": "discard"}

    def __init__(self, **answers):
        super().__init__(None)
        self.answers, self.asked = answers, []

    def _answer(self, kind: str, text: str):
        self.asked.append((kind, text))
        a = self.answers.get(kind, self.DEFAULTS.get(kind))
        return a(text) if callable(a) else a

    def confirm(self, text):
        return bool(self._answer("confirm", text))

    def error(self, title, text):
        self._answer("error", text)

    def unsaved(self, name):
        return self._answer("unsaved", name)

    def text(self, title, label, value=""):
        return self._answer("text", title)

    def integer(self, title, label, value, lo, hi):
        return self._answer("integer", title)

    def choose(self, title, label, items, current=0):
        self.offered = items[current] if 0 <= current < len(items) else None
        return self._answer("choose", label)

    def open_file(self, title, directory, filters):
        return self._answer("open_file", title)

    def open_file_as(self, title, directory, filters):
        return self._answer("open_file_as", title)

    def save_file(self, title, directory, filters):
        self.asked.append(("save_file_start", directory))
        return self._answer("save_file", title)

    def folder(self, title, directory=""):
        return self._answer("folder", title)

    def details(self, title, text):
        self._answer("details", text)

    def audio_output(self, drivers, buffers, driver, buffer, now, samplerate):
        return self._answer("audio_output", now)

    def midi_output(self, ports, port, channel, routing, through_jack, rows=()):
        self.offered, self.offered_rows = ports, list(rows)
        return self._answer("midi_output", port or "")

    def midi_input(self, ports, port, map_name, monitor, replace, quantize=True):
        self.offered = ports
        return self._answer("midi_input", port or "")
