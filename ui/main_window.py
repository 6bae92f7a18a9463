"""The main window (placeholder until the sequencer window lands): shows what a file holds."""
from __future__ import annotations

from PySide6.QtWidgets import QLabel, QMainWindow, QMessageBox

from engine.commands import describe, load_any
from engine.errors import GrooveLoomError


class MainWindow(QMainWindow):
    def __init__(self):
        super().__init__()
        self.setWindowTitle("GrooveLoom")
        self.label = QLabel("GrooveLoom: open a MIDI or .groove file from the command line "
                            "(python main.py FILE).")
        self.label.setMargin(24)
        self.setCentralWidget(self.label)

    def open_path(self, path: str) -> bool:
        try:
            patterns, _ = load_any(path)
        except GrooveLoomError as exc:
            QMessageBox.warning(self, "Cannot open file", str(exc))
            return False
        self.label.setText("\n".join([path] + describe(patterns[0][1])))
        return True
