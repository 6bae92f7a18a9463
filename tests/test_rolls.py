"""Rolls and flams: stored on the pattern, carried by edits, saved, played, rendered and exported at each
repeat's exact time; the drummer keeps a seed's roll habits."""
import json

import numpy as np
import pytest

from engine.drumkit import Row, VOICE_ROWS
from engine.errors import ProjectFileError
from engine.pattern import Pattern
from engine.performance import hit_times
from engine.project import Project, project_from_dict, project_to_dict
from engine.render import render
from engine.rolls import FLAM_S, Roll, describe, expand
from engine.timing import step_seconds
from test_audio import detect_onsets


def rolled(tempo=120.0, swing=0.5) -> Pattern:
    p = Pattern.empty(bars=1, tempo=tempo, swing=swing)          # kick, snare, closed hat, ...
    p = p.toggle(0, 0).toggle(1, 4, 110).toggle(2, 3, 90).toggle(2, 6, 80)
    return p.with_roll(2, 3, Roll(4, "up")).with_roll(1, 4, Roll(1, flam=True)).with_roll(2, 6, Roll(3))


def test_roll_codes_and_expansion():
    for count in (1, 2, 3, 4, 6, 8):
        for shape in ("flat", "up", "down"):
            for flam in (False, True):
                r = Roll(count, shape, flam)
                assert Roll.from_code(r.code) == r
    assert Roll().code == 0 and Roll(3, "up").label() == "x3 up" and Roll(1, flam=True).label() == "flam"
    with pytest.raises(ValueError, match="hits per step"):
        Roll(5)
    with pytest.raises(ValueError, match="not a roll"):
        Roll.from_code(7)
    idx, frac, vel, grace = expand([Roll(4, "up").code, 0, Roll(2, flam=True).code], [100, 90, 80])
    assert idx.tolist() == [0, 0, 0, 0, 1, 2, 2, 2]
    assert frac.tolist() == [0, .25, .5, .75, 0, 0, .5, 0]
    assert vel[:4].tolist() == sorted(vel[:4].tolist()) and vel[3] == 100 and vel[0] < 50   # a crescendo into 100
    assert vel[4] == 90 and vel[5] == vel[6] == 80 and grace.tolist() == [False] * 7 + [True] and vel[7] < 80


def test_edits_carry_rolls_and_a_cleared_hit_loses_its_roll():
    p = rolled().resized(2)
    code = Roll(4, "up").code
    assert p.rolls[2, 3] == code and p.roll_count == 3 and "3 rolls" in repr(p)
    assert p.shift(2).rolls[2, 5] == code
    assert p.paste_bars(p.copy_bars(0), 1).rolls[2, 19] == code
    assert p.duplicate_bars(0).rolls[2, 19] == code and p.insert_bars(p.copy_bars(0), 0).rolls[2, 19] == code
    assert p.delete_bars(0).roll_count == 0 and p.resized(1).roll_count == 3
    assert p.move_row(2, 0).rolls[0, 3] == code and p.remove_row(0).rolls[1, 3] == code
    assert p.with_meter(3, 4).rolls[2, 3] == code
    fine, lost = p.with_grid(64)                      # a grid change carries the roll's notes: x4 up on a 16th,
    assert (np.diff(fine.hits[2, 12:16].astype(int)) > 0).all()     # four 64ths getting louder; the x3 has no
    assert lost == [(2, 6, 80)]                                     # 64ths to fall on: said
    assert (2, 3, int(p.hits[2, 3])) in p.with_grid(32)[1]      # (on 32nds it would be a ramp cut in two)
    assert p.toggle(2, 3).rolls[2, 3] == 0 and p.toggle(2, 3).toggle(2, 3).rolls[2, 3] == 0
    assert p.with_velocity(2, 3, 50).rolls[2, 3] == code
    assert p != p.with_roll(2, 3, Roll(2)) and p == p.with_roll(2, 3, Roll(4, "up"))
    with pytest.raises(ValueError, match="no hit"):
        p.with_roll(0, 1, Roll(2))
    other = Pattern.empty(rows=(VOICE_ROWS[2], VOICE_ROWS[0]), bars=1)
    assert other.paste_aligned(p.rows, p.copy_bars(0), 0).rolls[0, 3] == code
    assert describe(p)[0] == ("Snare", 1, 5, "flam")


