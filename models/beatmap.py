"""The beat map: one-bar beats in a latent space to explore, interpolate and search.

This module is the data, the measures and the runtime (numpy + LiteRT, no TensorFlow): bars of 4/4 on
16ths with the 9 drummer voices and their velocities, read from GMD performances, loop packs or the
project's patterns; the bar encoder (bar -> latent mean), decoder (latent -> hit probabilities and velocity
classes) and the 2D map (latent -> a point of the map), each a LiteRT model next to a card
(beatmap.json). Training lives in models/beatmap_train.py."""
from __future__ import annotations

import os

import numpy as np

from engine.paths import MODELS_DIR, user_dir
from engine.drumkit import N_VOICES
from engine.quality import quality_filter

from .encoding import STYLES, VEL_EDGES

STEPS = 16                       # one 4/4 bar of 16ths
N_CELLS = STEPS * N_VOICES       # 144
N_IN = 2 * N_CELLS               # hits and velocities
BEATMAP_FORMAT = 1
DEFAULT_DIR = MODELS_DIR


def bar_features(bars: np.ndarray) -> np.ndarray:
    """(n, 16, 9) velocities -> (n, 288) float32: hits 0/1, then velocity / 127."""
    b = np.asarray(bars, np.float32).reshape(len(bars), N_CELLS)
    return np.concatenate([(b > 0).astype(np.float32), b / 127.0], axis=1)


def vel_classes(bars: np.ndarray) -> np.ndarray:
    """(n, 16, 9) velocities -> (n, 144) velocity class 0 ghost / 1 normal / 2 accent (0 where no hit)."""
    b = np.asarray(bars).reshape(len(bars), N_CELLS)
    return np.digitize(b, VEL_EDGES).astype(np.int64) * (b > 0)


def gmd_bars(root: str, splits=("train", "validation", "test"), limit: int | None = None, cancel=None):
    """Every non-empty bar of the GMD 4/4 performances: (bars (n, 16, 9) uint8, style (n,), split (n,) str,
    source (n,) 'file:bar')."""
    from .performances import load_performances
    B, S, P, N = [], [], [], []
    for perf in load_performances(root, splits, limit=limit, cancel=cancel):
        n = len(perf.vel) // STEPS
        bars = perf.vel[:n * STEPS].reshape(n, STEPS, N_VOICES)
        for k in np.flatnonzero(bars.reshape(n, -1).any(axis=1)):
            B.append(bars[k])
            S.append(perf.style)
            P.append(perf.split)
            N.append(f"{perf.name}:{k + 1}")
    return (np.array(B, np.uint8).reshape(-1, STEPS, N_VOICES), np.array(S, np.int64), np.array(P),
            np.array(N))


# ---- measures ---------------------------------------------------------------------------------------
def onset_f1(pred: np.ndarray, true: np.ndarray) -> float:
    """F1 of hits (any velocity) over all cells of all bars."""
    p, t = np.asarray(pred) > 0, np.asarray(true) > 0
    tp = float((p & t).sum())
    return 2 * tp / max(float(p.sum() + t.sum()), 1.0)


def velocity_accuracy(pred: np.ndarray, true: np.ndarray) -> float:
    """Share of the true hits that were reconstructed with the same velocity class."""
    hit = np.asarray(true) > 0
    pc = np.digitize(np.asarray(pred), VEL_EDGES)
    tc = np.digitize(np.asarray(true), VEL_EDGES)
    return float(((pc == tc) & (np.asarray(pred) > 0))[hit].mean()) if hit.any() else 0.0


def passes(bar: np.ndarray) -> bool:
    """The quality filters shared with the drummer's evaluation and the loop packs (engine.quality)."""
    return quality_filter(bar, steps_per_bar=STEPS).passed


def playable(bar: np.ndarray) -> bool:
    """What one drummer can play on the 16th grid: not closed and open hat on one step, at most two hands
    (a 16th-quantized performance breaks this where flams and fast figures collide on a step)."""
    on = np.asarray(bar) > 0
    return not (np.any(on[:, 2] & on[:, 3]) or np.any(on[:, 1:].sum(axis=1) > 2))


def jaccard(a: np.ndarray, b: np.ndarray) -> float:
    a, b = np.asarray(a) > 0, np.asarray(b) > 0
    u = (a | b).sum()
    return float((a & b).sum() / u) if u else 1.0


