"""Bar features and quality filters shared by the drummer's evaluation and the loop-pack recombiner."""
import json

import numpy as np

from conftest import run_cli
from engine.quality import (GMD_DENSITY_P5, GMD_DENSITY_P95, bars_of, density, inter_onset_intervals,
                            overlap_area, quality_filter, step_entropy, syncopation)


def _bar(**hits):
    b = np.zeros((16, 9), np.uint8)
    for v, steps in hits.items():
        b[list(steps), int(v[1:])] = 100
    return b


def test_density_percentiles_match_gmd_train(gmd):
    from models.data import load_gmd
    ds = load_gmd(str(gmd), splits=("train",))
    d = np.array([density(b) for e in ds.examples for b in bars_of(e.vel)])
    d = d[d > 0]
    assert (int(np.percentile(d, 5)), int(np.percentile(d, 95))) == (GMD_DENSITY_P5, GMD_DENSITY_P95)


def test_filters():
    rock = _bar(v0=[0, 8, 10], v1=[4, 12], v2=range(0, 16, 2))
    assert quality_filter(np.tile(rock, (2, 1))).passed
    assert quality_filter(np.zeros((32, 9))).reasons == ["empty"]
    hats = _bar(v2=range(16))
    assert "single voice" in quality_filter(hats).reasons and "step entropy below floor" in quality_filter(hats).reasons
    assert "copy of the seed bar" in quality_filter(np.tile(rock, (2, 1)), seed_bar=rock).reasons
    sparse = _bar(v0=[0], v1=[8])
    assert "too sparse" in quality_filter(sparse).reasons
    dense = _bar(**{f"v{v}": range(16) for v in range(3)})
    assert "too dense" in quality_filter(dense).reasons


def test_features():
    assert step_entropy(_bar(v2=range(16))) == 0.0
    assert step_entropy(_bar(v0=[0], v2=range(16))) > 0.3
    straight = _bar(v0=[0, 4, 8, 12])
    synco = _bar(v0=[3, 7, 11])
    assert syncopation(straight) == 0 and syncopation(synco) > 0
    assert inter_onset_intervals(_bar(v0=[0, 4, 10])).tolist() == [4, 6]
    a = np.array([1, 2, 2, 3])
    assert overlap_area(a, a, np.arange(0.5, 5)) == 1.0
    assert overlap_area(a, a + 10, np.arange(0.5, 20)) == 0.0


def test_evaluate_cli_on_files(tiny_model, gmd, gmd_rows):
    files = [str(gmd / r["midi_filename"]) for r in gmd_rows if r["split"] == "test" and r["beat_type"] == "beat"][:3]
    r = run_cli("evaluate", *files, "--model-dir", tiny_model, "--json", timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    res = json.loads(r.stdout)
    assert res["sequences"] == 3 and set(res["nll"]) == {"position_unigram", "ngram_position", "copy_bar_mix", "model"}
    assert res["nll"]["copy_bar_mix"] < res["nll"]["position_unigram"]
    assert 0 <= res["continuations"]["pass_rate"] <= 1 and 0 <= res["greedy_next_bar"]["f1"] <= 1
