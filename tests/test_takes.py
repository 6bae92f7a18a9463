"""Every take counts: the per-take rules of models/takes.py, and the drummer's moves held to them
with a real (tiny) drummer: fills chosen among takes a drummer would keep (also in the pattern's last bar),
the seed's phrase held, Add ghosts as many as a style's drummers play, Drumify with one hi-hat state, Infill
keeping the groove around it, Interpolate starting and ending on the user's bars."""
import json

import numpy as np
import pytest

from engine.errors import GrooveLoomError
from models import takes as T
from models.beatsuite import PHRASE_SUITE, load_suite
from models.drummer import fill_order, groove_around
from models.encoding import hits_to_class, pattern_to_voices
from models.ghosts import count_style_ghosts, ghosts_per_bar, read_style_ghosts, write_style_ghosts
from models.groove import groove_prior

KICK, SNARE, HAT, OPEN, LOW_TOM, MID_TOM, CRASH = 0, 1, 2, 3, 4, 5, 7


def _bar(**voices) -> np.ndarray:
    b = np.zeros((16, 9), np.uint8)
    for v, steps in voices.items():
        b[list(steps), int(v[1:])] = 100
    return b


def test_the_fill_rule_is_a_drummers():
    real = _bar(v1=[8, 9, 10, 11], v4=[12, 13], v5=[14, 15], v2=[0, 2, 4, 6], v0=[0])
    assert T.fill_verdict(real) == (True, [], 5.0)
    ok, why, _ = T.fill_verdict(_bar(v0=[0], v2=[0]))                   # a kick and a hat on 1, then silence
    assert not ok and why[0] == "2 hits" and "no snare, tom or crash in its last 16 steps" in why
    ok, why, _ = T.fill_verdict(_bar(v1=[4, 5, 6, 7, 8, 9, 10, 11], v0=[0, 8]))   # stops on beat 3
    assert not ok and why == ["no snare, tom or crash in its last 4 steps"]
    ok, why, _ = T.fill_verdict(_bar(v1=[4, 5, 6, 7, 8, 9, 10, 11], v0=[0, 8], v2=[12]))   # a soft hat on 4: stopped
    assert not ok and why == ["no snare, tom or crash in its last 4 steps"]
    ok, why, _ = T.fill_verdict(_bar(v1=[0, 1, 2, 3], v4=[12, 13, 14, 15]))   # a hole through beats 2 and 3
    assert not ok and why == ["silent for 8 steps in a row"]
    ok, why, _ = T.fill_verdict(_bar(v2=range(16)))                    # time kept, no fill
    assert not ok and why == ["no snare, tom or crash in its last 16 steps", "0% on snare/toms/crash"]
    assert T.fill_verdict(real, downbeat_kept=False)[1] == ["the next downbeat changed"]
    lines = T.grid_lines(real, 16, _bar(v0=[0]))
    assert lines[0] == "  kick       |X...............||X...............|"


def test_fill_order_puts_the_takes_a_drummer_keeps_first_and_no_take_twice():
    good = _bar(v1=[8, 9, 10, 11, 12, 13], v4=[14, 15], v0=[0], v2=[0, 2, 4, 6])
    busy = _bar(v1=range(16), v4=range(16))
    empty = _bar(v0=[0])
    gen = np.stack([empty, good, busy, good, empty])
    ll = np.array([0.0, -5.0, -1.0, -2.0, 0.0])                         # the next bar follows the empty one best
    # passing first, the busier than FILL_BUSY after the others, then by the next bar's fit; a repeat goes last
    assert fill_order(gen, ll, [T.fill_verdict(g) for g in gen]).tolist() == [3, 2, 0, 1, 4]


def test_a_fill_in_the_last_bar_leads_back_to_bar_one_and_plays_to_its_end(drummer):
    rock = next(b for b in load_suite() if b.name == "rock 8ths").pattern
    p = rock.resized(4).with_hits(np.tile(rock.hits, (1, 2)))
    takes = drummer.fill(p, 3, variations=4, seed=1, style="rock")
    assert len(takes) == 4
    grids = set()
    for c in takes:
        v = pattern_to_voices(c.pattern)
        assert np.array_equal(v[:48], pattern_to_voices(p)[:48])      # only the fill bar changes
        ok, why, _ = T.fill_verdict(v[48:])
        assert ok, (why, T.grid_lines(v[48:]))
        grids.add((v[48:] > 0).tobytes())
    assert len(grids) == 4                                              # four different fills