def crossfade(a: np.ndarray, b: np.ndarray, t: float, floor: int = 20) -> np.ndarray:
    """A straight crossfade of two bars at t (0: a, 1: b): each hit's velocity scaled by its side's share,
    the louder kept where both hit, hits under `floor` dropped."""
    va, vb = np.asarray(a, np.float64) * (1 - t), np.asarray(b, np.float64) * t
    v = np.maximum(va, vb)
    return np.where(v >= floor, np.round(v), 0).astype(np.uint8)


def knn_accuracy(points: np.ndarray, labels: np.ndarray, groups: np.ndarray | None = None, k: int = 5,
                 chunk: int = 2048) -> float:
    """k-nearest-neighbour accuracy of labels in a space (Euclidean), majority vote, each point judged by
    neighbours outside its own group (the other bars of its take would give the answer away)."""
    x = np.asarray(points, np.float32)
    groups = np.arange(len(x)) if groups is None else np.unique(np.asarray(groups), return_inverse=True)[1]
    sq = (x ** 2).sum(1)
    right = 0
    n_labels = int(labels.max()) + 1
    for a in range(0, len(x), chunk):
        d = sq[a:a + chunk, None] + sq[None] - 2 * x[a:a + chunk] @ x.T
        d[groups[a:a + chunk, None] == groups[None]] = np.inf
        nn = np.argpartition(d, k, axis=1)[:, :k]
        votes = np.zeros((len(d), n_labels), np.int64)
        np.add.at(votes, (np.repeat(np.arange(len(d)), k), labels[nn].ravel()), 1)
        right += int((votes.argmax(1) == labels[a:a + chunk]).sum())
    return right / max(len(x), 1)


def style_names(idx: np.ndarray) -> list[str]:
    return [STYLES[i] for i in idx]


def class_velocities(bars: np.ndarray) -> np.ndarray:
    """(9, 3) the median velocity of each voice's ghost / normal / accent hits in these bars (what a
    decoded class plays back as)."""
    b = np.asarray(bars).reshape(-1, N_VOICES)
    out = np.array([[30, 80, 110]] * N_VOICES, np.int64)
    cls = np.digitize(b, VEL_EDGES)
    for v in range(N_VOICES):
        for c in range(3):
            m = (b[:, v] > 0) & (cls[:, v] == c)
            if m.sum() >= 10:
                out[v, c] = int(np.median(b[m, v]))
    return out


def decode_logits(logits: np.ndarray, vel_values: np.ndarray, floor: float = 0.2) -> np.ndarray:
    """(n, 576) decoder logits -> (n, 16, 9) uint8 velocities. Each bar keeps as many hits as it expects
    (the sum of its cells' probabilities, rounded), the most probable first and none under `floor`: a plain
    0.5 threshold thins out what the decoder is unsure of (sampled beats came out too sparse); then what one
    drummer can play: one hi-hat state per step, at most two hands (the more probable kept). Each hit at its
    most likely velocity class."""
    y = np.asarray(logits, np.float32)
    n = len(y)
    p = 1.0 / (1.0 + np.exp(-y[:, :N_CELLS]))
    want = np.round(p.sum(1)).astype(np.int64)
    rank = np.argsort(np.argsort(-p, axis=1), axis=1)
    hit = (rank < want[:, None]) & (p >= floor)
    p3, hit3 = p.reshape(n, STEPS, N_VOICES), hit.reshape(n, STEPS, N_VOICES)
    both = hit3[..., 2] & hit3[..., 3]
    closed_wins = p3[..., 2] >= p3[..., 3]
    hit3[..., 3] &= ~(both & closed_wins)
    hit3[..., 2] &= ~(both & ~closed_wins)
    hands = np.where(hit3[..., 1:], p3[..., 1:], -1.0)                    # (n, 16, 8)
    third = -np.sort(-hands, axis=-1)[..., 2:3]                           # the third most probable hand
    hit3[..., 1:] &= ~((hands <= third) & (third >= 0))
    cls = y[:, N_CELLS:].reshape(n, N_CELLS, 3).argmax(-1)
    vel = np.asarray(vel_values)[np.tile(np.arange(N_VOICES), STEPS)[None], cls]
    return (vel * hit3.reshape(n, N_CELLS)).astype(np.uint8).reshape(n, STEPS, N_VOICES)


