"""GrooveLoom: a drum step sequencer with a neural drummer.

    python main.py                      start the GUI
    python main.py info FILE            what a MIDI or .groove file holds, with the quantization report
    python main.py convert IN -o OUT    re-quantize to GM drum MIDI
    python main.py --help-commands      every command; `main.py <command> --help` for its options

Errors in input exit with status 2 and one line 'error: <file>: <what is wrong>'.
"""
from __future__ import annotations

import argparse
import os
import sys

DATA_DEFAULT = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "shared", "datasets", "groove")


class _Parser(argparse.ArgumentParser):
    def error(self, message):  # one line, status 2, like every other input error
        sys.stderr.write(f"error: {message}\n")
        sys.exit(2)


def _grid(text: str) -> int:
    from engine.pattern import GRIDS
    try:
        g = int(text)
    except ValueError:
        g = -1
    if g not in GRIDS:
        raise argparse.ArgumentTypeError(f"grid must be one of {sorted(GRIDS)} (steps per whole note)")
    return g


def _import_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--grid", type=_grid, default=None, help="16, 32, 12 (8th triplets) or 24 (16th triplets)")
    p.add_argument("--channel", type=int, default=None, metavar="N",
                   help="read MIDI channel N (1-16) as the drum part (default 10)")
    p.add_argument("--fold", choices=("gm", "voices"), default="gm",
                   help="gm: one row per GM note (default); voices: fold onto the 9 drummer voices")
    p.add_argument("--swing", type=float, default=None, help="straighten a file played with this swing (0.5-0.75)")


def build_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="main.py", description="GrooveLoom drum sequencer. Without a command: the GUI.")
    sub = ap.add_subparsers(dest="command", parser_class=_Parser)

    p = sub.add_parser("info", help="describe a MIDI or .groove file")
    p.add_argument("file")
    _import_options(p)

    p = sub.add_parser("convert", help="re-quantize a MIDI file and write GM drum MIDI")
    p.add_argument("input")
    p.add_argument("-o", "--output", required=True)
    _import_options(p)
    return ap


def build_gui_parser() -> argparse.ArgumentParser:
    ap = _Parser(prog="main.py", description="Start the GrooveLoom window (see `main.py --help-commands`).")
    ap.add_argument("--screenshot", metavar="PNG", help="open the window, save a screenshot as PNG, exit")
    ap.add_argument("file", nargs="?", help="a .groove project or MIDI file to open")
    return ap


def run(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    ap = build_parser()
    commands = ap._subparsers._group_actions[0].choices  # type: ignore[union-attr]
    if argv and (argv[0] in commands or argv[0] == "--help-commands"):
        args = ap.parse_args(["--help"] if argv[0] == "--help-commands" else argv)
    else:
        args = build_gui_parser().parse_args(argv)
        args.command = None
    from engine.errors import GrooveLoomError
    try:
        if args.command == "info":
            from engine.commands import cmd_info
            return cmd_info(args)
        if args.command == "convert":
            from engine.commands import cmd_convert
            return cmd_convert(args)
        from ui.app import run_gui
        return run_gui(file=args.file, screenshot=args.screenshot)
    except GrooveLoomError as exc:
        sys.stderr.write(f"error: {exc}\n")
        return 2
    except KeyboardInterrupt:
        sys.stderr.write("error: interrupted\n")
        return 130
    except BrokenPipeError:  # output piped into `head` and closed: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(run())
