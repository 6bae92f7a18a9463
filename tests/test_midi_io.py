"""MIDI import rules and the export -> import round trip."""
import mido
import numpy as np
import pytest
from hypothesis import given, settings, strategies as st

from conftest import make_midi
from engine.drumkit import ROW_CATALOG, Row
from engine.errors import MidiFileError, NoDrumNotesError
from engine.midi import EXPORT_PPQ, import_midi, midi_bytes, parse_midi_bytes, read_midi, write_midi
from engine.pattern import GRIDS, Pattern, steps_per_bar_for

METERS = [(4, 4), (3, 4), (6, 8), (7, 8), (5, 4), (2, 4), (12, 8), (5, 8), (9, 8), (2, 2)]


@st.composite
def patterns(draw):
    num, den = draw(st.sampled_from(METERS))
    grid = draw(st.sampled_from([g for g in GRIDS if (num * g) % den == 0]))
    spb = steps_per_bar_for(num, den, grid)
    bars = draw(st.integers(1, 3))
    n_rows = draw(st.integers(1, 6))
    rows = tuple(draw(st.permutations(ROW_CATALOG))[:n_rows])
    rows = tuple(Row(r.name, r.note, draw(st.sampled_from([None, None, 0.5, 2.0]))) for r in rows)
    density = draw(st.floats(0, 1))
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    hits = np.where(rng.random((n_rows, spb * bars)) < density, rng.integers(1, 128, (n_rows, spb * bars)), 0)
    swing = draw(st.sampled_from([0.5, 0.5, 0.54, 0.6, 2 / 3, 0.75]))
    return Pattern(rows, hits, num, den, grid, tempo=draw(st.floats(20, 400)).__round__(2), swing=swing,
                   swing_unit=draw(st.sampled_from([8, 16])))


@settings(max_examples=150, deadline=None)
@given(patterns())
def test_export_import_round_trip(p):
    data = midi_bytes(p)
    mid = parse_midi_bytes(data, "x.mid")
    assert mid.type == 1 and mid.ticks_per_beat == EXPORT_PPQ
    back = import_midi(mid).pattern
    assert back == p


def test_export_layout(tmp_path):
    p = Pattern.empty(bars=2, tempo=95).toggle(0, 0).toggle(1, 4, 80).toggle(2, 2).with_settings(swing=0.6)
    write_midi(p, tmp_path / "a.mid", title="Groove A")
    mid = mido.MidiFile(tmp_path / "a.mid")
    conductor, drums = mid.tracks
    names = [m.name for m in conductor if m.type == "track_name"]
    assert names == ["Groove A"]
    ts = next(m for m in conductor if m.type == "time_signature")
    assert (ts.numerator, ts.denominator) == (4, 4)
    assert round(mido.tempo2bpm(next(m for m in conductor if m.type == "set_tempo").tempo), 2) == 95
    notes = [m for m in drums if m.type == "note_on"]
    assert {m.channel for m in notes} == {9} and sorted(m.note for m in notes) == [36, 38, 42]
    ticks, on = 0, {}
    for m in drums:
        ticks += m.time
        if m.type == "note_on":
            on[m.note] = ticks
    assert on[36] == 0 and on[38] == 480  # beat 2
    # the hat on step 2 is the 1st of a 16th pair: not delayed; a hat on step 1 would be (swing as ticks)
    assert on[42] == 240
    q = Pattern.empty().toggle(2, 1).with_settings(swing=0.6)
    mid = parse_midi_bytes(midi_bytes(q), "q")
    t = 0
    for m in mid.tracks[1]:
        t += m.time
        if m.type == "note_on":
            assert t == round(0.6 * 240)  # the off-16th sits at 60% of the pair


