"""The drummer: encoding round trip, Keras vs LiteRT equivalence, sampling rules, bad model files.
Uses a tiny model trained here for a few steps on real GMD files (the shipped model is checked by
`python main.py evaluate` and bench/bench_drummer.py)."""
import hashlib
import json
import os
import shutil

import numpy as np
import pytest

from engine.drumkit import N_VOICES, Row
from engine.pattern import Pattern
from models.candidates import merge_voices
from models.drummer import Drummer, DrummerError
from models.encoding import (N_FEATURES, class_to_hits, condition_vector, decode_velocity, hits_to_class,
                             pattern_to_voices, sequence_inputs, velocity_class, voices_to_pattern)


def _groove(bars=2):
    p = Pattern.empty(bars=bars, tempo=100)
    for b in range(bars):
        for s in (0, 8):
            p = p.toggle(0, b * 16 + s, 110)
        for s in (4, 12):
            p = p.toggle(1, b * 16 + s, 100)
        for s in range(0, 16, 2):
            p = p.toggle(2, b * 16 + s, 70)
    return p


def test_encoding_round_trip():
    rng = np.random.default_rng(0)
    vel = np.where(rng.random((64, N_VOICES)) < 0.2, rng.integers(1, 128, (64, N_VOICES)), 0).astype(np.uint8)
    cls = hits_to_class(vel)
    assert np.array_equal(class_to_hits(cls), (vel > 0).astype(np.uint8))
    assert np.array_equal(pattern_to_voices(voices_to_pattern(vel)), vel)
    vc = velocity_class(vel)
    assert set(np.unique(vc)) <= {-1, 0, 1, 2} and np.array_equal(vc >= 0, vel > 0)
    dec = decode_velocity(vc)
    assert np.array_equal(dec > 0, vel > 0) and np.array_equal(velocity_class(dec), vc)
    x = sequence_inputs(vel, 16, condition_vector("funk", False, 100, len(vel)))
    assert x.shape == (64, N_FEATURES)
    assert np.array_equal(x[1:, :N_VOICES], (vel[:-1] > 0))  # step t sees step t-1
    lb1 = x[:, 2 * N_VOICES:3 * N_VOICES]
    assert np.array_equal(lb1[16:], vel[:-16] > 0) and not lb1[:16].any()  # one bar back


def test_pattern_folds_rows_onto_voices():
    p = Pattern((Row("Kick", 36), Row("Clap", 39), Row("Pedal", 44), Row("Weird", 99)),
                np.zeros((4, 16))).toggle(0, 0, 90).toggle(1, 4, 80).toggle(2, 2, 60).toggle(3, 3, 50)
    v = pattern_to_voices(p)
    assert v[0, 0] == 90 and v[4, 1] == 80 and v[2, 2] == 60 and v[3].sum() == 0


@pytest.fixture(scope="module")
def tiny_tcn(tmp_path_factory, gmd):
    from models.train import train
    out = tmp_path_factory.mktemp("tcn")
    train(str(gmd), str(out), arch="tcn", epochs=1, limit=4, verbose=0, max_minutes=5,
          config_overrides={"filters": 16, "dilations": [1, 2, 4, 8]})
    return out


@pytest.mark.slow      # imports Keras and TensorFlow (5-20 s)
@pytest.mark.parametrize("which", ["tiny_model", "tiny_tcn"])
def test_keras_and_litert_give_the_same_probabilities(which, request):
    """The streaming LiteRT step model (LSTM state, or TCN layer buffers) equals the Keras sequence model."""
    import keras
    from models.data import Example
    from models.train import example_arrays
    model_dir = request.getfixturevalue(which)
    model = keras.saving.load_model(os.path.join(model_dir, "drummer.keras"), compile=False, safe_mode=True)
    vel = pattern_to_voices(_groove(3))
    vel[5, 4] = 90  # a tom, so more than three voices move
    x, _, _ = example_arrays(Example("g", vel, 1, False, 100.0, "test"))
    logits = np.asarray(model(x[None])["hits"])[0].astype(np.float64)
    keras_p = np.exp(logits - logits.max(-1, keepdims=True))
    keras_p /= keras_p.sum(-1, keepdims=True)
    _, lite = Drummer(str(model_dir)).teacher_forced([vel], [condition_vector(1, False, 100.0, len(vel))],
                                                     keep_probs=True)
    assert lite[0].shape == keras_p.shape
    np.testing.assert_allclose(lite[0], keras_p, atol=2e-5)


