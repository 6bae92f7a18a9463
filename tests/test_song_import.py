"""Whole songs: every bar imported, a section (pattern) wherever the tempo or meter changes, each with its
own tempo, meter and grid; long sections cut into parts the window can edit."""
import mido
import numpy as np

from engine.midi import read_song


def _song(path, sections, ppq=480, drift=False):
    """sections: (bars, numerator, denominator, bpm); a kick on every beat, a snare on 32nds in 3/4 bars."""
    track = mido.MidiTrack()
    events, tick = [], 0
    for bars, num, den, bpm in sections:
        events.append((tick, 0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm))))
        events.append((tick, 0, mido.MetaMessage("time_signature", numerator=num, denominator=den)))
        beat = ppq * 4 // den
        for b in range(bars):
            for k in range(num):
                t = tick + (b * num + k) * beat
                events.append((t, 1, mido.Message("note_on", channel=9, note=36, velocity=100)))
                events.append((t + 30, 2, mido.Message("note_off", channel=9, note=36, velocity=0)))
                if num == 3 and k == 1:
                    events.append((t + ppq // 8, 1, mido.Message("note_on", channel=9, note=38, velocity=90)))
                    events.append((t + ppq // 8 + 20, 2, mido.Message("note_off", channel=9, note=38, velocity=0)))
            if drift:
                events.append((tick + b * num * beat + beat // 2, 0,
                               mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(bpm + (b % 3)))))
        tick += bars * num * beat
    last = 0
    for t, _, msg in sorted(events, key=lambda e: (e[0], e[1])):
        track.append(msg.copy(time=t - last))
        last = t
    mid = mido.MidiFile(type=1, ticks_per_beat=ppq)
    mid.tracks.append(track)
    mid.save(str(path))
    return sum(bars * num for bars, num, _, _ in sections)


def test_a_song_with_tempo_and_meter_changes_comes_in_whole_by_sections(tmp_path):
    f = tmp_path / "song.mid"
    kicks = _song(f, [(8, 4, 4, 100), (6, 3, 4, 100), (40, 4, 4, 140), (150, 4, 4, 120)])   # 204 bars
    secs = read_song(f, max_section_bars=32)
    got = [(s.result.pattern.meter, s.result.pattern.tempo, s.result.pattern.bars, s.first_bar) for s in secs]
    assert got[:4] == [("4/4", 100.0, 8, 1), ("3/4", 100.0, 6, 9), ("4/4", 140.0, 32, 15), ("4/4", 140.0, 8, 47)]
    assert sum(s.result.pattern.bars for s in secs) == 204 and secs[-1].first_bar + secs[-1].result.pattern.bars == 205
    assert secs[1].result.pattern.grid == 32 and secs[0].result.pattern.grid == 16      # each section its grid
    kick_hits = sum(int((s.result.pattern.hits[s.result.pattern.row_index(36)] > 0).sum()) for s in secs)
    assert kick_hits == kicks
    assert [s.name for s in secs[2:4]] == ["song 3 bars 15-46", "song 3 bars 47-54"]


def test_a_played_tempo_curve_does_not_split_and_plain_files_stay_one_pattern(tmp_path):
    f = tmp_path / "live.mid"
    _song(f, [(8, 4, 4, 96)], drift=True)              # a tempo event inside every bar
    secs = read_song(f)
    assert len(secs) == 1 and secs[0].result.pattern.bars == 8
    f = tmp_path / "plain.mid"
    _song(f, [(4, 4, 4, 90)])
    secs = read_song(f)
    assert len(secs) == 1 and secs[0].name == "plain" and secs[0].result.pattern.tempo == 90.0
    assert secs[0].result.pattern.bars == 1 and secs[0].result.report.loop_trimmed == (4, 1)   # one bar, 4 times
    assert np.count_nonzero(secs[0].result.pattern.hits) == 4


def test_info_lists_the_sections(tmp_path):
    from conftest import run_cli
    f = tmp_path / "song.mid"
    _song(f, [(2, 4, 4, 100), (2, 7, 8, 150)])
    out = run_cli("info", f)
    assert out.returncode == 0 and "sections (where the tempo or meter changes): 2" in out.stdout, out.stdout
    assert "song 2: bars 3-4, 7/8, 150 BPM" in out.stdout


def test_a_short_file_repeating_a_loop_is_trimmed_to_the_loop(tmp_path):
    from conftest import make_midi
    groove = [(0, 36), (480, 42), (960, 38), (1440, 42), (1920, 36), (2160, 36), (2400, 42), (2880, 38)]  # 2 bars
    f = tmp_path / "loop4x.mid"
    make_midi(f, [(t + k * 3840, n, 100, 60) for k in range(4) for t, n in groove])
    secs = read_song(f)
    assert len(secs) == 1 and secs[0].result.pattern.bars == 2
    assert secs[0].result.report.loop_trimmed == (8, 2)
    assert any("repeat a 2-bar loop" in line for line in secs[0].result.report.lines())
    f = tmp_path / "varied.mid"
    make_midi(f, [(t + k * 3840, n, 100, 60) for k in range(2) for t, n in groove] + [(7680, 49, 110, 60)])
    assert read_song(f)[0].result.pattern.bars == 5 and read_song(f)[0].result.report.loop_trimmed is None