def test_note_length_one_step_or_row_override():
    p = Pattern((Row("Kick", 36), Row("Crash", 49, 8.0)), np.zeros((2, 16))).toggle(0, 0).toggle(1, 0)
    mid = parse_midi_bytes(midi_bytes(p), "x")
    t, on, length = 0, {}, {}
    for m in mid.tracks[1]:
        t += m.time
        if m.type == "note_on":
            on[m.note] = t
        elif m.type == "note_off":
            length[m.note] = t - on[m.note]
    assert length == {36: 120, 49: 960}


def test_import_quantizes_keeps_velocity_and_reports(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 60), (125, 42, 30, 60), (245, 42, 90, 60),
                                      (250, 42, 60, 60), (480, 38, 127, 60), (600, 99, 50, 60),
                                      (720, 22, 70, 60)], tempo=100, ppq=480)
    r = read_midi(f)
    p, rep = r.pattern, r.report
    assert [x.note for x in p.rows] == [36, 38, 42]
    assert p.velocity(0, 0) == 100 and p.velocity(2, 1) == 30 and p.velocity(1, 4) == 127
    assert p.velocity(2, 2) == 90  # two notes on one step keep the loudest
    assert p.velocity(2, 6) == 70  # Roland hat edge (22) folds onto the closed hat
    assert rep.notes_read == 7 and rep.collided == 1 and rep.unmapped == {99: 1}
    assert rep.remapped == {(22, 42): 1}
    assert rep.moved == 3  # 125, 245 and 250 moved; 0, 480, 720 on grid
    assert rep.hits == p.total_hits == 5
    text = "\n".join(rep.lines())
    assert "unmapped (dropped): 1" in text and "collided" in text


def test_fold_to_voices(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 35, 100, 60), (120, 44, 80, 60), (240, 37, 90, 60)])
    p = read_midi(f, fold="voices").pattern
    assert len(p.rows) == 9 and p.velocity(0, 0) == 100 and p.velocity(2, 1) == 80 and p.velocity(1, 2) == 90


def test_type0_and_foreign_ppq(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 10), (24, 38, 100, 10)], ppq=96, type_=0, meter=(3, 4))
    p = read_midi(f).pattern
    assert p.meter == "3/4" and p.tempo == 120 and p.velocity(1, 1) == 100 and p.bars == 1


def test_type2_is_refused(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 10)], type_=2)
    with pytest.raises(MidiFileError, match="type 2"):
        read_midi(f)


def test_no_channel10_notes_offers_other_channels(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 10), (120, 38, 100, 10)], channel=0)
    with pytest.raises(NoDrumNotesError, match=r"notes found on channel 1.*--channel 1") as e:
        read_midi(f)
    assert e.value.channels == (1,)
    assert read_midi(f, channel=1).pattern.total_hits == 2


def test_tempo_and_meter_changes_are_reported(tmp_path):
    extra = [(960, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(140))),
             (1920, mido.MetaMessage("time_signature", numerator=3, denominator=4))]
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 10)], tempo=90, meter=(4, 4), extra_meta=extra)
    r = read_midi(f)
    assert r.pattern.tempo == 90 and r.pattern.meter == "4/4"
    assert r.report.tempo_changes == 1 and r.report.meter_changes == 1


def test_meter_that_does_not_fit_grid_is_a_clear_error(tmp_path):
    f = make_midi(tmp_path / "a.mid", [(0, 36, 100, 10)], meter=(7, 8))
    with pytest.raises(MidiFileError, match="7/8"):
        read_midi(f, grid=12)


@pytest.mark.parametrize("data,msg", [(b"", "empty"), (b"hello world", "not a MIDI file"),
                                     (b"MThd\x00\x00\x00\x06\x00\x01", "truncated")])
def test_bad_bytes(tmp_path, data, msg):
    f = tmp_path / "bad.mid"
    f.write_bytes(data)
    with pytest.raises(MidiFileError, match=msg) as e:
        read_midi(f)
    assert str(e.value).startswith(str(f))


