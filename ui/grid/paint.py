"""Painting the step grid, one function per layer (Hydrogen's drawGridLines / drawNote / drawPattern):
ruler, row headers, cells with their hits, the drummer's region, beat and bar lines, the selection,
the playhead and the hovered step. Each takes the painter and the widget and reads only its state."""
from __future__ import annotations

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen

from engine.drumkit import voice_of_pitch
from engine.pattern import ACCENT_VELOCITY

VOICE_COLORS = ["#ff8a3d", "#4aa3ff", "#ffd84a", "#ffe98a", "#b07cff", "#c595ff", "#d9b3ff", "#3fe0c5", "#7ee8a8"]
OTHER_COLOR = "#ff6fa3"
CANDIDATE_COLOR = QColor("#39e6ff")
BG = QColor("#16181d")
HEADER_BG = QColor("#20232b")
HEADER_BG_ALT = QColor("#1d2027")
CELL_A = QColor("#2a2e38")
CELL_B = QColor("#232730")
TEXT = QColor("#e6e8ee")
DIM = QColor("#8a90a0")
SWITCH_OFF = QColor("#343947")
SELECTED_BAR = QColor("#3a4766")
SELECTION = QColor(90, 130, 220, 40)
PLAYHEAD = QColor(255, 255, 255, 170)
SWITCHES = (("lock", "L", "#3fe0c5"), ("mute", "M", "#ff5d5d"), ("solo", "S", "#ffd84a"))


def row_color(note: int) -> QColor:
    v = voice_of_pitch(note)
    return QColor(VOICE_COLORS[v] if v is not None else OTHER_COLOR)


def paint_grid(qp, g) -> None:
    """All layers, back to front."""
    qp.fillRect(g.rect(), BG)
    font = QFont(g.font())
    font.setPointSizeF(9.5)
    qp.setFont(font)
    ruler(qp, g)
    for r in range(len(g.doc.shown.rows)):
        cells(qp, g, r)
    candidate_region(qp, g)
    beat_lines(qp, g)
    selection(qp, g)
    playhead(qp, g)
    hover(qp, g)
    qp.translate(g.x0, 0)    # the row headers and the meter stay in view when the grid scrolls sideways
    ruler_label(qp, g)
    for r in range(len(g.doc.shown.rows)):
        header(qp, g, r, font)


def ruler(qp, g) -> None:
    p, w, hw, rh = g.doc.shown, g.cell_w(), g.header_w(), g.ruler_h
    qp.fillRect(QRect(0, 0, g.width(), rh), HEADER_BG)
    spb = p.steps_per_bar
    for b in range(p.bars):
        rect = QRectF(hw + b * spb * w, 0, spb * w, rh)
        if g.selection and g.selection[0] <= b <= g.selection[1]:
            qp.fillRect(rect, SELECTED_BAR)
        qp.setPen(TEXT)
        qp.drawText(rect.adjusted(6, 0, 0, 0), Qt.AlignmentFlag.AlignVCenter, str(b + 1))


def ruler_label(qp, g) -> None:
    p, hw, rh = g.doc.shown, g.header_w(), g.ruler_h
    qp.fillRect(QRect(0, 0, hw, rh), HEADER_BG)
    qp.setPen(DIM)
    qp.drawText(QRect(10, 0, hw - 10, rh), Qt.AlignmentFlag.AlignVCenter, f"{p.meter}  {p.tempo:g} BPM  grid {p.grid}")


def header(qp, g, r: int, font: QFont) -> None:
    """Name (and GM note where there is room), colour tab, lock/mute/solo switches, volume bar."""
    row, rh, hw = g.doc.shown.rows[r], g.row_h, g.header_w()
    y = g.ruler_h + r * rh
    qp.fillRect(QRect(0, y, hw, rh), HEADER_BG if r % 2 else HEADER_BG_ALT)
    color = row_color(row.note)
    qp.fillRect(QRect(0, y + 4, 4, rh - 8), color)
    mid = y + rh // 2
    compact = g.compact_header()
    name_w = hw - (100 if compact else 106)
    bold = QFont(font)
    bold.setBold(True)
    qp.setFont(bold)
    qp.setPen(TEXT)
    name = qp.fontMetrics().elidedText(row.name, Qt.TextElideMode.ElideRight, name_w - (0 if compact else 26))
    qp.drawText(QRect(10, mid - 14, name_w, 18), Qt.AlignmentFlag.AlignVCenter, name)
    qp.setFont(font)
    if not compact:  # the GM note number (the tooltip says it too)
        qp.setPen(DIM)
        qp.drawText(QRect(10, mid - 14, name_w - 2, 18), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    str(row.note))
    mix = g.mixer_rows.get(row.note)
    parts = g.header_parts(r)
    states = {"lock": row.note in g.locked, "mute": bool(mix and mix.mute), "solo": bool(mix and mix.solo)}
    for key, label, on_color in SWITCHES:
        on = states[key]
        qp.fillRect(parts[key], QColor(on_color) if on else SWITCH_OFF)
        qp.setPen(QColor("#111") if on else DIM)
        qp.drawText(parts[key], Qt.AlignmentFlag.AlignCenter, label)
    vol, vr = (mix.volume if mix else 1.0), parts["volume"]
    qp.fillRect(vr, SWITCH_OFF)
    qp.fillRect(QRect(vr.x(), vr.y(), int(vr.width() * min(vol, 1.5) / 1.5), vr.height()), color.darker(130))


