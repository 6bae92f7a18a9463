"""Every command of the window as data (Picard's registry): an id, its text, shortcut and tip, and the menus
as lists of ids. The window supplies one handler per id; handlers are called without Qt's arguments
(`triggered` passes `checked`, which once arrived as Save As's path), except checkable actions, which get
the new state."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QActionGroup, QKeySequence

from engine.exports import EXPORTS

from .i18n import QT_TR_NOOP, tr

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: object = None     # a string, a StandardKey, a tuple of them, or None
    tip: str = ""
    checkable: bool = False
    group: str = ""             # checkable actions of one group: at most one of them on


ACTIONS = (
    ActionSpec("new", QT_TR_NOOP("&New"), Key.New),
    ActionSpec("open", QT_TR_NOOP("&Open..."), Key.Open),
    ActionSpec("save", QT_TR_NOOP("&Save"), Key.Save),
    ActionSpec("save_as", QT_TR_NOOP("Save &As..."), Key.SaveAs),
    ActionSpec("import_midi", QT_TR_NOOP("&Import MIDI..."), "Ctrl+I", QT_TR_NOOP("Add a MIDI file as a new pattern")),
    *(ActionSpec(f"export_{e.key}", e.menu, e.shortcut, e.tip) for e in EXPORTS.values()),
    ActionSpec("open_pack_folder", QT_TR_NOOP("Open loop &pack folder..."), "Ctrl+Shift+O"),
    ActionSpec("open_pack_zip", QT_TR_NOOP("Open loop pack .&zip...")),
    ActionSpec("soundfont", QT_TR_NOOP("Choose sound&font..."), None,
               QT_TR_NOOP("A General MIDI .sf2/.sf3 with drum kits")),
    ActionSpec("quit", QT_TR_NOOP("&Quit"), Key.Quit),
    ActionSpec("copy_bars", QT_TR_NOOP("&Copy bars"), Key.Copy),
    ActionSpec("paste_bars", QT_TR_NOOP("&Paste bars"), Key.Paste),
    ActionSpec("clear_bars", QT_TR_NOOP("C&lear bars"), "Ctrl+Backspace"),
    ActionSpec("duplicate_bars", QT_TR_NOOP("&Duplicate bars"), "Ctrl+D"),
    ActionSpec("shift_left", QT_TR_NOOP("Shift selection left"), "Ctrl+Left"),
    ActionSpec("shift_right", QT_TR_NOOP("Shift selection right"), "Ctrl+Right"),
    ActionSpec("select_all", QT_TR_NOOP("Select &all bars"), Key.SelectAll),
    ActionSpec("packs_panel", QT_TR_NOOP("&Loop pack panel"), "Ctrl+L", checkable=True),
    ActionSpec("beatmap_panel", QT_TR_NOOP("&Beat map"), "Ctrl+B",
               QT_TR_NOOP("Every bar of a collection on a map: hear, drag, sample, find similar"), checkable=True),
    ActionSpec("zoom_in", QT_TR_NOOP("Zoom &in"), (Key.ZoomIn, "Ctrl+="),
               QT_TR_NOOP("Wider steps (Ctrl+wheel over the grid)")),
    ActionSpec("zoom_out", QT_TR_NOOP("Zoom &out"), Key.ZoomOut,
               QT_TR_NOOP("More bars in view (Ctrl+wheel over the grid)")),
    ActionSpec("zoom_fit", QT_TR_NOOP("&Fit the pattern"), "Ctrl+0",
               QT_TR_NOOP("The whole pattern in the view where it fits")),
    ActionSpec("play", QT_TR_NOOP("Play / Stop"), "Space"),
    ActionSpec("song_mode", QT_TR_NOOP("Play the &song"), None,
               QT_TR_NOOP("The song strip's patterns in order instead of the loop"),
               checkable=True),
    ActionSpec("metronome", QT_TR_NOOP("&Metronome"), None, QT_TR_NOOP("A click, higher on beat 1"), checkable=True),
    ActionSpec("count_in", QT_TR_NOOP("&Count-in"), None,
               QT_TR_NOOP("One bar of clicks before playback starts"), checkable=True),
    ActionSpec("loop_selection", QT_TR_NOOP("&Loop the selected bars"), None,
               QT_TR_NOOP("Only the bars selected on the ruler"),
               checkable=True),
    ActionSpec("audio_output", QT_TR_NOOP("Audio &output..."), None,
               QT_TR_NOOP("Output, buffer size and latency; opens a lost device again")),
    ActionSpec("midi_output", QT_TR_NOOP("M&IDI output..."), None,
               QT_TR_NOOP("Play a DAW's drum rack or a drum machine through JACK MIDI: port, channel, clock")),
    ActionSpec("midi_input", QT_TR_NOOP("MIDI i&nput..."), None,
               QT_TR_NOOP("Record from pads or an e-kit through JACK MIDI: port, note map, overdub or replace")),
    ActionSpec("follow_clock", QT_TR_NOOP("Follow MIDI c&lock"), None,
               QT_TR_NOOP("Play waits for the MIDI clock's Start on the MIDI input and follows its tempo"),
               checkable=True, group="sync"),
    ActionSpec("follow_transport", QT_TR_NOOP("Follow &JACK transport"), None,
               QT_TR_NOOP("Play and Stop start and stop the JACK transport; the beat plays where the transport "
                          "is, in the DAW's tempo"), checkable=True, group="sync"),
    ActionSpec("lead_transport", QT_TR_NOOP("Lead JACK &transport"), None,
               QT_TR_NOOP("As Follow JACK transport, and the DAW counts its bars in this pattern's tempo and "
                          "meter (timebase master)"), checkable=True, group="sync"),
    ActionSpec("link", QT_TR_NOOP("Ableton Lin&k"), None,
               QT_TR_NOOP("Play in tempo and in phase with Live, Bitwig and every Link app on the network; a tempo "
                          "you set goes to all of them"), checkable=True, group="sync"),
    ActionSpec("record", QT_TR_NOOP("&Record"), "Ctrl+R",
               QT_TR_NOOP("While Play runs, what is played on the MIDI input goes into the grid"), checkable=True),
    ActionSpec("quantize", QT_TR_NOOP("&Quantize"), "Q",
               QT_TR_NOOP("Put the selected bars' hits (all, without a selection) on the grid: a take recorded as "
                          "played, or a file imported with its feel, loses its timing")),
    ActionSpec("continue", QT_TR_NOOP("&Continue"), "Ctrl+Return"),
    ActionSpec("fill", QT_TR_NOOP("&Fill selected bar"), "Ctrl+F"),
    ActionSpec("infill", QT_TR_NOOP("&Infill selection"), "Ctrl+Shift+I"),
    ActionSpec("generate", QT_TR_NOOP("&Generate"), "Ctrl+G"),
    ActionSpec("ghosts", QT_TR_NOOP("Add g&host notes"), "Ctrl+Shift+G",
               QT_TR_NOOP("Soft snares where the drummer (the Drummer panel's style) would add them, every hit kept")),
    ActionSpec("interpolate", QT_TR_NOOP("&Interpolate..."), None,
               QT_TR_NOOP("Morph one pattern's bar into another's through the beat map")),
    ActionSpec("drumify_part", QT_TR_NOOP("&Drumify a MIDI part..."), None,
               QT_TR_NOOP("A beat (the Drummer panel's style) on the rhythm of a bass, chord or any part of "
                          "a MIDI file")),
    ActionSpec("prev_variation", QT_TR_NOOP("Previous variation"), "["),
    ActionSpec("next_variation", QT_TR_NOOP("Next variation"), "]"),
    ActionSpec("keep", QT_TR_NOOP("Keep variation"), "Return"),
    ActionSpec("escape", QT_TR_NOOP("Discard variations / clear selection"), "Escape"),
    ActionSpec("quick_start", QT_TR_NOOP("&Quick start"), Key.HelpContents,
               QT_TR_NOOP("Five steps from an empty grid to a beat in your DAW")),
    ActionSpec("about", QT_TR_NOOP("&About GrooveLoom"), None,
               QT_TR_NOOP("Version, the drummer's model, what it runs on, licenses")),
)

# "-" is a separator, "@recent" the Open Recent submenu, "undo"/"redo" the undo stack's own actions
MENUS = {
    QT_TR_NOOP("&File"): ["new", "open", "@recent", "save", "save_as", "-", "import_midi",
              *(f"export_{k}" for k in EXPORTS), "-",
              "open_pack_folder", "open_pack_zip", "-", "soundfont", "-", "quit"],
    QT_TR_NOOP("&Edit"): ["undo", "redo", "-", "copy_bars", "paste_bars", "clear_bars", "duplicate_bars", "shift_left",
              "shift_right", "quantize", "select_all"],
    QT_TR_NOOP("&View"): ["packs_panel", "beatmap_panel", "-", "zoom_in", "zoom_out", "zoom_fit"],
    QT_TR_NOOP("&Transport"): ["play", "song_mode", "-", "metronome", "count_in", "loop_selection", "-",
                               "record", "follow_clock", "follow_transport", "lead_transport", "link", "-", "audio_output", "midi_output", "midi_input"],
    QT_TR_NOOP("&Drummer"): ["continue", "fill", "infill", "generate", "ghosts", "drumify_part", "interpolate", "-",
                     "prev_variation",
                 "next_variation", "keep", "escape"],
    QT_TR_NOOP("&Help"): ["quick_start", "-", "about"],
}


def build_actions(owner, handlers: dict) -> dict[str, QAction]:
    """One QAction per spec, connected to handlers[id]; every spec must have a handler."""
    missing = [s.id for s in ACTIONS if s.id not in handlers]
    if missing:
        raise KeyError(f"no handler for actions {missing}")
    actions, groups = {}, {}
    for spec in ACTIONS:
        a = QAction(tr(spec.text), owner)
        if isinstance(spec.shortcut, tuple):
            a.setShortcuts([QKeySequence(k) for k in spec.shortcut])
        elif spec.shortcut is not None:
            a.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            a.setStatusTip(tr(spec.tip))
        a.setCheckable(spec.checkable)
        if spec.group:
            group = groups.setdefault(spec.group, QActionGroup(owner))
            group.setExclusionPolicy(QActionGroup.ExclusionPolicy.ExclusiveOptional)
            group.addAction(a)
        slot = handlers[spec.id]
        a.triggered.connect(slot if spec.checkable else (lambda _checked=False, slot=slot: slot()))
        actions[spec.id] = a
    return actions


def build_menus(menubar, actions: dict[str, QAction], recent_menu_title: str = QT_TR_NOOP("Open &Recent")):
    """Fill the menu bar from MENUS; returns the Open Recent submenu."""
    recent = None
    for title, ids in MENUS.items():
        menu = menubar.addMenu(tr(title))
        for i in ids:
            if i == "-":
                menu.addSeparator()
            elif i == "@recent":
                recent = menu.addMenu(tr(recent_menu_title))
            else:
                menu.addAction(actions[i])
    return recent
