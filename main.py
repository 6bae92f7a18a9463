"""GrooveLoom: a drum step sequencer with a neural drummer.

    python main.py                      start the GUI
    python main.py info FILE            what a MIDI or .groove file holds, with the quantization report
    python main.py convert IN -o OUT    re-quantize to GM drum MIDI
    python main.py --help-commands      every command; `main.py <command> --help` for its options

Errors in input exit with status 2 and one line 'error: <file>: <what is wrong>'.
"""
from __future__ import annotations

import argparse
import math
import os
import sys

from engine.pattern import EDIT_MAX_BARS, MAX_BARS, MAX_TEMPO, MIN_TEMPO
from engine.project import RANGES, range_text

MODELS_DEFAULT = os.path.join("resources", "models")
DATA_DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "datasets", "groove")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, like every other input error
        from engine.errors import printable
        sys.stderr.write(f"error: {printable(message)}\n")      # (a value with a newline stays one line)
        sys.exit(2)


def _in_range(cast, lo, hi):
    """An argparse type: a finite int or float lo-hi (a number out of range, nan or inf is a one-line error,
    not a crash later)."""
    show = str if cast is int else (lambda x: f"{x:g}")
    what = "a whole number" if cast is int else "a number"

    def parse(text: str):
        try:
            v = cast(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected {what} {show(lo)}-{show(hi)}, got {text[:20]!r}") from None
        if not (math.isfinite(v) and lo <= v <= hi):
            raise argparse.ArgumentTypeError(f"must be {show(lo)}-{show(hi)}, got {text[:20]}")
        return v
    return parse


def _int_in(lo: int, hi: int):
    return _in_range(int, lo, hi)


def _float_in(lo: float, hi: float):
    return _in_range(float, lo, hi)


SEED = _int_in(0, 2**32 - 1)
MAX_AUGMENT = 10_000          # new loops one augment writes


def _grid(text: str) -> int:
    from engine.pattern import GRIDS
    try:
        g = int(text)
    except ValueError:
        g = -1
    if g not in GRIDS:
        raise argparse.ArgumentTypeError(f"grid must be one of {sorted(GRIDS)} (steps per whole note)")
    return g


def _grid_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--grid", type=_grid, default=None,
                   help="quantize a MIDI file to 16, 32, 64, 12 (8th triplets), 24 (16th triplets) or 48 (32nd "
                        "triplets); default: the coarsest grid its notes lie on, 16 for a played performance")


def _import_options(p: argparse.ArgumentParser) -> None:
    _grid_option(p)
    p.add_argument("--channel", type=_int_in(1, 16), default=None, metavar="N",
                   help="read MIDI channel N (1-16) as the drum part (default 10)")
    p.add_argument("--fold", choices=("gm", "voices"), default="gm",
                   help="gm: one row per GM note (default); voices: fold onto the 9 drummer voices")
    p.add_argument("--swing", type=_float_in(0.5, 0.75), default=None, help="straighten a file played with this swing (0.5-0.75)")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="main.py", description="GrooveLoom drum sequencer. Without a command: the GUI.")
    sub = ap.add_subparsers(dest="command", parser_class=_Parser)
    _file_commands(sub)
    _sound_commands(sub)
    _pack_commands(sub)
    _model_commands(sub)
    _drummer_commands(sub)
    return ap


def _file_commands(sub) -> None:
    p = sub.add_parser("info", help="describe a MIDI or .groove file")
    p.add_argument("file")
    _import_options(p)
    p.add_argument("--map", nargs="?", const="learn", default=None, metavar="NOTEMAP",
                   help="FILE is a loop pack (folder or .zip) or a file in a pack folder: print which pack note of "
                        "each file became which GM note and why, the pack read as augment reads it (learn, gm, "
                        "pads, mpc, ableton or a JSON map)")
    p = sub.add_parser("convert", help="re-quantize a MIDI file and write GM drum MIDI")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    _import_options(p)
    p.add_argument("--song", action="store_true", help="a .groove project's song (arrangement) as one MIDI file")


