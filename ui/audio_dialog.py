"""Audio output: which FluidSynth driver, which buffer size, what latency that gives; OK (re)opens the
output, which is also how a lost device is picked up again."""
from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QDialog, QDialogButtonBox, QFormLayout, QLabel

from .i18n import QT_TR_NOOP, tr

DEFAULT, SILENT = "default", "null"
LABELS = {DEFAULT: QT_TR_NOOP("System default"), SILENT: QT_TR_NOOP("None (silent: the clock runs, export works)"),
          "jack": "JACK", "pulseaudio": "PulseAudio", "pipewire": "PipeWire", "alsa": "ALSA",
          "coreaudio": "Core Audio", "wasapi": "WASAPI", "dsound": "DirectSound", "sdl2": "SDL 2", "oss": "OSS"}


def latency_text(buffer: int, samplerate: int = 44100) -> str:
    return tr("{ms:.1f} ms at {rate} Hz (two periods of {frames} frames)").format(
        ms=2 * buffer / samplerate * 1000, rate=samplerate, frames=buffer)


class AudioOutputDialog(QDialog):
    def __init__(self, drivers: list[str], buffers, driver: str, buffer: int, now: str, samplerate: int,
                 parent=None):
        super().__init__(parent)
        self.setWindowTitle(tr("Audio output"))
        self.samplerate = samplerate
        form = QFormLayout(self)
        form.addRow(QLabel(tr("Now: {output}").format(output=now)))
        self.driver_box = QComboBox()
        for d in [DEFAULT, *drivers, SILENT]:
            self.driver_box.addItem(tr(LABELS[d]) if d in LABELS else d, d)
        i = self.driver_box.findData(driver or DEFAULT)
        self.driver_box.setCurrentIndex(max(i, 0))
        form.addRow(tr("Output"), self.driver_box)
        self.buffer_box = QComboBox()
        for b in buffers:
            self.buffer_box.addItem(tr("{frames} frames").format(frames=b), b)
        self.buffer_box.setCurrentIndex(max(self.buffer_box.findData(buffer), 0))
        form.addRow(tr("Buffer"), self.buffer_box)
        self.latency = QLabel()
        form.addRow(tr("Latency"), self.latency)
        self.note = QLabel(tr("JACK uses its server's buffer size; set it in the JACK server."))
        self.note.setWordWrap(True)
        form.addRow(self.note)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok | QDialogButtonBox.StandardButton.Cancel)
        buttons.button(QDialogButtonBox.StandardButton.Ok).setText(tr("Open output"))
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)
        self.driver_box.currentIndexChanged.connect(self._update)
        self.buffer_box.currentIndexChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        d = self.driver_box.currentData()
        self.buffer_box.setEnabled(d not in ("jack", SILENT))
        self.note.setVisible(d == "jack")
        self.latency.setText(tr("none (no output)") if d == SILENT else
                             tr("set by the JACK server") if d == "jack" else
                             latency_text(self.buffer_box.currentData(), self.samplerate))

    def choice(self) -> tuple[str | None, int]:
        d = self.driver_box.currentData()
        return (None if d == DEFAULT else d), int(self.buffer_box.currentData())
