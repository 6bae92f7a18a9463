"""The drummer in the window: the model loaded in a worker, Continue / Fill / Infill / Generate run in
workers with the project's generation settings, their variations handed to the document as candidates."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum
from typing import Callable

from PySide6.QtCore import QObject, Signal

from engine.pattern import EDIT_MAX_BARS

from .i18n import tr
from .workers import run_async


class _Refused(Exception):
    """A move that cannot run on this pattern; the message says why."""


def _continue(p, d, g, kw, selection):
    bars = min(g.bars, EDIT_MAX_BARS - p.bars)
    if bars < 1:
        raise _Refused(tr("the pattern already has {most} bars; delete some before continuing").format(
            most=EDIT_MAX_BARS))
    label = (tr("continue {bars} bars (a pattern holds {most} bars: {asked} asked)") if bars < g.bars else
             tr("continue {bars} bars")).format(bars=bars, most=EDIT_MAX_BARS, asked=g.bars)
    return label, lambda q, _k: d.continue_(q, bars=bars, variation=g.variation, **kw)


def _fill(p, d, g, kw, selection):
    bar = selection[0] if selection else p.bars - 1
    return tr("fill bar {bar}").format(bar=bar + 1), lambda q, k: d.fill(q, bar + k, **kw)


def _fill_every(p, d, g, kw, selection):
    from models.candidates import every_nth_bar
    bars = every_nth_bar(p.bars, 4)
    return tr("fills"), lambda q, k: d.fill_bars(q, [b + k for b in bars], **kw)


def _infill(p, d, g, kw, selection):
    if not selection:
        return None
    spb = p.steps_per_bar
    start, end = p.to_16ths(selection[0] * spb), p.to_16ths((selection[1] + 1) * spb)
    return tr("infill"), lambda q, k: d.infill(q, start + q.to_16ths(k * spb), end + q.to_16ths(k * spb), **kw)


def _generate(p, d, g, kw, selection):
    kw = {k: v for k, v in kw.items() if k != "locked_rows"}
    return tr("generate"), lambda: d.generate(bars=g.bars, tempo=p.tempo, like=p if p.grid == 16 else None, **kw)


@dataclass(frozen=True)
class Move:
    """One of the drummer's moves. plan(pattern, drummer, generation settings, the drummer's keyword arguments,
    selection) gives (label, fn), None when there is nothing to do, or raises _Refused. A move that hears the
    song gets fn(pattern with the song's bars before it, how many bars those are) through after_lead_in;
    else fn()."""
    plan: Callable
    hears_song: bool = True
    alone_when_locked: bool = False     # locked rows: the pattern's own bars, not the song's, before it


MOVES = {
    "continue": Move(_continue, alone_when_locked=True),
    "fill": Move(_fill),
    "fill_every": Move(_fill_every),
    "infill": Move(_infill),
    "generate": Move(_generate, hears_song=False),
}


class DrummerState(Enum):
    LOADING = "loading"
    READY = "ready"
    FAILED = "failed"


class GenerationController(QObject):
    stateChanged = Signal()     # loaded, failed, busy or idle
    finished = Signal()         # a run ended (with variations or an error)
    message = Signal(str, int)  # status-bar text, milliseconds (0: until replaced)

    def __init__(self, doc, parent=None):
        super().__init__(parent)
        self.doc = doc
        self.drummer = None
        self.state = DrummerState.LOADING
        self.error: str | None = None
        self.busy = False
        self.prompting_keep = False   # the status bar asks to keep or discard

    # ---- the model --------------------------------------------------------------------------------
    def load(self, model_dir: str | None = None) -> None:
        from models.drummer import Drummer
        run_async(lambda: Drummer(model_dir) if model_dir else Drummer(), on_done=self._loaded,
                  on_error=self._load_failed)

    def _loaded(self, drummer) -> None:
        self.drummer, self.state, self.error = drummer, DrummerState.READY, None
        self.stateChanged.emit()

    def _load_failed(self, exc) -> None:
        self.state, self.error = DrummerState.FAILED, tr("The drummer is unavailable: {error}").format(error=exc)
        self.message.emit(self.error, 10000)
        self.stateChanged.emit()

    @property
    def ready(self) -> bool:
        return self.state is DrummerState.READY and not self.busy

    @property
    def why_not(self) -> str:
        if self.state is DrummerState.LOADING:
            return tr("loading the drummer ...")
        return self.error or (tr("generating ...") if self.busy else "")

    def model_summary(self) -> str:
        card = self.drummer.card
        return tr("Model: {arch}, validation {nll:.3f} nats/step").format(arch=card["config"]["arch"].upper(),
                                                                          nll=card["metrics"]["validation_nll"])

    # ---- runs ---------------------------------------------------------------------------------------
    def _kwargs(self) -> dict:
        g, p = self.doc.project.generation, self.doc.pattern
        return dict(temperature=g.temperature, variations=g.variations, seed=g.seed, style=g.style,
                    locked_rows=[i for i, r in enumerate(p.rows) if r.note in g.locked_notes])

    def lead_in(self, entry: int | None = None):
        """The song's bars before the current pattern (its entry `entry` of the arrangement when that is this
        pattern, else its first), as the drummer's context; None when the pattern is not in the song."""
        from engine.song import lead_in
        from models.drummer import MAX_CONTEXT_BARS
        proj = self.doc.project.with_pattern(self.doc.pattern)
        entries = [k for k, (i, _) in enumerate(proj.arrangement) if i == proj.current]
        if not entries:
            return None
        return lead_in(proj, entry if entry in entries else entries[0], MAX_CONTEXT_BARS)

    def run(self, kind: str, selection: tuple[int, int] | None = None, fill_every: bool = False,
            entry: int | None = None) -> None:
        """kind: a key of MOVES (continue | fill | infill | generate; fill with fill_every: every 4th bar).
        selection: bars [first, last] or None. The moves that hear the song get its bars before the pattern
        (entry: the arrangement entry meant)."""
        if not self.ready:
            return
        from models.candidates import after_lead_in
        move = MOVES["fill_every" if kind == "fill" and fill_every else kind]
        p, g, kw = self.doc.pattern, self.doc.project.generation, self._kwargs()
        try:
            planned = move.plan(p, self.drummer, g, kw, selection)
        except _Refused as exc:
            self.message.emit(str(exc), 6000)
            return
        if planned is None:
            return
        label, fn = planned
        if not move.hears_song:
            self._start(label, fn)
            return
        # (locked rows repeat the pattern's own bars when continuing: without the song's bars before it)
        lead = None if move.alone_when_locked and kw["locked_rows"] else self.lead_in(entry)
        if lead is not None:
            label = tr("{move} after {bars} bars of the song").format(move=label, bars=lead.bars)
        self._start(label, after_lead_in, lead, p, fn)

    def drumify(self, row: int) -> None:
        """Drumify a row: the drummer plays a beat whose kick, snare or hats fall on every hit of the row
        (its rhythm kept as it is), offered as variations like Continue's."""
        if not self.ready:
            return
        from models.candidates import Candidate, merge_voices
        p, g = self.doc.pattern, self.doc.project.generation
        if p.grid not in (16, 32) or p.steps_per_bar != p.grid // 16 * 16:
            self.message.emit(tr("Drumify plays 4/4 on 16ths or 32nds: set the pattern's grid and meter first"), 6000)
            return
        onsets = (p.hits[row] > 0).reshape(-1, p.grid // 16).any(axis=1)
        if not onsets.any():
            self.message.emit(tr("{row} has no hits to play a beat on").format(row=p.rows[row].name), 6000)
            return

        def work():
            out = self.drummer.drumify(onsets, g.style, p.tempo, temperature=g.temperature, variations=g.variations,
                                       seed=g.seed)
            return [Candidate(merge_voices(p.clear_range(0, p.n_steps, [i for i in range(len(p.rows)) if i != row]),
                                         c.pattern.to_voices(), 0, (row,)), 0, len(onsets)) for c in out]

        self._start(tr("drumify {row}").format(row=p.rows[row].name), work)

    def ghosts(self) -> None:
        """Ghost notes on the pattern shown: soft snares where the drummer (the project's style) would add
        them, every hit kept; variations to keep or discard like Continue's."""
        if not self.ready:
            return
        p, g = self.doc.pattern, self.doc.project.generation
        if p.grid not in (16, 32):
            self.message.emit(tr("Ghost notes are played on 16ths or 32nds: set the pattern's grid first"), 6000)
            return
        self._start(tr("ghost notes"), lambda: self.drummer.ghosts(p, g.style, 1.0, g.variations, g.seed, g.temperature))

    def drumify_part(self, path: str, channel: int | None, name: str) -> None:
        """Drumify a part of a MIDI file (a bass, chords, taps; `channel` None: the busiest that is not the
        drums): the drummer's variations at the part's tempo and length, kept as a new pattern `name`."""
        if not self.ready:
            return
        from dataclasses import replace
        from engine.midi import part_onsets
        g = self.doc.project.generation

        def work():
            part = part_onsets(path, channel, EDIT_MAX_BARS)
            out = self.drummer.drumify(part.onsets, g.style, part.tempo, temperature=g.temperature,
                                       variations=g.variations, seed=g.seed)
            return part, [replace(c, as_pattern=name) for c in out]

        def done(res):
            part, out = res
            self._done(out)
            text = (tr("Drummer: {n} beat at {bpm:g} BPM on the {onsets} onsets of {part}; Enter keeps, Esc discards")
                    if len(out) == 1 else
                    tr("Drummer: {n} beats at {bpm:g} BPM on the {onsets} onsets of {part}; Enter keeps, Esc discards"))
            self.message.emit(text.format(n=len(out), bpm=part.tempo, onsets=int(part.onsets.sum()),
                                          part=part.describe()), 0)

        self._start(tr("drumify {row}").format(row=name), work, on_done=done)

    def offer(self, label: str, fn) -> None:
        """Variations made by `fn` in a worker (the beat map's samples and interpolations), offered to keep or
        discard like the drummer's."""
        if self.busy:
            return
        self._start(label, fn)

    def _start(self, label: str, fn, *args, on_done=None, **kw) -> None:
        """Run fn(*args, **kw) in a worker; its variations go to _done (or `on_done`, which hands them on)."""
        self.doc.discard_candidates()
        self.busy = True
        self.stateChanged.emit()
        self.message.emit(tr("Drummer: {move} ...").format(move=label), 0)
        run_async(fn, *args, on_done=on_done or self._done, on_error=self._failed, **kw)

    def _done(self, candidates) -> None:
        self.busy = False
        self.doc.set_candidates(candidates)
        n = len(candidates)
        text = (tr("Drummer: {n} variation; keep (Enter) or discard (Esc)") if n == 1 else
                tr("Drummer: {n} variations; keep (Enter) or discard (Esc)"))
        self.message.emit(text.format(n=n), 0)
        self.prompting_keep = bool(candidates)
        self.stateChanged.emit()
        self.finished.emit()

    def _failed(self, exc) -> None:
        self.busy = False
        self.message.emit(tr("Drummer: {error}").format(error=exc), 10000)
        self.stateChanged.emit()
        self.finished.emit()
