"""The Qt binding must not corrupt Python's reference counts. PySide6 6.12.0 on Python 3.11 dropped one
reference to None on every void Qt call; after a few thousand paints the process aborted with
`Fatal Python error: none_dealloc` (pyproject.toml excludes it). This fails on such a binding, cleanly:
the loop is short enough not to reach zero."""
import sys

from PySide6.QtCore import QObject, QRect, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPainter, QPen


class _Emitter(QObject):
    changed = Signal()


def test_void_qt_calls_keep_the_refcount_of_none():
    img = QImage(64, 64, QImage.Format.Format_RGB32)
    qp = QPainter(img)
    font = QFont()
    em = _Emitter()
    em.changed.connect(lambda: None)
    calls = 0
    before = sys.getrefcount(None)
    for i in range(400):
        qp.fillRect(QRect(0, 0, 8, 8), QColor("#ff8a3d"))
        qp.setPen(QPen(QColor("#4aa3ff"), 1))
        qp.drawLine(0, 0, 8, i % 8)
        font.setBold(i % 2 == 0)
        qp.setFont(font)
        em.changed.emit()
        calls += 6
    after = sys.getrefcount(None)
    qp.end()
    # a healthy binding leaves it where it was (give or take objects created meanwhile); the broken one
    # loses one per call
    assert after - before > -calls // 10, f"None lost {before - after} references in {calls} void Qt calls"
