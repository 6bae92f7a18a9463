"""Count baselines for the drummer's NLL, fitted on the GMD train split (numpy only):

- position unigram: P(c | position in bar), smoothed toward the global class distribution;
- n-gram with position: P(c_t | c_{t-1}, position), interpolated with the unigram;
- copy-bar mix: lambda * [c_t == c_{t-16}] + (1 - lambda) * n-gram, lambda fitted on validation.
c is the 512-way joint hit class of the 9 voices on a 16th step.
"""
from __future__ import annotations

import numpy as np

from .encoding import N_CLASSES, hits_to_class

BAR = 16


class CountBaselines:
    def __init__(self, train_vel: list[np.ndarray], alpha: float = 2.0, beta: float = 4.0):
        self.alpha, self.beta = alpha, beta
        glob = np.ones(N_CLASSES)
        self.pos = np.zeros((BAR, N_CLASSES))
        self.bigram = np.zeros((BAR, N_CLASSES, N_CLASSES), np.float32)
        for vel in train_vel:
            c = hits_to_class(vel)
            p = np.arange(len(c)) % BAR
            np.add.at(glob, c, 1)
            np.add.at(self.pos, (p, c), 1)
            prev = np.concatenate([[0], c[:-1]])
            np.add.at(self.bigram, (p, prev, c), 1)
        self.glob = glob / glob.sum()
        self.lam = 0.5

    def unigram_probs(self, c_prev: np.ndarray, pos: np.ndarray) -> np.ndarray:
        n = self.pos[pos]
        return (n + self.alpha * self.glob) / (n.sum(-1, keepdims=True) + self.alpha)

    def ngram_probs(self, c_prev: np.ndarray, pos: np.ndarray) -> np.ndarray:
        uni = self.unigram_probs(c_prev, pos)
        n = self.bigram[pos, c_prev].astype(np.float64)
        return (n + self.beta * uni) / (n.sum(-1, keepdims=True) + self.beta)

    def nll(self, vel_list: list[np.ndarray], kind: str, lam: float | None = None) -> float:
        """Mean NLL (nats per step) over whole sequences."""
        lam = self.lam if lam is None else lam
        total, count = 0.0, 0
        for vel in vel_list:
            c = hits_to_class(vel)
            pos = np.arange(len(c)) % BAR
            prev = np.concatenate([[0], c[:-1]])
            if kind == "unigram":
                probs = self.unigram_probs(prev, pos)
            else:
                probs = self.ngram_probs(prev, pos)
            p = probs[np.arange(len(c)), c]
            if kind == "copy":
                has = np.arange(len(c)) >= BAR
                same = np.zeros(len(c), bool)
                same[BAR:] = c[BAR:] == c[:-BAR]
                p = np.where(has, lam * same + (1 - lam) * p, p)
            total += float(-np.log(p).sum())
            count += len(c)
        return total / max(count, 1)

    def fit_lambda(self, val_vel: list[np.ndarray]) -> float:
        grid = np.linspace(0.05, 0.95, 19)
        scores = [self.nll(val_vel, "copy", lam) for lam in grid]
        self.lam = float(grid[int(np.argmin(scores))])
        return self.lam
