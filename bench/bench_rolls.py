"""Rolls: the roll suite (continued beats keep the seed's rolls), Generate and Fill, and the WAV (every
repeat's onset against where it belongs). Prints its figures; run: python bench/bench_rolls.py"""
from __future__ import annotations

import os
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))

from models.drummer import Drummer  # noqa: E402
from models.rollbench import fill_figures, format_rollbench, generate_figures, suite_figures  # noqa: E402


def main() -> int:
    d = Drummer()
    t = time.perf_counter()
    fig = {"suite": suite_figures(d), "generate": generate_figures(d), "fill": fill_figures(d)}
    print(format_rollbench(fig))
    print(f"({time.perf_counter() - t:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
