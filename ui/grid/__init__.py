"""The step grid: the widget (geometry and input) and its painting, layer by layer."""
from .paint import row_color
from .view import HEADER_W, RULER_H, DragState, GridWidget

__all__ = ["GridWidget", "DragState", "HEADER_W", "RULER_H", "row_color"]
