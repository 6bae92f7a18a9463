"""The headless CLI: info, convert, and bad input (status 2, one line, never a traceback)."""
import random

import pytest

from conftest import make_midi, run_cli
from engine.midi import read_midi
from engine.pattern import Pattern
from engine.project import project_from_pattern, save_project


def _assert_clean_error(res, *expect):
    assert res.returncode == 2, (res.returncode, res.stdout, res.stderr)
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), res.stderr
    assert "Traceback" not in res.stderr
    for e in expect:
        assert e in lines[0]


def test_info_midi_and_groove(tmp_path):
    f = make_midi(tmp_path / "beat.mid", [(0, 36, 100, 60), (480, 38, 90, 60), (130, 42, 50, 60)], tempo=97)
    res = run_cli("info", f)
    assert res.returncode == 0, res.stderr
    out = res.stdout
    assert "bars: 1" in out and "time signature: 4/4" in out and "tempo: 97 BPM" in out
    assert "grid: 16" in out and "moved to grid: 1 of 3 notes" in out and "unmapped (dropped): 0" in out
    g = tmp_path / "song.groove"
    save_project(project_from_pattern(Pattern.empty(bars=3).toggle(0, 0)), g)
    res = run_cli("info", g)
    assert res.returncode == 0 and "bars: 3" in res.stdout and "Kick" in res.stdout


def test_convert_regrid(tmp_path):
    f = make_midi(tmp_path / "in.mid", [(0, 36, 100, 60), (60, 42, 70, 30), (480, 38, 90, 60)])
    out = tmp_path / "out.mid"
    res = run_cli("convert", f, "-o", out, "--grid", "32")
    assert res.returncode == 0, res.stderr
    p = read_midi(out).pattern
    assert p.grid == 32 and p.velocity(p.row_index(42), 1) == 70 and p.velocity(p.row_index(38), 8) == 90


def test_convert_other_channel_flag(tmp_path):
    f = make_midi(tmp_path / "ch1.mid", [(0, 36, 100, 60)], channel=0)
    _assert_clean_error(run_cli("convert", f, "-o", tmp_path / "o.mid"), "ch1.mid", "--channel 1")
    assert run_cli("convert", f, "-o", tmp_path / "o.mid", "--channel", "1").returncode == 0


@pytest.mark.parametrize("name,content,expect", [
    ("text.mid", b"this is not midi", "not a MIDI file"),
    ("empty.mid", b"", "empty file"),
    ("random.mid", bytes(random.Random(1).randrange(256) for _ in range(500)), "not a MIDI file"),
    ("trunc.mid", b"MThd\x00\x00\x00\x06\x00\x01\x00\x01\x01\xe0MTrk\x00\x00\x01\x00\x00\x90", "truncated"),
])
def test_bad_files(tmp_path, name, content, expect):
    f = tmp_path / name
    f.write_bytes(content)
    _assert_clean_error(run_cli("info", f), name, expect)


def test_missing_directory_and_usage(tmp_path):
    _assert_clean_error(run_cli("info", tmp_path / "nope.mid"), "nope.mid", "no such file")
    _assert_clean_error(run_cli("info", tmp_path), "is a directory")
    _assert_clean_error(run_cli("convert", tmp_path / "x.mid"), "-o")
    _assert_clean_error(run_cli("info", "x.mid", "--grid", "7"), "grid")


def test_fuzz_truncated_and_byte_flipped_gmd_files(tmp_path, gmd_rows, gmd):
    """Truncated and corrupted copies of real files: either read fine or fail cleanly, never crash."""
    rng = random.Random(7)
    sources = [gmd / r["midi_filename"] for r in rng.sample(gmd_rows, 6)]
    script = ["import sys, main", "codes = []",
              "for f in sys.argv[1:]:",
              "    try:\n        codes.append(main.run(['info', f]))",
              "    except SystemExit as e:\n        codes.append(e.code)",
              "print('CODES', codes)"]
    files = []
    for i, src in enumerate(sources):
        data = src.read_bytes()
        for j in range(6):
            cut = rng.randrange(1, len(data))
            (tmp_path / f"t{i}_{j}.mid").write_bytes(data[:cut])
            flipped = bytearray(data)
            for _ in range(rng.choice([1, 3, 20])):
                k = rng.randrange(len(flipped))
                flipped[k] = rng.randrange(256)
            (tmp_path / f"f{i}_{j}.mid").write_bytes(bytes(flipped))
            files += [tmp_path / f"t{i}_{j}.mid", tmp_path / f"f{i}_{j}.mid"]
    import subprocess, sys
    from conftest import ROOT
    res = subprocess.run([sys.executable, "-c", "\n".join(script), *map(str, files)], cwd=ROOT,
                         capture_output=True, text=True, timeout=300)
    assert "Traceback" not in res.stderr, res.stderr[-3000:]
    codes = eval(res.stdout.split("CODES", 1)[1])
    assert len(codes) == len(files) and set(codes) <= {0, 2}
    assert codes.count(2) >= len(sources) * 6  # every truncated copy at least is refused
    errors = [l for l in res.stderr.splitlines() if l.strip()]
    assert len(errors) == codes.count(2) and all(l.startswith("error: ") for l in errors)


def test_info_reads_and_quantizes_a_file_once(tmp_path, monkeypatch, capsys):
    """info prints the file's pattern, its quantization and its sections from one parse and one import (it
    parsed and quantized every file twice: 2.2x the work)."""
    import argparse
    import engine.midi
    import engine.midi.sections
    from engine.commands import cmd_info
    seed = make_midi(tmp_path / "seed.mid", [(0, 36, 110, 60), (480, 38, 100, 60), (960, 36, 90, 60)], tempo=120)
    calls = {"parse": 0, "import": 0}
    parse, imp = engine.midi.parse_midi_bytes, engine.midi.import_midi

    def counted(name, fn):
        def run(*a, **kw):
            calls[name] += 1
            return fn(*a, **kw)
        return run
    monkeypatch.setattr(engine.midi, "parse_midi_bytes", counted("parse", parse))
    monkeypatch.setattr(engine.midi, "import_midi", counted("import", imp))
    monkeypatch.setattr(engine.midi.sections, "import_midi", counted("import", imp))
    args = argparse.Namespace(file=str(seed), map=None, grid=None, channel=None, fold="gm", swing=None)
    assert cmd_info(args) == 0
    out = capsys.readouterr().out
    assert "quantization:" in out and "hits: 3" in out
    assert calls == {"parse": 1, "import": 1}, calls
