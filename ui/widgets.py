"""Small helpers shared by the panels."""
from __future__ import annotations

import re

from PySide6.QtWidgets import QAbstractButton, QAbstractSpinBox, QComboBox, QLineEdit, QSlider, QWidget


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


def wheel_sideways(bar, event, step: float) -> None:
    """Scroll a horizontal scroll bar by a wheel event: `step` per notch (either wheel direction)."""
    delta = event.angleDelta().y() or event.angleDelta().x()
    bar.setValue(bar.value() - int(delta / 120 * step))


def fit_list(box):
    """A combo box's list as wide as its widest item, whatever its items become (from when they change);
    returns the fitting, for the caller to fit the items it has now. (A combo box's first view() makes its
    list view: with PySide6's enums, ~100 ms for the window's first, so the window does it after its
    first paint.)"""
    def fit(*_args):
        view = box.view()
        view.setMinimumWidth(32 + max([view.fontMetrics().horizontalAdvance(box.itemText(i))
                                       for i in range(box.count())] or [0]))
    for signal in (box.model().rowsInserted, box.model().modelReset, box.model().dataChanged):
        signal.connect(fit)
    return fit


CONTROLS = (QAbstractButton, QAbstractSpinBox, QComboBox, QSlider, QLineEdit)


def controls(root) -> list:
    """The controls (buttons, fields, lists, sliders) under root; a spin box's or list's own text field is
    part of it, not a control of its own."""
    return [w for w in root.findChildren(QWidget) if isinstance(w, CONTROLS)
            and not (isinstance(w, QLineEdit) and isinstance(w.parent(), (QAbstractSpinBox, QComboBox)))]


def name_controls(root) -> int:
    """Give every control under root that has no accessible name one a screen reader can say: its text,
    else the first clause of its tooltip (a tempo box, the Kit list, the volume slider had none); returns
    how many were named."""
    named = 0
    for w in controls(root):
        if w.accessibleName():
            continue
        text = w.text() if isinstance(w, QAbstractButton) else ""
        text = text.replace("&", "").strip() or re.split(r"[:.(]", w.toolTip() or "")[0].strip()
        if text:
            w.setAccessibleName(text[:60])
            named += 1
    return named
