"""Offline render to audio, faster than real time: every note event of N loops applied to the synth at its
exact sample (FluidSynth starts it within its 64-sample block), with a tail for ringing cymbals."""
from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import Cancelled
from .pattern import Pattern
from .rolls import played_notes
from .performance import METRONOME_VELOCITY, NO_HUMANIZE, Humanize, audible_rows, click_times, from_zero, pass_notes
from .soundfont import Kit
from .synth import METRONOME_CHANNEL, AudioError, SynthRig, channel_notes, row_channels

@dataclass
class Render:
    audio: np.ndarray | None   # float32 (frames, 2); None when it went to a sink (streamed to a WAV)
    samplerate: int
    kit: Kit
    soundfont: str
    onsets: np.ndarray     # the scheduled onset of every hit, in samples (ideal times, before FluidSynth)
    frames: int = 0


MAX_RENDER_SECONDS = 20 * 60     # the longest render (checked before anything is rendered or allocated)


MAX_RENDER_NOTES = 400_000       # notes one render plays (a roll's strokes and flams' grace notes counted; 20
                                 # minutes of 16ths on 10 rows at 200 BPM are 160,000)


def check_render_length(seconds: float, notes: int = 0) -> None:
    """Refuse a render longer than MAX_RENDER_SECONDS or playing more than MAX_RENDER_NOTES notes, before
    anything is rendered or allocated."""
    if seconds > MAX_RENDER_SECONDS:
        raise AudioError(f"{seconds / 60:.1f} minutes of audio; a render is at most {MAX_RENDER_SECONDS // 60} "
                         f"minutes (engine.render.MAX_RENDER_SECONDS): fewer loops, or render in parts")
    if notes > MAX_RENDER_NOTES:
        raise AudioError(f"{notes:,} notes to play; a render plays at most {MAX_RENDER_NOTES:,} (engine.render."
                         f"MAX_RENDER_NOTES): fewer loops, rows or rolls")


def performance_events(pattern: Pattern, loops: int, samplerate: int, mixer=None,
                       humanize: Humanize = NO_HUMANIZE, metronome: bool = False, count_in: bool = False,
                       notes: list[int] | None = None, opens: bool = True):
    """All note events of a render: arrays (on_sample, off_sample, channel, note, velocity); channels by
    synth.channel_notes (`notes`, default the pattern's own). The first pass starts at 0 (after a count-in
    bar), the grid's zero: a note a pass plays before its start sounds in the pass before (or in the
    count-in); with `opens` (this starts the file) one before 0 is placed by performance.from_zero. Without
    `opens` (a song's later section) it may lie before 0: in the section before."""
    channels = row_channels(pattern, notes)
    loop_s = pattern.duration_seconds
    lead = pattern.bar_seconds if count_in else 0.0
    audible = audible_rows(pattern, mixer)
    step_s = pattern.seconds_per_step
    on, off, ch, note, vel = [], [], [], [], []
    for loop in range(loops):
        rows, _, t, v, length, grace = pass_notes(pattern, humanize, loop)
        keep = audible[rows]
        rows, t, v, length, grace = rows[keep], t[keep], v[keep], length[keep], grace[keep]
        t = lead + loop * loop_s + t
        if opens and loop == 0:
            shift, keep = from_zero(t, grace)
            t = t + shift
            rows, t, v, length = rows[keep], t[keep], v[keep], length[keep]
        on.append(t)
        off.append(t + length * step_s)
        ch.append(channels[rows])
        note.append(np.array([pattern.rows[r].note for r in rows], np.int64))
        vel.append(v)
    click_bars = (1 if count_in else 0) + (pattern.bars * loops if metronome else 0)
    if click_bars:
        ct, cn = click_times(pattern, click_bars, 0.0)
        on.append(ct)
        off.append(ct + 0.05)
        ch.append(np.full(len(ct), METRONOME_CHANNEL))
        note.append(cn)
        vel.append(np.full(len(ct), METRONOME_VELOCITY))
    cat = lambda xs, dt: np.concatenate(xs).astype(dt) if xs else np.zeros(0, dt)  # noqa: E731
    to_samples = lambda s: np.round(cat(s, np.float64) * samplerate).astype(np.int64)  # noqa: E731
    return to_samples(on), to_samples(off), cat(ch, np.int64), cat(note, np.int64), cat(vel, np.int64)


