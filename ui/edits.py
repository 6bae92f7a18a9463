"""Edits that are not strokes on the grid: bar selections (copy, paste, clear, duplicate, shift), the
pattern's settings (length, grid, meter, tempo, swing), the project's patterns, the mixer and the drummer's
settings. Each is one undo step through the document; refusals come back as status messages."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from engine.pattern import EDIT_MAX_BARS, GRIDS, parse_meter
from engine.project import MAX_REPEATS


class EditsController(QObject):
    message = Signal(str, int)
    refused = Signal()        # an edit was refused: the controls should show the document again

    def __init__(self, doc, grid, prompts, parent=None):
        super().__init__(parent)
        self.doc, self.grid, self.prompts = doc, grid, prompts
        self.clipboard = None     # (rows, clip) of copied bars

    def _refuse(self, text: str, ms: int = 6000) -> None:
        self.message.emit(text, ms)
        self.refused.emit()

    # ---- bar selection ------------------------------------------------------------------------------
    def selected_or_all(self) -> tuple[int, int]:
        return self.grid.selection or (0, self.doc.pattern.bars - 1)

    def copy_bars(self) -> None:
        a, b = self.selected_or_all()
        self.clipboard = (self.doc.pattern.rows, self.doc.pattern.copy_bars(a, b - a + 1))
        self.message.emit(f"Copied bars {a + 1}-{b + 1}", 3000)

    def paste_bars(self) -> None:
        if self.clipboard:
            at = self.grid.selection[0] if self.grid.selection else 0
            self.doc.apply(self.doc.pattern.paste_aligned(*self.clipboard, at), "Paste bars")

    def clear_bars(self) -> None:
        a, b = self.selected_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.clear_range(a * spb, (b + 1) * spb), "Clear bars")

    def duplicate_bars(self) -> None:
        a, b = self.selected_or_all()
        p = self.doc.pattern
        if p.bars + (b - a + 1) > EDIT_MAX_BARS:
            self.message.emit(f"a pattern holds at most {EDIT_MAX_BARS} bars in the window", 5000)
            return
        self.doc.apply(p.duplicate_bars(a, b - a + 1), "Duplicate bars")

    def shift_bars(self, steps: int) -> None:
        a, b = self.selected_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.shift(steps, a * spb, (b + 1) * spb), "Shift steps")

    def select_all(self) -> None:
        self.grid.set_selection((0, self.doc.pattern.bars - 1))

    # ---- the pattern's settings ------------------------------------------------------------------------
    def set_pattern_setting(self, key: str, value) -> None:
        try:
            self.doc.apply(self.doc.pattern.with_settings(**{key: value}), f"Set {key}")
        except ValueError as exc:
            self._refuse(str(exc), 5000)

    def set_bars(self, n: int) -> None:
        if n != self.doc.pattern.bars:
            self.doc.apply(self.doc.pattern.resized(n), f"{n} bars")

    def set_grid(self, g: int) -> None:
        try:
            p, lost = self.doc.pattern.with_grid(g)
        except ValueError as exc:
            self._refuse(str(exc))
            return
        if lost and not self.prompts.confirm(f"{len(lost)} hits do not fit the {GRIDS[g]} grid and will be "
                                             f"removed (undo brings them back). Change the grid?"):
            self.refused.emit()
            return
        self.doc.apply(p, f"Grid {GRIDS[g]}")

    def set_meter(self, text: str) -> None:
        """Each bar keeps its own content in the new meter (from its downbeat); hits that a shorter bar cannot
        hold are removed only when the user agrees. The status bar says what happened either way (the steps
        were re-barred without a word: a 4/4 bar's beat-4 snare became bar 2's downbeat in 3/4)."""
        p = self.doc.pattern
        try:
            num, den = parse_meter(text)
            new, lost = p.with_meter_per_bar(num, den)
        except ValueError as exc:
            self._refuse(f"time signature '{text.strip()}': {exc}")
            return
        if (num, den) == (p.numerator, p.denominator):
            return
        longer = new.steps_per_bar > p.steps_per_bar
        if lost and not self.prompts.confirm(
                f"In {num}/{den} each bar keeps its first {new.steps_per_bar} steps: {len(lost)} hit"
                f"{'s' if len(lost) > 1 else ''} after them will be removed (undo brings them back). Change the meter?"):
            self.refused.emit()
            return
        self.doc.apply(new, f"Meter {num}/{den}")
        extra = new.steps_per_bar - p.steps_per_bar
        what = (f"; each ends in {extra} silent steps" if longer else
                f"; {len(lost)} hit{'s' if len(lost) != 1 else ''} past the shorter bars removed" if lost else "")
        self.message.emit(f"Meter {num}/{den}: every bar keeps its own hits from its downbeat{what}", 6000)

    # ---- patterns of the project --------------------------------------------------------------------------
    def switch_pattern(self, index: int) -> None:
        if index != self.doc.project.current:
            self.doc.discard_candidates()
            self.doc.apply_project(self.doc.project.with_current(index), f"Go to {self.doc.project.names[index]}")

    def add_pattern(self) -> None:
        self.doc.add_pattern(self.doc.pattern)

    def rename_pattern(self, name: str | None = None) -> None:
        proj = self.doc.project
        if not isinstance(name, str):
            name = self.prompts.text("Rename pattern", "Name:", proj.names[proj.current])
            if name is None:
                return
        try:
            self.doc.apply_project(proj.renamed(proj.current, name), "Rename pattern")
        except ValueError as exc:
            self._refuse(str(exc), 5000)

    def delete_pattern(self) -> None:
        proj = self.doc.project
        try:
            self.doc.apply_project(proj.without(proj.current), f"Delete {proj.names[proj.current]}")
        except ValueError as exc:
            self._refuse(str(exc), 5000)

    # ---- the song (arrangement) ----------------------------------------------------------------------------
    def song_add(self) -> None:
        """The pattern shown goes at the end of the song; right after itself it plays once more instead
        (one part "Verse x2", not two parts to keep in step)."""
        proj = self.doc.project
        song, name = list(proj.arrangement), proj.names[proj.current]
        if song and song[-1][0] == proj.current:
            if song[-1][1] >= MAX_REPEATS:
                return
            song[-1] = (proj.current, song[-1][1] + 1)
            self._song(song, f"Repeat {name} in the song")
        else:
            self._song(song + [(proj.current, 1)], f"Add {name} to the song")

    def song_repeat(self, entry: int, delta: int) -> None:
        song = list(self.doc.project.arrangement)
        i, n = song[entry]
        if not 1 <= n + delta <= MAX_REPEATS:
            return
        song[entry] = (i, n + delta)
        self._song(song, "Repeat in the song")

    def song_remove(self, entry: int) -> None:
        song = list(self.doc.project.arrangement)
        song.pop(entry)
        self._song(song, "Remove from the song")

    def song_move(self, entry: int, to: int) -> None:
        song = list(self.doc.project.arrangement)
        song.insert(to, song.pop(entry))
        self._song(song, "Reorder the song")

    def _song(self, entries, text: str) -> None:
        self.doc.apply_project(self.doc.project.with_arrangement(entries), text)

    # ---- mixer and drummer settings ------------------------------------------------------------------------
    def set_mixer(self, text: str, **kw) -> None:
        proj = self.doc.project
        self.doc.apply_project(replace(proj, mixer=replace(proj.mixer, **kw)), text)

    def set_humanize(self, ms: int) -> None:
        self.set_mixer("Set humanize", humanize_ms=float(ms), humanize_velocity=min(64, ms))

    def set_generation(self, changes: dict) -> None:
        self.doc.set_settings(replace(self.doc.project.generation, **changes))
