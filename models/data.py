"""Training data from the Groove MIDI Dataset (or any folder of drum MIDI files), read through the engine's
MIDI import, so the app and the model share one quantizer. 16th grid, 9 voices, velocity kept.
Meters other than 4/4 are left out on purpose (12 of 1,150 GMD files): the drummer plays 4/4."""
from __future__ import annotations

import numpy as np

from engine.errors import GrooveLoomError

from .corpus import Dataset, Example, encode, sources
from .encoding import pattern_to_voices, style_index


def load_gmd(root: str, splits=("train", "validation", "test"), limit: int | None = None,
             progress=None) -> Dataset:
    """GMD examples from info.csv with the official split. `limit` takes the first N per split (tests).
    Each file is read as `prepare` reads it (models.corpus: the same examples, not deduped here)."""
    srcs = list(sources(root, splits))
    taken: dict[str, int] = {}
    examples, skipped = [], []
    for i, src in enumerate(srcs):
        if progress:
            progress(i, len(srcs))
        if limit is not None and taken.get(src.split, 0) >= limit:
            continue
        e, why = encode(root, src)
        if e is None:
            skipped.append(f"{src.path}: {why}")
            continue
        taken[src.split] = taken.get(src.split, 0) + 1
        examples.append(e)
    return Dataset(examples, skipped)


def load_pack(path: str, *, seed: int = 0, augment: int = 300, val_fraction: float = 0.2,
              min_bars: int = 4) -> Dataset:
    """Training data from a loop pack (folder or .zip): its 4/4 loops normalized to GM, plus recombined
    loops. Train/validation are split by SOURCE loop: a recombined loop goes to a side only when all its
    sources are on that side (mixed ones are dropped), so variants of one loop never sit on both sides."""
    from engine.looppack import recombine, scan_pack
    scan = scan_pack(path)
    loops = [l for l in scan.loops if l.pattern.meter == "4/4" and l.pattern.grid in (16, 32)]
    skipped = [f"{n}: {why}" for n, why in scan.skipped]
    skipped += [f"{l.name}: {l.pattern.meter} (the drummer plays 4/4)" for l in scan.loops if l not in loops]
    sources = sorted({l.source for l in loops})
    if len(sources) < 2:
        raise GrooveLoomError(f"a pack needs at least 2 usable 4/4 loops to train on, found {len(sources)}", path)
    rng = np.random.default_rng(seed)
    n_val = max(1, int(round(len(sources) * val_fraction)))
    val = set(rng.choice(sources, size=n_val, replace=False).tolist())

    def example(name, pattern, split, source):
        vel = pattern_to_voices(pattern)
        reps = max(1, -(-min_bars * 16 // len(vel)))
        return Example(name, np.tile(vel, (reps, 1)), style_index("other"), False, pattern.tempo, split, source)

    examples = [example(l.name, l.pattern, "validation" if l.source in val else "train", l.source) for l in loops]
    mixed = 0
    for r in recombine(loops, augment, seed=seed).loops:
        sides = {"validation" if s in val else "train" for s in r.sources.values()}
        if len(sides) == 1:
            examples.append(example("+".join(sorted(set(r.sources.values()))), r.pattern, sides.pop(),
                                    ",".join(sorted(set(r.sources.values())))))
        else:
            mixed += 1
    if mixed:
        skipped.append(f"{mixed} recombined loops drawing on both sides of the split (dropped)")
    return Dataset(examples, skipped)
