"""Headless commands on the engine (info, convert): the same code paths the GUI uses."""
from __future__ import annotations

import os
from typing import TYPE_CHECKING

from .errors import GrooveLoomError, MidiFileError, printable
from .fileio import check_output, read_input_file
from .performance import Humanize
from .pattern import GRIDS, Pattern, parse_meter
from .project import EXTENSION, load_project
from .rolls import describe as roll_cells

if TYPE_CHECKING:       # (engine.midi and mido load when a command reads or writes MIDI: not for the window)
    from .midi import QuantizeReport


def load_any_project(path: str, **kw):
    """(pattern, mixer or None, humanize) of a MIDI file or a .groove project (its current pattern)."""
    if path.lower().endswith(EXTENSION):
        project = load_project(path)
        return project.pattern, project.mixer, project.mixer.humanize
    patterns, _ = load_any(path, **kw)
    return patterns[0][1], None, Humanize()


def load_any(path: str, *, grid: int | None = None, channel: int | None = None, fold: str = "gm",
             swing: float | None = None) -> tuple[list[tuple[str, Pattern]], QuantizeReport | None]:
    """A MIDI file or a .groove project -> named patterns (+ the quantization report for MIDI)."""
    if path.lower().endswith(EXTENSION):
        project = load_project(path)
        return list(zip(project.names, project.patterns)), None
    from .midi import read_midi
    result = read_midi(path, grid=grid, channel=channel, fold=fold, swing=swing)
    return [(os.path.basename(path), result.pattern)], result.report


def describe(pattern: Pattern) -> list[str]:
    lines = [f"bars: {pattern.bars}", f"time signature: {pattern.meter}", f"tempo: {pattern.tempo:g} BPM",
             f"grid: {pattern.grid} ({GRIDS[pattern.grid]} notes, {pattern.steps_per_bar} steps per bar)",
             f"swing: {pattern.swing:g} on {pattern.swing_unit}ths",
             f"hits: {pattern.total_hits}", "hits per row:"]
    width = max((len(r.name) for r in pattern.rows), default=4)
    for i, r in enumerate(pattern.rows):
        lines.append(f"  {r.name:<{width}}  note {r.note:>3}  {int((pattern.hits[i] > 0).sum()):>5}")
    return lines + describe_rolls(pattern)


ROLLS_LISTED = 200   # info lists at most this many rolled cells, then counts the rest


def describe_rolls(pattern: Pattern) -> list[str]:
    """'rolls and flams: N' and one line per rolled or flammed cell (row, bar, step, label); nothing when none."""
    cells = roll_cells(pattern)
    if not cells:
        return []
    width = max(len(name) for name, *_ in cells)
    lines = [f"rolls and flams: {len(cells)}"]
    lines += [f"  {name:<{width}}  bar {bar:>3} step {step:>3}  {label}"
              for name, bar, step, label in cells[:ROLLS_LISTED]]
    if len(cells) > ROLLS_LISTED:
        lines.append(f"  ... and {len(cells) - ROLLS_LISTED} more")
    return lines


def cmd_info(args) -> int:
    if args.map is not None:
        return _pack_map(args.file, args.map)
    kw = dict(grid=args.grid, channel=args.channel, fold=args.fold, swing=args.swing)
    mid = None
    if args.file.lower().endswith(EXTENSION):
        patterns, report = load_any(args.file, **kw)
    else:                                 # (read and parsed once: the import and the sections share it)
        from .midi import import_midi, parse_midi_bytes
        mid = parse_midi_bytes(read_input_file(args.file, MidiFileError), args.file)
        whole = import_midi(mid, name=args.file, **kw)
        patterns, report = [(os.path.basename(args.file), whole.pattern)], whole.report
    print(f"file: {printable(args.file)}")
    for name, p in patterns:          # (names from the file: a newline or escape in one is shown, not acted)
        if len(patterns) > 1:
            print(f"pattern: {printable(name)}")
        print("\n".join(printable(line) for line in describe(p)))
    if report is not None:
        print("quantization:")
        print("\n".join("  " + line for line in report.lines()))
        from .midi.sections import song_sections
        sections = song_sections(mid, args.file, whole=whole, **kw)
        if len(sections) > 1:   # the window imports these as patterns
            print(f"sections (where the tempo or meter changes): {len(sections)}")
            for sec in sections:
                p = sec.result.pattern
                rolls = f", {p.roll_count} rolls and flams" if p.has_rolls else ""
                print(f"  {sec.name}: bars {sec.first_bar}-{sec.first_bar + p.bars - 1}, {p.meter}, {p.tempo:g} BPM, "
                      f"grid {p.grid}, {p.total_hits} hits{rolls}")
    return 0


