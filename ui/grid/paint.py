"""Painting the step grid, one function per layer (Hydrogen's drawGridLines / drawNote / drawPattern):
ruler, row headers, cells with their hits (rolls and flams included), the drummer's region, beat and bar
lines, the selection, the playhead and the hovered step. Each takes the painter and the widget and reads only
its state."""
from __future__ import annotations

from functools import lru_cache

from PySide6.QtCore import QPointF, QRect, QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPen, QPolygonF

from engine.drumkit import voice_of_pitch
from engine.pattern import ACCENT_VELOCITY
from engine.rolls import Roll, expand, grace_velocity

from ..i18n import tr

VOICE_COLORS = ["#ff8a3d", "#4aa3ff", "#ffd84a", "#ffe98a", "#b07cff", "#c595ff", "#d9b3ff", "#3fe0c5", "#7ee8a8"]
OTHER_COLOR = "#ff6fa3"
# the grid's colours per colour scheme (ui/theme.py picks one from the system's setting)
SCHEMES = {
    "dark": dict(BG="#16181d", HEADER_BG="#20232b", HEADER_BG_ALT="#1d2027", CELL_A="#2a2e38", CELL_B="#232730",
                 TEXT="#e6e8ee", DIM="#8a90a0", SWITCH_OFF="#343947", SELECTED_BAR="#3a4766", ROW_LINE="#101216",
                 BAR_LINE="#c8ccd8", BEAT_LINE="#4b5162", CURSOR_COLOR="#ffd36b", PLAYHEAD="#aaffffff",
                 SELECTION="#285a82dc", HIT_DARKER=100, CANDIDATE_COLOR="#39e6ff"),
    "light": dict(BG="#eceef2", HEADER_BG="#e2e5eb", HEADER_BG_ALT="#d9dde5", CELL_A="#ffffff", CELL_B="#f0f2f6",
                  TEXT="#1b1d23", DIM="#555b6a", SWITCH_OFF="#c5cad5", SELECTED_BAR="#b4c6ee", ROW_LINE="#c3c8d2",
                  BAR_LINE="#2f3440", BEAT_LINE="#a4abba", CURSOR_COLOR="#c2410c", PLAYHEAD="#aa141414",
                  SELECTION="#30285ac8", HIT_DARKER=140, CANDIDATE_COLOR="#0797b4"),
    "contrast": dict(BG="#000000", HEADER_BG="#000000", HEADER_BG_ALT="#0a0a0a", CELL_A="#141414", CELL_B="#000000",
                     TEXT="#ffffff", DIM="#d0d0d0", SWITCH_OFF="#5a5a5a", SELECTED_BAR="#0033aa", ROW_LINE="#6a6a6a",
                     BAR_LINE="#ffffff", BEAT_LINE="#9a9a9a", CURSOR_COLOR="#ffff00", PLAYHEAD="#ffffffff",
                     SELECTION="#505a82ff", HIT_DARKER=100, CANDIDATE_COLOR="#00ffff"),
}
BG = QColor(SCHEMES["dark"]["BG"])
HEADER_BG = QColor(SCHEMES["dark"]["HEADER_BG"])
HEADER_BG_ALT = QColor(SCHEMES["dark"]["HEADER_BG_ALT"])
CELL_A = QColor(SCHEMES["dark"]["CELL_A"])
CELL_B = QColor(SCHEMES["dark"]["CELL_B"])
TEXT = QColor(SCHEMES["dark"]["TEXT"])
DIM = QColor(SCHEMES["dark"]["DIM"])
SWITCH_OFF = QColor(SCHEMES["dark"]["SWITCH_OFF"])
SELECTED_BAR = QColor(SCHEMES["dark"]["SELECTED_BAR"])
ROW_LINE = QColor(SCHEMES["dark"]["ROW_LINE"])
BAR_LINE = QColor(SCHEMES["dark"]["BAR_LINE"])
BEAT_LINE = QColor(SCHEMES["dark"]["BEAT_LINE"])
CURSOR_COLOR = QColor(SCHEMES["dark"]["CURSOR_COLOR"])
PLAYHEAD = QColor(SCHEMES["dark"]["PLAYHEAD"])
SELECTION = QColor(SCHEMES["dark"]["SELECTION"])
CANDIDATE_COLOR = QColor(SCHEMES["dark"]["CANDIDATE_COLOR"])
HIT_DARKER = 100         # hits drawn this much darker (QColor.darker): bright yellow hats vanish on white


