"""GrooveLoom's look, following the system: a dark or a light theme as the desktop's colour scheme says (Qt's
`styleHints().colorScheme()`, else the lightness of the system palette), and a high-contrast one where the
desktop asks for more contrast. Fusion style, a palette and a little QSS; the grid's colours follow
(ui/grid/paint.use_scheme). A change of the system's scheme while GrooveLoom runs is followed."""
from __future__ import annotations

import os

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QPalette

from .grid import paint

# named colours per scheme: window, text, base (fields), button, border, hover, disabled text, accent
SCHEMES = {
    "dark": dict(window="#1b1d23", text="#e6e8ee", base="#262a33", button="#2c313c", border="#3a4050",
                 hover="#353b48", disabled="#6b7080", disabled_bg="#24272f", bar="#20232b", accent="#1f6f8b",
                 title="#39e6ff", hint="#8a90a0", status="#b8bdc9", scroll="#16181d", drag="#3a2e5c",
                 drag_border="#8f7ae0", play="#2e7d4f", stop="#b23a3a", focus="#ffd36b"),
    "light": dict(window="#f3f4f7", text="#1b1d23", base="#ffffff", button="#e4e7ee", border="#b9bfcc",
                  hover="#d6dbe6", disabled="#8c92a0", disabled_bg="#eceef2", bar="#e8eaf0", accent="#1f6f8b",
                  title="#0d6b85", hint="#5d6373", status="#3a3f4c", scroll="#eceef2", drag="#e4dcff",
                  drag_border="#6f56c9", play="#2e7d4f", stop="#b23a3a", focus="#c2410c"),
    "contrast": dict(window="#000000", text="#ffffff", base="#000000", button="#000000", border="#ffffff",
                     hover="#333333", disabled="#a0a0a0", disabled_bg="#000000", bar="#000000", accent="#0050ff",
                     title="#ffff00", hint="#e0e0e0", status="#ffffff", scroll="#000000", drag="#000000",
                     drag_border="#ffffff", play="#006400", stop="#a00000", focus="#ffff00"),
}

QSS = """
QMainWindow, QWidget {{ background: {window}; color: {text}; font-size: 10pt; }}
QToolBar {{ background: {bar}; border: none; spacing: 6px; padding: 4px; }}
QPushButton {{ background: {button}; border: 1px solid {border}; border-radius: 4px; padding: 5px 10px; }}
QPushButton[compact="true"] {{ min-width: 0px; padding: 5px 6px; }}
QPushButton:hover {{ background: {hover}; }}
QPushButton:disabled {{ color: {disabled}; background: {disabled_bg}; }}
QPushButton#play {{ background: {play}; color: #ffffff; font-weight: bold; min-width: 60px; }}
QPushButton#play:checked {{ background: {stop}; }}
QPushButton#continue {{ background: {accent}; color: #ffffff; font-weight: bold; }}
QGroupBox {{ border: 1px solid {border}; border-radius: 6px; margin-top: 14px; padding-top: 6px; }}
QGroupBox::title {{ subcontrol-origin: margin; left: 10px; padding: 0 4px; color: {title}; font-weight: bold; }}
QSpinBox, QDoubleSpinBox, QComboBox {{ background: {base}; border: 1px solid {border}; border-radius: 3px;
    padding: 2px 4px; }}
QComboBox {{ combobox-popup: 0; }}
QComboBox QAbstractItemView {{ background: {base}; border: 1px solid {border}; selection-background-color: {accent};
    selection-color: #ffffff; }}
QSpinBox::up-button, QDoubleSpinBox::up-button, QSpinBox::down-button, QDoubleSpinBox::down-button {{
    subcontrol-origin: border; width: 14px; background: {button}; border-left: 1px solid {border}; }}
QSpinBox::up-button, QDoubleSpinBox::up-button {{ subcontrol-position: top right; }}
QSpinBox::down-button, QDoubleSpinBox::down-button {{ subcontrol-position: bottom right; }}
QSpinBox::up-button:hover, QDoubleSpinBox::up-button:hover, QSpinBox::down-button:hover,
    QDoubleSpinBox::down-button:hover {{ background: {hover}; }}
QSpinBox::up-arrow, QDoubleSpinBox::up-arrow {{ image: url("{arrow_up}"); width: 8px; height: 5px; }}
QSpinBox::down-arrow, QDoubleSpinBox::down-arrow {{ image: url("{arrow_down}"); width: 8px; height: 5px; }}
QSpinBox::up-arrow:disabled, QDoubleSpinBox::up-arrow:disabled {{ image: url("{arrow_up_off}"); }}
QSpinBox::down-arrow:disabled, QDoubleSpinBox::down-arrow:disabled {{ image: url("{arrow_down_off}"); }}
QListWidget {{ background: {base}; border: 1px solid {border}; border-radius: 3px; }}
QToolButton#qt_toolbar_ext_button {{ background: {button}; border: 1px solid {border}; border-radius: 3px; }}
QDockWidget::close-button, QDockWidget::float-button {{ background: {button}; border: 1px solid {border};
    border-radius: 2px; }}
QSpinBox:disabled, QDoubleSpinBox:disabled, QComboBox:disabled {{ color: {disabled}; background: {disabled_bg}; }}
QPushButton:focus, QSpinBox:focus, QDoubleSpinBox:focus, QComboBox:focus, QCheckBox:focus, QLineEdit:focus {{
    border: 2px solid {focus}; }}
QLabel#dragMidi {{ background: {drag}; border: 1px dashed {drag_border}; border-radius: 4px; padding: 4px; }}
QLabel#hint {{ color: {hint}; }}
QStatusBar {{ background: {bar}; color: {status}; }}
QMenuBar {{ background: {bar}; }} QMenuBar::item:selected {{ background: {hover}; }}
QMenu {{ background: {base}; border: 1px solid {border}; }} QMenu::item:selected {{ background: {accent}; color: #ffffff; }}
QMenu::item:disabled {{ color: {disabled}; }}
QScrollArea {{ background: {scroll}; }}
QToolTip {{ background: {base}; color: {text}; border: 1px solid {border}; }}
QCheckBox::indicator {{ width: 12px; height: 12px; border: 1px solid {border}; border-radius: 2px;
    background: {base}; }}
QCheckBox::indicator:checked {{ background: {accent}; border-color: {text}; }}
QCheckBox::indicator:disabled {{ border-color: {disabled}; }}
QSlider::groove:horizontal {{ height: 4px; background: {button}; border: 1px solid {border}; border-radius: 2px; }}
QSlider::sub-page:horizontal {{ background: {accent}; border-radius: 2px; }}
QSlider::handle:horizontal {{ width: 10px; margin: -6px 0; background: {text}; border-radius: 3px; }}
"""


