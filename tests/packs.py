"""Loop packs as third-party packs are made, built in the tests: a split-part pack made on a pad controller
(its own note map, channel 1, no meta events, names in capitals), a pack from an e-kit (Roland-style notes,
another naming scheme), and a big pack of one-bar kit loops from another generator (360 PPQ, 32 steps of 120
ticks, the bar repeated 3 times, velocity 127)."""
from __future__ import annotations

import os

import mido
import numpy as np

# the pad controller's layout: what its author meant by each note
PAD = {"kick": 44, "snare": 48, "ghost": 49, "stick": 45, "closed": 50, "open": 51, "ride": 47}
PAD_MEANT = {44: 36, 48: 38, 49: 38, 45: 37, 50: 42, 51: 46, 47: 51}
# an e-kit (Roland TD-style): hat edges on 22/26, rim on 40, cross stick 37, ride bell 53
EKIT = {"kick": 36, "snare": 38, "rim": 40, "xstick": 37, "closed": 22, "open": 26, "pedal": 44, "ride": 51,
        "bell": 53, "crash": 49, "tom_hi": 48, "tom_mid": 45, "tom_lo": 43}
EKIT_MEANT = {36: 36, 38: 38, 40: 38, 37: 37, 22: 42, 26: 46, 44: 44, 51: 51, 53: 53, 49: 49, 48: 48, 45: 45,
              43: 43}