def _pack_map(path: str, note_map: str) -> int:
    """info --map: how each file of a pack (or one file, with the pack its folder) was read, note by note."""
    from .looppack import scan_pack
    one = None
    if os.path.isfile(path) and path.lower().endswith((".mid", ".midi")):
        one, path = os.path.basename(path), os.path.dirname(os.path.abspath(path))
    scan = scan_pack(path, note_map=note_map)
    print(f"pack: {printable(path)} ({scan.files} MIDI files, read through: {scan.kit_map})")
    if scan.learned and one is None:
        print("the pack's note map, learned from the files named by role (pack note -> GM):")
        print("\n".join("  " + printable(line) for line in scan.learned.lines()))
    loops = [lp for lp in scan.loops if one is None or os.path.normpath(lp.name) == one]
    for lp in loops:
        print(f"{printable(lp.name)} ({lp.role.replace('_', ' ')}):")
        print("\n".join("  " + printable(r.line()) for r in lp.reading))
    for name, why in scan.skipped:
        if one is None or os.path.normpath(name) == one:
            print(f"{printable(name)}: skipped ({printable(why)})")
    if one is not None and not loops and not any(os.path.normpath(n) == one for n, _ in scan.skipped):
        raise GrooveLoomError("not a MIDI file of its folder's pack", one)
    return 0


def _song_project(args):
    """The project of a .groove input for --song (its arrangement, or its patterns in order)."""
    if not args.input.lower().endswith(EXTENSION):
        raise GrooveLoomError("--song takes a .groove project (its arrangement, or its patterns in order)", args.input)
    return load_project(args.input)


def cmd_convert(args) -> int:
    from .exports import EXPORTS, write_song_midi
    EXPORTS["midi"].check(args.output)
    check_output(args.output, inputs=[args.input])
    if args.song:
        from .song import arranged
        project = _song_project(args)
        write_song_midi(args.output, project)
        parts = arranged(project)
        print(f"wrote {args.output}: a song of {len(parts)} sections, {sum(p.bars * n for _, p, n in parts)} bars")
        return 0
    patterns, report = load_any(args.input, grid=args.grid, channel=args.channel, fold=args.fold,
                                swing=args.swing)
    pattern = patterns[0][1]
    if args.grid and pattern.grid != args.grid:
        pattern, lost = pattern.with_grid(args.grid)
        if lost:
            print(f"{len(lost)} hits do not fit the {GRIDS[args.grid]} grid and were left out")
    from .midi import write_midi
    write_midi(pattern, args.output, title=os.path.splitext(os.path.basename(args.output))[0])
    rolls = f", {pattern.roll_count} rolls and flams" if pattern.has_rolls else ""
    print(f"wrote {args.output}: {pattern.bars} bars of {pattern.meter}, {pattern.total_hits} hits{rolls}, "
          f"grid {pattern.grid}")
    if report is not None:
        print("\n".join(report.lines()))
    return 0


def _sound_setup(args):
    pattern, mixer, humanize = load_any_project(args.input, grid=args.grid)
    if args.swing is not None:
        try:
            pattern = pattern.with_settings(swing=args.swing)
        except ValueError as exc:
            raise GrooveLoomError(f"--swing: {exc}") from None
    if args.humanize_ms or args.humanize_velocity:
        try:
            humanize = Humanize(args.humanize_ms, args.humanize_velocity, args.seed)
        except ValueError as exc:
            raise GrooveLoomError(f"--humanize: {exc}") from None
    return pattern, mixer, humanize


