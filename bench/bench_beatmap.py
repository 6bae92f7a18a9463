"""The beat map: encode throughput (bars/s, LiteRT) against reading the bars' features alone,
the map of the Groove MIDI Dataset (21,805 bars) built cold against opened from its cache, and the panel's
frame time with every point drawn (offscreen Qt) against building the points' polygons on every frame."""
from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time

ROOT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
sys.path.insert(0, ROOT)
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import numpy as np  # noqa: E402

from models.beatmap import DEFAULT_DIR, BeatMap, Collection, bar_features  # noqa: E402


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(ROOT, "..", "shared", "datasets", "groove"))
    ap.add_argument("--model-dir", default=DEFAULT_DIR)
    a = ap.parse_args()
    bm = BeatMap(a.model_dir)
    with tempfile.TemporaryDirectory() as cache:
        os.environ["XDG_CACHE_HOME"] = cache
        t = time.perf_counter()
        col = Collection.open(a.data, bm)
        cold = time.perf_counter() - t
        t = time.perf_counter()
        again = Collection.open(a.data, bm)
        warm = time.perf_counter() - t
        assert again.cached and len(again.bars) == len(col.bars)
    bars = col.bars
    enc, feat = [], []
    for _ in range(5):
        t = time.perf_counter()
        bm.encode(bars)
        enc.append(time.perf_counter() - t)
        t = time.perf_counter()
        bar_features(bars)
        feat.append(time.perf_counter() - t)
    e, f = statistics.median(enc), statistics.median(feat)
    print(f"encode {len(bars):,} bars: median {e * 1000:.0f} ms = {len(bars) / e:,.0f} bars/s (LiteRT, batches of "
          f"1024); their features alone {f * 1000:.0f} ms")
    t = time.perf_counter()
    bm.project(col.z)
    print(f"the map of the Groove MIDI Dataset ({len(bars):,} bars): built cold in {cold:.1f} s (read every file, "
          f"encode, project); opened from its cache in {warm * 1000:.0f} ms ({cold / warm:.0f}x); projecting "
          f"alone {(time.perf_counter() - t) * 1000:.0f} ms")

    paint_figures(col)
    return 0


def paint_figures(col) -> None:
    """The map panel's frame time while zooming and panning, against QPainter.drawPoints of the same points."""
    from PySide6.QtCore import QPointF, Qt
    from PySide6.QtGui import QImage, QPainter, QPen, QPolygonF, QTransform
    from PySide6.QtWidgets import QApplication
    from ui.beatmap_panel import MapCanvas
    app = QApplication.instance() or QApplication([])  # noqa: F841
    c = MapCanvas()
    c.resize(1200, 700)
    c.set_points(col.xy, col.labels)
    c.show()
    app.processEvents()
    frames = []
    for k in range(60):                       # zoom in and out and pan, as a person does
        c.scale = c.scale * (1.05 if k < 30 else 1 / 1.05)
        c.center = c.center + 0.002 * np.array([np.cos(k / 5), np.sin(k / 5)])
        t = time.perf_counter()
        c.repaint()
        frames.append((time.perf_counter() - t) * 1000)
    # the alternative: QPainter.drawPoints of per-colour polygons (built once) through the view's transform
    polys = [QPolygonF([QPointF(float(x), float(y)) for x, y in col.xy[c.which == k]]) for k in range(len(c.names))]
    img = QImage(c.width(), c.height(), QImage.Format.Format_ARGB32)
    drawn = []
    for k in range(20):
        t = time.perf_counter()
        p = QPainter(img)
        tr = QTransform()
        tr.translate(c.width() / 2, c.height() / 2)
        tr.scale(c.scale[0], -c.scale[1])
        tr.translate(-c.center[0], -c.center[1])
        p.setTransform(tr)
        for poly, color in zip(polys, c.colors):
            pen = QPen(color, 4.0)
            pen.setCosmetic(True)
            pen.setCapStyle(Qt.PenCapStyle.RoundCap)
            p.setPen(pen)
            p.drawPoints(poly)
        p.end()
        drawn.append((time.perf_counter() - t) * 1000)
    print(f"panel frame with {len(col.bars):,} points (1200x700, offscreen): median {statistics.median(frames):.1f} ms, "
          f"worst {max(frames):.1f} ms over 60 zoom/pan frames (points written into a pixel buffer by numpy); "
          f"QPainter.drawPoints through the view's transform: {statistics.median(drawn):.1f} ms")


if __name__ == "__main__":
    sys.exit(main())