def system_scheme(app) -> str:
    """dark, light or contrast, from the desktop's settings: high contrast where it asks for more contrast,
    else its colour scheme; where the platform does not say (Unknown), the system palette's lightness."""
    hints = app.styleHints()
    access = getattr(hints, "accessibility", None)
    if access is not None and access().contrastPreference() == Qt.ContrastPreference.HighContrast:
        return "contrast"
    scheme = hints.colorScheme()
    if scheme == Qt.ColorScheme.Dark:
        return "dark"
    if scheme == Qt.ColorScheme.Light:
        return "light"
    global _system_lightness
    if _system_lightness is None:          # the platform's palette, before ours replaces it
        _system_lightness = app.palette().color(QPalette.ColorRole.Window).lightnessF()
    return "light" if _system_lightness > 0.5 else "dark"


_system_lightness: float | None = None


def style_sheet(scheme: str) -> str:
    """The QSS of a scheme; the spin boxes' arrows are resources/icons/arrow-{up,down}-<scheme>[-disabled].svg
    in the scheme's text colours (a style sheet that draws the boxes leaves Fusion's arrows out)."""
    from engine.paths import RESOURCES
    icon = lambda name: os.path.join(RESOURCES, "icons", f"arrow-{name}.svg").replace(os.sep, "/")  # noqa: E731
    return QSS.format(**SCHEMES[scheme], arrow_up=icon(f"up-{scheme}"), arrow_down=icon(f"down-{scheme}"),
                      arrow_up_off=icon(f"up-{scheme}-disabled"), arrow_down_off=icon(f"down-{scheme}-disabled"))


def apply_theme(app, scheme: str | None = None) -> str:
    """Style the application in `scheme` (default: the system's); returns the scheme used."""
    scheme = scheme or system_scheme(app)
    app.setStyle("Fusion")
    c = SCHEMES[scheme]
    pal = QPalette()
    for role, key in ((QPalette.ColorRole.Window, "window"), (QPalette.ColorRole.WindowText, "text"),
                      (QPalette.ColorRole.Base, "base"), (QPalette.ColorRole.Text, "text"),
                      (QPalette.ColorRole.Button, "button"), (QPalette.ColorRole.ButtonText, "text"),
                      (QPalette.ColorRole.Highlight, "accent"), (QPalette.ColorRole.ToolTipBase, "base"),
                      (QPalette.ColorRole.ToolTipText, "text"), (QPalette.ColorRole.PlaceholderText, "hint")):
        pal.setColor(role, QColor(c[key]))
    pal.setColor(QPalette.ColorRole.HighlightedText, QColor("#ffffff"))
    app.setPalette(pal)
    app.setStyleSheet(style_sheet(scheme))
    paint.use_scheme(scheme)
    app.setProperty("grooveloomScheme", scheme)
    return scheme


def follow_system(app) -> None:
    """Re-style when the desktop's colour scheme changes (and repaint every window)."""
    def changed(*_):
        apply_theme(app)
        for w in app.topLevelWidgets():
            w.update()
    app.styleHints().colorSchemeChanged.connect(changed)