# ---- the runtime ------------------------------------------------------------------------------------
PARTS = ("encoder", "decoder", "map")


class BeatMap:
    """The trained beat map (beatmap_{encoder,decoder,map}.tflite + beatmap.json), run with LiteRT."""

    def __init__(self, model_dir: str = DEFAULT_DIR):
        from .runtime import DrummerError, open_litert, read_card
        card_path = os.path.join(model_dir, "beatmap.json")
        self.card = read_card(card_path, "beat map card")
        if not isinstance(self.card, dict) or self.card.get("format") != BEATMAP_FORMAT:
            raise DrummerError("not a beat map card this GrooveLoom reads; train one with train-beatmap", card_path)
        try:
            self.latent = int(self.card["latent"])
            self.vel_values = np.asarray(self.card["velocity_values"], np.int64).reshape(N_VOICES, 3)
            shas = {p: self.card["sha256"][p] for p in PARTS}
        except (KeyError, TypeError, ValueError, OverflowError) as exc:
            raise DrummerError(f"beat map card lacks or garbles {exc}", card_path) from None
        if not 1 <= self.latent <= 256:
            raise DrummerError(f"beat map card has a latent size of {self.latent}", card_path)
        if self.vel_values.min() < 1 or self.vel_values.max() > 127:
            raise DrummerError("beat map card's velocity values are not 1-127", card_path)
        self._run = {p: open_litert(os.path.join(model_dir, f"beatmap_{p}.tflite"), shas[p]) for p in PARTS}
        try:                         # each part runs once, and they fit together and the card
            z = self.encode(np.zeros((1, STEPS, N_VOICES), np.uint8))
            shapes = (z.shape, self.decode(z).shape, self.project(z).shape)
        except Exception as exc:
            raise DrummerError(f"not a usable beat map ({' '.join(str(exc).split())[:100]})", model_dir) from None
        if shapes != ((1, self.latent), (1, STEPS, N_VOICES), (1, 2)):
            raise DrummerError(f"the beat map's models do not fit its card (latent {self.latent}; they give "
                               f"{shapes[0][1]})", card_path)

    def _batched(self, part: str, x: np.ndarray, out_dim: int, batch: int = 1024) -> np.ndarray:
        from engine.fileio import quiet_stderr
        ys = []
        with quiet_stderr():
            for a in range(0, len(x), batch):
                ys.append(next(iter(self._run[part](x=np.ascontiguousarray(x[a:a + batch], np.float32)).values())))
        return np.concatenate(ys) if ys else np.zeros((0, out_dim), np.float32)

    def encode(self, bars: np.ndarray) -> np.ndarray:
        """(n, 16, 9) velocities -> (n, latent) latent means."""
        return self._batched("encoder", bar_features(bars), self.latent)

    def decode(self, z: np.ndarray) -> np.ndarray:
        """(n, latent) -> (n, 16, 9) uint8 velocities."""
        return decode_logits(self._batched("decoder", np.asarray(z, np.float32), 4 * N_CELLS), self.vel_values)

    def project(self, z: np.ndarray) -> np.ndarray:
        """(n, latent) -> (n, 2) points of the map."""
        return self._batched("map", np.asarray(z, np.float32), 2)

    def interpolate(self, a: np.ndarray, b: np.ndarray, steps: int, z: np.ndarray | None = None) -> np.ndarray:
        """`steps` bars from a to b: the first and last are a and b as played (the user's own bars, not the
        model's reconstruction of them: a held-out metal bar came back sharing 44% of its hits), the inner ones
        decoded along the straight line between their latents (`z`: those latents, if already encoded):
        (steps, 16, 9)."""
        za, zb = self.encode(np.stack([a, b])) if z is None else z
        t = np.linspace(0.0, 1.0, steps)[:, None]
        path = self.decode((1 - t) * za + t * zb)
        if steps >= 2:
            path[0], path[-1] = np.asarray(a, np.uint8), np.asarray(b, np.uint8)
        return path

    def sample(self, n: int, seed: int | None = None, center: np.ndarray | None = None,
               spread: float = 1.0) -> np.ndarray:
        """n bars decoded from the prior (center None), or from around a latent point (a region of the map)."""
        rng = np.random.default_rng(seed)
        z = rng.standard_normal((n, self.latent)) * spread
        if center is not None:
            z = z + np.asarray(center)[None]
        return self.decode(z)

    def similar(self, bar: np.ndarray, z_all: np.ndarray, n: int = 10) -> np.ndarray:
        """Indices of the n bars of a collection (their latents z_all) nearest to `bar`, nearest first."""
        z = self.encode(np.asarray(bar)[None])[0]
        d = ((np.asarray(z_all) - z) ** 2).sum(1)
        k = min(n, len(d))
        idx = np.argpartition(d, k - 1)[:k] if k else np.zeros(0, np.int64)
        return idx[np.argsort(d[idx])]


