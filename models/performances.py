"""GMD performances read with each hit's offset from its 16th step kept (GMD was recorded for exactly this),
and their 2-bar windows: the data the feel, its dynamics, the beat map and the style classifier learn from
(numpy only)."""
from __future__ import annotations

import os
from dataclasses import dataclass

import numpy as np

from engine.drumkit import N_VOICES, voice_of_pitch
from engine.errors import GrooveLoomError
from engine.fileio import read_input_file

from .encoding import style_index

WINDOW = 32          # steps (2 bars of 4/4 16ths)
HOP = 16


@dataclass
class Performance:
    name: str
    vel: np.ndarray      # (steps, 9) velocity of the hit on each 16th step (0: none); the loudest of a collision
    offset: np.ndarray   # (steps, 9) where it was played, in 16th steps from the step (-0.5 .. 0.5)
    style: int
    tempo: float
    split: str
    kind: str = ""       # GMD's style column as written ("jazz/swing", "blues/shuffle")

    @property
    def step_ms(self) -> float:
        return 60_000.0 / self.tempo / 4


def read_performance(path: str, style: int = 0, split: str = "", tempo: float | None = None) -> Performance:
    """A drum performance on the 16th grid with each hit's microtiming: every note-on of a drum voice goes to
    its nearest 16th step (the first tempo of the file; GMD keeps one tempo), its offset kept."""
    import mido                                   # (only here: the window's feel model never reads files)
    from engine.midi import parse_midi_bytes
    mid = parse_midi_bytes(read_input_file(path), path)
    ppq = mid.ticks_per_beat
    notes, first_tempo = [], None
    for track in mid.tracks:
        tick = 0
        for m in track:
            tick += m.time
            if m.type == "note_on" and m.velocity > 0 and voice_of_pitch(m.note) is not None:
                notes.append((tick, voice_of_pitch(m.note), m.velocity))
            elif m.type == "set_tempo" and first_tempo is None and m.tempo > 0:
                first_tempo = mido.tempo2bpm(m.tempo)
    if not notes:
        raise GrooveLoomError("no drum notes", path)
    t = np.array([n[0] for n in notes], np.float64) / ppq * 4
    v = np.array([n[1] for n in notes])
    vel = np.array([n[2] for n in notes])
    step = np.floor(t + 0.5).astype(np.int64)
    n_steps = (int(step.max()) // 16 + 1) * 16
    out_vel = np.zeros((n_steps, N_VOICES), np.uint8)
    out_off = np.zeros((n_steps, N_VOICES), np.float32)
    for k in np.argsort(vel, kind="stable"):           # louder last: the loudest of a collision stays
        out_vel[step[k], v[k]] = vel[k]
        out_off[step[k], v[k]] = t[k] - step[k]
    return Performance(os.path.basename(path), out_vel, out_off, style, float(tempo or first_tempo or 120.0), split)


def load_performances(root: str, splits=("train", "validation", "test"), limit: int | None = None,
                      beat_type: str | None = None, cancel=None) -> list:
    """GMD performances in 4/4 with their official split (`limit`: the first N per split, for tests;
    `beat_type`: only "beat" or only "fill" takes). `cancel()` true between two files: Cancelled."""
    from engine.errors import Cancelled
    from .corpus import gmd_rows
    rows = [r for r in gmd_rows(root) if r["split"] in splits and r["time_signature"] == "4-4"
            and beat_type in (None, r["beat_type"])]
    out, taken = [], {}
    for r in rows:
        if cancel is not None and cancel():
            raise Cancelled("reading the performances was cancelled", root)
        if limit is not None and taken.get(r["split"], 0) >= limit:
            continue
        try:
            out.append(read_performance(os.path.join(root, r["midi_filename"]), style_index(r["style"]),
                                        r["split"], float(r["bpm"])))
            out[-1].kind = r["style"]
        except GrooveLoomError:
            continue
        taken[r["split"]] = taken.get(r["split"], 0) + 1
    return out


def windows(perfs: list[Performance], hop: int = HOP):
    """(hits (n, WINDOW, 9) 0/1, vel (n, WINDOW, 9), offset ms (n, WINDOW, 9), style (n,), tempo (n,),
    first step (n,)): 2-bar windows of the performances that hold at least one hit."""
    H, V, O, S, T, F = [], [], [], [], [], []
    for p in perfs:
        for a in range(0, len(p.vel) - WINDOW + 1, hop):
            v = p.vel[a:a + WINDOW]
            if not v.any():
                continue
            H.append(v > 0)
            V.append(v)
            O.append(p.offset[a:a + WINDOW] * p.step_ms)
            S.append(p.style)
            T.append(p.tempo)
            F.append(a)
    return (np.array(H, bool), np.array(V, np.float32), np.array(O, np.float32), np.array(S, np.int64),
            np.array(T, np.float32), np.array(F, np.int64))