def cmd_render(args) -> int:
    import time
    from .render import render_wav
    from .exports import EXPORTS
    EXPORTS["wav"].check(args.output)
    from .fileio import protect_inputs
    from .soundfont import find_soundfonts
    protect_inputs(*find_soundfonts())        # the soundfont picked for it is an input too (o.wav -> font.sf2)
    check_output(args.output, inputs=[args.input])
    t = time.perf_counter()
    common = dict(loops=args.loops, soundfont=args.soundfont, kit=args.kit, samplerate=args.samplerate,
                  tail=args.tail, bits=args.bits)
    if args.song:
        from .song import render_song_wav
        r = render_song_wav(args.output, _song_project(args), **common)
    else:
        pattern, mixer, humanize = _sound_setup(args)
        r = render_wav(args.output, pattern, mixer=mixer, humanize=humanize, metronome=args.metronome,
                       count_in=args.count_in, **common)
    took = time.perf_counter() - t
    secs = r.frames / r.samplerate
    print(f"wrote {args.output}: {secs:.2f} s, {r.samplerate} Hz, {args.bits}-bit, kit '{r.kit.name}' from "
          f"{r.soundfont}; rendered in {took:.2f} s ({secs / max(took, 1e-9):.0f}x real time)")
    return 0


def cmd_play(args) -> int:
    import time
    from .player import Player
    if args.song and (args.transport or args.link):
        raise GrooveLoomError("--transport and --link play a pattern, not --song")
    if args.transport and args.link:
        raise GrooveLoomError("--transport or --link: one leads")
    if args.song:
        from .song import arranged
        project = _song_project(args)
        song = [(p, n) for _, p, n in arranged(project)]
        pattern, mixer, humanize = song[0][0], project.mixer, project.mixer.humanize
        seconds, what = sum(p.duration_seconds * n for p, n in song), f"song of {len(song)} sections"
    else:
        pattern, mixer, humanize = _sound_setup(args)
        song, seconds, what = None, pattern.duration_seconds, "loop"
    driver = "jack" if args.midi_out or args.transport or args.link else args.driver
    with Player(soundfont=args.soundfont, kit=args.kit, driver=driver, buffer_size=args.buffer,
                midi_to=args.midi_out) as pl:
        if pl.status != "ok":
            raise GrooveLoomError(pl.status + (" (--midi-out sends through JACK: start a JACK server)"
                                               if args.midi_out else ""))
        if pl.jack is not None:
            from .midiout import MidiOut
            pl.set_midi(MidiOut(channel=args.channel - 1, clock=args.clock, synth=not args.no_synth))
        if song:
            pl.play_song(song, mixer=mixer, humanize=humanize, metronome=args.metronome, count_in=args.count_in)
        elif args.transport or args.link:
            _follow(pl, pattern, args, mixer=mixer, humanize=humanize, metronome=args.metronome)
        else:
            pl.play(pattern, mixer=mixer, humanize=humanize, metronome=args.metronome, count_in=args.count_in,
                    passes=args.loops)
        lead = pattern.bar_seconds if args.count_in else 0
        print(f"playing {args.input}: {args.loops} x the {what} of {seconds:.2f} s, kit "
              f"'{pl.rig.kit.name}' (Ctrl+C stops)")
        time.sleep(0.25)   # the first callbacks tell the real period
        print(f"output {pl.describe()}")
        if pl.jack is not None:
            print(f"MIDI out {pl.jack.port_name('midi_out')} (channel {args.channel}"
                  f"{', clock' if args.clock else ''}{', synth off' if args.no_synth else ''})"
                  + (f" -> {args.midi_out}" if args.midi_out else ""))
        time.sleep(max(0.0, lead + args.loops * seconds + 0.1 - 0.25))
        if args.transport == "lead":
            pl.transport("stop")
        pl.stop(ring=True)
        time.sleep(1.0)  # let cymbals ring
    return 0


def _follow(pl, pattern, args, **kw) -> None:
    """play --transport: the loop plays where the JACK transport is while it rolls (follow), GrooveLoom also
    its timebase master and starting it from the top (lead); play --link: in an Ableton Link session's
    tempo and phase."""
    if pl.jack is None:
        raise GrooveLoomError("--transport and --link need a running JACK server (GrooveLoom plays through JACK)")
    if args.link:
        import time
        pl.follow_clock(pattern, source="link", **kw)
        time.sleep(1.0)                       # (peers answer within a second)
        print(f"Ableton Link: {pl.link.peers} other peer(s), {pl.link.tempo:.1f} BPM")
        return
    mode = args.transport
    pl.follow_clock(pattern, source="jack", lead=mode == "lead", **kw)
    if mode == "lead":
        pl.transport("locate", 0)
        pl.transport("start")
    print(f"{'leading' if mode == 'lead' else 'following'} the JACK transport")