# ---- evaluation -------------------------------------------------------------------------------------
PRIOR_TARGET = 0.90          # beats sampled from the prior pass the quality filters at least this often
DRUM_SPACE_PASS = {"ACAI": 0.558, "VAE": 0.167}    # drum_space's published pass rates of sampled beats


def beatmap_report(bm: BeatMap, data: str, *, samples: int = 2000, pairs: int = 200, steps: int = 8,
                   seed: int = 0, limit: int | None = None) -> dict:
    """The beat map on the GMD test split's bars: reconstruction, the prior's beats against the quality
    filters, interpolation against straight crossfades, style separation on the map."""
    rng = np.random.default_rng(seed)
    bars, style, _, names = gmd_bars(data, ("test",), limit=limit)
    take = np.array([n.rsplit(":", 1)[0] for n in names])
    z = bm.encode(bars)
    rec = bm.decode(z)
    prior = bm.sample(samples, seed=seed)
    res = {"bars": int(len(bars)), "latent": bm.latent,
           "reconstruction": {"onset_f1": onset_f1(rec, bars), "velocity_accuracy": velocity_accuracy(rec, bars)},
           "prior": {"samples": samples, "pass_rate": float(np.mean([passes(b) for b in prior])),
                     "playable": float(np.mean([playable(b) for b in prior])),
                     "real_pass_rate": float(np.mean([passes(b) for b in bars])),
                     "real_playable": float(np.mean([playable(b) for b in bars]))}}
    sm, sc, pm, pc, ends = [], [], [], [], []
    for _ in range(pairs if len(bars) > 1 else 0):
        i, j = rng.choice(len(bars), 2, replace=False)
        t = np.linspace(0.0, 1.0, steps)[:, None]
        path = bm.interpolate(bars[i], bars[j], steps, (z[i], z[j]))
        fade = np.stack([crossfade(bars[i], bars[j], float(s)) for s in t[:, 0]])
        sm.append(np.mean([jaccard(path[k], path[k + 1]) for k in range(steps - 1)]))
        sc.append(np.mean([jaccard(fade[k], fade[k + 1]) for k in range(steps - 1)]))
        pm.append(np.mean([passes(b) for b in path[1:-1]]))
        pc.append(np.mean([passes(b) for b in fade[1:-1]]))
        ends.append((onset_f1(rec[i], bars[i]) + onset_f1(rec[j], bars[j])) / 2)
    res["interpolation"] = {"pairs": len(sm), "steps": steps,
                            "neighbour_jaccard_model": float(np.mean(sm)) if sm else 0.0,
                            "neighbour_jaccard_crossfade": float(np.mean(sc)) if sc else 0.0,
                            "inner_pass_model": float(np.mean(pm)) if pm else 0.0,
                            "inner_pass_crossfade": float(np.mean(pc)) if pc else 0.0,
                            "endpoint_f1": float(np.mean(ends)) if ends else 0.0}
    xy = bm.project(z)
    counts = np.bincount(style, minlength=len(STYLES))
    res["styles"] = {"chance": float(counts.max() / max(1, counts.sum())),
                     "knn_map_2d": knn_accuracy(xy, style, take), "knn_latent": knn_accuracy(z, style, take),
                     "knn_raw": knn_accuracy(bar_features(bars), style, take), "k": 5,
                     "knn_map_2d_any_bar": knn_accuracy(xy, style), "knn_raw_any_bar": knn_accuracy(bar_features(bars), style)}
    res["targets"] = {"beatmap_prior_pass_ge_0.90": res["prior"]["pass_rate"] >= PRIOR_TARGET}
    return res