def use_scheme(name: str) -> None:
    """Paint with the colours of a scheme: dark, light or contrast (ui/theme.py chooses)."""
    for key, value in SCHEMES[name].items():
        globals()[key] = QColor(value) if isinstance(value, str) else value
ROLL_LABEL_BG = QColor(16, 18, 22, 215)
MIN_REPEAT_PITCH = 2.5      # px per repeat (mark + gap) under which a roll is shown as a label, not as marks
MIN_LABEL_W = 5           # px: narrower cells show a roll as stacked slices of the hit (no room for a digit)
MIN_DIGIT_W = MIN_LABEL_W   # px: a cell this wide shows its repeats' digit over its marks when too narrow for "x3"
TAG_MIN_W = 20            # px: cells this wide also name their roll ('x6') in their top corner
SWITCHES = (("lock", "L", "#3fe0c5"), ("mute", "M", "#ff5d5d"), ("solo", "S", "#ffd84a"))


def row_color(note: int) -> QColor:
    v = voice_of_pitch(note)
    return QColor(VOICE_COLORS[v] if v is not None else OTHER_COLOR).darker(HIT_DARKER)   # (hats on white)


def paint_grid(qp, g) -> None:
    """All layers, back to front."""
    qp.fillRect(g.rect(), BG)
    font = QFont(g.font())
    font.setPointSizeF(9.5)
    qp.setFont(font)
    ruler(qp, g)
    top, bottom = g.exposed.top() if getattr(g, "exposed", None) else 0, \
        g.exposed.bottom() if getattr(g, "exposed", None) else g.height()
    rows = [r for r in range(len(g.doc.shown.rows))
            if g.ruler_h + (r + 1) * g.row_h >= top and g.ruler_h + r * g.row_h <= bottom]
    for r in rows:
        cell_backgrounds(qp, g, r)
    beat_lines(qp, g)
    for r in rows:                   # the hits above the bar and beat lines: at Fit zoom a step is 1-2 px wide
        cells(qp, g, r)              # and the lines hid every hit on a beat
    candidate_region(qp, g)
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
    qp.drawText(QRect(10, 0, hw - 10, rh), Qt.AlignmentFlag.AlignVCenter, 
                tr("{meter}  {bpm:g} BPM  grid {grid}").format(meter=p.meter, bpm=p.tempo, grid=p.grid))


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
    curve, own = g.row_curve(row.note)
    name = qp.fontMetrics().elidedText(row.name, Qt.TextElideMode.ElideRight,
                                       name_w - (0 if compact else 38 if curve != 1.0 else 26))
    qp.drawText(QRect(10, mid - 14, name_w, 18), Qt.AlignmentFlag.AlignVCenter, name)
    qp.setFont(font)
    if not compact:  # the GM note number, or a velocity curve other than 1 (the tooltip says both)
        qp.setPen(color if own else DIM)
        qp.drawText(QRect(10, mid - 14, name_w - 2, 18), Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignRight,
                    f"^{curve:.2f}" if curve != 1.0 else str(row.note))
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


def cell_backgrounds(qp, g, r: int) -> None:
    """A row's steps shaded by beat, and the line under the row."""
    p = g.doc.shown
    beat = p.beat_steps()
    for s in g.visible_steps():
        qp.fillRect(g.cell_rect(r, s), cell_shade(s, beat))
    y = g.ruler_h + (r + 1) * g.row_h
    qp.setPen(QPen(ROW_LINE, 1))
    qp.drawLine(0, y, g.width(), y)


