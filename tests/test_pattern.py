import numpy as np
import pytest

from engine.drumkit import (DEFAULT_ROWS, N_VOICES, VOICE_PITCHES, VOICE_PLAYBACK_PITCH, Row,
                            row_for_note, voice_of_pitch)
from engine.pattern import Clip, Pattern, steps_per_bar_for


def test_meters_and_grids():
    assert steps_per_bar_for(4, 4, 16) == 16
    assert steps_per_bar_for(3, 4, 32) == 24
    assert steps_per_bar_for(6, 8, 12) == 9
    assert steps_per_bar_for(7, 8, 16) == 14
    assert steps_per_bar_for(5, 4, 24) == 30
    with pytest.raises(ValueError, match="7/8 bar does not divide"):
        steps_per_bar_for(7, 8, 12)
    with pytest.raises(ValueError, match="denominator"):
        steps_per_bar_for(4, 3, 16)
    with pytest.raises(ValueError, match="grid"):
        steps_per_bar_for(4, 4, 10)


def test_immutable_and_edits_return_new_patterns():
    p = Pattern.empty(bars=2)
    q = p.toggle(0, 0)
    assert p.total_hits == 0 and q.velocity(0, 0) == 100
    with pytest.raises(ValueError):
        q.hits[0, 0] = 5
    assert q.toggle(0, 0) == p
    r = q.with_velocity(1, 4, 33)
    assert r.velocity(1, 4) == 33 and r.hit_counts() == {"Kick": 1, "Snare": 1, "Closed Hat": 1 - 1}
    with pytest.raises(IndexError):
        p.toggle(0, 32)
    with pytest.raises(ValueError):
        p.with_velocity(0, 0, 128)


def test_bar_operations():
    p = Pattern.empty(bars=2).toggle(0, 0).toggle(2, 2).toggle(1, 20)
    clip = p.copy_bars(0)
    assert clip.shape == (3, 16)
    q = p.paste_bars(clip, 1)
    assert q.velocity(0, 16) == 100 and q.velocity(2, 18) == 100 and q.velocity(1, 20) == 0
    d = p.duplicate_bars(0)
    assert d.bars == 3 and d.velocity(0, 16) == 100 and d.velocity(1, 36) == 100
    assert d.delete_bars(1) == p
    c = p.clear_range(0, 16, rows=[0])
    assert c.velocity(0, 0) == 0 and c.velocity(2, 2) == 100
    s = p.shift(1, 0, 16)
    assert s.velocity(0, 1) == 100 and s.velocity(2, 3) == 100 and s.velocity(1, 20) == 100
    assert p.resized(4).bars == 4 and p.resized(1).total_hits == 2
    with pytest.raises(ValueError):
        p.delete_bars(0, 2)


def test_change_resolution_keeps_what_fits_and_reports_the_rest():
    p = Pattern.empty(grid=32).toggle(0, 0).toggle(0, 4).toggle(1, 3, 77)
    q, lost = p.with_grid(16)
    assert q.velocity(0, 0) == 100 and q.velocity(0, 2) == 100 and q.total_hits == 2
    assert lost == [(1, 3, 77)]
    back, lost2 = q.with_grid(32)
    assert lost2 == [] and back.total_hits == 2 and back.velocity(0, 4) == 100
    t, lost3 = q.with_grid(12)  # 16th -> 8th triplets: only beats fit
    assert t.velocity(0, 0) == 100 and len(lost3) == 1


def test_meter_change_rebars_steps():
    p = Pattern.empty(bars=3).toggle(0, 40)
    q = p.with_meter(3, 4)
    assert q.steps_per_bar == 12 and q.bars == 4 and q.velocity(0, 40) == 100


def test_rows_add_remove_move():
    p = Pattern.empty().toggle(2, 5)
    q = p.add_row(Row("Open Hat", 46), 1)
    assert [r.note for r in q.rows] == [36, 46, 38, 42] and q.velocity(3, 5) == 100
    with pytest.raises(ValueError):
        q.add_row(Row("Kick again", 36))
    m = q.move_row(3, 0)
    assert m.rows[0].note == 42 and m.velocity(0, 5) == 100
    assert q.remove_row(1) == p


def test_validation():
    with pytest.raises(ValueError, match="tempo"):
        Pattern.empty(tempo=1000)
    with pytest.raises(ValueError, match="swing"):
        Pattern.empty(swing=0.9)
    with pytest.raises(ValueError, match="multiple of the bar"):
        Pattern(DEFAULT_ROWS, np.zeros((3, 15)))
    with pytest.raises(ValueError, match="0-127"):
        Pattern(DEFAULT_ROWS, np.full((3, 16), 200))


def test_voice_table_follows_note_seq():
    assert N_VOICES == 9
    assert VOICE_PLAYBACK_PITCH == (36, 38, 42, 46, 45, 48, 50, 49, 51)
    assert voice_of_pitch(22) == 2 and voice_of_pitch(26) == 3 and voice_of_pitch(44) == 2
    assert voice_of_pitch(0) is None
    flat = [p for ps in VOICE_PITCHES for p in ps]
    assert len(flat) == len(set(flat)), "a pitch folds into two voices"
    assert row_for_note(39).name == "Clap" and row_for_note(81).name == "Triangle"