def format_beatmap(r: dict) -> list[str]:
    rec, pr, it, st = r["reconstruction"], r["prior"], r["interpolation"], r["styles"]
    ok = "meets" if r["targets"]["beatmap_prior_pass_ge_0.90"] else "MISSES"
    return [f"beat map (one-bar VAE, latent {r['latent']}) on {r['bars']:,} GMD test bars",
            f"  reconstruction: onset F1 {rec['onset_f1']:.3f}, velocity class of the hits {rec['velocity_accuracy']:.1%}",
            f"  {pr['samples']} beats sampled from the prior pass the quality filters {pr['pass_rate']:.1%} ({ok} the "
            f"target >= 90%; drum_space: ACAI {DRUM_SPACE_PASS['ACAI']:.1%}, VAE {DRUM_SPACE_PASS['VAE']:.1%}); "
            f"the real test bars {pr['real_pass_rate']:.1%}",
            f"  playable by one drummer (one hat state, two hands per 16th): sampled {pr['playable']:.1%}, "
            f"real {pr['real_playable']:.1%}",
            f"  interpolation ({it['pairs']} pairs, {it['steps']} steps): neighbour similarity (Jaccard) "
            f"{it['neighbour_jaccard_model']:.3f} against {it['neighbour_jaccard_crossfade']:.3f} for straight "
            f"crossfades; inner steps passing the filters {it['inner_pass_model']:.1%} against "
            f"{it['inner_pass_crossfade']:.1%}; end points as played (the model would reconstruct them at onset F1 "
            f"{it['endpoint_f1']:.3f})",
            f"  style separation ({st['k']}-NN style accuracy, neighbours from other takes): 2D map {st['knn_map_2d']:.1%}, latent "
            f"{st['knn_latent']:.1%}, raw bars {st['knn_raw']:.1%}, chance {st['chance']:.1%}; with the other bars "
            f"of the same take as neighbours: 2D map {st['knn_map_2d_any_bar']:.1%}, raw bars {st['knn_raw_any_bar']:.1%}"]


# ---- collections ------------------------------------------------------------------------------------
MAX_COLLECTION_BARS = 200_000


def pattern_bars(pattern) -> np.ndarray:
    """The non-empty 4/4 bars of a pattern on the 16th grid (a 32nd grid is read on its 16ths), (n, 16, 9);
    none for other meters and grids."""
    from .encoding import pattern_to_voices
    if pattern.grid not in (16, 32) or pattern.steps_per_bar != pattern.grid:
        return np.zeros((0, STEPS, N_VOICES), np.uint8)
    v = pattern_to_voices(pattern)
    n = len(v) // STEPS
    bars = v[:n * STEPS].reshape(n, STEPS, N_VOICES).astype(np.uint8)
    return bars[bars.reshape(n, -1).any(axis=1)]


def collection_bars(path: str, progress=lambda msg: None, cancel=None):
    """Every non-empty 4/4 bar of a collection: the Groove MIDI Dataset (a folder with info.csv; labelled by
    style), or a loop pack (a folder or .zip of MIDI files; labelled by the file's folder). Returns (bars,
    labels, sources 'file:bar', skipped files with why). `cancel()` true between two files: Cancelled."""
    from engine.errors import Cancelled, GrooveLoomError
    from engine.looppack import iter_pack
    from engine.midi import import_midi, parse_midi_bytes
    if os.path.isdir(path) and os.path.exists(os.path.join(path, "info.csv")):
        bars, style, _, names = gmd_bars(path, cancel=cancel)
        return bars, np.array(style_names(style)), names, []
    B, L, N, skipped = [], [], [], []
    for name, data in iter_pack(path):
        if cancel is not None and cancel():
            raise Cancelled("reading the collection was cancelled", path)
        if isinstance(data, Exception):
            skipped.append((name, str(data)))
            continue
        try:
            pattern = import_midi(parse_midi_bytes(data, name), name=name).pattern
        except GrooveLoomError as exc:
            skipped.append((name, str(exc)))
            continue
        bars = pattern_bars(pattern)
        if not len(bars):
            skipped.append((name, f"not 4/4 on 16ths ({pattern.meter}, grid {pattern.grid})"))
            continue
        folder = os.path.dirname(name) or os.path.splitext(os.path.basename(path))[0]
        B.extend(bars)
        L.extend([folder] * len(bars))
        N.extend(f"{name}:{k + 1}" for k in range(len(bars)))
        if len(B) > MAX_COLLECTION_BARS:
            raise GrooveLoomError(f"more than {MAX_COLLECTION_BARS:,} bars: open a part of it", path)
        if len(N) % 2000 < len(bars):
            progress(f"{len(B):,} bars read")
    if not B:
        raise GrooveLoomError("no 4/4 bars on 16ths in this collection", path)
    return np.array(B, np.uint8), np.array(L), np.array(N), skipped