def test_project_file_keeps_rolls_and_older_files_load():
    proj = Project(patterns=[rolled()], names=["Trap"])
    d = json.loads(json.dumps(project_to_dict(proj)))
    assert d["version"] == 4                  # (3 brought rolls, 4 played timing: test_midi_in, test_pattern)
    hat = next(r for r in d["patterns"][0]["rows"] if r["note"] == 42)
    assert hat["hits"][0] == [3, 90, {"repeats": 4, "shape": "up"}]
    assert project_from_dict(d).patterns[0] == proj.patterns[0]
    old = json.loads(json.dumps(d))
    old["version"] = 2
    for r in old["patterns"][0]["rows"]:
        r["hits"] = [h[:2] for h in r["hits"]]
    assert project_from_dict(old).patterns[0].roll_count == 0
    hat["hits"][0][2] = {"repeats": 5}
    with pytest.raises(ProjectFileError, match=r"hits\[0\]\[2\].*2, 3, 4, 6, 8"):
        project_from_dict(d, "x.groove")
    hat["hits"][0][2] = {"repeats": 4, "wobble": 1}
    with pytest.raises(ProjectFileError, match=r"hits\[0\]\[2\]"):
        project_from_dict(d, "x.groove")
    hat["hits"][0][2] = {"nudge": -0.8}
    with pytest.raises(ProjectFileError, match=r"hits\[0\]\[2\].*nudge must be a number of steps from -0.5"):
        project_from_dict(d, "x.groove")
    hat["hits"][0][2] = {"nudge": -0.25}
    assert project_from_dict(d).patterns[0].nudge[project_from_dict(d).patterns[0].row_index(42), 3] == -0.25


@pytest.mark.parametrize("swing", [0.5, 0.62])
def test_every_repeat_is_placed_at_its_fraction_of_the_swung_step(swing):
    p = rolled(swing=swing)
    rows, steps, t, vel, share = hit_times(p)
    hat = rows == 2
    want = np.concatenate([step_seconds(p, 3 + np.arange(4) / 4), step_seconds(p, 6 + np.arange(3) / 3)])
    assert np.allclose(np.sort(t[hat]), want)
    snare = t[rows == 1]
    assert np.allclose(np.sort(snare), [step_seconds(p, [4])[0] - FLAM_S, step_seconds(p, [4])[0]])
    assert set(np.round(share[hat], 4)) == {0.25, 0.3333}


def test_midi_export_writes_every_repeat():
    from engine.midi import EXPORT_PPQ, pattern_to_midi
    p = rolled()
    ticks, t = [], 0
    for m in pattern_to_midi(p).tracks[1]:
        t += m.time
        if m.type == "note_on" and m.note == 42:
            ticks.append(t)
    step = EXPORT_PPQ // 4
    assert ticks == [3 * step, 3 * step + 30, 3 * step + 60, 3 * step + 90, 6 * step, 6 * step + 40, 6 * step + 80]


def claves(cells, velocity: int = 110, swing: float = 0.5) -> Pattern:
    """One bar of claves (they decay in ~60 ms) at 60 BPM with these (step, Roll) cells: onsets that an
    envelope tells apart."""
    p = Pattern((Row("Claves", 75),), np.zeros((1, 16)), tempo=60.0, swing=swing)
    for s, r in cells:
        p = p.toggle(0, s, velocity).with_roll(0, s, r)
    return p


def live_onsets(p: Pattern, seconds: float, **detect) -> np.ndarray:
    """Onsets (samples) of the audio the live player renders playing p for `seconds` (null clock)."""
    import time

    from engine.player import Player
    with Player(driver="null", capture=True) as pl:
        assert pl.status == "ok"
        pl.play(p)
        time.sleep(seconds)
        pl.stop()
        audio = pl.captured_audio()
    return detect_onsets(audio, 44100, **detect)


