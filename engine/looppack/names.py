"""What a drummer reads in a loop file's name: its role (kick, snare, side stick, hats, kit, ...), the GM note
of that role, its meter; and which limb's instrument (slot) a GM note is."""
from __future__ import annotations

import os
import re

from ..drumkit import voice_of_pitch


ROLES = ("kit", "kick", "snare", "side_stick", "clap", "closed_hat", "open_hat", "pedal_hat", "ride", "ride_bell",
         "crash", "toms", "perc")
PART_ROLES = ROLES[1:]
# The GM note each part role is written on (toms spread over low/mid/high).
ROLE_NOTE = {"kick": 36, "snare": 38, "side_stick": 37, "clap": 39, "closed_hat": 42, "open_hat": 46,
             "pedal_hat": 44, "ride": 51, "ride_bell": 53, "crash": 49, "toms": 45, "perc": 56}
TOM_NOTES = (45, 47, 50)
GM_TOMS = (41, 43, 45, 47, 48, 50)
HAT_NOTES = (42, 46, 44)      # closed, open, pedal: a drummer's one hi-hat
# What one drummer plays with one limb (or one instrument) in a recombined loop: a slot takes all its parts
# from one source loop, so two hat parts, two rides, two kicks or two snares are never layered.
SLOTS = ("kick", "snare", "clap", "hats", "ride", "crash", "toms", "perc")
SLOT_OF_ROLE = {"kick": "kick", "snare": "snare", "side_stick": "snare", "clap": "clap", "closed_hat": "hats",
                "open_hat": "hats", "pedal_hat": "hats", "ride": "ride", "ride_bell": "ride", "crash": "crash",
                "toms": "toms", "perc": "perc"}
SLOT_OF_VOICE = ("kick", "snare", "hats", "hats", "toms", "toms", "toms", "crash", "ride")
_TOKENS = {
    "kick": {"kick", "kik", "kck", "bd", "bassdrum", "808", "kicks"},
    "snare": {"snare", "snr", "sd", "sn", "snares", "rimshot", "ghost", "ghosts"},
    "side_stick": {"stick", "sidestick", "xstick", "crossstick", "rim", "rimclick", "side", "xs"},
    "clap": {"clap", "clp", "cp", "claps"},
    "closed_hat": {"hh", "hat", "hats", "hihat", "hihats", "ch", "chh", "closedhat", "hhc"},
    "open_hat": {"oh", "ohh", "openhat", "hho"},
    "pedal_hat": {"pedalhat", "hhp", "foothat", "phh"},
    "ride": {"ride", "rd", "rides"},
    "crash": {"crash", "cr", "cymbal", "cym", "crashes", "china", "splash"},
    "toms": {"tom", "toms", "tomfill"},
    "perc": {"perc", "percs", "percussion", "shaker", "shk", "conga", "bongo", "cowbell", "tamb",
             "tambourine", "clave", "claves", "maracas", "cabasa", "guiro", "agogo", "timbale", "timbales"},
}
_KIT_TOKENS = {"drums", "drum", "kit", "full", "groove", "beat", "break", "breaks", "fullkit"}
# files that are not drum parts: skipped, with the reason
_SKIP_TOKENS = {"metronome", "click", "clicktrack", "countin", "count", "guide", "cue"}
# a name's word that picks the exact GM note of its role
_NAME_NOTE = {"china": 52, "splash": 55, "shaker": 70, "maracas": 70, "tamb": 54, "tambourine": 54, "cowbell": 56,
              "conga": 63, "bongo": 60, "clave": 75, "claves": 75, "cabasa": 69, "guiro": 73, "agogo": 67,
              "timbale": 65, "timbales": 65}
METER_RE = re.compile(r"(?<!\d)(\d{1,2})[-_/ ](2|4|8|16)(?!\d)")


def name_tokens(filename: str) -> list[str]:
    """Lowercase tokens of a file name: split on _ - . space, camelCase and letter/digit boundaries."""
    stem = os.path.splitext(os.path.basename(filename))[0]
    stem = re.sub(r"([a-z])([A-Z])", r"\1 \2", stem)
    parts = re.split(r"[\s_\-.()\[\]]+", stem.lower())
    out = []
    for p in parts:
        out += [t for t in re.split(r"(\d+)", p) if t]
    return out


def _words(filename: str) -> set[str]:
    toks = name_tokens(filename)
    return set(toks) | {a + b for a, b in zip(toks, toks[1:])}


def role_from_name(filename: str) -> str | None:
    """The role a drummer reads in a file name: 'SNARE-stick' is a side stick, 'HH open' an open hat, 'Ride
    Bell' the bell, 'Hat Pedal' the pedal hat; several instruments (or drums, groove, beat) make a kit;
    'skip' for files that are not drum parts (metronome, click, count-in); None without a hint."""
    words = _words(filename)
    if words & _SKIP_TOKENS or {"count", "in"} <= words:
        return "skip"
    found = {r for r in _TOKENS if _TOKENS[r] & words}
    hat = bool(found & {"closed_hat", "open_hat", "pedal_hat"})
    if hat:     # one hi-hat: the qualifier says how it is played
        found -= {"closed_hat", "open_hat", "pedal_hat"}
        found.add("pedal_hat" if words & {"pedal", "foot", "pedalhat", "foothat", "hhp", "phh"} else
                  "open_hat" if words & {"open", "oh", "ohh", "openhat", "hho"} else "closed_hat")
    if "side_stick" in found and found <= {"snare", "side_stick"}:
        return "side_stick"
    if "snare" in found and "side_stick" in found:
        found.discard("side_stick")
    if "ride" in found and "bell" in words:
        return "ride_bell"
    if len(found) == 1:
        return found.pop()
    if words & _KIT_TOKENS or len(found) > 1:
        return "kit"
    return None


def role_note(role: str, filename: str = "") -> int:
    """The GM note a part of this role is written on; a name's word picks the exact instrument (china,
    splash, shaker, tambourine, conga, ...)."""
    if role in ("crash", "perc"):
        for w in name_tokens(filename):
            if w in _NAME_NOTE:
                return _NAME_NOTE[w]
    return ROLE_NOTE[role]


def meter_from_name(filename: str) -> tuple[int, int] | None:
    m = METER_RE.search(os.path.basename(filename))
    if m:
        num, den = int(m.group(1)), int(m.group(2))
        if 1 <= num <= 16:
            return num, den
    return None


def slot_of_note(note: int) -> str:
    """The slot (one limb's instrument) a GM note belongs to: side stick is the snare's, pedal hat the
    hi-hat's, the bell the ride's; notes of no drummer voice are percussion."""
    if note == 39:
        return "clap"
    if note == 37:
        return "snare"
    v = voice_of_pitch(note)
    return SLOT_OF_VOICE[v] if v is not None else "perc"
