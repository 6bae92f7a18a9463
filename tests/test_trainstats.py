"""The model card's figures of the training data, gathered one example at a time (models.trainstats), against
numpy's own median and percentiles of all the values at once: the same numbers, ties and even counts
included."""
import numpy as np

from models.corpus import Example
from models.encoding import STYLES, velocity_class
from models.trainstats import MIN_STYLE_BARS, TrainStats


def _examples(rng, n):
    out = []
    for i in range(n):
        steps = int(rng.integers(1, 12)) * 16 + int(rng.integers(0, 16))
        vel = rng.integers(1, 128, (steps, 9)) * (rng.random((steps, 9)) < rng.uniform(0.05, 0.4))
        out.append(Example(f"e{i}", vel.astype(np.uint8), int(rng.integers(0, 3)), bool(rng.random() < 0.3), 110.0,
                           "train"))
    return out


def _bar_hits(examples, style=None):
    got = []
    for e in examples:
        if e.fill or (style is not None and e.style != style):
            continue
        n = len(e.vel) // 16
        c = np.count_nonzero(e.vel[:n * 16].reshape(n, -1), axis=1)
        got += [int(x) for x in c if x > 0]
    return got


def test_figures_match_numpy_on_all_the_values():
    rng = np.random.default_rng(3)
    for trial in range(30):
        ex = _examples(rng, int(rng.integers(1, 60)))
        st = TrainStats.of(ex)
        vel = np.concatenate([e.vel for e in ex]).astype(np.int64)
        cls = velocity_class(vel)
        for v in range(9):
            for c in range(3):
                sel = vel[:, v][cls[:, v] == c]
                if sel.size:
                    assert st.velocity_values()[v][c] == int(np.median(sel)), (trial, v, c)
        every = _bar_hits(ex)
        if not every:
            continue
        density = st.style_density()
        for i, s in enumerate(STYLES):
            mine = _bar_hits(ex, i)
            values = mine if len(mine) >= MIN_STYLE_BARS else every
            assert density[s] == [round(float(x), 1) for x in np.percentile(values, [10, 50, 90])], (trial, s)
        assert st.steps == sum(len(e.vel) for e in ex) and st.sequences == len(ex)
        assert sum(st.style_counts().values()) == len(ex)


def test_windows_are_counted_as_train_cuts_them_from_the_first_bar():
    """train.windows starts each example's windows on a random bar of its first window; counted from the first
    bar, an example has as many windows, or one more."""
    from models.train import windows
    ex = _examples(np.random.default_rng(5), 40)
    st = TrainStats.of(ex)
    for seed in range(5):
        sizes = [size for e in ex for size, _ in windows([e], np.random.default_rng(seed))]
        for size, fill in ((128, False), (32, True)):
            cut, n = sum(1 for s in sizes if s == size), sum(1 for e in ex if e.fill == fill)
            assert st.windows[size] - n <= cut <= st.windows[size], (seed, size, cut, st.windows)
    assert st.windows[128] > 0 and st.windows[32] > 0