def _sound_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="a MIDI file or .groove project")
    _grid_option(p)
    p.add_argument("--loops", type=_int_in(1, 256), default=1)
    p.add_argument("--kit", default=None, help="drum kit name or preset number (default: Standard)")
    p.add_argument("--soundfont", default=None, help=".sf2/.sf3 (default: the best GM soundfont found)")
    p.add_argument("--swing", type=_float_in(0.5, 0.75), default=None, help="0.5 (straight) to 0.75")
    p.add_argument("--humanize-ms", type=_float_in(*RANGES["humanize_ms"]), default=0.0,
                   help=f"random timing, +-ms ({range_text('humanize_ms')})")
    p.add_argument("--humanize-velocity", type=_int_in(*RANGES["humanize_velocity"]), default=0,
                   help=f"random velocity, +-units ({range_text('humanize_velocity')})")
    p.add_argument("--seed", type=SEED, default=0, help="humanize seed")
    p.add_argument("--metronome", action="store_true")
    p.add_argument("--count-in", action="store_true", help="one bar of clicks first")
    p.add_argument("--song", action="store_true",
                   help="a .groove project's song: its arrangement (or its patterns in order), --loops times")


def _sound_commands(sub) -> None:
    p = sub.add_parser("render", help="render to WAV through FluidSynth")
    _sound_options(p)
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--samplerate", type=int, choices=(44100, 48000), default=44100)
    p.add_argument("--bits", type=int, choices=(16, 24), default=16)
    p.add_argument("--tail", type=_float_in(0, 60), default=2.5, help="seconds after the last loop for ringing cymbals")
    p = sub.add_parser("play", help="play through the audio device")
    _sound_options(p)
    p.add_argument("--driver", default=None, help="FluidSynth audio driver (jack, pulseaudio, pipewire, alsa, ...)")
    p.add_argument("--buffer", type=_int_in(16, 8192), default=512, help="audio buffer (period) size in frames")


def _pack_commands(sub) -> None:
    p = sub.add_parser("augment", help="normalize a loop pack to GM and recombine its parts into new loops")
    p.add_argument("pack", help="a folder of MIDI loops (searched recursively) or a .zip")
    p.add_argument("-o", "--output", required=True, help="folder for the new loops and index.csv")
    p.add_argument("-n", type=_int_in(1, MAX_AUGMENT), default=100, help=f"how many new loops (1-{MAX_AUGMENT})")
    p.add_argument("--seed", type=SEED, default=0)
    p.add_argument("--map", default="learn",
                   help="note map for whole-kit loops: learn (default: the pack's own map, learned from the files "
                        "its names say are kick, snare, hats, ...; GM for the rest), gm, pads, mpc, ableton or a "
                        "JSON file {\"pack note\": GM note} (GM for notes it lacks)")
    p.add_argument("--save-map", default=None, metavar="JSON", help="write the learned note map (to edit and reuse)")
    p.add_argument("--max-bars", type=_int_in(1, 32), default=8)
    p.add_argument("--role", action="append", default=[], metavar="FILE=ROLE",
                   help="override a file's role (kit, kick, snare, side_stick, clap, closed_hat, open_hat, pedal_hat, "
                        "ride, ride_bell, crash, toms, perc)")
    p.add_argument("--meter", action="append", default=[], metavar="FILE=N/D", help="override a file's meter")


