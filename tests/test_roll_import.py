"""MIDI import reads rolls and flams back onto a step: a GrooveLoom export re-imports exactly (rolls, flams,
velocity shapes, swing), a third-party file's programmed rolls stay rolls on its coarse grid (said in the
grid reason) while a file of steady 32nds stays on 32nds, and `info` lists what was read."""
import numpy as np

from conftest import make_midi, run_cli, without_marker
from engine.drumkit import Row
from engine.midi import (import_midi, loop_period, midi_bytes, pattern_to_midi, read_midi,
                            read_song)
from engine.pattern import Pattern
from engine.rolls import COUNTS, SHAPES, Roll, describe

ROWS = (Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42), Row("Open Hat", 46))
METERS = ((4, 4), (3, 4), (6, 8), (7, 8))


def random_pattern(rng) -> Pattern | None:
    """A pattern on 16ths, 8th triplets or 32nds with random hits (velocity >= 20), rolls (any count and
    shape), flams and swing 0.5-0.7; None when the meter has no bar of the grid (7/8 in 8th triplets)."""
    grid = int(rng.choice([16, 12, 32]))
    meter = METERS[rng.integers(len(METERS))]
    try:
        p = Pattern.empty(ROWS, bars=int(rng.integers(1, 3)), numerator=meter[0], denominator=meter[1], grid=grid,
                          tempo=float(rng.uniform(60, 150)),
                          swing=float(rng.choice([0.5, rng.uniform(0.5, 0.7)])), swing_unit=int(rng.choice([8, 16])))
    except ValueError:
        return None
    hits = (rng.random(p.hits.shape) < 0.3) * rng.integers(20, 128, p.hits.shape)
    rolls = np.zeros(p.hits.shape, np.int64)
    for r, s in zip(*np.nonzero(hits)):
        if rng.random() < 0.3:
            count = int(rng.choice(COUNTS))
            shape = str(rng.choice(SHAPES)) if count > 1 else "flat"   # (a single hit has no shape to play)
            rolls[r, s] = Roll(count, shape, bool(rng.random() < 0.3)).code
    return p.with_hits(hits, rolls)


def accounted(report) -> bool:
    """Every note read is a hit, a collision, a roll's repeat or a flam's grace note."""
    return report.hits + report.collided + report.roll_notes + report.flams == report.notes_read - report.unmapped_total


def test_random_rolls_round_trip_exactly():
    """export -> import == the pattern (rows, hits, rolls, meter, grid, swing); export -> import -> export is
    the same bytes. A roll's last note that lands on the very tick and velocity a flam of the next hit would
    have cannot be told from that flam (about 1 case in 3,000 at random): the seed is fixed."""
    rng = np.random.default_rng(20261130)
    cases = rolled = flams = 0
    for _ in range(1200):
        p = random_pattern(rng)
        if p is None:
            continue
        res = import_midi(pattern_to_midi(p))
        back = res.pattern
        assert back == p, (cases, p, back, describe(p), describe(back))
        assert accounted(res.report) and res.report.collided == 0
        if cases % 10 == 0:
            assert midi_bytes(back) == midi_bytes(p)
            assert import_midi(pattern_to_midi(p), grid=p.grid).pattern == p    # the file's own grid, asked
        cases += 1
        rolled += p.roll_count
        flams += int(np.count_nonzero(p.rolls & 0x20))
    assert cases >= 1000 and rolled > 5000 and flams > 1000, (cases, rolled, flams)


def test_rolls_count_in_the_report():
    p = Pattern.empty(ROWS, bars=1).with_hits(np.zeros((4, 16), np.uint8))
    h = np.zeros((4, 16), np.uint8)
    h[2, ::2] = 90
    h[1, 4] = h[1, 12] = 110
    p = p.with_hits(h)
    p = p.with_roll(2, 6, Roll(3)).with_roll(2, 14, Roll(4, "up")).with_roll(1, 4, Roll(1, flam=True))
    p = p.with_roll(1, 12, Roll(2, "down", True))
    rep = import_midi(pattern_to_midi(p)).report
    assert dict(rep.rolls) == {"x3": 1, "x4 up": 1, "x2 down": 1} and rep.flams == 2
    assert rep.roll_notes == 2 + 3 + 1 and accounted(rep)
    assert "3 rolls (x2 down 1, x3 1, x4 up 1), 2 flams" in rep.brief()
    assert any(line.startswith("read inside steps: 3 rolls") for line in rep.lines())
    assert rep.summary()["flams"] == 2


