"""The Transport menu's sync switches where they cannot work: without aalink (the optional Link extra) and
without JACK, the window says why at once and plays as it would alone."""
import sys

from ui.sound import SoundState


def test_link_without_aalink_says_how_to_get_it_and_stays_off(make_window, qtbot, monkeypatch):
    monkeypatch.setitem(sys.modules, "aalink", None)          # (as where the extra is not installed)
    w = make_window()
    w.actions["link"].trigger()
    assert "Ableton Link is off" in w.status.currentMessage()
    assert "pip install 'grooveloom[link]'" in w.status.currentMessage()
    assert not w.actions["link"].isChecked() and w.sound.follow is None


def test_following_the_transport_without_jack_says_so_and_play_plays(make_window, qtbot, monkeypatch):
    monkeypatch.setenv("GROOVELOOM_AUDIO_DRIVER", "null")
    w = make_window(start_sound=True)
    qtbot.waitUntil(lambda: w.sound.state is SoundState.READY or w.sound.state is SoundState.SILENT, timeout=20000)
    w.actions["follow_clock"].trigger()
    w.actions["follow_transport"].trigger()
    assert not w.actions["follow_clock"].isChecked() and w.sound.follow == "jack"
    assert "Following the JACK transport needs GrooveLoom playing through JACK" in w.status.currentMessage()
    w.transport.play_button.click()
    qtbot.waitUntil(lambda: w.sound.player.timelines()[0] is not None, timeout=3000)   # it plays, as alone
    w.transport.play_button.click()