def test_phrase_verdicts_and_the_phrase_suite():
    a, b = _bar(v0=[0, 8], v1=[4, 12]), _bar(v0=[0, 6, 10], v1=[4, 12])
    seed = np.concatenate([a, b])
    assert [ok for ok, _ in T.phrase_verdicts(np.concatenate([a, b, a, b]), seed, 16, 2)] == [True] * 4
    assert [ok for ok, _ in T.phrase_verdicts(np.concatenate([b, b, b, b]), seed, 16, 2)] == [False, True] * 2
    assert T.phrase_verdicts(np.concatenate([a, a]), np.concatenate([a, a]), 16, 2) == []   # nothing to tell apart
    suite = load_suite(PHRASE_SUITE, bars=4)
    assert len(suite) >= 8 and {int(x.name.split(":")[0]) for x in suite} == {2, 4}
    for beat in suite:                                                  # every phrase has bars that differ
        phrase = int(beat.name.split(":")[0])
        v = pattern_to_voices(beat.pattern)[:phrase * 16].reshape(phrase, 16, 9) > 0
        assert any(not np.array_equal(v[0], x) for x in v[1:]), beat.name


def test_the_groove_prior_holds_a_two_bar_phrase_bar_for_bar():
    a, b = _bar(v0=[0, 8], v1=[4, 12], v2=range(0, 16, 2)), _bar(v0=[0, 6, 10], v1=[4, 12], v2=range(0, 16, 2))
    seed = np.concatenate([a, b])
    lp = groove_prior(seed, 16, 32, 64, variation=0.5).logits
    for bar, want in enumerate([a, b, a, b]):                           # A B A B: each step's likeliest hits
        top = lp[bar * 16:(bar + 1) * 16].argmax(1)
        assert np.array_equal(top, hits_to_class(want)), bar


def test_add_ghosts_plays_as_many_as_the_styles_drummers(drummer):
    rock = next(b for b in load_suite(bars=4) if b.name == "rock 8ths").pattern
    lo, _, hi = drummer.style_ghosts["funk"]
    for seed in range(1, 5):
        v = pattern_to_voices(drummer.ghosts(rock, "funk", seed=seed)[0].pattern)
        n = ghosts_per_bar(v)
        assert ((n >= lo) & (n <= hi)).all(), (seed, n.tolist())
        assert np.array_equal(v[:, [KICK, HAT]], pattern_to_voices(rock)[:, [KICK, HAT]])   # nothing else changes
    none = pattern_to_voices(drummer.ghosts(rock, "funk", amount=0.0, seed=1)[0].pattern)
    assert ghosts_per_bar(none).sum() == 0


def test_the_ghost_counts_are_counted_on_gmd_and_checked_as_they_are_read(tmp_path, gmd):
    counted = count_style_ghosts(str(gmd), limit=12)
    assert counted and all(0 < c["share"] <= 1 and 1 <= c["range"][0] <= c["range"][1] <= c["range"][2]
                           for c in counted.values())
    path = tmp_path / "ghosts.json"
    write_style_ghosts(counted, str(path))
    assert read_style_ghosts(str(path)) == {s: tuple(c["range"]) for s, c in counted.items()}
    write_style_ghosts({"funk": {"bars": 10, "share": 0.6, "range": [1, 3, 6]}}, str(path))
    assert read_style_ghosts(str(path)) == {"funk": (1, 3, 6)}
    body = json.loads(path.read_text())
    body["styles"]["funk"]["range"] = [6, 3, 1]
    path.write_text(json.dumps(body))
    with pytest.raises(GrooveLoomError) as e:
        read_style_ghosts(str(path))
    assert str(path) in str(e.value) and "3 rising counts" in str(e.value)
    assert read_style_ghosts(str(tmp_path / "none.json")) == {}


def test_drumify_never_asks_one_hi_hat_for_two_states(drummer):
    onsets = np.zeros(64, bool)
    onsets[[0, 3, 6, 8, 10, 16, 19, 22, 24, 27, 32, 35, 38, 40, 42, 48, 51, 54, 56, 58]] = True
    for c in drummer.drumify(onsets, "hiphop", 96.0, variations=4, seed=2, extra=0.3):
        v = pattern_to_voices(c.pattern)
        assert not ((v[:, HAT] > 0) & (v[:, OPEN] > 0)).any()
    two = _bar(v2=range(0, 16, 2), v3=[6])
    two[6, HAT] = 100
    ok, why, _ = T.time_verdict(np.tile(two, (2, 1)))
    assert not ok and why == ["closed and open hat together on 2 steps"]
    ok, why, _ = T.time_verdict(np.concatenate([_bar(v2=range(0, 16, 2))] * 3 + [_bar(v0=[0])]))
    assert not ok and why == ["1 bars off the time figure"]


def test_infill_keeps_the_groove_around_it(drummer):
    house = next(b for b in load_suite(bars=4) if b.name == "house")
    seed = pattern_to_voices(house.pattern)
    around, first = groove_around(seed, 16, 48, 16)
    assert len(around) == 32 and first == 32 and np.array_equal(around, np.concatenate([seed[48:], seed[:16]]))
    for s in range(1, 4):
        v = pattern_to_voices(drummer.infill(house.pattern, 16, 48, seed=s, style="pop")[0].pattern)
        assert not (v[16:48] > 0)[:, ~(seed > 0).any(0)].any()           # no voice the house beat lacks
