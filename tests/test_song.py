"""Song mode's engine: the arrangement in the project file, one MIDI with the tempo and meter changing at
the sections (re-imported to the same sections), one WAV through one synth, and --song on the CLI."""
import json

import numpy as np
import pytest

from conftest import run_cli
from engine.drumkit import Row
from engine.midi import read_song
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


def test_song_midi_is_played_as_the_song_wav_is():
    """The project's humanize (or a drummer's feel) reaches the song MIDI as it does the song WAV: each
    repeat its own pass (render_song's), so a DAW gets the performance; without it every note on its tick."""
    from dataclasses import replace
    from engine.performance import NO_HUMANIZE, Humanize
    song = _song()
    played = replace(song, mixer=replace(song.mixer, humanize_ms=12.0, humanize_velocity=10, humanize_seed=3))

    def notes(mid):
        t, out = 0, []
        for m in mid.tracks[1]:
            t += m.time
            if m.type == "note_on" and m.velocity:
                out.append((t, m.note, m.velocity))
        return out
    exact, moved = notes(song_to_midi(song)), notes(song_to_midi(played))
    assert notes(song_to_midi(played, humanize=NO_HUMANIZE)) == exact and len(moved) == len(exact)
    assert sum(a[0] != b[0] for a, b in zip(exact, moved)) > 0.8 * len(exact)
    verse = arranged(song)[0][1]
    one = len(notes(song_to_midi(song.with_arrangement([(0, 1)]))))
    assert [n[0] - m[0] for n, m in zip(moved[:one], exact[:one])] != \
        [n[0] - m[0] for n, m in zip(moved[one:2 * one], exact[one:2 * one])]     # repeat 2 is not a copy
    h = Humanize(12.0, 10, 3)
    twice = notes(song_to_midi(song.with_arrangement([(0, 2)]), humanize=h))
    from engine.performance import hit_times
    ticks = []
    for loop in range(2):          # the same offsets as the WAV's pass of that repeat (hit_times, render)
        _, _, t, v, _ = hit_times(verse, h, loop)
        ticks += [int(round((x * verse.tempo / 60.0 + loop * verse.n_steps / verse.steps_per_quarter) * 480)) for x in t]
    # the song's zero is the grid's: a hit played early on its very first step sounds on it; the second
    # repeat's early first hits sound before its start, in the first
    assert min(ticks) < 0 and sorted(n[0] for n in twice) == sorted(max(t, 0) for t in ticks)


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


def _claves(num, den, tempo, steps, grid=16, bars=1):
    p = Pattern.empty((Row("Claves", 75), Row("Kick", 36)), bars, num, den, grid, tempo=tempo)
    h = np.zeros(p.hits.shape, np.uint8)
    h[0, steps] = 100
    return p.with_hits(h)


def test_live_song_plays_each_section_at_its_own_tempo_in_order_and_loops(tmp_path):
    """Three patterns (4/4 at 150, 3/4 at 90 on 8th triplets, 7/8 at 200) through the live player: every
    onset of two passes of the song within 1.5 ms of the song WAV's, sections reported in order."""
    import time

    from engine.player import Player
    from test_audio import detect_onsets
    a = _claves(4, 4, 150, [0, 4, 8, 12])
    b = _claves(3, 4, 90, [0, 3, 5, 7], grid=12)
    c = _claves(7, 8, 200, [0, 4, 8, 10, 12])
    proj = Project((a, b, c), ("a", "b", "c")).with_arrangement([(0, 2), (1, 1), (2, 2)])
    song = [(p, n) for _, p, n in arranged(proj)]
    seconds = sum(p.duration_seconds * n for p, n in song)
    offline = render_song(proj, tail=0).onsets
    ideal = np.concatenate([offline, offline + int(round(seconds * 44100))])
    with Player(driver="null", capture=True) as pl:
        pl.keep_schedule_log = True
        pl.play_song(song)
        seen = []
        t_end = time.monotonic() + 2 * seconds + 0.3
        while time.monotonic() < t_end:
            w = pl.where()
            if w is not None and (not seen or seen[-1] != w[0]):
                seen.append(w[0])
            time.sleep(0.01)
        pl.stop()
        start = pl.scheduled[0][0]
        audio = pl.captured_audio()
    assert seen[:6] == [0, 1, 2, 0, 1, 2], seen
    found = detect_onsets(audio[start - 100:], 44100) + start - 100
    found = found[found < start + ideal[-1] + 2000]
    assert len(found) == len(ideal), (len(found), len(ideal))
    err_ms = (found - start - ideal) / 44.1
    assert np.abs(err_ms - np.median(err_ms)).max() <= 1.5 and 0 <= np.median(err_ms) < 3, err_ms