def test_wav_onsets_of_every_repeat_within_1_5_ms():
    """Claves rolled x2 and x3 at 60 BPM, swung: repeats 83-125 ms apart, each heard."""
    p = claves(((0, Roll(2)), (3, Roll(3, "down")), (6, Roll(2)), (9, Roll(1)), (13, Roll(3))), swing=0.6)
    out = render(p, loops=1, tail=0.5)
    found = detect_onsets(out.audio, out.samplerate)
    _, _, t, _, _ = hit_times(p)
    ideal = np.sort(t) * out.samplerate
    assert len(found) == len(ideal) == 11, (found, ideal)
    err = found - ideal
    err_ms = (err - np.median(err)) / out.samplerate * 1000
    assert np.abs(err_ms).max() <= 1.5, err_ms


def test_live_playback_plays_the_repeats():
    found = live_onsets(claves(((0, Roll(3)),)), 1.5)
    gaps = np.diff(found[:3]) / 44100 * 1000
    assert len(found) >= 3 and np.all(np.abs(gaps - 250 / 3) <= 1.5), gaps


def test_continue_keeps_the_seeds_roll_habits(drummer):
    rows = (VOICE_ROWS[0], VOICE_ROWS[1], VOICE_ROWS[2])
    p = Pattern.empty(rows, bars=2, tempo=140)
    h = np.zeros((3, 32), np.uint8)
    h[0, [0, 10, 16, 26]] = h[1, [8, 24]] = 100
    h[2, :] = 90
    r = np.zeros_like(h)
    for s in (3, 15, 19, 31):
        r[2, s] = Roll(3).code
    seed = p.with_hits(h, r)
    plain = p.with_hits(h)
    for c in drummer.continue_(seed, bars=4, variations=3, seed=1, style="trap"):
        new = c.pattern.rolls[:, 32:]
        assert c.pattern.rolls[2, 3] == Roll(3).code               # the seed's own rolls stay
        assert np.count_nonzero(new) >= 4 and set(np.unique(new[new > 0])) == {Roll(3).code}
        assert new[0].sum() == new[1].sum() == 0                     # the seed rolls only hats
    for c in drummer.continue_(plain, bars=4, variations=3, seed=1, style="trap"):
        assert c.pattern.roll_count == 0                             # no rolls in the seed: none written


def test_generate_trap_rolls_and_fill_rolls_only_inside_the_fill(drummer):
    cands = drummer.generate("trap", bars=4, variations=2, seed=3, tempo=140)
    assert all(c.pattern.roll_count > 0 for c in cands)
    assert all(Roll.from_code(c).count > 1 for c in cands[0].pattern.rolls[cands[0].pattern.rolls > 0])
    beat = Pattern.empty(bars=2).toggle(2, 2).with_roll(2, 2, Roll(2))
    h = np.array(beat.hits)
    h[:3, ::4] = 100                                   # kick, snare, hat on every beat
    beat = beat.with_hits(h)
    for c in drummer.fill(beat, 1, variations=4, seed=2, style="hiphop"):
        assert c.pattern.rolls[2, 2] == Roll(2).code                 # bar 1 untouched
        assert np.count_nonzero(c.pattern.rolls[:, :16]) == 1            # (rows may have been added)


def test_one_hit_has_no_ramp():
    assert Roll(1, "down") == Roll() and Roll(1, "up", flam=True) == Roll(flam=True)
    with pytest.raises(ValueError, match="not a roll"):
        Roll.from_code(2 << 3)                                      # a 'down' code on one hit
    with pytest.raises(ValueError, match="not rolls"):
        Pattern.empty(bars=1).toggle(0, 0).with_hits(Pattern.empty(bars=1).toggle(0, 0).hits,
                                                      np.full((3, 16), 2 << 3, np.uint8))


