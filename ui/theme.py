"""A dark, instrument-like theme (Fusion style with a custom palette and a little QSS)."""
from __future__ import annotations

from PySide6.QtGui import QColor, QPalette

QSS = """
QMainWindow, QWidget { background: #1b1d23; color: #e6e8ee; font-size: 10pt; }
QToolBar { background: #20232b; border: none; spacing: 6px; padding: 4px; }
QPushButton { background: #2c313c; border: 1px solid #3a4050; border-radius: 4px; padding: 5px 10px; }
QPushButton:hover { background: #353b48; }
QPushButton:disabled { color: #6b7080; background: #24272f; }
QPushButton#play { background: #2e7d4f; font-weight: bold; min-width: 60px; }
QPushButton#play:checked { background: #b23a3a; }
QPushButton#continue { background: #1f6f8b; font-weight: bold; }
QGroupBox { border: 1px solid #343947; border-radius: 6px; margin-top: 14px; padding-top: 6px; }
QGroupBox::title { subcontrol-origin: margin; left: 10px; padding: 0 4px; color: #39e6ff; font-weight: bold; }
QSpinBox, QDoubleSpinBox, QComboBox { background: #262a33; border: 1px solid #3a4050; border-radius: 3px; padding: 2px 4px; }
QComboBox { combobox-popup: 0; }
QSpinBox:disabled, QDoubleSpinBox:disabled, QComboBox:disabled { color: #6b7080; background: #1f2228; border-color: #2c313c; }
QLabel#dragMidi { background: #3a2e5c; border: 1px dashed #8f7ae0; border-radius: 4px; padding: 4px; }
QLabel#hint { color: #8a90a0; }
QStatusBar { background: #20232b; color: #b8bdc9; }
QMenuBar { background: #20232b; } QMenuBar::item:selected { background: #353b48; }
QMenu { background: #262a33; border: 1px solid #3a4050; } QMenu::item:selected { background: #1f6f8b; }
QMenu::item:disabled { color: #6b7080; }
QScrollArea { background: #16181d; }
"""


def apply_theme(app) -> None:
    app.setStyle("Fusion")
    pal = QPalette()
    for role, color in ((QPalette.ColorRole.Window, "#1b1d23"), (QPalette.ColorRole.WindowText, "#e6e8ee"),
                        (QPalette.ColorRole.Base, "#262a33"), (QPalette.ColorRole.Text, "#e6e8ee"),
                        (QPalette.ColorRole.Button, "#2c313c"), (QPalette.ColorRole.ButtonText, "#e6e8ee"),
                        (QPalette.ColorRole.Highlight, "#1f6f8b"), (QPalette.ColorRole.ToolTipBase, "#262a33"),
                        (QPalette.ColorRole.ToolTipText, "#e6e8ee")):
        pal.setColor(role, QColor(color))
    app.setPalette(pal)
    app.setStyleSheet(QSS)
