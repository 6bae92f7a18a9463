"""`prepare` (models/prepare.py, an Apache Beam pipeline) against the single-process path
(models/corpus.prepare_local): the same examples, hashes and splits on real GMD files with two worker
processes; dedupe across whole-bar rotations, rejects by reason and path splits on a folder of MIDI made
here; `train --shards` reads the shards through tf.data."""
import importlib.util
import json

import numpy as np
import pytest

from conftest import make_midi, run_cli

pytestmark = pytest.mark.skipif(importlib.util.find_spec("apache_beam") is None,
                                reason="Apache Beam (the optional beam extra) is not installed")

GMD_FILES = 40      # the first 40 rows of info.csv: all three splits


@pytest.fixture(scope="module")
def gmd_shards(gmd, tmp_path_factory):
    from models.prepare import prepare
    out = tmp_path_factory.mktemp("shards")
    manifest = prepare(str(gmd), str(out), workers=2, shards=3, limit=GMD_FILES, progress=None)
    return out, manifest


def test_two_workers_give_exactly_the_single_process_examples(gmd, gmd_shards):
    from models.corpus import pattern_hash, prepare_local
    from models.shards import read_split
    out, manifest = gmd_shards
    local, rejected = prepare_local(str(gmd), limit=GMD_FILES)
    got = sorted((eh for s in ("train", "validation", "test") for eh in read_split(str(out), s)),
                 key=lambda eh: eh[0].name)
    assert [e.name for e in local] == [e.name for e, _ in got]
    assert [pattern_hash(e.vel) for e in local] == [h for _, h in got]
    assert [e.split for e in local] == [e.split for e, _ in got]
    for a, (b, _) in zip(local, got):
        assert np.array_equal(a.vel, b.vel) and (a.style, a.fill, a.source) == (b.style, b.fill, b.source)
        assert abs(a.tempo - b.tempo) < 1e-3
    counts = {s: sum(e.split == s for e in local) for s in ("train", "validation", "test")}
    assert manifest["examples"] == counts and all(counts.values()), counts
    assert manifest["files"] == GMD_FILES and manifest["rejected"] == rejected and manifest["workers"] == 2
    assert manifest["steps"]["train"] == sum(len(e.vel) for e in local if e.split == "train")
    assert all(len(f) == 3 for f in manifest["shards"].values())


def _beat(path, bars, kick_steps, snare_steps, meter=(4, 4)):
    notes = []
    for b in range(bars):
        for s in kick_steps[b % len(kick_steps)]:
            notes.append(((b * 16 + s) * 120, 36, 100, 60))
        for s in snare_steps:
            notes.append(((b * 16 + s) * 120, 38, 90, 60))
        notes += [((b * 16 + s) * 120, 42, 70, 30) for s in range(0, 16, 2)]
    return make_midi(path, notes, tempo=100, meter=meter)


def test_dedupe_takes_rotations_rejects_say_why_and_files_split_by_path(tmp_path):
    """A folder of MIDI files (no info.csv): a 4-bar beat, the same beat started on its third bar, a copy
    under another name, another beat, a 3/4 beat, a file that is not MIDI. Through the CLI: 2 examples, 2
    duplicates, the two rejects by reason; each file's split is the hash of its path."""
    from models.corpus import split_of
    from models.shards import read_split
    corpus = tmp_path / "pack"
    (corpus / "sub").mkdir(parents=True)
    kicks = [[0, 8], [0, 10], [0, 8, 11], [0, 6, 10]]          # four different bars
    _beat(corpus / "a.mid", 4, kicks, [4, 12])
    _beat(corpus / "sub" / "a_from_bar_3.mid", 4, kicks[2:] + kicks[:2], [4, 12])
    _beat(corpus / "sub" / "a_copy.MID", 4, kicks, [4, 12])
    _beat(corpus / "b.mid", 2, [[0, 7]], [4, 12, 15])
    _beat(corpus / "waltz.mid", 2, [[0]], [4], meter=(3, 4))
    (corpus / "notes.mid").write_bytes(b"these are not MIDI bytes")
    out = tmp_path / "shards"
    r = run_cli("prepare", corpus, "-o", out, "--workers", "1", timeout=300)    # (shards as bundles fall)
    assert r.returncode == 0, r.stderr[-2000:]
    manifest = json.loads((out / "manifest.json").read_text())
    left = sorted(p.name for p in out.iterdir())                 # the staged examples and names are gone
    assert left == sorted(["manifest.json"] + [f for fs in manifest["shards"].values() for f in fs]), left
    assert manifest["files"] == 6 and sum(manifest["examples"].values()) == 2 and manifest["duplicates"] == 2
    assert manifest["rejected"] == {"meter 3/4": 1, "unreadable": 1}, manifest["rejected"]
    kept = [e for s in ("train", "validation", "test") for e, _ in read_split(str(out), s)]
    assert sorted(e.name for e in kept) == ["a.mid", "b.mid"]       # the smallest path of the three kept
    assert all(e.split == split_of(e.name) for e in kept)
    assert "2 duplicates, 2 files rejected" in r.stdout
    assert "Logging handler created" not in r.stderr and "apitools" not in r.stderr, r.stderr   # (workers' chatter)


