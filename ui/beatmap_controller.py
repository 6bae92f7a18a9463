"""The beat map in the window: the model and the collections loaded in workers, what the panel's gestures
do to the document (audition, a bar dropped on the grid, beats sampled around a place, Find similar) and
Drummer > Interpolate. Every model run is off the GUI thread."""
from __future__ import annotations

import os

import numpy as np
from PySide6.QtCore import QObject, Signal

from .i18n import QT_TR_NOOP, tr
from .workers import quitting, run_async

GMD_DEFAULT = os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "..", "shared", "datasets",
                           "groove")
SPREAD = 0.35          # how far around a place of the map new beats are sampled (latent units)
# what the map shows, by collection: the panel's note ({bars} of them, read again or from the cache) and the
# refusal when it holds no bar to show
SHOWN = {"gmd": (QT_TR_NOOP("{bars} bars of the GMD"), QT_TR_NOOP("{bars} bars of the GMD (from the cache)")),
         "pack": (QT_TR_NOOP("{bars} bars of the loop pack"),
                  QT_TR_NOOP("{bars} bars of the loop pack (from the cache)")),
         "project": (QT_TR_NOOP("{bars} bars of the project"),
                     QT_TR_NOOP("{bars} bars of the project (from the cache)")),
         "all": (QT_TR_NOOP("{bars} bars of the GMD, the open pack and the project"),
                 QT_TR_NOOP("{bars} bars of the GMD, the open pack and the project (from the cache)"))}
EMPTY = {"pack": QT_TR_NOOP("the loop pack has no 4/4 bars on 16ths"),
         "project": QT_TR_NOOP("the project has no 4/4 bars on 16ths"),
         "all": QT_TR_NOOP("the GMD, the open pack and the project has no 4/4 bars on 16ths")}