def test_a_song_edit_keeps_the_entry_playing_and_its_pass():
    """An edit while entry 0 (3 passes) is in its second pass: the third pass still follows, then entry 1."""
    import time

    from engine.player import Player
    a = _claves(4, 4, 240, [0, 8])
    b = _claves(4, 4, 240, [0])
    with Player(driver="null") as pl:
        pl.keep_schedule_log = True
        pl.play_song([(a, 3), (b, 1)])
        t_end = time.monotonic() + 5
        while (not pl.scheduled or pl.scheduled[-1][1] < 20) and time.monotonic() < t_end:
            time.sleep(0.005)
        pl.set_song([(a.toggle(1, 4), 3), (b.toggle(1, 2), 1)])   # both edited, a in its second pass
        time.sleep(3 * a.duration_seconds)
        pl.stop()
        gs = [g for _, g in pl.scheduled]
    restart = next(i for i in range(1, len(gs)) if gs[i] < gs[i - 1] - 8)   # entry 1 starts from step 0
    assert max(gs[:restart]) == 3 * 16 - 1 and gs[restart] == 0, gs


def test_lead_in_takes_the_bars_before_an_entry_while_meter_and_grid_match():
    from engine.song import lead_in
    verse, bridge, chorus = _song().patterns
    ride = verse.add_row(Row("Ride", 51)).with_velocity(3, 0, 90)          # a row the chorus pattern lacks
    proj = Project((ride, bridge, verse.with_settings(tempo=120)), ("v", "b", "c")).with_arrangement(
        [(0, 3), (2, 1), (1, 1), (2, 2), (0, 1), (2, 1)])
    assert lead_in(proj, 0, 8) is None                                    # nothing before the first entry
    assert lead_in(proj, 3, 8) is None                                    # the 3/4 bridge comes just before
    lead = lead_in(proj, 1, 8)                                            # v x3 (6 bars) before c
    assert lead.bars == 6 and [r.note for r in lead.rows] == [36, 38, 42, 51] and lead.tempo == 120
    assert np.array_equal(lead.hits[:3], np.tile(verse.hits, (1, 3))) and lead.hits[3, ::verse.n_steps].all()
    assert lead_in(proj, 1, 3).bars == 3                                  # the last 3 of those bars
    lead = lead_in(proj, 5, 8)                                            # v, then c x2 ... until the bridge
    assert lead.bars == 2 + 2 * 2


def test_continue_and_fill_hear_the_song_before_the_pattern(drummer):
    """A kick-only chorus after a verse with 8th hats: continued after the verse, the new bars keep hats
    (the verse's groove); the drawn bars stay as they were and the candidate covers only the pattern."""
    from engine.song import lead_in
    from models.candidates import after_lead_in
    verse = _pattern(4, 4, 100, 2)
    chorus = Pattern.empty(ROWS, 2, tempo=100).with_velocity(0, 0, 110).with_velocity(0, 8, 110) \
        .with_velocity(0, 16, 110).with_velocity(0, 24, 110)
    proj = Project((verse, chorus), ("v", "c")).with_arrangement([(0, 2), (1, 1)])
    lead = lead_in(proj, 1, 8)
    hats = lambda c: int((c.pattern.hits[2, chorus.n_steps:] > 0).sum())   # noqa: E731
    with_song = after_lead_in(lead, chorus, lambda q, _k: drummer.continue_(q, bars=2, variations=4, seed=3,
                                                                           variation=0.0))
    alone = drummer.continue_(chorus, bars=2, variations=4, seed=3, variation=0.0)
    for c in with_song:
        assert c.pattern.bars == 4 and (c.start, c.end) == (32, 64)
        assert np.array_equal(c.pattern.hits[:, :chorus.n_steps], chorus.hits)
    assert min(hats(c) for c in with_song) >= 8 > max(hats(c) for c in alone), \
        ([hats(c) for c in with_song], [hats(c) for c in alone])
    fills = after_lead_in(lead, chorus, lambda q, k: drummer.fill(q, 1 + k, seed=1))
    assert fills[0].pattern.bars == 2 and (fills[0].start, fills[0].end) == (16, 32)
    f = fills[0].pattern                                                  # (the fill may add toms: by note)
    assert np.array_equal(f.hits[[f.row_index(r.note) for r in ROWS], :16], chorus.hits[:, :16])


