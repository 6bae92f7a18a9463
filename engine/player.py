"""Live playback, started at the sample inside the audio callback, with no Python in the audio thread.

Two threads share the work and no lock. The scheduler (a feeder thread, a block ahead of the audio) turns
the steps of the playing pattern into note events up to LOOKAHEAD_S ahead and pushes them into a lock-free
ring; the audio callback (engine/native/glaudio.c, FluidSynth's driver thread, or the null clock when there
is no device) takes them from the ring and renders block by block, starting every note at its frame inside
the block as the WAV render does. The GUI never calls into FluidSynth while playing: it posts immutable
snapshots (pattern, mixer, options) to the scheduler and reads back an immutable timeline to draw the
playhead. Edits, tempo, swing, mute/solo take effect from the next step (queued note-ons from there on are
withdrawn and queued again); a tempo change keeps the playhead where it is; stop silences at the next block.
Where the C file cannot be built, a Python twin of the dispatcher runs inside a Python audio callback.
"""
from __future__ import annotations

import ctypes
import sys
import threading
import time

import numpy as np

from .pattern import Pattern
from .performance import NO_HUMANIZE, Humanize
from .jack import JackClient, JackError, server_rate
from .midiout import NO_MIDI, MidiOut
from .soundfont import Kit, pick_kit
from .native import load as load_native
from .native import why_not_loaded as native_why_not
from .fileio import quiet_stderr
from .synth import METRONOME_CHANNEL, AudioError, SynthRig, audio_drivers
from .scheduler import Scheduler, Timeline
from .dispatch import CDispatch, PyDispatch
from .feeder import Feeder, NullClock
from .link import LinkSession

AUDIO_SWITCH_INTERVAL = 0.0005   # seconds: how long other Python threads may hold the GIL from the feeder
# without a named driver: FluidSynth's default first, then these (JACK is taken first when a server runs)
AUTO_ORDER = ("pipewire", "pulseaudio", "coreaudio", "wasapi", "dsound", "alsa", "sdl2", "oss")


# int (*fluid_audio_func_t)(void *data, int len, int nfx, float *fx[], int nout, float *out[])
_AUDIO_FUNC = ctypes.CFUNCTYPE(ctypes.c_int, ctypes.c_void_p, ctypes.c_int, ctypes.c_int,
                               ctypes.POINTER(ctypes.c_void_p), ctypes.c_int, ctypes.POINTER(ctypes.c_void_p))