def cmd_record(args) -> int:
    """Record a take from a JACK MIDI output: N bars at a tempo over the metronome (a bar of count-in
    first if asked), the pads heard through the kit, the take quantized as the MIDI import reads a file."""
    import time
    from .exports import EXPORTS
    from .player import Player
    from .recorder import Take, input_note_map
    EXPORTS["midi"].check(args.output)
    try:
        num, den = parse_meter(args.meter)
        empty = Pattern.empty(bars=args.bars, numerator=num, denominator=den, grid=args.grid or 16,
                              tempo=args.tempo)
    except ValueError as exc:
        raise GrooveLoomError(f"--meter {args.meter}: {exc}") from None
    note_map = input_note_map(args.map)
    take = Take()
    with Player(soundfont=args.soundfont, kit=args.kit, driver="jack") as pl:
        if pl.jack is None:
            raise GrooveLoomError(f"{pl.status} (recording reads MIDI through JACK: start a JACK server)")
        pl.record_from(args.midi_in)
        pl.monitor(note_map)
        pl.play(empty, metronome=True, count_in=args.count_in, passes=1)
        lead = empty.bar_seconds if args.count_in else 0.0
        print(f"recording {args.bars} bar{'s' if args.bars > 1 else ''} of {args.meter} at {args.tempo:g} BPM "
              f"from {args.midi_in}{' after a bar of count-in' if args.count_in else ''} ...", flush=True)
        end = time.monotonic() + 0.1 + lead + empty.duration_seconds + 0.15
        while time.monotonic() < end:
            take.add(pl.timelines(), pl.midi_in(), passes=1)
            time.sleep(0.02)
        take.add(pl.timelines(), pl.midi_in(), passes=1)
        pl.stop()
    got = take.pattern(empty, note_map, quantize=not args.no_quantize)
    if got is None:
        raise GrooveLoomError(f"nothing was played on a drum note the '{args.map}' map knows "
                              f"({len(take)} note-ons arrived)", args.midi_in)
    from .midi import write_midi
    write_midi(got, args.output)
    rows = ", ".join(f"{r.name} {int((got.hits[i] > 0).sum())}" for i, r in enumerate(got.rows) if got.hits[i].any())
    print(f"wrote {args.output}: {int((got.hits > 0).sum())} hits ({rows})")
    return 0


def cmd_ports(_args) -> int:
    from .jack import midi_ports, server_rate
    ports = midi_ports()
    if ports is None:
        print("no JACK server is running: GrooveLoom reaches a DAW's or a drum machine's MIDI through JACK "
              "(start jackd, QjackCtl, or PipeWire's JACK)")
        return 0
    print(f"JACK server at {server_rate()} Hz")
    for key, what in (("in", "MIDI inputs (play --midi-out PORT sends to one)"),
                      ("out", "MIDI outputs (pads, e-kits, a DAW's MIDI out)")):
        print(f"{what}:")
        print("\n".join(f"  {name}" for name in ports[key]) if ports[key] else "  (none)")
    return 0


def cmd_augment(args) -> int:
    import time
    from .looppack import recombine, scan_pack, write_pack
    roles, meters = _augment_overrides(args)
    t = time.perf_counter()
    scan = scan_pack(args.pack, note_map=args.map, roles=roles, meters=meters)
    _print_scan(scan, time.perf_counter() - t, args)
    if not scan.loops:
        raise GrooveLoomError("no usable loops in the pack", args.pack)
    t = time.perf_counter()
    res = recombine(scan.loops, args.n, seed=args.seed, max_bars=args.max_bars)
    if res.why:
        raise GrooveLoomError(res.why, args.pack)
    index = write_pack(res, args.output)
    print(f"generated {len(res.loops)} new loops in {time.perf_counter() - t:.2f} s from {res.attempts} attempts; "
          f"dropped {res.duplicates} duplicates (rotations included), "
          f"{sum(res.filtered.values())} by the filters ({', '.join(f'{k} {v}' for k, v in res.filtered.items()) or 'none'})")
    if res.stopped:
        print(res.stopped)
    print(f"wrote {len(res.loops)} MIDI files and {printable(index)}")
    return 0