def test_cli_continue_and_fill_an_entry_of_the_song(tmp_path, tiny_model):
    verse = _pattern(4, 4, 100, 2)
    proj = Project((verse, _pattern(3, 4, 100), verse.with_settings(tempo=104)), ("v", "b", "c")).with_arrangement(
        [(0, 2), (2, 1), (1, 1)])
    f = tmp_path / "s.groove"
    save_project(proj, f)
    res = run_cli("continue", f, "--entry", "2", "-o", tmp_path / "c.mid", "--bars", "1", "--seed", "2",
                  "--model-dir", tiny_model)
    assert res.returncode == 0 and "pattern 'c', hearing the 4 bars of the song before it" in res.stdout, res.stderr
    assert "wrote" in res.stdout and "3 bars" in res.stdout and "(steps 32-48 by the drummer)" in res.stdout
    res = run_cli("fill", f, "--entry", "3", "--bar", "1", "-o", tmp_path / "f.mid", "--model-dir", tiny_model)
    assert res.returncode == 0 and "nothing before it in the same meter" in res.stdout, res.stderr
    for args, why in ((("--entry", "4", "--bar", "1"), "the song has entries 1-3"),
                      (("--entry", "1", "--bar", "3"), "bar 3 is outside the pattern's 2 bars")):
        res = run_cli("fill", f, *args, "-o", tmp_path / "f.mid", "--model-dir", tiny_model)
        assert res.returncode == 2 and res.stderr.count("\n") == 1 and why in res.stderr, res.stderr
    res = run_cli("fill", tmp_path / "f.mid", "--entry", "1", "--bar", "1", "-o", tmp_path / "g.mid")
    assert res.returncode == 2 and "--entry takes a .groove project" in res.stderr


def test_a_song_played_early_on_its_downbeats_reimports_to_the_same_sections(tmp_path):
    """With the feel or humanize a section's downbeat may sound just before the tempo change that starts it:
    re-imported, that note belongs to its own section (it made the section before one bar longer and left
    its own downbeat empty)."""
    from engine.performance import PlayedFeel
    a, b = _pattern(4, 4, 100, 2), _pattern(4, 4, 120, 2)
    early = []
    for p in (a, b):
        dt = np.zeros(p.hits.shape)
        dt[:, 0] = -0.015                                  # every downbeat of the pattern 15 ms early
        dt[:, 16] = -0.012
        early.append((p, dt, p.hits.astype(int)))
    song = Project((a, b), ("a", "b")).with_arrangement([(0, 1), (1, 2), (0, 1)])
    f = tmp_path / "early.mid"
    song_to_midi(song, humanize=PlayedFeel(early)).save(str(f))
    secs = read_song(f)
    assert [(s.result.pattern.tempo, s.result.pattern.bars) for s in secs] == [(100.0, 2), (120.0, 4), (100.0, 2)]
    for s, (_, p, n) in zip(secs, arranged(song)):
        back = s.result.pattern
        assert np.array_equal(back.hits[[back.row_index(r.note) for r in p.rows]] > 0, np.tile(p.hits > 0, (1, n)))
