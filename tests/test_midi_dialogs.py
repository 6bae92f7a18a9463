"""Transport > MIDI output... and MIDI input...: what the dialogs offer and what they answer, with real
widgets (the window tests answer them through the Prompts seam)."""
import json

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QPushButton

from engine.drumkit import Row
from engine.midiout import MidiOut, remap_of
from ui.midi_out import MidiOutDialog
from ui.prompts import ScriptedPrompts
from ui.recording import MidiInDialog


def test_the_midi_output_dialog_offers_the_ports_and_keeps_a_missing_one(qtbot):
    d = MidiOutDialog(["DAW:drums", "TR-8:in"], "Gone:in", 10, MidiOut(clock=True, synth=False), through_jack=False)
    qtbot.addWidget(d)
    items = [d.port_box.itemData(i) for i in range(d.port_box.count())]
    assert items == ["", "DAW:drums", "TR-8:in", "Gone:in"] and "not there now" in d.port_box.currentText()
    assert d.choice() == ("Gone:in", 10, True, False, {})
    d.port_box.setCurrentIndex(2)
    d.channel_box.setValue(3)
    d.synth_check.setChecked(True)
    assert d.choice() == ("TR-8:in", 3, True, True, {})
    d.port_box.setCurrentIndex(0)
    assert d.choice()[0] is None                          # not connected: patched by hand


def test_the_midi_input_dialog_offers_ports_maps_overdub_or_replace_and_quantize(qtbot):
    d = MidiInDialog(["TD-17:out"], "TD-17:out", "roland", monitor=True, replace=False)
    qtbot.addWidget(d)
    assert d.choice() == ("TD-17:out", "roland", True, False, True)
    assert [d.map_box.itemData(i) for i in range(d.map_box.count())] == ["gm", "roland", "alesis", "pads", "mpc",
                                                                          "ableton"]
    d.replace_box.setCurrentIndex(1)
    d.monitor_check.setChecked(False)
    d.map_box.setCurrentIndex(d.map_box.findData("pads"))
    d.quantize_check.setChecked(False)                    # (every hit kept as played)
    assert d.choice() == ("TD-17:out", "pads", False, True, False)


# ---- each row's channel and note --------------------------------------------------------------------------
ROWS = (Row("Kick", 36), Row("Snare", 38), Row("Closed Hat", 42), Row("Open Hat", 46))


def _table(d):
    """What the row table shows: (row, GM note, channel box text, out note box text) per line."""
    t = d.table
    return [(t.item(r, 0).text(), t.item(r, 1).text(), t.cellWidget(r, 2).text(), t.cellWidget(r, 3).text())
            for r in range(t.rowCount())]


def _boxes(d, note):
    r = d.table.notes.index(note)
    return d.table.cellWidget(r, 2), d.table.cellWidget(r, 3)


def test_each_row_gets_a_channel_and_note_and_the_midi_out_routes_them(qtbot):
    """The table shows the saved routes (a row of another pattern kept unseen); set the snare to channel 2
    note 40 by its boxes, the hat typed as a number: the MidiOut made of the answer sends them there."""
    saved = MidiOut(channel=9, remap=((46, 3, 46), (50, None, 60)))       # 50: a tom not in this pattern
    d = MidiOutDialog([], None, 10, saved, through_jack=True, rows=ROWS)
    qtbot.addWidget(d)
    assert _table(d) == [("Kick", "36", "global (10)", "36 C1"), ("Snare", "38", "global (10)", "38 D1"),
                         ("Closed Hat", "42", "global (10)", "42 F#1"), ("Open Hat", "46", "4", "46 A#1")]
    ch, note = _boxes(d, 38)
    ch.setValue(2)
    note.stepBy(2)
    _ch, hat = _boxes(d, 42)
    hat.lineEdit().selectAll()
    qtbot.keyClicks(hat.lineEdit(), "44")
    hat.interpretText()
    assert hat.text() == "44 G#1"
    port, channel, clock, synth, routes = d.choice()
    assert routes == {38: (1, 40), 42: (None, 44), 46: (3, 46), 50: (None, 60)}
    out = MidiOut(channel=channel - 1, remap=remap_of(routes))
    assert [out.route(n) for n in (36, 38, 42, 46, 50, 49)] == [(9, 36), (1, 40), (9, 44), (3, 46), (9, 60), (9, 49)]
    d.channel_box.setValue(11)                                 # the rows on the global channel follow it
    assert _table(d)[0][2] == "global (11)" and _table(d)[1][2] == "2"