def _trap(path, bars=4, ppq=960):
    """A third-party trap loop (960 PPQ, no marker): 16th hats with 32nd (x2) and triplet (x3) rolls written
    as separate notes, kick and snare."""
    rolls = {5: 2, 13: 3, 22: 3, 29: 2, 38: 3, 46: 2, 61: 3}      # 16th step -> notes in it
    s16 = ppq // 4
    notes = []
    for s in range(bars * 16):
        m = rolls.get(s, 1)
        notes += [(s * s16 + k * s16 // m, 42, 60 + 15 * k if m > 1 else 80, 20) for k in range(m)]
    for b in range(bars):
        at = b * 4 * ppq
        notes += [(at, 36, 115, 60), (at + int(2.5 * ppq), 36, 100, 60), (at + ppq, 38, 120, 60),
                  (at + 3 * ppq, 38, 120, 60)]
    return make_midi(path, notes, ppq=ppq, tempo=140), rolls


def test_third_party_rolls_stay_rolls_on_16ths(tmp_path):
    f, rolls = _trap(tmp_path / "trap.mid")
    res = read_midi(f)
    p, rep = res.pattern, res.report
    assert p.grid == 16 and p.bars == 4 and rep.moved == 0 and rep.collided == 0
    hat = p.row_index(42)
    assert {s: p.roll(hat, s).count for s in np.flatnonzero(p.rolls[hat])} == rolls
    # rising 60, 75 is not GrooveLoom's ramp (from 45%: 34, 75): a flat roll at the mean, nearer what was written
    assert p.roll(hat, 5) == Roll(2) and p.hits[hat, 5] == 68
    assert p.roll(hat, 13) == Roll(3) and p.hits[hat, 13] == 75
    assert dict(rep.rolls) == {"x2": 3, "x3": 4} and rep.roll_notes == 3 + 8 and accounted(rep)
    assert "every note lies on 16th steps or in 7 rolls inside them (x2 3, x3 4)" in rep.grid_reason, rep.grid_reason
    assert "--grid" in rep.grid_reason
    # asked for a finer grid, they are steps again
    fine = read_midi(f, grid=64)
    assert fine.pattern.grid == 64 and not fine.pattern.has_rolls
    # and a GrooveLoom export of the import comes back the same
    assert import_midi(pattern_to_midi(p)).pattern == p


def test_32nd_rolls_on_16ths_name_the_grid_that_holds_them(tmp_path):
    s16 = 120
    notes = [(s * s16, 42, 90, 20) for s in range(32)] + [(s * s16 + 60, 42, 90, 20) for s in (3, 11, 19, 27)]
    notes += [(0, 36, 110, 60), (960, 38, 110, 60), (1920, 36, 110, 60), (2880, 38, 110, 60)]
    rep = read_midi(make_midi(tmp_path / "h.mid", notes)).report
    assert rep.grid == 16 and dict(rep.rolls) == {"x2": 4}
    assert rep.grid_reason.endswith("(x2 4); --grid 32 keeps them as steps"), rep.grid_reason


def test_steady_32nds_stay_32nds(tmp_path):
    """Every cell would roll: a 32nd grid, not rolls (and asked for 16ths, they are rounded as before)."""
    notes = [(t, 42, 90, 20) for t in range(0, 3840, 60)] + [(0, 36, 110, 60), (1920, 36, 110, 60)]
    f = make_midi(tmp_path / "h32.mid", notes)
    res = read_midi(f)
    assert res.pattern.grid == 32 and not res.pattern.has_rolls and "coarsest" in res.report.grid_reason
    assert res.report.hits == 66
    as16 = read_midi(f, grid=16)
    assert not as16.pattern.has_rolls and as16.report.collided == 32 and as16.report.wrapped == 1


def test_a_few_32nds_read_on_16ths_become_rolls_not_collisions(tmp_path):
    notes = [(s * 120, 42, 90, 20) for s in range(32)] + [(s * 120 + 60, 42, 90, 20) for s in (7, 23)]
    f = make_midi(tmp_path / "two.mid", notes)
    res = read_midi(f, grid=16)
    assert res.report.collided == 0 and dict(res.report.rolls) == {"x2": 2}


def test_a_flam_and_one_wrapped_to_the_end(tmp_path):
    """A softer snare 20 ms before the backbeat is its flam; a softer kick in the last 45 ms of the file is the
    flam of the kick on the loop's first step (where GrooveLoom writes it)."""
    ppq, tempo = 480, 120                  # 1 ms = 0.96 ticks
    notes = [(s * 120, 42, 80, 20) for s in range(16)]
    notes += [(0, 36, 110, 60), (960, 36, 110, 60), (480, 38, 110, 60), (1440, 38, 110, 60)]
    notes += [(1440 - 19, 38, 50, 10), (1920 - 29, 36, 60, 10)]
    res = read_midi(make_midi(tmp_path / "flam.mid", notes, ppq=ppq, tempo=tempo, meter=(4, 4)))
    p, rep = res.pattern, res.report
    assert p.grid == 16 and p.bars == 1 and rep.flams == 2 and not rep.rolls and accounted(rep)
    assert p.roll(p.row_index(38), 12) == Roll(1, flam=True) and p.hits[p.row_index(38), 12] == 110
    assert p.roll(p.row_index(36), 0) == Roll(1, flam=True) and p.roll(p.row_index(38), 4) == Roll()
    assert "flam grace notes before them" in rep.grid_reason
    # a louder note before the hit is no grace: a hit of its own (moved onto the snare's step on 16ths)
    notes[-2] = (1440 - 19, 38, 127, 10)
    res = read_midi(make_midi(tmp_path / "loud.mid", notes, ppq=ppq, tempo=tempo), grid=16)
    assert res.report.flams == 1 and res.report.collided == 1 and res.pattern.roll(p.row_index(38), 12) == Roll()


def test_loops_and_sections_keep_their_rolls(tmp_path):
    one = Pattern.empty(ROWS[:3], bars=1)
    h = np.zeros((3, 16), np.uint8)
    h[2, ::2], h[0, 0], h[1, 4] = 90, 110, 100
    one = one.with_hits(h).with_roll(2, 6, Roll(3)).with_roll(1, 4, Roll(1, flam=True))
    two = one.insert_bars(one.copy_bars(0), 1)
    assert loop_period(two) == 1
    assert loop_period(two.with_roll(2, 22, Roll(2))) == 2          # the rolls differ: no loop of one bar
    f = tmp_path / "loop.mid"
    without_marker(pattern_to_midi(two)).save(str(f))
    sec = read_song(f)
    assert len(sec) == 1 and sec[0].result.report.loop_trimmed == (2, 1)
    assert sec[0].result.pattern == one
    assert dict(sec[0].result.report.rolls) == {"x3": 1} and sec[0].result.report.flams == 1
    f = tmp_path / "loop2.mid"
    without_marker(pattern_to_midi(two.with_roll(2, 22, Roll(2)))).save(str(f))
    assert read_song(f)[0].result.report.loop_trimmed is None
    four = two.insert_bars(two.copy_bars(0, 2), 2).with_roll(2, 40, Roll(4, "down"))
    f = tmp_path / "four.mid"
    pattern_to_midi(four).save(str(f))
    parts = read_song(f, max_section_bars=2)
    assert [s.result.pattern for s in parts] == [two, four.slice_steps(32, 64)]


def test_info_lists_rolls_and_convert_keeps_them(tmp_path):
    f, _ = _trap(tmp_path / "trap.mid")
    out = run_cli("info", f)
    assert out.returncode == 0, out.stderr
    assert "rolls and flams: 7" in out.stdout and "Closed Hat  bar   1 step   6  x2" in out.stdout, out.stdout
    assert "bar   4 step  14  x3" in out.stdout
    assert "7 rolls inside them (x2 3, x3 4)" in out.stdout
    o = tmp_path / "out.mid"
    out = run_cli("convert", f, "-o", o)
    assert out.returncode == 0 and "7 rolls and flams" in out.stdout, out.stderr
    assert read_midi(o).pattern == read_midi(f).pattern
    bad = tmp_path / "bad.mid"
    bad.write_bytes(b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0MTrk\x00\x00\x00\x09\x00\x99\x2a")
    out = run_cli("info", bad)
    assert out.returncode == 2 and out.stderr.count("error:") == 1 and "Traceback" not in out.stderr


def test_performances_read_no_rolls(gmd, gmd_rows):
    for row in gmd_rows[:40]:
        res = read_midi(gmd / row["midi_filename"])
        assert res.pattern.grid == 16 and not res.pattern.has_rolls and not res.report.flams


def test_a_busy_trap_file_keeps_its_rolls_on_16ths(tmp_path):
    """5 of 16 hat steps a bar rolled (x2 and x3: no grid holds them all as steps): 16ths with the rolls,
    nothing moved or dropped, however many (a newcomer's file came in as 'played by hand', 13 notes
    collided and a stray third bar)."""
    s16, notes = 240, []
    for b in range(2):
        for s, m in ((b * 16 + s, {3: 2, 7: 3, 11: 2, 14: 2, 15: 3}.get(s, 1)) for s in range(16)):
            notes += [(s * s16 + k * s16 // m, 42, (84, 91, 88)[k] if m > 1 else 90, 20) for k in range(m)]
        notes += [(b * 16 * s16, 36, 110, 60), (b * 16 * s16 + 8 * s16, 38, 115, 60)]
    res = read_midi(make_midi(tmp_path / "busy.mid", notes, ppq=960, tempo=140))
    p, rep = res.pattern, res.report
    assert p.grid == 16 and p.bars == 2 and rep.moved == 0 and rep.collided == 0, rep.lines()
    assert dict(rep.rolls) == {"x2": 6, "x3": 4} and accounted(rep)