def cell_shade(s: int, beat: float) -> QColor:
    return CELL_A if (int(s // beat) % 2 if beat >= 1 else 0) == 0 else CELL_B


def cells(qp, g, r: int) -> None:
    """A row's hits as bars whose height and opacity follow velocity, accents capped, rolls as one mark per
    repeat and flams as a grace mark (roll_cell), a hit kept as played with a tick where it was played, the
    drummer's candidate steps in cyan."""
    p = g.doc.shown
    color = row_color(p.rows[r].note)
    beat = p.beat_steps()
    cand = g.doc.candidate
    a, b = cand.step_range() if cand is not None else (0, 0)
    base = g.doc.pattern
    # a variation of the same pattern (ghost notes, a row drumified, a bar from the map): only what it changes
    # is the drummer's; a longer one (Continue) is the drummer's over its whole range
    changed = ((p.hits[r] != base.hits[r]) | (p.rolls[r] != base.rolls[r])) if cand is not None and \
        base.rows == p.rows and base.hits.shape == p.hits.shape else None
    row = p.hits[r]
    for s in g.visible_steps():
        v = int(row[s])
        if not v:
            continue
        rect = g.cell_rect(r, s)
        c = QColor(CANDIDATE_COLOR if a <= s < b and (changed is None or changed[s]) else color)
        code = int(p.rolls[r, s])
        if code:
            roll_cell(qp, rect, c, v, code, cell_shade(s, beat))
        else:
            hit_bar(qp, rect, c, v)
        nudge = float(p.nudge[r, s])
        if nudge:         # kept as played: a tick where it was played (left of the middle: early; right: late)
            x = rect.center().x() + nudge * rect.width()
            qp.fillRect(QRectF(x - 1, rect.y() + 1, 2, rect.height() * 0.4), c.lighter(170))


def hit_bar(qp, rect: QRectF, c: QColor, v: int, x: float | None = None, w: float | None = None) -> None:
    """One hit: a bar rising from the cell's bottom, its height and opacity following velocity; accents capped.
    x, w: the part of the cell it takes (default: all of it)."""
    x = rect.x() if x is None else x
    w = rect.width() if w is None else w
    h = rect.height() * (0.25 + 0.75 * v / 127)
    bar = QRectF(x, rect.bottom() - h, w, h)
    fill = QColor(c)
    fill.setAlphaF(0.25 + 0.75 * v / 127)
    qp.fillRect(bar, fill)
    if v >= ACCENT_VELOCITY:
        qp.fillRect(QRectF(x, bar.y(), w, min(3.0, h)), c.lighter(140))


@lru_cache(maxsize=4096)
def repeat_velocities(code: int, velocity: int) -> tuple[int, ...]:
    """The velocities a rolled cell plays, repeat by repeat (the grace note left out): the same expansion
    playback and export use, so the marks rise and fall as the roll sounds."""
    _idx, _frac, v, grace = expand([code], [velocity])
    return tuple(int(x) for x in v[~grace])


def roll_layout(width: float, roll: Roll) -> str:
    """How a rolled cell this wide is drawn: 'marks' (one bar per repeat), 'label' (the hit and a digit) or
    'slices' (the hit cut into stacked slices: a cell too narrow for a digit)."""
    flam_w = flam_width(width) + 1 if roll.flam else 0
    if roll.count == 1 or (width - flam_w + 1) / roll.count >= MIN_REPEAT_PITCH:
        return "marks"
    return "label" if width >= MIN_LABEL_W else "slices"


def flam_width(width: float) -> int:
    return max(2, min(8, int(width * 0.2)))


def roll_label(roll: Roll, room: float = 99) -> str:
    """The short text a rolled cell shows: 'x3' ('3' where room is short), 'f x3' / 'f3', 'f' (flam alone)."""
    if roll.count == 1:
        return "f" if roll.flam else ""
    return ("f" if roll.flam else "") + (f"x{roll.count}" if room >= 14 + 6 * roll.flam else str(roll.count))


def shaped_bar(qp, rect: QRectF, c: QColor, vels: tuple[int, ...]) -> None:
    """The whole hit as one bar whose top runs from the first repeat's height to the last's (a narrow roll
    still shows whether it rises or falls)."""
    first, last = (rect.height() * (0.25 + 0.75 * v / 127) for v in (vels[0], vels[-1]))
    x0, x1, bottom = rect.x(), rect.x() + rect.width(), rect.bottom()
    fill = QColor(c)
    fill.setAlphaF(0.25 + 0.75 * max(vels) / 127)
    qp.save()
    qp.setPen(Qt.PenStyle.NoPen)
    qp.setBrush(fill)
    qp.drawPolygon(QPolygonF([QPointF(x0, bottom), QPointF(x0, bottom - first), QPointF(x1, bottom - last),
                              QPointF(x1, bottom)]))
    qp.restore()


def tag(qp, rect: QRectF, text: str, align_right: bool | None = None) -> None:
    """A small label on a dark chip at the top of the cell: centred (None), top right (True) or top left."""
    font = QFont(qp.font())
    font.setPointSizeF(7.5)
    font.setBold(True)
    qp.save()
    qp.setFont(font)
    fm = qp.fontMetrics()
    w = min(fm.horizontalAdvance(text) + 4, rect.width())
    x = rect.x() + ((rect.width() - w) / 2 if align_right is None else rect.width() - w if align_right else 0)
    box = QRectF(x, rect.y(), w, fm.height() - 1)
    qp.fillRect(box, ROLL_LABEL_BG)
    qp.setPen(TEXT)
    qp.drawText(box, Qt.AlignmentFlag.AlignCenter, text)
    qp.restore()


def roll_cell(qp, rect: QRectF, c: QColor, v: int, code: int, bg: QColor = CELL_A) -> None:
    """A rolled or flammed hit. Wide enough: the cell split into one mark per repeat (heights and opacity
    following each repeat's velocity: flat, rising, falling; wide cells name the count in a corner too) and a
    flam's grace note as a thin, lighter, shorter mark at the left edge. Narrower: the hit as one bar whose top
    follows the shape, labelled ('x3', '3', 'f3'); narrower still, the bar cut into as many stacked slices as
    the roll has repeats (no room for a flam's mark there: the hover tip names it)."""
    roll = Roll.from_code(code)
    layout = roll_layout(rect.width(), roll)
    vels = repeat_velocities(code, v)
    x0, x1 = int(round(rect.x())), int(round(rect.x() + rect.width()))
    if layout == "marks":
        if roll.flam:
            fw = flam_width(rect.width())
            grace = int(grace_velocity(v))
            h = rect.height() * (0.25 + 0.75 * grace / 127)
            qp.fillRect(QRectF(x0, rect.bottom() - h, fw, h), c.lighter(150))
            x0 += fw + (2 if rect.width() >= 20 else 1)
        n = len(vels)
        pitch = (x1 - x0 + 1) / n
        gap = 1 if pitch < 7 else 2
        for k, vk in enumerate(vels):
            a, b = x0 + int(round(k * pitch)), x0 + int(round((k + 1) * pitch)) - gap
            hit_bar(qp, rect, c, vk, a, max(1, b - a))
        if rect.width() >= TAG_MIN_W:     # over the short marks: a flam's grace note, the low end of a ramp
            text = ("f " if roll.flam else "") + (f"x{n}" if n > 1 else "") if n > 1 or rect.width() < 40 else tr("flam")
            tag(qp, rect, text.strip(), align_right=n > 1 and roll.shape != "up" and not roll.flam)
        elif n > 1 and rect.width() >= MIN_DIGIT_W:     # zoomed out: the marks blur, the digit still reads
            tag(qp, rect, roll_label(roll, rect.width()))
        return
    if layout == "slices":     # the bar cut into n pieces (1 px of the cell's background between them)
        hit_bar(qp, rect, c, v)
        h = rect.height() * (0.25 + 0.75 * v / 127)
        for k in range(1, roll.count):
            qp.fillRect(QRectF(rect.x(), round(rect.bottom() - k * h / roll.count), rect.width(), 1), bg)
        return
    shaped_bar(qp, rect, c, vels)
    tag(qp, rect, roll_label(roll, rect.width()))


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
        qp.setPen(QPen(BAR_LINE if is_bar else BEAT_LINE, 2 if is_bar else 1))
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


def keyboard_cursor(qp, g) -> None:
    """The keyboard cursor: a 2 px ring while the grid has the keys, thinner when it does not."""
    c = g.cursor
    p = g.doc.shown
    if not c.active or c.row >= len(p.rows) or c.step >= p.n_steps:
        return
    focused = g.hasFocus()
    color = QColor(CURSOR_COLOR)
    color.setAlpha(255 if focused else 110)
    qp.setPen(QPen(color, 2 if focused else 1))
    rect = g.cell_rect(c.row, c.step)
    qp.drawRect(rect.adjusted(-1, -1, 1, 1) if focused else rect)


def hover(qp, g) -> None:
    keyboard_cursor(qp, g)
    p = g.doc.shown
    if g.hover and g.doc.candidate is None:
        r, s = g.hover
        if r < len(p.rows) and s < p.n_steps:
            qp.setPen(QPen(QColor(255, 255, 255, 120), 1))
            qp.drawRect(g.cell_rect(r, s))
