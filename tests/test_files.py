"""FilesController and Autosave in the window: save, open, recent files, MIDI import as a new pattern with
its report as a notice, export, unsaved-work prompts, autosave within seconds and recovery."""
import os

import numpy as np
from PySide6.QtCore import QSettings

from conftest import make_midi
from engine.midi import read_midi
from engine.project import load_project
from ui.autosave import AUTOSAVE_DELAY_MS
from ui.document import autosave_path
from ui.prompts import ScriptedPrompts
from ui.workers import wait_all


def test_save_open_import_export(make_window, tmp_path, qtbot):
    w = make_window()
    files, doc = w.files, w.doc
    f = str(tmp_path / "song.groove")
    files.export_dialog("wav")                   # a save dialog starts with a name: the pattern's, then the file's
    assert os.path.basename(w.prompts.asked[-2][1]) == f"{doc.project.names[0]}.wav"
    assert files.save_as(f)
    assert not doc.dirty and load_project(f).pattern == doc.pattern
    files.export_dialog("midi")
    assert w.prompts.asked[-2][1] == os.path.join(files.directory(), "song.mid")
    doc.apply(doc.pattern.toggle(1, 1), "edit")
    assert doc.dirty and "*" in w.windowTitle()
    assert files.save() and not doc.dirty
    w2 = make_window()
    assert w2.files.open_path(f) and w2.doc.pattern == doc.pattern and w2.doc.path == f
    assert w2.files.recent_files()[0] == f
    mid = make_midi(tmp_path / "in.mid", [(0, 36, 100, 60), (130, 42, 60, 60), (480, 38, 90, 60)], tempo=90)
    before = w2.doc.project
    w2.files.import_midi(str(mid))
    qtbot.waitUntil(lambda: bool(w2.files.last_import_report), timeout=10000)
    # into an open project, an import is a new pattern after the current one (one undo step), nothing replaced
    assert w2.doc.project.patterns[:1] == before.patterns and w2.doc.project.names[1:] == ("in",)
    assert w2.doc.project.current == 1 and w2.doc.pattern.tempo == 90
    # the report is a notice with Details, not a modal box
    assert "moved to grid: 1 of 3 notes" in w2.files.last_import_report
    assert "Imported in.mid" in w2.status.currentMessage() and w2.details_button.isVisible()
    w2.details_button.click()
    assert w2.prompts.asked[-1] == ("details", w2.files.last_import_report)
    w2.doc.undo.undo()
    assert w2.doc.project == before
    w2.doc.undo.redo()
    out = str(tmp_path / "out.mid")
    assert w2.files.export_midi(out) and read_midi(out).pattern == w2.doc.pattern
    assert w2.files.write_drag_file().endswith(".mid")
    bad = tmp_path / "bad.groove"
    bad.write_text("{oops")
    assert not w2.files.open_path(str(bad))
    assert any("not valid JSON" in t for k, t in w2.prompts.asked if k == "error")
    assert w2.doc.path == f   # the document was not replaced by the bad file


def test_import_from_another_channel_asks_which(make_window, tmp_path, qtbot):
    w = make_window(prompts=ScriptedPrompts(integer=2))
    mid = make_midi(tmp_path / "ch2.mid", [(0, 36, 100, 60), (480, 38, 90, 60)], channel=1)
    w.files.import_midi(str(mid))
    qtbot.waitUntil(lambda: bool(w.files.last_import_report), timeout=10000)
    assert [k for k, _ in w.prompts.asked] == ["integer"] and w.doc.pattern.total_hits == 2


def test_export_wav_with_progress(make_window, tmp_path, qtbot):
    w = make_window()
    out = str(tmp_path / "a.wav")
    done = []
    w.files.export_wav(out, loops=1, on_done=done.append)
    qtbot.waitUntil(lambda: bool(done), timeout=20000)
    from engine.wav import read_wav
    x, sr = read_wav(out)
    assert sr == 44100 and np.abs(x).max() > 0.05