def _augment_overrides(args) -> tuple[dict, dict]:
    """--role FILE=ROLE and --meter FILE=N/D, checked."""
    from .looppack import ROLES
    roles, meters = {}, {}
    for spec in args.role:
        name, _, role = spec.partition("=")
        if role not in ROLES:
            raise GrooveLoomError(f"--role {spec}: role must be one of {', '.join(ROLES)}")
        roles[name] = role
    for spec in args.meter:
        name, _, m = spec.partition("=")
        try:
            meters[name] = parse_meter(m)
        except ValueError:
            raise GrooveLoomError(f"--meter {spec}: expected FILE=N/D, e.g. loop.mid=3/4") from None
    return roles, meters


def _print_scan(scan, seconds: float, args) -> None:
    """What reading the pack found: files, skips, roles and meters, trimmed repeats, the note map (saved with
    --save-map), the notes it drops."""
    from collections import Counter
    print(f"read {scan.files} MIDI files in {seconds:.2f} s ({scan.files / max(seconds, 1e-9):.0f} files/s): "
          f"{len(scan.loops)} normalized, {len(scan.skipped)} skipped")
    for name, why in scan.skipped[:20]:
        print(f"  skipped {printable(name)}: {printable(why)}")
    if len(scan.skipped) > 20:
        print(f"  ... and {len(scan.skipped) - 20} more")
    meter_counts = Counter(loop.pattern.meter for loop in scan.loops)
    print(f"roles: {', '.join(f'{r} {n}' for r, n in sorted(scan.roles().items()))}; "
          f"meters: {', '.join(f'{m} {n}' for m, n in sorted(meter_counts.items()))}")
    trimmed = [l for l in scan.loops if l.trimmed]
    if trimmed:
        steps = sum(l.meter_source == "steps" for l in trimmed)
        print(f"repeated content trimmed to the loop: {len(trimmed)} files (e.g. {printable(trimmed[0].name)}: "
              f"{trimmed[0].trimmed[0]} -> {trimmed[0].trimmed[1]} bars)"
              + (f"; {steps} of equal steps not making whole bars read as 16ths at the tempo that keeps "
                 f"their timing" if steps else ""))
    print(f"kit loops read through: {scan.kit_map}")
    if scan.learned:
        print("the pack's note map, learned from the files named by role (pack note -> GM):")
        print("\n".join("  " + printable(line) for line in scan.learned.lines()))
        if args.save_map:
            from .fileio import atomic_write_bytes
            atomic_write_bytes(args.save_map, scan.learned.to_json().encode())
            print(f"wrote the learned map to {args.save_map} (edit it and pass it back with --map)")
    elif args.save_map:
        raise GrooveLoomError("--save-map: no map was learned (no file names a role, or --map was given)", args.pack)
    unmapped = sum(sum(l.unmapped.values()) for l in scan.loops)
    if unmapped:
        print(f"notes the note map does not cover (dropped): {unmapped}")


MAX_AUGMENT = 10_000          # new loops one augment writes


