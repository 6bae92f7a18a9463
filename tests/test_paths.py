"""One XDG layout named grooveloom: settings, autosave, state and cache folders; what older versions wrote
is moved there once; Drag MIDI files live in one cache folder and old ones are removed; Help > About and
Help > Quick start in the window."""
import os
import time

from engine import paths


def _homes(tmp_path, monkeypatch):
    for kind in ("CONFIG", "DATA", "STATE", "CACHE"):
        monkeypatch.setenv(f"XDG_{kind}_HOME", str(tmp_path / kind.lower()))


def test_every_folder_is_named_grooveloom_and_a_relative_xdg_value_is_ignored(tmp_path, monkeypatch):
    _homes(tmp_path, monkeypatch)
    assert paths.settings_file() == str(tmp_path / "config" / "grooveloom" / "grooveloom.conf")
    assert paths.user_dir("data", "autosave") == str(tmp_path / "data" / "grooveloom" / "autosave")
    assert paths.user_dir("cache") == str(tmp_path / "cache" / "grooveloom")
    monkeypatch.setenv("XDG_STATE_HOME", "relative/state")          # the XDG spec: ignore it
    assert paths.user_dir("state") == os.path.join(os.path.expanduser("~"), ".local", "state", "grooveloom")


def test_what_older_versions_wrote_moves_once_and_nothing_is_overwritten(tmp_path, monkeypatch):
    _homes(tmp_path, monkeypatch)
    old_conf = tmp_path / "config" / "GrooveLoom" / "GrooveLoom.conf"
    old_conf.parent.mkdir(parents=True)
    old_conf.write_text("[General]\nsoundfont=/x.sf2\n")
    old_auto = tmp_path / "data" / "GrooveLoom" / "GrooveLoom" / "autosave"
    old_auto.mkdir(parents=True)
    (old_auto / "autosave-1.groove").write_text("{}")
    said = paths.migrate_old_layout()
    assert len(said) == 2 and (tmp_path / "config" / "grooveloom" / "grooveloom.conf").read_text().endswith("/x.sf2\n")
    assert (tmp_path / "data" / "grooveloom" / "autosave" / "autosave-1.groove").read_text() == "{}"
    assert paths.migrate_old_layout() == []                            # once
    old_conf.parent.mkdir(exist_ok=True)
    old_conf.write_text("older")                                       # a new file is never replaced by an old one
    assert paths.migrate_old_layout() == [] and old_conf.read_text() == "older"


def test_drag_files_share_one_cache_folder_and_old_ones_go(tmp_path, monkeypatch):
    _homes(tmp_path, monkeypatch)
    folder = paths.drag_dir()
    assert folder == str(tmp_path / "cache" / "grooveloom" / "drag")
    old, new = os.path.join(folder, "old.mid"), os.path.join(folder, "new.mid")
    for f in (old, new):
        open(f, "wb").close()
    past = time.time() - paths.DRAG_KEEP_S - 60
    os.utime(old, (past, past))
    paths.drag_dir()
    assert not os.path.exists(old) and os.path.exists(new)


def test_drag_midi_writes_into_the_cache_folder(make_window, tmp_path, monkeypatch):
    _homes(tmp_path, monkeypatch)
    w = make_window()
    path = w.files.write_drag_file()
    assert path and os.path.dirname(path) == str(tmp_path / "cache" / "grooveloom" / "drag")
    assert open(path, "rb").read(4) == b"MThd"
    assert w.files.write_drag_file() == path                            # the same file again, not a new folder


def test_help_menu_quick_start_and_about(make_window, qtbot):
    from grooveloom import __version__
    w = make_window()
    help_menu = next(a.menu() for a in w.menuBar().actions() if a.text() == "&Help")
    assert [a.text() for a in help_menu.actions() if a.text()] == ["&Quick start", "&About GrooveLoom"]
    w.actions["about"].trigger()
    kind, text = w.prompts.asked[-1]
    assert kind == "details" and f"GrooveLoom {__version__}" in text and "CC BY 4.0" in text
    assert "audio callback" in text and ("Model: LSTM" in text or "Model: TCN" in text or "loading" in text)
    w.actions["quick_start"].trigger()
    kind, text = w.prompts.asked[-1]
    assert kind == "details" and text.count("<li>") == 5 and "Drag MIDI" in text


def test_the_launcher_quotes_a_program_only_where_it_must():
    """xdg-open (xdg-utils 1.1.3) runs Exec's first word as written: a quoted plain path was not found."""
    from grooveloom.desktop import _exec_arg
    assert _exec_arg("/home/me/.local/bin/grooveloom") == "/home/me/.local/bin/grooveloom"
    assert _exec_arg("/home/my music/bin/grooveloom") == '"/home/my music/bin/grooveloom"'
    assert _exec_arg('/x/a"b$c') == '"/x/a\\"b\\$c"'