def _model_commands(sub) -> None:
    p = sub.add_parser("train", help="train the drummer (TensorFlow) and export it for the app")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv) or a loop pack folder/zip")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--arch", choices=("lstm", "tcn"), default="lstm")
    p.add_argument("--epochs", type=_int_in(1, 100_000), default=40)
    p.add_argument("--max-minutes", type=_float_in(0.01, 100_000), default=28.0)
    p.add_argument("--seed", type=SEED, default=1234)
    p.add_argument("--limit", type=_int_in(1, 1_000_000), default=None, help="first N sequences per split (quick runs)")
    p.add_argument("--finetune", action="store_true", help="start from the model in --out")
    p = sub.add_parser("train-feel", help="train the feel model (each hit's timing and velocity) on GMD and export it")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--epochs", type=_int_in(1, 1000), default=40)
    p.add_argument("--max-minutes", type=_float_in(0.01, 1000), default=60.0, help="for all the models together")
    p.add_argument("--limit", type=_int_in(1, 1_000_000), default=None, help="first N performances per split")
    p.add_argument("--seed", type=SEED, default=0)
    p.add_argument("--ensemble", type=_int_in(1, 8), default=3, help="models averaged (seeds seed, seed+1, ...)")
    p.add_argument("--dynamics-only", action="store_true",
                   help="only count the real drummers' dynamics the feel is held to (dynamics.json)")
    p = sub.add_parser("train-rolls", help="count where GMD drummers roll and flam, and their typical beat bars, per style")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p = sub.add_parser("train-beatmap", help="train the beat map (a latent space of one-bar beats) on GMD and export it")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (info.csv)")
    p.add_argument("--out", default=MODELS_DEFAULT)
    p.add_argument("--latent", type=_int_in(2, 256), default=32)
    p.add_argument("--beta", type=_float_in(0, 100), default=0.25, help="weight of the KL term")
    p.add_argument("--epochs", type=_int_in(1, 1000), default=60)
    p.add_argument("--max-minutes", type=_float_in(0.01, 1000), default=15.0)
    p.add_argument("--limit", type=_int_in(1, 1_000_000), default=None, help="first N performances per split")
    p.add_argument("--seed", type=SEED, default=0)
    p = sub.add_parser("evaluate", help="the drummer's NLL, F1 and generation quality vs count baselines")
    p.add_argument("files", nargs="*", help="MIDI files or folders (default: the GMD test split)")
    p.add_argument("--data", default=DATA_DEFAULT, help="GMD folder (baselines are fitted on its train split)")
    p.add_argument("--json", action="store_true")
    _model_option(p)


def _gen_options(p: argparse.ArgumentParser, bars: bool = True) -> None:
    if bars:
        p.add_argument("--bars", type=_int_in(*RANGES["bars"]), default=4, help=f"bars to write ({range_text('bars')})")
    p.add_argument("--variations", type=_int_in(*RANGES["variations"]), default=1,
                   help=f"{range_text('variations')}; N > 1 writes OUT-1.mid ... OUT-N.mid")
    p.add_argument("--temperature", type=_float_in(*RANGES["temperature"]), default=1.0,
                   help=f"{range_text('temperature')}: 0 safe .. 2 wild")
    p.add_argument("--seed", type=SEED, default=None)
    p.add_argument("--style", default="rock", help="rock, funk, jazz, latin, hiphop, soul, punk, ...")
    _model_option(p)