def test_continue_shapes_and_determinism(drummer):
    p = _groove(2)
    a = drummer.continue_(p, bars=2, variations=3, seed=5, style="funk")
    b = drummer.continue_(p, bars=2, variations=3, seed=5, style="funk")
    assert len(a) == 3 and all(c.pattern.bars == 4 and (c.start, c.end) == (32, 64) for c in a)
    assert all(x.pattern == y.pattern for x, y in zip(a, b))
    for c in a:  # the drawn bars are untouched
        assert np.array_equal(c.pattern.hits[:3, :32], p.hits)
    greedy = drummer.continue_(p, bars=1, temperature=0, variations=2, seed=1)
    assert greedy[0].pattern == greedy[1].pattern


def test_locked_rows_keep_their_hits(drummer):
    p = _groove(2)
    p = p.toggle(0, 3, 50).toggle(1, 20, 30)  # make the two bars differ
    for c in drummer.continue_(p, bars=3, variations=4, seed=3, temperature=1.5, locked_rows=[0, 1]):
        for r, note in ((0, 36), (1, 38)):
            row = c.pattern.hits[c.pattern.row_index(note)]
            assert np.array_equal(row[32:], np.tile(p.hits[r], 2)[:48]), "locked rows repeat the drawn bars"
    filled = drummer.fill(p, 1, seed=2, locked_rows=[0, 1])[0].pattern
    assert np.array_equal(filled.hits[0], p.hits[0]) and np.array_equal(filled.hits[1], p.hits[1])


def test_fill_infill_generate(drummer):
    p = _groove(3)
    f = drummer.fill(p, 1, seed=4, variations=2)
    assert len(f) == 2 and all((c.start, c.end) == (16, 32) for c in f)
    for c in f:
        assert np.array_equal(c.pattern.hits[:3, :16], p.hits[:, :16])
        assert np.array_equal(c.pattern.hits[:3, 32:], p.hits[:, 32:])
    g = drummer.generate("jazz", bars=2, seed=1, variations=2)
    assert len(g) == 2 and g[0].pattern.bars == 2
    # fills every 2nd bar of a 5-bar pattern: bars 2 and 4 rewritten, one candidate per variation
    p5 = _groove(5)
    fb = drummer.fill_bars(p5, every=2, seed=3, variations=2)
    assert len(fb) == 2 and all((c.start, c.end) == (16, 64) for c in fb)
    for c in fb:
        assert np.array_equal(c.pattern.hits[:3, :16], p5.hits[:, :16])
        assert np.array_equal(c.pattern.hits[:3, 32:48], p5.hits[:, 32:48])
        assert np.array_equal(c.pattern.hits[:3, 64:], p5.hits[:, 64:])
    p32, _ = p5.with_grid(32)
    assert drummer.fill_bars(p32, every=4, seed=1)[0].step_range() == (96, 128)
    with pytest.raises(DrummerError, match="bar 9"):
        drummer.fill(p, 8)
    with pytest.raises(DrummerError, match="unknown style"):
        drummer.generate("polka")


def test_merge_adds_rows_for_new_voices_and_respects_32nd_grid():
    p, _ = _groove(1).with_grid(32)
    gen = np.zeros((16, N_VOICES), np.uint8)
    gen[3, 3] = 90  # an open hat, which the pattern has no row for
    gen[0, 0] = 100
    m = merge_voices(p.resized(2), gen, 16)
    assert m.row_index(46) is not None and m.velocity(m.row_index(46), 32 + 6) == 90
    assert m.velocity(0, 32) == 100 and m.hits[:, 34:].sum() == 90


def test_triplet_grid_is_refused(drummer):
    p = Pattern.empty(grid=12).toggle(0, 0)
    with pytest.raises(DrummerError, match="16th grid"):
        drummer.continue_(p)


