"""Shared test fixtures: real GMD data, tiny MIDI files built in the test, one QApplication (pytest-qt)."""
from __future__ import annotations

import csv
import os
import subprocess
import sys
import tempfile
from pathlib import Path

import mido
import pytest

ROOT = Path(__file__).resolve().parent.parent
GMD = Path(os.environ.get("GROOVELOOM_DATA", ROOT.parent / "shared" / "datasets" / "groove"))

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Qt's own settings (a file dialog's last folder in QtProject.conf) go to a folder of the test run, not to the
# user's ~/.config (a person's next Open dialog started in a pytest temp folder)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="grooveloom-test-config-")
# and GrooveLoom's autosaves, error log and Drag MIDI files (engine.paths) to folders of the run too
for _kind in ("DATA", "STATE"):
    os.environ[f"XDG_{_kind}_HOME"] = tempfile.mkdtemp(prefix=f"grooveloom-test-{_kind.lower()}-")
os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")


@pytest.fixture(scope="session")
def gmd() -> Path:
    if not (GMD / "info.csv").exists():
        pytest.fail(f"Groove MIDI Dataset not found at {GMD} (set GROOVELOOM_DATA)")
    return GMD


@pytest.fixture(scope="session")
def gmd_rows(gmd) -> list[dict]:
    with open(gmd / "info.csv", newline="") as f:
        return list(csv.DictReader(f))


def without_marker(mid: mido.MidiFile) -> mido.MidiFile:
    """The file as a DAW would write it: GrooveLoom's own text event taken out (its time kept)."""
    from engine.midi import MARKER_PREFIX
    for track in mid.tracks:
        for msg in [m for m in track if m.type == "text" and m.text.startswith(MARKER_PREFIX)]:
            i = track.index(msg)
            if i + 1 < len(track):
                track[i + 1].time += msg.time
            track.remove(msg)
    return mid


def make_midi(path, notes, *, ppq=480, channel=9, tempo=None, meter=None, type_=1, extra_meta=()):
    """Write a small MIDI file. notes: (tick, note, velocity, length_ticks)."""
    mid = mido.MidiFile(type=type_, ticks_per_beat=ppq)
    track = mido.MidiTrack()
    meta = []
    if meter:
        meta.append((0, mido.MetaMessage("time_signature", numerator=meter[0], denominator=meter[1])))
    if tempo:
        meta.append((0, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(tempo))))
    meta += list(extra_meta)
    events = list(meta)
    for tick, note, vel, length in notes:
        events.append((tick, mido.Message("note_on", channel=channel, note=note, velocity=vel)))
        events.append((tick + length, mido.Message("note_off", channel=channel, note=note, velocity=0)))
    events.sort(key=lambda e: (e[0], e[1].type != "note_off"))
    last = 0
    for t, m in events:
        track.append(m.copy(time=t - last))
        last = t
    mid.tracks.append(track)
    mid.save(path)
    return path


def run_cli(*args, cwd=ROOT, timeout=120, env=None):
    """Run `python main.py ARGS` in a fresh process; returns CompletedProcess (text).
    env: variables added to this process's environment."""
    return subprocess.run([sys.executable, str(ROOT / "main.py"), *map(str, args)], cwd=cwd,
                          capture_output=True, text=True, timeout=timeout,
                          env=None if env is None else {**os.environ, **env})


def _code_hash() -> str:
    """A hash of what a trained model depends on: the engine's and the models' code."""
    import hashlib
    h = hashlib.sha256()
    for f in sorted(list((ROOT / "engine").rglob("*.py")) + list((ROOT / "models").rglob("*.py"))):
        h.update(str(f.relative_to(ROOT)).encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


TEST_CACHE = Path(os.environ.get("GROOVELOOM_TEST_CACHE") or
                  Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "grooveloom-tests")


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory, gmd):
    """A real drummer trained for one short epoch (32 units, 6 files per split) and exported; kept in
    TEST_CACHE under a hash of the engine's and the models' code, so a run whose code did not change takes
    the model the last run trained (~40 s of every run)."""
    import fcntl
    cached = TEST_CACHE / f"tiny-drummer-{_code_hash()}"
    TEST_CACHE.mkdir(parents=True, exist_ok=True)
    with open(TEST_CACHE / "train.lock", "w") as lock:     # parallel workers (make test-fast): one trains
        fcntl.flock(lock, fcntl.LOCK_EX)
        return _tiny_model(cached, tmp_path_factory.mktemp("model"), gmd)