def _drummer_commands(sub) -> None:
    p = sub.add_parser("continue", help="the drummer writes the next bars")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--lock", help="rows the drummer must keep, e.g. kick or kick,snare")
    _entry_option(p)
    _grid_option(p)
    p.add_argument("--variation", type=_float_in(*RANGES["variation"]), default=None,
                   help="0 (this groove with small variations) to 1 (free); default 0.5")
    _gen_options(p)
    p = sub.add_parser("fill", help="the drummer writes a fill into a bar, or into every Nth bar")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--bar", type=_int_in(1, MAX_BARS), help="the bar (1-based) to fill")
    which.add_argument("--every", type=_int_in(1, MAX_BARS), metavar="N", help="fill every Nth bar (4: bars 4, 8, ...)")
    p.add_argument("--lock", help="rows the drummer must keep")
    _entry_option(p)
    _grid_option(p)
    _gen_options(p, bars=False)
    p = sub.add_parser("humanize", help="play a quantized beat as a GMD drummer would: each hit's timing and velocity")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--style", default="rock", help="rock, funk, jazz, latin, hiphop, soul, punk, ...")
    p.add_argument("--amount", type=_float_in(0, 100), default=100.0, help="0-100%% of the drummer's feel")
    p.add_argument("--ghosts", type=_float_in(0, 100), default=0.0,
                   help="add soft snare ghost notes where the drummer would: 0 none (default) .. 100 as many a bar as "
                        "the style's drummers play (GMD)")
    p.add_argument("--seed", type=SEED, default=0, help="which ghost notes (the feel itself is deterministic)")
    _grid_option(p)
    _model_option(p)
    p = sub.add_parser("drumify", help="a drum beat that follows the rhythm of any MIDI part (bass, chords, taps)")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--channel", type=_int_in(1, 16), default=None,
                   help="the part to follow (default: the channel with the most notes, not the drums)")
    p.add_argument("--bars", type=_int_in(1, EDIT_MAX_BARS), default=None, help="bars to write (default: the part's)")
    p.add_argument("--extra", type=_float_in(*RANGES["extra"]), default=0.05,
                   help="hits off the part's onsets other than hats and ride: 0 none .. 1 as the drummer likes "
                        "(default 0.05)")
    p.add_argument("--no-hats", dest="hats", action="store_false",
                   help="no hats or ride keeping time between the onsets either (hits only where the part plays)")
    p.add_argument("--style", default="rock")
    p.add_argument("--temperature", type=_float_in(*RANGES["temperature"]), default=1.0)
    p.add_argument("--seed", type=SEED, default=None)
    _model_option(p)
    p = sub.add_parser("interpolate", help="N bars morphing one beat into another through the beat map")
    p.add_argument("a", help="MIDI or .groove: the first beat")
    p.add_argument("b", help="MIDI or .groove: the last beat")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--steps", type=_int_in(2, EDIT_MAX_BARS), default=8, help="bars, both ends included")
    p.add_argument("--bar-a", type=_int_in(1, MAX_BARS), default=1, help="which bar of A (1-based, bars with hits)")
    p.add_argument("--bar-b", type=_int_in(1, MAX_BARS), default=1, help="which bar of B")
    _model_option(p)
    p = sub.add_parser("similar", help="the bars of a collection nearest to a beat on the beat map")
    p.add_argument("beat", help="MIDI or .groove")
    p.add_argument("collection", help="GMD folder, or a loop pack folder or .zip")
    p.add_argument("-n", type=_int_in(1, 1000), default=10)
    p.add_argument("--bar", type=_int_in(1, MAX_BARS), default=1)
    _model_option(p)
    p = sub.add_parser("map", help="a collection on the beat map, as a picture (PNG) with its legend")
    p.add_argument("collection", help="GMD folder, or a loop pack folder or .zip")
    p.add_argument("-o", "--output", required=True, help="a .png")
    p.add_argument("--size", type=_int_in(200, 8000), default=1600, help="width and height in pixels")
    _model_option(p)
    p = sub.add_parser("generate", help="a beat from nothing")
    p.add_argument("-o", "--output", required=True)
    p.add_argument("--tempo", type=_float_in(MIN_TEMPO, MAX_TEMPO), default=110.0)
    _gen_options(p)


def _entry_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entry", type=_int_in(1, 100_000), default=None, metavar="N",
                   help="a .groove project's song entry N (1-based): work on its pattern, hearing the song's bars "
                        "before it")


def _model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model-dir", default=None, help="folder with drummer.tflite + drummer.json "
                   "(default resources/models)")


def build_gui_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="main.py", description="Start the GrooveLoom window (see `main.py --help-commands`).")
    ap.add_argument("--screenshot", metavar="PNG", help="open the window, save a screenshot as PNG, exit")
    ap.add_argument("--demo-continue", type=_int_in(0, 32), default=0, metavar="BARS",
                    help="with --screenshot: let the drummer continue BARS bars first (shows candidates)")
    ap.add_argument("file", nargs="?", help="a .groove project or MIDI file to open")
    return ap


OUTPUT_OPTIONS = ("output", "out", "save_map", "screenshot")   # what a command writes; every other path it reads


