"""Help > Quick start and Help > About: five steps from an empty grid to a beat in a DAW, and the version,
the drummer's model, what GrooveLoom runs on and the licenses of what it ships and uses."""
from __future__ import annotations

import html

from .i18n import QT_TR_NOOP, tr

QUICK_START = (
    (QT_TR_NOOP("Draw a beat"),
     QT_TR_NOOP("Click a cell of the grid to add a hit (kick, snare, hats), click it again to remove it; "
                "drag along a row to paint; drag up or down with the right button to set a hit's velocity. "
                "Space plays it.")),
    (QT_TR_NOOP("Let the drummer continue"),
     QT_TR_NOOP("Drummer &gt; Continue (Ctrl+Return) writes the next bars, as a few "
                "variations; [ and ] browse them while it plays.")),
    (QT_TR_NOOP("Keep one"),
     QT_TR_NOOP("Enter keeps the variation shown; Esc discards them all. Fill (Ctrl+F) writes a fill the "
                "same way, into the bar selected on the ruler (the last bar when none is).")),
    (QT_TR_NOOP("Take it to your DAW"),
     QT_TR_NOOP("Drag the <b>Drag MIDI</b> handle onto a DAW track, or File &gt; Export MIDI "
                "(Ctrl+E) / Export WAV.")),
    (QT_TR_NOOP("Open a loop pack"),
     QT_TR_NOOP("File &gt; Open loop pack folder (Ctrl+Shift+O): audition loops, drop them on the "
                "grid, or Augment the pack into new loops.")),
)

LICENSES = (
    ("GrooveLoom", "MIT License"),
    ("The drummer, feel and beat map models", "GrooveLoom's own, trained on the Groove MIDI Dataset v1.0.0 "
     "(Gillick, Roberts, Engel, Eck and Bamman, ICML 2019), CC BY 4.0"),
    ("Qt 6 / PySide6", "LGPL-3.0"), ("FluidSynth", "LGPL-2.1"), ("LiteRT", "Apache-2.0"),
    ("mido", "MIT"), ("NumPy", "BSD-3-Clause"),
    ("The General MIDI soundfont", "its own license (Debian's FluidR3_GM: MIT)"),
)


def quick_start_html() -> str:
    steps = "".join(f"<li><b>{tr(title)}.</b> {tr(text)}</li>" for title, text in QUICK_START)
    return f"<h3>{tr('Quick start')}</h3><ol>{steps}</ol><p>{tr('Every menu item shows its shortcut.')}</p>"


def about_html(model: str) -> str:
    from grooveloom import __version__
    from grooveloom.desktop import version_text
    runs_on = "<br>".join(html.escape(line) for line in version_text().splitlines()[1:])
    licenses = "".join(f"<li>{html.escape(a)}: {html.escape(b)}</li>" for a, b in LICENSES)
    return (f"<h3>GrooveLoom {html.escape(__version__)}</h3>"
            f"<p>{tr('A drum step sequencer with a drummer that plays on.')}</p>"
            f"<p><b>{tr('The drummer:')}</b> {html.escape(model)}</p>"
            f"<p><b>{tr('Runs on:')}</b><br>{runs_on}</p><p><b>{tr('Licenses')}</b></p><ul>{licenses}</ul>")


def show_quick_start(prompts) -> None:
    prompts.details(tr("Quick start"), quick_start_html())


def show_about(prompts, generation) -> None:
    model = generation.model_summary() if generation.drummer is not None else (generation.why_not or tr("not loaded"))
    prompts.details(tr("About GrooveLoom"), about_html(model))