class BeatMapController(QObject):
    message = Signal(str, int)
    loaded = Signal()

    def __init__(self, doc, panel, grid, sound, generation, packs, prompts, parent=None):
        super().__init__(parent)
        self.doc, self.panel, self.grid, self.sound = doc, panel, grid, sound
        self.generation, self.packs, self.prompts = generation, packs, prompts
        self.bm = None
        self.error: str | None = None
        self.bars = np.zeros((0, 16, 9), np.uint8)
        self.z = np.zeros((0, 1), np.float32)
        self.xy = np.zeros((0, 2))
        self.gmd_dir = GMD_DEFAULT
        self.kind: str | None = None        # the collection on the map
        self.model_dir, self._loading = None, True   # (nothing loads until load() says where the models are)
        panel.collectionChosen.connect(self.choose)
        panel.findSimilar.connect(self.find_similar)
        panel.shown.connect(self.ensure)
        panel.canvas.dwelled.connect(self.audition)
        panel.canvas.clicked.connect(lambda i: self.drop(i, self._target_bar()))
        panel.canvas.sampleRequested.connect(self.sample_at)
        panel.canvas.interpolateRequested.connect(self.interpolate_points)
        panel.canvas.startChosen.connect(lambda i: self.message.emit(
            tr("Interpolate from {bar}: now right-click another bar > Interpolate to this bar").format(
                bar=panel.sources[i]), 10000))

    def load(self, model_dir: str | None = None) -> None:
        """Where the beat map's models are: they load when the map is first wanted (its panel shown, a
        command that needs it), not at start: most sessions never open it, and it holds 7 MB."""
        self.model_dir, self._loading = model_dir, False
        if self.panel.isVisible():         # (opened before the window's loaders started)
            self.ensure()

    def ensure(self) -> None:
        """Load the beat map in a worker unless it is loaded, loading or failed."""
        if self.bm is not None or self.error is not None or self._loading:
            return
        self._loading = True
        from models.beatmap import BeatMap
        model_dir = self.model_dir

        def ok(bm):
            self.bm, self.error, self._loading = bm, None, False
            self.loaded.emit()

        def failed(exc):
            self.error, self._loading = tr("The beat map is unavailable: {error}").format(error=exc), False
            self.panel.info.setText(self.error)

        run_async(lambda: BeatMap(model_dir) if model_dir else BeatMap(), on_done=ok, on_error=failed)

    def _ready(self) -> bool:
        if self.bm is None:
            self.ensure()
            self.message.emit(self.error or tr("The beat map is loading ..."), 5000)
        return self.bm is not None

    # ---- collections -------------------------------------------------------------------------------
    def _items(self, kind: str, label: str | None = None) -> list:
        """(name, label, pattern) of the open loop pack's loops (labelled by role) or the project's patterns
        (by name); `label` labels them all alike (everything on one map)."""
        if kind == "pack":
            return [(os.path.basename(loop.name), label or loop.role, loop.pattern) for loop in self.packs.loops]
        return [(name, label or name, p) for name, p in zip(self.doc.project.names, self.doc.project.patterns)]

    def choose(self, kind: str) -> None:
        if not self._ready():
            self.panel.select(self.kind)
            return
        from models.beatmap import Collection
        bm = self.bm
        has_gmd = os.path.isfile(os.path.join(self.gmd_dir, "info.csv"))
        if kind == "gmd":
            if not has_gmd:
                self._failed(tr("No Groove MIDI Dataset at {path}").format(path=os.path.normpath(self.gmd_dir)))
                return
            self.panel.info.setText(tr("Reading the Groove MIDI Dataset (the first time takes a while; then "
                                       "cached) ..."))
            run_async(lambda: Collection.open(self.gmd_dir, bm, cancel=quitting), on_done=lambda c: self._show(c, "gmd", kind),
                      on_error=lambda exc: self._failed(tr("Beat map: {error}").format(error=exc)))
            return
        if kind == "pack" and not self.packs.loops:
            self._failed(tr("Open a loop pack first (File > Open loop pack ...)"))
            return
        if kind == "all":
            pack = tr("pack {name}").format(name=self.packs.pack_name) if self.packs.loops else None
            items = (self._items("pack", pack) if pack else []) + self._items("project", tr("this project"))
            what, gmd = "all", self.gmd_dir if has_gmd else None
        else:
            items, what, gmd = self._items(kind), ("pack" if kind == "pack" else "project"), None
        if gmd:
            self.panel.info.setText(tr("Reading the Groove MIDI Dataset (the first time takes a while; then "
                                       "cached) ..."))
        empty = tr(EMPTY[what])
        run_async(lambda: _collect(bm, items, gmd, empty), on_done=lambda c: self._show(c, what, kind),
                  on_error=lambda exc: self._failed(tr("Beat map: {error}").format(error=exc)))

    def _failed(self, text: str) -> None:
        """The collection could not be shown: say so on the panel too; the choice goes back to what is on
        the map."""
        self.message.emit(text, 8000)
        self.panel.info.setText(text)
        self.panel.select(self.kind)

    def _show(self, col, what: str, kind: str) -> None:
        """Put a collection on the map; `what` says what it holds (a key of SHOWN)."""
        self.kind = kind
        self.bars, self.z, self.xy = col.bars, col.z, col.xy
        note = tr(SHOWN[what][1] if col.cached else SHOWN[what][0]).format(bars=f"{len(col.bars):,}")
        self.panel.show_collection(col.xy, col.labels, col.sources, note, kind)

    # ---- gestures ----------------------------------------------------------------------------------
    def _target_bar(self) -> int:
        sel = self.grid.selection
        return sel[0] if sel else 0

    def audition(self, i: int) -> None:
        """Resting on a point plays its bar, unless the beat is playing (it would stop it): then a click
        puts the bar into the selected bar and it is heard there."""
        from models.beatmap import bars_pattern
        if self.sound.transport_playing:
            return
        self.sound.audition_pattern(bars_pattern(self.bars[i:i + 1], like=self.doc.pattern))

    def drop(self, i: int, bar: int) -> None:
        """A bar dragged from the map onto bar `bar` of the grid (one undo step)."""
        from models.beatmap import put_bar
        if not 0 <= i < len(self.bars):
            return
        try:
            new = put_bar(self.doc.pattern, min(bar, self.doc.pattern.bars - 1), self.bars[i])
        except ValueError as exc:
            self.message.emit(tr("Beat map: {error}").format(error=exc), 8000)
            return
        self.doc.apply(new, tr("Put {source} from the map into bar {bar}").format(
            source=self.panel.sources[i], bar=min(bar, self.doc.pattern.bars - 1) + 1))

    def find_similar(self, n: int = 10) -> None:
        if not self._ready() or not len(self.z):
            self.message.emit(tr("Choose a collection for the map first"), 5000)
            return
        bar = self._target_bar()
        p = self.doc.pattern
        if p.grid not in (16, 32) or p.steps_per_bar != p.grid:
            self.message.emit(tr("Find similar reads 4/4 bars on 16ths or 32nds"), 6000)
            return
        from models.encoding import pattern_to_voices
        voices = pattern_to_voices(p)[bar * 16:(bar + 1) * 16]
        bm, z_all = self.bm, self.z

        def done(idx):
            self.panel.canvas.mark(idx)
            self.message.emit(tr("The {n} bars nearest to bar {bar}: {nearest} ...").format(
                n=len(idx), bar=bar + 1, nearest=", ".join(self.panel.sources[i] for i in idx[:3])), 8000)

        run_async(lambda: bm.similar(voices, z_all, n), on_done=done,
                  on_error=lambda exc: self.message.emit(tr("Beat map: {error}").format(error=exc), 8000))

    def sample_at(self, x: float, y: float) -> None:
        """New beats decoded from around a place of the map (around the latent of the bar drawn nearest to
        it: a mean of several would blur toward the middle of the space), offered as variations of the
        selected bar."""
        from models.beatmap import put_bar
        if not self._ready() or not len(self.xy):
            return
        center = self.z[int(np.argmin(((self.xy - [x, y]) ** 2).sum(1)))]
        p, bar, g, bm = self.doc.pattern, self._target_bar(), self.doc.project.generation, self.bm

        def work():
            from models.candidates import Candidate
            beats = bm.sample(g.variations, seed=g.seed, center=center, spread=SPREAD)
            return [Candidate(put_bar(p, bar, b), bar * 16, (bar + 1) * 16) for b in beats]

        self.generation.offer(tr("beats sampled from the map into bar {bar}").format(bar=bar + 1), work)

    def interpolate_points(self, i: int, j: int) -> None:
        """From one point of the map to another in 8 bars: variations kept as a new pattern."""
        a, b = self.panel.sources[i], self.panel.sources[j]
        self._interpolate(self.bars[i], self.bars[j], 8, tr("{start} to {end}").format(start=a, end=b),
                          self.doc.pattern)

    def _interpolate(self, bar_a, bar_b, steps: int, name: str, like) -> None:
        from models.beatmap import bars_pattern
        if self.generation.busy:
            self.message.emit(tr("The drummer is busy; try again when it is done"), 4000)
            return
        bm = self.bm
        step_name = tr("{name}, step {step} of {steps}")     # (translated here: work runs in a worker)

        def work():
            from models.candidates import Candidate
            path = bm.interpolate(bar_a, bar_b, steps)
            whole = Candidate(bars_pattern(path, like=like), 0, steps * 16, as_pattern=name)
            return [whole] + [Candidate(bars_pattern(path[k:k + 1], like=like), 0, 16,
                                        as_pattern=step_name.format(name=name, step=k + 1, steps=steps))
                           for k in range(steps)]

        self.generation.offer(tr("interpolate {name} in {steps} bars").format(name=name, steps=steps), work)

    def interpolate_dialog(self) -> None:
        """Drummer > Interpolate: two patterns of the project (their first bar) and a number of steps; the
        variations are the whole morph, then each step alone; the one kept becomes a new pattern."""
        from models.beatmap import pattern_bars
        if not self._ready():
            return
        names = list(self.doc.project.names)
        a = self.prompts.choose(tr("Interpolate"), tr("From which pattern (its first bar)?"), names,
                                self.doc.project.current)
        if a is None:
            return
        b = self.prompts.choose(tr("Interpolate"), tr("To which pattern (its first bar)?"), names, (a + 1) % len(names))
        if b is None:
            return
        steps = self.prompts.integer(tr("Interpolate"), tr("How many bars, both ends included?"), 8, 2, 32)
        if steps is None:
            return
        pa, pb = self.doc.project.patterns[a], self.doc.project.patterns[b]
        ba, bb = pattern_bars(pa), pattern_bars(pb)
        if not len(ba) or not len(bb):
            self.message.emit(tr("Interpolate needs 4/4 patterns on 16ths or 32nds with hits"), 6000)
            return
        self._interpolate(ba[0], bb[0], steps, tr("{start} to {end}").format(start=names[a], end=names[b]), pa)


def _collect(bm, items, gmd_dir: str | None, empty: str):
    """(In a worker.) The bars of the items' patterns, encoded and placed, after the GMD's (cached) if given;
    none at all: ValueError(empty)."""
    from models.beatmap import Collection, pattern_bars
    B, L, S = [], [], []
    for name, label, pattern in items:
        bars = pattern_bars(pattern)
        B.extend(bars)
        L.extend([label] * len(bars))
        S.extend(f"{name}:{k + 1}" for k in range(len(bars)))
    parts = []
    if gmd_dir:
        g = Collection.open(gmd_dir, bm, cancel=quitting)
        parts.append((g.bars, g.labels.astype(str), g.sources.astype(str), g.z))
    if B:
        bars = np.array(B, np.uint8)
        parts.append((bars, np.array(L, str), np.array(S, str), bm.encode(bars)))
    if not parts:
        raise ValueError(empty)
    bars, labels, sources, z = (np.concatenate(x) for x in zip(*parts))
    return Collection(bars, labels, sources, z, bm.project(z))
