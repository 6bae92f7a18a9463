import json
import os

import pytest

from engine.drumkit import Row
from engine.errors import ProjectFileError
from engine.pattern import Pattern
from engine.project import (VERSION, GenerationSettings, Mixer, Project, load_project, project_to_dict,
                            save_project)


def _project():
    a = Pattern.empty(bars=2, tempo=92.5).toggle(0, 0).toggle(1, 4, 110).with_settings(swing=0.58)
    b = Pattern.empty(numerator=6, denominator=8, grid=12).add_row(Row("Ride", 51, 4.0)).toggle(3, 2, 64)
    mixer = Mixer(master=0.7, metronome=True).with_row(38, volume=0.5, pan=-0.3, mute=True)
    return Project((a, b), ("Verse", "Bridge"), 1, mixer, GenerationSettings(bars=8, style="funk",
                                                                             locked_notes=(36,)))


def test_save_load_round_trip(tmp_path):
    p = _project()
    f = tmp_path / "song.groove"
    save_project(p, f)
    assert load_project(f) == p
    assert json.loads(f.read_text())["version"] == VERSION


def test_save_is_atomic_and_leaves_no_temp_files(tmp_path):
    f = tmp_path / "song.groove"
    save_project(_project(), f)
    before = f.read_bytes()
    bad = Project((Pattern.empty(),))
    object.__setattr__(bad, "patterns", (object(),))  # a document that cannot be serialized
    with pytest.raises(Exception):
        save_project(bad, f)
    assert f.read_bytes() == before
    assert os.listdir(tmp_path) == ["song.groove"]


def _broken(tmp_path, mutate):
    d = project_to_dict(_project())
    mutate(d)
    f = tmp_path / "x.groove"
    f.write_text(json.dumps(d))
    return f


@pytest.mark.parametrize("mutate,field", [
    (lambda d: d["patterns"][0].__setitem__("tempo", "fast"), "patterns[0].tempo"),
    (lambda d: d["patterns"][1]["rows"][0].__setitem__("note", 300), "patterns[1].rows[0].note"),
    (lambda d: d["patterns"][0]["rows"][1]["hits"].append([99, 100]), "patterns[0].rows[1].hits[1]"),
    (lambda d: d["patterns"][0].pop("grid"), "patterns[0].grid"),
    (lambda d: d["patterns"][0].__setitem__("meter", [7, 8]) or d["patterns"][0].__setitem__("grid", 12),
     "patterns[0].meter"),
    (lambda d: d["mixer"]["rows"]["38"].__setitem__("pan", 4), "mixer.rows.38.pan"),
    (lambda d: d["generation"].__setitem__("variations", 20), "generation.variations"),
    (lambda d: d["generation"].__setitem__("variation", 1.5), "generation.variation"),
    (lambda d: d.__setitem__("current", 5), "current"),
    (lambda d: d["patterns"][0]["rows"][0].__setitem__("mute", True) or
     d["patterns"][0]["rows"][1].__setitem__("note", 36), "patterns[0].rows[1].note"),
])
def test_load_names_the_bad_field(tmp_path, mutate, field):
    f = _broken(tmp_path, mutate)
    with pytest.raises(ProjectFileError) as e:
        load_project(f)
    assert f"field '{field}'" in str(e.value) and str(f) in str(e.value)


def test_newer_version_is_refused(tmp_path):
    f = _broken(tmp_path, lambda d: d.__setitem__("version", VERSION + 1))
    with pytest.raises(ProjectFileError, match="newer GrooveLoom"):
        load_project(f)


@pytest.mark.parametrize("content,msg", [(b"", "empty"), (b"{not json", "not valid JSON"),
                                         (b"\xff\xfe\x00", "binary"), (b"[1,2]", "must be an object"),
                                         (b'{"format":"other","version":1}', "not a GrooveLoom project")])
def test_garbage(tmp_path, content, msg):
    f = tmp_path / "x.groove"
    f.write_bytes(content)
    with pytest.raises(ProjectFileError, match=msg):
        load_project(f)
