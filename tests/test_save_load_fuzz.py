"""What saves always loads: any file that imports (byte-flipped MIDI, GrooveLoom markers with odd rows) is
saved as a project and loaded back without a refusal, and the pattern comes back the same."""
import json
import random

import mido
import numpy as np

from engine.drumkit import Row
from engine.midi import MARKER_PREFIX, parse_midi_bytes, import_midi, pattern_to_midi
from engine.errors import GrooveLoomError
from engine.pattern import Pattern
from engine.project import dumps, load_project, project_from_dict, project_from_pattern


def _valid_bytes() -> bytes:
    p = Pattern.empty((Row("Kick", 36), Row("Snare", 38), Row("Hat", 42, 0.5)), 2, grid=32, tempo=97, swing=0.6)
    h = np.zeros(p.hits.shape, np.uint8)
    h[0, ::8], h[1, 8::16], h[2, ::2] = 110, 95, 70
    import io
    buf = io.BytesIO()
    pattern_to_midi(p.with_hits(h)).save(file=buf)
    return buf.getvalue()


def _round_trip(data: bytes) -> bool:
    """True when the bytes import; then save -> load must give the same pattern."""
    try:
        res = import_midi(parse_midi_bytes(data, "fuzz.mid"), name="fuzz.mid")
    except GrooveLoomError:
        return False
    back = project_from_dict(json.loads(dumps(project_from_pattern(res.pattern))), "fuzz.groove")
    assert back.patterns[0] == res.pattern
    return True


def test_byte_flipped_files_that_import_also_save_and_load():
    data = _valid_bytes()
    rng = random.Random(14)
    imported = 0
    for _ in range(300):
        b = bytearray(data)
        for _ in range(rng.randint(1, 4)):
            b[rng.randrange(len(b))] = rng.randrange(256)
        imported += _round_trip(bytes(b))
    assert imported > 100


def test_odd_marker_rows_import_as_something_that_loads(tmp_path):
    odd_rows = [[["", 36, None]], [["  ", 36, None]], [["Kick", 36, -1]], [["Kick", 36, 0]], [["Kick", 36, 1e308]],
                [["Kick", 36.5, None]], [["x" * 100000, 36, None]], [["Kick", 36, None], ["Kick 2", 36, None]],
                [["Kick", 200, None]], [["Kick", -1, None]], [["Kick", 36, "long"]], [["Kick\n\x1b", 36, None]]]
    for rows in odd_rows:
        mid = mido.MidiFile(type=0, ticks_per_beat=480)
        marker = MARKER_PREFIX + json.dumps({"grid": 16, "rows": rows})
        mid.tracks.append(mido.MidiTrack([mido.MetaMessage("text", text=marker),
                                          mido.Message("note_on", channel=9, note=36, velocity=100, time=0),
                                          mido.Message("note_off", channel=9, note=36, velocity=0, time=240),
                                          mido.MetaMessage("end_of_track", time=1680)]))
        import io
        buf = io.BytesIO()
        mid.save(file=buf)
        assert _round_trip(buf.getvalue()), rows
        f = tmp_path / "x.groove"
        f.write_text(dumps(project_from_pattern(import_midi(parse_midi_bytes(buf.getvalue(), "m.mid")).pattern)))
        load_project(f)