def _guard_outputs(args) -> None:
    """No output of a command may harm an input: every path argument that exists (files, folders, zips, the
    soundfont, the model folder) is protected for the whole run (engine.fileio.protect_inputs), and the
    outputs are checked at once, before any work. In the window only a screenshot is checked: Save writes
    the opened project on purpose."""
    from engine.errors import GrooveLoomError
    from engine.fileio import check_output, protect_inputs
    values = {k: v for k, v in vars(args).items() if k not in OUTPUT_OPTIONS + ("command", "model_dir")}
    paths = [x for v in values.values() for x in (v if isinstance(v, list) else [v]) if isinstance(x, str)]
    model_dir = getattr(args, "model_dir", None)
    if isinstance(model_dir, str) and os.path.isdir(model_dir):   # its files, not the folder: a take may go beside
        paths += [os.path.join(model_dir, f) for f in sorted(os.listdir(model_dir))[:1000]]
    if args.command is None:
        if not args.screenshot:
            return
        paths = [args.file] if args.file else []
    protect_inputs(*paths)
    for key in OUTPUT_OPTIONS:
        out = getattr(args, key, None)
        if isinstance(out, str) and out:
            check_output(os.path.join(out, "index.csv") if os.path.isdir(out) else out)
    if getattr(args, "screenshot", None):
        folder = os.path.dirname(os.path.abspath(args.screenshot))
        if not os.path.isdir(folder):
            raise GrooveLoomError("cannot save the screenshot: the folder does not exist", args.screenshot)


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = build_parser()
    commands = ap._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if argv and (argv[0] in commands or argv[0] == "--help-commands"):
        args = ap.parse_args(["--help"] if argv[0] == "--help-commands" else argv)
    else:
        first = argv[0] if argv else ""
        if first and not first.startswith("-") and not os.path.exists(first) and "." not in os.path.basename(first):
            # a word that is neither a command nor a file: a mistyped command, not a file for the window
            from engine.errors import printable
            sys.stderr.write(f"error: unknown command '{printable(first[:40])}' (commands: {', '.join(sorted(commands))}; "
                             f"a file to open needs its .groove or .mid name)\n")
            return 2
        args = build_gui_parser().parse_args(argv)
        args.command = None
    from engine.errors import GrooveLoomError, printable
    try:
        _guard_outputs(args)
        if args.command == "info":
            from engine.commands import cmd_info
            return cmd_info(args)
        if args.command in ("convert", "render", "play", "augment"):
            import engine.commands as ec
            return getattr(ec, f"cmd_{args.command}")(args)
        if args.command == "map":
            from ui.beatmap_view import cmd_map
            return cmd_map(args)
        if args.command in ("train", "train-feel", "train-beatmap", "train-rolls", "evaluate", "continue", "fill",
                            "generate", "humanize", "drumify", "interpolate", "similar"):
            import models.commands as mc
            return getattr(mc, f"cmd_{args.command.replace('-', '_')}")(args)
        from ui.app import run_gui
        return run_gui(file=args.file, screenshot=args.screenshot, demo_continue=args.demo_continue)
    except GrooveLoomError as exc:
        sys.stderr.write(f"error: {printable(str(exc))}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
    except Exception as exc:  # a bug, not bad input: one line here, the traceback in the per-user log
        import traceback
        where = _write_error_log(traceback.format_exc())
        sys.stderr.write(f"error: internal error ({type(exc).__name__}: {' '.join(str(exc).split())[:200]}); "
                         f"{where}\n")
        return 1


def state_dir() -> str:
    """GrooveLoom's per-user state folder: $XDG_STATE_HOME/grooveloom (default ~/.local/state/grooveloom)."""
    base = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    return os.path.join(base, "grooveloom")


def _write_error_log(text: str) -> str:
    """Write a bug's traceback to error.log in the state folder (created 0700; neither the folder nor the
    file may be a link: a planted link is never followed). Returns what to tell the user."""
    import stat
    folder = state_dir()
    try:
        os.makedirs(folder, mode=0o700, exist_ok=True)
        st = os.lstat(folder)
        if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid():
            return f"no log written: {folder} is not a folder of yours"
        path = os.path.join(folder, "error.log")
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | getattr(os, "O_NOFOLLOW", 0), 0o600)
        with os.fdopen(fd, "w") as f:
            f.write(text)
        return f"details in {path}"
    except OSError as exc:
        return f"no log written ({exc.strerror or exc})"


if __name__ == "__main__":
    sys.exit(run())