def _tiny_model(cached: Path, out: Path, gmd) -> Path:
    import shutil
    from models.train import train
    if (cached / "drummer.json").is_file() and (cached / "drummer.tflite").is_file():
        for f in cached.iterdir():
            shutil.copy(f, out / f.name)
        return out
    card = train(str(gmd), str(out), epochs=1, limit=6, verbose=0, config_overrides={"units": 32},
                 max_minutes=5)
    assert card["metrics"]["validation_nll"] > 0
    try:                                            # into the cache whole or not at all
        TEST_CACHE.mkdir(parents=True, exist_ok=True)
        tmp = Path(tempfile.mkdtemp(dir=TEST_CACHE))
        for f in out.iterdir():
            if f.is_file():
                shutil.copy(f, tmp / f.name)
        os.replace(tmp, cached)
        for old in sorted(TEST_CACHE.glob("tiny-drummer-*"), key=lambda d: d.stat().st_mtime)[:-3]:
            shutil.rmtree(old, ignore_errors=True)          # the last three code versions are kept
    except OSError:
        shutil.rmtree(tmp, ignore_errors=True) if "tmp" in locals() else None
    return out


# ---- the fast tier: `make test-fast` runs what is not marked slow ------------------------------------------
SLOW_FILES = {"test_soak.py", "test_hostile.py", "test_jack.py", "test_midi_out.py", "test_midi_in.py",
              "test_native_audio.py", "test_transport.py", "test_link.py", "test_prepare.py"}
SLOW_FIXTURES = {"tiny_map", "tiny_feel", "tiny_tcn"}          # models trained in the test session
SLOW_TESTS = {"test_evaluate_cli_on_files", "test_density_percentiles_match_gmd_train",   # all of GMD's train split
              "test_finetune_on_a_pack_from_the_cli", "test_random_rolls_round_trip_exactly",
              "test_live_song_plays_each_section_at_its_own_tempo_in_order_and_loops",
              "test_the_style_classifier_hears_real_styles_and_judges_generate",
              "test_models_loads_no_qt",                                     # imports TensorFlow (6 s)
              "test_fuzz_truncated_and_byte_flipped_gmd_files",             # hostile input, like the suite
              "test_continue_fill_generate", "test_generate_starts_from_a_typical_bar_of_the_style",   # 5-8 s
              # seconds of real-time playback or waiting (the audio thread hammered, a song played through,
              # a lost device, autosave's delay) and the 500-loop recombination
              "test_player_survives_hammering_from_another_thread_without_deadlock",
              "test_a_song_edit_keeps_the_entry_playing_and_its_pass",
              "test_audio_output_latency_a_lost_device_and_picking_it_up_again",
              "test_autosave_follows_a_change_within_seconds_and_is_recovered",
              "test_song_mode_plays_across_patterns_and_the_window_follows",
              "test_recombine_is_seeded_deduped_and_keeps_meters",
              "test_cli_continue_and_fill_an_entry_of_the_song",                  # CLI processes (4-5 s)
              "test_jazz_and_shuffle_generate_swung_and_rock_stays_straight"}      # 64 Generate takes (3 s)


def pytest_configure(config):
    config.addinivalue_line("markers", "slow: trains a model, drives JACK or the soak, or runs the hostile suite "
                                       "(left out by make test-fast)")
    config.addinivalue_line("markers", "alone: measures wall-clock time on the GUI thread (make test runs it "
                                       "in its second run, with the realtime tests, not beside other tests)")
    config.addinivalue_line("markers", "realtime: plays through a JACK server in real time (a take the host "
                                       "spoiled is taken again: tests/hostwatch.py)")


# real time through a JACK server: a take the host spoiled is taken again (tests/hostwatch.py)
REALTIME_FILES = {"test_jack.py", "test_midi_out.py", "test_midi_in.py", "test_transport.py", "test_link.py",
                  "test_soak.py"}