def test_a_layout_fills_the_notes_in_row_order_and_reset_clears_every_row(qtbot):
    d = MidiOutDialog([], None, 10, MidiOut(remap=((38, 1, 38), (50, None, 60))), through_jack=True, rows=ROWS)
    qtbot.addWidget(d)
    assert d.layout_box.currentIndex() == -1 and d.layout_box.currentText() == ""     # (the placeholder)
    keys = [d.layout_box.itemData(i) for i in range(d.layout_box.count())]
    assert keys == ["gm", "c1", "mpc"]
    d.layout_box.setCurrentIndex(keys.index("c1"))             # an empty Drum Rack, a Maschine group
    assert [row[3] for row in _table(d)] == ["36 C1", "37 C#1", "38 D1", "39 D#1"]
    assert d.choice()[4] == {38: (1, 37), 42: (None, 38), 46: (None, 39), 50: (None, 60)}   # channels kept
    d.layout_box.setCurrentIndex(keys.index("mpc"))            # pads A01-A04 of an MPC's classic program
    assert [row[3] for row in _table(d)] == ["37 C#1", "36 C1", "42 F#1", "82 A#4"]
    _boxes(d, 46)[1].setValue(46)                              # then one row by hand
    assert d.layout_box.currentIndex() == -1                   # (no longer the layout as chosen)
    assert d.choice()[4] == {36: (None, 37), 38: (1, 36), 50: (None, 60)}
    d.layout_box.setCurrentIndex(keys.index("gm"))
    assert d.choice()[4] == {38: (1, 38), 50: (None, 60)}
    [b for b in d.findChildren(QPushButton) if b.text() == "Reset"][0].click()
    assert d.choice()[4] == {} and all(row[2] == "global (10)" for row in _table(d))


def test_the_row_map_saves_and_loads_as_json_and_a_bad_file_is_named(qtbot, tmp_path):
    d = MidiOutDialog([], None, 10, MidiOut(remap=((38, 1, 40),)), through_jack=True, rows=ROWS)
    qtbot.addWidget(d)
    d.prompts = ScriptedPrompts(save_file=str(tmp_path / "rack"))
    button = {b.text(): b for b in d.findChildren(QPushButton)}
    button["Save..."].click()
    assert json.loads((tmp_path / "rack.json").read_text()) == {"38": {"channel": 2, "note": 40}}
    (tmp_path / "kit.json").write_text('{"36": {"channel": 1, "note": 48}, "42": {"note": 43}}')
    d.prompts.answers["open_file"] = str(tmp_path / "kit.json")
    button["Load..."].click()
    assert d.choice()[4] == {36: (0, 48), 42: (None, 43)}      # the file's map, the snare's route gone with it
    assert _table(d)[0][2:] == ("1", "48 C2")
    (tmp_path / "bad.json").write_text('{"36": {"channel": 17, "note": 36}}')
    d.prompts.answers["open_file"] = str(tmp_path / "bad.json")
    button["Load..."].click()
    assert d.prompts.asked[-1] == ("error", f"{tmp_path / 'bad.json'}: row '36': the channel must be a whole "
                                            "number 1-16, got 17")
    assert d.choice()[4] == {36: (0, 48), 42: (None, 43)}      # unchanged


def test_the_window_offers_the_shown_rows_and_keeps_the_map_for_every_project(make_window):
    """Transport > MIDI output... is offered the shown pattern's rows; the answer's routes are kept in the
    settings (by GM note: a studio setting) and make the MidiOut the player gets; an answer without routes
    (an older caller) leaves them as they were."""
    w = make_window()
    w.prompts.answers["midi_output"] = lambda _now: (None, 10, False, True, {38: (1, 40), 42: (None, 44)})
    w.actions["midi_output"].trigger()
    assert [(r.name, r.note) for r in w.prompts.offered_rows] == [(r.name, r.note) for r in w.doc.shown.rows]
    routing = w.midi_out.routing()
    assert routing.remap == ((38, 1, 40), (42, None, 44))
    assert [routing.route(n) for n in (36, 38, 42)] == [(9, 36), (1, 40), (9, 44)]
    w.settings.sync()
    again = make_window(settings=QSettings(w.settings.fileName(), QSettings.Format.IniFormat))
    assert again.midi_out.routing().remap == ((38, 1, 40), (42, None, 44))
    w.prompts.answers["midi_output"] = lambda _now: (None, 3, False, True)
    w.actions["midi_output"].trigger()
    assert w.midi_out.routing() == MidiOut(channel=2, remap=((38, 1, 40), (42, None, 44)))
    w.settings.setValue("midi_rows", '{"38": {"channel": 99}}')       # a damaged setting: every row as drawn
    assert w.midi_out.routing().remap == ()