def test_every_export_of_the_table_is_in_the_file_menu_and_writes_its_kind(make_window, tmp_path, qtbot):
    from engine.exports import EXPORTS, write_song_midi
    w = make_window()
    w.doc.apply_project(w.doc.project.with_arrangement([(0, 2)]), "song")
    file_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&File")
    texts = [a.text() for a in file_menu.actions()]
    done = []
    for key, fmt in EXPORTS.items():
        assert fmt.menu in texts and w.actions[f"export_{key}"].text() == fmt.menu
        path = fmt.named(str(tmp_path / key))
        w.files.export(key, path, on_done=done.append, loops=1)
    qtbot.waitUntil(lambda: len(done) == len(EXPORTS), timeout=30000)
    for key, fmt in EXPORTS.items():
        with open(fmt.named(str(tmp_path / key)), "rb") as f:
            assert f.read(4) == (b"RIFF" if fmt.audio else b"MThd"), key
    (tmp_path / "cli").mkdir()
    write_song_midi(str(tmp_path / "cli" / "song_midi.mid"), w.doc.project)     # the CLI's writer: the same file
    assert (tmp_path / "cli" / "song_midi.mid").read_bytes() == (tmp_path / "song_midi.mid").read_bytes()


def test_unsaved_changes_prompt(make_window):
    prompts = ScriptedPrompts(unsaved="cancel")
    w = make_window(prompts=prompts)
    w.doc.apply(w.doc.pattern.toggle(0, 5), "edit")
    w.files.new()
    assert w.doc.pattern.velocity(0, 5) == 100 and ("unsaved", "this project") in prompts.asked
    prompts.answers["unsaved"] = "discard"
    w.files.new()
    assert w.doc.pattern.velocity(0, 5) == 0 and not w.doc.dirty


def test_recent_files_survive_a_restart_and_junk_is_dropped(make_window, tmp_path):
    ini = str(tmp_path / "recent.ini")
    f = tmp_path / "one.groove"
    w = make_window(settings=QSettings(ini, QSettings.Format.IniFormat))
    assert w.files.save_as(str(f))
    w.close()
    # after a restart, QSettings gives a one-element list back as a plain string (the INI line is the same)
    s = QSettings(ini, QSettings.Format.IniFormat)
    s.setValue("recent", str(f))
    w2 = make_window(settings=s)
    assert w2.files.recent_files() == [str(f)]
    assert [a.text() for a in w2.files.recent_menu.actions()] == [str(f)]
    # what an older version left behind: one entry per character of a path
    s.setValue("recent", list(str(f)))
    w3 = make_window(settings=s)
    assert w3.files.recent_files() == [] and not w3.files.recent_menu.isEnabled()
    assert s.value("recent") in (None, [], "")


def test_autosave_follows_a_change_within_seconds_and_is_recovered(make_window, qtbot, tmp_path):
    w = make_window()
    path = autosave_path(w.doc.autosave_id)
    assert not os.path.exists(path)
    own = str(tmp_path / "mysong.groove")
    assert w.files.save_as(own)
    w.doc.apply(w.doc.pattern.toggle(0, 5, 77), "edit")
    qtbot.waitUntil(lambda: os.path.exists(path), timeout=AUTOSAVE_DELAY_MS + 3000)
    assert load_project(path).pattern.velocity(0, 5) == 77
    wait_all()
    prompts = ScriptedPrompts(confirm=True)
    w2 = make_window(check_recovery=True, prompts=prompts)
    qtbot.waitUntil(lambda: w2.doc.pattern.velocity(0, 5) == 77, timeout=5000)
    assert w2.doc.dirty and not os.path.exists(path)
    # the question and the window name the project the work was on; Save goes back to its file
    assert any(k == "confirm" and "unsaved work on mysong.groove, autosaved" in t for k, t in prompts.asked)
    assert w2.doc.path == own and "mysong" in w2.windowTitle() and "*" in w2.windowTitle()
    # saving by hand removes the autosave; closing cleanly leaves none
    w2.doc.apply(w2.doc.pattern.toggle(0, 6, 70), "edit")
    w2.autosave.write()
    wait_all()
    assert os.path.exists(autosave_path(w2.doc.autosave_id))
    w2.doc.mark_clean()
    w2.close()
    assert not os.path.exists(autosave_path(w2.doc.autosave_id))


def test_importing_a_song_adds_a_pattern_per_section_in_one_undo_step(make_window, tmp_path, qtbot):
    from test_song_import import _song
    w = make_window()
    song = tmp_path / "song.mid"
    _song(song, [(8, 4, 4, 100), (6, 3, 4, 100), (40, 4, 4, 140)])
    before = len(w.doc.project.patterns)
    w.files.import_midi(str(song))
    qtbot.waitUntil(lambda: bool(w.files.last_import_report), timeout=10000)
    proj = w.doc.project
    assert len(proj.patterns) == before + 4
    assert [p.bars for p in proj.patterns[before:]] == [8, 6, 32, 8]
    assert [p.meter for p in proj.patterns[before:]] == ["4/4", "3/4", "4/4", "4/4"]
    assert "54 bars in 4 patterns" in w.status.currentMessage()
    w.doc.undo.undo()
    assert len(w.doc.project.patterns) == before