class Player:
    """Loop playback of a pattern, scheduled ahead of the audio callback and started there at the sample.
    The setters only post snapshots to the scheduler and return at once; the GUI polls position().

    driver: a FluidSynth audio driver name (pulseaudio, pipewire, alsa, jack, ...), None for the platform
    default, or 'null' to run on the real-time null clock (no sound, clock keeps going).
    The audio callback is glaudio.c (no Python in the audio thread) where it builds, else Python. With
    JACK and the C callback GrooveLoom is its own JACK client with a MIDI out as well (midi_to: a JACK MIDI
    input to connect it to); FluidSynth's JACK driver serves the Python callback."""

    def __init__(self, soundfont: str | None = None, kit: str | None = None, driver: str | None = None,
                 buffer_size: int = 512, samplerate: int | None = None, capture: bool = False,
                 native: bool | None = None, midi_to: str | None = None):
        jack_rate = server_rate() if driver in (None, "jack") else None
        if driver is None and jack_rate:
            driver = "jack"      # a running JACK server is where the user's audio goes (Hydrogen does the same)
        if samplerate is None:   # FluidSynth's JACK driver does not resample: run at the server's rate
            samplerate = jack_rate or 44100
        self.rig = SynthRig(soundfont, kit, samplerate)
        self.samplerate = samplerate
        self.status = "ok"
        self.period = int(buffer_size)
        self.driver_name = "null"
        lib = load_native() if native is not False else None
        if native and lib is None:
            self.rig.delete()
            raise AudioError(f"the C audio callback is not available: {native_why_not()}")
        self._dispatch = CDispatch(self.rig, lib) if lib else PyDispatch(self.rig)
        self._sched = Scheduler(self.rig, self._dispatch)
        self._driver = None
        self.jack: JackClient | None = None
        self.midi = NO_MIDI
        self.following = False                      # a MIDI clock or the JACK transport leads (follow_clock)
        self.leading = False                        # GrooveLoom is the JACK transport's timebase master
        self.link: LinkSession | None = None        # GrooveLoom's Ableton Link peer while following Link
        self._clock: NullClock | None = None
        self._feeder: Feeder | None = None
        self._callback = _AUDIO_FUNC(self._audio)   # kept alive as long as the driver
        self.pattern: Pattern | None = None
        self.mixer = None
        self.humanize = NO_HUMANIZE
        self.metronome = False
        self.playing = False
        self.song = None                             # song mode: what play_song/set_song handed over
        self.range = (0, 0)
        self._seen = (0, time.monotonic())           # (frames, when) for device-loss detection
        if driver == "jack" and self._dispatch.native:
            self._open_jack(midi_to)
        elif driver != "null":
            self._open_driver(driver)
        if sys.getswitchinterval() > AUDIO_SWITCH_INTERVAL:
            # The feeder (or a Python callback) needs the GIL every few ms; with Python's default 5 ms switch
            # interval two busy threads (GUI, drummer) can keep it from the feeder for 100 ms and more, past
            # its lookahead (late notes), and a Python callback past a 256-frame JACK period (490 xruns in 8 s).
            sys.setswitchinterval(AUDIO_SWITCH_INTERVAL)
        if self._dispatch.native:
            self._feeder = Feeder(self._sched, self.period)
            self._feeder.start()
        if not self._driver:
            render = self._dispatch.render if self._dispatch.native else self._render_python
            self._clock = NullClock(render, period=self.period, samplerate=samplerate, capture=capture)
            self._clock.start()

    def _open_jack(self, midi_to: str | None) -> None:
        """GrooveLoom's own JACK client: the synth and a MIDI out in one process callback (glaudio.c)."""
        try:
            self.jack = JackClient(self._dispatch)
        except JackError as exc:
            self.status = f"no audio output: {exc}"
            return
        self._driver, self.driver_name, self.period = self.jack, "jack", self.jack.period
        self._sched.midi_source = self._dispatch.read_midi_in
        self._sched.transport_source = self._dispatch.read_transport
        self.set_midi(MidiOut())
        if midi_to:
            try:
                self.jack.connect_midi(midi_to)
            except JackError:
                self.close()
                raise

    def set_midi(self, midi: MidiOut) -> None:
        """What goes to the MIDI out (notes, channel, clock, the synth on or off); heard from the next step."""
        self.midi = midi
        self._post("midi", midi)

    # ---- MIDI in (JACK) ----------------------------------------------------------------------------
    def record_from(self, port: str) -> None:
        """Connect a JACK MIDI output (pads, an e-kit) to GrooveLoom's midi_in."""
        if self.jack is None:
            raise JackError("recording from MIDI needs GrooveLoom playing through JACK")
        self.jack.connect_midi_in(port)

    def midi_in(self) -> np.ndarray:
        """What arrived on midi_in since the last call: (n, 3) rows of frame, byte count, bytes (the
        feeder thread reads them every few ms, a followed clock first)."""
        got = []
        while self._sched.received:
            got.append(self._sched.received.popleft())
        return np.concatenate(got) if got else np.zeros((0, 3), np.int64)

    def follow_clock(self, pattern: Pattern | None, *, mixer=None, humanize: Humanize = NO_HUMANIZE,
                     metronome: bool = False, loop_range: tuple[int, int] | None = None, source: str = "midi",
                     lead: bool = False) -> None:
        """Another leads and `pattern` plays as it says: a MIDI clock on the MIDI in ('midi': its Start
        plays from the downbeat, its tempo is followed, Stop stops) or the JACK transport ('jack': rolling
        plays from where it is, a locate jumps there, stopped stops; `lead`: GrooveLoom is also its timebase
        master, so a DAW counts its bars in this pattern's tempo and meter). None: GrooveLoom leads again."""
        if pattern is None:
            self.stop()
            return
        if source != "midi" and self.jack is None:
            raise JackError(f"following {'Ableton Link' if source == 'link' else 'the JACK transport'} needs "
                            "GrooveLoom playing through JACK")
        r = self._checked_range(pattern, loop_range)
        link = None
        if source == "link":
            self.link = self.link or LinkSession(pattern.tempo, pattern.numerator * 4.0 / pattern.denominator)
            link = (self.link, self._link_clock)
        self.pattern, self.mixer, self.humanize, self.metronome, self.range = pattern, mixer, humanize, metronome, r
        self.playing, self.song, self.following = True, None, True
        self._post("follow", (pattern, mixer, humanize, metronome, False, r), source, link)
        self._set_lead(pattern if lead and source == "jack" else None)
        if self.jack is not None:
            self.jack.sync(source == "jack")

    def _lead(self) -> None:
        """Play, play_song and stop put GrooveLoom in the lead again: a followed clock's Start no longer
        starts anything."""
        if self.following:
            self.following = False
            self._post("follow", None)
            self._set_lead(None)
            self._leave_link()
            if self.jack is not None:
                self.jack.sync(False)

    def _leave_link(self) -> None:
        if self.link is not None:
            self.link.close()
            self.link = None

    def _link_clock(self) -> tuple[float, int]:
        """(JACK's microseconds, our frame) of one moment: where a Link beat falls (the feeder's thread)."""
        us, jack_frame = self.jack.now()
        frame = self._dispatch.frame
        ours = (jack_frame - self._dispatch.jack_stats()["offset"] - frame) & 0xFFFFFFFF
        return us, frame + (ours - (1 << 32) if ours >= 1 << 31 else ours)

    def _set_lead(self, pattern: Pattern | None) -> None:
        """The JACK transport's bars counted in `pattern`'s tempo and meter (GrooveLoom its timebase master),
        or (None) no longer."""
        if pattern is not None:
            self._dispatch.lead(pattern.tempo, pattern.numerator, pattern.denominator)
            self.leading = self.leading or self.jack.lead(True)
        elif self.leading:
            self.leading = False
            self.jack.lead(False)
            self._dispatch.lead(0.0)

    def transport(self, command: str, frame: int = 0) -> None:
        """The JACK transport: 'start', 'stop', or 'locate' to `frame` (every JACK client follows it)."""
        if self.jack is None:
            raise JackError("the JACK transport needs GrooveLoom playing through JACK")
        self.jack.transport(command, frame)

    @property
    def clock_state(self) -> tuple[str, str, float | None] | None:
        """(midi | jack, stopped | starting | running, the leader's tempo) while following, else None."""
        f = self._sched.follow
        return (f.kind, f.state, f.tempo()) if f is not None else None

    def monitor(self, notes: dict[int, int], on: bool = True) -> None:
        """Pads heard at once through the kit (in the audio callback, no Python): input note -> GM note."""
        if self.jack is not None:
            self._dispatch.monitor(notes, METRONOME_CHANNEL, on)

    def timelines(self) -> tuple:
        """The timeline playing and the one before it (song mode, an edit): where a recorded note falls."""
        tl, _frame, _at, previous = self._sched.published
        return tl, previous

    def _open_driver(self, driver: str | None) -> None:
        fs, s = self.rig.fs, self.rig.synth
        s.setting("audio.period-size", self.period)
        try:   # JACK: our ports go to the system's playback ports at once (else nothing is heard until patched)
            s.setting("audio.jack.autoconnect", 1)
        except Exception:   # (a FluidSynth without the JACK driver has no such setting)
            pass
        s.setting("audio.periods", 2)
        new_driver2 = fs.cfunc("new_fluid_audio_driver2", ctypes.c_void_p, ("settings", ctypes.c_void_p, 1),
                               ("func", ctypes.c_void_p, 1), ("data", ctypes.c_void_p, 1))
        if self._dispatch.native:
            func, data = self._dispatch.callback, self._dispatch.handle
        else:
            func, data = ctypes.cast(self._callback, ctypes.c_void_p).value, None
        default = s.get_setting("audio.driver")
        # a named driver is tried alone; the default, then the others this FluidSynth has, in AUTO_ORDER
        if driver:
            names = [driver]
        else:
            built = audio_drivers()
            names = [default] + [d for d in AUTO_ORDER if d != default and d in built]
        for name in names:
            s.setting("audio.driver", name)
            with quiet_stderr():  # ALSA and FluidSynth print to fd 2 when there is no device
                self._driver = new_driver2(s.settings, func, data)
            if self._driver:
                self.driver_name = name
                return
        self.status = (f"no audio output: FluidSynth could not open the '{names[0]}' audio driver (no sound device?)"
                       if len(names) == 1 else
                       f"no audio output: none of FluidSynth's audio drivers opened ({', '.join(names)}; no sound device?)")

    def _audio(self, _data, n, _nfx, _fx, nout, out) -> int:
        if nout >= 2:
            d = self._dispatch
            self._sched.tick(d.frame, d.frame)
            d.render(n, out[0], out[1], 1)
        return 0

    def _render_python(self, n: int, ptr: int) -> None:
        d = self._dispatch
        self._sched.tick(d.frame, d.frame)
        d.render(n, ptr, ptr + 4, 2)

    @property
    def native(self) -> bool:
        """True when the audio callback is glaudio.c (no Python in the audio thread)."""
        return self._dispatch.native

    def stats(self) -> dict:
        """callbacks, period (frames of the last callback), dropped and late events, dispatched events."""
        return self._dispatch.stats()

    @property
    def latency(self) -> float:
        """Output latency in seconds: two periods of the audio callback (as measured once it ran)."""
        period = self.stats()["period"] or self.period
        return 2 * period / self.samplerate

    def describe(self) -> str:
        """One line on the output: driver, period, rate, latency, and how the audio thread runs."""
        if not self._driver:
            return "no audio output (null clock)"
        st = self.stats()
        period = st["period"] or self.period
        how = f"C callback, {st['priority']}" if self.native else "Python callback"
        return (f"{self.driver_name}: {period}-frame periods at {self.samplerate} Hz, latency "
                f"{self.latency * 1000:.1f} ms ({how})")

    def device_lost(self, after_s: float = 1.0) -> bool:
        """True when an audio driver is open but its callback has not run for after_s seconds."""
        if not self._driver:
            return False
        frames, now = self.frames, time.monotonic()
        if frames != self._seen[0]:
            self._seen = (frames, now)
            return False
        return now - self._seen[1] > after_s

    def _post(self, *cmd) -> None:
        self._sched.inbox.put(cmd)
        if self._feeder is not None:
            self._feeder.wake.set()

    # ---- reading back ---------------------------------------------------------------------------
    @property
    def frames(self) -> int:
        """Frames the audio thread has rendered."""
        return self._dispatch.frame

    @property
    def error(self) -> str | None:
        """The last error inside the audio thread (playback stopped), if any."""
        return self._sched.error

    @property
    def scheduled(self) -> list[tuple[int, int]]:
        return self._sched.log or []

    @property
    def keep_schedule_log(self) -> bool:
        return self._sched.log is not None

    @keep_schedule_log.setter
    def keep_schedule_log(self, on: bool) -> None:
        self._sched.log = [] if on else None

    def timeline(self) -> "Timeline | None":
        return self._sched.published[0]

    def position(self) -> float | None:
        """The step (float, within the pattern) sounding now, or None when stopped."""
        where = self.where()
        return where[1] if where else None

    def where(self) -> tuple[int, float] | None:
        """(song entry, step within its pattern) sounding now (entry 0 outside song mode), or None when
        stopped or counting in."""
        tl, frame, at, previous = self._sched.published
        if not self.playing or tl is None:
            return None
        now = frame + min((time.monotonic() - at) * self.samplerate, 2 * self.period)
        # The audio clock never runs back: a reading extrapolated past a late-published frame must not make
        # the next one step back over a section's start (song mode reported entries 0, 1, 0, 1 under load).
        # A clock restarted by a new audio output runs back by more than a second: that is taken as is.
        last = getattr(self, "_where_now", None)
        if last is not None and last - self.samplerate < now < last:
            now = last
        self._where_now = now
        step = tl.position(now)
        if step is None and previous is not None:   # the next section is queued; the last one still sounds
            tl, step = previous, previous.position(now)
        return None if step is None else (tl.section, step)

    # ---- public API --------------------------------------------------------------------------------
    def play(self, pattern: Pattern, *, mixer=None, humanize: Humanize = NO_HUMANIZE, metronome: bool = False,
             count_in: bool = False, loop_range: tuple[int, int] | None = None, passes: int | None = None) -> None:
        """Loop the pattern (the loop range of it) until stopped, or `passes` times (then the MIDI clock
        stops where the last pass ends)."""
        r = self._checked_range(pattern, loop_range)
        self.pattern, self.mixer, self.humanize, self.metronome, self.range = pattern, mixer, humanize, metronome, r
        self.playing, self.song = True, None
        self._lead()
        self._post("play", pattern, mixer, humanize, metronome, count_in, r, None, 0, passes)

    def play_song(self, song, *, section: int = 0, mixer=None, humanize: Humanize = NO_HUMANIZE,
                  metronome: bool = False, count_in: bool = False) -> None:
        """Song mode: ((pattern, repeats), ...) played in order from entry `section`, each pattern at its
        own tempo, meter and swing, each entry following the last on its frame; after the last, the first."""
        song = self._checked_song(song)
        pattern = song[section][0]
        self.pattern, self.mixer, self.humanize, self.metronome = pattern, mixer, humanize, metronome
        self.range, self.song, self.playing = (0, pattern.n_steps), song, True
        self._lead()
        self._post("play", pattern, mixer, humanize, metronome, count_in, self.range, song, section)

    def set_song(self, song) -> None:
        """Hand over an edited song (patterns or repeats): heard from the next step, the entry playing and
        its pass kept."""
        self.song = self._checked_song(song)
        if self.playing:
            self._post("song", self.song)

    @staticmethod
    def _checked_song(song) -> tuple:
        song = tuple((p, int(n)) for p, n in song)
        if not song or any(n < 1 for _, n in song):
            raise AudioError("a song needs at least one entry, each played at least once")
        return song

    def stop(self, ring: bool = False) -> None:
        """Stop (and stop following a MIDI clock); sound is silenced at the next block unless ring (cymbals
        ring out)."""
        self.playing = False
        self._lead()
        self._post("stop", ring)

    def set_pattern(self, pattern: Pattern) -> None:
        """Hand over an edited pattern (immutable: no copy). Heard from the next step; a tempo change keeps
        the current position (no jump)."""
        self.pattern = pattern
        if self.leading:
            self._dispatch.lead(pattern.tempo, pattern.numerator, pattern.denominator)
        if self.range[1] > pattern.n_steps or self.range[1] <= self.range[0]:
            self.range = (0, pattern.n_steps)
        if self.playing:
            self._post("pattern", pattern, self.range)

    def set_mixer(self, mixer) -> None:
        self.mixer = mixer
        self._post("mixer", mixer)

    def set_options(self, *, humanize: Humanize | None = None, metronome: bool | None = None) -> None:
        self.humanize = humanize if humanize is not None else self.humanize
        self.metronome = metronome if metronome is not None else self.metronome
        self._post("options", humanize, metronome)

    def set_loop_range(self, loop_range: tuple[int, int] | None) -> None:
        if self.pattern is None:
            return
        self.range = self._checked_range(self.pattern, loop_range)
        if self.playing:
            self._post("pattern", self.pattern, self.range)

    def set_kit(self, kit: str | None) -> Kit:
        """Switch kits; the new kit's balance (engine.kitbalance) is measured in a thread of its own, so
        neither the caller nor the audio waits: the kit changes once it is known (at once when cached)."""
        chosen = pick_kit(self.rig.kits, kit, self.rig.path)   # raises for an unknown kit, here
        self._kit_asked = asked = getattr(self, "_kit_asked", 0) + 1

        def measured():
            balance = self.rig.measure_balance(chosen)
            if asked == self._kit_asked:          # (a later choice wins)
                self._post("kit", chosen, balance)
        threading.Thread(target=measured, daemon=True, name="grooveloom-kit-balance").start()
        return chosen

    @staticmethod
    def _checked_range(pattern: Pattern, r):
        if r is None:
            return (0, pattern.n_steps)
        a, b = int(r[0]), int(r[1])
        if not 0 <= a < b <= pattern.n_steps:
            raise AudioError(f"loop range {a}-{b} outside the pattern's {pattern.n_steps} steps")
        return (a, b)

    def captured_audio(self) -> np.ndarray:
        clock = self._clock
        return np.concatenate(clock.captured) if clock and clock.captured else np.zeros((0, 2), np.float32)

    def close(self) -> None:
        self.playing = False
        if self._clock is not None:
            self._clock.stop()
            self._clock = None
        if self._feeder is not None:
            self._feeder.stop()        # (it may be reading the JACK client's clock for Link)
            self._feeder = None
        self._leave_link()
        if self.jack is not None:
            self.jack.close()          # the client (its callback done) before the synth and the dispatcher
            self.jack = None
        elif self._driver:
            self.rig.fs.delete_fluid_audio_driver(self._driver)  # the driver (and its thread) before the synth
        self._driver = None
        self._dispatch.close()
        self.rig.delete()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