def test_parse_meter_tile_and_paste_aligned():
    from engine.pattern import parse_meter, tile_to
    assert parse_meter(" 7/8 ") == (7, 8)
    for bad in ("7", "a/b", "4/4/4", ""):
        with pytest.raises(ValueError, match="n/d"):
            parse_meter(bad)
    assert tile_to(np.array([[1, 0, 2]]), 7).tolist() == [[1, 0, 2, 1, 0, 2, 1]]
    src = Pattern.empty(bars=1).toggle(0, 0, 99).toggle(2, 4, 70)        # kick, snare, hat
    dst = Pattern.empty((Row("Hat", 42), Row("Kick", 36), Row("Clap", 39)), bars=2)
    out = dst.paste_aligned(src.rows, src.copy_bars(0), 1)
    assert out.velocity(1, 16) == 99 and out.velocity(0, 20) == 70 and out.total_hits == 2
    p32 = Pattern.empty(bars=1, grid=32)
    assert p32.from_16ths(4) == 8 and p32.to_16ths(8) == 4 and Pattern.empty(grid=12).from_16ths(4) == 4


def test_played_timing_goes_with_its_hit_through_every_edit():
    """Pattern.nudge (a hit's played timing, steps off its grid line) lives on its hit: edits that move hits
    carry it, a grid change keeps its time, clearing a hit drops it, Quantize puts everything on the grid."""
    rows = DEFAULT_ROWS[:3]
    hits = np.zeros((3, 32), np.uint8)
    nudge = np.zeros((3, 32))
    hits[0, 0], nudge[0, 0] = 100, -0.1           # kick pushed
    hits[1, 4], nudge[1, 4] = 90, 0.2             # snare laid back
    hits[2, 22], nudge[2, 22] = 60, 0.7           # beyond half a step: clipped
    nudge[2, 5] = 0.3                              # no hit there: dropped
    p = Pattern(rows, hits, nudge=nudge)
    assert p.has_feel and p.nudge[2, 22] == 0.5 and p.nudge[2, 5] == 0 and p.nudge.dtype == np.float32
    assert "played feel" in repr(p)
    assert p.with_velocity(1, 4, 50).nudge[1, 4] == np.float32(0.2)          # a velocity edit keeps it
    assert p.with_velocity(1, 4, 0).with_velocity(1, 4, 90).nudge[1, 4] == 0  # cleared and drawn again: gone
    assert p.slice_steps(16, 32).nudge[2, 6] == 0.5
    assert p.shift(1).nudge[1, 5] == np.float32(0.2)
    assert p.resized(1).nudge.shape == (3, 16) and p.resized(3).nudge[0, 0] == np.float32(-0.1)
    assert p.paste_bars(p.copy_bars(0), 1).nudge[1, 20] == np.float32(0.2)
    assert p.insert_bars(p.copy_bars(0), 0).nudge[1, 20] == np.float32(0.2)
    assert p.delete_bars(0).nudge[2, 6] == 0.5
    assert p.duplicate_bars(0).nudge[0, 16] == np.float32(-0.1)
    fine, lost = p.with_grid(32)
    assert not lost and fine.nudge[1, 8] == np.float32(0.4)                 # the same time in 32nds
    assert p.with_meter(3, 4).nudge[1, 4] == np.float32(0.2)
    assert p.with_meter_per_bar(3, 4)[0].nudge[2, 12 + 6] == 0.5
    moved = p.add_row(Row("Clap", 39), 0).move_row(0, 2).remove_row(2)
    assert np.array_equal(moved.nudge, p.nudge)
    other = (Row("Snare", 38), Row("Kick", 36))
    theirs = Clip(*(x[[1, 0], :16] for x in (p.hits, p.rolls, p.nudge)))     # (snare first, as `other`)
    assert p.paste_aligned(other, theirs, 1).nudge[1, 20] == np.float32(0.2)
    assert p != p.quantized() and not p.quantized().has_feel and np.array_equal(p.quantized().hits, p.hits)
    with pytest.raises(ValueError, match="nudges must be finite"):
        Pattern(rows, hits, nudge=np.full((3, 32), np.nan))


def test_played_timing_moves_the_note_through_the_swing():
    """A hit 0.2 step late on a swung off-beat sounds 0.2 step late in straight time, then swung: as the
    recorder measured it (its swing taken out), so playback, WAV and MIDI give back what was played."""
    from engine.performance import hit_times
    from engine.timing import step_quarters
    hits = np.zeros((1, 16), np.uint8)
    hits[0, 3] = 80
    nudge = np.zeros((1, 16))
    nudge[0, 3] = 0.2
    p = Pattern((Row("Hat", 42),), hits, swing=0.62, nudge=nudge)
    _r, _s, seconds, _v, _l = hit_times(p)
    want = step_quarters(p, [3.2])[0] * 60 / p.tempo
    assert abs(seconds[0] - want) < 1e-9 and abs(seconds[0] - step_quarters(p, [3])[0] * 0.5) > 0.01