def test_a_flam_on_the_first_step_keeps_the_files_zero_on_the_grid_and_its_grace_ends_before_its_hit():
    """A WAV's and a MIDI file's zero is the grid's (a DAW's bar line): the first step's hit sounds at 0,
    its flam's grace 25 ms before every later pass (at the loop's end in the MIDI), not before the file."""
    from engine.midi import pattern_to_midi
    p = claves(((0, Roll(flam=True)),), velocity=120)
    out = render(p, loops=2, tail=0.5)
    found = detect_onsets(out.audio, out.samplerate, quiet_ms=5)
    loop = p.duration_seconds * out.samplerate
    assert len(found) == 3 and found[0] / out.samplerate < 0.004, found      # hit; grace + hit of pass 2
    assert abs(found[2] - found[0] - loop) / out.samplerate < 0.0015
    assert abs((found[2] - found[1]) / out.samplerate - FLAM_S) < 0.0015
    on, off, t = {}, [], 0
    for m in pattern_to_midi(p).tracks[1]:
        t += m.time
        if m.type == "note_on":
            on.setdefault("hit" if m.velocity == 120 else "grace", t)
        elif m.type == "note_off":
            off.append(t)
    assert on["hit"] == 0 and on["grace"] == 1920 - 12                # the grace of the loop's 1: at its end
    assert sorted(off) == [120, 1920 - 12 + 10]                       # ... and ends 20 ms later, before the 1


def test_at_variation_0_the_drawn_rolls_come_back_as_drawn(drummer):
    from models.beatsuite import ROLL_SUITE, load_suite
    from models.rollbench import as_drawn
    beat = load_suite(ROLL_SUITE)[0].pattern                      # trap 1: x2, x3, x4, x2, x6 on the hats

    def drawn_back(variation):
        got = [as_drawn(beat, c.pattern, c.start) for c in
               drummer.continue_(beat, bars=4, variations=4, seed=5, style="trap", variation=variation)]
        return sum(a for a, _ in got), sum(b for _, b in got)
    same, n = drawn_back(0.0)
    assert n >= 4 and same == n
    same, n = drawn_back(1.0)
    assert same < n                                               # free: the habits, not a copy


def test_play_from_a_flammed_first_step_sounds_its_whole_grace():
    found = live_onsets(claves(((0, Roll(flam=True)),), velocity=120), 0.6, quiet_ms=5)
    assert len(found) >= 2 and abs((found[1] - found[0]) / 44100 - FLAM_S) <= 0.0015, found


@pytest.mark.parametrize("old, new", [(16, 32), (16, 64), (12, 24), (16, 24), (16, 48), (32, 16), (24, 12)])
def test_a_grid_change_plays_every_roll_as_before_or_says_it_cannot(old, new):
    """Grid 16 -> 32: an x2 roll becomes two 32nd hits, not an x2 in a 32nd (twice as fast, as it was); x4 two
    x2 rolls; a ramp across steps, or x3 on 32nds, cannot be cells of the new grid: reported as lost."""
    from engine.pattern import steps_per_bar_for
    codes = [Roll(c, s, f).code for c in (1, 2, 3, 4, 6, 8) for s in ("flat", "up", "down") for f in (False, True)
             if not (c == 1 and s != "flat")]
    n = steps_per_bar_for(4, 4, old) * 2
    for code in codes:
        hits, rolls = np.zeros((1, n), np.uint8), np.zeros((1, n), np.uint8)
        hits[0, ::max(1, old // 4)], rolls[0, ::max(1, old // 4)] = 90, code      # (on every beat)
        p = Pattern((Row("Hat", 42),), hits, 4, 4, old, tempo=100, rolls=rolls)
        q, lost = p.with_grid(new)
        _, _, t, v, _ = hit_times(p)
        _, _, t2, v2, _ = hit_times(q)
        if lost:
            assert len(lost) == 8 and not q.hits.any(), (Roll.from_code(code), old, new)
        else:
            order, order2 = np.lexsort((v, t)), np.lexsort((v2, t2))
            assert np.allclose(t[order], t2[order2]) and np.array_equal(v[order], v2[order2]), Roll.from_code(code)
    x2 = Pattern((Row("Hat", 42),), np.full((1, 32), 90, np.uint8) * (np.arange(32) % 4 == 0), 4, 4, 16,
                 rolls=np.full((1, 32), Roll(2).code, np.uint8) * (np.arange(32) % 4 == 0))
    q, lost = x2.with_grid(32)
    assert not lost and (q.hits[0, :4] > 0).tolist() == [True, True, False, False] and not q.rolls.any()
