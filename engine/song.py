"""Song mode's engine: a project's arrangement (patterns in order, each repeated) as one MIDI file with the
tempo and meter changing where the sections do, and as one WAV. Re-importing the MIDI (read_song) gives the
sections back."""
from __future__ import annotations

import mido
import numpy as np

from .errors import GrooveLoomError
from .midi import EXPORT_PPQ, TEXT_CHARSET, check_notes, note_messages, pattern_notes
from .pattern import Pattern
from .rolls import played_notes
from .project import Project, arranged
from .render import Render, check_render_length, performance_events, play_events, stream_wav


def song_to_midi(project: Project, title: str = "GrooveLoom song", humanize=None) -> mido.MidiFile:
    """Type 1, 480 PPQ: a conductor track with the meter and tempo at every section, the drums on channel 10,
    each repeat played as render_song plays it (the project's humanize, or `humanize`: a drummer's feel)."""
    from .performance import from_zero, midi_timing
    humanize = project.mixer.humanize if humanize is None else humanize
    check_notes(sum(played_notes(p.hits, p.rolls) * n for _, p, n in arranged(project)), "the song's MIDI file")
    conductor, offset, played = [], 0, []
    for name, p, repeats in arranged(project):
        conductor.append((offset, mido.MetaMessage("time_signature", numerator=p.numerator, denominator=p.denominator,
                                                   clocks_per_click=24, notated_32nd_notes_per_beat=8)))
        conductor.append((offset, mido.MetaMessage("set_tempo", tempo=mido.bpm2tempo(p.tempo))))
        conductor.append((offset, mido.MetaMessage("marker", text=name)))
        length = int(round(p.n_steps / p.steps_per_quarter * EXPORT_PPQ))
        for k in range(repeats):      # each repeat as played (a note early on its first step: in the one before)
            rows, on_q, off_q, vel, grace = pattern_notes(p, timing=midi_timing(humanize, k) if humanize.active else None)
            base = offset + k * length
            played.append((np.array([p.rows[r].note for r in rows], np.int64), base + np.round(on_q * EXPORT_PPQ),
                           base + np.round(off_q * EXPORT_PPQ), vel, grace))
        offset += repeats * length
    notes, on_t, off_t, vel, grace = (np.concatenate(col) for col in zip(*played))
    shift, keep = from_zero(on_t, grace)                 # the song's zero is the grid's
    on_t = np.minimum(on_t + shift, offset - 1)[keep].astype(np.int64)
    off_t = np.clip(off_t + shift, 0, offset)[keep].astype(np.int64)
    drums = note_messages(notes[keep], on_t, np.maximum(off_t, on_t + 1), vel[keep])
    mid = mido.MidiFile(type=1, ticks_per_beat=EXPORT_PPQ, charset=TEXT_CHARSET)
    for name, events in ((title, conductor), ("Drums", drums)):
        events.sort(key=lambda e: (e[0], e[1].type == "note_on"))
        track, last = mido.MidiTrack([mido.MetaMessage("track_name", name=name, time=0)]), 0
        for tick, msg in events:
            track.append(msg.copy(skip_checks=True, time=tick - last))
            last = tick
        track.append(mido.MetaMessage("end_of_track", time=max(0, offset - last)))
        mid.tracks.append(track)
    return mid


def render_song(project: Project, *, loops: int = 1, soundfont: str | None = None, kit: str | None = None,
                samplerate: int = 44100, tail: float = 2.5, progress=None, cancel=None, sink=None, humanize=None):
    """The arrangement as one performance through one synth (cymbals ring across section changes), each
    section with its own tempo and swing, every note on one channel throughout (synth.channel_notes, as
    live song playback); a Render like engine.render's."""
    from .synth import SynthRig, channel_notes
    if not 1 <= loops <= 256:
        raise GrooveLoomError(f"loops must be 1-256, got {loops}")
    m = project.mixer
    song = arranged(project) * loops
    check_render_length(sum(p.duration_seconds * n for _, p, n in song) + tail,
                        sum(played_notes(p.hits, p.rolls) * n for _, p, n in song))
    notes = channel_notes([p for _, p, _ in song])
    parts, start = [], 0.0
    for k, (_, p, repeats) in enumerate(song):
        on, off, ch, note, vel = performance_events(p, repeats, samplerate, m, m.humanize if humanize is None
                                                    else humanize, notes=notes, opens=k == 0)
        shift = int(round(start * samplerate))          # (a section's early notes sound in the one before)
        parts.append((on + shift, off + shift, ch, note, vel))
        start += repeats * p.duration_seconds
    events = tuple(np.concatenate(col) for col in zip(*parts))   # (a project has a pattern: never empty)
    total = int(round((start + tail) * samplerate))
    rig = SynthRig(soundfont, kit if kit is not None else m.kit, samplerate)
    try:
        audio = play_events(rig, events, total, m, notes, progress, cancel, sink)
        return Render(audio, samplerate, rig.kit, rig.path, events[0], total)
    finally:
        rig.delete()


def render_song_wav(path, project: Project, *, bits: int = 16, samplerate: int = 44100, **kw) -> Render:
    """The song rendered straight into a WAV file (render.stream_wav)."""
    return stream_wav(path, samplerate, bits,
                      lambda sink: render_song(project, samplerate=samplerate, sink=sink, **kw))


def lead_in(project: Project, entry: int, max_bars: int) -> Pattern | None:
    """The last bars (at most max_bars) the song plays before arrangement entry `entry`, going back as long
    as the entries share its pattern's meter and grid: the drummer's context when it continues or fills a
    pattern of the song. Its rows: that pattern's rows, then the others the lead-in plays; None if there is
    nothing before the entry that fits."""
    p = project.patterns[project.arrangement[entry][0]]
    parts, bars = [], 0
    for j, n in reversed(project.arrangement[:entry]):
        q = project.patterns[j]
        if (q.numerator, q.denominator, q.grid) != (p.numerator, p.denominator, p.grid) or bars >= max_bars:
            break
        parts += [q] * min(n, -(-(max_bars - bars) // q.bars))
        bars += n * q.bars
    if not parts:
        return None
    rows = list(p.rows)
    for q in parts:
        rows += [r for r in q.rows if all(r.note != s.note for s in rows)]
    index = {r.note: k for k, r in enumerate(rows)}
    hits = np.zeros((len(rows), sum(q.n_steps for q in parts)), np.uint8)
    at = hits.shape[1]
    for q in parts:                       # nearest last
        at -= q.n_steps
        for r, row in enumerate(q.rows):
            hits[index[row.note], at:at + q.n_steps] = np.maximum(hits[index[row.note], at:at + q.n_steps], q.hits[r])
    keep = min(max_bars, hits.shape[1] // p.steps_per_bar) * p.steps_per_bar
    return p.with_rows(rows, hits[:, hits.shape[1] - keep:])
