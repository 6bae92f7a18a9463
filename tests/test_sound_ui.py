"""SoundController in the window with the real FluidSynth: states, play/stop and the playhead, kits,
another soundfont (a bad one keeps the current), and no soundfont at all."""
from PySide6.QtCore import QSettings, Qt
from PySide6.QtTest import QTest

from conftest import cell_center
from ui.sound import SoundState


def test_play_stop_playhead_kits_and_soundfonts(make_window, qtbot, tmp_path):
    w = make_window(start_sound=True)
    qtbot.waitUntil(lambda: w.sound.state is not SoundState.STARTING, timeout=20000)
    assert w.sound.state in (SoundState.READY, SoundState.SILENT)
    t = w.transport
    assert t.kit_box.count() >= 8 and t.play_button.isEnabled()
    t.play_button.click()
    qtbot.waitUntil(lambda: w.grid.playhead is not None, timeout=5000)
    p1 = w.grid.playhead
    qtbot.wait(300)
    assert w.grid.playhead != p1 and t.play_button.text() == "Stop"
    t.play_button.click()
    assert w.grid.playhead is None and not w.sound.playing and t.play_button.text() == "Play"
    t.kitChosen.emit("Room")
    assert w.doc.project.mixer.kit == "Room" and w.settings.value("kit") == "Room"
    tim = "/usr/share/sounds/sf2/TimGM6mb.sf2"
    w.sound.choose_soundfont(tim, on_error=lambda exc: None)
    qtbot.waitUntil(lambda: w.sound.player is not None and w.sound.player.rig.path == tim, timeout=20000)
    assert t.kit_box.count() == 8 and w.settings.value("soundfont") == tim
    bad = tmp_path / "bad.sf2"
    bad.write_bytes(b"not a soundfont")
    w.prompts.answers["open_file"] = str(bad)
    w.soundfont_dialog()
    qtbot.waitUntil(lambda: any("bad.sf2" in text and "not a soundfont" in text for k, text in w.prompts.asked
                                if k == "error"), timeout=10000)       # (checked before FluidSynth sees it)
    assert w.sound.player.rig.path == tim  # the working soundfont stays


def test_no_soundfont_says_why_and_play_explains(make_window, qtbot, monkeypatch, tmp_path):
    import engine.soundfont as sf
    monkeypatch.setattr(sf, "SEARCH_DIRS", (str(tmp_path),))
    monkeypatch.delenv("GROOVELOOM_SOUNDFONT", raising=False)
    w = make_window(start_sound=True, settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat))
    qtbot.waitUntil(lambda: w.sound.state is SoundState.FAILED, timeout=10000)
    assert "fluid-soundfont-gm" in w.sound.text and "No sound" in w.transport.play_button.toolTip()
    w.transport.play_button.click()
    assert "No sound" in w.status.currentMessage() and not w.transport.play_button.isChecked()
    QTest.mouseClick(w.grid, Qt.MouseButton.LeftButton, pos=cell_center(w, 1, 1))
    assert w.doc.pattern.velocity(1, 1) == 100


def test_audio_output_latency_a_lost_device_and_picking_it_up_again(make_window, qtbot, monkeypatch):
    """Transport > Audio output opens JACK; the server goes away mid-play: the window says so and plays on
    silently; with the server back, Audio output opens it again and playback carries on."""
    import pytest
    import jackserver
    if not jackserver.available():
        pytest.skip("jackd not installed (Debian package jackd2; make test installs it)")
    monkeypatch.delenv("GROOVELOOM_AUDIO_DRIVER", raising=False)
    server = jackserver.JackServer(rate=48000, period=256, name="grooveloom-ui-test").start()
    try:
        w = make_window(start_sound=True)
        qtbot.waitUntil(lambda: w.sound.state is not SoundState.STARTING, timeout=20000)
        w.prompts.answers["audio_output"] = ("jack", 256)
        first = w.sound.player
        w.actions["audio_output"].trigger()
        # (the player chosen, not the one it replaces: a server killed while that one still opens is another test)
        qtbot.waitUntil(lambda: w.sound.player not in (None, first) and w.sound.player.driver_name == "jack", timeout=20000)
        assert w.sound.state is SoundState.READY and w.settings.value("audio_driver") == "jack"
        w.transport.play_button.click()
        qtbot.waitUntil(lambda: "10.7 ms" in w.status.currentMessage(), timeout=5000)   # 2 x 256 at 48 kHz
        assert "jack: 256-frame periods at 48000 Hz" in w.status.currentMessage()
        assert w.output_label.text() == "jack · 10.7 ms" and "C callback" in w.output_label.toolTip()
        server.proc.kill()
        qtbot.waitUntil(lambda: w.sound.state is SoundState.SILENT, timeout=10000)
        assert "'jack' stopped responding" in w.status.currentMessage() and w.output_label.text() == "silent"
        assert w.sound.playing and w.sound.player.frames > 0          # the clock runs on, the playhead moves
        server.start()
        w.actions["audio_output"].trigger()                                         # the same choice: open it again
        qtbot.waitUntil(lambda: w.sound.state is SoundState.READY, timeout=20000)
        assert w.sound.player.driver_name == "jack" and w.sound.playing
        f0 = w.sound.player.frames
        qtbot.wait(500)
        assert w.sound.player.frames - f0 > 10000
    finally:
        server.stop()


def test_audio_output_dialog_shows_the_latency_of_the_buffer(qtbot):
    from ui.audio_dialog import AudioOutputDialog
    d = AudioOutputDialog(["alsa", "jack", "pulseaudio"], (64, 256, 1024), "alsa", 256, "alsa: ...", 48000)
    qtbot.addWidget(d)
    assert d.latency.text().startswith("10.7 ms") and d.choice() == ("alsa", 256)
    d.buffer_box.setCurrentIndex(2)
    assert d.latency.text().startswith("42.7 ms") and d.choice() == ("alsa", 1024)
    d.driver_box.setCurrentIndex(d.driver_box.findData("jack"))
    assert not d.buffer_box.isEnabled() and "JACK server" in d.latency.text()
    d.driver_box.setCurrentIndex(0)
    assert d.choice() == (None, 1024)