def test_the_import_dialog_finds_the_grid_or_takes_the_one_chosen(make_window, tmp_path, qtbot):
    """Claves on 32nd positions: 'found by itself' imports on 32nds, exactly; choosing 16ths in the dialog's
    file types quantizes to 16ths (and the report says so)."""
    from conftest import make_midi
    from ui.files import FilesController
    from ui.workers import wait_all
    mid = make_midi(tmp_path / "claves.mid", [(t, 75, 100, 30) for t in (0, 300, 540, 960, 1260, 1500, 1740)])
    choice = {"pick": 0}
    w = make_window(prompts=ScriptedPrompts(open_file_as=lambda _t: (str(mid), choice["pick"])))
    n = len(w.doc.project.patterns)
    w.actions["import_midi"].trigger()
    wait_all()
    qtbot.waitUntil(lambda: len(w.doc.project.patterns) == n + 1, timeout=5000)
    p = w.doc.project.patterns[-1]
    assert p.grid == 32 and sorted(p.hits[p.row_index(75)].nonzero()[0]) == [0, 5, 9, 16, 21, 25, 29]
    choice["pick"] = FilesController.IMPORT_GRIDS.index(16)
    w.actions["import_midi"].trigger()
    wait_all()
    qtbot.waitUntil(lambda: len(w.doc.project.patterns) == n + 2, timeout=5000)
    p = w.doc.project.patterns[-1]
    report = w.files.last_import_report
    assert p.grid == 16 and "grid: 16th" in report and "as asked" in report and "<= 1/2 step 5" in report, report


def test_dialogs_start_where_the_last_one_was(make_window, tmp_path, qtbot):
    """An export's folder is where the next export, import or open dialog starts (they started in the home
    folder); a loop pack dialog starts where the last pack was opened from, not in the current directory."""
    out = tmp_path / "exports"
    out.mkdir()
    prompts = ScriptedPrompts(save_file=lambda title: str(out / "beat"), folder=lambda title: None)
    w = make_window(prompts=prompts)
    w.files.export_dialog("midi")
    qtbot.waitUntil((out / "beat.mid").exists, timeout=10000)
    w.files.export_dialog("wav")
    starts = [d for k, d in prompts.asked if k == "save_file_start"]
    assert os.path.dirname(starts[-1]) == str(out)
    assert w.packs._start_dir() == os.path.expanduser("~")
    pack = tmp_path / "packs" / "trap"
    pack.mkdir(parents=True)
    make_midi(pack / "a.mid", [(0, 36, 100, 60)])
    prompts.answers["folder"] = lambda title: str(pack)
    w.open_pack_dialog(True)
    assert w.packs._start_dir() == str(tmp_path / "packs")


def test_a_damaged_project_says_so_before_asking_to_save(make_window, tmp_path):
    prompts = ScriptedPrompts(unsaved="cancel")
    w = make_window(prompts=prompts)
    w.doc.apply(w.doc.pattern.toggle(0, 5), "edit")
    bad = tmp_path / "broken.groove"
    bad.write_text('{"format": "grooveloom", "version": 3, "patterns": [')
    assert not w.files.open_path(str(bad))
    kinds = [k for k, _ in prompts.asked]
    assert kinds == ["error"] and "broken.groove" in prompts.asked[0][1] and w.doc.dirty


def test_wav_export_asks_how_many_passes_and_whether_the_cymbals_ring_out(make_window, tmp_path, qtbot):
    """It always wrote two passes and a 2.5 s tail (a 14.4 s pattern gave 31.3 s)."""
    from engine.wav import read_wav
    answers = iter([1, 3])                       # once cut at the loop's end, then 4 times with the tail
    prompts = ScriptedPrompts(save_file=lambda title: str(tmp_path / "loop.wav"), choose=lambda label: next(answers))
    w = make_window(prompts=prompts)
    seconds = w.doc.pattern.duration_seconds
    for passes, tail in ((1, 0.0), (4, 2.5)):
        w.files.export_dialog("wav")
        qtbot.waitUntil(lambda: (tmp_path / "loop.wav").exists(), timeout=20000)
        wait_all()
        x, sr = read_wav(str(tmp_path / "loop.wav"))
        assert abs(len(x) / sr - (passes * seconds + tail)) < 0.01, (passes, len(x) / sr)
        assert prompts.offered == ("Once, cut at the loop's end (a seamless loop)" if passes == 4 else
                                   "Twice, cymbals ring out")         # the last choice is offered first
        (tmp_path / "loop.wav").unlink()