def play_events(rig, events, total: int, mixer, notes: list[int], progress=None, cancel=None,
                sink=None) -> np.ndarray | None:
    """Render `total` frames of events (on, off, channel, note, velocity), the mix applied first on the
    channels of `notes` (synth.channel_notes). Events go to the synth between writes, at their exact sample:
    FluidSynth starts them at its next 64-sample block (1.45 ms at 44.1 kHz); its sequencer would add a
    millisecond clock on top. With a sink, each block goes to sink(block) as it is rendered (nothing is
    kept: a long render never sits in memory) and None is returned."""
    on, off, ch, note, vel = events
    n = len(on)
    times = np.concatenate([on, np.maximum(off, on + 1)])
    kinds = np.concatenate([np.ones(n, np.int64), np.zeros(n, np.int64)])
    order = np.lexsort((kinds, times))       # per sample: note-offs before note-ons
    rig.apply_mixer(notes, mixer)
    chunk = 8192
    audio = np.zeros((total, 2), np.float32) if sink is None else None
    block = np.zeros((chunk, 2), np.float32) if sink is not None else None
    pos, done_report = 0, 0
    for e in list(order) + [None]:
        target = total if e is None else min(int(times[e]), total)
        while pos < target:
            k = min(chunk, target - pos)
            if sink is None:
                rig.render_into(audio[pos:pos + k])
            else:
                rig.render_into(block[:k])
                sink(block[:k])
            pos += k
            if cancel is not None and cancel():
                raise Cancelled("render cancelled")
            if progress and pos - done_report >= chunk:
                progress(pos / total)
                done_report = pos
        if e is None:
            break
        i = e % n
        if e < n:
            rig.synth.noteon(int(ch[i]), int(note[i]), rig.velocity(int(note[i]), int(vel[i])))
        else:
            rig.synth.noteoff(int(ch[i]), int(note[i]))
    if progress:
        progress(1.0)
    return audio


def render(pattern: Pattern, *, loops: int = 1, soundfont: str | None = None, kit: str | None = None,
           samplerate: int = 44100, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
           count_in: bool = False, tail: float = 2.5, progress=None, cancel=None, sink=None) -> Render:
    """Render N loops offline (faster than real time), with a tail for ringing cymbals; with a sink,
    streamed to it block by block (play_events)."""
    if not 1 <= loops <= 256:
        raise AudioError(f"loops must be 1-256, got {loops}")
    lead = pattern.bar_seconds if count_in else 0.0
    check_render_length(lead + loops * pattern.duration_seconds + tail,
                        loops * played_notes(pattern.hits, pattern.rolls))
    rig = SynthRig(soundfont, kit if kit is not None else (mixer.kit if mixer is not None else None), samplerate)
    try:
        events = performance_events(pattern, loops, samplerate, mixer, humanize, metronome, count_in)
        total = int(round((lead + loops * pattern.duration_seconds + tail) * samplerate))
        audio = play_events(rig, events, total, mixer, channel_notes([pattern]), progress, cancel, sink)
        on = events[0]
        return Render(audio, samplerate, rig.kit, rig.path, on, total)
    finally:
        rig.delete()


def render_wav(path, pattern: Pattern, *, bits: int = 16, samplerate: int = 44100, **kw) -> Render:
    """Render a pattern straight into a WAV file (stream_wav); song.render_song_wav does a song."""
    return stream_wav(path, samplerate, bits, lambda sink: render(pattern, samplerate=samplerate, sink=sink, **kw))


def stream_wav(path, samplerate: int, bits: int, run) -> Render:
    """run(sink) renders block by block into a WAV file that appears whole when the render is done; a render
    of minutes never sits in memory."""
    from .wav import WavStream
    with WavStream(path, samplerate, bits) as w:
        return run(w.write)