def cells(qp, g, r: int) -> None:
    """A row's steps: shade by beat, hits as bars whose height and opacity follow velocity, accents capped,
    the drummer's candidate steps in cyan."""
    p = g.doc.shown
    color = row_color(p.rows[r].note)
    beat = p.beat_steps()
    cand = g.doc.candidate
    a, b = cand.step_range() if cand is not None else (0, 0)
    base = g.doc.pattern
    # a variation of the same pattern (ghost notes, a row drumified, a bar from the map): only what it changes
    # is the drummer's; a longer one (Continue) is the drummer's over its whole range
    changed = (p.hits[r] != base.hits[r]) if cand is not None and base.rows == p.rows and \
        base.hits.shape == p.hits.shape else None
    for s in range(p.n_steps):
        rect = g.cell_rect(r, s)
        qp.fillRect(rect, CELL_A if (int(s // beat) % 2 if beat >= 1 else 0) == 0 else CELL_B)
        v = int(p.hits[r, s])
        if not v:
            continue
        c = QColor(CANDIDATE_COLOR if a <= s < b and (changed is None or changed[s]) else color)
        h = rect.height() * (0.25 + 0.75 * v / 127)
        bar = QRectF(rect.x(), rect.bottom() - h, rect.width(), h)
        fill = QColor(c)
        fill.setAlphaF(0.25 + 0.75 * v / 127)
        qp.fillRect(bar, fill)
        if v >= ACCENT_VELOCITY:
            qp.fillRect(QRectF(rect.x(), bar.y(), rect.width(), 3), c.lighter(140))
    y = g.ruler_h + (r + 1) * g.row_h
    qp.setPen(QPen(QColor("#101216"), 1))
    qp.drawLine(0, y, g.width(), y)


def candidate_region(qp, g) -> None:
    cand = g.doc.candidate
    if cand is None:
        return
    a, b = cand.step_range()
    w, hw = g.cell_w(), g.header_w()
    qp.setPen(QPen(CANDIDATE_COLOR, 2, Qt.PenStyle.DashLine))
    qp.drawRect(QRectF(hw + a * w, g.ruler_h, (b - a) * w, len(g.doc.shown.rows) * g.row_h))


def beat_lines(qp, g) -> None:
    p, w, hw = g.doc.shown, g.cell_w(), g.header_w()
    spb, beat, bottom = p.steps_per_bar, p.beat_steps(), g.grid_bottom()
    s = 0.0
    while s <= p.n_steps + 1e-9:
        x = int(hw + s * w)
        is_bar = abs(s / spb - round(s / spb)) < 1e-9
        qp.setPen(QPen(QColor("#c8ccd8") if is_bar else QColor("#4b5162"), 2 if is_bar else 1))
        qp.drawLine(x, 0 if is_bar else g.ruler_h, x, bottom - 1)   # (not below the pinned row names)
        s += beat


def selection(qp, g) -> None:
    if g.selection:
        a, b = g.selection
        w, spb = g.cell_w(), g.doc.shown.steps_per_bar
        qp.fillRect(QRectF(g.header_w() + a * spb * w, g.ruler_h, (b - a + 1) * spb * w, g.grid_bottom() - g.ruler_h),
                    SELECTION)


def playhead(qp, g) -> None:
    if g.playhead is not None:
        x = g.header_w() + g.playhead * g.cell_w()
        qp.fillRect(QRectF(x - 1, 0, 3, g.grid_bottom()), PLAYHEAD)


def hover(qp, g) -> None:
    p = g.doc.shown
    if g.hover and g.doc.candidate is None:
        r, s = g.hover
        if r < len(p.rows) and s < p.n_steps:
            qp.setPen(QPen(QColor(255, 255, 255, 120), 1))
            qp.drawRect(g.cell_rect(r, s))