def test_unswing_on_import_with_swing_argument(tmp_path):
    p = Pattern.empty(bars=1).toggle(2, 1).toggle(2, 3).with_settings(swing=0.75)
    mid = parse_midi_bytes(midi_bytes(p), "x")
    for tr in mid.tracks:  # strip GrooveLoom's own event, as a DAW re-export would
        for m in list(tr):
            if m.type == "text":
                tr.remove(m)
    back = import_midi(mid, swing=0.75).pattern
    assert [r.note for r in back.rows] == [42]  # without GrooveLoom's event only rows with notes come back
    assert back.hits[0].tolist() == p.hits[2].tolist()
    assert import_midi(mid, grid=16).report.moved == 2
    found = import_midi(mid)     # 75% swing puts the offbeats on 32nds: read there, nothing moves
    assert found.pattern.grid == 32 and found.report.moved == 0


def test_names_in_any_script_are_written_as_utf8_and_read_back(tmp_path):
    """Issue 28: a title and row names in Japanese, Greek and emoji exited 1 (mido writes Latin-1); now UTF-8
    both ways, and a Latin-1 name from another program still reads as Latin-1."""
    rows = (Row("キック", 36), Row("Ταμπούρο", 38), Row("Hat 🥁", 42))
    p = Pattern(rows, np.array([[100, 0, 0, 0] * 4, [0, 0, 90, 0] * 4, [80] * 16]))
    path = tmp_path / "ドラム.mid"
    write_midi(p, path, title="ヴァース")
    raw = path.read_bytes()
    assert "ヴァース".encode("utf-8") in raw
    mid = parse_midi_bytes(raw, path)
    assert [m.name for t in mid.tracks for m in t if m.type == "track_name"][0] == "ヴァース"
    back = read_midi(path).pattern
    assert [r.name for r in back.rows] == ["キック", "Ταμπούρο", "Hat 🥁"] and np.array_equal(back.hits, p.hits)
    latin = mido.MidiFile(charset="latin1")
    latin.tracks.append(mido.MidiTrack([mido.MetaMessage("track_name", name="Batería café"),
                                        mido.Message("note_on", channel=9, note=36, velocity=100),
                                        mido.Message("note_off", channel=9, note=36, velocity=0, time=120)]))
    latin.save(str(tmp_path / "latin.mid"))
    assert (tmp_path / "latin.mid").read_bytes().count("café".encode("latin-1")) == 1
    mid = parse_midi_bytes((tmp_path / "latin.mid").read_bytes(), "latin.mid")
    assert mid.tracks[0][0].name == "Batería café"


def test_the_direct_drum_track_is_byte_for_byte_what_mido_writes():
    """midi_bytes writes the drums' track itself (3x faster than a mido message per note); it must be the
    file mido writes from pattern_to_midi, for rolls, flams, played timing and a grace note at the start."""
    import io
    import numpy as np
    from engine.drumkit import DEFAULT_ROWS
    from engine.midi.write import midi_bytes, pattern_to_midi
    from engine.pattern import Pattern
    from engine.rolls import Roll
    rng = np.random.default_rng(2)
    for k in range(6):
        p = Pattern.empty(DEFAULT_ROWS, bars=2, tempo=float(rng.integers(60, 180)), swing=0.5 + 0.05 * (k % 3))
        hits = (rng.random(p.hits.shape) < 0.25) * rng.integers(1, 128, p.hits.shape)
        p = p.with_hits(hits.astype(np.uint8), None, rng.uniform(-0.4, 0.4, p.hits.shape) if k % 2 else None)
        for r, s in zip(*np.nonzero(p.hits)):
            if rng.random() < 0.15:
                p = p.with_roll(int(r), int(s), Roll(int(rng.choice([1, 2, 3, 4])), "up", bool(rng.random() < 0.5)))
        buf = io.BytesIO()
        pattern_to_midi(p, title=f"take {k}").save(file=buf)
        assert midi_bytes(p, title=f"take {k}") == buf.getvalue(), k