@pytest.mark.parametrize("damage,msg", [
    (lambda d: os.remove(d / "drummer.tflite"), "model file missing"),
    (lambda d: os.remove(d / "drummer.json"), "model card missing"),
    (lambda d: (d / "drummer.json").write_text("{broken"), "not valid JSON"),
    (lambda d: (d / "drummer.tflite").write_bytes(b"\0" * 1000), "does not match its card"),
    (lambda d: _edit_card(d, format=99), "format 99"),
    (lambda d: _edit_card(d, features=3), "another encoding"),
    (lambda d: (_edit_card(d, tflite_sha256=hashlib.sha256(b"garbage" * 100).hexdigest()),
                (d / "drummer.tflite").write_bytes(b"garbage" * 100)), "not a usable LiteRT model"),
    (lambda d: _edit_card(d, tflite_sha256=None), "no valid tflite_sha256"),       # the check is required
    (lambda d: _edit_card(d, state=[["h", [2000000000]]]), "state shapes are out of range"),
    (lambda d: _edit_card(d, state=[["h", [7]]]), "does not run with its card's state|inputs do not match"),
])
def test_bad_model_files_give_clear_errors(tiny_model, tmp_path, damage, msg):
    d = tmp_path / "m"
    shutil.copytree(tiny_model, d)
    damage(d)
    with pytest.raises(DrummerError, match=msg) as e:
        Drummer(str(d))
    assert str(d) in str(e.value)


def _edit_card(d, **kw):
    card = json.loads((d / "drummer.json").read_text())
    card.update(kw)
    (d / "drummer.json").write_text(json.dumps(card))


def test_guidance_toward_the_same_condition_changes_nothing(drummer):
    """p^(1+w) / p^w = p: guided sampling with an identical second condition equals plain sampling, and a
    different condition (the fill flag off) does change what is sampled."""
    vel = pattern_to_voices(_groove(3))
    n = 64
    cond = condition_vector(0, np.arange(n) >= 32, 100.0, n)
    plain, _ = drummer.sample(vel[:32], 32, 32, 16, cond, 4, 1.0, np.random.default_rng(3))
    same, _ = drummer.sample(vel[:32], 32, 32, 16, cond, 4, 1.0, np.random.default_rng(3), guide=4.0, guide_cond=cond)
    other, _ = drummer.sample(vel[:32], 32, 32, 16, cond, 4, 1.0, np.random.default_rng(3), guide=4.0,
                              guide_cond=condition_vector(0, False, 100.0, n))
    assert np.array_equal(plain, same)
    assert not np.array_equal(plain, other)


