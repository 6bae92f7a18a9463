"""Import finds the grid a file was programmed on: the coarsest grid all its notes lie on (8th and 16th
triplets, 32nds, 32nd triplets, 64ths), 16ths for a played performance; --grid overrides it."""
import numpy as np
from hypothesis import given, settings, strategies as st

from conftest import make_midi, run_cli, without_marker
from engine.drumkit import Row
from engine.midi import detect_grid, pattern_to_midi, read_midi
from engine.pattern import GRIDS, Pattern, steps_per_bar_for

ROWS = (Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42))


def _without_marker(pattern: Pattern, path) -> None:
    """Export as a DAW would: no GrooveLoom event in the file."""
    without_marker(pattern_to_midi(pattern)).save(str(path))


@settings(max_examples=40, deadline=None)
@given(grid=st.sampled_from(sorted(GRIDS)), meter=st.sampled_from([(4, 4), (3, 4), (6, 8), (7, 8), (5, 4)]),
       data=st.data())
def test_any_grid_comes_back_identical_without_the_marker(tmp_path_factory, grid, meter, data):
    try:
        spb = steps_per_bar_for(*meter, grid)
    except ValueError:
        return
    n = spb * 2
    steps = data.draw(st.lists(st.integers(0, n - 1), min_size=1, max_size=24, unique=True))
    hits = np.zeros((3, n), np.uint8)
    for i, s in enumerate(steps):
        hits[i % 3, s] = 1 + (37 * i) % 127
    p = Pattern(ROWS, hits, *meter, grid, tempo=120)
    f = tmp_path_factory.mktemp("g") / "p.mid"
    _without_marker(p, f)
    res = read_midi(f)
    back, lost = res.pattern.with_grid(grid)
    assert not lost and back.n_steps == p.n_steps
    used = [i for i in range(3) if hits[i].any()]
    assert np.array_equal(back.hits[[back.row_index(ROWS[i].note) for i in used]], hits[used])
    # the grid found is the coarsest that holds the hits: on it, nothing is lost going back
    assert GRIDS[res.report.grid] and "coarsest" in res.report.grid_reason
    assert not p.with_grid(res.pattern.grid)[1]


def test_claves_on_32nds_trap_rolls_and_8th_triplets_at_360_ppq(tmp_path):
    f = tmp_path / "claves.mid"        # 2 bars of claves on 32nd positions: nothing moves now
    make_midi(f, [(t, 75, 100, 30) for t in (0, 180, 420, 720, 900, 1020, 1500, 1920, 2100, 2340, 2760)])
    r = read_midi(f)
    assert r.pattern.grid == 32 and r.report.moved == 0 and r.report.hits == 11
    f = tmp_path / "roll.mid"          # a hat roll in 16th triplets (80 ticks) beside 16th kicks
    make_midi(f, [(t, 42, 90, 20) for t in range(0, 960, 80)] + [(0, 36, 110, 60), (1440, 36, 110, 60)])
    r = read_midi(f)
    assert r.pattern.grid == 24 and r.report.moved == 0 and r.report.collided == 0
    f = tmp_path / "shuffle.mid"       # 32 steps of 120 ticks at 360 PPQ: 8th triplets, 4 bars of 4/4
    make_midi(f, [(i * 120, 42 if i % 3 else 36, 100, 60) for i in range(48)], ppq=360)
    r = read_midi(f)
    assert r.pattern.grid == 12 and r.pattern.bars == 4 and r.report.moved == 0 and r.report.hits == 48


def test_played_performances_stay_on_16ths_and_grid_overrides(gmd_rows, gmd, tmp_path):
    path = gmd / gmd_rows[0]["midi_filename"]
    r = read_midi(path)
    assert r.pattern.grid == 16 and "played by hand" in r.report.grid_reason
    assert read_midi(path, grid=32).pattern.grid == 32
    f = tmp_path / "claves.mid"
    make_midi(f, [(t, 75, 100, 30) for t in (0, 180, 420)])
    assert read_midi(f, grid=16).report.moved == 2
    out = run_cli("info", f)
    assert out.returncode == 0 and "grid: 32" in out.stdout, out.stdout
    wav = tmp_path / "c.wav"
    out = run_cli("render", f, "-o", wav, "--grid", "16", "--tail", "0.2")
    assert out.returncode == 0 and wav.exists(), out.stderr


def test_quarter_notes_are_16ths_not_triplets():
    assert detect_grid([0, 480, 960, 1440, 240], 480, 4, 4)[0] == 16
    assert detect_grid([0, 160, 320, 480], 480, 4, 4)[0] == 12
    assert detect_grid([0, 120, 160], 480, 4, 4)[0] == 48        # 16ths with 8th triplets


def test_mixed_grids_take_the_grid_most_notes_lie_on():
    ppq = 480
    ticks = [i * 80 for i in range(24)] + [60]          # 16th triplets and one 32nd
    g, kind, why = detect_grid(ticks, ppq, 4, 4)
    assert g == 24 and kind == "best" and "96%" in why
    g, kind, why = detect_grid([0, 117, 250, 371], ppq, 4, 4)  # played by hand
    assert g == 16 and kind == "by_hand" and "played by hand" in why


def test_a_last_note_rounded_past_the_end_goes_to_the_loops_first_step(tmp_path):
    """32nds read on 16ths: the last 32nd rounds onto the downbeat after the file's 2 bars; it is the loop's
    first step, not a third, nearly empty bar."""
    f = make_midi(tmp_path / "roll32.mid", [(t, 42, 90, 30) for t in range(0, 3840, 60)])
    r = read_midi(f, grid=16)
    assert r.pattern.bars == 2 and r.report.wrapped == 1 and "onto the first step" in r.report.brief()
