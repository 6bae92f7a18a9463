"""Outputs never harm a file: the umask's mode (a replaced file keeps its own), links written through,
temp files of killed saves removed at the next save, the input never overwritten, the bug log in the
per-user state folder and never through a planted link."""
import os
import stat
import subprocess
import time

from conftest import make_midi, run_cli
from engine.fileio import STALE_TMP_S, atomic_write_bytes


def test_modes_links_and_stale_temp_files(tmp_path):
    old = os.umask(0o027)
    try:
        f = tmp_path / "a.groove"
        atomic_write_bytes(f, b"1")
        assert stat.S_IMODE(f.stat().st_mode) == 0o640              # the umask's, not mkstemp's 0600
        os.chmod(f, 0o604)
        atomic_write_bytes(f, b"2")
        assert stat.S_IMODE(f.stat().st_mode) == 0o604 and f.read_bytes() == b"2"   # a replaced file keeps its
    finally:
        os.umask(old)
    target = tmp_path / "real.mid"
    target.write_bytes(b"old")
    link = tmp_path / "link.mid"
    link.symlink_to(target)
    atomic_write_bytes(link, b"new")
    assert link.is_symlink() and target.read_bytes() == b"new"       # written through the link
    dead = subprocess.Popen(["true"])
    dead.wait()                                                      # a pid no process has now
    stale = tmp_path / f".a.groove.grooveloom-{dead.pid}-x1y2z3w4.tmp"
    stale.write_bytes(b"half a save")
    fresh = tmp_path / f".a.groove.grooveloom-{dead.pid}-z3z3z3z3.tmp"
    fresh.write_bytes(b"a save going on now")
    alive = tmp_path / ".a.groove.grooveloom-1-aaaabbbb.tmp"       # pid 1 runs: its save may be going on
    alive.write_bytes(b"another process saving")
    users = tmp_path / ".a.groove.backup.tmp"                       # (a user's file, not ours)
    users.write_bytes(b"the user's backup")
    past = time.time() - STALE_TMP_S - 5
    for old_file in (stale, alive, users):
        os.utime(old_file, (past, past))
    atomic_write_bytes(f, b"3")
    assert not stale.exists() and fresh.exists() and alive.exists() and users.read_bytes() == b"the user's backup"


def test_the_input_is_never_the_output(tmp_path):
    src = make_midi(tmp_path / "take.mid", [(0, 36, 100, 30), (250, 38, 90, 30)])
    before = src.read_bytes()
    alias = tmp_path / "alias.mid"
    alias.symlink_to(src)
    for args in (("convert", src, "-o", src), ("convert", src, "-o", alias)):
        r = run_cli(*args)
        assert r.returncode == 2 and "the output is an input of this command" in r.stderr and src.read_bytes() == before


def test_the_bug_log_goes_to_the_state_folder_and_never_through_a_link(tmp_path, monkeypatch):
    from grooveloom import entry as main
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "state"))
    said = main._write_error_log("Traceback: a bug")
    log = tmp_path / "state" / "grooveloom" / "error.log"
    assert said == f"details in {log}" and log.read_text() == "Traceback: a bug"
    assert stat.S_IMODE(log.parent.stat().st_mode) == 0o700 and stat.S_IMODE(log.stat().st_mode) == 0o600
    victim = tmp_path / "victim.txt"
    victim.write_text("keep me")
    log.unlink()
    log.symlink_to(victim)                                   # a planted link
    said = main._write_error_log("Traceback: another")
    assert said.startswith("no log written") and victim.read_text() == "keep me"
