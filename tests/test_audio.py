"""Sound through the real FluidSynth and a real GM soundfont: onsets measured in rendered audio."""
import os
import threading
import time

import numpy as np
import pytest

from engine.player import Player
from engine.render import render
from engine.synth import AudioError
from engine.wav import read_wav, write_wav
from engine.drumkit import Row
from engine.pattern import Pattern
from engine.performance import Humanize, hit_times, midi_timing
from engine.project import Mixer
from engine.soundfont import SoundfontError, default_soundfont, find_soundfonts, soundfont_kits
from engine.timing import step_seconds


def detect_onsets(audio: np.ndarray, sr: int, rel: float = 0.05, quiet_ms: float = 20) -> np.ndarray:
    """Samples where the envelope rises above rel * peak after at least quiet_ms below it."""
    env = np.abs(audio).max(axis=1)
    thr = rel * env.max()
    above = env > thr
    idx = np.flatnonzero(above & ~np.concatenate([[False], above[:-1]]))
    quiet = int(quiet_ms * sr / 1000)
    keep = [i for i in idx if not above[max(0, i - quiet):i].any()]
    return np.array(keep)


def _probe_pattern(tempo, grid, swing):
    """Claves (decays in ~60 ms) on steps spaced >= 110 ms, covering swung and straight positions."""
    p = Pattern((Row("Claves", 75),), np.zeros((1, grid * 2)), grid=grid, tempo=tempo, swing=swing,
                swing_unit=16)
    gap = max(1, int(np.ceil(0.11 / p.seconds_per_step)))
    steps = []
    s = 0
    while s + gap <= p.n_steps:  # keep the spacing across the loop boundary too
        steps.append(s)
        s += gap + (len(steps) % 2)  # alternate the spacing so odd and even steps both occur
    for s in steps:
        p = p.with_velocity(0, s, 100)
    return p, np.array(steps)


