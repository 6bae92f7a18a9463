"""The sampler's step in C (engine/native/glstep.c) against the numpy loop it replaces: the same seeds give
the same takes, hit for hit and velocity for velocity, through every path a take is sampled by (the fold, the
groove prior, Drumify's class weights, locked rows, every temperature branch)."""
import numpy as np
import pytest

from engine import native
from engine.pattern import Pattern
from models import drummer as drummer_mod
from models.encoding import N_CLASSES, condition_vector
from models.groove import groove_prior, lacking_fold
from models.native_step import NativeStep


@pytest.fixture
def numpy_only(monkeypatch):
    """Runs a callable with the numpy sampler (as where no C compiler is found)."""
    def run(fn):
        with monkeypatch.context() as m:
            m.setattr(drummer_mod.NativeStep, "of", classmethod(lambda cls, *a, **k: None))
            return fn()
    return run


def test_the_library_has_the_step():
    assert native.step_library() is not None, native.step_why_not


def _seed(rows: dict[int, list[int]], bars: int = 2) -> Pattern:
    p = Pattern.empty(bars=bars)
    hits = np.array(p.hits)
    for r, steps in rows.items():
        for s in steps:
            hits[r, s] = 70 + 7 * (s % 5)
    return p.with_hits(hits)


BEAT = {0: [0, 8, 10, 16, 24, 26], 1: [4, 12, 20, 28], 2: list(range(0, 32, 2))}   # kick, snare, closed hat
KICK_SNARE = {0: [0, 6, 8, 16, 22, 24], 1: [4, 12, 20, 28]}


def _takes(cands) -> list:
    return [(np.array(c.pattern.hits).tolist(), None if c.pattern.rolls is None else np.array(c.pattern.rolls).tolist())
            for c in cands]


def test_the_drummer_plays_the_same_takes_in_c_and_numpy(drummer, numpy_only):
    beat, ks = _seed(BEAT), _seed(KICK_SNARE)
    calls = [
        lambda: drummer.continue_(beat, bars=2, variations=3, seed=1),
        lambda: drummer.continue_(ks, bars=2, variations=1, seed=2, variation=0.1),         # the fold
        lambda: drummer.continue_(beat, bars=1, variations=2, seed=3, temperature=0.0),
        lambda: drummer.continue_(beat, bars=1, variations=2, seed=4, temperature=0.0005),  # argmax, with life
        lambda: drummer.continue_(beat, bars=2, variations=2, seed=5, temperature=1.4, locked_rows=(0,)),
        lambda: drummer.fill(beat, 1, variations=2, seed=6),
        lambda: drummer.infill(beat, 16, 32, variations=2, seed=7, temperature=0.8),
        lambda: drummer.drumify(np.arange(32) % 4 == 0, seed=8),
        lambda: drummer.generate(bars=2, seed=9),
    ]
    for k, call in enumerate(calls):
        assert _takes(call()) == _takes(numpy_only(call)), f"call {k} differs"


@pytest.mark.parametrize("temperature", [0.0, 0.0005, 0.6, 1.0, 1.5])
def test_sample_paths_match(drummer, numpy_only, temperature):
    """sample() itself with the prior, the fold, class weights and a lock at once (Drumify's weights: half
    the combinations ruled out) at each temperature branch of pick."""
    seed_v = drummer._voices(_seed(KICK_SNARE))[0]
    spb, length = 16, 24
    cond = condition_vector(0, False, 110.0, len(seed_v) + length)
    weights = np.random.default_rng(0).random((length, N_CLASSES)) * (np.arange(N_CLASSES) % 2 == 0)
    mask = np.zeros(9, bool)
    mask[1] = True
    locked = np.tile(seed_v, (2, 1))[:length]

    def run():
        return drummer.sample(seed_v, length, len(seed_v), spb, cond, 3, temperature, np.random.default_rng(11),
                              locked, mask, prior=groove_prior(seed_v, spb, len(seed_v), length, 0.1),
                              fold=lacking_fold(seed_v, 0.1), class_weights=weights)[0]
    got = run()
    assert got.any() and (got[..., 1] == locked[:, 1]).all()
    assert np.array_equal(got, numpy_only(run))


def test_without_the_library_the_numpy_loop_runs(drummer, monkeypatch):
    monkeypatch.setattr(native, "_step_lib", None)
    monkeypatch.setattr(native, "step_why_not", None)
    monkeypatch.setenv("GROOVELOOM_PYTHON_SAMPLER", "1")
    assert NativeStep.of(np.zeros((1, 4, 9), np.uint8), None, 16, 1.0, np.zeros(27), np.random.default_rng()) is None
    assert native.step_why_not == "GROOVELOOM_PYTHON_SAMPLER is set"
    assert len(drummer.continue_(_seed(BEAT), bars=1, seed=0)) == 1