def test_generate_starts_from_a_typical_bar_of_the_style(tiny_model, gmd, tmp_path):
    """Generate in a GMD style continues one of the style's most central real bars (counted on a split) and
    drops it: from a bar of hats, as before, the network kept time with a snare now and then (funk: snare on
    2 and 4 in 4 of 40 bars with the shipped model; 34 of 40 from the typical bars)."""
    from models.style_bars import central_bars, count_style_bars, read_style_bars, write_style_bars
    backbeat = np.zeros((16, N_VOICES), np.uint8)
    backbeat[[0, 8], 0], backbeat[[4, 12], 1], backbeat[::2, 2] = 100, 100, 80
    odd = backbeat.copy()
    odd[[2, 6, 14], 5] = 90                                        # one drummer's toms
    picked = central_bars(np.array([backbeat, odd] + [backbeat] * 5 + [backbeat * 0 + backbeat // 2]), pool=2)
    assert np.array_equal(picked[0] > 0, backbeat > 0) and len(picked) == 2      # distinct rhythms, central first
    # against the other styles' bars, the rhythm they share ranks under the style's own (a rock beat
    # that says rock); a backbeat style keeps to its bars with a snare on 2 and 4
    own = backbeat.copy()
    own[[6, 7], 0] = 100                                            # this style's kick figure
    shared = np.array([backbeat] * 4 + [own] * 3)
    assert np.array_equal(central_bars(shared, pool=1)[0] > 0, backbeat > 0)
    assert np.array_equal(central_bars(shared, pool=1, others=np.array([backbeat] * 6))[0] > 0, own > 0)
    no_bb = backbeat.copy()
    no_bb[12, 1], no_bb[13, 1] = 0, 100                             # the "4" pushed: no backbeat
    assert np.array_equal(central_bars(np.array([no_bb] * 5 + [backbeat] * 2), pool=1, backbeat=True)[0] > 0,
                          backbeat > 0)
    table = count_style_bars(str(gmd), "validation", pool=4)
    assert {"rock", "funk"} <= set(table) and all(len(b) <= 4 and b.shape[1:] == (16, N_VOICES) for b in table.values())
    rock = table["rock"][0]
    assert rock[4, 1] and rock[12, 1]                              # rock's most central bar: snare on 2 and 4
    model = tmp_path / "m"
    shutil.copytree(tiny_model, model)
    write_style_bars({"funk": np.array([backbeat])}, str(model / "style_bars.json"))
    assert np.array_equal(read_style_bars(str(model / "style_bars.json"))["funk"][0], backbeat)
    def backbeats(cands):
        return sum(int(v[4 + 16 * b, 1] > 0 and v[12 + 16 * b, 1] > 0) for v in (c.pattern.to_voices() for c in cands)
                   for b in range(2))
    cands = Drummer(str(model)).generate("funk", bars=2, variations=8, seed=5, tempo=96)
    assert len(cands) == 8 and all(c.pattern.bars == 2 and c.pattern.tempo == 96 and (c.start, c.end) == (0, 32)
                                   for c in cands)
    write_style_bars({}, str(model / "style_bars.json"))               # no typical bars: a bar of hats, as before
    before = Drummer(str(model)).generate("funk", bars=2, variations=8, seed=5, tempo=96)
    assert backbeats(cands) >= 8 and backbeats(cands) >= backbeats(before) + 4, (backbeats(cands), backbeats(before))
    (model / "style_bars.json").write_text("{broken")
    from engine.errors import GrooveLoomError
    with pytest.raises(GrooveLoomError, match="style_bars.json.*typical bars cannot be read|typical bars.*style_bars"):
        Drummer(str(model))


def test_the_samplers_fast_paths_give_what_the_plain_ones_give(drummer):
    """StepInputs builds the same inputs as step_inputs(lookback_of(...)), the runtime's own signature call
    gives the same outputs as LiteRT's public one, a prior's product the same distribution as the sum of
    logs, pick at temperature 1 the same class for the same draw; one variation asked samples one take."""
    from models.encoding import StepInputs, lookback_of, step_inputs
    from models.sampling import pick, prior_product
    rng = np.random.default_rng(4)
    hist = (rng.random((3, 70, N_VOICES)) < 0.3) * rng.integers(1, 128, (3, 70, N_VOICES))
    hist = hist.astype(np.uint8)
    cond = condition_vector(2, False, 97.0, 70)
    fast = StepInputs(5, 16, cond)
    for k in (0, 1, 15, 16, 17, 33, 69):
        plain = step_inputs(hist[:, k - 1] if k else np.zeros((3, N_VOICES), np.uint8), lookback_of(hist, k, 16),
                            np.full(3, 5 + k), 16, np.repeat(cond[k:k + 1], 3, axis=0))
        assert np.array_equal(fast.at(hist, k), plain), k
    m = drummer.model
    x = rng.random((4, N_FEATURES)).astype(np.float32)
    state = [rng.random(s.shape).astype(np.float32) for s in m.zero_state(4)]
    ours = m.step(x, state)
    feed = {"x": x, **{name: s for (name, _), s in zip(m.state, state)}}
    public = m._runner(**feed)
    assert m._fast is not None and np.array_equal(ours[0], public["output_0"])
    assert all(np.array_equal(a, public[f"output_{k + 2}"]) for k, a in enumerate(ours[2]))
    probs = rng.dirichlet(np.ones(512) * 0.05, 6)
    logits = rng.normal(0, 2, 512)
    summed = np.exp(np.log(np.maximum(probs, 1e-12)) + logits - (np.log(np.maximum(probs, 1e-12)) + logits).max(-1,
                                                                                                   keepdims=True))
    summed /= summed.sum(-1, keepdims=True)
    assert np.allclose(prior_product(probs, np.exp(logits - logits.max()), np.ones(6)), summed, rtol=1e-12, atol=0)
    a, b = np.random.default_rng(9), np.random.default_rng(9)
    plain_w = np.exp(np.log(np.maximum(summed, 1e-30)) - np.log(np.maximum(summed, 1e-30)).max(-1, keepdims=True))
    plain_w /= plain_w.sum(-1, keepdims=True)
    plain = np.minimum((np.cumsum(plain_w, -1) < b.random((6, 1))).sum(-1), 511)
    assert np.array_equal(pick(summed, 1.0, a), plain)
    sizes = []
    step = drummer._step
    drummer._step = lambda x, s: sizes.append(len(x)) or step(x, s)
    try:
        drummer.continue_(_groove(), bars=1, variations=1, seed=3)
    finally:
        drummer._step = step
    assert set(sizes) == {1}, set(sizes)               # the seed, then one take (four were sampled before)
