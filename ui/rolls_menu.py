"""Rolls and flams on a grid cell: the edits (one undo step each, named for the menu and the undo history)
and the cell's context menu (Roll: none / x2 ... x8, Shape: flat / up / down, Flam)."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import QMenu, QWidget

from engine.rolls import COUNTS, SHAPES, Roll

from .i18n import QT_TR_NOOP, tr

SHAPE_NAMES = {"flat": QT_TR_NOOP("Flat"), "up": QT_TR_NOOP("Up (crescendo)"),
               "down": QT_TR_NOOP("Down (decrescendo)")}
SHAPE_WORDS = {"flat": QT_TR_NOOP("flat"), "up": QT_TR_NOOP("up"), "down": QT_TR_NOOP("down")}   # in undo names, tips


def stepped_count(count: int, steps: int) -> int:
    """The repeat count `steps` places along 1, 2, 3, 4, 6, 8 (clamped at the ends)."""
    i = COUNTS.index(count) + steps
    return COUNTS[max(0, min(len(COUNTS) - 1, i))]


def with_count(roll: Roll, count: int) -> Roll:
    """The roll with another repeat count; back to one hit, its shape goes too (a shape needs repeats)."""
    return replace(roll, count=count, shape=roll.shape if count > 1 else "flat")


def count_label(count: int) -> str:
    return tr("Roll x{count}").format(count=count) if count > 1 else tr("No roll")


def shape_label(shape: str) -> str:
    return tr("Roll shape {shape}").format(shape=tr(SHAPE_WORDS.get(shape, shape)))


def flam_label(flam: bool) -> str:
    return tr("Flam") if flam else tr("Remove flam")


def roll_tip(roll: Roll) -> str:
    """What the cell's hover tip adds: ', roll x4 up, flam' (nothing for a plain hit)."""
    parts = []
    if roll.count > 1:
        shape = tr(SHAPE_WORDS.get(roll.shape, roll.shape))
        parts.append(tr("roll x{count}").format(count=roll.count) if roll.shape == "flat" else
                     tr("roll x{count} {shape}").format(count=roll.count, shape=shape))
    if roll.flam:
        parts.append(tr("flam"))
    return "".join(f", {x}" for x in parts)


def apply_roll(doc, row: int, step: int, roll: Roll, text: str) -> bool:
    """Set the cell's roll as one undo step; False (nothing done) where the cell holds no hit any more or
    the roll is already that."""
    p = doc.pattern
    if not (0 <= row < len(p.rows) and 0 <= step < p.n_steps) or not p.hits[row, step]:
        return False
    if p.roll(row, step) == roll:
        return False
    doc.apply(p.with_roll(row, step, roll), text)
    return True


def build_roll_menu(parent: QWidget, roll: Roll, edit) -> QMenu:
    """The roll menu for a cell holding `roll`; each action calls edit(new_roll, undo_text)."""
    menu = QMenu(parent)
    menu.setObjectName("rollMenu")
    menu.setToolTipsVisible(True)

    def group(key: str, title: str, items, current, make) -> None:
        sec = menu.addSection(title)
        sec.setObjectName(f"section_{key}")
        grp = QActionGroup(menu)
        grp.setExclusive(True)
        for value, text in items:
            act = QAction(text, menu)
            act.setCheckable(True)
            act.setChecked(value == current)
            act.setObjectName(f"{key}_{value}")
            new, label = make(value)
            act.triggered.connect(lambda _=False, n=new, t=label: edit(n, t))
            grp.addAction(act)
            menu.addAction(act)

    group("roll", tr("Roll"), [(c, tr("none") if c == 1 else f"x{c}") for c in COUNTS], roll.count,
          lambda c: (with_count(roll, c), count_label(c)))
    group("shape", tr("Shape"), [(s, tr(SHAPE_NAMES[s])) for s in SHAPES], roll.shape,
          lambda s: (replace(roll, shape=s), shape_label(s)))
    for act in menu.actions():
        if act.objectName().startswith("shape_"):
            act.setEnabled(roll.count > 1)
            act.setToolTip("" if roll.count > 1 else tr("A shape ramps the repeats of a roll: pick x2 or more first"))
    menu.addSeparator()
    flam = QAction(tr("Flam"), menu)
    flam.setObjectName("flam")
    flam.setCheckable(True)
    flam.setChecked(roll.flam)
    flam.setToolTip(tr("A softer grace note just before the hit"))
    flam.triggered.connect(lambda on: edit(replace(roll, flam=bool(on)), flam_label(bool(on))))
    menu.addAction(flam)
    return menu


def menu_action(menu: QMenu, name: str) -> QAction:
    """The action named 'roll_3', 'shape_up', 'flam' (tests and automation)."""
    for act in menu.actions():
        if act.objectName() == name:
            return act
    raise KeyError(name)
