"""Edits that are not strokes on the grid: bar selections (copy, paste, clear, duplicate, shift), the
pattern's settings (length, grid, meter, tempo, swing), the project's patterns, the mixer and the drummer's
settings. Each is one undo step through the document; refusals come back as status messages."""
from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, Signal

from engine.pattern import EDIT_MAX_BARS, GRIDS, parse_meter
from engine.project import MAX_REPEATS

from .i18n import QT_TR_NOOP, tr

# the undo step of a pattern setting (Edit > Undo "Set tempo"); another key is named as it is
SETTING_STEPS = {"tempo": QT_TR_NOOP("Set tempo"), "swing": QT_TR_NOOP("Set swing")}


def _meter_note(num: int, den: int, extra: int, longer: bool, lost: int) -> str:
    """The status line after a change of meter: what the bars kept, and what they gained or lost."""
    if longer:
        text = tr("Meter {num}/{den}: every bar keeps its own hits from its downbeat; each ends in {extra} silent "
                  "steps")
    elif lost == 1:
        text = tr("Meter {num}/{den}: every bar keeps its own hits from its downbeat; {n} hit past the shorter bars "
                  "removed")
    elif lost:
        text = tr("Meter {num}/{den}: every bar keeps its own hits from its downbeat; {n} hits past the shorter bars "
                  "removed")
    else:
        text = tr("Meter {num}/{den}: every bar keeps its own hits from its downbeat")
    return text.format(num=num, den=den, extra=extra, n=lost)


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
        self.message.emit(tr("Copied bars {first}-{last}").format(first=a + 1, last=b + 1), 3000)

    def paste_bars(self) -> None:
        if self.clipboard:
            at = self.grid.selection[0] if self.grid.selection else 0
            self.doc.apply(self.doc.pattern.paste_aligned(*self.clipboard, at), tr("Paste bars"))

    def clear_bars(self) -> None:
        a, b = self.selected_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.clear_range(a * spb, (b + 1) * spb), tr("Clear bars"))

    def duplicate_bars(self) -> None:
        a, b = self.selected_or_all()
        p = self.doc.pattern
        if p.bars + (b - a + 1) > EDIT_MAX_BARS:
            self.message.emit(tr("a pattern holds at most {bars} bars in the window").format(bars=EDIT_MAX_BARS), 5000)
            return
        self.doc.apply(p.duplicate_bars(a, b - a + 1), tr("Duplicate bars"))

    def quantize(self) -> None:
        """The selected bars (or all) on the grid: hits recorded or imported as played lose their timing."""
        a, b = self.selected_or_all()
        p, spb = self.doc.pattern, self.doc.pattern.steps_per_bar
        if not p.nudge[:, a * spb:(b + 1) * spb].any():
            self.message.emit(tr("Nothing to quantize: every hit there is on the grid"), 4000)
            return
        self.doc.apply(p.quantized(a * spb, (b + 1) * spb), tr("Quantize"))

    def shift_bars(self, steps: int) -> None:
        a, b = self.selected_or_all()
        spb = self.doc.pattern.steps_per_bar
        self.doc.apply(self.doc.pattern.shift(steps, a * spb, (b + 1) * spb), tr("Shift steps"))

    def select_all(self) -> None:
        self.grid.set_selection((0, self.doc.pattern.bars - 1))

    # ---- the pattern's settings ------------------------------------------------------------------------
    def set_pattern_setting(self, key: str, value) -> None:
        try:
            step = tr(SETTING_STEPS[key]) if key in SETTING_STEPS else tr("Set {setting}").format(setting=key)
            self.doc.apply(self.doc.pattern.with_settings(**{key: value}), step)
        except ValueError as exc:
            self._refuse(str(exc), 5000)

    def set_bars(self, n: int) -> None:
        if n != self.doc.pattern.bars:
            self.doc.apply(self.doc.pattern.resized(n), tr("{n} bars").format(n=n))

    def set_grid(self, g: int) -> None:
        try:
            p, lost = self.doc.pattern.with_grid(g)
        except ValueError as exc:
            self._refuse(str(exc))
            return
        ask = tr("{n} hits do not fit the {grid} grid and will be removed (undo brings them back). Change the grid?")
        if lost and not self.prompts.confirm(ask.format(n=len(lost), grid=GRIDS[g])):
            self.refused.emit()
            return
        self.doc.apply(p, tr("Grid {grid}").format(grid=GRIDS[g]))

    def set_meter(self, text: str) -> None:
        """Each bar keeps its own content in the new meter (from its downbeat); hits that a shorter bar cannot
        hold are removed only when the user agrees. The status bar says what happened either way (the steps
        were re-barred without a word: a 4/4 bar's beat-4 snare became bar 2's downbeat in 3/4)."""
        p = self.doc.pattern
        try:
            num, den = parse_meter(text)
            new, lost = p.with_meter_per_bar(num, den)
        except ValueError as exc:
            self._refuse(tr("time signature '{text}': {error}").format(text=text.strip(), error=exc))
            return
        if (num, den) == (p.numerator, p.denominator):
            return
        longer = new.steps_per_bar > p.steps_per_bar
        ask = (tr("In {num}/{den} each bar keeps its first {steps} steps: {n} hit after them will be removed "
                  "(undo brings them back). Change the meter?") if len(lost) <= 1 else
               tr("In {num}/{den} each bar keeps its first {steps} steps: {n} hits after them will be removed "
                  "(undo brings them back). Change the meter?"))
        if lost and not self.prompts.confirm(ask.format(num=num, den=den, steps=new.steps_per_bar, n=len(lost))):
            self.refused.emit()
            return
        self.doc.apply(new, tr("Meter {num}/{den}").format(num=num, den=den))
        extra = new.steps_per_bar - p.steps_per_bar
        self.message.emit(_meter_note(num, den, extra, longer, len(lost)), 6000)

    # ---- patterns of the project --------------------------------------------------------------------------
    def switch_pattern(self, index: int) -> None:
        if index != self.doc.project.current:
            self.doc.discard_candidates()
            self.doc.apply_project(self.doc.project.with_current(index),
                                   tr("Go to {pattern}").format(pattern=self.doc.project.names[index]))

    def add_pattern(self) -> None:
        self.doc.add_pattern(self.doc.pattern)

    def rename_pattern(self, name: str | None = None) -> None:
        proj = self.doc.project
        if not isinstance(name, str):
            name = self.prompts.text(tr("Rename pattern"), tr("Name:"), proj.names[proj.current])
            if name is None:
                return
        try:
            self.doc.apply_project(proj.renamed(proj.current, name), tr("Rename pattern"))
        except ValueError as exc:
            self._refuse(str(exc), 5000)

    def delete_pattern(self) -> None:
        proj = self.doc.project
        try:
            self.doc.apply_project(proj.without(proj.current),
                                   tr("Delete {pattern}").format(pattern=proj.names[proj.current]))
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
            self._song(song, tr("Repeat {pattern} in the song").format(pattern=name))
        else:
            self._song(song + [(proj.current, 1)], tr("Add {pattern} to the song").format(pattern=name))

    def song_repeat(self, entry: int, delta: int) -> None:
        song = list(self.doc.project.arrangement)
        i, n = song[entry]
        if not 1 <= n + delta <= MAX_REPEATS:
            return
        song[entry] = (i, n + delta)
        self._song(song, tr("Repeat in the song"))

    def song_remove(self, entry: int) -> None:
        song = list(self.doc.project.arrangement)
        song.pop(entry)
        self._song(song, tr("Remove from the song"))

    def song_move(self, entry: int, to: int) -> None:
        song = list(self.doc.project.arrangement)
        song.insert(to, song.pop(entry))
        self._song(song, tr("Reorder the song"))

    def _song(self, entries, text: str) -> None:
        self.doc.apply_project(self.doc.project.with_arrangement(entries), text)

    # ---- mixer and drummer settings ------------------------------------------------------------------------
    def set_mixer(self, text: str, **kw) -> None:
        proj = self.doc.project
        self.doc.apply_project(replace(proj, mixer=replace(proj.mixer, **kw)), text)

    def set_humanize(self, ms: int) -> None:
        self.set_mixer(tr("Set humanize"), humanize_ms=float(ms), humanize_velocity=min(64, ms))

    def set_generation(self, changes: dict) -> None:
        self.doc.set_settings(replace(self.doc.project.generation, **changes))
