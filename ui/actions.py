"""Every command of the window as data (Picard's registry): an id, its text, shortcut and tip, and the menus
as lists of ids. The window supplies one handler per id; handlers are called without Qt's arguments
(`triggered` passes `checked`, which once arrived as Save As's path), except checkable actions, which get
the new state."""
from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtGui import QAction, QKeySequence

from engine.exports import EXPORTS

Key = QKeySequence.StandardKey


@dataclass(frozen=True)
class ActionSpec:
    id: str
    text: str
    shortcut: object = None     # a string, a StandardKey, a tuple of them, or None
    tip: str = ""
    checkable: bool = False


ACTIONS = (
    ActionSpec("new", "&New", Key.New),
    ActionSpec("open", "&Open...", Key.Open),
    ActionSpec("save", "&Save", Key.Save),
    ActionSpec("save_as", "Save &As...", Key.SaveAs),
    ActionSpec("import_midi", "&Import MIDI...", "Ctrl+I", "Add a MIDI file as a new pattern"),
    *(ActionSpec(f"export_{e.key}", e.menu, e.shortcut, e.tip) for e in EXPORTS.values()),
    ActionSpec("open_pack_folder", "Open loop &pack folder...", "Ctrl+Shift+O"),
    ActionSpec("open_pack_zip", "Open loop pack .&zip..."),
    ActionSpec("soundfont", "Choose sound&font...", None, "A General MIDI .sf2/.sf3 with drum kits"),
    ActionSpec("quit", "&Quit", Key.Quit),
    ActionSpec("copy_bars", "&Copy bars", Key.Copy),
    ActionSpec("paste_bars", "&Paste bars", Key.Paste),
    ActionSpec("clear_bars", "C&lear bars", "Ctrl+Backspace"),
    ActionSpec("duplicate_bars", "&Duplicate bars", "Ctrl+D"),
    ActionSpec("shift_left", "Shift selection left", "Ctrl+Left"),
    ActionSpec("shift_right", "Shift selection right", "Ctrl+Right"),
    ActionSpec("select_all", "Select &all bars", Key.SelectAll),
    ActionSpec("packs_panel", "&Loop pack panel", "Ctrl+L", checkable=True),
    ActionSpec("beatmap_panel", "&Beat map", "Ctrl+B", "Every bar of a collection on a map: hear, drag, sample, "
               "find similar", checkable=True),
    ActionSpec("zoom_in", "Zoom &in", (Key.ZoomIn, "Ctrl+="), "Wider steps (Ctrl+wheel over the grid)"),
    ActionSpec("zoom_out", "Zoom &out", Key.ZoomOut, "More bars in view (Ctrl+wheel over the grid)"),
    ActionSpec("zoom_fit", "&Fit the pattern", "Ctrl+0", "The whole pattern in the view where it fits"),
    ActionSpec("play", "Play / Stop", "Space"),
    ActionSpec("song_mode", "Play the &song", None, "The song strip's patterns in order instead of the loop",
               checkable=True),
    ActionSpec("metronome", "&Metronome", None, "A click, higher on beat 1", checkable=True),
    ActionSpec("count_in", "&Count-in", None, "One bar of clicks before playback starts", checkable=True),
    ActionSpec("loop_selection", "&Loop the selected bars", None, "Only the bars selected on the ruler",
               checkable=True),
    ActionSpec("audio_output", "Audio &output...", None, "Output, buffer size and latency; opens a lost device again"),
    ActionSpec("continue", "&Continue", "Ctrl+Return"),
    ActionSpec("fill", "&Fill selected bar", "Ctrl+F"),
    ActionSpec("infill", "&Infill selection", "Ctrl+Shift+I"),
    ActionSpec("generate", "&Generate", "Ctrl+G"),
    ActionSpec("ghosts", "Add g&host notes", "Ctrl+Shift+G",
               "Soft snares where the drummer (the Drummer panel's style) would add them, every hit kept"),
    ActionSpec("interpolate", "&Interpolate...", None, "Morph one pattern's bar into another's through the beat map"),
    ActionSpec("drumify_part", "&Drumify a MIDI part...", None,
               "A beat (the Drummer panel's style) on the rhythm of a bass, chord or any part of a MIDI file"),
    ActionSpec("prev_variation", "Previous variation", "["),
    ActionSpec("next_variation", "Next variation", "]"),
    ActionSpec("keep", "Keep variation", "Return"),
    ActionSpec("escape", "Discard variations / clear selection", "Escape"),
    ActionSpec("quick_start", "&Quick start", Key.HelpContents, "Five steps from an empty grid to a beat in your DAW"),
    ActionSpec("about", "&About GrooveLoom", None, "Version, the drummer's model, what it runs on, licenses"),
)

# "-" is a separator, "@recent" the Open Recent submenu, "undo"/"redo" the undo stack's own actions
MENUS = {
    "&File": ["new", "open", "@recent", "save", "save_as", "-", "import_midi",
              *(f"export_{k}" for k in EXPORTS), "-",
              "open_pack_folder", "open_pack_zip", "-", "soundfont", "-", "quit"],
    "&Edit": ["undo", "redo", "-", "copy_bars", "paste_bars", "clear_bars", "duplicate_bars", "shift_left",
              "shift_right", "select_all"],
    "&View": ["packs_panel", "beatmap_panel", "-", "zoom_in", "zoom_out", "zoom_fit"],
    "&Transport": ["play", "song_mode", "-", "metronome", "count_in", "loop_selection", "-", "audio_output"],
    "&Drummer": ["continue", "fill", "infill", "generate", "ghosts", "drumify_part", "interpolate", "-", "prev_variation",
                 "next_variation", "keep", "escape"],
    "&Help": ["quick_start", "-", "about"],
}


def build_actions(owner, handlers: dict) -> dict[str, QAction]:
    """One QAction per spec, connected to handlers[id]; every spec must have a handler."""
    missing = [s.id for s in ACTIONS if s.id not in handlers]
    if missing:
        raise KeyError(f"no handler for actions {missing}")
    actions = {}
    for spec in ACTIONS:
        a = QAction(spec.text, owner)
        if isinstance(spec.shortcut, tuple):
            a.setShortcuts([QKeySequence(k) for k in spec.shortcut])
        elif spec.shortcut is not None:
            a.setShortcut(QKeySequence(spec.shortcut))
        if spec.tip:
            a.setStatusTip(spec.tip)
        a.setCheckable(spec.checkable)
        slot = handlers[spec.id]
        a.triggered.connect(slot if spec.checkable else (lambda _checked=False, slot=slot: slot()))
        actions[spec.id] = a
    return actions


def build_menus(menubar, actions: dict[str, QAction], recent_menu_title: str = "Open &Recent"):
    """Fill the menu bar from MENUS; returns the Open Recent submenu."""
    recent = None
    for title, ids in MENUS.items():
        menu = menubar.addMenu(title)
        for i in ids:
            if i == "-":
                menu.addSeparator()
            elif i == "@recent":
                recent = menu.addMenu(recent_menu_title)
            else:
                menu.addAction(actions[i])
    return recent
