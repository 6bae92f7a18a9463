"""The commands that need Qt to do their work (they import it only when they run)."""
from __future__ import annotations


def cmd_map(args) -> int:
    from .beatmap_view import cmd_map as run
    return run(args)


def register(sub) -> None:
    """map: a collection on the beat map, painted as a PNG."""
    from engine.cli import command, int_in, model_option
    p = command(sub, "map", cmd_map, help="a collection on the beat map, as a picture (PNG) with its legend")
    p.add_argument("collection", help="GMD folder, or a loop pack folder or .zip")
    p.add_argument("-o", "--output", required=True, help="a .png")
    p.add_argument("--size", type=int_in(200, 8000), default=1600, help="width and height in pixels")
    model_option(p)
