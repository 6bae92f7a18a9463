"""Does a style's beat sound like that style? A style classifier fitted on GMD's train beats, used to judge
Generate take by take: from one seed, each style's take should be heard as its own style. Numpy
only: class-balanced softmax regression on what a drummer hears in 4 bars (where each voice plays in the
bar, how hard, how busy); fitted when `evaluate` runs (a minute), nothing stored. Its accuracy on GMD's own
test takes is the ceiling any generated take can be held to."""
from __future__ import annotations

import numpy as np

from engine.drumkit import N_VOICES

JUDGED = ("rock", "funk", "hiphop", "soul", "pop", "jazz", "latin")
FAMILY = {"rock": "backbeat", "pop": "backbeat", "soul": "backbeat", "hiphop": "backbeat", "funk": "funk",
          "jazz": "jazz", "latin": "latin"}
BARS = 4
L2, ITERS, RATE = 0.01, 800, 0.5      # (L2 chosen on GMD validation: 0.001-0.1 tried, 0.01 best)
STYLE_AGREE = 0.80


def features(vel: np.ndarray) -> np.ndarray:
    """(steps, 9) velocities, whole bars -> hit rate and mean velocity per voice and 16th position, hits per
    bar (mean, spread), the share of bars each voice plays in."""
    n = len(vel) // 16
    b = np.asarray(vel[:n * 16], np.float64).reshape(n, 16, N_VOICES)
    on = b > 0
    return np.concatenate([on.mean(0).ravel(), (b.sum(0) / np.maximum(on.sum(0), 1) / 127).ravel(),
                           [on.sum((1, 2)).mean() / 30, on.sum((1, 2)).std() / 10], on.any(1).mean(0)])


def windows(perfs, hop_train: int = 32) -> dict[str, tuple[np.ndarray, np.ndarray]]:
    """{split: (features, style index in JUDGED)} of the 4-bar windows (16 hits or more) of beat takes."""
    from .encoding import STYLES
    out: dict[str, tuple[list, list]] = {}
    for p in perfs:
        s = STYLES[p.style]
        if s not in JUDGED:
            continue
        hop = hop_train if p.split == "train" else BARS * 16
        for a in range(0, len(p.vel) - BARS * 16 + 1, hop):
            w = p.vel[a:a + BARS * 16]
            if (w > 0).sum() >= 16:
                out.setdefault(p.split, ([], []))[0].append(features(w))
                out[p.split][1].append(JUDGED.index(s))
    return {k: (np.array(x), np.array(y)) for k, (x, y) in out.items()}


class StyleClassifier:
    def __init__(self, x: np.ndarray, y: np.ndarray):
        k = len(JUDGED)
        self.mu, self.sd = x.mean(0), x.std(0) + 1e-6
        z = (x - self.mu) / self.sd
        w, b = np.zeros((x.shape[1], k)), np.zeros(k)
        weight = (len(y) / (k * np.maximum(np.bincount(y, minlength=k), 1)))[y] / len(y)
        for _ in range(ITERS):
            p = self._softmax(z @ w + b)
            p[np.arange(len(y)), y] -= 1
            p *= weight[:, None]
            w -= RATE * (z.T @ p + L2 * w)
            b -= RATE * p.sum(0)
        self.w, self.b = w, b

    @staticmethod
    def _softmax(logits):
        e = np.exp(logits - logits.max(1, keepdims=True))
        return e / e.sum(1, keepdims=True)

    def predict(self, x: np.ndarray) -> np.ndarray:
        return np.argmax(((np.atleast_2d(x) - self.mu) / self.sd) @ self.w + self.b, axis=1)


def agreement(pred: np.ndarray, y: np.ndarray) -> dict:
    fam = lambda i: FAMILY[JUDGED[i]]  # noqa: E731
    return {"takes": int(len(y)), "style": round(float((pred == y).mean()), 3) if len(y) else 0.0,
            "family": round(float(np.mean([fam(a) == fam(b) for a, b in zip(pred, y)])), 3) if len(y) else 0.0,
            "per_style": {JUDGED[k]: round(float((pred[y == k] == k).mean()), 2) for k in range(len(JUDGED))
                          if (y == k).any()}}


def style_report(drummer, data: str, seeds=range(1, 9)) -> dict:
    """The classifier on GMD's test takes (the ceiling) and on Generate's takes, every style from each seed."""
    from .encoding import pattern_to_voices
    from .performances import load_performances
    from .takes import Take, grid_lines, summary
    w = windows(load_performances(data, ("train", "test"), beat_type="beat"))
    clf = StyleClassifier(*w["train"])
    real = agreement(clf.predict(w["test"][0]), w["test"][1])
    takes, pred, y = [], [], []
    for k, style in enumerate(JUDGED):
        for s in seeds:
            v = pattern_to_voices(drummer.generate(style, bars=BARS, seed=s, tempo=110)[0].pattern)
            heard = int(clf.predict(features(v))[0])
            pred.append(heard)
            y.append(k)
            why = [] if heard == k else [f"heard as {JUDGED[heard]}"]
            takes.append(Take(f"{style} seed {s}", not why, why, -float(heard != k), grid_lines(v)))
    gen = agreement(np.array(pred), np.array(y))
    return {"real_test": real, "generate": gen, "summary": summary(takes, target=STYLE_AGREE),
            "train_windows": int(len(w["train"][1]))}


def format_styles(r: dict) -> list[str]:
    from .takes import format_summary
    g, real = r["generate"], r["real_test"]
    lines = format_summary("style: Generate in 7 styles from seeds 1-8, each take classified", r["summary"],
                           "a style classifier fitted on GMD train beats hears the style asked for")
    lines.append(f"  the classifier on GMD's own test takes (the ceiling): style {real['style']:.0%}, family "
                 f"{real['family']:.0%} ({real['takes']} takes of 4 bars); Generate: style {g['style']:.0%}, family "
                 f"{g['family']:.0%}  (families: rock/pop/soul/hiphop backbeat, funk, jazz, latin)")
    lines.append("  per style, real test / Generate: " + ", ".join(
        f"{s} {real['per_style'].get(s, 0):.0%}/{g['per_style'].get(s, 0):.0%}" for s in JUDGED))
    return lines
