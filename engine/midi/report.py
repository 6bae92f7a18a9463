"""What an import did with every note (QuantizeReport) and its result (ImportResult)."""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field

import numpy as np

from ..drumkit import DRUM_CHANNEL
from ..pattern import GRIDS, Pattern


@dataclass
class QuantizeReport:
    """What happened to every note of an imported file."""

    notes_read: int = 0                 # note-ons on the drum channel
    hits: int = 0                       # hits in the resulting pattern
    moved: int = 0                      # notes moved to the grid by more than half a tick
    offsets_steps: np.ndarray = field(default_factory=lambda: np.zeros(0))  # signed, of every placed note
    seconds_per_step: float = 0.125
    collided: int = 0                   # notes that landed on a step their row already had
    remapped: Counter = field(default_factory=Counter)   # (from_note, to_note) -> count
    unmapped: Counter = field(default_factory=Counter)   # note -> count (dropped: no row for it)
    other_channels: Counter = field(default_factory=Counter)  # 1-based channel -> notes not read
    tempo_changes: int = 0
    meter_changes: int = 0
    drum_channel: int = DRUM_CHANNEL + 1
    grid: int = 16
    grid_reason: str = ""
    loop_trimmed: tuple[int, int] | None = None   # (bars in the file, bars of the loop they repeat)
    wrapped: int = 0                    # a programmed file's notes rounded onto its end: the loop's first step
    rolls: Counter = field(default_factory=Counter)   # roll label ('x3', 'x4 up') -> cells read as that roll
    roll_notes: int = 0                 # notes read as the later repeats of a roll (not placed as hits)
    flams: int = 0                      # grace notes read as a flam on the hit after them (not placed)

    @property
    def rolls_total(self) -> int:
        return sum(self.rolls.values())

    def rolls_text(self) -> str:
        """'7 rolls (x2 3, x3 4), 1 flam', or '' when none were read."""
        parts = []
        if self.rolls:
            n = self.rolls_total
            parts.append(f"{n} roll{'s' if n != 1 else ''} ("
                         + ", ".join(f"{k} {v}" for k, v in sorted(self.rolls.items(), key=_label_key)) + ")")
        if self.flams:
            parts.append(f"{self.flams} flam{'s' if self.flams != 1 else ''}")
        return ", ".join(parts)

    @property
    def unmapped_total(self) -> int:
        return sum(self.unmapped.values())

    @property
    def remapped_total(self) -> int:
        return sum(self.remapped.values())

    def offset_histogram(self) -> dict[str, int]:
        a = np.abs(self.offsets_steps)
        edges = [("on grid", 0.0), ("<= 1/8 step", 1 / 8), ("<= 1/4 step", 1 / 4), ("<= 1/2 step", 0.5 + 1e-9)]
        out, lo = {}, -1.0
        for name, hi in edges:
            out[name] = int(np.count_nonzero((a > lo) & (a <= hi))) if lo >= 0 else int(np.count_nonzero(a <= 1e-9))
            lo = hi if lo >= 0 else 1e-9
        return out

    def summary(self) -> dict:
        a = np.abs(self.offsets_steps)
        return {
            "notes_read": self.notes_read, "hits": self.hits, "moved": self.moved,
            "mean_offset_ms": round(float(a.mean()) * self.seconds_per_step * 1000, 2) if a.size else 0.0,
            "max_offset_ms": round(float(a.max()) * self.seconds_per_step * 1000, 2) if a.size else 0.0,
            "offset_histogram": self.offset_histogram(), "collided": self.collided,
            "remapped": {f"{a}->{b}": n for (a, b), n in sorted(self.remapped.items())},
            "unmapped": {str(k): v for k, v in sorted(self.unmapped.items())},
            "other_channels": {str(k): v for k, v in sorted(self.other_channels.items())},
            "tempo_changes": self.tempo_changes, "meter_changes": self.meter_changes,
            "grid": self.grid, "grid_reason": self.grid_reason,
            "rolls": dict(sorted(self.rolls.items(), key=_label_key)), "roll_notes": self.roll_notes,
            "flams": self.flams,
        }

    def brief(self) -> str:
        """One line for a status bar."""
        out = f"{self.hits} hits, {self.moved} of {self.offsets_steps.size} notes moved to the grid"
        if self.moved:
            out += f" (up to {self.summary()['max_offset_ms']:g} ms, {GRIDS.get(self.grid, self.grid)} grid)"
        if self.collided:
            out += f", {self.collided} collided"
        if self.rolls or self.flams:
            out += f", {self.rolls_text()} read inside steps"
        if self.wrapped:
            out += f", {self.wrapped} at the very end onto the first step"
        if self.loop_trimmed:
            out += f"; {self.loop_trimmed[0]} bars repeating a {self.loop_trimmed[1]}-bar loop: the loop kept"
        if self.unmapped_total:
            out += f", {self.unmapped_total} dropped"
        return out

    def lines(self) -> list[str]:
        s = self.summary()
        hist = ", ".join(f"{k} {v}" for k, v in s["offset_histogram"].items())
        where = f"channel {self.drum_channel}" if self.drum_channel else "all channels"
        out = [f"notes read: {self.notes_read} on {where}; hits placed: {self.hits}",
               f"grid: {GRIDS.get(self.grid, self.grid)} ({self.grid} steps per whole note): {self.grid_reason}",
               f"moved to grid: {self.moved} of {self.offsets_steps.size} notes (mean {s['mean_offset_ms']} ms, max {s['max_offset_ms']} ms; {hist})",
               f"collided on one step (kept loudest): {self.collided}"]
        if self.rolls or self.flams:
            out.append(f"read inside steps: {self.rolls_text()} ({self.roll_notes} notes as a roll's repeats, "
                       f"{self.flams} as flam grace notes)")
        if self.wrapped:
            out.append(f"rounded past the file's end onto the loop's first step: {self.wrapped}")
        if self.remapped:
            out.append("folded onto another note: " + ", ".join(f"{k} x{v}" for k, v in s["remapped"].items()))
        out.append(f"unmapped (dropped): {self.unmapped_total}"
                   + (" (" + ", ".join(f"note {k} x{v}" for k, v in s["unmapped"].items()) + ")" if self.unmapped else ""))
        if self.other_channels:
            out.append("notes on other channels (not read): "
                       + ", ".join(f"ch {k} x{v}" for k, v in s["other_channels"].items()))
        if self.loop_trimmed:
            out.append(f"the file's {self.loop_trimmed[0]} bars repeat a {self.loop_trimmed[1]}-bar loop: "
                       f"the loop was kept")
        if self.tempo_changes:
            out.append(f"tempo changes ignored (first tempo used): {self.tempo_changes}")
        if self.meter_changes:
            out.append(f"time signature changes ignored (first used): {self.meter_changes}")
        return out


def _label_key(item) -> tuple:
    label = item[0]
    count = int(label.split()[0][1:]) if label.startswith("x") else 0
    return count, label


@dataclass
class ImportResult:
    pattern: Pattern
    report: QuantizeReport