def test_prepare_refuses_a_missing_corpus(tmp_path):
    r = run_cli("prepare", tmp_path / "nowhere", "-o", tmp_path / "out")
    assert r.returncode == 2 and r.stderr.startswith("error: ") and "nowhere" in r.stderr
    assert len(r.stderr.strip().splitlines()) == 1


@pytest.mark.slow
def test_train_reads_the_shards_through_tf_data(gmd_shards, tmp_path):
    out, manifest = gmd_shards
    r = run_cli("train", "--shards", out, "--out", tmp_path / "model", "--epochs", "1", "--max-minutes", "2",
                timeout=600)
    assert r.returncode == 0, r.stderr[-2000:]
    card = json.loads((tmp_path / "model" / "drummer.json").read_text())
    assert card["data"]["train_sequences"] == manifest["examples"]["train"]
    assert card["data"]["validation_sequences"] == manifest["examples"]["validation"]
    assert card["metrics"]["validation_nll"] > 0 and (tmp_path / "model" / "drummer.tflite").is_file()


def _train_tiny(shards, out, tf_config=None, epochs=2, verbose=0):
    """train_distributed on the shards, a 32-unit LSTM (2 epochs), in a process of its own."""
    from models.distributed import launch_worker
    return launch_worker(shards, out, tf_config, epochs=epochs, patience=50, verbose=verbose, export=False,
                         config_overrides={"units": 32})


@pytest.mark.slow
def test_two_workers_on_localhost_follow_one_workers_loss_curve(gmd_shards, tmp_path):
    """MultiWorkerMirroredStrategy, 2 worker processes on localhost (CPU) from TF_CONFIG, against one
    process: the same global batch, so the validation NLL after each epoch is the same within noise."""
    out, _manifest = gmd_shards
    one = _train_tiny(out, tmp_path / "one")
    _o, err = one.communicate(timeout=600)
    assert one.returncode == 0, err[-3000:]
    from models.distributed import localhost_cluster
    procs = [_train_tiny(out, tmp_path / ("two" if i == 0 else f"two-{i}"), cfg)
             for i, cfg in enumerate(localhost_cluster(2))]
    for p in procs:
        _o, err = p.communicate(timeout=600)
        assert p.returncode == 0, err[-3000:]
    a = json.loads((tmp_path / "one" / "drummer.json").read_text())
    b = json.loads((tmp_path / "two" / "drummer.json").read_text())
    assert not (tmp_path / "two-1" / "drummer.json").exists()          # only the chief writes the model
    assert b["training"]["workers"] == 2 and b["training"]["replicas"] == 2 and a["training"]["replicas"] == 1
    assert a["training"]["steps_per_second"] > 0 and b["training"]["steps_per_second"] > 0   # (bench_prepare --train)
    va = [h["val_nll"] for h in a["metrics"]["history"]]
    vb = [h["val_nll"] for h in b["metrics"]["history"]]
    assert len(va) == len(vb) == 2 and va[1] < va[0] and vb[1] < vb[0], (va, vb)
    assert max(abs(x - y) for x, y in zip(va, vb)) < 0.1, (va, vb)


@pytest.mark.slow
def test_a_killed_run_resumes_from_its_last_epoch(gmd_shards, tmp_path):
    """train --shards killed after its first epoch's checkpoint: the same command goes on from epoch 2, and the
    card's history is the whole run's."""
    import signal
    import time
    out, _manifest = gmd_shards
    model = tmp_path / "model"
    first = _train_tiny(out, model, epochs=40)
    deadline = time.monotonic() + 300
    while not list((model / ".checkpoint").glob("ckpt-*.index")) and time.monotonic() < deadline:
        time.sleep(0.2)
    first.send_signal(signal.SIGKILL)
    first.wait(30)
    assert list((model / ".checkpoint").glob("ckpt-*.index")) and not (model / "drummer.json").exists()
    again = _train_tiny(out, model, epochs=3, verbose=1)
    stdout, err = again.communicate(timeout=600)
    assert again.returncode == 0, err[-3000:]
    assert "resuming after epoch" in stdout
    card = json.loads((model / "drummer.json").read_text())
    epochs = [h["epoch"] for h in card["metrics"]["history"]]       # the whole run's, the first epoch's included
    assert epochs == [1, 2, 3], card["metrics"]["history"]
    assert card["metrics"]["validation_nll"] == min(h["val_nll"] for h in card["metrics"]["history"])
    assert not (model / ".checkpoint").exists()                       # finished: the next run starts afresh
