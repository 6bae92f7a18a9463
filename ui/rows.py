"""The grid's rows: lock / mute / solo and volume from the row header, the row menu (move, rename, change
note, remove), adding rows from the catalog, and pack loops dropped onto the grid."""
from __future__ import annotations

import os
from dataclasses import replace

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QMenu

from engine.drumkit import ROW_CATALOG, Row, gm_name
from engine.kitbalance import MAX_CURVE, MIN_CURVE
from engine.looppack import drop_span, lay_loop

from .i18n import tr


def _drop_note(first: int, last: int, rows: str, loop: str, bars: int | None) -> str:
    """The status line after a loop was dropped: which bars of which rows it replaced (and the pattern's new
    length when it grew)."""
    if first == last:
        text = (tr("Bar {first} of {rows} replaced by {loop}") if bars is None else
                tr("Bar {first} of {rows} replaced by {loop}; the pattern grew to {bars} bars"))
    else:
        text = (tr("Bars {first}-{last} of {rows} replaced by {loop}") if bars is None else
                tr("Bars {first}-{last} of {rows} replaced by {loop}; the pattern grew to {bars} bars"))
    return text.format(first=first, last=last, rows=rows, loop=loop, bars=bars)


class RowsController(QObject):
    message = Signal(str, int)
    drumifyRequested = Signal(int)      # a row whose rhythm the drummer should play a beat on

    def __init__(self, doc, prompts, parent_widget, parent=None):
        super().__init__(parent)
        self.doc, self.prompts, self.widget = doc, prompts, parent_widget
        self.kit_curves: dict[int, float] = {}     # note -> the kit's velocity curve (SoundController.kitBalanced)

    def header_clicked(self, r: int, what: str, global_pos=None) -> None:
        proj, p = self.doc.project, self.doc.pattern
        if r >= len(p.rows):
            return
        row = p.rows[r]
        if what in ("mute", "solo"):
            cur = getattr(proj.mixer.row(row.note), what)
            step = tr("Mute {row}") if what == "mute" else tr("Solo {row}")
            self.doc.apply_project(replace(proj, mixer=proj.mixer.with_row(row.note, **{what: not cur})),
                                   step.format(row=row.name))
        elif what == "lock":
            locked = set(proj.generation.locked_notes) ^ {row.note}
            g = replace(proj.generation, locked_notes=tuple(sorted(locked)))
            step = tr("Lock {row}") if row.note in locked else tr("Unlock {row}")
            self.doc.apply_project(replace(proj, generation=g), step.format(row=row.name))
        elif what == "name":
            self.row_menu(r, global_pos)

    def volume_changed(self, r: int, volume: float) -> None:
        proj, row = self.doc.project, self.doc.pattern.rows[r]
        self.doc.apply_project(replace(proj, mixer=proj.mixer.with_row(row.note, volume=volume)),
                               tr("Volume {row}").format(row=row.name))

    def row_menu(self, r: int, global_pos) -> None:
        p = self.doc.pattern
        m = QMenu(self.widget)
        up, down = m.addAction(tr("Move up")), m.addAction(tr("Move down"))
        rename, note = m.addAction(tr("Rename...")), m.addAction(tr("Change GM note..."))
        remove = m.addAction(tr("Remove {row}").format(row=p.rows[r].name))
        curve_own = self.doc.project.mixer.row(p.rows[r].note).curve
        curve = m.addAction(tr("Velocity curve..."))
        kit_curve = m.addAction(tr("Velocity curve: the kit's balance"))
        kit_curve.setEnabled(curve_own is not None)
        m.addSeparator()
        drumify = m.addAction(tr("Drumify: a beat on {row}'s rhythm").format(row=p.rows[r].name))
        up.setEnabled(r > 0)
        down.setEnabled(r < len(p.rows) - 1)
        remove.setEnabled(len(p.rows) > 1)
        chosen = m.exec(global_pos if global_pos is not None else self.widget.cursor().pos())
        try:
            if chosen == up:
                self.doc.apply(p.move_row(r, r - 1), tr("Move row"))
            elif chosen == down:
                self.doc.apply(p.move_row(r, r + 1), tr("Move row"))
            elif chosen == drumify:
                self.drumifyRequested.emit(r)
            elif chosen == remove:
                self.doc.apply(p.remove_row(r), tr("Remove row {row}").format(row=p.rows[r].name))
            elif chosen == rename:
                name = self.prompts.text(tr("Rename row"), tr("Name:"), p.rows[r].name)
                if name and name.strip():
                    self.doc.apply(p.rename_row(r, name=name.strip()), tr("Rename row"))
            elif chosen == curve:
                c = self.ask_curve(r)
                if c is not None:
                    self.set_curve(r, c)
            elif chosen == kit_curve:
                self.set_curve(r, None)
            elif chosen == note:
                n = self.prompts.integer(tr("GM note"), tr("GM note for {row}:").format(row=p.rows[r].name),
                                         p.rows[r].note, 0, 127)
                if n is not None:
                    self.doc.apply(p.rename_row(r, note=n), tr("Change row note"))
        except ValueError as exc:
            self.message.emit(str(exc), 6000)

    def ask_curve(self, r: int) -> float | None:
        """The row's velocity curve from the user, as a percentage of the exponent (100: as written)."""
        row = self.doc.pattern.rows[r]
        own = self.doc.project.mixer.row(row.note).curve
        n = self.prompts.integer(tr("Velocity curve"),
                                 tr("{row}: velocity curve\n100 plays the velocities as written,\nunder 100 lifts soft "
                                    "hits, over 100 sinks them:").format(row=row.name),
                                 round(100 * (own if own is not None else self.kit_curves.get(row.note, 1.0))),
                                 round(100 * MIN_CURVE), round(100 * MAX_CURVE))
        return None if n is None else n / 100.0

    def set_curve(self, r: int, curve: float | None) -> None:
        """A row's own velocity curve (None: back to the kit's balance), one undo step."""
        row, proj = self.doc.pattern.rows[r], self.doc.project
        if curve is None and proj.mixer.row(row.note).curve is None:
            return
        step = tr("Velocity curve {row}") if curve is not None else tr("Kit's velocity curve {row}")
        self.doc.apply_project(replace(proj, mixer=proj.mixer.with_row(row.note, curve=curve)),
                               step.format(row=row.name))

    def add_row_menu(self, anchor) -> None:
        """The catalog's rows the pattern lacks, in a menu under `anchor` (the + Row button)."""
        have = {r.note for r in self.doc.pattern.rows}
        m = QMenu(self.widget)
        for row in ROW_CATALOG:
            if row.note not in have:
                m.addAction(f"{row.name}  ({row.note} {gm_name(row.note)})").setData(row.note)
        chosen = m.exec(anchor.mapToGlobal(anchor.rect().bottomLeft()))
        if chosen:
            self.add_row(next(r for r in ROW_CATALOG if r.note == chosen.data()))

    def add_row(self, row: Row) -> None:
        self.doc.apply(self.doc.pattern.add_row_sorted(row), tr("Add row {row}").format(row=row.name))

    def drop_loop(self, loop, row: int | None, bar: int = 0, repeat: bool = False) -> None:
        """A pack loop dropped on the grid, placed where it landed: from the bar under the pointer for the
        loop's length (repeat, Shift held: to the pattern's end); on a row just that row's part, elsewhere
        the loop's rows (the others untouched). One undo step; the status bar says what was replaced."""
        p = self.doc.pattern
        try:
            new = lay_loop(p, loop.pattern, row, bar, repeat)
        except ValueError as exc:
            self.message.emit(f"{loop.name}: {exc}", 8000)
            return
        a, b = drop_span(p, loop.pattern, bar, repeat)
        names = [p.rows[row].name] if row is not None else [new.rows[new.row_index(r.note)].name
                                                            for r in loop.pattern.rows]
        first, last = a // p.steps_per_bar + 1, -(-b // p.steps_per_bar)
        what = (tr("Drop {role} part").format(role=loop.role) if row is not None else
                tr("Drop loop {file}").format(file=os.path.basename(loop.name)))
        self.doc.apply(new, what)
        self.message.emit(_drop_note(first, last, ", ".join(names), os.path.basename(loop.name),
                                     new.bars if new.bars > p.bars else None), 6000)
