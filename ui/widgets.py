"""Small helpers shared by the panels."""
from __future__ import annotations

from PySide6.QtWidgets import QAbstractButton, QComboBox


def set_quietly(widget, value) -> None:
    """Show a value in a control without it emitting a change (the document changed, not the user)."""
    widget.blockSignals(True)
    try:
        if isinstance(widget, QAbstractButton):
            widget.setChecked(bool(value))
        elif isinstance(widget, QComboBox):
            if isinstance(value, int):
                widget.setCurrentIndex(value)
            else:
                widget.setCurrentText(str(value))
        else:
            widget.setValue(value)
    finally:
        widget.blockSignals(False)
