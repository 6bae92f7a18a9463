"""The drummer keeps the user's groove: the drawn-beat suite, the groove prior behind Variation, velocities
that follow the seed, and the seed-conditional benchmark's measures (models/seedbench.py)."""
import numpy as np
import pytest

from conftest import run_cli
from engine.drumkit import VOICE_NAMES
from models import seedbench as sb
from models.beatsuite import load_suite
from models.encoding import hits_to_class, pattern_to_voices
from models.groove import follow_seed_velocity, groove_prior


def test_the_drawn_beat_suite_is_whole_and_its_anchors_are_drawn():
    suite = load_suite()
    assert len(suite) >= 24 and len({b.name for b in suite}) == len(suite)
    assert {b.pattern.meter for b in suite} >= {"4/4", "3/4", "6/8", "5/4"} and any(b.pattern.grid == 32 for b in suite)
    for b in suite:
        v = pattern_to_voices(b.pattern)
        spb = b.pattern.to_16ths(b.pattern.steps_per_bar)
        assert b.anchors, b.name
        for bar in sb.bars(v, spb):                      # every anchor is a hit of every drawn bar
            missing = [(VOICE_NAMES[voice], s) for voice, s in b.anchors if not bar[s, voice]]
            assert not missing, (b.name, missing)


def test_groove_prior_favours_the_seed_and_lets_go_at_variation_1():
    kick_snare = next(b for b in load_suite() if b.name == "kick and snare only")
    seed = pattern_to_voices(kick_snare.pattern)                       # 2 bars
    lp = groove_prior(seed, 16, 32, 32, variation=0.0).logits
    assert lp.shape == (32, 512)
    want = hits_to_class(np.tile(seed[:16], (2, 1)))
    assert np.array_equal(lp.argmax(1), want)                          # the seed's hits, step by step
    assert groove_prior(seed, 16, 32, 32, variation=1.0) is None
    loose = groove_prior(seed, 16, 32, 32, variation=0.6).logits
    assert (loose.max(1) - loose.min(1) < lp.max(1) - lp.min(1)).all()  # looser, but still the seed's shape
    assert np.array_equal(loose.argmax(1), want)


def test_velocity_follows_the_seed_flat_stays_flat_and_ghosts_stay_ghosts():
    rng = np.random.default_rng(0)
    funk = next(b for b in load_suite() if b.name == "funk with ghost notes")
    seed = pattern_to_voices(funk.pattern)
    gen = np.where(np.tile(seed[:16], (4, 1)) > 0, 127, 0)[None].astype(np.uint8)   # the model played all loud
    out = follow_seed_velocity(gen, seed, 16, 32, rng)[0]
    assert abs(int(out[7, 1]) - 40) <= 6 and abs(int(out[4, 1]) - 120) <= 6          # ghost and accent kept
    flat = np.where(seed > 0, 100, 0).astype(np.uint8)
    model = np.where(gen > 0, rng.choice([30, 80, 110], gen.shape), 0).astype(np.uint8)  # the model's dynamics
    out = follow_seed_velocity(model, flat, 16, 32, rng)[0]
    assert out[out > 0].std() <= 8 and abs(out[out > 0].mean() - 100) <= 3


def test_seedbench_measures():
    a = np.zeros((16, 9), np.uint8)
    a[[0, 8], 0] = 100
    a[[4, 12], 1] = 100
    b = a.copy()
    b[12, 1] = 0
    assert sb.onset_f1(a, a) == 1.0 and sb.onset_f1(b, a) == pytest.approx(2 * 3 / 7)
    assert sb.version_of(np.where(a > 0, 55, 0), (0,))[:, 1].sum() == 0
    gen = np.concatenate([a, np.zeros_like(a), a, a])
    gen[32, 7] = 110                                                    # a crash on a downbeat alone
    gen[48 + 2, 2] = 90                                                 # a closed hat the seed lacks
    busy = np.tile(np.where(np.arange(16)[:, None] % 2 == 0, 100, 0) * (np.arange(9) < 1), (2, 1)).astype(np.uint8)
    busy[:, 1] = np.tile(a[:, 1], 2)
    f = sb.bar_figures(gen, busy, 16)
    assert (f["bars"], f["dead"], f["crash_downbeat"], f["new_voice"]) == (4, 1, 1, 1)


def test_variation_0_keeps_the_drawn_groove_and_1_lets_the_model_play(drummer):
    """With the tiny test model (barely trained) the groove prior must carry Variation 0 on its own."""
    for name in ("kick and snare only", "house", "reggae one-drop"):
        beat = next(b for b in load_suite() if b.name == name)
        seed = pattern_to_voices(beat.pattern)
        tight = drummer.continue_(beat.pattern, bars=4, variations=4, seed=3, variation=0.0)
        for c in tight:
            gen = pattern_to_voices(c.pattern)[len(seed):]
            for bar in sb.bars(gen, 16):
                assert all(bar[s, v] > 0 for v, s in beat.anchors), name
            assert not ((gen > 0).any(0) & ~(seed > 0).any(0)).any(), name        # no voice the seed lacks
            assert gen[gen > 0].std() <= 8                                        # a flat seed stays flat
        free = drummer.continue_(beat.pattern, bars=4, variations=4, seed=3, variation=1.0)
        assert any(not np.array_equal(pattern_to_voices(f.pattern) > 0, pattern_to_voices(t.pattern) > 0)
                   for f, t in zip(free, tight)), name


def test_generate_makes_beats_not_silence(drummer):
    for style in ("funk", "rock"):
        for c in drummer.generate(style, bars=4, variations=2, seed=5):
            per_bar = [np.count_nonzero(b) for b in sb.bars(pattern_to_voices(c.pattern), 16)]
            assert min(per_bar) >= 2, (style, per_bar)


def test_cli_variation_is_checked(tmp_path, tiny_model):
    from conftest import make_midi
    f = tmp_path / "beat.mid"
    make_midi(f, [(t, n, 100, 120) for t, n in ((0, 36), (960, 38), (1920, 36), (2880, 38))])
    res = run_cli("continue", f, "-o", tmp_path / "out.mid", "--variation", "1.5", "--model-dir", tiny_model)
    assert res.returncode == 2 and res.stderr.strip() == "error: argument --variation: must be 0-1, got 1.5", res.stderr
    res = run_cli("continue", f, "-o", tmp_path / "out.mid", "--variation", "0", "--model-dir", tiny_model)
    assert res.returncode == 0 and (tmp_path / "out.mid").exists(), res.stderr
