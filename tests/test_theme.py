"""The look follows the system: dark or light as the desktop's colour scheme says, high contrast when asked;
the grid's colours follow. (Every other test runs unthemed; this one restores the application as it was.)"""
import os
import re

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QPalette

from ui.grid import paint
from ui.theme import SCHEMES, apply_theme, system_scheme


def test_the_system_scheme_picks_the_theme_and_the_grid_follows(make_window, app_restored, monkeypatch):
    """Where the platform says Dark or Light, that; where it does not (Unknown, as here offscreen), the
    lightness of the platform's own palette, read before GrooveLoom's replaces it."""
    import ui.theme as theme
    app = app_restored
    w = make_window()
    if app.styleHints().colorScheme() != Qt.ColorScheme.Unknown:
        pytest.skip("the platform states a colour scheme; the fallback is not used")
    for lightness, want in ((0.93, "light"), (0.12, "dark")):
        monkeypatch.setattr(theme, "_system_lightness", lightness)
        assert system_scheme(app) == want and apply_theme(app) == want
        window = app.palette().color(QPalette.ColorRole.Window)
        assert (window.lightnessF() > 0.5) == (want == "light")
        w.grid.repaint()
        img = w.grid.grab().toImage()
        cell = w.grid.cell_rect(0, 1)                                   # an empty cell's shade
        px = img.pixelColor(int(cell.center().x()), int(cell.top()) + 2)
        assert (px.lightnessF() > 0.5) == (want == "light"), (want, px.name())


def test_each_scheme_styles_everything_and_high_contrast_is_black_and_white(app_restored):
    from ui.theme import style_sheet
    for scheme in SCHEMES:                  # every scheme fills every slot of the style sheet and the grid's table
        sheet = style_sheet(scheme)
        arrows = re.findall(r'url\("([^"]+)"\)', sheet)
        assert len(arrows) == 4 and all(os.path.isfile(a) and scheme in os.path.basename(a) for a in arrows)
        assert "{window}" not in sheet and SCHEMES[scheme]["window"] in sheet     # (format raised on a gap)
        paint.use_scheme(scheme)
        assert paint.BG.name() == paint.SCHEMES[scheme]["BG"]
    app = app_restored                      # (restyling the application is slow: once)
    assert apply_theme(app, "contrast") == "contrast"
    assert app.palette().color(QPalette.ColorRole.Window).name() == "#000000"
    assert app.palette().color(QPalette.ColorRole.WindowText).name() == "#ffffff"
    assert "#ffff00" in app.styleSheet()    # the focus ring and group titles in yellow


def test_the_beat_map_follows_the_scheme(app_restored, qtbot):
    """The map's background was a fixed dark grey in the light theme too."""
    import numpy as np
    from ui.beatmap_panel import MapCanvas
    for scheme in ("light", "dark"):
        apply_theme(app_restored, scheme)
        c = MapCanvas()
        qtbot.addWidget(c)
        c.resize(300, 200)
        c.set_points(np.random.default_rng(0).normal(size=(50, 2)), np.array(["rock", "funk"] * 25))
        corner = c.grab().toImage().pixelColor(2, 197)
        assert (corner.lightnessF() > 0.5) == (scheme == "light"), (scheme, corner.name())


def test_the_beat_map_is_drawn_at_device_pixels(qtbot, monkeypatch):
    """At a device pixel ratio of 2 the map's dots were drawn at logical size and scaled up (soft)."""
    import numpy as np
    from ui.beatmap_panel import MapCanvas
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(300, 200)
    rng = np.random.default_rng(0)
    c.set_points(rng.normal(size=(500, 2)), np.array(["rock", "funk"] * 250))
    monkeypatch.setattr(c, "devicePixelRatioF", lambda: 2.0)
    img = c._raster()
    assert (img.width(), img.height()) == (600, 400) and img.devicePixelRatio() == 2.0
    drawn = np.frombuffer(img.constBits(), np.uint8).reshape(400, 600, 4)
    assert (drawn[:, :, :3] != drawn[0, 0, :3]).any(axis=2).sum() > 500 * 4      # dots, not a blank image


def test_the_beat_map_legend_fits_the_panel(qtbot):
    """18 styles in a 180 px high panel: the legend shows what fits and counts the rest (9 of 18 fitted at
    1024x600 and the others were cut at the panel's edge); a pack's roles read 'closed hat'."""
    import numpy as np
    from ui.beatmap_panel import MapCanvas
    c = MapCanvas()
    qtbot.addWidget(c)
    c.resize(400, 180)
    labels = np.array([f"style_{k:02d}" for k in range(18)] * 3)
    c.set_points(np.random.default_rng(0).normal(size=(len(labels), 2)), labels)
    line = c.fontMetrics().height()
    drawn, more = c.legend_lines(line)
    assert more and drawn[-1] == f"... {18 - len(drawn) + 1} more" and len(drawn) * line + 12 <= c.height()
    assert drawn[0] == "style 00"
    c.grab()                                                  # (and it paints)