def collection_key(path: str, model_card: dict) -> str:
    """What a cached map of a collection depends on: the files (names, sizes, modification times) and the
    model; a change to either gives another key."""
    import hashlib
    import json
    from engine.errors import GrooveLoomError
    if not os.path.exists(path):
        raise GrooveLoomError("no such folder or file", path)
    h = hashlib.sha256(json.dumps(model_card.get("sha256", {}), sort_keys=True).encode())
    h.update(os.fsencode(os.path.realpath(path)))      # (names in any script, undecodable bytes too)
    if os.path.isdir(path):
        for folder, dirs, files in sorted(os.walk(path)):
            dirs.sort()
            for f in sorted(files):
                if f.lower().endswith((".mid", ".midi", ".csv")):
                    try:
                        st = os.stat(os.path.join(folder, f))
                    except OSError:       # a dangling link: the scan says so
                        continue
                    h.update(os.fsencode(os.path.relpath(os.path.join(folder, f), path))
                             + f"\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
    else:
        st = os.stat(path)
        h.update(f"{st.st_size}\0{st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


def cache_dir() -> str:
    return user_dir("cache", "beatmap")


class Collection:
    """A collection's bars with their latents and map points, cached on disk (cache_dir()) per
    collection_key: a second opening reads the cache; a changed file or model computes it again."""

    def __init__(self, bars, labels, sources, z, xy, skipped=(), cached: bool = False):
        self.bars, self.labels, self.sources, self.z, self.xy = bars, labels, sources, z, xy
        self.skipped, self.cached = list(skipped), cached

    @classmethod
    def open(cls, path: str, bm: "BeatMap", progress=lambda msg: None, use_cache: bool = True,
             cancel=None) -> "Collection":
        from engine.errors import GrooveLoomError
        from engine.fileio import atomic_writer
        key = collection_key(path, bm.card)
        cached = os.path.join(cache_dir(), key + ".npz")
        if use_cache and os.path.isfile(cached):
            try:
                with np.load(cached, allow_pickle=False) as d:
                    return cls(d["bars"], d["labels"], d["sources"], d["z"], d["xy"], cached=True)
            except (OSError, ValueError, KeyError):
                pass                          # a damaged cache is computed again
        bars, labels, sources, skipped = collection_bars(path, progress, cancel)
        progress(f"encoding {len(bars):,} bars ...")
        z = bm.encode(bars)
        xy = bm.project(z)
        try:
            os.makedirs(cache_dir(), mode=0o700, exist_ok=True)
            with atomic_writer(cached) as f:
                np.savez(f, bars=bars, labels=labels.astype(str), sources=sources.astype(str), z=z, xy=xy)
        except (OSError, GrooveLoomError):
            pass                              # no cache: the map still works
        return cls(bars, labels, sources, z, xy, skipped)


def put_bar(pattern, bar: int, voices: np.ndarray):
    """The pattern with bar `bar` (0-based) played as `voices` (16, 9): the rows the voices fold into are
    cleared over that bar and written; rows of no drummer voice stay. ValueError for a pattern that is not
    4/4 on 16ths or 32nds."""
    from .candidates import merge_voices
    if pattern.grid not in (16, 32) or pattern.steps_per_bar != pattern.grid:
        raise ValueError(f"the beat map's bars are 4/4 on 16ths; this pattern is {pattern.meter} on a "
                         f"{pattern.grid}-step grid")
    if not 0 <= bar < pattern.bars:
        raise ValueError(f"the pattern has no bar {bar + 1}")
    return merge_voices(pattern, np.asarray(voices), bar * STEPS)


def bars_pattern(bars: np.ndarray, like=None):
    """A pattern playing these bars (n, 16, 9) in order (tempo and swing from `like`): kick, snare and
    closed hat rows, and the other voices' rows where they play."""
    from .encoding import voices_to_pattern
    p = voices_to_pattern(np.asarray(bars).reshape(-1, N_VOICES), like=like)
    for r in range(len(p.rows) - 1, 2, -1):
        if not p.hits[r].any():
            p = p.remove_row(r)
    return p
