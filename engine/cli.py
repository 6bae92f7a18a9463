"""The command line's shared pieces: a parser whose errors are one line (status 2), range-checked number
types, and the options several commands share. Each command module registers its own commands
(`register(sub)`: engine.commands, models.commands, ui.commands); main.py only assembles them."""
from __future__ import annotations

import argparse
import math
import os

from .project import RANGES, range_text

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MODELS_DEFAULT = os.path.join("resources", "models")
DATA_DEFAULT = os.path.join(ROOT, "..", "shared", "datasets", "groove")


class Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, like every other input error
        import sys

        from .errors import printable
        sys.stderr.write(f"error: {printable(message)}\n")      # (a value with a newline stays one line)
        sys.exit(2)


def in_range(cast, lo, hi):
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


def int_in(lo: int, hi: int):
    return in_range(int, lo, hi)


def float_in(lo: float, hi: float):
    return in_range(float, lo, hi)


SEED = int_in(0, 2**32 - 1)


def grid_type(text: str) -> int:
    from .pattern import GRIDS
    try:
        g = int(text)
    except ValueError:
        g = -1
    if g not in GRIDS:
        raise argparse.ArgumentTypeError(f"grid must be one of {sorted(GRIDS)} (steps per whole note)")
    return g


def grid_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--grid", type=grid_type, default=None,
                   help="quantize a MIDI file to 16, 32, 64, 12 (8th triplets), 24 (16th triplets) or 48 (32nd "
                        "triplets); default: the coarsest grid its notes lie on, 16 for a played performance")


def import_options(p: argparse.ArgumentParser) -> None:
    grid_option(p)
    p.add_argument("--channel", type=int_in(1, 16), default=None, metavar="N",
                   help="read MIDI channel N (1-16) as the drum part (default 10)")
    p.add_argument("--fold", choices=("gm", "voices"), default="gm",
                   help="gm: one row per GM note (default); voices: fold onto the 9 drummer voices")
    p.add_argument("--swing", type=float_in(0.5, 0.75), default=None, help="straighten a file played with this swing (0.5-0.75)")


def entry_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--entry", type=int_in(1, 100_000), default=None, metavar="N",
                   help="a .groove project's song entry N (1-based): work on its pattern, hearing the song's bars "
                        "before it")


def model_option(p: argparse.ArgumentParser) -> None:
    p.add_argument("--model-dir", default=None, help="folder with drummer.tflite + drummer.json "
                   "(default resources/models)")


def gen_options(p: argparse.ArgumentParser, bars: bool = True) -> None:
    if bars:
        p.add_argument("--bars", type=int_in(*RANGES["bars"]), default=4, help=f"bars to write ({range_text('bars')})")
    p.add_argument("--variations", type=int_in(*RANGES["variations"]), default=1,
                   help=f"{range_text('variations')}; N > 1 writes OUT-1.mid ... OUT-N.mid")
    p.add_argument("--temperature", type=float_in(*RANGES["temperature"]), default=1.0,
                   help=f"{range_text('temperature')}: 0 safe .. 2 wild")
    p.add_argument("--seed", type=SEED, default=None)
    p.add_argument("--style", default="rock", help="rock, funk, jazz, latin, hiphop, soul, punk, ...")
    model_option(p)


def sound_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("input", help="a MIDI file or .groove project")
    grid_option(p)
    p.add_argument("--loops", type=int_in(1, 256), default=1)
    p.add_argument("--kit", default=None, help="drum kit name or preset number (default: Standard)")
    p.add_argument("--soundfont", default=None, help=".sf2/.sf3 (default: the best GM soundfont found)")
    p.add_argument("--swing", type=float_in(0.5, 0.75), default=None, help="0.5 (straight) to 0.75")
    p.add_argument("--humanize-ms", type=float_in(*RANGES["humanize_ms"]), default=0.0,
                   help=f"random timing, +-ms ({range_text('humanize_ms')})")
    p.add_argument("--humanize-velocity", type=int_in(*RANGES["humanize_velocity"]), default=0,
                   help=f"random velocity, +-units ({range_text('humanize_velocity')})")
    p.add_argument("--seed", type=SEED, default=0, help="humanize seed")
    p.add_argument("--metronome", action="store_true")
    p.add_argument("--count-in", action="store_true", help="one bar of clicks first")
    p.add_argument("--song", action="store_true",
                   help="a .groove project's song: its arrangement (or its patterns in order), --loops times")


def command(sub, name: str, run, help: str) -> argparse.ArgumentParser:
    """A subcommand whose args.run(args) runs it."""
    p = sub.add_parser(name, help=help)
    p.set_defaults(run=run)
    return p