def pytest_collection_modifyitems(config, items):
    for item in items:
        if Path(str(item.fspath)).name in REALTIME_FILES and item.get_closest_marker("realtime") is None:
            item.add_marker(pytest.mark.realtime)
        if (Path(str(item.fspath)).name in SLOW_FILES or item.name.split("[")[0] in SLOW_TESTS
                or SLOW_FIXTURES & set(getattr(item, "fixturenames", ()))):
            item.add_marker(pytest.mark.slow)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    """A real-time test that fails while JACK reported xruns and the host watch saw the host hold a real-time
    thread back is taken again (or, with realtime(tolerance_ms=T), held one back T ms or more); every take
    spoiled so: skipped, saying so. Any other failure stands."""
    mark = pyfuncitem.get_closest_marker("realtime")
    if mark is None:
        return None
    import hostwatch
    args = {a: pyfuncitem.funcargs[a] for a in pyfuncitem._fixtureinfo.argnames}
    spoiled = []
    for _ in range(hostwatch.takes_allowed()):
        take = hostwatch.Take()
        try:
            pyfuncitem.obj(**args)
            return True
        except (Exception, pytest.fail.Exception) as exc:
            why = take.spoiled(mark.kwargs.get("tolerance_ms"))
            if why is None:
                raise
            spoiled.append(f"{why} ({type(exc).__name__}: {str(exc)[:160]})")
    hostwatch.skipped.append(pyfuncitem.nodeid)
    pytest.skip(f"every take spoiled by the host, timing not judged: {' | '.join(spoiled)}")


def pytest_terminal_summary(terminalreporter):
    import hostwatch
    if hostwatch.skipped:
        terminalreporter.write_line(f"real-time tests the host spoiled every take of ({len(hostwatch.skipped)}), "
                                    f"not judged: {', '.join(hostwatch.skipped)}", yellow=True)


@pytest.fixture(scope="session")
def drummer(tiny_model):
    from models.drummer import Drummer
    return Drummer(str(tiny_model))


# ---- the window (pytest-qt) -----------------------------------------------------------------------

@pytest.fixture
def make_window(qtbot, tmp_path, tiny_model):
    """MainWindow factories with their own settings file, the tiny drummer and scripted prompts."""
    from PySide6.QtCore import QSettings, QStandardPaths
    from ui.main_window import MainWindow
    from ui.prompts import ScriptedPrompts
    from ui.workers import wait_all
    QStandardPaths.setTestModeEnabled(True)
    made = []

    def make(**kw):
        away_from_windows()
        kw.setdefault("settings", QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat))
        kw.setdefault("model_dir", str(tiny_model))
        kw.setdefault("prompts", ScriptedPrompts())
        kw.setdefault("check_recovery", False)
        kw.setdefault("start_sound", False)
        w = MainWindow(**kw)
        qtbot.addWidget(w)
        w.resize(1280, 720)
        w.show()
        qtbot.waitExposed(w)
        made.append(w)
        return w

    yield make
    for w in made:
        w.doc.mark_clean()
        w.close()
    wait_all()
    away_from_windows()


def away_from_windows() -> None:
    """No menu left open and the pointer off every window: a test that left the pointer on a grid (or a
    popup open) would have the next window think a person is pointing at it."""
    from PySide6.QtGui import QCursor
    from PySide6.QtWidgets import QApplication
    for _ in range(10):
        popup = QApplication.activePopupWidget()
        if popup is None:
            break
        popup.close()
    QCursor.setPos(-2000, -2000)


def cell_center(window, r, s):
    from PySide6.QtCore import QPoint
    rect = window.grid.cell_rect(r, s)
    return QPoint(int(rect.center().x()), int(rect.center().y()))


@pytest.fixture
def app_restored():
    """The QApplication; its style sheet, palette, style and the grid's colours restored afterwards (a test
    that themes the application leaves the others unthemed)."""
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication
    from ui.grid import paint
    app = QApplication.instance()
    sheet, palette, style = app.styleSheet(), QPalette(app.palette()), app.style().name()
    yield app
    app.styleHints().unsetColorScheme()
    app.setStyleSheet(sheet)
    app.setPalette(palette)
    app.setStyle(style)
    paint.use_scheme("dark")