@pytest.mark.parametrize("tempo", [60, 120, 200])
@pytest.mark.parametrize("grid", [16, 32])
@pytest.mark.parametrize("swing", [0.5, 0.62])
def test_onsets_within_1_5_ms_of_ideal(tempo, grid, swing):
    p, steps = _probe_pattern(tempo, grid, swing)
    r = render(p, loops=2, tail=0.5)
    found = detect_onsets(r.audio, r.samplerate)
    ideal = np.concatenate([step_seconds(p, steps), step_seconds(p, steps) + p.duration_seconds]) * r.samplerate
    assert len(found) == len(ideal), (len(found), len(ideal))
    err = found - ideal
    err_ms = (err - np.median(err)) / r.samplerate * 1000  # constant latency removed
    assert np.abs(err_ms).max() <= 1.5, err_ms
    assert 0 <= np.median(err) / r.samplerate < 0.02  # and the constant latency is small
    if swing > 0.5:  # the swung notes really moved
        off16 = [i for i, s in enumerate(steps) if (s * 16 // grid) % 2 == 1 and s % (grid // 16) == 0]
        if off16:
            straight = steps[off16[0]] / p.steps_per_quarter * 60 / tempo * r.samplerate
            assert found[off16[0]] - np.median(err) - straight > 0.5 * (swing - 0.5) * 2 * p.seconds_per_step * r.samplerate * (grid / 16)


def test_wav_export_16_and_24_bit(tmp_path):
    p = Pattern.empty(bars=1, tempo=120).toggle(0, 0, 127).toggle(1, 4, 100).toggle(2, 2, 80)
    r = render(p, loops=2, tail=1.0, samplerate=48000)
    assert r.samplerate == 48000 and len(r.audio) == int(round((2 * p.duration_seconds + 1.0) * 48000))
    for bits in (16, 24):
        f = tmp_path / f"a{bits}.wav"
        write_wav(f, r.audio, r.samplerate, bits)
        x, sr = read_wav(f)
        assert sr == 48000 and x.shape == r.audio.shape
        assert np.abs(x - r.audio).max() < (2e-4 if bits == 16 else 1e-6) + 1e-5
    peak_db = 20 * np.log10(np.abs(r.audio).max())
    assert -30 < peak_db < 0  # audible, not clipping
    # the tail holds the decay, not silence cut short, and it ends quiet
    assert np.abs(r.audio[-4800:]).max() < 0.01


def test_mixer_mute_solo_volume_pan():
    p = Pattern.empty(bars=1).toggle(0, 0, 110).toggle(1, 8, 110)
    both = render(p, tail=0.5).audio
    kick_only = render(p, tail=0.5, mixer=Mixer().with_row(38, mute=True)).audio
    solo = render(p, tail=0.5, mixer=Mixer().with_row(38, solo=True)).audio
    half = p.seconds_per_step * 8 * 44100
    assert np.abs(kick_only[int(half):]).max() < 0.02 * np.abs(both[int(half):]).max()
    assert np.abs(solo[:int(half)]).max() < 0.02 * np.abs(both[:int(half)]).max()
    left = render(p, tail=0.5, mixer=Mixer().with_row(36, pan=-1.0)).audio[:int(half)]
    right = render(p, tail=0.5, mixer=Mixer().with_row(36, pan=1.0)).audio[:int(half)]
    peak = lambda a, c: np.abs(a[:, c]).max()  # noqa: E731
    # FluidR3's kick is a stereo sample, so pan moves the balance rather than silencing a side
    assert peak(left, 0) > 2 * peak(left, 1) and peak(right, 1) > 2 * peak(right, 0)
    assert abs(peak(left, 0) - peak(right, 1)) < 0.02
    quiet = render(p, tail=0.5, mixer=Mixer().with_row(36, volume=0.3)).audio[:int(half)]
    assert np.abs(quiet).max() < 0.5 * np.abs(both[:int(half)]).max()


def test_metronome_and_count_in():
    p = Pattern.empty(bars=1, tempo=120)  # silent pattern: only clicks
    r = render(p, metronome=True, count_in=True, tail=0.5)
    onsets = detect_onsets(r.audio, r.samplerate, quiet_ms=200)  # a wood block rings ~150 ms
    assert len(onsets) == 8  # 4 count-in + 4 metronome beats
    gaps = np.diff(onsets) / r.samplerate
    assert np.allclose(gaps, 0.5, atol=0.002)
    assert len(render(p, tail=0.2).audio) and np.abs(render(p, tail=0.2).audio).max() == 0


def test_humanize_is_seeded_bounded_and_shared_with_midi():
    p = Pattern.empty(bars=2).toggle(0, 0).toggle(1, 4).toggle(2, 6).toggle(2, 22)
    h = Humanize(timing_ms=10, velocity=12, seed=4)
    _, _, t0, v0, _ = hit_times(p)
    _, _, t1, v1, _ = hit_times(p, h)
    assert 0 < np.abs(t1 - t0).max() <= 0.010 and np.abs(v1 - v0).max() <= 12 and not np.array_equal(v0, v1)
    _, _, t2, _, _ = hit_times(p, h)
    assert np.array_equal(t1, t2)
    rows, steps = np.nonzero(p.hits)
    q, v = midi_timing(h)(p, rows, steps, p.hits[rows, steps].astype(int))
    assert np.allclose(q * 60 / p.tempo, t1) and np.array_equal(v, v1)


def test_a_hit_played_early_on_the_first_step_sounds_early_from_the_second_pass():
    """The feel (or humanize) may play the first step's hit early. Every export keeps its zero on the grid
    (a DAW's bar line): the very first such hit sounds on 0; every later pass and song repeat plays it
    early, in the pass before, as live playback does (they were all put back on the grid)."""
    from engine.midi import pattern_to_midi
    from engine.performance import PlayedFeel
    from engine.project import Project
    from engine.song import song_to_midi
    p = Pattern((Row("Claves", 75),), np.zeros((1, 16)), tempo=60.0).toggle(0, 0, 110).toggle(0, 8, 110)
    dt = np.zeros(p.hits.shape)
    dt[0, 0], dt[0, 8] = -0.012, -0.008           # the one played 12 ms early, the three 8 ms (a 4 s bar)
    feel = PlayedFeel([(p, dt, p.hits.astype(int))])
    r = render(p, loops=2, humanize=feel, tail=0.3)
    found = detect_onsets(r.audio, r.samplerate, quiet_ms=5) / r.samplerate
    assert len(found) == 4 and np.allclose(np.diff(found), [1.992, 1.996, 2.004], atol=0.0015), found

    def ticks(mid):
        t, out = 0, []
        for m in mid.tracks[1]:
            t += m.time
            if m.type == "note_on" and m.velocity:
                out.append(t)
        return out
    assert ticks(pattern_to_midi(p, timing=midi_timing(feel))) == [0, 956]          # 480 ticks a second
    song = song_to_midi(Project((p,), ("a",)).with_arrangement([(0, 2)]), humanize=feel)
    assert ticks(song) == [0, 956, 1914, 2876]


def test_soundfonts_and_kits():
    found = find_soundfonts()
    assert found, "make test installs a GM soundfont"
    kits = soundfont_kits(found[0])
    assert len(kits) >= 8 and kits[0].name.lower().startswith("standard")
    r = render(Pattern.empty().toggle(0, 0), kit="Electronic" if any("Electronic" in k.name for k in kits) else None)
    assert np.abs(r.audio).max() > 0.01
    with pytest.raises(SoundfontError, match="no drum kit 'polka'"):
        render(Pattern.empty().toggle(0, 0), kit="polka")
    with pytest.raises(SoundfontError, match="soundfont not found"):
        default_soundfont("/nope/x.sf2")


def test_the_rig_plays_a_samples_end_as_the_whole_soundfont_has_it():
    """FluidSynth's dynamic sample loading (only the selected presets' samples in memory) plays what lies past
    a sample's end (FluidSynth issue #1484): TimGM6mb's TR-808 shaker ended in 15 frames of garbage up to
    8,183 of 32,767, a click, where the whole soundfont is silent. The rig's synth must render that note as a
    synth holding the whole soundfont does."""
    from engine.soundfont import load_fluidsynth
    from engine.synth import SynthRig
    path = next((f for f in find_soundfonts() if os.path.basename(f) == "TimGM6mb.sf2"), None)
    if path is None:
        pytest.skip("TimGM6mb.sf2 is not installed (make test installs timgm6mb-soundfont)")
    rig = SynthRig(path, "TR 808")
    whole = load_fluidsynth().Synth(gain=0.6, samplerate=44100.0, **{"synth.reverb.active": 0,
                                                                      "synth.chorus.active": 0,
                                                                      "synth.dynamic-sample-loading": 0})
    try:
        sfid = whole.sfload(path)
        whole.program_select(9, sfid, 128, rig.kit.preset)
        got = []
        for synth in (rig.synth, whole):
            synth.noteon(9, 82, 110)
            got.append(np.array(synth.get_samples(30000)))
        assert np.abs(got[0]).max() > 1000 and np.array_equal(got[0], got[1])
    finally:
        whole.delete()
        rig.delete()


def test_no_soundfont_is_a_clear_message(monkeypatch, tmp_path):
    import engine.soundfont as sf
    monkeypatch.setattr(sf, "SEARCH_DIRS", (str(tmp_path),))
    monkeypatch.delenv("GROOVELOOM_SOUNDFONT", raising=False)
    with pytest.raises(SoundfontError, match="apt-get install fluid-soundfont-gm"):
        sf.default_soundfont()
    bad = tmp_path / "broken.sf2"
    bad.write_bytes(b"RIFF0000sfbk" + b"\0" * 100)
    with pytest.raises(SoundfontError, match="cannot load"):
        render(Pattern.empty().toggle(0, 0), soundfont=str(bad))
    # discovered but broken, and nothing else: say which and what to install
    with pytest.raises(SoundfontError, match=r"cannot load .*broken.sf2.*fluid-soundfont-gm"):
        render(Pattern.empty().toggle(0, 0))
    # a broken one found first does not hide a good one found later
    monkeypatch.setattr(sf, "SEARCH_DIRS", (str(tmp_path), "/usr/share/sounds/sf2"))
    monkeypatch.setattr(sf, "PREFERRED", ("broken",) + sf.PREFERRED)
    assert np.abs(render(Pattern.empty().toggle(0, 0), tail=0.3).audio).max() > 0.01


def test_live_player_without_audio_device_keeps_clock_and_plays_edits():
    p = Pattern.empty(bars=1, tempo=240).toggle(0, 0, 120)
    with Player(driver="null", capture=True) as pl:
        assert pl.status == "ok"
        pl.play(p)
        import time
        time.sleep(0.3)
        pos1 = pl.position()
        time.sleep(0.3)
        pos2 = pl.position()
        assert pos1 is not None and pos2 is not None and pos1 != pos2
        pl.set_pattern(p.toggle(1, 8, 120).with_settings(tempo=200))
        time.sleep(1.2)
        pl.stop()
        assert pl.position() is None
        audio = pl.captured_audio()
    assert len(audio) > 44100
    assert np.abs(audio).max() > 0.01
    with pytest.raises(AudioError, match="loop range"):
        with Player(driver="null") as pl:
            pl.play(p, loop_range=(0, 99))


def test_tempo_change_during_playback_takes_effect_at_the_next_step_without_a_jump():
    import time
    p = Pattern.empty(bars=1, tempo=240).toggle(0, 0)
    with Player(driver="null") as pl:
        pl.keep_schedule_log = True
        pl.play(p)
        time.sleep(0.6)
        pl.set_pattern(p.with_settings(tempo=120))
        time.sleep(1.2)
        pl.stop()
        log = {}
        for tick, g in pl.scheduled:  # a step queued again after the change: the last time counts
            log[g] = tick
    g = sorted(log)
    ticks = np.array([log[k] for k in g])
    steps_diff = np.diff(ticks) / 44100
    fast, slow = 60 / 240 / 4, 60 / 120 / 4
    assert np.all(np.isclose(steps_diff, fast, atol=1e-4) | np.isclose(steps_diff, slow, atol=1e-4)), steps_diff
    first_slow = int(np.argmax(np.isclose(steps_diff, slow, atol=1e-4)))
    assert first_slow > 0 and np.all(np.isclose(steps_diff[first_slow:], slow, atol=1e-4))
    assert np.all(np.isclose(steps_diff[:first_slow], fast, atol=1e-4))


def test_player_survives_hammering_from_another_thread_without_deadlock():
    """Edits, tempo, mixer, options, kit, loop range, play/stop and position polling as fast as a GUI can send
    them, while the audio thread renders. Fails on a deadlock (watchdog), not by hanging."""
    rng = np.random.default_rng(1)
    p = Pattern.empty(bars=2, tempo=160)
    errors = []

    with Player(driver="null", buffer_size=256) as pl:
        kits = [k.name for k in pl.rig.kits][:3]

        def hammer():
            try:
                cur = p
                pl.play(cur)
                for i in range(3000):
                    op = i % 9
                    if op in (0, 1, 2):
                        cur = cur.toggle(int(rng.integers(3)), int(rng.integers(cur.n_steps)), 100)
                        pl.set_pattern(cur)
                    elif op == 3:
                        cur = cur.with_settings(tempo=float(rng.integers(60, 200)), swing=float(rng.choice([0.5, 0.6])))
                        pl.set_pattern(cur)
                    elif op == 4:
                        pl.set_mixer(Mixer().with_row(36, mute=bool(i % 2)))
                    elif op == 5:
                        pl.set_options(metronome=bool(i % 2), humanize=Humanize(float(i % 20), i % 10, 1))
                    elif op == 6:
                        pl.set_loop_range((0, cur.steps_per_bar) if i % 2 else None)
                    elif op == 7:
                        pl.set_kit(kits[i % len(kits)])
                    else:
                        pl.stop() if i % 4 == 0 else pl.play(cur, count_in=i % 3 == 0)
                    pl.position()
                    if i % 50 == 0:
                        time.sleep(0.002)
            except Exception as exc:  # pragma: no cover - reported below
                errors.append(exc)

        f0 = pl.frames
        t = threading.Thread(target=hammer, daemon=True)
        t.start()
        t.join(timeout=60)
        assert not t.is_alive(), "the GUI side of the player is stuck (deadlock)"
        assert not errors, errors
        time.sleep(0.3)
        assert pl.frames > f0 + 0.2 * pl.samplerate, "the audio thread stopped rendering"
        assert pl.error is None, pl.error


def test_stop_silences_within_one_block_and_no_note_hangs():
    p = Pattern.empty(bars=1, tempo=120)
    p = p.with_hits(np.where(np.arange(p.n_steps) % 2 == 0, 120, 0)[None, :].repeat(len(p.rows), 0).astype(np.uint8))
    with Player(driver="null", buffer_size=256, capture=True) as pl:
        pl.play(p)
        time.sleep(0.8)
        at = pl.frames
        pl.stop()
        time.sleep(0.5)
        audio = pl.captured_audio()
    assert np.abs(audio[:at]).max() > 0.05
    # the stop is applied at the start of the next block: from then on, silence (no ringing, no stuck note)
    assert np.abs(audio[at + 2 * 256:]).max() < 1e-4
