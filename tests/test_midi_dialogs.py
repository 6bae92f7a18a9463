"""Transport > MIDI output... and MIDI input...: what the dialogs offer and what they answer, with real
widgets (the window tests answer them through the Prompts seam)."""
from engine.midiout import MidiOut
from ui.midi_out import MidiOutDialog
from ui.recording import MidiInDialog


def test_the_midi_output_dialog_offers_the_ports_and_keeps_a_missing_one(qtbot):
    d = MidiOutDialog(["DAW:drums", "TR-8:in"], "Gone:in", 10, MidiOut(clock=True, synth=False), through_jack=False)
    qtbot.addWidget(d)
    items = [d.port_box.itemData(i) for i in range(d.port_box.count())]
    assert items == ["", "DAW:drums", "TR-8:in", "Gone:in"] and "not there now" in d.port_box.currentText()
    assert d.choice() == ("Gone:in", 10, True, False)
    d.port_box.setCurrentIndex(2)
    d.channel_box.setValue(3)
    d.synth_check.setChecked(True)
    assert d.choice() == ("TR-8:in", 3, True, True)
    d.port_box.setCurrentIndex(0)
    assert d.choice()[0] is None                          # not connected: patched by hand


def test_the_midi_input_dialog_offers_ports_maps_and_overdub_or_replace(qtbot):
    d = MidiInDialog(["TD-17:out"], "TD-17:out", "roland", monitor=True, replace=False)
    qtbot.addWidget(d)
    assert d.choice() == ("TD-17:out", "roland", True, False)
    assert [d.map_box.itemData(i) for i in range(d.map_box.count())] == ["gm", "roland", "alesis", "pads", "mpc",
                                                                          "ableton"]
    d.replace_box.setCurrentIndex(1)
    d.monitor_check.setChecked(False)
    d.map_box.setCurrentIndex(d.map_box.findData("pads"))
    assert d.choice() == ("TD-17:out", "pads", False, True)
