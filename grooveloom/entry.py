"""The `grooveloom` command (and `python main.py` in a checkout): the window, or a command.

    grooveloom                      start the window (a .groove or MIDI file to open may follow)
    grooveloom info FILE            what a MIDI or .groove file holds, with the quantization report
    grooveloom convert IN -o OUT    re-quantize to GM drum MIDI
    grooveloom --help-commands      every command; `grooveloom <command> --help` for its options
    grooveloom --version            the version and what it runs on
    grooveloom --install-desktop    the launcher, icon and .groove type for this user

Errors in input exit with status 2 and one line 'error: <file>: <what is wrong>'.
"""
from __future__ import annotations

import argparse
import os
import sys

# numpy's OpenBLAS starts a thread per core at import (40 ms of the window's launch, and their buffers); no
# GrooveLoom command multiplies matrices big enough to use them (the networks run in LiteRT and TensorFlow)
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from engine.cli import Parser, int_in


COMMAND_MODULES = ("engine.commands", "models.commands", "ui.commands")   # each registers its commands


def build_parser() -> argparse.ArgumentParser:
    """Every command, as its module registers it (register(sub)); ap.commands names them."""
    import importlib
    ap = Parser(prog=_prog(), description="GrooveLoom drum sequencer. Without a command: the GUI.")
    sub = ap.add_subparsers(dest="command", parser_class=Parser)
    for name in COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    ap.commands = sub.choices
    return ap


def _prog() -> str:
    return os.path.basename(sys.argv[0]) if sys.argv and sys.argv[0] else "grooveloom"


def build_gui_parser() -> argparse.ArgumentParser:
    ap = Parser(prog=_prog(), description=f"Start the GrooveLoom window (see `{_prog()} --help-commands`).")
    ap.add_argument("--version", action="store_true", help="print the version and what GrooveLoom runs on, exit")
    ap.add_argument("--install-desktop", action="store_true",
                    help="add GrooveLoom to this user's applications menu (launcher, icon, .groove files), exit")
    ap.add_argument("--uninstall-desktop", action="store_true", help="remove what --install-desktop added, exit")
    ap.add_argument("--screenshot", metavar="PNG", help="open the window, save a screenshot as PNG, exit")
    ap.add_argument("--demo-continue", type=int_in(0, 32), default=0, metavar="BARS",
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
    ap = build_parser() if argv else None      # (a plain launch opens the window: no command module is read)
    commands = ap.commands if ap else {}
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
        if args.command is not None:
            return args.run(args)
        if args.version or args.install_desktop or args.uninstall_desktop:
            from . import desktop
            if args.version:
                print(desktop.version_text())
            if args.install_desktop:
                print(desktop.install())
            if args.uninstall_desktop:
                print(desktop.uninstall())
            return 0
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


def _write_error_log(text: str) -> str:
    """Write a bug's traceback to error.log in the state folder (created 0700; neither the folder nor the
    file may be a link: a planted link is never followed). Returns what to tell the user."""
    import stat
    from engine.paths import user_dir
    folder = user_dir("state")
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




def main() -> None:
    """The console script's entry point."""
    sys.exit(run())