def _register_live(sub) -> None:
    """play, ports and record: what runs in real time."""
    from .cli import command, float_in, grid_option, int_in, sound_options
    from .pattern import MAX_TEMPO, MIN_TEMPO
    from .recorder import KIT_MAPS
    p = command(sub, "play", cmd_play, help="play through the audio device")
    sound_options(p)
    p.add_argument("--driver", default=None, help="FluidSynth audio driver (jack, pulseaudio, pipewire, alsa, ...)")
    p.add_argument("--buffer", type=int_in(16, 8192), default=512, help="audio buffer (period) size in frames")
    p.add_argument("--midi-out", default=None, metavar="PORT",
                   help="also send the beat as MIDI notes to this JACK MIDI input (a DAW's or a drum machine's; "
                        "`ports` lists them); GrooveLoom plays through JACK then")
    p.add_argument("--channel", type=int_in(1, 16), default=10, help="MIDI channel of the notes (default 10)")
    p.add_argument("--clock", action="store_true", help="send MIDI clock, start and stop with the notes")
    p.add_argument("--no-synth", action="store_true", help="MIDI only: the internal synth stays silent")
    p.add_argument("--transport", choices=("follow", "lead"), default=None,
                   help="JACK transport: follow (the loop plays where the transport is, while it rolls, in the "
                        "timebase master's tempo) or lead (also its timebase master, started from the top)")
    p.add_argument("--link", action="store_true",
                   help="play in an Ableton Link session's tempo and phase (needs the optional package aalink)")
    command(sub, "ports", cmd_ports, help="list the MIDI ports GrooveLoom can play to or record from (JACK)")
    p = command(sub, "record", cmd_record, help="record a take from pads or an e-kit (JACK MIDI) into a MIDI file")
    p.add_argument("--midi-in", required=True, metavar="PORT", help="the JACK MIDI output to record (`ports`)")
    p.add_argument("-o", "--output", required=True, help="the take, as a GM drum MIDI file")
    p.add_argument("--bars", type=int_in(1, 32), default=2)
    p.add_argument("--tempo", type=float_in(MIN_TEMPO, MAX_TEMPO), default=100.0)
    p.add_argument("--meter", default="4/4")
    grid_option(p)
    p.add_argument("--count-in", action="store_true", help="one bar of clicks first")
    p.add_argument("--no-quantize", action="store_true",
                   help="keep every hit's timing as played (the file's notes sit where they were played)")
    p.add_argument("--map", default="gm", choices=KIT_MAPS,
                   help="the input's note map: gm, roland (TD e-kits, the Groove MIDI Dataset's), alesis, pads, "
                        "mpc, ableton")
    p.add_argument("--kit", default=None, help="the kit the pads are heard through")
    p.add_argument("--soundfont", default=None)


def register(sub) -> None:
    """The engine's commands: info, convert, render, play, ports, augment."""
    from .cli import SEED, command, float_in, import_options, int_in, sound_options
    p = command(sub, "info", cmd_info, help="describe a MIDI or .groove file")
    p.add_argument("file")
    import_options(p)
    p.add_argument("--map", nargs="?", const="learn", default=None, metavar="NOTEMAP",
                   help="FILE is a loop pack (folder or .zip) or a file in a pack folder: print which pack note of "
                        "each file became which GM note and why, the pack read as augment reads it (learn, gm, "
                        "pads, mpc, ableton or a JSON map)")
    p = command(sub, "convert", cmd_convert, help="re-quantize a MIDI file and write GM drum MIDI")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    import_options(p)
    p.add_argument("--song", action="store_true", help="a .groove project's song (arrangement) as one MIDI file")
    p = command(sub, "render", cmd_render, help="render to WAV through FluidSynth")
    sound_options(p)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--samplerate", type=int, choices=(44100, 48000), default=44100)
    p.add_argument("--bits", type=int, choices=(16, 24), default=16)
    p.add_argument("--tail", type=float_in(0, 60), default=2.5, help="seconds after the last loop for ringing cymbals")
    _register_live(sub)
    p = command(sub, "augment", cmd_augment, help="normalize a loop pack to GM and recombine its parts into new loops")
    p.add_argument("pack", help="a folder of MIDI loops (searched recursively) or a .zip")
    p.add_argument("-o", "--output", required=True, help="folder for the new loops and index.csv")
    p.add_argument("-n", type=int_in(1, MAX_AUGMENT), default=100, help=f"how many new loops (1-{MAX_AUGMENT})")
    p.add_argument("--seed", type=SEED, default=0)
    p.add_argument("--map", default="learn",
                   help="note map for whole-kit loops: learn (default: the pack's own map, learned from the files "
                        "its names say are kick, snare, hats, ...; GM for the rest), gm, pads, mpc, ableton or a "
                        "JSON file {\"pack note\": GM note} (GM for notes it lacks)")
    p.add_argument("--save-map", default=None, metavar="JSON", help="write the learned note map (to edit and reuse)")
    p.add_argument("--max-bars", type=int_in(1, 32), default=8)
    p.add_argument("--role", action="append", default=[], metavar="FILE=ROLE",
                   help="override a file's role (kit, kick, snare, side_stick, clap, closed_hat, open_hat, pedal_hat, "
                        "ride, ride_bell, crash, toms, perc)")
    p.add_argument("--meter", action="append", default=[], metavar="FILE=N/D", help="override a file's meter")
