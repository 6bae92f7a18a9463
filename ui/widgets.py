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


def wheel_sideways(bar, event, step: float) -> None:
    """Scroll a horizontal scroll bar by a wheel event: `step` per notch (either wheel direction)."""
    delta = event.angleDelta().y() or event.angleDelta().x()
    bar.setValue(bar.value() - int(delta / 120 * step))


def fit_list(box) -> None:
    """A combo box's list as wide as its widest item, whatever its items become."""
    def fit(*_args):
        view = box.view()
        view.setMinimumWidth(32 + max([view.fontMetrics().horizontalAdvance(box.itemText(i))
                                       for i in range(box.count())] or [0]))
    fit()
    for signal in (box.model().rowsInserted, box.model().modelReset, box.model().dataChanged):
        signal.connect(fit)
