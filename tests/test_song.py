"""Song mode's engine: the arrangement in the project file, one MIDI with the tempo and meter changing at
the sections (re-imported to the same sections), one WAV through one synth, and --song on the CLI."""
import json

import numpy as np
import pytest

from conftest import run_cli
from engine.drumkit import Row
from engine.midi_io import read_song
from engine.pattern import Pattern
from engine.project import Project, ProjectFileError, load_project, project_to_dict, save_project
from engine.song import arranged, render_song, song_to_midi

ROWS = (Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42))


def _pattern(num, den, tempo, bars=1, grid=16):
    p = Pattern.empty(ROWS, bars, num, den, grid, tempo=tempo)
    h = np.zeros(p.hits.shape, np.uint8)
    h[0, ::p.steps_per_bar // num * 2 if num % 2 == 0 else p.steps_per_bar] = 110
    h[1, p.steps_per_bar // num::p.steps_per_bar] = 95
    h[2, ::2] = 70
    return p.with_hits(h)


def _song():
    verse, bridge, chorus = _pattern(4, 4, 100, 2), _pattern(3, 4, 100), _pattern(7, 8, 140, 1)
    return Project((verse, bridge, chorus), ("verse", "bridge", "chorus")).with_arrangement(
        [(0, 2), (1, 3), (2, 2), (0, 1)])


def test_the_arrangement_is_saved_and_follows_pattern_edits(tmp_path):
    song = _song()
    f = tmp_path / "s.groove"
    save_project(song, f)
    assert load_project(f).arrangement == ((0, 2), (1, 3), (2, 2), (0, 1))
    assert song.without(1).arrangement == ((0, 2), (1, 2), (0, 1))              # bridge gone, chorus moved up
    assert song.with_current(0).with_added(_pattern(4, 4, 90)).arrangement == ((0, 2), (2, 3), (3, 2), (0, 1))
    d = project_to_dict(song)
    d["version"] = 1
    d.pop("arrangement")                        # a file from before song mode loads, with no arrangement
    f.write_text(json.dumps(d))
    assert load_project(f).arrangement == ()
    d["arrangement"] = [[5, 1]]
    f.write_text(json.dumps(d))
    with pytest.raises(ProjectFileError, match="field 'arrangement'"):
        load_project(f)


def test_song_midi_reimports_to_the_same_sections(tmp_path):
    song = _song()
    f = tmp_path / "song.mid"
    song_to_midi(song).save(str(f))
    secs = read_song(f)
    got = [(s.result.pattern.meter, s.result.pattern.tempo, s.result.pattern.bars) for s in secs]
    # verse x2 (4 bars), bridge x3, chorus x2, verse: tempo and meter change at every section
    assert got == [("4/4", 100.0, 4), ("3/4", 100.0, 3), ("7/8", 140.0, 2), ("4/4", 100.0, 2)]
    for s, (name, p, n) in zip(secs, arranged(song)):
        back = s.result.pattern
        assert np.array_equal(back.with_grid(p.grid)[0].hits[[back.row_index(r.note) for r in p.rows]] > 0,
                              np.tile(p.hits > 0, (1, n)))


def test_song_wav_plays_every_section_at_its_own_tempo(tmp_path):
    song = _song()
    r = render_song(song, tail=0.5)
    seconds = sum(p.duration_seconds * n for _, p, n in arranged(song))
    assert len(r.audio) == int(round((seconds + 0.5) * r.samplerate))
    assert len(r.onsets) == sum(int((p.hits > 0).sum()) * n for _, p, n in arranged(song))
    chorus_start = (4 * 2.4 + 3 * 1.8) * r.samplerate           # 4 bars of 4/4 and 3 of 3/4 at 100 BPM
    assert np.abs(r.audio[int(chorus_start):int(chorus_start) + 2000]).max() > 0.05   # the chorus's downbeat
    out = tmp_path / "s.groove"
    save_project(song, out)
    wav, mid = tmp_path / "s.wav", tmp_path / "s.mid"
    res = run_cli("render", out, "-o", wav, "--song", "--tail", "0.2")
    assert res.returncode == 0 and wav.exists(), res.stderr
    res = run_cli("convert", out, "-o", mid, "--song")
    assert res.returncode == 0 and "a song of 4 sections, 11 bars" in res.stdout, res.stdout + res.stderr
    res = run_cli("render", tmp_path / "s.mid", "-o", wav, "--song")
    assert res.returncode == 2 and res.stderr.startswith("error:") and "--song takes a .groove" in res.stderr