def write(path, notes, *, ppq=480, channel=0, meta=(), length=None):
    """notes: (tick, note, velocity); a type-0 file, 30-tick notes, no meta events unless given."""
    track = mido.MidiTrack()
    events = [(t, 0, m) for t, m in meta]
    for t, n, v in notes:
        events.append((t, 2, mido.Message("note_on", channel=channel, note=n, velocity=v)))
        events.append((t + min(30, ppq // 8), 1, mido.Message("note_off", channel=channel, note=n, velocity=0)))
    if length is not None:
        events.append((length, 3, mido.MetaMessage("end_of_track")))
    last = 0
    for t, _, m in sorted(events, key=lambda e: (e[0], e[1])):
        if m.type != "end_of_track":
            track.append(m.copy(time=t - last))
            last = t
    track.append(mido.MetaMessage("end_of_track", time=max(0, (length or last) - last)))
    mid = mido.MidiFile(type=0, ticks_per_beat=ppq)
    mid.tracks.append(track)
    os.makedirs(os.path.dirname(str(path)) or ".", exist_ok=True)
    mid.save(str(path))
    return path


def _steps(spec: str, note: int, step_ticks: int, vel=100):
    """'x...x...' -> notes on the x (loud) and o (ghost, 40) steps."""
    return [(i * step_ticks, note, vel if c == "x" else 40) for i, c in enumerate(spec) if c in "xo"]


def pad_pack(root) -> str:
    """The split-part pack made on a pad controller: part files named by role, two pitches in
    the snare and hat parts, kit loops, 3/4 and 6/8 parts, a 32nd hat part, a metronome file."""
    root = str(root)
    s16 = 120
    bar = 1920
    files = {
        "KICK-one-and-3and.mid": _steps("x.x.....x.x.....", PAD["kick"], s16),
        "KICK-four-on-floor.mid": _steps("x...x...x...x...", PAD["kick"], s16),
        "KICK-syncopated-2bars.mid": _steps("x......x..x.....x.x.......x.....", PAD["kick"], s16),
        "SNARE-two-four.mid": _steps("....x.......x...", PAD["snare"], s16),
        "SNARE-backbeat-ghosts.mid": _steps("....x..o.o..x..o", PAD["snare"], s16)[:2] + [
            (t, PAD["ghost"], 38) for t in (7 * s16, 9 * s16, 15 * s16)] + [(12 * s16, PAD["snare"], 100)],
        "SNARE-stick-two-four.mid": _steps("....x.......x...", PAD["stick"], s16),
        # the ghost pad played as a pad player does: near full velocity, between the backbeats
        "SNARE-two-ah-four.mid": _steps("....x.......x...", PAD["snare"], s16, 110) + [(7 * s16, PAD["ghost"], 83)],
        "SNARE-two-four-ah.mid": _steps("....x.......x...", PAD["snare"], s16, 108) + [(15 * s16, PAD["ghost"], 85)],
        "SNARE-ghost-two-four.mid": [(4 * s16, PAD["ghost"], 81), (12 * s16, PAD["ghost"], 84)],
        "RIDE-eighths-shuffle.mid": [(q * 480 + t, PAD["ride"], 85 if t == 0 else 65) for q in range(4)
                                     for t in (0, 320)],
        "HH-sixteenth-notes-open-end.mid": [(i * s16, PAD["closed"], 90 if i % 2 == 0 else 60) for i in range(31)]
        + [(31 * s16, PAD["open"], 90)],
        "HH-eighths.mid": _steps("x.x.x.x.x.x.x.x.", PAD["closed"], s16, 85),
        "HH-offbeat-open.mid": _steps("..x...x...x...x.", PAD["open"], s16, 80),
        "RIDE-eighths.MID": _steps("x.x.x.x.x.x.x.x.", PAD["ride"], s16, 80),
        "HH-32nd-roll.mid": [(i * 60, PAD["closed"], 70) for i in range(24)] + [(24 * 60 + k * 60, PAD["closed"], 90)
                                                                                 for k in range(0, 8, 2)],
        "HH-triplet-eighths.mid": [(i * 160, PAD["closed"], 85 if i % 3 == 0 else 65) for i in range(12)],
        "KICK-two-bars-same.mid": _steps("x...x.....x.x..." * 2, PAD["kick"], s16),
        "METRONOME-4_4-kick-stick-hihat.MID": [(0, PAD["kick"], 110), (480, PAD["stick"], 90), (960, PAD["stick"], 90),
                                               (1440, PAD["stick"], 90)] + _steps("x.x.x.x.x.x.x.x.", PAD["closed"], s16, 60),
        "GROOVE-rock-01.mid": (_steps("x.......x.x.....", PAD["kick"], s16) + _steps("....x.......x...", PAD["snare"], s16)
                               + _steps("x.x.x.x.x.x.x...", PAD["closed"], s16, 80) + [(14 * s16, PAD["open"], 85)]),
        "GROOVE-funk-02.mid": (_steps("x..x..x...x.....", PAD["kick"], s16) + _steps("....x..o.o..x...", PAD["snare"], s16)
                               + [(t, PAD["ghost"], 35) for t in (7 * s16, 9 * s16)]
                               + _steps("xxxxxxxxxxxxxxxx", PAD["closed"], s16, 70)),
        "GROOVE-bossa-stick.mid": (_steps("x..xx..xx..xx..x", PAD["kick"], s16) + _steps("x..x..x...x..x..", PAD["stick"], s16)
                                   + _steps("x.x.x.x.x.x.x.x.", PAD["ride"], s16, 75)),
        "KICK-waltz-3_4.mid": _steps("x...........", PAD["kick"], s16),
        "SNARE-3_4-two-three.mid": _steps("....x...x...", PAD["snare"], s16),
        "HH-3_4-eighths.mid": _steps("x.x.x.x.x.x.", PAD["closed"], s16, 80),
        "KICK-6_8.mid": _steps("x.....", PAD["kick"], 240),
        "HH-6_8-eighths.mid": _steps("xxxxxx", PAD["closed"], 240, 80),
        "SNARE-6_8-backbeat.mid": _steps("...x..", PAD["snare"], 240),
    }
    for name, notes in files.items():
        length = None
        if "6_8" in name:
            length = 6 * 240
        elif "3_4" in name:
            length = 3 * 480
        elif "2bars" in name or "sixteenth" in name or "two-bars" in name:
            length = 2 * bar
        elif name.startswith(("KICK", "SNARE", "HH", "RIDE", "GROOVE", "METRONOME")):
            length = bar
        write(os.path.join(root, name), notes, length=length)
    return root


def ekit_pack(root) -> str:
    """An e-kit pack: lower-case names with spaces and numbers, its own notes for hat edges and rim."""
    root = str(root)
    s = 120
    bar = 1920
    e = EKIT
    files = {
        "Kick 01.mid": _steps("x.....x.x.......", e["kick"], s),
        "Rimshot 02.mid": _steps("....x.......x...", e["rim"], s),
        "Snare 03.mid": _steps("....x.......x..x", e["snare"], s) + [(t, e["snare"], 35) for t in (6 * s, 10 * s)],
        "Cross Stick 04.mid": _steps("...x..x....x..x.", e["xstick"], s),
        "Hat 05.mid": _steps("x.x.x.x.x.x.x.", e["closed"], s, 80) + [(14 * s, e["open"], 90)],
        "Hat Pedal 06.mid": _steps("..x...x...x...x.", e["pedal"], s, 70),
        "Ride Bell 07.mid": _steps("x...x...x...x...", e["bell"], s, 90),
        "Ride 08.mid": _steps("x.xxx.xxx.xxx.xx", e["ride"], s, 75),
        "Crash 09.mid": [(0, e["crash"], 110)],
        "Toms 10.mid": [(8 * s, e["tom_hi"], 100), (10 * s, e["tom_mid"], 100), (12 * s, e["tom_lo"], 100),
                        (14 * s, e["tom_lo"], 100)],
        "Beat 11.mid": (_steps("x.....x.x.......", e["kick"], s) + _steps("....x.......x...", e["snare"], s)
                        + _steps("x.x.x.x.x.x.x...", e["closed"], s, 80) + [(14 * s, e["open"], 90)]),
        "Beat 12.mid": (_steps("x..x....x..x....", e["kick"], s) + _steps("....x.......x...", e["rim"], s)
                        + _steps("x.x.x.x.x.x.x.x.", e["ride"], s, 70) + _steps("..x...x...x...x.", e["pedal"], s, 60)),
    }
    for name, notes in files.items():
        write(os.path.join(root, name), notes, length=bar, meta=[(0, mido.MetaMessage("set_tempo", tempo=500000))])
    return root


def big_pack(root, n: int, seed: int = 0) -> str:
    """n one-bar kit loops as another generator writes them: 360 PPQ, a bar of 32 steps of 120 ticks,
    written 3 times, GM notes, velocity 127, channel 10."""
    root = str(root)
    rng = np.random.default_rng(seed)
    os.makedirs(root, exist_ok=True)
    kicks = ["x.......x.......x.....x.x.......", "x.....x...x.....x.....x...x.....", "x..x..x...x..x..x..x..x...x..x.."]
    snares = ["........x...............x.......", "........x.....x.........x.....x.", "........x.......x.......x......."]
    for i in range(n):
        notes = []
        k, s = kicks[rng.integers(3)], snares[rng.integers(3)]
        hat = rng.integers(2, 5)
        for step in range(32):
            if k[step] == "x" or (rng.random() < 0.05):
                notes.append((step, 36))
            if s[step] == "x":
                notes.append((step, 38))
            if step % hat == 0:
                notes.append((step, 42 if rng.random() > 0.1 else 46))
        events = []
        for rep in range(3):
            for step, note in notes:
                events.append(((rep * 32 + step) * 120, note, 127))
        write(os.path.join(root, f"loop_{i:05d}.mid"), events, ppq=360, channel=9, length=3 * 32 * 120 + 360)
    return root
