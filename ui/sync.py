"""What the transport follows, and how Play starts it: Transport > Follow MIDI clock (Play waits for the
clock's Start on the JACK MIDI in), Follow JACK transport (Play and Stop start and stop the JACK transport,
the beat plays where it is) or Lead JACK transport (the same, GrooveLoom its timebase master); the state and
tempo of what is followed in the status line."""
from __future__ import annotations

from functools import partial

from PySide6.QtCore import QObject, QTimer, Signal

from engine.link import available as link_available

from .i18n import QT_TR_NOOP, tr

POLL_MS = 300
MODES = {"follow_clock": "midi", "follow_transport": "jack", "lead_transport": "lead", "link": "link"}
NEEDS_JACK = {"jack": QT_TR_NOOP("Following the JACK transport"), "lead": QT_TR_NOOP("Leading the JACK transport"),
              "link": QT_TR_NOOP("Ableton Link")}


def follower(player, mode: str | None):
    """What Play calls (as Player.play, with the pattern and its settings) while `mode` leads, or None:
    GrooveLoom leads (no mode, or not playing through JACK)."""
    if not mode or player.jack is None:
        return None
    if mode in ("midi", "link"):
        return partial(player.follow_clock, source=mode)

    def follow(pattern, **kw):
        player.follow_clock(pattern, source="jack", lead=mode == "lead", **kw)
        player.transport("start")
    return follow


def halt(player) -> None:
    """Stop: the JACK transport too when it is followed (every client on it stops)."""
    state = player.clock_state
    if state is not None and state[0] == "jack":
        player.transport("stop")
    player.stop()


class ClockStatus(QObject):
    message = Signal(str, int)

    def __init__(self, sound, parent=None):
        super().__init__(parent)
        self.sound = sound
        self.shown: tuple | None = None
        self.timer = QTimer(self, interval=POLL_MS, timeout=self._poll)
        self.timer.start()

    def handlers(self) -> dict:
        """The sync actions' handlers (checkable, one group: checking one unchecks the others). Methods, not
        partials: Qt passes `checked` only to a callable whose signature it can read."""
        return {action: getattr(self, action) for action in MODES}

    def follow_clock(self, on: bool) -> None:
        self.set_follow("midi" if on else None)

    def follow_transport(self, on: bool) -> None:
        self.set_follow("jack" if on else None)

    def lead_transport(self, on: bool) -> None:
        self.set_follow("lead" if on else None)

    def link(self, on: bool) -> None:
        why = link_available() if on else None
        if why:
            self.message.emit(tr("Ableton Link is off: {why}").format(why=why), 0)
            if self.sender() is not None:
                self.sender().setChecked(False)     # (the menu's switch)
            on = False
        self.set_follow("link" if on else None)

    def set_follow(self, mode: str | None) -> None:
        """(Every sync switch ends here.) Said at once when it cannot work: no JACK."""
        p = self.sound.player
        if mode in NEEDS_JACK and p is not None and p.jack is None:
            self.message.emit(tr("{what} needs GrooveLoom playing through JACK: choose JACK in Transport > "
                                 "Audio output... (a JACK server must run)").format(what=tr(NEEDS_JACK[mode])), 0)
        self.sound.set_follow(mode)

    def text(self, state: tuple | None) -> str:
        if state is None:
            return ""
        kind, what, tempo, peers = state
        if kind == "link":
            if not peers:
                return tr("Ableton Link: no other peer yet, {bpm:.1f} BPM").format(bpm=tempo or 0)
            return (tr("Ableton Link: 1 other peer, {bpm:.1f} BPM") if peers == 1 else
                    tr("Ableton Link: {n} other peers, {bpm:.1f} BPM")).format(n=peers, bpm=tempo or 0)
        if kind == "jack":
            return {"running": tr("Following JACK transport: {bpm:.1f} BPM"),
                    "starting": tr("Following JACK transport: starting")}.get(what, tr(
                        "Following JACK transport: stopped (Play or the DAW starts it)")).format(bpm=tempo or 0)
        if what == "running" and tempo:
            return tr("Following MIDI clock: {bpm:.1f} BPM").format(bpm=tempo)
        if tempo:
            return tr("Following MIDI clock: waiting for Start (the clock runs at {bpm:.1f} BPM)").format(bpm=tempo)
        return tr("Following MIDI clock: waiting for Start on the MIDI input")

    def _poll(self) -> None:
        p = self.sound.player
        state = p.clock_state if p is not None else None
        if state is not None:
            state = (*state[:2], round(state[2], 1) if state[2] else None, p.link.peers if p.link else 0)
        if state != self.shown:
            self.shown = state
            if state is not None:
                self.message.emit(self.text(state), 0)
